/// @file
/// Gait events -> validated cycles. Sensor-independent: the insole, foot-IMU and shank pipelines
/// all pass their GaitEvents here. A cycle runs IC -> next IC of one foot; it is rejected (and
/// counted in a quality flag per reason) when it is too short or too long (a pause), when its FC is
/// missing or out of order, when its stride time is far from its neighbours' (turns, stumbles,
/// mis-detections), when its stance share is implausible, or when it overlaps bad data.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/events.hpp"
#include "secondheart/core/quality.hpp"
#include "secondheart/dsp/runs.hpp"

namespace secondheart::cycles {

struct CycleParams {
  double min_stride_s = 0.6;   ///< below: TooShort (a double detection); fastest walking ≈ 0.7 s
  double max_stride_s = 2.5;   ///< above: TooLong (a pause inside); slow PD walking ≈ 1.6 s
  /// Irregular when |stride − local median| > this fraction of the local median. The local median is
  /// over up to `neighbours` plausible strides on each side (the stride itself excluded).
  double max_relative_deviation = 0.3;
  Index neighbours = 3;
  /// Plausible stance share of the stride (FC − IC) / (next IC − IC); outside -> Irregular.
  double min_stance_fraction = 0.45;
  double max_stance_fraction = 0.85;
  /// FC must exist inside each stride; set false for sensors that only give IC (then FC is not checked).
  bool require_fc = true;
  /// Fewer valid cycles than this on a side raises a "too_few_cycles" flag.
  Index min_valid_cycles = 5;
};

struct CycleResult {
  std::vector<Cycle> cycles;  ///< every IC -> next IC pair, with its status
  /// Number of cycles per status, indexed by static_cast<int>(CycleStatus).
  std::array<Index, 7> status_counts{};
  QualityFlags flags;

  Index valid_count() const { return status_counts[0]; }
};

namespace detail {
inline double median_of(std::vector<double> v) {
  if (v.empty()) return NaN;
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  double m = *mid;
  if (v.size() % 2 == 0) m = 0.5 * (m + *std::max_element(v.begin(), mid));
  return m;
}
inline std::string fmt(double v, int digits = 2) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}
}  // namespace detail

/// Builds and validates the cycles of one foot.
/// @param events  sorted IC/FC/HO indices of one foot (sampling rate inside)
/// @param params  plausibility limits (s, fractions)
/// @param bad_data  half-open sample runs of unusable data (gaps, saturation); cycles that overlap
///                  them are BadData. May be empty.
/// @throws InvalidArgument on a non-positive sampling rate, unsorted events or inconsistent limits.
inline CycleResult segment_cycles(const GaitEvents& events, const CycleParams& params = {},
                                  const std::vector<dsp::Run>& bad_data = {}) {
  const double fs = events.sampling_rate_hz;
  SECONDHEART_CHECK(std::isfinite(fs) && fs > 0, "segment_cycles: expected sampling_rate_hz > 0, got ", fs);
  SECONDHEART_CHECK(params.min_stride_s > 0 && params.max_stride_s > params.min_stride_s,
                    "segment_cycles: expected 0 < min_stride_s < max_stride_s, got ", params.min_stride_s, " and ",
                    params.max_stride_s);
  SECONDHEART_CHECK(params.max_relative_deviation > 0, "segment_cycles: max_relative_deviation must be > 0, got ",
                    params.max_relative_deviation);
  SECONDHEART_CHECK(params.neighbours >= 1, "segment_cycles: neighbours must be >= 1, got ", params.neighbours);
  for (const auto* list : {&events.ic, &events.fc, &events.ho})
    SECONDHEART_CHECK(std::is_sorted(list->begin(), list->end()),
                      "segment_cycles: expected sorted event indices (IC, FC, HO)");

  CycleResult result;
  const auto& ic = events.ic;
  const auto first_at_or_after = [](const std::vector<Index>& v, Index x) {
    return std::lower_bound(v.begin(), v.end(), x);
  };
  for (std::size_t k = 0; k + 1 < ic.size(); ++k) {
    Cycle c;
    c.side = events.side;
    c.ic = ic[k];
    c.next_ic = ic[k + 1];
    // FC and HO: the first inside [ic, next_ic); more than one FC means a missed IC.
    auto fc_it = first_at_or_after(events.fc, c.ic);
    Index fc_count = 0;
    for (auto it = fc_it; it != events.fc.end() && *it < c.next_ic; ++it) ++fc_count;
    if (fc_count > 0) c.fc = *fc_it;
    auto ho_it = first_at_or_after(events.ho, c.ic);
    if (ho_it != events.ho.end() && *ho_it < c.next_ic && (c.fc < 0 || *ho_it <= c.fc)) c.ho = *ho_it;

    const double stride_s = static_cast<double>(c.next_ic - c.ic) / fs;
    if (stride_s < params.min_stride_s) {
      c.status = CycleStatus::TooShort;
    } else if (stride_s > params.max_stride_s) {
      c.status = CycleStatus::TooLong;
    } else if (params.require_fc && fc_count != 1) {
      c.status = CycleStatus::Incomplete;
    } else if (params.require_fc) {
      const double stance_fraction = static_cast<double>(c.fc - c.ic) / static_cast<double>(c.next_ic - c.ic);
      if (stance_fraction < params.min_stance_fraction || stance_fraction > params.max_stance_fraction)
        c.status = CycleStatus::Irregular;
    }
    if (c.status == CycleStatus::Valid)
      for (const auto& run : bad_data)
        if (run.begin < c.next_ic && run.end > c.ic) {
          c.status = CycleStatus::BadData;
          break;
        }
    result.cycles.push_back(c);
  }

  // A too-short stride means one of its two ICs is spurious: the stride starting at its end IC is
  // doubtful as well.
  for (std::size_t k = 0; k + 1 < result.cycles.size(); ++k)
    if (result.cycles[k].status == CycleStatus::TooShort && result.cycles[k + 1].valid())
      result.cycles[k + 1].status = CycleStatus::Irregular;

  // Irregular vs neighbours: compare with the median of nearby strides that passed the checks above
  // (so one long pause does not make its neighbours irregular).
  std::vector<double> stride(result.cycles.size());
  for (std::size_t k = 0; k < result.cycles.size(); ++k)
    stride[k] = static_cast<double>(result.cycles[k].next_ic - result.cycles[k].ic) / fs;
  std::vector<bool> candidate(result.cycles.size());
  for (std::size_t k = 0; k < result.cycles.size(); ++k) candidate[k] = result.cycles[k].valid();
  for (std::size_t k = 0; k < result.cycles.size(); ++k) {
    if (!candidate[k]) continue;
    std::vector<double> near;
    Index taken = 0;
    for (std::ptrdiff_t j = static_cast<std::ptrdiff_t>(k) - 1; j >= 0 && taken < params.neighbours; --j)
      if (candidate[static_cast<std::size_t>(j)]) near.push_back(stride[static_cast<std::size_t>(j)]), ++taken;
    taken = 0;
    for (std::size_t j = k + 1; j < result.cycles.size() && taken < params.neighbours; ++j)
      if (candidate[j]) near.push_back(stride[j]), ++taken;
    if (near.size() < 2) continue;  // too little context to judge
    const double local = detail::median_of(near);
    if (std::abs(stride[k] - local) > params.max_relative_deviation * local)
      result.cycles[k].status = CycleStatus::Irregular;
  }

  for (const auto& c : result.cycles) ++result.status_counts[static_cast<std::size_t>(c.status)];
  const auto total = static_cast<Index>(result.cycles.size());
  const std::string side_name(to_string(events.side));
  const auto explain = [&](CycleStatus s) -> std::string {
    switch (s) {
      case CycleStatus::TooShort: return "stride < " + detail::fmt(params.min_stride_s) + " s";
      case CycleStatus::TooLong: return "stride > " + detail::fmt(params.max_stride_s) + " s (pause)";
      case CycleStatus::Incomplete: return "final contact missing or doubled inside the stride";
      case CycleStatus::Irregular:
        return "stride more than " + detail::fmt(100 * params.max_relative_deviation, 0) +
               " % from its neighbours, or stance share outside " + detail::fmt(100 * params.min_stance_fraction, 0) +
               "-" + detail::fmt(100 * params.max_stance_fraction, 0) + " %, or starts at a doubtful IC";
      case CycleStatus::BadData: return "overlaps a gap or bad data";
      default: return "";
    }
  };
  for (int s = 1; s < 7; ++s) {
    const Index n = result.status_counts[static_cast<std::size_t>(s)];
    if (n == 0) continue;
    const auto status = static_cast<CycleStatus>(s);
    // A few rejected cycles (the ends of a walk, a stumble) are expected: info; more is a warning.
    const bool few = n <= std::max<Index>(2, total / 20);
    result.flags.push_back({"cycles_" + std::string(to_string(status)), events.side,
                            side_name + ": " + std::to_string(n) + " of " + std::to_string(total) +
                                " cycles rejected as " + std::string(to_string(status)) + " (" + explain(status) +
                                ")",
                            few ? FlagSeverity::Info : FlagSeverity::Warning});
  }
  if (result.valid_count() < params.min_valid_cycles)
    result.flags.push_back({"too_few_cycles", events.side,
                            side_name + ": " + std::to_string(result.valid_count()) + " valid cycles (of " +
                                std::to_string(total) + "), fewer than the " + std::to_string(params.min_valid_cycles) +
                                " needed for a reliable summary"});
  return result;
}

}  // namespace secondheart::cycles
