/// @file
/// Sagittal ankle angle from foot and shank pitch, and its per-cycle metrics; plus the shank-only
/// push-off measure for when there is no foot sensor.
///
/// Ankle angle = foot pitch − shank pitch (DESIGN.md), dorsiflexion positive, 0 at quiet standing.
/// Both pitches come from orientation/ (foot: the foot pipeline; shank: orientation/shank.hpp). The
/// two sensors may run at different rates and start at different times: the foot pitch is
/// interpolated onto the shank's clock (low-passed first when it is faster).
///
/// Per cycle (IC → next IC): the angle at IC and at FC, the peak dorsiflexion in stance, the peak
/// plantarflexion after push-off (minimum from the stance dorsiflexion peak to mid-swing), the
/// push-off excursion between the two, and the sagittal range of motion over the cycle. Excursion
/// and ROM do not depend on the zero; the angles at IC/FC and the peaks do.
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/events.hpp"
#include "secondheart/core/quality.hpp"
#include "secondheart/core/table.hpp"
#include "secondheart/core/types.hpp"
#include "secondheart/dsp/smooth.hpp"
#include "secondheart/metrics/summary.hpp"
#include "secondheart/orientation/shank.hpp"

namespace secondheart::metrics {

// ------------------------------------------------------------------------------------------------
// Ankle angle
// ------------------------------------------------------------------------------------------------

/// Where the 0° of the ankle angle came from.
enum class AnkleZero {
  None,          ///< no zero found: the angle is the raw pitch difference (sensor zeros)
  UserOffset,    ///< the caller gave the raw difference that means neutral
  UserInterval,  ///< the caller gave a standing interval
  Standing,      ///< a still period with both segments near upright was found automatically
};

constexpr std::string_view to_string(AnkleZero zero) {
  switch (zero) {
    case AnkleZero::None: return "none";
    case AnkleZero::UserOffset: return "user_offset";
    case AnkleZero::UserInterval: return "user_interval";
    case AnkleZero::Standing: return "standing";
  }
  return "unknown";
}

struct AnkleAngleParams {
  /// Raw foot − shank pitch (deg) at neutral; when set it is subtracted and nothing is searched.
  std::optional<double> zero_offset_deg;
  /// Standing interval [begin, end) in seconds on the shank's clock (the output clock); its median
  /// raw angle becomes 0°. Used when no offset is given.
  std::optional<std::pair<double, double>> standing_interval_s;
  bool find_standing = true;            ///< else (and no user zero) the raw difference is returned
  double min_standing_s = 1.0;          ///< shortest still period accepted as standing
  double max_standing_rate_dps = 5.0;   ///< both pitches change slower than this (2 Hz smoothed) while standing
  /// Both pitches within this of 0° while standing: a seated rest (shank tilted) or lying is not a
  /// neutral pose. Pitch zeros come from the sensors' own standing alignment.
  double max_standing_pitch_deg = 15.0;
};

struct AnkleAngleResult {
  Series ankle_deg;                ///< on the shank's clock: sample i at start_time_s + i / sampling_rate_hz
  double sampling_rate_hz = 0.0;
  double start_time_s = 0.0;
  double zero_offset_deg = 0.0;    ///< raw foot − shank that was subtracted
  AnkleZero zero = AnkleZero::None;
  orientation::SampleRange standing;  ///< standing samples used (automatic or user), else not found
  QualityFlags flags;
};

namespace ankle_detail {
inline double median_of(std::vector<double> v) {
  if (v.empty()) return NaN;
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

/// `signal` (rate `from_hz`, sample 0 at `from_start_s`) at the instants start_s + i / rate_hz,
/// i < count, by linear interpolation; NaN outside the signal or next to a NaN sample. A faster
/// signal is low-passed at 0.4 × the target rate first (no aliasing).
inline Series align_to_clock(const Series& signal, double from_hz, double from_start_s, Index count, double rate_hz,
                             double start_s) {
  Series source = signal;
  if (from_hz > rate_hz * 1.0001) {
    // Smooth finite stretches only, so NaN gaps stay gaps.
    Series filled = signal;
    Series weight = Series::Ones(signal.size());
    for (Index i = 0; i < signal.size(); ++i)
      if (!std::isfinite(signal[i])) filled[i] = 0.0, weight[i] = 0.0;
    const double sigma_samples = 0.1325 / (0.4 * rate_hz) * from_hz;
    const auto half = static_cast<Index>(std::max(1.0, std::round((std::sqrt(4.0 * sigma_samples * sigma_samples + 1.0) - 1.0) / 2.0)));
    source = dsp::weighted_smooth(filled, weight, half);
    for (Index i = 0; i < signal.size(); ++i)
      if (!std::isfinite(signal[i])) source[i] = NaN;
  }
  Series out(count);
  for (Index i = 0; i < count; ++i) {
    const double position = (start_s + static_cast<double>(i) / rate_hz - from_start_s) * from_hz;
    const double tolerance = 1e-9 * std::max(1.0, std::abs(position));
    if (position < -tolerance || position > static_cast<double>(source.size() - 1) + tolerance) {
      out[i] = NaN;
      continue;
    }
    const auto lo = std::clamp<Index>(static_cast<Index>(std::floor(position + tolerance)), 0, source.size() - 1);
    const Index hi = std::min<Index>(lo + 1, source.size() - 1);
    const double frac = std::clamp(position - static_cast<double>(lo), 0.0, 1.0);
    out[i] = frac == 0.0 ? source[lo] : source[lo] + frac * (source[hi] - source[lo]);
  }
  return out;
}
}  // namespace ankle_detail

/// Ankle angle (deg, dorsiflexion +) = foot pitch − shank pitch − zero offset, on the shank's clock.
/// The zero: the user's offset, else the median raw angle over the user's standing interval, else the
/// longest still period (both pitch rates below `max_standing_rate_dps` for `min_standing_s`, both
/// segments near upright), else none (flagged: absolute angles then carry the sensors' zeros; ROM and
/// excursions are unaffected).
/// @param foot_pitch_deg foot pitch (toes up +), NaN allowed (gaps)
/// @param foot_rate_hz, shank_rate_hz sampling rates (> 0)
/// @param foot_start_s, shank_start_s time of sample 0 on the session clock (s)
/// @param shank_pitch_deg shank pitch (ankle forward of the knee +), NaN allowed
/// @throws InvalidArgument on empty input, rates ≤ 0, a user interval outside the recording or invalid params
inline AnkleAngleResult ankle_angle(const Series& foot_pitch_deg, double foot_rate_hz, double foot_start_s,
                                    const Series& shank_pitch_deg, double shank_rate_hz, double shank_start_s,
                                    const AnkleAngleParams& params = {}) {
  SECONDHEART_CHECK(foot_pitch_deg.size() > 0 && shank_pitch_deg.size() > 0,
                    "ankle_angle: expected non-empty foot and shank pitch, got ", foot_pitch_deg.size(), " and ",
                    shank_pitch_deg.size(), " samples");
  SECONDHEART_CHECK(std::isfinite(foot_rate_hz) && foot_rate_hz > 0 && std::isfinite(shank_rate_hz) && shank_rate_hz > 0,
                    "ankle_angle: expected sampling rates > 0 Hz, got foot ", foot_rate_hz, " and shank ", shank_rate_hz);
  SECONDHEART_CHECK(std::isfinite(foot_start_s) && std::isfinite(shank_start_s),
                    "ankle_angle: expected finite start times, got ", foot_start_s, " and ", shank_start_s);
  SECONDHEART_CHECK(params.min_standing_s > 0 && params.max_standing_rate_dps > 0 && params.max_standing_pitch_deg > 0,
                    "AnkleAngleParams: expected positive standing limits, got ", params.min_standing_s, " s, ",
                    params.max_standing_rate_dps, " deg/s, ", params.max_standing_pitch_deg, " deg");
  SECONDHEART_CHECK(!params.zero_offset_deg || std::isfinite(*params.zero_offset_deg),
                    "ankle_angle: expected a finite zero_offset_deg, got ", params.zero_offset_deg.value_or(0.0));
  AnkleAngleResult out;
  out.sampling_rate_hz = shank_rate_hz;
  out.start_time_s = shank_start_s;
  const Index n = shank_pitch_deg.size();
  const double fs = shank_rate_hz;
  const Series foot = ankle_detail::align_to_clock(foot_pitch_deg, foot_rate_hz, foot_start_s, n, fs, shank_start_s);
  Series raw = foot - shank_pitch_deg;
  Index missing = 0;
  for (Index i = 0; i < n; ++i) missing += std::isfinite(raw[i]) ? 0 : 1;
  // Shank samples outside the foot recording's time span: the only missing foot pitch that is a data
  // problem (the foot pitch is NaN between strides by design, and the foot pipeline flags its gaps).
  const double foot_end_s = foot_start_s + static_cast<double>(foot_pitch_deg.size() - 1) / foot_rate_hz;
  const double step_s = 1.0 / fs;
  Index outside = 0;
  for (Index i = 0; i < n; ++i) {
    const double t = shank_start_s + static_cast<double>(i) * step_s;
    outside += (t < foot_start_s - 0.5 * step_s || t > foot_end_s + 0.5 * step_s) ? 1 : 0;
  }
  if (missing == n) {
    out.ankle_deg = raw;
    out.flags.push_back({"ankle_no_overlap", std::nullopt,
                         "foot and shank recordings do not overlap in time (or are all NaN): no ankle angle"});
    return out;
  }
  if (outside > 0)
    out.flags.push_back({"ankle_partial_overlap", std::nullopt,
                         std::to_string(outside) + " of " + std::to_string(n) +
                             " shank samples lie outside the foot recording's time span: ankle angle NaN there"});

  const auto median_over = [&](Index begin, Index end) {
    std::vector<double> values;
    for (Index i = begin; i < end; ++i)
      if (std::isfinite(raw[i])) values.push_back(raw[i]);
    return ankle_detail::median_of(values);
  };
  if (params.zero_offset_deg) {
    out.zero_offset_deg = *params.zero_offset_deg;
    out.zero = AnkleZero::UserOffset;
  } else if (params.standing_interval_s) {
    const auto [t0, t1] = *params.standing_interval_s;
    const auto begin = static_cast<Index>(std::ceil((t0 - shank_start_s) * fs - 1e-9));
    const auto end = static_cast<Index>(std::floor((t1 - shank_start_s) * fs + 1e-9));
    SECONDHEART_CHECK(std::isfinite(t0) && std::isfinite(t1) && begin >= 0 && end <= n && end > begin,
                      "ankle_angle: expected a standing interval inside the shank recording [", shank_start_s, ", ",
                      shank_start_s + static_cast<double>(n) / fs, ") s, got [", t0, ", ", t1, ")");
    const double offset = median_over(begin, end);
    SECONDHEART_CHECK(std::isfinite(offset), "ankle_angle: the standing interval [", t0, ", ", t1,
                      ") s has no sample with both foot and shank pitch");
    out.zero_offset_deg = offset;
    out.zero = AnkleZero::UserInterval;
    out.standing = {begin, end};
  } else if (params.find_standing) {
    // Still = both pitches change slowly; compare the smoothed rates (pitch noise differentiates badly).
    Series foot_filled = foot, shank_filled = shank_pitch_deg;
    Series valid = Series::Ones(n);
    for (Index i = 0; i < n; ++i)
      if (!std::isfinite(raw[i])) foot_filled[i] = shank_filled[i] = 0.0, valid[i] = 0.0;
    const Series foot_s = dsp::gaussian_lowpass(foot_filled, fs, 2.0);
    const Series shank_s = dsp::gaussian_lowpass(shank_filled, fs, 2.0);
    const auto min_len = static_cast<Index>(std::ceil(params.min_standing_s * fs));
    Index start = -1;
    for (Index i = 0; i <= n; ++i) {
      bool still = false;
      if (i > 0 && i + 1 < n && valid[i - 1] > 0 && valid[i] > 0 && valid[i + 1] > 0) {
        const double foot_rate = (foot_s[i + 1] - foot_s[i - 1]) * 0.5 * fs;
        const double shank_rate = (shank_s[i + 1] - shank_s[i - 1]) * 0.5 * fs;
        still = std::abs(foot_rate) < params.max_standing_rate_dps && std::abs(shank_rate) < params.max_standing_rate_dps &&
                std::abs(foot_s[i]) < params.max_standing_pitch_deg && std::abs(shank_s[i]) < params.max_standing_pitch_deg;
      }
      if (still && start < 0) start = i;
      if (!still && start >= 0) {
        if (i - start >= min_len && i - start > out.standing.size()) out.standing = {start, i};
        start = -1;
      }
    }
    if (out.standing.found()) {
      out.zero_offset_deg = median_over(out.standing.begin, out.standing.end);
      out.zero = AnkleZero::Standing;
    }
  }
  if (out.zero == AnkleZero::None)
    out.flags.push_back({"ankle_zero_not_found", std::nullopt,
                         "no quiet standing period of " + to_text(params.min_standing_s) +
                             " s and no user zero: ankle angles are raw foot − shank pitch (their sensor zeros); ROM "
                             "and push-off excursion are unaffected"});
  out.ankle_deg = raw.array() - out.zero_offset_deg;
  return out;
}

/// Same clock and rate for both pitches.
/// @throws InvalidArgument on different lengths or as the general overload
inline AnkleAngleResult ankle_angle(const Series& foot_pitch_deg, const Series& shank_pitch_deg, double sampling_rate_hz,
                                    const AnkleAngleParams& params = {}) {
  SECONDHEART_CHECK(foot_pitch_deg.size() == shank_pitch_deg.size(),
                    "ankle_angle: expected foot and shank pitch of equal length on one clock, got ", foot_pitch_deg.size(),
                    " and ", shank_pitch_deg.size(), " samples (use the overload with rates and start times)");
  return ankle_angle(foot_pitch_deg, sampling_rate_hz, 0.0, shank_pitch_deg, sampling_rate_hz, 0.0, params);
}

// ------------------------------------------------------------------------------------------------
// Per-cycle ankle metrics
// ------------------------------------------------------------------------------------------------

/// Column names of the per-cycle ankle metrics, in the order add_ankle_columns appends them.
inline const std::vector<std::string>& ankle_columns() {
  static const std::vector<std::string> names = {
      "ankle_angle_ic_deg",            // angle at initial contact
      "ankle_angle_fc_deg",            // angle at final contact
      "ankle_peak_dorsiflexion_deg",   // maximum in stance [IC, FC)
      "ankle_peak_plantarflexion_deg", // minimum from the stance peak to mid-swing (after push-off)
      "ankle_push_off_excursion_deg",  // peak dorsiflexion − peak plantarflexion (the "toe push" in degrees)
      "ankle_rom_deg",                 // max − min over [IC, next IC)
  };
  return names;
}

struct AnkleCycleParams {
  /// Peak plantarflexion is searched up to FC + this fraction of the swing (it comes 30-60 ms after FC).
  double plantarflexion_swing_fraction = 0.5;
  /// Cycles with more than this fraction of NaN samples get NaN metrics.
  double max_missing_fraction = 0.05;
};

/// Per-cycle ankle metrics of one leg; one row per cycle in `cycles`, columns as ankle_columns().
/// Invalid cycles (Cycle::status) are measured too when their events exist (the status travels with
/// the row; summaries use valid ones). NaN where FC is missing, the cycle leaves the signal, or too
/// many samples are NaN.
/// @param ankle_deg ankle angle on the clock of the cycle indices
/// @throws InvalidArgument on an empty signal or a fraction outside [0, 1]
inline Eigen::MatrixXd ankle_cycle_metrics(const Series& ankle_deg, const std::vector<Cycle>& cycles,
                                           const AnkleCycleParams& params = {}) {
  SECONDHEART_CHECK(ankle_deg.size() > 0, "ankle_cycle_metrics: expected a non-empty ankle angle, got 0 samples");
  SECONDHEART_CHECK(params.plantarflexion_swing_fraction > 0 && params.plantarflexion_swing_fraction <= 1 &&
                        params.max_missing_fraction >= 0 && params.max_missing_fraction <= 1,
                    "AnkleCycleParams: expected fractions in (0, 1], got ", params.plantarflexion_swing_fraction, " and ",
                    params.max_missing_fraction);
  const auto columns = static_cast<Index>(ankle_columns().size());
  Eigen::MatrixXd out = Eigen::MatrixXd::Constant(static_cast<Index>(cycles.size()), columns, NaN);
  const Index n = ankle_deg.size();
  for (std::size_t r = 0; r < cycles.size(); ++r) {
    const Cycle& c = cycles[r];
    if (c.ic < 0 || c.next_ic <= c.ic || c.next_ic > n) continue;
    Index missing = 0;
    for (Index i = c.ic; i < c.next_ic; ++i) missing += std::isfinite(ankle_deg[i]) ? 0 : 1;
    if (static_cast<double>(missing) > params.max_missing_fraction * static_cast<double>(c.next_ic - c.ic)) continue;
    const auto extreme = [&](Index begin, Index end, bool maximum) {
      Index best = -1;
      for (Index i = begin; i < end; ++i)
        if (std::isfinite(ankle_deg[i]) &&
            (best < 0 || (maximum ? ankle_deg[i] > ankle_deg[best] : ankle_deg[i] < ankle_deg[best])))
          best = i;
      return best;
    };
    const auto row = static_cast<Index>(r);
    const Index hi = extreme(c.ic, c.next_ic, true), lo = extreme(c.ic, c.next_ic, false);
    if (hi >= 0 && lo >= 0) out(row, 5) = ankle_deg[hi] - ankle_deg[lo];
    out(row, 0) = ankle_deg[c.ic];
    if (c.fc <= c.ic || c.fc >= c.next_ic) continue;
    out(row, 1) = ankle_deg[c.fc];
    const Index dorsi = extreme(c.ic, c.fc, true);
    if (dorsi < 0) continue;
    out(row, 2) = ankle_deg[dorsi];
    const Index search_end = std::min<Index>(
        c.next_ic, c.fc + 1 + static_cast<Index>(std::round(params.plantarflexion_swing_fraction *
                                                            static_cast<double>(c.next_ic - c.fc))));
    const Index plantar = extreme(dorsi, search_end, false);
    if (plantar < 0) continue;
    out(row, 3) = ankle_deg[plantar];
    out(row, 4) = ankle_deg[dorsi] - ankle_deg[plantar];
  }
  return out;
}

namespace detail {
/// Sets `columns` of `table` from `per_side(signal, cycles of that side)` (rows = those cycles, in
/// order), for each side whose signal is not empty; the other rows stay NaN.
template <typename PerSide>
void set_side_columns(CycleTable& table, const std::vector<std::string>& columns, const Series& left,
                      const Series& right, PerSide&& per_side) {
  Eigen::MatrixXd values = Eigen::MatrixXd::Constant(table.rows(), static_cast<Index>(columns.size()), NaN);
  for (Side side : {Side::Left, Side::Right}) {
    const Series& signal = side == Side::Left ? left : right;
    if (signal.size() == 0) continue;
    std::vector<Cycle> cycles;
    std::vector<Index> rows;
    for (Index r = 0; r < table.rows(); ++r)
      if (table.cycles[static_cast<std::size_t>(r)].side == side) {
        cycles.push_back(table.cycles[static_cast<std::size_t>(r)]);
        rows.push_back(r);
      }
    if (cycles.empty()) continue;
    const Eigen::MatrixXd side_values = per_side(signal, cycles);
    for (std::size_t k = 0; k < rows.size(); ++k) values.row(rows[k]) = side_values.row(static_cast<Index>(k));
  }
  table.set_columns(columns, values);
}
}  // namespace detail

/// Appends (or replaces) the ankle columns of `table` from the ankle angle of the rows' legs.
/// `left`/`right` are on the table's clock; an empty series leaves that side's rows NaN.
/// @throws InvalidArgument as ankle_cycle_metrics
inline void add_ankle_columns(CycleTable& table, const Series& left_ankle_deg, const Series& right_ankle_deg,
                              const AnkleCycleParams& params = {}) {
  detail::set_side_columns(table, ankle_columns(), left_ankle_deg, right_ankle_deg,
                           [&](const Series& ankle, const std::vector<Cycle>& cycles) {
                             return ankle_cycle_metrics(ankle, cycles, params);
                           });
}

// ------------------------------------------------------------------------------------------------
// Shank-only push-off
// ------------------------------------------------------------------------------------------------

/// Column names of the shank-only push-off measures, in the order add_shank_push_off_columns appends them.
inline const std::vector<std::string>& shank_push_off_columns() {
  static const std::vector<std::string> names = {
      "shank_toe_off_rate_dps",  // forward rotation speed of the shank at toe-off (pre-swing peak)
      "shank_swing_peak_dps",    // peak forward swing speed after toe-off (mid-swing peak)
  };
  return names;
}

struct ShankPushOffParams {
  double toe_off_window_fraction = 0.1;  ///< the pre-swing peak is searched within FC ± this · stride
};

/// Shank-only push-off measures per cycle, from the shank pitch rate (deg/s, + = forward swing):
/// - `shank_toe_off_rate_dps`: the peak speed at which the shank rotates forward over the foot around
///   toe-off (−min of the pitch rate within FC ± `toe_off_window_fraction` · stride). The calf's
///   push-off plantarflexes the ankle, which drives the knee forward into pre-swing flexion: a weak
///   push-off gives a slower pre-swing rotation.
/// - `shank_swing_peak_dps`: the peak forward swing speed between FC and the next IC (mid-swing).
/// Limits (why these are "push-off indicators", not push-off): they rise with walking speed (compare
/// at similar speed, or between sides of one person); hip flexors and knee extensors also drive the
/// shank, so a strong hip "pull-off" can mask a weak ankle push-off; they depend on the sagittal axis
/// of the alignment (a tilted sensor reads cos(tilt) of the true rate); and they say nothing about the
/// ankle angle itself — that needs a foot sensor (ankle columns).
/// @param pitch_rate_dps on the clock of the cycle indices
/// @throws InvalidArgument on an empty signal or a window fraction outside (0, 0.5]
inline Eigen::MatrixXd shank_push_off_metrics(const Series& pitch_rate_dps, const std::vector<Cycle>& cycles,
                                              const ShankPushOffParams& params = {}) {
  SECONDHEART_CHECK(pitch_rate_dps.size() > 0, "shank_push_off_metrics: expected a non-empty pitch rate, got 0 samples");
  SECONDHEART_CHECK(params.toe_off_window_fraction > 0 && params.toe_off_window_fraction <= 0.5,
                    "ShankPushOffParams: expected toe_off_window_fraction in (0, 0.5], got ", params.toe_off_window_fraction);
  const Index n = pitch_rate_dps.size();
  Eigen::MatrixXd out = Eigen::MatrixXd::Constant(static_cast<Index>(cycles.size()), 2, NaN);
  for (std::size_t r = 0; r < cycles.size(); ++r) {
    const Cycle& c = cycles[r];
    if (c.ic < 0 || c.next_ic <= c.ic || c.next_ic > n || c.fc <= c.ic || c.fc >= c.next_ic) continue;
    const auto half = static_cast<Index>(std::round(params.toe_off_window_fraction * static_cast<double>(c.next_ic - c.ic)));
    const Index lo = std::max<Index>(c.ic, c.fc - half), hi = std::min<Index>(c.next_ic, c.fc + half + 1);
    const auto row = static_cast<Index>(r);
    const Series window = pitch_rate_dps.segment(lo, hi - lo);
    const Series swing = pitch_rate_dps.segment(c.fc, c.next_ic - c.fc);
    if (window.allFinite()) out(row, 0) = std::max(0.0, -window.minCoeff());
    if (swing.allFinite()) out(row, 1) = swing.maxCoeff();
  }
  return out;
}

/// Appends (or replaces) the shank push-off columns of `table` (pitch rates on the table's clock;
/// an empty series leaves that side's rows NaN).
inline void add_shank_push_off_columns(CycleTable& table, const Series& left_pitch_rate_dps,
                                       const Series& right_pitch_rate_dps, const ShankPushOffParams& params = {}) {
  detail::set_side_columns(table, shank_push_off_columns(), left_pitch_rate_dps, right_pitch_rate_dps,
                           [&](const Series& rate, const std::vector<Cycle>& cycles) {
                             return shank_push_off_metrics(rate, cycles, params);
                           });
}

// ------------------------------------------------------------------------------------------------
// Per-side summary
// ------------------------------------------------------------------------------------------------

/// Left/right summary of one ankle or shank metric.
struct AnkleMetricComparison {
  std::string metric;
  MetricSummary left;
  MetricSummary right;
  double asymmetry_index_percent = NaN;  ///< of the medians; + = left larger (metrics/summary.hpp)
};

/// Per-side median/IQR/CV (valid cycles) and asymmetry of every ankle and shank push-off column
/// present in `table`.
inline std::vector<AnkleMetricComparison> summarize_ankle(const CycleTable& table) {
  std::vector<AnkleMetricComparison> out;
  std::vector<std::string> wanted = ankle_columns();
  wanted.insert(wanted.end(), shank_push_off_columns().begin(), shank_push_off_columns().end());
  for (const std::string& metric : wanted) {
    if (!table.has_column(metric)) continue;
    const Eigen::VectorXd column = table.column(metric);
    AnkleMetricComparison comparison;
    comparison.metric = metric;
    for (Side side : {Side::Left, Side::Right}) {
      std::vector<double> values;
      for (Index r = 0; r < table.rows(); ++r) {
        const Cycle& cycle = table.cycles[static_cast<std::size_t>(r)];
        if (cycle.side == side && cycle.valid()) values.push_back(column[r]);
      }
      (side == Side::Left ? comparison.left : comparison.right) = summarize_values(metric, side, values);
    }
    comparison.asymmetry_index_percent = asymmetry_index_percent(comparison.left.median, comparison.right.median);
    out.push_back(std::move(comparison));
  }
  return out;
}

}  // namespace secondheart::metrics
