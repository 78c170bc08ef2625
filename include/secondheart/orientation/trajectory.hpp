/// @file
/// Attitude and drift-corrected trajectory of a foot-worn IMU, one stride at a time (rest -> rest).
///
/// Within a stride the foot is at rest at both ends (zero-velocity runs). The attitude is the
/// gyroscope integrated as a quaternion from the tilt that gravity gives in the first rest run;
/// at the second rest run gravity is measured again, and the tilt error that the gyro accumulated
/// is spread linearly over the stride (a fixed-interval smoother for a constant gyro bias), so the
/// attitude is gravity-corrected at both ends. Acceleration is rotated into the world frame and
/// gravity removed; the integrated velocity must be zero in both rest runs, so its drift (a
/// constant-plus-linear error from accelerometer bias and residual tilt) is fitted by least
/// squares on every rest sample of both runs and subtracted before the position is integrated.
/// This is what a Kalman filter with zero-velocity updates and an RTS smoother does for these
/// error models, at a fraction of the cost (24 h of two feet stays well under a second).
///
/// World frame of a stride: z up; x = heading of the foot's x axis at the start; y = z × x.
#pragma once

#include <Eigen/Dense>
#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/types.hpp"
#include "secondheart/orientation/zero_velocity.hpp"

namespace secondheart::orientation {

/// Rotation (body -> world) with zero yaw whose world z is the "up" direction measured by the
/// accelerometer at rest (`acc` is specific force, pointing up).
inline Eigen::Quaterniond tilt_from_gravity(const Eigen::Vector3d& acc) {
  const Eigen::Vector3d up = acc.normalized();
  Eigen::Quaterniond q = Eigen::Quaterniond::FromTwoVectors(up, Eigen::Vector3d::UnitZ());
  const Eigen::Vector3d x = q * Eigen::Vector3d::UnitX();
  const double yaw = std::atan2(x.y(), x.x());
  q = Eigen::AngleAxisd(-yaw, Eigen::Vector3d::UnitZ()) * q;
  return q.normalized();
}

/// Pitch (deg) of a body whose orientation is `q` (body -> world): angle of the body x axis above the
/// horizontal, positive when the tip (toes) is up.
inline double pitch_deg(const Eigen::Quaterniond& q) {
  const Eigen::Vector3d x = q * Eigen::Vector3d::UnitX();
  return std::asin(std::clamp(x.z(), -1.0, 1.0)) * rad_to_deg;
}

/// Heading (deg) of the body x axis projected on the horizontal plane.
inline double heading_deg(const Eigen::Quaterniond& q) {
  const Eigen::Vector3d x = q * Eigen::Vector3d::UnitX();
  return std::atan2(x.y(), x.x()) * rad_to_deg;
}

/// Quaternion of the rotation vector `w` (rad). Per-sample angles are small (< 0.2 rad even at
/// 1000 deg/s and 100 Hz): the Taylor series of cos(θ/2) and sin(θ/2)/θ to the 4th order is exact
/// to 1e-9 there and avoids two transcendental calls per sample; larger angles use std::sin/cos.
inline Eigen::Quaterniond rotation_step(const Eigen::Vector3d& w) {
  const double t2 = w.squaredNorm();
  double c, s;  // cos(θ/2), sin(θ/2)/θ
  if (t2 < 0.04) {
    const double x2 = 0.25 * t2;  // (θ/2)²
    c = 1.0 - x2 * (1.0 / 2.0) + x2 * x2 * (1.0 / 24.0);  // multiplications: divisions are slow
    s = 0.5 * (1.0 - x2 * (1.0 / 6.0) + x2 * x2 * (1.0 / 120.0));
  } else {
    const double t = std::sqrt(t2);
    c = std::cos(0.5 * t);
    s = std::sin(0.5 * t) / t;
  }
  return Eigen::Quaterniond(c, s * w.x(), s * w.y(), s * w.z());
}

/// `q` scaled back to unit norm by one Newton step of 1/sqrt(|q|²): exact to O((|q|²-1)²), and the
/// products of unit quaternions it is used on are off by ~1e-16 per step. No sqrt or division in
/// the sample-to-sample dependency chain (the exact normalize was a third of the foot pipeline).
inline Eigen::Quaterniond renormalized(const Eigen::Quaterniond& q) {
  Eigen::Quaterniond out = q;
  out.coeffs() *= 1.5 - 0.5 * q.coeffs().squaredNorm();
  return out;
}

namespace trajectory_detail {
/// Unit quaternion as four scalars for the per-sample loops: Eigen::Quaterniond builds each product
/// in memory and reloads it as packets, a store-forwarding stall on every sample of the chain.
struct Quat {
  double w, x, y, z;
};
inline Quat operator*(const Quat& a, const Quat& b) {
  return {a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z, a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
          a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x, a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w};
}
inline Quat quat(const Eigen::Quaterniond& q) { return {q.w(), q.x(), q.y(), q.z()}; }
/// One Newton step of 1/sqrt(|q|²) (see renormalized() above).
inline Quat renormalized(const Quat& q) {
  const double scale = 1.5 - 0.5 * (q.w * q.w + q.x * q.x + q.y * q.y + q.z * q.z);
  return {q.w * scale, q.x * scale, q.y * scale, q.z * scale};
}
}  // namespace trajectory_detail

/// One stride integrated from the rest sample of one zero-velocity run to that of the next.
struct StrideTrajectory {
  Index begin = 0;  ///< first sample (rest sample of the first run)
  Index end = 0;    ///< last sample, inclusive (rest sample of the second run)
  Vec3Series position_m;      ///< (end-begin+1, 3), world frame of the stride, 0 at `begin`
  Vec3Series velocity_mps;    ///< same rows, drift-corrected
  Series pitch_deg;           ///< foot pitch per sample (toes up positive)
  Series roll_deg;            ///< rotation about the foot x axis (left side up positive)
  Eigen::Vector3d displacement_m = Eigen::Vector3d::Zero();  ///< position at `end`
  double heading_change_deg = 0.0;  ///< heading at `end` minus heading at `begin`, wrapped to (-180, 180]
  double gravity_mps2 = standard_gravity_mps2;  ///< |acc| at rest in this stride (self-calibrates the scale)
  double tilt_correction_deg = 0.0;             ///< gravity-vs-gyro tilt mismatch found at the second rest

  double stride_length_m() const { return std::hypot(displacement_m.x(), displacement_m.y()); }
};

/// Integrates one stride between two zero-velocity runs. Gravity and the zero-velocity constraint
/// are taken from the samples of each run within `rest_window_s` of its rest sample: long runs
/// (quiet standing, merged foot-flats) may hold small movements away from their quietest point.
/// @param acc_mps2 specific force (n, 3), segment frame, finite
/// @param gyr_dps angular velocity (n, 3), deg/s, segment frame, finite
/// @param sampling_rate_hz sampling rate (Hz)
/// @param first, second consecutive rest runs (first.end <= second.begin)
/// @throws InvalidArgument on mismatched shapes, a bad rate or runs out of order / out of range.
inline StrideTrajectory integrate_stride(const Vec3Series& acc_mps2, const Vec3Series& gyr_dps,
                                         double sampling_rate_hz, const ZeroVelocityRun& first,
                                         const ZeroVelocityRun& second, double rest_window_s = 0.1) {
  SECONDHEART_CHECK(std::isfinite(sampling_rate_hz) && sampling_rate_hz > 0,
                    "integrate_stride: expected sampling_rate_hz > 0, got ", sampling_rate_hz);
  SECONDHEART_CHECK(acc_mps2.rows() == gyr_dps.rows(), "integrate_stride: expected as many acc as gyro samples, got ",
                    acc_mps2.rows(), " and ", gyr_dps.rows());
  SECONDHEART_CHECK(0 <= first.begin && first.begin <= first.rest && first.rest < first.end &&
                        first.end <= second.begin && second.begin <= second.rest && second.rest < second.end &&
                        second.end <= acc_mps2.rows(),
                    "integrate_stride: expected two ordered rest runs inside the ", acc_mps2.rows(),
                    " samples, got [", first.begin, ", ", first.end, ") and [", second.begin, ", ", second.end, ")");
  SECONDHEART_CHECK(rest_window_s >= 0, "integrate_stride: expected rest_window_s >= 0, got ", rest_window_s);
  const double dt = 1.0 / sampling_rate_hz;
  const double deg = 1.0 / rad_to_deg;
  const auto half = static_cast<Index>(std::lround(rest_window_s * sampling_rate_hz));
  const ZeroVelocityRun a_win{std::max(first.begin, first.rest - half), std::min(first.end, first.rest + half + 1),
                              first.rest};
  const ZeroVelocityRun b_win{std::max(second.begin, second.rest - half), std::min(second.end, second.rest + half + 1),
                              second.rest};
  const Index s = a_win.begin, e = b_win.end - 1, n = e - s + 1;

  // Attitude: gyro integration from the first rest tilt. The product of unit quaternions stays unit to
  // ~1e-9 per step (rotation_step's series), so the chain is renormalised every 32 samples only: the
  // Newton step in every sample was a third of the sample-to-sample latency. Pass 2 renormalises each
  // sample it uses.
  const Eigen::Vector3d acc0 =
      acc_mps2.middleRows(a_win.begin, a_win.end - a_win.begin).colwise().mean().transpose();
  std::vector<Eigen::Quaterniond> q(static_cast<std::size_t>(n));
  q[0] = tilt_from_gravity(acc0);
  {
    using trajectory_detail::Quat;  // scalars in the sample-to-sample chain (see Quat)
    Quat chain = trajectory_detail::quat(q[0]);
    for (Index k = 1; k < n; ++k) {
      const Eigen::Vector3d w = 0.5 * (gyr_dps.row(s + k - 1) + gyr_dps.row(s + k)).transpose() * (deg * dt);
      chain = chain * trajectory_detail::quat(rotation_step(w));
      if (k % 32 == 0) chain = trajectory_detail::renormalized(chain);
      q[static_cast<std::size_t>(k)] = Eigen::Quaterniond(chain.w, chain.x, chain.y, chain.z);
    }
  }
  // Gravity at the second rest, in the world frame of the gyro attitude: its tilt from +z is the error.
  Eigen::Vector3d up = Eigen::Vector3d::Zero();
  double gravity = 0.0;
  for (Index k = b_win.begin; k < b_win.end; ++k) up += q[static_cast<std::size_t>(k - s)] * acc_mps2.row(k).transpose();
  for (Index k = a_win.begin; k < a_win.end; ++k) gravity += acc_mps2.row(k).norm();
  for (Index k = b_win.begin; k < b_win.end; ++k) gravity += acc_mps2.row(k).norm();
  gravity /= static_cast<double>((a_win.end - a_win.begin) + (b_win.end - b_win.begin));
  const Eigen::Quaterniond error = Eigen::Quaterniond::FromTwoVectors(up.normalized(), Eigen::Vector3d::UnitZ());
  const Eigen::AngleAxisd error_aa(error);
  const Eigen::Vector3d error_vec = error_aa.angle() * error_aa.axis();

  // One pass: tilt correction, world acceleration, velocity (trapezoid), and the sums of the least
  // squares drift fit v_err(t) = c0 + c1 t over the rest samples of both runs (2x2 normal equations).
  // The correction turns by f·error with f ramping linearly from 0 at the first rest sample to 1 at
  // the second: one fixed axis, so the correction of sample k is that of k-1 times one constant
  // step (no per-sample series). The output samples (first rest to second rest) get their pitch,
  // roll and uncorrected velocity here; the drift is removed once the fit is known.
  StrideTrajectory out;
  out.begin = first.rest;
  out.end = second.rest;
  const Index b = first.rest - s, m = second.rest - first.rest + 1;  // output: [b, b + m), the correction ramp
  out.position_m.resize(m, 3);
  out.velocity_mps.resize(m, 3);
  out.pitch_deg.resize(m);
  out.roll_deg.resize(m);
  double h0 = 0.0, h1 = 0.0;  // heading at the two rest samples
  const Index rest_a_end = a_win.end - s, rest_b_begin = b_win.begin - s;
  double s0 = 0, s1 = 0, s2 = 0;
  Eigen::Vector3d r0 = Eigen::Vector3d::Zero(), r1 = Eigen::Vector3d::Zero();
  Eigen::Vector3d v = Eigen::Vector3d::Zero(), a_prev = Eigen::Vector3d::Zero();
  const Eigen::Quaterniond ramp_step =
      rotation_step(error_vec / static_cast<double>(std::max<Index>(1, m - 1)));
  Eigen::Quaterniond correction = Eigen::Quaterniond::Identity();
  for (Index k = 0; k < n; ++k) {
    if (k > b && k < b + m) correction = correction * ramp_step;
    const Eigen::Quaterniond qk = renormalized(correction * q[static_cast<std::size_t>(k)]);
    Eigen::Vector3d a = qk * acc_mps2.row(s + k).transpose();
    a.z() -= gravity;
    if (k > 0) v += 0.5 * dt * (a_prev + a);
    a_prev = a;
    if (k < rest_a_end || k >= rest_b_begin) {
      const double t = static_cast<double>(k);
      s0 += 1, s1 += t, s2 += t * t;
      r0 += v, r1 += t * v;
    }
    if (k >= b && k < b + m) {
      const Index i = k - b;
      out.velocity_mps.row(i) = v.transpose();
      // Body x and y axes' world z components, from the quaternion directly.
      const double x_z = 2.0 * (qk.x() * qk.z() - qk.w() * qk.y());
      const double y_z = 2.0 * (qk.y() * qk.z() + qk.w() * qk.x());
      out.pitch_deg[i] = std::asin(std::clamp(x_z, -1.0, 1.0)) * rad_to_deg;
      out.roll_deg[i] = std::asin(std::clamp(y_z, -1.0, 1.0)) * rad_to_deg;
      if (i == 0) h0 = heading_deg(qk);
      if (i == m - 1) h1 = heading_deg(qk);
    }
  }
  const double det = s0 * s2 - s1 * s1;
  const Eigen::Vector3d c1 = (s0 * r1 - s1 * r0) / det;
  const Eigen::Vector3d c0 = (r0 - c1 * s1) / s0;

  // Drift removed, position integrated from zero, both turned into the heading frame of the foot
  // at the first rest sample.
  const double ch = std::cos(h0 * deg), sh = std::sin(h0 * deg);
  Eigen::Vector3d p = Eigen::Vector3d::Zero(), v_prev = Eigen::Vector3d::Zero();
  for (Index i = 0; i < m; ++i) {
    const Eigen::Vector3d vk = out.velocity_mps.row(i).transpose() - c0 - c1 * static_cast<double>(b + i);
    if (i > 0) p += 0.5 * dt * (v_prev + vk);
    v_prev = vk;
    out.velocity_mps.row(i) << ch * vk.x() + sh * vk.y(), -sh * vk.x() + ch * vk.y(), vk.z();
    out.position_m.row(i) << ch * p.x() + sh * p.y(), -sh * p.x() + ch * p.y(), p.z();
  }
  out.displacement_m = out.position_m.row(m - 1).transpose();
  double turn = h1 - h0;
  while (turn > 180) turn -= 360;
  while (turn <= -180) turn += 360;
  out.heading_change_deg = turn;
  out.gravity_mps2 = gravity;
  out.tilt_correction_deg = error_aa.angle() * rad_to_deg;
  return out;
}

}  // namespace secondheart::orientation
