/// @file
/// Gait events from a pressure insole (or a force plate read as a one-cell insole): initial contact
/// (IC) and final contact (FC) from the total vertical force, heel-off (HO) from the heel cells.
///
/// Thresholds adapt to the recording, so a sensor with an offset, a drifting baseline or one that
/// never reads zero still works:
///  1. the unloaded baseline is the 5th percentile of the force in sliding windows that show gait
///     (a loaded/unloaded range of at least half the recording's), interpolated between windows
///     and carried across standing or sitting periods;
///  2. the loaded level A is the 99th percentile of force above that baseline;
///  3. contacts are hysteresis runs of (force − baseline) between on = 20 % A and off = 10 % A, so
///     noise and small bumps never start or end a contact;
///  4. each contact's edges are then refined down to a low level above the adjacent swing's median,
///     max(3 % A, 4 × swing noise SD): IC is the first sample above it, FC the first sample back at
///     or below it. The refined edges
///     are within a sample or two of a fixed 20 N force-plate threshold for body-weight loads.
/// A contact already under way at the start of the recording gives no IC, one still under way at
/// the end gives no FC; loading after (unloading before) an unloaded interval longer than a swing
/// (max_swing_s: sitting with the feet unloaded) is not an IC (FC).
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/events.hpp"
#include "secondheart/core/quality.hpp"
#include "secondheart/core/recording.hpp"
#include "secondheart/core/validate.hpp"
#include "secondheart/dsp/runs.hpp"

namespace secondheart::events {

struct InsoleEventParams {
  double baseline_window_s = 4.0;       ///< window of the sliding baseline (running median over 5 windows)
  double baseline_percentile = 5.0;     ///< unloaded level inside a window (percent)
  double loaded_percentile = 99.0;      ///< loaded level A above the baseline (percent)
  double on_fraction = 0.20;            ///< hysteresis "loaded" threshold, fraction of A
  double off_fraction = 0.10;           ///< hysteresis "unloaded" threshold, fraction of A
  double refine_fraction = 0.03;        ///< edge refinement level, fraction of A
  double refine_noise_factor = 4.0;     ///< ... but at least this many swing-noise SDs
  double min_contact_s = 0.15;          ///< shorter loaded runs are bumps, not steps
  double min_gap_s = 0.08;              ///< shorter unloaded dips inside a contact are merged
  /// Longest unloaded interval that is a swing. Loading after a longer one (getting up from a chair
  /// with the feet unloaded, putting the shoe back on) is not a heel strike, and unloading before
  /// one is not a toe-off: no IC / FC there.
  double max_swing_s = 1.5;
  /// Fixed contact threshold (N) instead of the adaptive ones (e.g. 20 N force-plate convention):
  /// contact = force > threshold, no baseline removal, no refinement.
  std::optional<double> fixed_threshold_n;
  /// Heel cells: x < heel_max_x_fraction · foot length.
  double heel_max_x_fraction = 0.25;
  /// HO = first sample after the heel peak at which heel force falls below this fraction of its peak
  /// (both above the heel's level in the preceding swing).
  double heel_off_fraction = 0.10;
  /// No HO when the heel carries less than this fraction of the contact's peak total force.
  double min_heel_share = 0.05;
};

struct InsoleEventsResult {
  GaitEvents events;
  std::vector<dsp::Run> contacts;  ///< loaded runs [IC, FC) after refinement (edges may be open: see file doc)
  Series baseline_n;               ///< per-sample unloaded level removed before thresholding
  double loaded_level_n = NaN;     ///< A
  double on_threshold_n = NaN;     ///< above baseline
  double off_threshold_n = NaN;    ///< above baseline
  double refine_level_n = NaN;     ///< above baseline
  double swing_noise_sd_n = NaN;
  QualityFlags flags;
};

namespace detail {

/// Percentile (0..100, linear interpolation as NumPy's default) by O(n) selection; reorders `v`.
/// Selection rather than sorting because it runs on hour-long signals.
inline double select_percentile(std::vector<double>& v, double pct) {
  if (v.empty()) return NaN;
  const double pos = std::clamp(pct, 0.0, 100.0) / 100.0 * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
  const double a = v[lo];
  if (lo + 1 >= v.size()) return a;
  const double b = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
  return a + (pos - static_cast<double>(lo)) * (b - a);
}

/// Percentile (0..100) of the samples [begin, end) of `x`.
inline double range_percentile(const Series& x, Index begin, Index end, double pct) {
  std::vector<double> v(x.data() + begin, x.data() + end);
  return select_percentile(v, pct);
}

/// Percentile of a whole long signal from an evenly strided subsample of at most ~100 000 samples
/// (a recording-level level estimate does not need every sample; hours of data stay cheap).
inline double signal_percentile(const Series& x, double pct) {
  const Index n = x.size();
  const Index stride = std::max<Index>(1, n / 100000);
  std::vector<double> v;
  v.reserve(static_cast<std::size_t>(n / stride + 1));
  for (Index i = 0; i < n; i += stride) v.push_back(x[i]);
  return select_percentile(v, pct);
}

/// Sliding-window baseline: per window the low percentile, kept only where the window shows gait,
/// linearly interpolated between window centres; held flat before the first and after the last.
inline Series sliding_baseline(const Series& force, double fs, const InsoleEventParams& p, bool& any_gait) {
  const Index n = force.size();
  const Index w = std::max<Index>(3, static_cast<Index>(std::lround(p.baseline_window_s * fs)));
  const Index hop = std::max<Index>(1, w / 2);
  const double global_range =
      signal_percentile(force, p.loaded_percentile) - signal_percentile(force, 100.0 - p.loaded_percentile);
  std::vector<double> centres, levels;
  for (Index b = 0; b < n; b += hop) {
    const Index e = std::min(n, b + w);
    if (e - b < std::min<Index>(w, n) / 2 && !centres.empty()) break;
    const double lo = range_percentile(force, b, e, p.baseline_percentile);
    const double hi = range_percentile(force, b, e, 100.0 - p.baseline_percentile);
    if (hi - lo >= 0.5 * global_range && global_range > 0) {
      centres.push_back(0.5 * static_cast<double>(b + e - 1));
      levels.push_back(lo);
    }
    if (e == n) break;
  }
  // Running median over 5 windows: a turn or a pause with the foot mostly loaded raises one or two
  // windows' low percentile, while a real offset or drift changes smoothly (and is kept).
  {
    const std::vector<double> raw = levels;
    for (std::size_t k = 0; k < levels.size(); ++k) {
      const std::size_t a = k >= 2 ? k - 2 : 0, b = std::min(levels.size() - 1, k + 2);
      std::vector<double> near(raw.begin() + static_cast<std::ptrdiff_t>(a), raw.begin() + static_cast<std::ptrdiff_t>(b) + 1);
      levels[k] = select_percentile(near, 50.0);
    }
  }
  Series baseline(n);
  any_gait = !centres.empty();
  if (!any_gait) {
    baseline.setConstant(signal_percentile(force, 100.0 - p.loaded_percentile));
    return baseline;
  }
  std::size_t k = 0;
  for (Index i = 0; i < n; ++i) {
    const auto t = static_cast<double>(i);
    while (k + 1 < centres.size() && centres[k + 1] <= t) ++k;
    if (t <= centres.front()) {
      baseline[i] = levels.front();
    } else if (k + 1 >= centres.size()) {
      baseline[i] = levels.back();
    } else {
      const double a = (t - centres[k]) / (centres[k + 1] - centres[k]);
      baseline[i] = levels[k] + a * (levels[k + 1] - levels[k]);
    }
  }
  return baseline;
}

}  // namespace detail

/// Detects IC, FC and HO of one foot from its total force and (optionally) its heel force.
/// @param total_n  total vertical force (N), finite, one value per sample
/// @param heel_n   heel-cell force (N), same length, or empty (no HO)
/// @param sampling_rate_hz  > 0
/// @param side     written into the returned events
/// @throws InvalidArgument on an empty or non-finite signal, mismatched lengths, fs <= 0 or
///         inconsistent fractions (need 0 < refine <= off < on < 1).
inline InsoleEventsResult detect_contact_events(const Series& total_n, const Series& heel_n, double sampling_rate_hz,
                                                Side side, const InsoleEventParams& params = {}) {
  check_sampling_rate(sampling_rate_hz);
  check_not_empty(total_n, "total force");
  check_finite(total_n, "total force");
  SECONDHEART_CHECK(heel_n.size() == 0 || heel_n.size() == total_n.size(),
                    "heel force: expected empty or ", total_n.size(), " samples (as the total), got ", heel_n.size());
  if (heel_n.size() > 0) check_finite(heel_n, "heel force");
  SECONDHEART_CHECK(params.refine_fraction > 0 && params.refine_fraction <= params.off_fraction &&
                        params.off_fraction < params.on_fraction && params.on_fraction < 1,
                    "InsoleEventParams: expected 0 < refine_fraction <= off_fraction < on_fraction < 1, got ",
                    params.refine_fraction, ", ", params.off_fraction, ", ", params.on_fraction);
  SECONDHEART_CHECK(params.baseline_window_s > 0, "baseline_window_s: expected > 0 s, got ", params.baseline_window_s);

  const double fs = sampling_rate_hz;
  const Index n = total_n.size();
  InsoleEventsResult out;
  out.events.side = side;
  out.events.sampling_rate_hz = fs;
  const std::string side_name(to_string(side));

  Series g;  // force above the unloaded level
  double on = 0, off = 0, refine = 0;
  if (params.fixed_threshold_n) {
    out.baseline_n = Series::Zero(n);
    g = total_n;
    on = off = refine = *params.fixed_threshold_n;
    out.loaded_level_n = detail::signal_percentile(total_n, params.loaded_percentile);
  } else {
    bool any_gait = false;
    out.baseline_n = detail::sliding_baseline(total_n, fs, params, any_gait);
    g = total_n - out.baseline_n;
    out.loaded_level_n = detail::signal_percentile(g, params.loaded_percentile);
    if (!any_gait || !(out.loaded_level_n > 0)) {
      out.flags.push_back({"no_gait", side,
                           side_name + " insole: the force never alternates between loaded and unloaded; no steps"});
      return out;
    }
    on = params.on_fraction * out.loaded_level_n;
    off = params.off_fraction * out.loaded_level_n;
    // Swing noise: robust spread of the samples below the off threshold.
    std::vector<double> swing;
    for (Index i = 0; i < n; i += std::max<Index>(1, n / 100000))
      if (g[i] < off) swing.push_back(g[i]);
    if (swing.size() > 10) {  // 1.4826 · MAD
      const double med = detail::select_percentile(swing, 50.0);
      for (double& v : swing) v = std::abs(v - med);
      out.swing_noise_sd_n = 1.4826 * detail::select_percentile(swing, 50.0);
    } else {
      out.swing_noise_sd_n = 0.0;
    }
    refine = std::min(off, std::max(params.refine_fraction * out.loaded_level_n,
                                    params.refine_noise_factor * out.swing_noise_sd_n));
    // Typical offset: the baseline at ~100 evenly spaced samples (it is piecewise linear and smooth).
    std::vector<double> probe;
    for (Index i = 0; i < n; i += std::max<Index>(1, n / 101)) probe.push_back(out.baseline_n[i]);
    const double offset = detail::select_percentile(probe, 50.0);
    const double drift = out.baseline_n.maxCoeff() - out.baseline_n.minCoeff();
    if (offset > 0.05 * out.loaded_level_n || offset < -0.05 * out.loaded_level_n)
      out.flags.push_back({"insole_offset", side,
                           side_name + " insole: unloaded level is " + std::to_string(std::lround(offset)) +
                               " N (not zero); removed before event detection"});
    if (drift > 0.10 * out.loaded_level_n)
      out.flags.push_back({"insole_drift", side,
                           side_name + " insole: unloaded level drifts by " + std::to_string(std::lround(drift)) +
                               " N; tracked by a sliding baseline"});
  }
  out.on_threshold_n = on;
  out.off_threshold_n = off;
  out.refine_level_n = refine;

  std::vector<dsp::Run> runs =
      params.fixed_threshold_n ? dsp::runs_where(g.array() > on) : dsp::hysteresis(g, on, off);
  runs = dsp::merge_runs(runs, std::max<Index>(0, static_cast<Index>(std::lround(params.min_gap_s * fs))));
  const Index min_len = std::max<Index>(1, static_cast<Index>(std::lround(params.min_contact_s * fs)));
  // Contacts cut by the recording's start or end are kept (their other edge is a real event).
  runs.erase(std::remove_if(runs.begin(), runs.end(),
                            [&](const dsp::Run& r) { return r.end - r.begin < min_len && r.begin > 0 && r.end < n; }),
             runs.end());

  // Refine each edge down to the low level above the adjacent swing's own level (robust to a
  // baseline estimate that is a little off), without crossing the neighbouring contact.
  const auto swing_level = [&](Index b, Index e) {
    if (e - b < 1) return NaN;
    return detail::range_percentile(g, b, e, 50.0);
  };
  const std::vector<dsp::Run> detected = runs;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    dsp::Run& r = runs[k];
    const Index lower = k == 0 ? 0 : detected[k - 1].end;
    const Index upper = k + 1 == runs.size() ? n : detected[k + 1].begin;
    double before = swing_level(lower, detected[k].begin), after = swing_level(detected[k].end, upper);
    if (!std::isfinite(before)) before = std::isfinite(after) ? after : 0.0;
    if (!std::isfinite(after)) after = before;
    // A swing level above the off threshold is not a swing: fall back to the global baseline.
    before = std::clamp(before, -off, off);
    after = std::clamp(after, -off, off);
    const Index lower_limit = k == 0 ? 0 : runs[k - 1].end;
    while (r.begin > lower_limit && g[r.begin - 1] > before + refine) --r.begin;
    while (r.end < upper && g[r.end] > after + refine) ++r.end;
  }
  out.contacts = runs;

  for (std::size_t k = 0; k < runs.size(); ++k) {
    const dsp::Run& r = runs[k];
    // An edge is an event only when unloaded samples are seen next to it: a contact already under
    // way at the first sample (or still under way at the last) has no observable IC (FC).
    const Index seen = std::max<Index>(1, static_cast<Index>(std::lround(0.5 * params.min_gap_s * fs)));
    const Index max_swing = static_cast<Index>(std::lround(params.max_swing_s * fs));
    const Index unloaded_before = r.begin - (k == 0 ? 0 : runs[k - 1].end);
    const Index unloaded_after = (k + 1 == runs.size() ? n : runs[k + 1].begin) - r.end;
    const bool has_ic = r.begin >= seen && unloaded_before <= max_swing;
    const bool has_fc = r.end <= n - seen && unloaded_after <= max_swing;
    if (has_ic) out.events.ic.push_back(r.begin);
    if (has_fc) out.events.fc.push_back(r.end);
    if (!has_ic || !has_fc || heel_n.size() == 0) continue;
    // Heel level in the neighbouring swing (before, else after) absorbs a heel-cell offset.
    const Index sw_b = k == 0 ? std::max<Index>(0, r.begin - min_len) : runs[k - 1].end;
    const Index sw_e = r.begin;
    double heel_base = 0;
    if (sw_e > sw_b) {
      heel_base = detail::range_percentile(heel_n, sw_b, sw_e, 50.0);
    } else if (r.end < n) {
      heel_base = detail::range_percentile(heel_n, r.end, std::min(n, r.end + min_len), 50.0);
    }
    const Index len = r.end - r.begin;
    const Index peak_end = r.begin + std::max<Index>(1, (len * 6) / 10);
    Index peak = r.begin;
    for (Index i = r.begin; i < peak_end; ++i)
      if (heel_n[i] > heel_n[peak]) peak = i;
    const double heel_peak = heel_n[peak] - heel_base;
    const double total_peak = g.segment(r.begin, len).maxCoeff();
    if (!(heel_peak > params.min_heel_share * total_peak)) continue;
    for (Index i = peak + 1; i < r.end; ++i)
      if (heel_n[i] - heel_base < params.heel_off_fraction * heel_peak) {
        out.events.ho.push_back(i);
        break;
      }
  }
  if (runs.empty())
    out.flags.push_back({"no_gait", side, side_name + " insole: no foot contacts found"});
  return out;
}

/// Heel force (N) of an insole: the sum of cells with x < heel_max_x_fraction · foot length; empty
/// when no cell lies there (e.g. a force plate read as one mid-foot cell).
inline Series heel_force(const InsoleRecording& rec, double heel_max_x_fraction) {
  Series heel = Series::Zero(rec.size());
  bool any = false;
  for (Index c = 0; c < rec.cell_count(); ++c)
    if (rec.cell_position_m(c, 0) < heel_max_x_fraction * rec.foot_length_m) {
      heel += rec.cell_force_n.col(c);
      any = true;
    }
  return any ? heel : Series();
}

/// Events of one insole. NaN samples must have been bridged by the caller (the pipeline interpolates
/// gaps and marks them as bad data).
/// @throws InvalidArgument as detect_contact_events, or on an invalid recording (validate_insole).
inline InsoleEventsResult detect_insole_events(const InsoleRecording& rec, const InsoleEventParams& params = {}) {
  validate_insole(rec);
  const Series heel = rec.cell_count() > 1 ? heel_force(rec, params.heel_max_x_fraction) : Series();
  return detect_contact_events(rec.total(), heel, rec.sampling_rate_hz, rec.side, params);
}

}  // namespace secondheart::events
