/// @file
/// Per-stride metrics of one foot IMU (segment frame): stride length and gait speed from the
/// drift-corrected trajectory, foot pitch at heel strike and toe-off, push-off rate and duration,
/// foot pitch range, swing height and (with a sensor-to-toe vector) minimum toe clearance, and
/// the heading change that marks turning strides.
///
/// A stride is IC_j -> IC_(j+1) of the foot. Its stance ends at FC_(j+1); its heel-off HO_j and
/// mid-stance MS_j lie in that stance. The trajectory of the stride is integrated rest -> rest
/// (MS_j -> MS_(j+1)), which contains the stride's swing; pitch at IC_j comes from the trajectory
/// of the previous rest -> rest interval, so every sample's pitch is drift-corrected at both ends.
///
/// Column names (units in the name):
///   stride_length_m, gait_speed_mps, heel_strike_angle_deg, toe_off_angle_deg,
///   peak_push_off_angular_velocity_dps, push_off_duration_s, foot_pitch_rom_deg, max_swing_height_m,
///   min_toe_clearance_m, heading_change_deg, stride_rise_m (the foot's height change over the stride,
///   rest to rest: ~0 on level floors, two risers on stairs; the activity stage reads it for terrain)
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/events.hpp"
#include "secondheart/core/table.hpp"
#include "secondheart/core/types.hpp"
#include "secondheart/events/foot_imu.hpp"
#include "secondheart/orientation/trajectory.hpp"

namespace secondheart::metrics {

struct FootMetricParams {
  /// Vector from the sensor to the toe tip in the segment frame (m); NaN = unknown -> no toe clearance.
  Eigen::Vector3d sensor_to_toe_m = Eigen::Vector3d::Constant(NaN);
  double max_rest_gap_s = 3.0;  ///< rest -> rest intervals longer than this are not integrated (s)
  double rest_window_s = 0.1;   ///< samples this close to each rest sample anchor gravity and zero velocity (s)
  /// Keep the per-sample series in the result: each stride's trajectory (position, velocity, pitch,
  /// roll) and the foot pitch. The table does not need them: without them nothing is allocated per
  /// stride and no arcsine is taken per sample.
  bool keep_trajectories = true;
};

struct FootMetricsResult {
  CycleTable table;                                     ///< source "foot_imu", status Valid (pipeline validates)
  std::vector<orientation::StrideTrajectory> trajectories;  ///< rest -> rest, in time order (keep_trajectories)
  Series pitch_deg;  ///< foot pitch per sample, NaN where no trajectory (keep_trajectories; empty otherwise)
};

inline const std::vector<std::string>& foot_imu_columns() {
  static const std::vector<std::string> columns = {
      "stride_length_m",        "gait_speed_mps",         "heel_strike_angle_deg", "toe_off_angle_deg",
      "peak_push_off_angular_velocity_dps", "push_off_duration_s",    "foot_pitch_rom_deg",    "max_swing_height_m",
      "min_toe_clearance_m",    "heading_change_deg",     "stride_rise_m"};
  return columns;
}

/// Minimum toe clearance of one swing from its toe heights `height[0..count)` (FC to IC): the dip
/// between the swing's two maxima (after toe-off, before heel strike). The highest peak is one of
/// them, the other the highest peak on either side of it; a dip counts when both maxima rise above
/// it by 5 % of the swing's height range (wiggles of the toe near the ground at toe-off are not a
/// swing maximum). NaN without such a dip.
inline double min_toe_clearance(const double* height, Index count) {
  auto is_peak = [&](Index i) {  // inside the swing, risen into and not higher after
    return i > 0 && i + 1 < count && height[i] > height[i - 1] && height[i] >= height[i + 1];
  };
  auto highest = [&](Index from, Index to) {  // highest peak in [from, to], -1 when none
    Index best = -1;
    for (Index i = from; i <= to; ++i)
      if (is_peak(i) && (best < 0 || height[i] > height[best])) best = i;
    return best;
  };
  const Index top = highest(0, count - 1);
  if (top < 0) return NaN;
  const auto [lowest, highest_value] = std::minmax_element(height, height + count);
  const double margin = 0.05 * (*highest_value - *lowest);
  auto dip = [&](Index left, Index right) {  // lowest point strictly between two maxima, or NaN
    if (left < 0 || right - left < 2) return NaN;
    const double low = *std::min_element(height + left + 1, height + right);
    return low < std::min(height[left], height[right]) - margin ? low : NaN;
  };
  return std::fmin(dip(highest(0, top - 1), top), dip(top, highest(top + 1, count - 1)));  // fmin: the one that exists
}

/// Computes the per-stride metrics of one foot.
/// @param acc_mps2, gyr_dps signals (n, 3), m/s² and deg/s, finite, in the segment frame or in the
///        sensor's with `segment_from_sensor` (then each stride is integrated in the sensor's axes)
/// @param sampling_rate_hz sampling rate (Hz)
/// @param detected output of events::detect_foot_events on the same signals
/// @param correction sensor calibration in the frame of the signals, applied to each stride before
///        it is integrated (calibration::correction_in_frame; identity: none)
/// @throws InvalidArgument on mismatched shapes or a bad rate.
inline FootMetricsResult foot_stride_metrics(const Vec3Series& acc_mps2, const Vec3Series& gyr_dps,
                                             double sampling_rate_hz, const events::FootEventResult& detected,
                                             const FootMetricParams& params = {},
                                             const Eigen::Matrix3d& segment_from_sensor = Eigen::Matrix3d::Identity(),
                                             const calibration::AffineCorrection& correction = {}) {
  SECONDHEART_CHECK(std::isfinite(sampling_rate_hz) && sampling_rate_hz > 0,
                    "foot_stride_metrics: expected sampling_rate_hz > 0, got ", sampling_rate_hz);
  SECONDHEART_CHECK(acc_mps2.rows() == gyr_dps.rows() && detected.pitch_rate_dps.size() == acc_mps2.rows(),
                    "foot_stride_metrics: expected acc, gyro and the detected pitch rate with equal lengths, got ",
                    acc_mps2.rows(), ", ", gyr_dps.rows(), " and ", detected.pitch_rate_dps.size());
  const double fs = sampling_rate_hz;
  const Index n = acc_mps2.rows();
  const auto& swings = detected.swings;
  const auto& runs = detected.zero_velocity.runs;
  const Series& w = detected.pitch_rate_dps;
  FootMetricsResult out;
  // Sine of the foot pitch per sample (NaN where no trajectory): the table takes arcsines where it
  // needs angles (the extremes of the sines are those of the angles).
  Series pitch_sine = Series::Constant(n, NaN);
  auto pitch_at_sine = [](double sine) { return std::asin(std::clamp(sine, -1.0, 1.0)) * rad_to_deg; };
  auto pitch_at = [&](Index i) { return pitch_at_sine(pitch_sine[i]); };

  // Rest -> rest trajectories; traj_of[k] = trajectory MS_k -> MS_(k+1) (index into `integrated`) or -1.
  auto run_of = [&](Index sample) -> const orientation::ZeroVelocityRun* {
    const std::size_t r = events::detail::run_at_or_after(runs, sample);
    return r < runs.size() && runs[r].begin <= sample ? &runs[r] : nullptr;
  };
  // What the table reads of each trajectory, taken while its series are in the scratch.
  struct Integrated {
    double stride_length_m, heading_change_deg, max_swing_height_m, min_toe_clearance_m, rise_m;
  };
  std::vector<Integrated> integrated;
  std::vector<int> traj_of(swings.size(), -1);
  orientation::StrideScratch scratch;  // reused by every stride
  const bool with_toe = params.sensor_to_toe_m.allFinite();
  std::vector<double> toe_height;  // one stride's toe height above its rest height (with the lever arm)
  for (std::size_t k = 0; k + 1 < swings.size(); ++k) {
    if (!swings[k].rest_after || swings[k].ms < 0 || swings[k + 1].ms < 0 || !swings[k + 1].rest_after) continue;
    const auto* ra = run_of(swings[k].ms);
    const auto* rb = run_of(swings[k + 1].ms);
    if (!ra || !rb || ra == rb) continue;
    // Anchor each rest at the stance's mid-stance sample (inside the run).
    const orientation::ZeroVelocityRun a{ra->begin, ra->end, swings[k].ms};
    const orientation::ZeroVelocityRun b{rb->begin, rb->end, swings[k + 1].ms};
    if (static_cast<double>(b.rest - a.rest) > params.max_rest_gap_s * fs) continue;
    orientation::StrideTrajectory t = orientation::integrate_stride_into(
        acc_mps2, gyr_dps, fs, a, b, params.rest_window_s, segment_from_sensor, scratch,
        params.keep_trajectories ? orientation::StrideSeries::All
        : with_toe               ? orientation::StrideSeries::PitchRollAndHeight
                                 : orientation::StrideSeries::PitchAndHeight,
        correction);
    const double* position = scratch.position_m.data();  // (m, 3) row-major
    std::copy(scratch.pitch_sine.begin(), scratch.pitch_sine.end(), pitch_sine.data() + t.begin);
    // Swing height and toe clearance: between FC and IC of the swing in this trajectory (the stride
    // IC_k -> IC_(k+1) below, when its FC lies inside it).
    double swing_height = NaN, toe_clearance = NaN;
    const Index ic = swings[k].ic, fc = swings[k + 1].fc, next_ic = swings[k + 1].ic;
    const Index h0 = std::max(fc, t.begin), h1 = std::min(next_ic, t.end);
    if (ic >= 0 && fc > ic && fc < next_ic && h1 >= h0) {
      swing_height = -INFINITY;
      for (Index i = h0; i <= h1; ++i) swing_height = std::max(swing_height, position[3 * (i - t.begin) + 2]);
      if (!std::isfinite(swing_height)) swing_height = NaN;
      if (with_toe) {
        // Toe = sensor + R * lever; the z-row of R is (sin pitch, sin roll, ...) with the third from
        // unit norm, enough for the toe's height (yaw does not change z).
        const Eigen::Vector3d& lever = params.sensor_to_toe_m;
        auto toe_z = [&](Index i) {  // output sample i of the trajectory
          const double zx = scratch.pitch_sine[static_cast<std::size_t>(i)];
          const double zy = scratch.roll_sine[static_cast<std::size_t>(i)];
          const double zz = std::sqrt(std::max(0.0, 1.0 - zx * zx - zy * zy));
          return position[3 * i + 2] + zx * lever.x() + zy * lever.y() + zz * lever.z();
        };
        const double rest_z = toe_z(0);
        toe_height.clear();
        for (Index i = h0 - t.begin; i <= h1 - t.begin; ++i) toe_height.push_back(toe_z(i) - rest_z);
        toe_clearance = min_toe_clearance(toe_height.data(), static_cast<Index>(toe_height.size()));
      }
    }
    traj_of[k] = static_cast<int>(integrated.size());
    integrated.push_back({t.stride_length_m(), t.heading_change_deg, swing_height, toe_clearance, t.displacement_m.z()});
    if (params.keep_trajectories) {
      orientation::copy_series(scratch, t);
      out.trajectories.push_back(std::move(t));
    }
  }

  CycleTable& table = out.table;
  table.source = "foot_imu";
  table.sampling_rate_hz = fs;
  for (std::size_t j = 0; j + 1 < swings.size(); ++j) {
    Cycle c;
    c.side = detected.events.side;
    c.ic = swings[j].ic;
    c.next_ic = swings[j + 1].ic;
    c.fc = swings[j + 1].fc;
    c.ho = swings[j].ho;
    if (c.ic < 0 || c.next_ic <= c.ic) continue;
    if (!(c.fc > c.ic && c.fc < c.next_ic)) c.fc = -1, c.status = CycleStatus::Incomplete;
    if (!(c.ho > c.ic && (c.fc < 0 || c.ho < c.fc))) c.ho = -1;
    table.cycles.push_back(c);
  }
  const auto& cols = foot_imu_columns();
  table.columns = cols;
  table.values = Eigen::MatrixXd::Constant(table.rows(), static_cast<Index>(cols.size()), NaN);
  std::size_t j = 0;
  for (Index row = 0; row < table.rows(); ++row) {
    const Cycle& c = table.cycles[static_cast<std::size_t>(row)];
    while (j < swings.size() && swings[j].ic != c.ic) ++j;
    if (j + 1 >= swings.size()) break;
    auto set = [&](int col, double v) { table.values(row, col) = v; };
    const double stride_s = static_cast<double>(c.next_ic - c.ic) / fs;
    if (traj_of[j] >= 0) {
      const Integrated& t = integrated[static_cast<std::size_t>(traj_of[j])];
      set(0, t.stride_length_m);
      set(1, t.stride_length_m / stride_s);
      set(9, t.heading_change_deg);
      set(7, t.max_swing_height_m);
      set(8, t.min_toe_clearance_m);
      set(10, t.rise_m);
    }
    set(2, pitch_at(c.ic));  // NaN stays NaN
    if (c.fc >= 0) {
      // Pitch at the sub-sample FC: the foot pitches down at hundreds of deg/s around toe-off, so
      // half a sample is several degrees at 100 Hz.
      const double f = swings[j + 1].fc_subsample;
      const auto i0 = static_cast<Index>(std::floor(f));
      if (std::isfinite(f) && i0 >= 0 && i0 + 1 < n && std::isfinite(pitch_sine[i0]) && std::isfinite(pitch_sine[i0 + 1]))
        set(3, pitch_at(i0) + (f - static_cast<double>(i0)) * (pitch_at(i0 + 1) - pitch_at(i0)));
      else
        set(3, pitch_at(c.fc));
    }
    if (c.ho >= 0 && c.fc > c.ho) {
      double peak = 0;
      for (Index i = c.ho; i <= c.fc; ++i) peak = std::max(peak, -w[i]);
      set(4, peak);
      set(5, static_cast<double>(c.fc - c.ho) / fs);
    }
    double lo = INFINITY, hi = -INFINITY;
    bool complete = true;
    for (Index i = c.ic; i <= c.next_ic; ++i) {
      if (!std::isfinite(pitch_sine[i])) complete = false;
      lo = std::min(lo, pitch_sine[i]), hi = std::max(hi, pitch_sine[i]);
    }
    if (complete) set(6, pitch_at_sine(hi) - pitch_at_sine(lo));
  }
  if (params.keep_trajectories) out.pitch_deg = pitch_sine.unaryExpr(pitch_at_sine);
  return out;
}

}  // namespace secondheart::metrics
