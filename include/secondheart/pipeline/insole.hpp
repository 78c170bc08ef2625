/// @file
/// The insole pipeline: Session insoles -> events per foot -> validated cycles -> per-cycle
/// spatiotemporal and push-off metrics, with data-quality flags. analyze() calls this for the
/// insoles of a session; it is also usable alone.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "secondheart/core/result.hpp"
#include "secondheart/core/validate.hpp"
#include "secondheart/cycles/cycles.hpp"
#include "secondheart/dsp/runs.hpp"
#include "secondheart/events/insole.hpp"
#include "secondheart/metrics/insole.hpp"
#include "secondheart/metrics/spatiotemporal.hpp"

namespace secondheart::pipeline {

struct InsolePipelineParams {
  events::InsoleEventParams events;
  cycles::CycleParams cycles;
  metrics::InsoleMetricParams metrics;
  /// Gaps (NaN samples) longer than this are not bridged for event detection: the contacts around
  /// them are lost; shorter ones are interpolated. Either way cycles overlapping a gap are BadData.
  double max_bridged_gap_s = 0.5;
};

namespace detail {

/// Copies `rec` with NaN samples linearly interpolated (ends held); returns the NaN runs.
inline std::vector<dsp::Run> bridge_gaps(InsoleRecording& rec) {
  const Index n = rec.size();
  Eigen::Array<bool, Eigen::Dynamic, 1> bad(n);
  const bool has_total = rec.total_force_n.size() == n && n > 0;
  for (Index i = 0; i < n; ++i)
    bad[i] = !rec.cell_force_n.row(i).allFinite() || (has_total && !std::isfinite(rec.total_force_n[i]));
  std::vector<dsp::Run> runs = dsp::runs_where(bad);
  if (runs.empty()) return runs;
  const auto fill = [&](auto&& column) {
    for (const auto& r : runs) {
      const bool has_left = r.begin > 0, has_right = r.end < n;
      const double a = has_left ? column[r.begin - 1] : (has_right ? column[r.end] : 0.0);
      const double b = has_right ? column[r.end] : a;
      for (Index i = r.begin; i < r.end; ++i) {
        const double t = static_cast<double>(i - r.begin + 1) / static_cast<double>(r.end - r.begin + 1);
        column[i] = a + t * (b - a);
      }
    }
  };
  for (Index c = 0; c < rec.cell_count(); ++c) {
    // A cell can be NaN alone: fill from its own neighbours (the runs cover any NaN in the row).
    auto col = rec.cell_force_n.col(c);
    fill(col);
  }
  if (has_total) fill(rec.total_force_n);
  return runs;
}

}  // namespace detail

/// Runs the insole pipeline on every insole of `session` (at most one per side).
/// @return events per analysed side, one CycleTable (source "insole", both sides, left first) with
///         spatiotemporal and insole push-off columns, and the quality flags of every stage.
///         A side whose data give no gait yields flags and no cycles, never an exception.
/// @throws InvalidArgument when the session has no insole, two insoles on one side, sides at
///         different sampling rates, or an insole fails validate_insole.
inline PipelineResult analyze_insoles(const Session& session, const InsolePipelineParams& params = {}) {
  SECONDHEART_CHECK(!session.insoles.empty(), "analyze_insoles: session '", session.name,
                    "' has no insole recording");
  for (std::size_t a = 0; a < session.insoles.size(); ++a) {
    validate_insole(session.insoles[a]);
    for (std::size_t b = a + 1; b < session.insoles.size(); ++b)
      SECONDHEART_CHECK(session.insoles[a].side != session.insoles[b].side, "analyze_insoles: two ",
                        to_string(session.insoles[a].side), " insoles in session '", session.name,
                        "'; expected at most one per side");
  }
  const double fs = session.insoles.front().sampling_rate_hz;
  for (const auto& rec : session.insoles)
    SECONDHEART_CHECK(rec.sampling_rate_hz == fs, "analyze_insoles: expected both insoles at the same rate, got ",
                      fs, " Hz and ", rec.sampling_rate_hz, " Hz; resample one first");

  PipelineResult result;
  result.cycles.source = "insole";
  result.cycles.sampling_rate_hz = fs;
  std::vector<InsoleRecording> bridged;
  std::vector<Series> baselines;
  for (Side side : {Side::Left, Side::Right}) {
    const InsoleRecording* original = session.insole(side);
    if (!original) continue;
    InsoleRecording rec = *original;
    const std::string name(to_string(side));
    const std::vector<dsp::Run> gaps = detail::bridge_gaps(rec);
    Index gap_samples = 0, long_gaps = 0;
    for (const auto& g : gaps) {
      gap_samples += g.end - g.begin;
      if (static_cast<double>(g.end - g.begin) / fs > params.max_bridged_gap_s) ++long_gaps;
    }
    if (gap_samples == rec.size()) {
      result.flags.push_back({"no_data", side, name + " insole: every sample is missing"});
      continue;
    }
    if (!gaps.empty())
      result.flags.push_back({"gap", side,
                              name + " insole: " + std::to_string(gaps.size()) + " gaps, " +
                                  std::to_string(gap_samples) + " samples missing (" +
                                  std::to_string(long_gaps) + " longer than " +
                                  cycles::detail::fmt(params.max_bridged_gap_s) + " s); cycles over them are bad_data"});
    // validate_insole ran above; the bridged signals are finite.
    const Series heel =
        rec.cell_count() > 1 ? events::heel_force(rec, params.events.heel_max_x_fraction) : Series();
    events::InsoleEventsResult ev =
        events::detect_contact_events(rec.total(), heel, rec.sampling_rate_hz, rec.side, params.events);
    // Contacts that touch a long gap have invented edges: drop their events.
    for (const auto& g : gaps) {
      if (static_cast<double>(g.end - g.begin) / fs <= params.max_bridged_gap_s) continue;
      const auto near = [&](Index i) { return i >= g.begin - 1 && i <= g.end + 1; };
      for (auto* list : {&ev.events.ic, &ev.events.fc, &ev.events.ho})
        list->erase(std::remove_if(list->begin(), list->end(), near), list->end());
    }
    cycles::CycleResult cyc = cycles::segment_cycles(ev.events, params.cycles, gaps);
    result.flags.insert(result.flags.end(), ev.flags.begin(), ev.flags.end());
    result.flags.insert(result.flags.end(), cyc.flags.begin(), cyc.flags.end());
    result.cycles.cycles.insert(result.cycles.cycles.end(), cyc.cycles.begin(), cyc.cycles.end());
    result.events.push_back(ev.events);
    bridged.push_back(std::move(rec));
    baselines.push_back(std::move(ev.baseline_n));
  }

  // Both feet must share a clock for double support and step time.
  const bool same_clock = bridged.size() < 2 || std::abs(bridged[0].start_time_s - bridged[1].start_time_s) <= 0.5 / fs;
  if (same_clock) {
    metrics::add_spatiotemporal(result.cycles, result.events);
  } else {
    result.flags.push_back({"clocks_differ", std::nullopt,
                            "left and right insoles start at different times; step time and double support are NaN"});
    for (const auto& e : result.events) {  // each foot alone: other-foot values stay NaN
      CycleTable one = result.cycles;
      metrics::add_spatiotemporal(one, {e});
      for (const auto& name : metrics::spatiotemporal_columns()) {
        if (!result.cycles.has_column(name))
          result.cycles.set_column(name, Eigen::VectorXd::Constant(result.cycles.rows(), NaN));
        const Index col = result.cycles.column_index(name);
        const Eigen::VectorXd values = one.column(name);
        for (Index r = 0; r < one.rows(); ++r)
          if (one.cycles[static_cast<std::size_t>(r)].side == e.side) result.cycles.values(r, col) = values[r];
      }
    }
  }
  for (std::size_t k = 0; k < bridged.size(); ++k)
    metrics::add_insole_metrics(result.cycles, bridged[k], baselines[k], session.subject.body_mass_kg, params.metrics);
  if (result.cycles.rows() > 0 && result.cycles.values.cols() == 0) result.cycles.values.resize(result.cycles.rows(), 0);

  // Bad data: no numbers from garbage.
  for (Index r = 0; r < result.cycles.rows(); ++r)
    if (result.cycles.cycles[static_cast<std::size_t>(r)].status == CycleStatus::BadData)
      result.cycles.values.row(r).setConstant(NaN);
  return result;
}

}  // namespace secondheart::pipeline
