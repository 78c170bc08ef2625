/// @file
/// Gait events from one shank IMU alone: mid-swing (MS) at the peak of the forward swing of the
/// shank, final contact (FC) at the pre-swing minimum of the sagittal pitch rate before it, initial
/// contact (IC) at the first minimum after the swing ends (the loading-response dip), after the
/// method of Aminian et al. 2002 / Salarian et al. 2004, with search windows scaled by the stride
/// period of the recording and thresholds scaled by its own swing amplitude.
///
/// Input is the shank pitch rate d(pitch)/dt in deg/s, + = the shank swings forward (= −gyr_y in the
/// segment frame; orientation/shank.hpp gives it from a raw recording). Output is the GaitEvents every
/// sensor produces (IC, FC, MS; HO is not observable from the shank).
///
/// Two ICs, because the shank's pitch rate does not mark the contact itself:
/// - `events.ic` is the **pitch-rate minimum after contact** (the loading-response dip: the foot has
///   landed and the shank starts to rotate forward over it). It comes after the heel strike: on the
///   MovingReality stroke recordings 10-30 ms (median per leg) after the same leg's foot-IMU IC.
/// - `ic_contact` (detect_shank_contacts, needs the accelerometer) is **contact-aligned**: the onset of
///   the heel-strike impact in |acc|. On MovingReality it is within ±20 ms (median per leg) of the foot
///   IMU's IC (docs/shank.md has the per-trial table). It exists only where an impact is visible: a
///   signal without one (smoothed, simulated, or orientations turned into a gravity-only
///   acceleration) gives none, with a flag, and IC stays the pitch-rate minimum. Cycles (IC → IC) use
///   `events.ic`.
#pragma once

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/events.hpp"
#include "secondheart/core/quality.hpp"
#include "secondheart/core/recording.hpp"
#include "secondheart/core/types.hpp"
#include "secondheart/dsp/smooth.hpp"
#include "secondheart/orientation/shank.hpp"

namespace secondheart::events {

struct ShankEventParams {
  double swing_cutoff_hz = 3.0;         ///< smoothing of the pitch rate for finding the swings
  /// Smoothing for timing IC and FC (capped at 0.3 × rate). It must keep the heel-strike dip apart
  /// from the loading-response dip ~70 ms later: at 12 Hz they merge and IC comes out late.
  double event_cutoff_hz = 20.0;
  double min_swing_peak_dps = 25.0;     ///< absolute floor: slower "swings" are not steps
  double swing_peak_fraction = 0.3;     ///< swing peaks below this fraction of the recording's typical peak are dropped
  double min_stride_s = 0.5;            ///< two swings of one leg are never closer than this
  double max_stride_s = 3.0;            ///< longer gaps are pauses: search windows use the typical stride instead
  double fc_search_fraction = 0.45;     ///< FC searched in [MS − this · stride, MS]
  double ic_search_fraction = 0.45;     ///< IC searched in [MS, MS + this · stride]
  double ic_min_prominence_fraction = 0.03;  ///< a local minimum counts as the IC dip if it rises by this · peak after
};

/// Contact-aligned IC from the heel-strike impact in the shank's |acc| (detect_shank_contacts).
struct ShankContactParams {
  /// The impact is searched from this long before the end of the forward swing (the pitch rate's last
  /// fall through zero before IC) ...
  double search_before_s = 0.05;
  /// ... to this long after the pitch-rate IC: a strapped shank sensor's transient peaks 20-50 ms
  /// after the foot's contact, often after the pitch-rate minimum.
  double search_after_s = 0.06;
  /// The impact is the first rise of |acc| at least this fraction as steep as the window's steepest:
  /// a weak heel strike can be followed by a steeper forefoot or loading transient (chosen on the
  /// MovingReality recordings among 1, 0.7, 0.5, 0.35; the only raw shank data at hand).
  double first_rise_fraction = 0.7;
  double onset_lookback_s = 0.04;    ///< the onset is the |acc| trough at most this long before that rise
  double residual_cutoff_hz = 8.0;   ///< the transient is |acc| minus its low-pass at this cutoff
  /// An impact is visible when that transient reaches this many robust SDs (1.4826 · MAD over the
  /// recording) inside the window: noise alone reaches 3-4, real heel strikes 10-40.
  double min_impact_ratio = 6.0;
};

struct ShankEventResult {
  GaitEvents events;               ///< IC, FC, MS (sorted sample indices)
  Series smoothed_rate_dps;        ///< pitch rate used for IC/FC timing
  double stride_period_s = NaN;    ///< median MS-to-MS interval of plausible strides
  double typical_swing_peak_dps = NaN;  ///< median MS peak
  std::vector<double> swing_peak_dps;   ///< one per MS (smoothed-for-swing signal)
  /// Contact-aligned IC (heel-strike impact onset, sorted sample indices), at most one per IC and only
  /// where an impact is visible; empty until detect_shank_contacts ran (the recording overload and
  /// the shank pipeline run it). `events.ic` stays the pitch-rate minimum after contact.
  std::vector<Index> ic_contact;
  double impact_noise_mps2 = NaN;       ///< robust SD of the |acc| transient over the recording
  QualityFlags flags;
};

namespace shank_events_detail {
inline bool is_local_max(const Series& x, Index i) {
  return i > 0 && i + 1 < x.size() && x[i] >= x[i - 1] && x[i] > x[i + 1];
}
inline bool is_local_min(const Series& x, Index i) {
  return i > 0 && i + 1 < x.size() && x[i] <= x[i - 1] && x[i] < x[i + 1];
}
inline double median(std::vector<double> v) {
  if (v.empty()) return NaN;
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}
/// Greedy non-maximum suppression: keeps the highest peaks, none closer than `gap` samples
/// (O(p log p) so day-long recordings stay fast).
inline std::vector<Index> suppress(const std::vector<Index>& peaks, const Series& x, Index gap) {
  std::vector<Index> order = peaks;
  std::sort(order.begin(), order.end(), [&](Index a, Index b) { return x[a] > x[b] || (x[a] == x[b] && a < b); });
  std::set<Index> kept;
  for (Index p : order) {
    auto after = kept.lower_bound(p);
    if (after != kept.end() && *after - p < gap) continue;
    if (after != kept.begin() && p - *std::prev(after) < gap) continue;
    kept.insert(p);
  }
  return {kept.begin(), kept.end()};
}
}  // namespace shank_events_detail

/// Detects IC, FC and MS of one leg from its shank pitch rate.
/// 1. Swings: maxima of the pitch rate smoothed at `swing_cutoff_hz` above max(floor, fraction ·
///    typical peak), the typical peak being the median of the candidate maxima's upper half; then no
///    two closer than 0.6 × the median stride (itself from a first pass with `min_stride_s`).
/// 2. FC: the pre-swing minimum of the `event_cutoff_hz` rate (the shank's fastest forward rotation
///    as the knee flexes), between MS − fc_search_fraction · stride and the last upward zero
///    crossing before MS. On the synthetic walker it is within 1-2 samples of toe-off; on the
///    MovingReality stroke recordings it precedes the foot-IMU FC of the same leg by 10-60 ms
///    (per-leg medians, pooled 30 ms): shank stance is slightly shorter than foot-IMU stance.
/// 3. IC: after MS the rate falls through zero (terminal swing); IC is the first local minimum after
///    that crossing, within MS + ic_search_fraction · stride (heel strike stops the shank and tips it
///    forward over the foot). This is the pitch-rate minimum *after* contact, not the contact:
///    MovingReality 10-30 ms after the foot-IMU IC (per-leg medians); the synthetic walker places it
///    on its IC by construction (within 1 sample). The contact itself: detect_shank_contacts.
/// Swings without a clean FC or IC keep their MS and miss the other event (the cycle stage marks
/// the stride incomplete).
/// @param pitch_rate_dps shank pitch rate in deg/s, + = forward swing; NaN samples are not allowed
/// @param sampling_rate_hz > 0
/// @param side which leg (copied into the events)
/// @throws InvalidArgument on an empty or non-finite signal, a rate ≤ 0 or inconsistent params
inline ShankEventResult detect_shank_events(const Series& pitch_rate_dps, double sampling_rate_hz, Side side,
                                            const ShankEventParams& params = {}) {
  namespace d = shank_events_detail;
  SECONDHEART_CHECK(std::isfinite(sampling_rate_hz) && sampling_rate_hz > 0,
                    "detect_shank_events: expected sampling_rate_hz > 0, got ", sampling_rate_hz);
  SECONDHEART_CHECK(pitch_rate_dps.size() > 0, "detect_shank_events: expected a non-empty pitch rate, got 0 samples");
  for (Index i = 0; i < pitch_rate_dps.size(); ++i)
    SECONDHEART_CHECK(std::isfinite(pitch_rate_dps[i]), "detect_shank_events: expected finite values, got ",
                      pitch_rate_dps[i], " at sample ", i, " (fill gaps first)");
  SECONDHEART_CHECK(params.swing_cutoff_hz > 0 && params.event_cutoff_hz > 0,
                    "detect_shank_events: expected positive cutoffs, got ", params.swing_cutoff_hz, " and ",
                    params.event_cutoff_hz, " Hz");
  SECONDHEART_CHECK(params.min_stride_s > 0 && params.max_stride_s > params.min_stride_s,
                    "detect_shank_events: expected 0 < min_stride_s < max_stride_s, got ", params.min_stride_s, " and ",
                    params.max_stride_s);
  SECONDHEART_CHECK(params.swing_peak_fraction >= 0 && params.swing_peak_fraction < 1 &&
                        params.fc_search_fraction > 0 && params.fc_search_fraction < 1 &&
                        params.ic_search_fraction > 0 && params.ic_search_fraction < 1,
                    "detect_shank_events: expected fractions in (0, 1), got swing ", params.swing_peak_fraction,
                    ", fc ", params.fc_search_fraction, ", ic ", params.ic_search_fraction);
  const double fs = sampling_rate_hz;
  const Index n = pitch_rate_dps.size();
  ShankEventResult out;
  out.events.side = side;
  out.events.sampling_rate_hz = fs;
  const std::string who = std::string(to_string(side)) + " shank";

  const Series swing = dsp::gaussian_lowpass(pitch_rate_dps, fs, params.swing_cutoff_hz);
  out.smoothed_rate_dps =
      dsp::gaussian_lowpass(pitch_rate_dps, fs, std::min(params.event_cutoff_hz, 0.3 * fs));
  const Series& fine = out.smoothed_rate_dps;

  // 1. Swings.
  std::vector<Index> candidates;
  std::vector<double> heights;
  for (Index i = 1; i + 1 < n; ++i)
    if (d::is_local_max(swing, i) && swing[i] > params.min_swing_peak_dps) {
      candidates.push_back(i);
      heights.push_back(swing[i]);
    }
  if (candidates.size() < 2) {
    out.flags.push_back({"no_gait", side, who + ": fewer than two forward swings faster than " +
                                              std::to_string(static_cast<int>(params.min_swing_peak_dps)) + " deg/s"});
    return out;
  }
  std::sort(heights.begin(), heights.end());
  const double typical =
      d::median(std::vector<double>(heights.begin() + static_cast<std::ptrdiff_t>(heights.size() / 2), heights.end()));
  const double threshold = std::max(params.min_swing_peak_dps, params.swing_peak_fraction * typical);
  std::vector<Index> peaks;
  for (Index p : candidates)
    if (swing[p] >= threshold) peaks.push_back(p);
  const auto min_gap = static_cast<Index>(std::round(params.min_stride_s * fs));
  peaks = d::suppress(peaks, swing, min_gap);
  std::vector<double> intervals;
  for (std::size_t k = 1; k < peaks.size(); ++k) {
    const double dt = static_cast<double>(peaks[k] - peaks[k - 1]) / fs;
    if (dt <= params.max_stride_s) intervals.push_back(dt);
  }
  const double stride_s = intervals.empty() ? NaN : d::median(intervals);
  if (std::isfinite(stride_s)) {
    peaks = d::suppress(peaks, swing, std::max(min_gap, static_cast<Index>(std::round(0.6 * stride_s * fs))));
    // Each swing must be separated from the previous one by a stance (the rate dips below a small
    // fraction of the threshold): two humps of one swing are one swing.
    std::vector<Index> separated;
    for (Index p : peaks) {
      if (!separated.empty()) {
        const Index q = separated.back();
        const double dip = swing.segment(q, p - q + 1).minCoeff();
        if (dip > 0.25 * threshold) {
          if (swing[p] > swing[q]) separated.back() = p;
          continue;
        }
      }
      separated.push_back(p);
    }
    peaks = separated;
  }
  out.stride_period_s = stride_s;
  const double period_samples = std::isfinite(stride_s) ? stride_s * fs : 1.1 * fs;

  std::vector<double> swing_heights;
  for (Index p : peaks) swing_heights.push_back(swing[p]);
  out.typical_swing_peak_dps = d::median(swing_heights);

  // 2./3. FC before and IC after each swing.
  Index missing_fc = 0, missing_ic = 0;
  const double prominence = params.ic_min_prominence_fraction * out.typical_swing_peak_dps;
  for (std::size_t k = 0; k < peaks.size(); ++k) {
    const Index m = peaks[k];
    out.events.ms.push_back(m);
    out.swing_peak_dps.push_back(swing[m]);
    const Index prev = k > 0 ? peaks[k - 1] : 0;
    const Index next = k + 1 < peaks.size() ? peaks[k + 1] : n - 1;

    // FC: walk back from MS through the positive swing lobe to the upward zero crossing.
    const Index fc_lo = std::max(prev + 1, m - static_cast<Index>(std::round(params.fc_search_fraction * period_samples)));
    Index zc = m;
    while (zc > fc_lo && fine[zc] > 0) --zc;
    Index fc = -1;
    if (zc > fc_lo) {
      Index deepest = fc_lo;
      for (Index i = fc_lo; i <= zc; ++i)
        if (fine[i] < fine[deepest]) deepest = i;
      // The minimum must be a real dip (not the window edge on a still-falling stance).
      if (!(deepest == fc_lo && deepest > 0 && fine[deepest - 1] < fine[deepest])) fc = deepest;
    }
    if (fc >= 0 && fine[fc] < 0) {
      out.events.fc.push_back(fc);
    } else {
      ++missing_fc;
    }

    // IC: forward from MS through the end of the swing to the first local minimum after zero.
    const Index ic_hi = std::min(next - 1, m + static_cast<Index>(std::round(params.ic_search_fraction * period_samples)));
    Index down = m;
    while (down < ic_hi && fine[down] > 0) ++down;
    Index ic = -1;
    for (Index i = std::max<Index>(down, 1); i < ic_hi; ++i) {
      if (!d::is_local_min(fine, i)) continue;
      // Require that the rate rises again by `prominence` before falling below this minimum.
      double rise = 0.0;
      for (Index j = i + 1; j <= ic_hi + static_cast<Index>(0.1 * period_samples) && j < n; ++j) {
        if (fine[j] < fine[i]) break;
        rise = std::max(rise, fine[j] - fine[i]);
      }
      if (rise >= prominence) {
        ic = i;
        break;
      }
    }
    if (ic >= 0 && down < ic_hi) out.events.ic.push_back(ic);
    else ++missing_ic;
  }
  if (missing_fc + missing_ic > 0)
    out.flags.push_back({"shank_events_missing", side,
                         who + ": " + std::to_string(missing_ic) + " IC and " + std::to_string(missing_fc) + " FC of " +
                             std::to_string(peaks.size()) + " swings not found (no clear pitch-rate minimum)"});
  if (std::isfinite(out.typical_swing_peak_dps) && out.typical_swing_peak_dps < 100.0)
    out.flags.push_back({"shank_small_swing", side,
                         who + ": typical forward swing " + std::to_string(static_cast<int>(out.typical_swing_peak_dps)) +
                             " deg/s (healthy walking 250-450 deg/s): the leg barely swings; events are less certain"});
  return out;
}

/// Contact-aligned IC: for each pitch-rate IC of `result`, the onset of the heel-strike impact in the
/// shank's |acc| (frame-free, so a sensor-frame recording works as is). The heel's contact stops the
/// leg abruptly and a shock runs up the shank: |acc| jumps by 10-40 m/s² within a few samples.
/// 1. Transient: |acc| minus its `residual_cutoff_hz` low-pass; its robust SD over the recording
///    (1.4826 · MAD) is the noise the impact must stand out of, so the test follows each recording's
///    amplitude and noise, not a constant in m/s². Evaluated only on a subsample and in the windows:
///    the cost grows with the number of ICs, not with the length of the recording.
/// 2. Window: from `search_before_s` before the end of the forward swing (the smoothed pitch rate's
///    last fall through zero before IC) to `search_after_s` after IC. No impact when the transient
///    stays below `min_impact_ratio` · noise there, or the window holds a NaN sample.
/// 3. Onset: the first rise of |acc| in the window at least `first_rise_fraction` as steep as its
///    steepest (the heel's impact, not a later forefoot or loading transient), then the |acc| trough at
///    most `onset_lookback_s` before it (the last quiet sample before the jump).
/// ICs without a visible impact get no ic_contact, and a flag `shank_contact_missing` says how many
/// (a signal without impacts — simulated, heavily smoothed, or built from orientations — gives none).
/// Against the same leg's foot-IMU IC on the MovingReality stroke recordings (tests/validation,
/// docs/shank.md): medians −20 to +20 ms per leg, pooled mean |error| 14.6 ms, against +10 to +30 ms
/// and 25.0 ms for the pitch-rate IC; closer on 22 of 24 legs. Recall 92-100 %: weak heel strikes
/// are left out rather than guessed.
/// @param result detect_shank_events' output for this recording (its IC, stride and smoothed rate)
/// @param acc_mps2 (n, 3) specific force of the same samples, any frame; NaN rows allowed (skipped)
/// @throws InvalidArgument when the sample counts differ or a parameter is out of range
inline void detect_shank_contacts(ShankEventResult& result, const Vec3Series& acc_mps2,
                                  const ShankContactParams& params = {}) {
  SECONDHEART_CHECK(params.search_before_s >= 0 && params.search_after_s >= 0 && params.onset_lookback_s >= 0 &&
                        params.residual_cutoff_hz > 0 && params.min_impact_ratio > 0 &&
                        params.first_rise_fraction > 0 && params.first_rise_fraction <= 1,
                    "detect_shank_contacts: expected non-negative windows and positive cutoff and ratio, got ",
                    params.search_before_s, ", ", params.search_after_s, ", ", params.onset_lookback_s, " s, ",
                    params.residual_cutoff_hz, " Hz, ratio ", params.min_impact_ratio, ", first-rise fraction ",
                    params.first_rise_fraction, " (expected in (0, 1])");
  const Series& fine = result.smoothed_rate_dps;
  const Index n = acc_mps2.rows();
  SECONDHEART_CHECK(fine.size() == n, "detect_shank_contacts: expected ", fine.size(),
                    " acceleration samples (as many as the pitch rate), got ", n);
  result.ic_contact.clear();
  const double fs = result.events.sampling_rate_hz;
  if (result.events.ic.empty() || n < 3 || !(fs > 0)) return;
  const std::string who = std::string(to_string(result.events.side)) + " shank";

  // The transient is |acc| minus its near-Gaussian low-pass (dsp::gaussian_lowpass: three boxes of
  // `half`), evaluated only where it is needed — a subsample for the noise and the windows around
  // the ICs — so a day-long recording costs no full-length pass. NaN where the kernel meets a gap.
  const double sigma = 0.1325 / params.residual_cutoff_hz * fs;
  const auto half = static_cast<Index>(std::max(0.0, std::round((std::sqrt(4.0 * sigma * sigma + 1.0) - 1.0) / 2.0)));
  std::vector<double> kernel(1, 1.0);  // box * box * box, normalised
  for (int pass = 0; pass < 3; ++pass) {
    std::vector<double> wider(kernel.size() + static_cast<std::size_t>(2 * half), 0.0);
    for (std::size_t i = 0; i < kernel.size(); ++i)
      for (Index k = 0; k <= 2 * half; ++k)
        wider[i + static_cast<std::size_t>(k)] += kernel[i] / static_cast<double>(2 * half + 1);
    kernel.swap(wider);
  }
  const Index reach = 3 * half;
  const auto magnitude = [&](Index i) { return acc_mps2.row(std::clamp<Index>(i, 0, n - 1)).norm(); };
  const auto transient = [&](Index i) {
    double mean = 0.0;
    for (Index k = -reach; k <= reach; ++k) mean += kernel[static_cast<std::size_t>(k + reach)] * magnitude(i + k);
    return magnitude(i) - mean;
  };

  // Noise: 1.4826 · MAD of the transient over at most ~250 000 evenly spaced samples (selection, not
  // sorting). A floor keeps a perfectly smooth |acc| from turning any wiggle into an "impact".
  const Index step = std::max<Index>(1, n / 250000);
  std::vector<double> spread;
  spread.reserve(static_cast<std::size_t>(n / step + 1));
  for (Index i = 0; i < n; i += step) {
    const double r = transient(i);
    if (std::isfinite(r)) spread.push_back(r);
  }
  if (spread.empty()) {
    result.flags.push_back({"shank_contact_missing", result.events.side,
                            who + ": no finite acceleration: no contact-aligned IC (IC is the pitch-rate minimum)",
                            FlagSeverity::Info});
    return;
  }
  const auto middle = spread.begin() + static_cast<std::ptrdiff_t>(spread.size() / 2);
  std::nth_element(spread.begin(), middle, spread.end());
  const double centre = *middle;
  for (auto& v : spread) v = std::abs(v - centre);
  std::nth_element(spread.begin(), middle, spread.end());
  const double noise = std::max(1.4826 * *middle, 1e-3 * standard_gravity_mps2);
  result.impact_noise_mps2 = noise;

  const auto samples = [&](double s) { return static_cast<Index>(std::round(s * fs)); };
  const double period_samples = std::isfinite(result.stride_period_s) ? result.stride_period_s * fs : 1.1 * fs;
  const Index before = samples(params.search_before_s), after = samples(params.search_after_s);
  const Index lookback = samples(params.onset_lookback_s);
  std::vector<double> norm;  // |acc| of one window (and its lookback), reused across ICs
  Index missing = 0;
  for (Index ic : result.events.ic) {
    // End of the forward swing: walk back through the non-positive rate before IC (at most half a stride).
    const Index limit = std::max<Index>(0, ic - static_cast<Index>(std::round(0.5 * period_samples)));
    Index swing_end = ic;
    while (swing_end > limit && fine[swing_end] <= 0) --swing_end;
    const Index lo = std::max<Index>(1, swing_end - before);
    const Index hi = std::min<Index>(n, ic + after + 1);  // exclusive
    const Index first = std::max<Index>(0, lo - 1 - lookback);
    norm.resize(static_cast<std::size_t>(hi - first));
    const auto at = [&](Index i) -> double& { return norm[static_cast<std::size_t>(i - first)]; };
    bool finite = hi - lo >= 2;
    double peak = 0.0;
    for (Index i = first; i < hi && finite; ++i) {
      at(i) = magnitude(i);
      finite = std::isfinite(at(i));
    }
    for (Index i = lo; i < hi && finite; ++i) {
      const double r = transient(i);
      finite = std::isfinite(r);
      peak = std::max(peak, std::abs(r - centre));
    }
    if (!finite) {
      ++missing;
      continue;
    }
    double steepest = -std::numeric_limits<double>::infinity();
    Index rise = lo;
    for (Index i = lo; i < hi; ++i)
      if (at(i) - at(i - 1) > steepest) {
        steepest = at(i) - at(i - 1);
        rise = i;
      }
    if (peak < params.min_impact_ratio * noise || !(steepest > 0)) {
      ++missing;
      continue;
    }
    for (Index i = lo; i < rise; ++i)
      if (at(i) - at(i - 1) >= params.first_rise_fraction * steepest) {
        rise = i;
        break;
      }
    Index onset = std::max<Index>(first, rise - lookback);
    for (Index i = onset + 1; i <= rise; ++i)
      if (at(i) <= at(onset)) onset = i;  // the last of equal troughs: the last quiet sample
    result.ic_contact.push_back(onset);
  }
  std::sort(result.ic_contact.begin(), result.ic_contact.end());
  result.ic_contact.erase(std::unique(result.ic_contact.begin(), result.ic_contact.end()), result.ic_contact.end());
  if (missing > 0)
    result.flags.push_back({"shank_contact_missing", result.events.side,
                            who + ": no heel-strike impact visible in |acc| at " + std::to_string(missing) + " of " +
                                std::to_string(result.events.ic.size()) +
                                " ICs: no contact-aligned IC there (IC is the pitch-rate minimum after contact)",
                            FlagSeverity::Info});  // no metric uses ic_contact: nothing becomes NaN or less reliable
}

/// Convenience: events from a raw shank recording (any frame) via orientation::shank_pitch, with the
/// contact-aligned IC from its accelerometer (detect_shank_contacts).
/// @throws InvalidArgument as orientation::shank_pitch and detect_shank_events
inline ShankEventResult detect_shank_events(const ImuRecording& shank, const ShankEventParams& params = {},
                                            const orientation::ShankPitchParams& pitch_params = {},
                                            const ShankContactParams& contact_params = {}) {
  const orientation::ShankPitchResult pitch = orientation::shank_pitch(shank, pitch_params);
  ShankEventResult out = detect_shank_events(pitch.pitch_rate_dps, shank.sampling_rate_hz, shank.side, params);
  detect_shank_contacts(out, shank.acc_mps2, contact_params);
  out.flags.insert(out.flags.begin(), pitch.flags.begin(), pitch.flags.end());
  return out;
}

}  // namespace secondheart::events
