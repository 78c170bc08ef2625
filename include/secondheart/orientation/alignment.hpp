/// @file
/// Sensor-to-foot alignment: the rotation that takes a foot IMU's own axes into the DESIGN segment
/// frame (x forward, y left, z up), the same frame for the left and the right foot, so left and
/// right recordings come out mirrored into one convention whatever the mounting.
///
/// - z: gravity, averaged over the zero-velocity samples (quiet standing and every foot-flat), so
///   zero pitch means "foot flat on the ground".
/// - y: the principal axis of the angular velocity while the foot moves (walking rotates the foot
///   mostly about its medio-lateral axis), made perpendicular to z.
/// - sign: the principal axis has no sign. Each stride is integrated (orientation/trajectory.hpp)
///   with the candidate frame; a person walks forwards, so the median displacement along the
///   candidate x must be positive; otherwise the frame is turned by 180° about z.
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/quality.hpp"
#include "secondheart/core/types.hpp"
#include "secondheart/orientation/trajectory.hpp"
#include "secondheart/orientation/zero_velocity.hpp"

namespace secondheart::orientation {

struct FootAlignmentParams {
  ZeroVelocityParams zero_velocity;
  double max_stride_s = 3.0;           ///< rest runs further apart are not one stride (s)
  double min_swing_rate_dps = 50.0;    ///< a stride must rotate at least this fast somewhere (deg/s)
  double min_sagittal_share = 0.5;     ///< below: the medio-lateral axis is uncertain (flag)
  Index max_sign_strides = 60;         ///< strides integrated for the sign (spread over the recording)
};

struct FootAlignmentResult {
  /// v_segment = segment_from_sensor * v_sensor
  Eigen::Matrix3d segment_from_sensor = Eigen::Matrix3d::Identity();
  Eigen::Vector3d up_in_sensor = Eigen::Vector3d::UnitZ();  ///< gravity direction (unit) in sensor axes
  double sagittal_share = NaN;     ///< share of the moving gyro variance along the chosen y axis (0..1)
  double forward_displacement_m = NaN;  ///< median stride displacement along +x after alignment
  Index strides_used = 0;          ///< strides that decided the sign
  bool sign_from_gait = false;     ///< false: too few strides, the sign of x/y was not checked
  ZeroVelocityResult zero_velocity;  ///< rest detection used (frame-independent: reusable after rotation)
  QualityFlags flags;
};

/// Rotates every row: out.row(i) = rotation * data.row(i)ᵀ.
inline Vec3Series rotate_rows(const Vec3Series& data, const Eigen::Matrix3d& rotation) {
  return data * rotation.transpose();
}

/// The sums align_foot estimates the rotation from: the specific force at rest (gravity, for z) and
/// the first and second moments of the angular velocity while moving (for y). Sums of two parts of a
/// recording add up to the sums of the whole: a stream keeps them for the data it has let go.
struct AlignmentMoments {
  double up_x = 0, up_y = 0, up_z = 0;
  double sx = 0, sy = 0, sz = 0, sxx = 0, syy = 0, szz = 0, sxy = 0, sxz = 0, syz = 0;
  Index rest = 0, moving = 0;

  AlignmentMoments& operator+=(const AlignmentMoments& o) {
    up_x += o.up_x, up_y += o.up_y, up_z += o.up_z;
    sx += o.sx, sy += o.sy, sz += o.sz, sxx += o.sxx, syy += o.syy, szz += o.szz, sxy += o.sxy, sxz += o.sxz,
        syz += o.syz;
    rest += o.rest, moving += o.moving;
    return *this;
  }
};

/// AlignmentMoments of rows [begin, end) of a recording; `still` marks its rest samples (a
/// zero-velocity result of the whole recording). Rows with a non-finite value are left out when
/// `skip_non_finite` (a stream's raw window; the pipeline's own rows are gap-filled already).
/// Its own small function, with scalar accumulators: inside align_foot the compiler kept them on
/// the stack, and each sample waited for the last sample's store (about a third of the alignment).
/// @throws InvalidArgument when the range or the mask do not fit the signals.
template <bool skip_non_finite = false>
inline AlignmentMoments alignment_moments(const Vec3Series& acc_mps2, const Vec3Series& gyr_dps,
                                          const std::vector<std::uint8_t>& still, Index begin, Index end) {
  SECONDHEART_CHECK(acc_mps2.rows() == gyr_dps.rows() && static_cast<Index>(still.size()) == gyr_dps.rows() &&
                        0 <= begin && begin <= end && end <= gyr_dps.rows(),
                    "alignment_moments: expected rows [begin, end) of ", gyr_dps.rows(),
                    " samples with a rest mask of each, got [", begin, ", ", end, ") of ", acc_mps2.rows(), " acc, ",
                    gyr_dps.rows(), " gyro and ", still.size(), " mask samples");
  double up_x = 0, up_y = 0, up_z = 0, sx = 0, sy = 0, sz = 0, sxx = 0, syy = 0, szz = 0, sxy = 0, sxz = 0, syz = 0;
  Index rest = 0, moving = 0;
  const double* acc_rows = acc_mps2.data();  // row-major (n, 3)
  const double* gyr_rows = gyr_dps.data();
  for (Index i = begin; i < end; ++i) {
    const double gx = gyr_rows[3 * i], gy = gyr_rows[3 * i + 1], gz = gyr_rows[3 * i + 2];
    if constexpr (skip_non_finite)
      if (!std::isfinite(gx + gy + gz + acc_rows[3 * i] + acc_rows[3 * i + 1] + acc_rows[3 * i + 2])) continue;
    if (still[static_cast<std::size_t>(i)]) {
      up_x += acc_rows[3 * i], up_y += acc_rows[3 * i + 1], up_z += acc_rows[3 * i + 2], ++rest;
    } else {
      sx += gx, sy += gy, sz += gz;
      sxx += gx * gx, syy += gy * gy, szz += gz * gz, sxy += gx * gy, sxz += gx * gz, syz += gy * gz;
      ++moving;
    }
  }
  return {up_x, up_y, up_z, sx, sy, sz, sxx, syy, szz, sxy, sxz, syz, rest, moving};
}

/// Estimates the sensor-to-foot rotation of one foot IMU.
/// @param acc_mps2 (n, 3) m/s², sensor axes, finite
/// @param gyr_dps (n, 3) deg/s, sensor axes, finite
/// @param sampling_rate_hz sampling rate (Hz)
/// @param side only used to label flags
/// @param earlier AlignmentMoments of earlier data of the same mounting (a stream's history), added
///        to the recording's own; the sign is still decided by the recording's strides
/// @throws InvalidArgument on shape mismatch, fewer than 2 samples or a bad rate.
inline FootAlignmentResult align_foot(const Vec3Series& acc_mps2, const Vec3Series& gyr_dps, double sampling_rate_hz,
                                      Side side, const FootAlignmentParams& params = {},
                                      const AlignmentMoments& earlier = {}) {
  SECONDHEART_CHECK(acc_mps2.rows() == gyr_dps.rows(), "align_foot: expected as many acc as gyro samples, got ",
                    acc_mps2.rows(), " and ", gyr_dps.rows());
  SECONDHEART_CHECK(acc_mps2.rows() >= 2, "align_foot: expected at least 2 samples, got ", acc_mps2.rows());
  SECONDHEART_CHECK(std::isfinite(sampling_rate_hz) && sampling_rate_hz > 0,
                    "align_foot: expected sampling_rate_hz > 0, got ", sampling_rate_hz);
  const Index n = acc_mps2.rows();
  const double fs = sampling_rate_hz;
  FootAlignmentResult out;
  out.zero_velocity = detect_zero_velocity(gyr_dps, fs, params.zero_velocity);
  const ZeroVelocityResult& zv = out.zero_velocity;

  AlignmentMoments moments = alignment_moments(acc_mps2, gyr_dps, zv.still, 0, n);
  moments += earlier;
  const Index rest = moments.rest, moving = moments.moving;
  Eigen::Vector3d up(moments.up_x, moments.up_y, moments.up_z);
  const Eigen::Vector3d gyr_sum(moments.sx, moments.sy, moments.sz);
  Eigen::Matrix3d gyr_outer;
  gyr_outer << moments.sxx, moments.sxy, moments.sxz, moments.sxy, moments.syy, moments.syz, moments.sxz, moments.syz,
      moments.szz;
  if (rest == 0) {
    up = foot_detail::column_sums(acc_mps2) / static_cast<double>(n);
    out.flags.push_back({"no_rest_periods", side,
                         "the foot never rests (no zero-velocity samples): gravity taken from the mean acceleration, "
                         "alignment and trajectory are unreliable"});
  }
  SECONDHEART_CHECK(up.norm() > 0, "align_foot: the mean acceleration is zero; expected gravity in the signal");
  const Eigen::Vector3d z = up.normalized();
  out.up_in_sensor = z;

  // y: principal axis of the angular velocity while moving, perpendicular to z.
  Eigen::Vector3d y;
  if (moving >= 3) {
    // Covariance from the moments (gyro values are O(1e3) deg/s: no cancellation worth a second pass).
    const Eigen::Vector3d mean = gyr_sum / static_cast<double>(moving);
    const Eigen::Matrix3d cov = gyr_outer - static_cast<double>(moving) * mean * mean.transpose();
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> eig(cov);
    y = eig.eigenvectors().col(2);
    y -= z * z.dot(y);
    if (y.norm() < 1e-6) y = z.unitOrthogonal();
    y.normalize();
    const double total = cov.trace();
    out.sagittal_share = total > 0 ? y.dot(cov * y) / total : NaN;
  } else {
    y = z.unitOrthogonal();
  }
  if (!(out.sagittal_share >= params.min_sagittal_share))
    out.flags.push_back({"alignment_uncertain", side,
                         "the foot rotation has no clear medio-lateral axis (share " +
                             to_text(out.sagittal_share) + " of the rotation, expected ≥ " +
                             to_text(params.min_sagittal_share) + "): too little walking to align the sensor"});
  Eigen::Matrix3d rot;
  rot.row(0) = y.cross(z).transpose();
  rot.row(1) = y.transpose();
  rot.row(2) = z.transpose();

  // Sign: strides between consecutive rest runs must go forwards.
  std::vector<double> forward;
  StrideScratch scratch;
  // The sign needs a robust median, not every stride: at most max_sign_strides, spread evenly.
  const std::size_t pairs = zv.runs.size() > 1 ? zv.runs.size() - 1 : 0;
  const std::size_t stride_step = std::max<std::size_t>(1, pairs / std::max<Index>(1, params.max_sign_strides));
  for (std::size_t k = 0; k < pairs; k += (forward.empty() ? 1 : stride_step)) {
    const ZeroVelocityRun& a = zv.runs[k];
    const ZeroVelocityRun& b = zv.runs[k + 1];
    if (static_cast<double>(b.rest - a.rest) > params.max_stride_s * fs) continue;
    double peak = 0;
    for (Index i = a.end; i < b.begin; ++i) peak = std::max(peak, gyr_dps.row(i).norm());  // norm: frame-free
    if (peak < params.min_swing_rate_dps) continue;
    // Integrated in the sensor's axes with the candidate rotation (rotating the whole recording for
    // ~60 strides cost more than the strides themselves).
    constexpr double rest_window_s = 0.1;  // integrate_stride's default
    forward.push_back(
        integrate_stride_into(acc_mps2, gyr_dps, fs, a, b, rest_window_s, rot, scratch, StrideSeries::PitchAndHeight)
                          .displacement_m.x());
  }
  out.strides_used = static_cast<Index>(forward.size());
  if (forward.size() >= 3) {
    out.sign_from_gait = true;
    const double med = foot_detail::median(forward);
    if (med < 0) {
      rot.row(0) *= -1.0;  // 180° about z
      rot.row(1) *= -1.0;
    }
    out.forward_displacement_m = std::abs(med);
  } else {
    out.flags.push_back({"alignment_sign_unresolved", side,
                         "fewer than 3 strides (" + std::to_string(forward.size()) +
                             "): forward/backward of the foot axes could not be checked against the walking direction"});
  }
  out.segment_from_sensor = rot;
  return out;
}

/// Angle (deg) between two rotations.
inline double rotation_angle_deg(const Eigen::Matrix3d& a, const Eigen::Matrix3d& b) {
  const double c = std::clamp(((a * b.transpose()).trace() - 1.0) / 2.0, -1.0, 1.0);
  return std::acos(c) * rad_to_deg;
}

}  // namespace secondheart::orientation
