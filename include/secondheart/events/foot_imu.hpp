/// @file
/// Gait events from one foot-worn IMU already in the segment frame (x forward, y left, z up;
/// orientation/alignment.hpp gets it there). Every time constant is in seconds or Hz and is
/// converted with the sampling rate, so 100 Hz and 200 Hz recordings give the same events.
///
/// The signal is the sagittal pitch rate w = −gyr_y (deg/s, toes up positive), low-passed.
/// - Mid-swing: the large positive lobe of w (the foot rotates toes-up while it swings forward).
///   Peaks above a fraction of the recording's own 99th percentile count; two peaks with no foot
///   rest between them belong to one swing (double-humped swings), and the larger is its mid-swing,
///   unless the foot landed between them (a dip of w below zero with an impact of at least 1 g, an
///   order of magnitude above the jerk at the first peak): in stair descent the forefoot lands first and the
///   heel lowering after it is a second, often larger, toes-up lobe; the first peak is mid-swing.
/// - FC (toe-off): w is at its most negative just before toe-off (fast plantarflexion) and crosses
///   zero at the foot's lowest pitch just after it; toe-off lies half-way between the two.
/// - IC (heel strike): after the swing the foot pitches up to its maximum (w crosses zero) and
///   the heel contact starts the fast rotation to foot-flat: IC is the steepest fall of w between
///   that zero crossing and the following minimum.
/// - The heel strikes before the foot comes to rest: the IC search ends where a rest begins.
/// - Turning swings (the foot turns about the vertical by more than 20° from FC to IC) do not
///   follow the walking pitch pattern: when the jerk at the pitch-rate IC is below half the largest
///   jerk nearby (before the foot's rest), IC is the start of that impact.
/// - Pivot steps (a movement between two rests, as fast as the swings, with a push-off and a little
///   toes-up rotation but no pitch peak above the threshold): FC where the gyro-norm motion rises
///   through half its peak, IC at the start of the largest impact after the fastest rotation.
/// - The start of an impact: going back from the peak of the averaged jerk while it stays above 70 %
///   of that peak (the contact begins the impact; the 0.09 s average peaks a few samples into it).
/// - A "swing" shorter than 0.12 s from FC to IC that starts within 0.25 s of the previous IC is a
///   hump after the heel strike and is dropped; after a real stance it is a weak step whose
///   mid-swing moves to the earlier pitch peak.
/// - MS: the sample of least motion in the stance between IC and the next FC.
/// - HO: going back from the push-off minimum of w, the first sample where the toes-down rotation
///   is still below 10 % of its peak: the foot starts to pitch down after mid-stance.
/// Against references (tests/validation): hand-labelled healthy events (Voisard et al., development
/// subjects 1-12, U-turns included) median |error| one sample (10 ms), signed median 0; motion capture
/// (gaitmap example, 204.8 Hz) FC median |error| one sample, IC a bias of +19.5 ms (four samples: this
/// IC is the rotation onset after contact, the mocap IC the contact). On the synthetic walker ICs are
/// within one sample by construction (its default IcModel places this IC feature at the true IC); with
/// synth::IcModel::HeelHeight (smooth landing) they come 135-140 ms early (tests/cpp/events).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/events.hpp"
#include "secondheart/core/types.hpp"
#include "secondheart/orientation/zero_velocity.hpp"

namespace secondheart::events {

struct FootEventParams {
  orientation::ZeroVelocityParams zero_velocity;
  double lowpass_hz = 15.0;             ///< low-pass of the pitch rate before feature search (Hz)
  /// Mid-swing peaks must exceed this fraction of the 99th percentile of the pitch rate.
  double swing_peak_fraction = 0.2;
  double min_swing_peak_dps = 20.0;     ///< and this absolute floor (deg/s): below it nothing swings
  /// Fixed mid-swing peak threshold (deg/s); NaN = swing_peak_fraction of the recording's own 99th
  /// percentile (a stream can give the whole recording's).
  double swing_peak_threshold_dps = NaN;
  double min_swing_separation_s = 0.4;  ///< two mid-swings closer than this are one swing (s)
  double max_swing_search_s = 0.6;      ///< FC/IC are searched at most this far from mid-swing (s)
  double min_swing_duration_s = 0.12;   ///< shorter FC -> IC "swings" right after an IC are bumps (s)
  double min_stance_s = 0.25;           ///< ... when they start less than this after the previous IC (s)
  /// Pivot steps (a movement between two rests without a pitch peak above the threshold) count when
  /// their motion peak reaches this fraction of the median motion at mid-swing (0 disables).
  double pivot_motion_fraction = 0.5;
  /// Turning swings: the foot turns about the vertical by more than this from FC to IC (deg, integral
  /// of gyr_z; the pipeline's max_turn_deg for strides).
  double turn_heading_deg = 20.0;
  /// A turning swing's IC moves to the largest nearby impact when the jerk at the pitch-rate IC is
  /// below this fraction of it (0 disables).
  double turn_impact_ratio = 0.5;
  /// Turning and pivot ICs are the start of their impact: the averaged jerk, going back from its
  /// peak, still at least this fraction of the peak (the jerk is averaged over 0.09 s, so its peak
  /// lies a few samples into the impact; 0 = the peak itself).
  double impact_onset_fraction = 0.7;
  double heel_off_fraction = 0.1;       ///< HO: toes-down rate below this fraction of its push-off peak
  /// Two pitch peaks of one movement with an impact between them (averaged jerk at least this times
  /// that at the first peak) are a landing and the heel lowering after it: the first is mid-swing
  /// (0 disables; see detect_foot_events).
  double landing_jerk_ratio = 10.0;
};

/// One swing (FC -> IC) with the stance that follows it (IC -> next FC); -1 = not found.
struct FootSwing {
  Index fc = -1;          ///< toe-off before this swing
  double fc_subsample = NaN;  ///< toe-off as a fractional sample index (the angle at FC is interpolated there)
  Index mid_swing = -1;   ///< peak toes-up rate
  Index ic = -1;          ///< heel strike ending this swing
  Index ms = -1;          ///< least motion in the following stance (inside a rest run when rest_after)
  Index ho = -1;          ///< heel-off in the following stance
  bool rest_before = false;  ///< a zero-velocity run lies between the previous swing and this one
  bool rest_after = false;   ///< a zero-velocity run lies between this swing and the next one
};

struct FootEventResult {
  GaitEvents events;                         ///< IC/FC/HO/MS of the foot
  std::vector<FootSwing> swings;             ///< in time order
  Series pitch_rate_dps;                     ///< low-passed w = −gyr_y (toes up positive)
  orientation::ZeroVelocityResult zero_velocity;
  double swing_peak_threshold_dps = NaN;     ///< threshold used for mid-swing peaks
};

namespace detail {
/// Index of the zero-velocity run that contains or follows sample `i` (runs.size() if none).
inline std::size_t run_at_or_after(const std::vector<orientation::ZeroVelocityRun>& runs, Index i) {
  auto it = std::lower_bound(runs.begin(), runs.end(), i,
                             [](const orientation::ZeroVelocityRun& r, Index v) { return r.end <= v; });
  return static_cast<std::size_t>(it - runs.begin());
}
}  // namespace detail

/// Detects IC, FC, MS and HO of one foot, reusing a zero-velocity detection of the same recording
/// (it depends only on the gyro norm, so one computed before the alignment is valid after it).
/// `segment_from_sensor` rotates the given signals into the segment frame when they are still in
/// the sensor's (a day-long recording then needs no rotated copy: only the pitch-rate column and a
/// few yaw windows are rotated here); identity when they are in the segment frame already.
/// @throws InvalidArgument as below, or when `zero_velocity` does not cover the signal.
inline FootEventResult detect_foot_events(const Vec3Series& acc_mps2, const Vec3Series& gyr_dps,
                                          double sampling_rate_hz, Side side, const FootEventParams& params,
                                          orientation::ZeroVelocityResult zero_velocity,
                                          const Eigen::Matrix3d& segment_from_sensor = Eigen::Matrix3d::Identity());

/// Detects IC, FC, MS and HO of one foot.
/// @param acc_mps2 acceleration (n, 3), m/s², segment frame (its jerk marks the impact of turning
///        and pivot steps)
/// @param gyr_dps angular velocity (n, 3), deg/s, segment frame, finite
/// @param sampling_rate_hz sampling rate (Hz)
/// @param side side written into the events
/// @throws InvalidArgument on shape mismatch, an empty signal, a bad rate or bad parameters.
inline FootEventResult detect_foot_events(const Vec3Series& acc_mps2, const Vec3Series& gyr_dps,
                                          double sampling_rate_hz, Side side, const FootEventParams& params = {}) {
  SECONDHEART_CHECK(std::isfinite(sampling_rate_hz) && sampling_rate_hz > 0,
                    "detect_foot_events: expected sampling_rate_hz > 0, got ", sampling_rate_hz);
  SECONDHEART_CHECK(gyr_dps.rows() > 0, "detect_foot_events: expected at least one sample, got none");
  return detect_foot_events(acc_mps2, gyr_dps, sampling_rate_hz, side, params,
                            orientation::detect_zero_velocity(gyr_dps, sampling_rate_hz, params.zero_velocity));
}

inline FootEventResult detect_foot_events(const Vec3Series& acc_mps2, const Vec3Series& gyr_dps,
                                          double sampling_rate_hz, Side side, const FootEventParams& params,
                                          orientation::ZeroVelocityResult zero_velocity,
                                          const Eigen::Matrix3d& segment_from_sensor) {
  SECONDHEART_CHECK(std::isfinite(sampling_rate_hz) && sampling_rate_hz > 0,
                    "detect_foot_events: expected sampling_rate_hz > 0, got ", sampling_rate_hz);
  SECONDHEART_CHECK(acc_mps2.rows() == gyr_dps.rows(), "detect_foot_events: expected as many acc as gyro samples, got ",
                    acc_mps2.rows(), " and ", gyr_dps.rows());
  SECONDHEART_CHECK(gyr_dps.rows() > 0, "detect_foot_events: expected at least one sample, got none");
  SECONDHEART_CHECK(params.lowpass_hz > 0 && params.swing_peak_fraction > 0 && params.min_swing_separation_s > 0 &&
                        params.max_swing_search_s > 0 && params.heel_off_fraction > 0 && params.heel_off_fraction < 1 &&
                        params.min_swing_duration_s >= 0 && params.min_stance_s >= 0 &&
                        params.impact_onset_fraction >= 0 && params.impact_onset_fraction <= 1,
                    "detect_foot_events: expected positive lowpass_hz, swing_peak_fraction, min_swing_separation_s, "
                    "max_swing_search_s, heel_off_fraction in (0, 1), min_swing_duration_s >= 0, min_stance_s >= 0 and "
                    "impact_onset_fraction in [0, 1]");
  const double fs = sampling_rate_hz;
  const Index n = gyr_dps.rows();
  FootEventResult out;
  out.events.side = side;
  out.events.sampling_rate_hz = fs;
  SECONDHEART_CHECK(zero_velocity.motion_dps.size() == n && static_cast<Index>(zero_velocity.still.size()) == n,
                    "detect_foot_events: expected a zero-velocity result for the ", n, " samples, got one for ",
                    zero_velocity.motion_dps.size());
  out.zero_velocity = std::move(zero_velocity);
  const auto& runs = out.zero_velocity.runs;
  // Filtered straight from the gyro column, then negated (the filter is linear and a sign flip is
  // exact): no copy of the column.
  const bool segment_frame = segment_from_sensor.isIdentity(0.0);
  out.pitch_rate_dps =
      segment_frame ? orientation::foot_detail::lowpass_zero_phase(gyr_dps.col(1), fs, params.lowpass_hz)
                    : orientation::foot_detail::lowpass_zero_phase(gyr_dps * segment_from_sensor.row(1).transpose(),
                                                                   fs, params.lowpass_hz);
  out.pitch_rate_dps = -out.pitch_rate_dps;
  const Series& w = out.pitch_rate_dps;
  if (n < 3) return out;

  if (std::isfinite(params.swing_peak_threshold_dps)) {
    out.swing_peak_threshold_dps = params.swing_peak_threshold_dps;
  } else {
    // The 99th percentile from every sample of short recordings, from 20 000 spread evenly over long
    // ones, which estimate it as well.
    const Index every = std::max<Index>(1, n / 20000);
    std::vector<double> values(static_cast<std::size_t>((n + every - 1) / every));
    for (std::size_t k = 0; k < values.size(); ++k) values[k] = w[static_cast<Index>(k) * every];
    const double p99 = orientation::foot_detail::quantile(std::move(values), 0.99);
    out.swing_peak_threshold_dps = std::max(params.swing_peak_fraction * p99, params.min_swing_peak_dps);
  }
  const double thr = out.swing_peak_threshold_dps;

  // Averaged jerk norm at i (m/s³): mean of |a[k] - a[k-1]| * fs over about 0.09 s; computed only
  // where it is needed (pivot bouts, around the ICs of turning swings, between merged peaks).
  const Index jerk_half = std::max<Index>(1, static_cast<Index>(std::lround(0.04 * fs)));
  auto jerk = [&](Index i) {
    double sum = 0;
    Index count = 0;
    for (Index k = std::max<Index>(1, i - jerk_half); k <= std::min(n - 1, i + jerk_half); ++k, ++count)
      sum += (acc_mps2.row(k) - acc_mps2.row(k - 1)).norm();  // a norm: the same in any frame
    return count > 0 ? sum * fs / static_cast<double>(count) : 0.0;
  };
  // The foot landed between two pitch peaks of one movement when the pitch rate dips below zero
  // between them with an impact in the dip: its largest averaged jerk is more than
  // landing_jerk_ratio times the jerk at the first peak (the foot in the air), and a change of at
  // least 1 g within the averaging window (a real impact: a constant or gyro-only acceleration
  // never lands). The later peak is then the heel lowering after a forefoot landing (stair
  // descent), not a second swing hump.
  const double min_impact = standard_gravity_mps2 * fs / static_cast<double>(2 * jerk_half + 1);
  // The start of the impact whose averaged jerk peaks at `peak` (turning and pivot ICs): back from
  // the peak while the jerk stays at least impact_onset_fraction of it, no further back than `lo`.
  auto impact_onset = [&](Index peak, Index lo) {
    if (!(params.impact_onset_fraction > 0)) return peak;
    const double level = params.impact_onset_fraction * jerk(peak);
    Index i = peak;
    while (i > lo && jerk(i - 1) >= level) --i;
    return i;
  };
  auto landed_between = [&](Index first, Index second) {
    if (!(params.landing_jerk_ratio > 0)) return false;
    Index dip_begin = first, dip_end = second;  // the samples with w < 0: [dip_begin, dip_end]
    while (dip_begin < second && w[dip_begin] >= 0.0) ++dip_begin;
    if (dip_begin >= second) return false;
    while (dip_end > dip_begin && w[dip_end] >= 0.0) --dip_end;
    double impact = 0.0;
    for (Index k = dip_begin; k <= dip_end; ++k) impact = std::max(impact, jerk(k));
    return impact >= min_impact && impact > params.landing_jerk_ratio * jerk(first);
  };
  // Mid-swing candidates: local maxima above the threshold, one per swing.
  std::vector<Index> peaks;
  const auto min_sep = static_cast<Index>(std::lround(params.min_swing_separation_s * fs));
  Index last_negative = -1;  // latest sample before the candidate i with w < 0
  Index scanned = 0;         // samples before this have been searched for it
  for (Index i = 1; i + 1 < n; ++i) {
    if (!(w[i] > thr && w[i] >= w[i - 1] && w[i] > w[i + 1])) continue;
    // Searched back from i to the last candidate: each sample once, and mostly a few samples (the
    // pitch rate dips below zero in every stance).
    for (Index j = i - 1; j >= scanned; --j)
      if (w[j] < 0.0) {
        last_negative = j;
        break;
      }
    scanned = i;
    if (!peaks.empty()) {
      const Index last = peaks.back();
      // Same swing when close, or when the foot does not come to rest in between.
      bool rest_between = false;
      const std::size_t r = detail::run_at_or_after(runs, last);
      if (r < runs.size() && runs[r].begin > last && runs[r].end <= i) rest_between = true;
      // w returns to about zero (a stance) even without a detected rest: the latest negative sample,
      // searched back only to the previous candidate (merged peaks keep `last`, and a search back to
      // it made a rotation that never stops quadratic).
      const bool dip_between = last_negative >= last;
      if (i - last < min_sep || (!rest_between && !dip_between)) {
        if (w[i] > w[last] && !landed_between(last, i)) peaks.back() = i;
        continue;
      }
    }
    peaks.push_back(i);
  }
  // Pivot steps: in a turn the foot may be lifted and set down again with a large yaw rotation and
  // little pitch, so no pitch peak reaches the threshold. A movement between two rests without a
  // mid-swing, as fast as the recording's swings (its motion peak at least pivot_motion_fraction of
  // their median) and with a push-off (w dips below -min_swing_peak_dps) and a toes-up rotation
  // (w above min_swing_peak_dps), gets its largest toes-up pitch rate as mid-swing.
  const Series& motion = out.zero_velocity.motion_dps;
  struct PivotBout {
    Index fastest, begin, end;  // sample of peak motion; the bout [begin, end) between two rests
  };
  std::vector<PivotBout> pivots;  // in time order
  if (params.pivot_motion_fraction > 0 && !peaks.empty() && runs.size() >= 2) {
    std::vector<double> swing_motion;
    for (Index m : peaks) swing_motion.push_back(motion[m]);
    const double level = params.pivot_motion_fraction * orientation::foot_detail::median(swing_motion);
    std::size_t next_peak = 0;
    for (std::size_t r = 0; r + 1 < runs.size(); ++r) {
      const Index a = runs[r].end, b = runs[r + 1].begin;
      while (next_peak < peaks.size() && peaks[next_peak] < a) ++next_peak;
      if (next_peak < peaks.size() && peaks[next_peak] < b) continue;  // a detected swing
      if (b - a < min_sep / 2) continue;
      Index top = a, low = a, fastest = a;  // largest toes-up rate, push-off, largest motion
      for (Index i = a; i < b; ++i) {
        if (w[i] > w[top]) top = i;
        if (w[i] < w[low]) low = i;
        if (motion[i] > motion[fastest]) fastest = i;
      }
      if (motion[fastest] >= level && w[top] > params.min_swing_peak_dps && w[low] < -params.min_swing_peak_dps)
        pivots.push_back({fastest, a, b});
    }
    for (const PivotBout& p : pivots) peaks.push_back(p.fastest);
    std::sort(peaks.begin(), peaks.end());
  }
  // The pivot bout whose fastest sample is `m`, or nullptr.
  auto pivot_at = [&](Index m) -> const PivotBout* {
    auto it = std::lower_bound(pivots.begin(), pivots.end(), m, [](const PivotBout& p, Index v) { return p.fastest < v; });
    return it != pivots.end() && it->fastest == m ? &*it : nullptr;
  };

  const auto max_search = static_cast<Index>(std::lround(params.max_swing_search_s * fs));
  const auto min_rest = static_cast<Index>(std::lround(params.zero_velocity.window_s * fs));
  // MS: least motion in the stance after swing k (IC -> next mid-swing). The rest run there is the
  // quietest run whose rest sample lies in the stance, so brief dips of motion in terminal swing
  // are not taken for rest.
  auto stance_rest = [&](std::size_t k) {
    FootSwing& sw = out.swings[k];
    const Index a = sw.ic;
    const Index b = k + 1 < out.swings.size() ? out.swings[k + 1].mid_swing : std::min<Index>(n, a + 2 * max_search);
    if (b <= a) return;
    Index best = -1;
    for (std::size_t r = detail::run_at_or_after(runs, a); r < runs.size() && runs[r].begin < b; ++r) {
      // The quietest sample of the run's part inside the stance (a long standing run may have its
      // own quietest sample seconds later).
      const Index lo = std::max(runs[r].begin, a), hi = std::min(runs[r].end, b);
      if (hi <= lo) continue;
      Index quiet = 0;
      motion.segment(lo, hi - lo).minCoeff(&quiet);  // the first minimum
      quiet += lo;
      if (best < 0 || motion[quiet] < motion[best]) best = quiet;
    }
    sw.rest_after = best >= 0;
    if (best < 0) {
      motion.segment(a, b - a).minCoeff(&best);
      best += a;
    }
    sw.ms = best;
  };
  auto find_events = [&] {
    out.swings.assign(peaks.size(), FootSwing{});
    // Pass 1, IC: steepest fall of w between the terminal-swing pitch maximum and the following minimum.
    for (std::size_t k = 0; k < peaks.size(); ++k) {
      FootSwing& sw = out.swings[k];
      const Index m = peaks[k];
      sw.mid_swing = m;
      const Index next_m = k + 1 < peaks.size() ? peaks[k + 1] : n;
      Index hi = std::min<Index>({next_m - 1, m + max_search, n - 1});
      Index zc2 = m;
      while (zc2 < hi && w[zc2] > 0) ++zc2;
      // The heel strikes before the foot comes to rest: a rest that begins after mid-swing ends the
      // search (turning steps have no clear heel-strike lobe and their w wobbles on in the rest); when
      // w has not crossed zero before it, IC is the rest's first sample. The rest must be real: at
      // least as long as the motion averaging window (shorter dips are pauses in the air) with the
      // pitch rate below min_swing_peak_dps over that window (the local rest split also takes the
      // slow end of a first step, whose heel strike is still to come, for rest).
      auto pitch_still = [&](const orientation::ZeroVelocityRun& run) {
        if (run.end - run.begin < min_rest) return false;
        for (Index i = run.begin; i < run.begin + min_rest; ++i)
          if (std::abs(w[i]) >= params.min_swing_peak_dps) return false;
        return true;
      };
      for (std::size_t r = detail::run_at_or_after(runs, m + 1); r < runs.size() && runs[r].begin < hi; ++r) {
        if (runs[r].begin <= m || !pitch_still(runs[r])) continue;
        hi = runs[r].begin;
        zc2 = std::min(zc2, hi);
        break;
      }
      Index post = zc2;
      double post_w = w[zc2];  // kept as a value: no load waits on the last comparison
      for (Index i = zc2; i <= hi; ++i) {
        if (w[i] < post_w) post = i, post_w = w[i];
        if (w[i] > 0 && i > post) break;  // the heel-strike lobe is over
      }
      Index ic = zc2;
      double steepest = 0.0;
      for (Index i = std::max<Index>(zc2, 1); i <= post; ++i) {
        const double d = w[i] - w[i - 1];
        if (d < steepest) steepest = d, ic = i;
      }
      sw.ic = std::min(std::max<Index>(ic, m + 1), n - 1);
      if (const PivotBout* p = pivot_at(m)) {
        // Pivot: IC is the impact, the largest averaged jerk between the fastest rotation and the
        // rest, from its start.
        double best = -1;
        for (Index i = m + 1; i < p->end; ++i)
          if (const double j = jerk(i); j > best) best = j, sw.ic = i;
        sw.ic = impact_onset(sw.ic, m + 1);
      }
    }
    // Pass 2, MS (stance_rest).
    for (std::size_t k = 0; k < out.swings.size(); ++k) stance_rest(k);
    // Pass 3, FC and HO: FC half-way between the push-off minimum of w and its upward zero crossing;
    // HO back from that minimum while the toes-down rotation exceeds 10 % of its peak. The search
    // starts at the previous stance's rest (or the previous IC), never inside the previous swing.
    for (std::size_t k = 0; k < out.swings.size(); ++k) {
      FootSwing& sw = out.swings[k];
      const Index m = sw.mid_swing;
      sw.rest_before = k > 0 && out.swings[k - 1].rest_after;
      Index lo = std::max<Index>(0, m - max_search);
      if (k > 0) lo = std::max(lo, out.swings[k - 1].ms >= 0 ? out.swings[k - 1].ms : out.swings[k - 1].ic + 1);
      if (lo >= m) lo = std::max<Index>(0, m - 1);
      Index pm = lo;
      if (m > lo) {
        w.segment(lo, m - lo).minCoeff(&pm);  // the first minimum
        pm += lo;
      }
      if (w[pm] < 0) {
        Index zc = pm;
        while (zc < m && w[zc] < 0) ++zc;
        // linear interpolation of the crossing for a sub-sample mid-point
        const double crossing = zc > pm ? static_cast<double>(zc - 1) + (-w[zc - 1]) / (w[zc] - w[zc - 1]) : double(zc);
        sw.fc_subsample = 0.5 * (static_cast<double>(pm) + crossing);
        sw.fc = static_cast<Index>(std::lround(sw.fc_subsample));
        const double level = -params.heel_off_fraction * std::abs(w[pm]);
        Index ho = pm;
        while (ho > lo && w[ho - 1] < level) --ho;
        if (k > 0) out.swings[k - 1].ho = ho;  // heel-off belongs to the stance before this swing
      } else {
        sw.fc = pm;  // no plantarflexion lobe (shuffling): the last moment before the foot rotates up
        sw.fc_subsample = static_cast<double>(pm);
      }
      if (const PivotBout* p = pivot_at(m)) {
        // Pivot: FC is where the motion rises through half of its peak.
        Index fc = p->begin;
        while (fc < m && motion[fc] < 0.5 * motion[m]) ++fc;
        sw.fc = fc;
        sw.fc_subsample = static_cast<double>(fc);
      }
    }
    // Pass 4, turning swings (the foot turns about the vertical by more than turn_heading_deg from FC
    // to IC) do not follow the walking pitch pattern. When the jerk at the pitch-rate IC is below
    // turn_impact_ratio of the largest jerk between 0.1 s before it and the foot's rest (at most
    // 0.4 s after it), the heel strike is that later (or earlier) impact, from its start.
    if (params.turn_impact_ratio > 0) {
      const Index before = std::max<Index>(1, static_cast<Index>(std::lround(0.1 * fs)));
      const Index after = std::max<Index>(1, static_cast<Index>(std::lround(0.4 * fs)));
      const Index near = static_cast<Index>(std::lround(0.03 * fs));
      for (std::size_t k = 0; k < out.swings.size(); ++k) {
        FootSwing& sw = out.swings[k];
        if (sw.fc < 0 || sw.ic <= sw.fc || pivot_at(sw.mid_swing)) continue;
        Eigen::RowVector3d rotation = Eigen::RowVector3d::Zero();  // summed first, turned once (linear)
        for (Index i = sw.fc; i < sw.ic; ++i) rotation += gyr_dps.row(i);
        const double yaw = rotation.dot(segment_from_sensor.row(2));
        if (!(std::abs(yaw) / fs > params.turn_heading_deg)) continue;
        const Index lo = std::max(sw.ic - before, sw.mid_swing + 1);
        Index hi = std::min(sw.ic + after, n - 1);
        if (const std::size_t r = detail::run_at_or_after(runs, sw.ic); r < runs.size())
          hi = std::min(hi, std::max(runs[r].begin, sw.ic));
        if (k + 1 < out.swings.size() && out.swings[k + 1].fc > sw.ic) hi = std::min(hi, out.swings[k + 1].fc - 1);
        Index big = sw.ic;
        double largest = -1, at = 0;
        for (Index i = lo; i <= hi; ++i)
          if (const double j = jerk(i); j > largest) largest = j, big = i;
        for (Index i = std::max<Index>(0, sw.ic - near); i <= std::min(n - 1, sw.ic + near); ++i) at = std::max(at, jerk(i));
        if (big != sw.ic && at < params.turn_impact_ratio * largest) {
          sw.ic = impact_onset(big, lo);
          if (sw.ms >= 0 && sw.ms <= sw.ic) stance_rest(k);
        }
      }
    }
  };
  find_events();
  // A second pitch hump right after a heel strike (the end of a shuffle, a bump in the stance) is
  // not a step: a "swing" that lasts less than min_swing_duration_s from FC to IC and starts less
  // than min_stance_s after the previous IC is dropped and the events are found again without it.
  // A short swing after a real stance is a weak step whose mid-swing was put on the hump after its
  // heel strike (the larger of two): its mid-swing moves to the largest pitch peak between the
  // previous IC and its FC, when there is one above min_swing_peak_dps.
  const auto min_swing = static_cast<Index>(std::lround(params.min_swing_duration_s * fs));
  const auto min_stance = static_cast<Index>(std::lround(params.min_stance_s * fs));
  std::vector<Index> kept;
  bool changed = false;
  for (std::size_t k = 0; k < out.swings.size(); ++k) {
    const FootSwing& sw = out.swings[k];
    if (!(sw.fc >= 0 && sw.ic - sw.fc < min_swing)) {
      kept.push_back(sw.mid_swing);
      continue;
    }
    const Index prev_ic = k > 0 ? out.swings[k - 1].ic : -1;
    if (prev_ic >= 0 && sw.fc - prev_ic < min_stance) {  // a hump right after a heel strike
      changed = true;
      continue;
    }
    Index earlier = -1;
    for (Index i = std::max<Index>({prev_ic + 1, sw.fc - max_search, 1}); i < std::min(sw.fc, n - 1); ++i)
      if (w[i] > params.min_swing_peak_dps && w[i] >= w[i - 1] && w[i] > w[i + 1] && (earlier < 0 || w[i] > w[earlier]))
        earlier = i;
    changed = changed || earlier >= 0;
    kept.push_back(earlier >= 0 ? earlier : sw.mid_swing);
  }
  if (changed) {
    peaks = std::move(kept);
    find_events();
  }
  for (const FootSwing& sw : out.swings) {
    if (sw.fc >= 0) out.events.fc.push_back(sw.fc);
    if (sw.ic >= 0) out.events.ic.push_back(sw.ic);
    if (sw.ms >= 0) out.events.ms.push_back(sw.ms);
    if (sw.ho >= 0) out.events.ho.push_back(sw.ho);
  }
  for (auto* list : {&out.events.ic, &out.events.fc, &out.events.ms, &out.events.ho}) {
    std::sort(list->begin(), list->end());
    list->erase(std::unique(list->begin(), list->end()), list->end());
  }
  return out;
}

}  // namespace secondheart::events
