/// @file
/// Foot-IMU pipeline: recording(s) -> gap bridging -> sensor-to-foot alignment -> events ->
/// cycles (validated, turns marked) -> per-stride metrics, for each foot IMU of a session.
/// Data problems never throw: they become quality flags and NaN metrics.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "secondheart/calibration/imu_calibration.hpp"
#include "secondheart/core/error.hpp"
#include "secondheart/core/recording.hpp"
#include "secondheart/core/result.hpp"
#include "secondheart/core/validate.hpp"
#include "secondheart/cycles/cycles.hpp"
#include "secondheart/dsp/gaps.hpp"
#include "secondheart/events/foot_imu.hpp"
#include "secondheart/metrics/foot_imu.hpp"
#include "secondheart/metrics/spatiotemporal.hpp"
#include "secondheart/orientation/alignment.hpp"

namespace secondheart::pipeline {

struct FootImuPipelineParams {
  orientation::FootAlignmentParams alignment;
  events::FootEventParams events;
  metrics::FootMetricParams metrics;
  cycles::CycleParams cycles;
  /// Accelerometer offset and scale and gyro bias from the recording's still periods, applied to the
  /// trajectory (stride length, heights, angles); events are detected on the signals as recorded.
  calibration::ImuCalibrationParams calibration;
  /// Calibrations of the sensors from elsewhere (a calibration protocol, or estimate_imu_calibration
  /// on another recording of the same sensor), [0] the left foot's, [1] the right's: used instead of
  /// estimating one from the recording.
  std::array<std::optional<calibration::ImuCalibration>, 2> known_calibration;
  /// Sensor-to-foot rotations from elsewhere (v_segment = R v_sensor; a stream's running estimate, or
  /// align_foot on another recording of the same mounting), [0] left, [1] right: used instead of
  /// estimating one from the recording (the declared frame is not checked against it).
  std::array<std::optional<Eigen::Matrix3d>, 2> known_alignment;
  /// What earlier data of the same sensors left (a stream's running estimates), [0] left, [1] right:
  /// AlignmentMoments added to the recording's own in the alignment, and still periods (begin/end on
  /// this recording's clock) used with its own in the calibration (calibration::merge_still_periods).
  std::array<orientation::AlignmentMoments, 2> earlier_alignment_moments{};
  std::array<std::vector<calibration::StillPeriod>, 2> earlier_still_periods;
  double max_turn_deg = 20.0;  ///< strides whose heading changes more are marked Turn (deg)
  double max_gap_s = 0.05;     ///< gaps up to this long are interpolated; longer ones make strides BadData (s)
  /// Saturation (clipping): a flat run of at least `saturation_min_samples` equal samples at a channel's
  /// own maximum or minimum (dsp::find_saturation) whose magnitude is at least `saturation_min_gyr_dps`
  /// (gyro) or `saturation_min_acc_mps2` (acc; 1.5 g) makes its strides BadData. The floors keep a
  /// still foot (0 deg/s, 9.81 m/s²) from reading as clipped; real ranges are 250-2000 deg/s and 2-16 g.
  Index saturation_min_samples = 3;
  double saturation_min_gyr_dps = 100.0;
  double saturation_min_acc_mps2 = 14.7;
  /// Minimum median mid-swing pitch rate (deg/s) below which a foot is flagged as barely swinging.
  double low_swing_dps = 100.0;
  /// A Segment-frame recording whose estimated alignment differs from identity by more than this is
  /// flagged as misplaced and corrected (deg).
  double max_mounting_error_deg = 30.0;
  /// Keep the segment-frame copies of the signals in FootImuAnalysis (acc_mps2, gyr_dps). Without
  /// them nothing rotates the whole recording: events rotate the pitch-rate column, the trajectory
  /// each stride (the same results; a day of one foot is 400 MB less).
  bool keep_segment_signals = true;
};

/// Everything computed for one foot, for callers who want more than the merged table.
struct FootImuAnalysis {
  Side side = Side::Left;
  double sampling_rate_hz = 0.0;
  orientation::FootAlignmentResult alignment;
  calibration::ImuCalibration calibration;  ///< sensor axes; what the trajectory was corrected with
  std::vector<calibration::StillPeriod> still_periods;  ///< the recording's own (without earlier_still_periods)
  Vec3Series acc_mps2;  ///< gap-bridged, segment frame, as recorded (not calibrated) (empty without keep_segment_signals)
  Vec3Series gyr_dps;   ///< gap-bridged, segment frame (empty without keep_segment_signals)
  events::FootEventResult events;
  metrics::FootMetricsResult metrics;  ///< table with statuses set by the cycle validation
  std::vector<dsp::Run> bad_data;      ///< gaps longer than max_gap_s, then saturated runs
  QualityFlags flags;
};

/// Runs the pipeline on one foot IMU.
/// @throws InvalidArgument when the recording is not a foot IMU, has a bad rate or mismatched shapes,
///         or its units look like g or rad/s (check_imu_units).
inline FootImuAnalysis analyze_foot_imu(const ImuRecording& rec, const FootImuPipelineParams& params = {}) {
  SECONDHEART_CHECK(rec.placement == Placement::Foot, "analyze_foot_imu: expected a foot IMU, got a ",
                    to_string(rec.placement), " IMU");
  SECONDHEART_CHECK(std::isfinite(rec.sampling_rate_hz) && rec.sampling_rate_hz > 0,
                    "analyze_foot_imu: expected sampling_rate_hz > 0, got ", rec.sampling_rate_hz);
  SECONDHEART_CHECK(rec.acc_mps2.rows() == rec.gyr_dps.rows(),
                    "analyze_foot_imu: expected as many acc as gyro samples, got ", rec.acc_mps2.rows(), " and ",
                    rec.gyr_dps.rows());
  check_imu_units(rec);  // m/s² and deg/s (readers convert declared units)
  const double fs = rec.sampling_rate_hz;
  const std::string name = std::string(to_string(rec.side)) + " foot IMU";
  FootImuAnalysis out;
  out.side = rec.side;
  out.sampling_rate_hz = fs;
  out.events.events.side = rec.side;
  out.events.events.sampling_rate_hz = fs;
  out.metrics.table.source = "foot_imu";
  out.metrics.table.sampling_rate_hz = fs;
  const Index n = rec.size();
  if (static_cast<double>(n) < 2.0 * fs) {
    out.flags.push_back({"too_short", rec.side, name + ": " + std::to_string(n) + " samples (" +
                                                    to_text(n / fs) + " s), fewer than 2 s: not analysed"});
    return out;
  }

  // Gaps: interpolate; long ones become bad-data runs. A recording without gaps is used as it is
  // (two copies of a day-long recording cost more than the checks).
  // One pass for both checks below: a sum is finite only when every term is (a NaN or an infinity
  // anywhere makes it NaN or infinite; a finite overflow only sends the recording to the slow path).
  const Eigen::Vector3d acc_sum = orientation::foot_detail::column_sums(rec.acc_mps2);
  const bool complete = acc_sum.allFinite() && orientation::foot_detail::column_sums(rec.gyr_dps).allFinite();
  Vec3Series filled_acc, filled_gyr;
  std::vector<std::uint8_t> gap_a, gap_g;
  if (!complete) {
    filled_acc = rec.acc_mps2, filled_gyr = rec.gyr_dps;
    gap_a = orientation::foot_detail::fill_gaps(filled_acc);
    gap_g = orientation::foot_detail::fill_gaps(filled_gyr);
  }
  const Vec3Series& acc = complete ? rec.acc_mps2 : filled_acc;
  const Vec3Series& gyr = complete ? rec.gyr_dps : filled_gyr;
  Index missing = 0, longest = 0;
  for (Index i = 0; i < n && !complete;) {
    if (!(gap_a[static_cast<std::size_t>(i)] || gap_g[static_cast<std::size_t>(i)])) {
      ++i;
      continue;
    }
    Index j = i;
    while (j < n && (gap_a[static_cast<std::size_t>(j)] || gap_g[static_cast<std::size_t>(j)])) ++j;
    missing += j - i;
    longest = std::max(longest, j - i);
    if (static_cast<double>(j - i) > params.max_gap_s * fs) {
      dsp::Run r;
      r.begin = i;
      r.end = j;
      out.bad_data.push_back(r);
    }
    i = j;
  }
  if (missing == n) {
    out.flags.push_back({"no_data", rec.side, name + ": every sample is missing"});
    return out;
  }
  if (missing > 0)
    out.flags.push_back({"gap", rec.side,
                         name + ": " + std::to_string(missing) + " missing samples (longest gap " +
                             to_text(static_cast<double>(longest) / fs) + " s) interpolated; " +
                             std::to_string(out.bad_data.size()) + " gaps longer than " +
                             to_text(params.max_gap_s) + " s make their strides bad_data"});

  // Saturation: clipped samples make the trajectory through them wrong (a gyro clipped at 250 deg/s
  // shortens the stride by a tenth, an accelerometer clipped at 2 g by a third), so their strides are
  // bad_data with NaN metrics.
  {
    Index clipped_runs = 0, clipped_samples = 0;
    std::string channels;
    for (int k = 0; k < 6; ++k) {
      const Series x = k < 3 ? Series(rec.acc_mps2.col(k)) : Series(rec.gyr_dps.col(k - 3));
      const dsp::SaturationResult sat = dsp::find_saturation(x, std::max<Index>(2, params.saturation_min_samples));
      if (sat.runs.empty() || !(sat.limit >= (k < 3 ? params.saturation_min_acc_mps2 : params.saturation_min_gyr_dps)))
        continue;
      const Index runs_before = clipped_runs;
      for (const dsp::Run& r : sat.runs) {
        if (!(std::abs(x[r.begin]) >= (k < 3 ? params.saturation_min_acc_mps2 : params.saturation_min_gyr_dps))) continue;
        out.bad_data.push_back(r);
        ++clipped_runs;
        clipped_samples += r.length();
      }
      if (clipped_runs == runs_before) continue;
      if (!channels.empty()) channels += ", ";
      channels += std::string(k < 3 ? "acc " : "gyr ") + "xyz"[k % 3];
      channels += " at ±" + to_text(sat.limit) + (k < 3 ? " m/s²" : " deg/s");
    }
    if (clipped_runs > 0)
      out.flags.push_back({"saturation", rec.side,
                           name + ": " + std::to_string(clipped_samples) + " samples in " + std::to_string(clipped_runs) +
                               " flat runs at the sensor's limit (" + channels +
                               "): clipped; their strides are bad_data with NaN metrics"});
  }

  // Over a recording the foot returns to rest, so the mean specific force is gravity. A dead
  // accelerometer (zeros: the unit check lets it through) has none: nothing below can be trusted.
  const double mean_acc_mps2 =
      (complete ? acc_sum : orientation::foot_detail::column_sums(acc)).norm() / static_cast<double>(n);
  if (!(mean_acc_mps2 > 0.5 * standard_gravity_mps2)) {
    out.flags.push_back({"no_gravity", rec.side,
                         name + ": the accelerometer does not read gravity (mean acceleration " +
                             to_text(mean_acc_mps2) +
                             " m/s², expected about 9.81): a dead sensor; not analysed"});
    return out;
  }

  // Alignment. A recording declared in the segment frame is checked against the estimate; a known
  // alignment is used as given.
  const auto& known_rot = params.known_alignment[rec.side == Side::Left ? 0 : 1];
  if (known_rot) {
    const bool rotation = known_rot->allFinite() && known_rot->determinant() > 0 &&
                          (*known_rot * known_rot->transpose() - Eigen::Matrix3d::Identity()).norm() < 1e-6;
    SECONDHEART_CHECK(rotation, "analyze_foot_imu: expected known_alignment of the ", to_string(rec.side),
                      " foot to be a rotation matrix (orthonormal, determinant +1), got [",
                      known_rot->format(Eigen::IOFormat(6, Eigen::DontAlignCols, " ", "; ")), "]");
    out.alignment.zero_velocity = orientation::detect_zero_velocity(gyr, fs, params.alignment.zero_velocity);
    out.alignment.segment_from_sensor = *known_rot;
    out.alignment.up_in_sensor = known_rot->row(2).transpose();
    out.alignment.sign_from_gait = true;
  } else {
    out.alignment = orientation::align_foot(acc, gyr, fs, rec.side, params.alignment,
                                            params.earlier_alignment_moments[rec.side == Side::Left ? 0 : 1]);
  }
  for (const auto& f : out.alignment.flags) out.flags.push_back(f);
  Eigen::Matrix3d rot = out.alignment.segment_from_sensor;
  if (rec.frame == AxesFrame::Segment && !known_rot) {
    const double error_deg = orientation::rotation_angle_deg(rot, Eigen::Matrix3d::Identity());
    const bool upside_down = out.alignment.up_in_sensor.z() < -0.5;
    const bool reversed = out.alignment.sign_from_gait && rot(0, 0) < -0.5 && !upside_down;
    if (upside_down)
      out.flags.push_back({"sensor_upside_down", rec.side,
                           name + ": gravity reads along −z at rest (up = " +
                               to_text(out.alignment.up_in_sensor.z()) +
                               "): the sensor is upside down; corrected by the estimated alignment"});
    if (reversed)
      out.flags.push_back({"sensor_reversed", rec.side,
                           name + ": the strides go along −x: the sensor points backwards (or is on the other foot "
                                  "with mirrored axes); corrected by the estimated alignment"});
    if (!upside_down && !reversed && error_deg > params.max_mounting_error_deg)
      out.flags.push_back({"sensor_misaligned", rec.side,
                           name + ": declared in the segment frame but " + to_text(error_deg) +
                               " deg away from the estimated foot frame; corrected"});
    // Keep the declared frame when the estimate cannot be trusted (no sign from gait).
    if (!out.alignment.sign_from_gait && !upside_down) rot = Eigen::Matrix3d::Identity();
  }
  out.alignment.segment_from_sensor = rot;
  if (params.keep_segment_signals) {
    out.acc_mps2 = orientation::rotate_rows(acc, rot);
    out.gyr_dps = orientation::rotate_rows(gyr, rot);
  }
  // The signals the stages read, and the rotation that still has to be applied to them.
  const Vec3Series& stage_acc = params.keep_segment_signals ? out.acc_mps2 : acc;
  const Vec3Series& stage_gyr = params.keep_segment_signals ? out.gyr_dps : gyr;
  const Eigen::Matrix3d stage_rot = params.keep_segment_signals ? Eigen::Matrix3d::Identity() : rot;

  // Rest detection depends on the gyro norm only: the alignment's result is reused when its settings
  // match (compared bitwise: the struct holds doubles only, and NaN means "automatic").
  static_assert(sizeof(orientation::ZeroVelocityParams) == 9 * sizeof(double), "compare every field");
  const bool same_rest_settings =
      std::memcmp(&params.alignment.zero_velocity, &params.events.zero_velocity, sizeof(orientation::ZeroVelocityParams)) == 0;
  out.events = events::detect_foot_events(stage_acc, stage_gyr, fs, rec.side, params.events,
                                         same_rest_settings
                                             ? std::move(out.alignment.zero_velocity)
                                             : orientation::detect_zero_velocity(gyr, fs, params.events.zero_velocity),
                                         stage_rot);
  out.alignment.zero_velocity = {};

  // Calibration from the still periods (sensor axes), applied to the strides' samples only.
  const auto& known = params.known_calibration[rec.side == Side::Left ? 0 : 1];
  if (!known) {
    out.still_periods = calibration::find_still_periods(acc, gyr, fs, out.events.zero_velocity.runs, params.calibration);
    const auto& earlier = params.earlier_still_periods[rec.side == Side::Left ? 0 : 1];
    out.calibration = calibration::estimate_imu_calibration(
        earlier.empty() ? out.still_periods : calibration::merge_still_periods(earlier, out.still_periods), fs,
        params.calibration);
  } else {
    out.calibration = *known;
  }
  for (auto f : out.calibration.flags) {
    f.side = rec.side;
    f.message = name + ": " + f.message;
    out.flags.push_back(std::move(f));
  }
  out.calibration.flags.clear();
  const calibration::AffineCorrection correction =
      calibration::correction_in_frame(out.calibration, params.keep_segment_signals ? rot : Eigen::Matrix3d::Identity(),
                                       params.calibration);
  out.calibration.applied = !correction.identity();
  if (out.calibration.still_periods > 0)
    out.flags.push_back({"imu_calibration", rec.side,
                         name + (known ? ": given calibration, " : ": ") + calibration::describe(out.calibration),
                         FlagSeverity::Info});
  out.metrics =
      metrics::foot_stride_metrics(stage_acc, stage_gyr, fs, out.events, params.metrics, stage_rot, correction);

  // Cycle validation (shared rules) + turns from the trajectory.
  const cycles::CycleResult checked = cycles::segment_cycles(out.events.events, params.cycles, out.bad_data);
  for (const auto& f : checked.flags)
    if (f.code != "too_few_cycles") out.flags.push_back(f);
  CycleTable& table = out.metrics.table;
  const Index heading_col = table.column_index("heading_change_deg");
  Index turns = 0, valid = 0;
  std::size_t v = 0;  // both lists are in time order
  for (Index r = 0; r < table.rows(); ++r) {
    Cycle& c = table.cycles[static_cast<std::size_t>(r)];
    while (v < checked.cycles.size() && checked.cycles[v].ic < c.ic) ++v;
    if (v < checked.cycles.size() && checked.cycles[v].ic == c.ic && checked.cycles[v].next_ic == c.next_ic &&
        c.status == CycleStatus::Valid)
      c.status = checked.cycles[v].status;
    const double heading = table.values(r, heading_col);
    if (c.status == CycleStatus::Valid && std::abs(heading) > params.max_turn_deg) c.status = CycleStatus::Turn, ++turns;
    if (c.status == CycleStatus::BadData) table.values.row(r).setConstant(NaN);
    if (c.valid()) ++valid;
  }
  if (turns > 0)
    out.flags.push_back({"cycles_turn", rec.side,
                         name + ": " + std::to_string(turns) + " strides turn by more than " +
                             to_text(params.max_turn_deg) + " deg (heading change); kept but not valid",
                         FlagSeverity::Info});
  if (valid < params.cycles.min_valid_cycles)
    out.flags.push_back({"too_few_cycles", rec.side,
                         name + ": " + std::to_string(valid) + " valid strides (of " + std::to_string(table.rows()) +
                             "), fewer than the " + std::to_string(params.cycles.min_valid_cycles) +
                             " needed for a reliable summary"});
  std::vector<double> peaks;
  for (const auto& sw : out.events.swings) peaks.push_back(out.events.pitch_rate_dps[sw.mid_swing]);
  const double median_peak = orientation::foot_detail::median(peaks);
  if (!peaks.empty() && median_peak < params.low_swing_dps)
    out.flags.push_back({"low_swing", rec.side,
                         name + ": the foot barely swings (median mid-swing pitch rate " + to_text(median_peak) +
                             " deg/s, below " + to_text(params.low_swing_dps) +
                             "); events and trajectory of this foot are less certain"});
  return out;
}

namespace detail {
/// The session's foot IMU on `side`, or nullptr. @throws InvalidArgument when there are two.
inline const ImuRecording* foot_imu(const Session& session, Side side) {
  Index count = 0;
  for (const auto& rec : session.imus)
    if (rec.placement == Placement::Foot && rec.side == side) ++count;
  SECONDHEART_CHECK(count <= 1, "analyze_foot_imus: expected at most one foot IMU per side, got ", count, " on the ",
                    to_string(side));
  return session.imu(Placement::Foot, side);
}
}  // namespace detail

/// Runs the foot-IMU pipeline on each foot IMU of the session (left first).
/// @throws InvalidArgument on bad recordings (see analyze_foot_imu) or two foot IMUs on one side.
inline std::vector<FootImuAnalysis> analyze_each_foot_imu(const Session& session,
                                                          const FootImuPipelineParams& params = {}) {
  std::vector<FootImuAnalysis> feet;
  for (Side side : {Side::Left, Side::Right}) {
    if (const ImuRecording* rec = detail::foot_imu(session, side)) feet.push_back(analyze_foot_imu(*rec, params));
  }
  return feet;
}

/// Merges the per-foot analyses into one result. The table (source "foot_imu") holds every stride
/// of both feet, left first, with the spatiotemporal columns (metrics/spatiotemporal.hpp) and the
/// foot-IMU columns (metrics/foot_imu.hpp).
/// @throws InvalidArgument when the two feet have different sampling rates.
inline PipelineResult merge_foot_imu_analyses(const std::vector<FootImuAnalysis>& feet) {
  PipelineResult result;
  result.cycles.source = "foot_imu";
  if (feet.empty()) {
    result.flags.push_back({"no_foot_imu", std::nullopt, "the session has no foot IMU"});
    return result;
  }
  if (feet.size() == 2)
    SECONDHEART_CHECK(feet[0].sampling_rate_hz == feet[1].sampling_rate_hz,
                      "analyze_foot_imus: expected both foot IMUs at one sampling rate, got ",
                      feet[0].sampling_rate_hz, " and ", feet[1].sampling_rate_hz, " Hz (resample one first)");
  CycleTable& table = result.cycles;
  table.sampling_rate_hz = feet[0].sampling_rate_hz;
  table.columns = metrics::foot_imu_columns();
  Index rows = 0;
  for (const auto& f : feet) rows += f.metrics.table.rows();
  table.values.resize(rows, static_cast<Index>(table.columns.size()));
  Index r = 0;
  for (const auto& f : feet) {
    result.events.push_back(f.events.events);
    for (const auto& fl : f.flags) result.flags.push_back(fl);
    for (Index k = 0; k < f.metrics.table.rows(); ++k, ++r) {
      table.cycles.push_back(f.metrics.table.cycles[static_cast<std::size_t>(k)]);
      table.values.row(r) = f.metrics.table.values.row(k);
    }
  }
  // Spatiotemporal columns first (stride/stance/swing/double support, cadence), then the foot-IMU ones.
  CycleTable temporal = table;
  temporal.columns.clear();
  temporal.values.resize(rows, 0);
  metrics::add_spatiotemporal(temporal, result.events);
  temporal.set_columns(table.columns, table.values);
  for (Index k = 0; k < rows; ++k)
    if (temporal.cycles[static_cast<std::size_t>(k)].status == CycleStatus::BadData) temporal.values.row(k).setConstant(NaN);
  result.cycles = std::move(temporal);
  return result;
}

/// Runs the foot-IMU pipeline on every foot IMU of the session keeping only what the merge and the
/// activity stage read: events, the table, flags and the sensor-to-segment rotation (no per-sample
/// series). A foot's series are freed before the next foot is analysed.
/// @throws InvalidArgument as analyze_foot_imu, or on two foot IMUs on one side.
inline std::vector<FootImuAnalysis> analyze_foot_imus_lean(const Session& session, const FootImuPipelineParams& params = {}) {
  FootImuPipelineParams lean = params;
  lean.keep_segment_signals = false;  // the merge does not read them
  lean.metrics.keep_trajectories = false;
  std::vector<FootImuAnalysis> feet;
  for (Side side : {Side::Left, Side::Right}) {
    const ImuRecording* rec = detail::foot_imu(session, side);
    if (!rec) continue;
    FootImuAnalysis full = analyze_foot_imu(*rec, lean);
    FootImuAnalysis& kept = feet.emplace_back();
    kept.side = full.side;
    kept.sampling_rate_hz = full.sampling_rate_hz;
    kept.alignment.segment_from_sensor = full.alignment.segment_from_sensor;
    kept.calibration = std::move(full.calibration);
    kept.events.events = std::move(full.events.events);
    kept.metrics.table = std::move(full.metrics.table);
    kept.flags = std::move(full.flags);
  }
  return feet;
}

/// Runs the foot-IMU pipeline on every foot IMU of the session and merges the sides
/// (analyze_foot_imus_lean, then merge_foot_imu_analyses).
/// @throws InvalidArgument on bad recordings (see analyze_foot_imu), two foot IMUs on one side, or
///         two foot IMUs at different rates.
inline PipelineResult analyze_foot_imus(const Session& session, const FootImuPipelineParams& params = {}) {
  return merge_foot_imu_analyses(analyze_foot_imus_lean(session, params));
}

}  // namespace secondheart::pipeline
