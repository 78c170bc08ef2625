/// @file
/// Shank sagittal pitch from one shank IMU: sensor-to-shank alignment into the DESIGN segment frame
/// (x forward, y left, z up along the shank when standing) and pitch from the gyroscope, its drift
/// removed against the gravity-referenced inclination of the accelerometer.
///
/// Shank pitch is positive when the distal end (ankle) is forward of the knee: about +15..+30° at
/// initial contact, −35..−55° at toe-off in healthy walking, 0 when standing upright. In the segment
/// frame the sagittal gyro is gyr_y = −d(pitch)/dt, so the forward swing of the shank is a large
/// positive pitch rate (the mid-swing peak used by events/shank_imu.hpp).
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/quality.hpp"
#include "secondheart/core/recording.hpp"
#include "secondheart/core/types.hpp"
#include "secondheart/dsp/smooth.hpp"

namespace secondheart::orientation {

// ------------------------------------------------------------------------------------------------
// Small helpers of the shank code (public for tests)
// ------------------------------------------------------------------------------------------------
namespace shank_detail {

/// The finite values, as a vector (for quantiles).
inline std::vector<double> finite_values(const Series& values) {
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(values.size()));
  for (Index i = 0; i < values.size(); ++i)
    if (std::isfinite(values[i])) out.push_back(values[i]);
  return out;
}

/// Quantile (nearest rank, 0 ≤ q ≤ 1) of finite values; NaN if none.
inline double quantile(std::vector<double> values, double q) {
  if (values.empty()) return NaN;
  const auto k = static_cast<std::size_t>(std::clamp(q, 0.0, 1.0) * static_cast<double>(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  return values[k];
}

/// Linear interpolation over NaN samples of each column (edges take the nearest finite value);
/// returns the mask of samples that were NaN. All-NaN columns become 0.
inline std::vector<bool> fill_gaps(Vec3Series& data) {
  std::vector<bool> gap(static_cast<std::size_t>(data.rows()), false);
  if (data.allFinite()) return gap;
  for (Index i = 0; i < data.rows(); ++i)
    if (!data.row(i).allFinite()) gap[static_cast<std::size_t>(i)] = true;
  for (Index c = 0; c < data.cols(); ++c) {
    Index last = -1;
    for (Index i = 0; i <= data.rows(); ++i) {
      if (i < data.rows() && std::isfinite(data(i, c))) {
        if (last + 1 < i) {  // fill (last, i)
          for (Index j = last + 1; j < i; ++j)
            data(j, c) = last < 0 ? data(i, c)
                                  : data(last, c) + (data(i, c) - data(last, c)) * static_cast<double>(j - last) /
                                                        static_cast<double>(i - last);
        }
        last = i;
      } else if (i == data.rows() && last + 1 < i) {
        for (Index j = last + 1; j < i; ++j) data(j, c) = last < 0 ? 0.0 : data(last, c);
      }
    }
  }
  return gap;
}

}  // namespace shank_detail

// ------------------------------------------------------------------------------------------------
// Static (standing) period
// ------------------------------------------------------------------------------------------------

/// A half-open sample range [begin, end); begin = end = -1 when none was found.
struct SampleRange {
  Index begin = -1;
  Index end = -1;
  bool found() const { return begin >= 0 && end > begin; }
  Index size() const { return found() ? end - begin : 0; }
};

struct StaticPeriodParams {
  double min_duration_s = 1.0;          ///< shortest run accepted as standing
  double max_gyro_dps = 10.0;           ///< smoothed ‖ω‖ must stay below this (quiet standing sways < 3 deg/s)
  double max_acc_deviation_mps2 = 0.6;  ///< smoothed |‖a‖ − g| must stay below this
  double smoothing_cutoff_hz = 2.0;     ///< of the norms before thresholding
};

/// Every run of samples where the IMU is still (smoothed gyro norm and |‖a‖ − g| below the limits
/// of `params`) for at least `min_duration_s`, in time order. NaN samples are never still.
/// @param acc_mps2 (n, 3) specific force in m/s²; @param gyr_dps (n, 3) angular velocity in deg/s
/// @param sampling_rate_hz > 0
/// @throws InvalidArgument on mismatched sizes, rate ≤ 0 or non-positive limits
inline std::vector<SampleRange> static_periods(const Vec3Series& acc_mps2, const Vec3Series& gyr_dps,
                                               double sampling_rate_hz, const StaticPeriodParams& params = {}) {
  SECONDHEART_CHECK(std::isfinite(sampling_rate_hz) && sampling_rate_hz > 0,
                    "sampling_rate_hz: expected a finite rate > 0 Hz, got ", sampling_rate_hz);
  SECONDHEART_CHECK(acc_mps2.rows() == gyr_dps.rows(), "expected as many accelerometer as gyroscope samples, got ",
                    acc_mps2.rows(), " and ", gyr_dps.rows());
  SECONDHEART_CHECK(params.min_duration_s > 0 && params.max_gyro_dps > 0 && params.max_acc_deviation_mps2 > 0 &&
                        params.smoothing_cutoff_hz > 0,
                    "StaticPeriodParams: expected positive duration, limits and cutoff, got ", params.min_duration_s,
                    " s, ", params.max_gyro_dps, " deg/s, ", params.max_acc_deviation_mps2, " m/s², ",
                    params.smoothing_cutoff_hz, " Hz");
  const Index n = acc_mps2.rows();
  Series gyro_norm(n), acc_dev(n);
  std::vector<bool> bad(static_cast<std::size_t>(n), false);
  for (Index i = 0; i < n; ++i) {
    const bool finite = acc_mps2.row(i).allFinite() && gyr_dps.row(i).allFinite();
    bad[static_cast<std::size_t>(i)] = !finite;
    gyro_norm[i] = finite ? gyr_dps.row(i).norm() : 1e6;
    acc_dev[i] = finite ? std::abs(acc_mps2.row(i).norm() - standard_gravity_mps2) : 1e6;
  }
  const Series g = dsp::gaussian_lowpass(gyro_norm, sampling_rate_hz, params.smoothing_cutoff_hz);
  const Series a = dsp::gaussian_lowpass(acc_dev, sampling_rate_hz, params.smoothing_cutoff_hz);
  const auto min_len = static_cast<Index>(std::ceil(params.min_duration_s * sampling_rate_hz));
  std::vector<SampleRange> runs;
  Index start = -1;
  for (Index i = 0; i <= n; ++i) {
    const bool still = i < n && !bad[static_cast<std::size_t>(i)] && g[i] < params.max_gyro_dps &&
                       a[i] < params.max_acc_deviation_mps2;
    if (still && start < 0) start = i;
    if (!still && start >= 0) {
      if (i - start >= min_len) runs.push_back({start, i});
      start = -1;
    }
  }
  return runs;
}

/// The longest still run (static_periods); not found() when there is none.
/// @throws InvalidArgument as static_periods
inline SampleRange find_static_period(const Vec3Series& acc_mps2, const Vec3Series& gyr_dps, double sampling_rate_hz,
                                      const StaticPeriodParams& params = {}) {
  SampleRange best;
  for (const SampleRange& run : static_periods(acc_mps2, gyr_dps, sampling_rate_hz, params))
    if (run.size() > best.size()) best = run;
  return best;
}

// ------------------------------------------------------------------------------------------------
// Sensor-to-shank alignment
// ------------------------------------------------------------------------------------------------

struct ShankAlignmentParams {
  StaticPeriodParams standing;         ///< how the standing period (gravity reference) is found
  double gyro_cutoff_hz = 6.0;         ///< low-pass of the gyro before the principal-axis analysis
  double min_sagittal_share = 0.5;     ///< below this share of gyro energy on the sagittal axis: flag
};

/// Rotation from the sensor frame to the shank segment frame: v_segment = sensor_to_segment · v_sensor.
/// Its rows are the segment axes x (forward), y (left), z (up along the shank) in sensor coordinates.
struct ShankAlignment {
  Eigen::Matrix3d sensor_to_segment = Eigen::Matrix3d::Identity();
  SampleRange standing;          ///< standing period that gave the vertical; not found -> mean over the recording
  double sagittal_share = NaN;   ///< fraction of the (low-passed) gyro energy about the segment y axis
  double swing_peak_dps = NaN;   ///< 99.5th percentile of the pitch rate after alignment (forward swing)
  QualityFlags flags;
};

/// Finds the sensor-to-shank rotation from the data alone, for either leg and any mounting:
/// z = the direction of gravity during the longest standing period (else the mean specific force of
/// the whole recording, biased by the mean shank inclination during walking: flagged);
/// y = the principal axis of the low-passed gyro (the sagittal rotation axis), made orthogonal to z;
/// its sign is chosen so that the largest lobe, the forward swing of the shank, is a positive pitch
/// rate (gyr_y < 0), which also mirrors a right-leg sensor into the same frame as a left one;
/// x = y × z (forward).
/// @param imu a shank IMU in its sensor frame (acc m/s², gyro deg/s); NaN samples are ignored
/// @throws InvalidArgument when the recording is empty, sizes differ or the rate is not positive
inline ShankAlignment align_shank(const ImuRecording& imu, const ShankAlignmentParams& params = {}) {
  SECONDHEART_CHECK(imu.size() > 0, "align_shank: expected a non-empty shank recording, got 0 samples");
  SECONDHEART_CHECK(imu.acc_mps2.rows() == imu.gyr_dps.rows(),
                    "align_shank: expected as many gyroscope as accelerometer samples, got ", imu.gyr_dps.rows(),
                    " and ", imu.acc_mps2.rows());
  SECONDHEART_CHECK(std::isfinite(imu.sampling_rate_hz) && imu.sampling_rate_hz > 0,
                    "align_shank: expected sampling_rate_hz > 0, got ", imu.sampling_rate_hz);
  SECONDHEART_CHECK(params.gyro_cutoff_hz > 0, "align_shank: expected gyro_cutoff_hz > 0, got ", params.gyro_cutoff_hz);
  ShankAlignment out;
  const Side side = imu.side;
  const Index n = imu.size();
  const double fs = imu.sampling_rate_hz;

  // Vertical: gravity while standing, else the mean specific force.
  out.standing = find_static_period(imu.acc_mps2, imu.gyr_dps, fs, params.standing);
  Eigen::Vector3d up = Eigen::Vector3d::Zero();
  Index used = 0;
  const Index from = out.standing.found() ? out.standing.begin : 0;
  const Index to = out.standing.found() ? out.standing.end : n;
  for (Index i = from; i < to; ++i)
    if (imu.acc_mps2.row(i).allFinite()) {
      up += imu.acc_mps2.row(i).transpose();
      ++used;
    }
  if (used == 0 || up.norm() < 1e-6) {
    out.flags.push_back({"shank_alignment_failed", side, "no finite accelerometer samples: alignment left as identity"});
    return out;
  }
  up.normalize();
  if (!out.standing.found())
    out.flags.push_back({"shank_no_standing_period", side,
                         "no standing period of at least " + to_text(params.standing.min_duration_s) +
                             " s: the shank vertical is the mean over the recording, so shank pitch is offset by the "
                             "mean walking inclination (a few degrees)"});

  // Sagittal axis: principal axis of the low-passed gyro, over the moving half of the recording.
  Vec3Series gyr = imu.gyr_dps;
  shank_detail::fill_gaps(gyr);
  Vec3Series smooth(n, 3);
  for (int c = 0; c < 3; ++c) smooth.col(c) = dsp::gaussian_lowpass(gyr.col(c), fs, params.gyro_cutoff_hz);
  // The 6 Hz signal is oversampled: every `step`-th sample (≥ 25 Hz) gives the same axis, faster.
  const Index step = std::max<Index>(1, static_cast<Index>(fs / 25.0));
  Eigen::Matrix3d scatter = Eigen::Matrix3d::Zero();
  for (Index i = 0; i < n; i += step) scatter += smooth.row(i).transpose() * smooth.row(i);
  if (!(scatter.trace() > 0)) {
    out.flags.push_back({"shank_alignment_failed", side, "the gyroscope never moves: no sagittal axis"});
    return out;
  }
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> eig(scatter);
  Eigen::Vector3d axis = eig.eigenvectors().col(2);
  axis -= axis.dot(up) * up;
  if (axis.norm() < 1e-3) {
    out.flags.push_back({"shank_alignment_failed", side,
                         "the main rotation axis is vertical (turning on the spot?): no sagittal axis"});
    return out;
  }
  axis.normalize();
  out.sagittal_share = axis.dot(scatter * axis) / scatter.trace();

  // Sign: the forward swing is the largest lobe and must be a positive pitch rate = negative gyr_y.
  std::vector<double> values(static_cast<std::size_t>((n + step - 1) / step));
  for (std::size_t k = 0; k < values.size(); ++k) values[k] = smooth.row(static_cast<Index>(k) * step).dot(axis);
  const double high = shank_detail::quantile(values, 0.995), low = shank_detail::quantile(values, 0.005);
  if (high > -low) axis = -axis;  // positive lobe of rate·axis would be a backward swing: flip
  const Eigen::Vector3d forward = axis.cross(up);
  out.sensor_to_segment.row(0) = forward.transpose();
  out.sensor_to_segment.row(1) = axis.transpose();
  out.sensor_to_segment.row(2) = up.transpose();
  out.swing_peak_dps = std::max(high, -low);
  if (out.sagittal_share < params.min_sagittal_share)
    out.flags.push_back({"shank_weak_sagittal_axis", side,
                         "only " + std::to_string(static_cast<int>(std::round(100 * out.sagittal_share))) +
                             " % of the shank rotation is about one axis: little walking, or a loose sensor"});
  return out;
}

/// Rotates every sample: out_i = rotation · data_i.
inline Vec3Series rotate(const Vec3Series& data, const Eigen::Matrix3d& rotation) {
  return data * rotation.transpose();
}

// ------------------------------------------------------------------------------------------------
// Shank pitch
// ------------------------------------------------------------------------------------------------

struct ShankPitchParams {
  /// Width (4 σ of the near-Gaussian kernel) over which the gyro pitch is referenced to gravity; it
  /// must span a few strides so walking accelerations average out.
  double gravity_window_s = 4.0;
  ShankAlignmentParams alignment;  ///< used when the recording is in its sensor frame
};

struct ShankPitchResult {
  Series pitch_deg;            ///< shank sagittal pitch, + = ankle forward of the knee, 0 standing upright
  Series pitch_rate_dps;       ///< d(pitch)/dt = −gyr_y (segment frame); + = shank swings forward
  double sampling_rate_hz = 0.0;
  ShankAlignment alignment;    ///< identity when the input was already in the segment frame
  std::vector<bool> gap;       ///< samples that were NaN in the input (interpolated here)
  QualityFlags flags;
};

/// Shank pitch from segment-frame signals. The pitch rate −gyr_y is integrated (θ_g, which drifts);
/// the specific force is rotated into the sagittal plane of the world with θ_g, and the angle c(t)
/// of its local mean (near-Gaussian kernel of `gravity_window_s`) from the vertical is the error of
/// θ_g: over whole strides the mean acceleration of a walking shank is zero, so the mean specific
/// force is gravity and must point straight up. Pitch = θ_g + c.
/// Unlike referencing the accelerometer at "quiet" samples — which on a shank are the turning points
/// of the swing, where the angular acceleration and so the tangential acceleration are largest —
/// this is unbiased for any periodic gait, and exact while standing. Zero-phase (no lag); a constant
/// or slowly varying gyro bias is removed.
/// NaN samples are interpolated (reported in `gap`) and do not enter the gravity mean.
/// @param acc_mps2, gyr_dps (n, 3) in the shank segment frame (x forward, y left, z up)
/// @param sampling_rate_hz > 0
/// @throws InvalidArgument on empty input, mismatched sizes, rate ≤ 0 or invalid params
inline ShankPitchResult shank_pitch_segment(Vec3Series acc_mps2, Vec3Series gyr_dps, double sampling_rate_hz,
                                            const ShankPitchParams& params = {}, Side side = Side::Left) {
  SECONDHEART_CHECK(std::isfinite(sampling_rate_hz) && sampling_rate_hz > 0,
                    "shank_pitch: expected sampling_rate_hz > 0, got ", sampling_rate_hz);
  SECONDHEART_CHECK(acc_mps2.rows() > 0, "shank_pitch: expected at least one sample, got 0");
  SECONDHEART_CHECK(acc_mps2.rows() == gyr_dps.rows(), "shank_pitch: expected as many gyroscope as accelerometer samples, got ",
                    gyr_dps.rows(), " and ", acc_mps2.rows());
  SECONDHEART_CHECK(std::isfinite(params.gravity_window_s) && params.gravity_window_s > 0,
                    "ShankPitchParams: expected gravity_window_s > 0, got ", params.gravity_window_s);
  const Index n = acc_mps2.rows();
  const double fs = sampling_rate_hz;
  ShankPitchResult out;
  out.sampling_rate_hz = fs;
  const std::vector<bool> gap_acc = shank_detail::fill_gaps(acc_mps2);
  const std::vector<bool> gap_gyr = shank_detail::fill_gaps(gyr_dps);
  out.gap.resize(static_cast<std::size_t>(n));
  Index gaps = 0;
  for (std::size_t i = 0; i < out.gap.size(); ++i) {
    out.gap[i] = gap_acc[i] || gap_gyr[i];
    gaps += out.gap[i] ? 1 : 0;
  }
  if (gaps > 0)
    out.flags.push_back({"gap", side, std::to_string(gaps) + " shank samples were NaN (interpolated; cycles over them are bad_data)"});

  out.pitch_rate_dps = -gyr_dps.col(1);
  Series integrated(n), forward(n), up(n), weight(n);
  double angle = 0.0;
  for (Index i = 0; i < n; ++i) {
    if (i > 0) angle += 0.5 * (out.pitch_rate_dps[i] + out.pitch_rate_dps[i - 1]) / fs;  // trapezoid
    integrated[i] = angle;
    // Specific force in the sagittal plane of the world, as the integrated pitch places it.
    const double th = angle / rad_to_deg;
    forward[i] = acc_mps2(i, 0) * std::cos(th) - acc_mps2(i, 2) * std::sin(th);
    up[i] = acc_mps2(i, 0) * std::sin(th) + acc_mps2(i, 2) * std::cos(th);
    weight[i] = out.gap[static_cast<std::size_t>(i)] ? 0.0 : 1.0;
  }
  if (gaps == n) {
    out.pitch_deg = Series::Constant(n, NaN);
    out.flags.push_back({"shank_no_gravity_reference", side, "every shank sample is NaN: no pitch"});
    return out;
  }
  const auto half = std::max<Index>(1, static_cast<Index>(std::round(params.gravity_window_s * fs / 4.0)));
  const Series mean_forward = dsp::weighted_smooth(forward, weight, half);
  const Series mean_up = dsp::weighted_smooth(up, weight, half);
  out.pitch_deg.resize(n);
  Index last = -1;
  for (Index i = 0; i < n; ++i) {
    Index k = i;
    if (!std::isfinite(mean_forward[i]) || !std::isfinite(mean_up[i])) k = last;  // no reference under the kernel
    else last = i;
    const double correction = k >= 0 ? std::atan2(mean_forward[k], mean_up[k]) * rad_to_deg : 0.0;
    out.pitch_deg[i] = integrated[i] + correction;
  }
  return out;
}

/// Shank pitch from a shank IMU in any frame: aligns a sensor-frame recording first (align_shank),
/// then fuses gyro and gravity (shank_pitch_segment). A segment-frame recording is used as is.
/// @throws InvalidArgument on an empty recording, mismatched sizes or rate ≤ 0
inline ShankPitchResult shank_pitch(const ImuRecording& imu, const ShankPitchParams& params = {}) {
  SECONDHEART_CHECK(imu.size() > 0, "shank_pitch: expected a non-empty shank recording, got 0 samples");
  if (imu.frame == AxesFrame::Segment) return shank_pitch_segment(imu.acc_mps2, imu.gyr_dps, imu.sampling_rate_hz, params, imu.side);
  ShankAlignment alignment = align_shank(imu, params.alignment);
  ShankPitchResult out = shank_pitch_segment(rotate(imu.acc_mps2, alignment.sensor_to_segment),
                                             rotate(imu.gyr_dps, alignment.sensor_to_segment), imu.sampling_rate_hz,
                                             params, imu.side);
  out.flags.insert(out.flags.begin(), alignment.flags.begin(), alignment.flags.end());
  out.alignment = std::move(alignment);
  return out;
}

}  // namespace secondheart::orientation
