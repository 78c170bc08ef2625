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
#include <numbers>
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

namespace trajectory_detail {
/// Unit quaternion as four scalars for the per-sample loops: Eigen::Quaterniond builds each product
/// in memory and reloads it as packets, a store-forwarding stall on every sample of the chain.
struct Quat {
  double w, x, y, z;
};
/// Hamilton product, the four terms of each component summed in pairs: two additions deep instead
/// of three in the sample-to-sample chain.
inline Quat operator*(const Quat& a, const Quat& b) {
  return {(a.w * b.w - a.x * b.x) - (a.y * b.y + a.z * b.z), (a.w * b.x + a.x * b.w) + (a.y * b.z - a.z * b.y),
          (a.w * b.y - a.x * b.z) + (a.y * b.w + a.z * b.x), (a.w * b.z + a.x * b.y) - (a.y * b.x - a.z * b.w)};
}
inline Quat quat(const Eigen::Quaterniond& q) { return {q.w(), q.x(), q.y(), q.z()}; }
/// `q` scaled back to unit norm by one Newton step of 1/sqrt(|q|²): exact to O((|q|²-1)²), and the
/// products of unit quaternions it is used on drift by ~1e-9 per step at most (rotation_step).
inline Quat renormalized(const Quat& q) {
  const double scale = 1.5 - 0.5 * ((q.w * q.w + q.x * q.x) + (q.y * q.y + q.z * q.z));
  return {q.w * scale, q.x * scale, q.y * scale, q.z * scale};
}
/// Quaternion of the rotation vector (wx, wy, wz) (rad). Per-sample angles are small (< 0.2 rad even
/// at 1000 deg/s and 100 Hz): the Taylor series of cos(θ/2) and sin(θ/2)/θ to the 4th order is exact
/// to 1e-9 there and avoids two transcendental calls per sample; larger angles use std::sin/cos.
inline Quat rotation_step(double wx, double wy, double wz) {
  const double t2 = (wx * wx + wy * wy) + wz * wz;
  double c, s;  // cos(θ/2), sin(θ/2)/θ
  if (t2 < 0.04) {
    const double x2 = 0.25 * t2;  // (θ/2)²
    c = 1.0 - x2 * (0.5 - x2 * (1.0 / 24.0));  // multiplications: divisions are slow
    s = 0.5 - x2 * (0.5 / 6.0 - x2 * (0.5 / 120.0));
  } else {
    const double t = std::sqrt(t2);
    c = std::cos(0.5 * t);
    s = std::sin(0.5 * t) / t;
  }
  return {c, s * wx, s * wy, s * wz};
}
/// v rotated by the unit quaternion q: v + w·t + u × t with t = 2 u × v (u the vector part).
inline Eigen::Vector3d rotate(const Quat& q, double vx, double vy, double vz) {
  const double tx = 2.0 * (q.y * vz - q.z * vy), ty = 2.0 * (q.z * vx - q.x * vz), tz = 2.0 * (q.x * vy - q.y * vx);
  return {vx + q.w * tx + (q.y * tz - q.z * ty), vy + q.w * ty + (q.z * tx - q.x * tz),
          vz + q.w * tz + (q.x * ty - q.y * tx)};
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

/// Working memory of integrate_stride_into, reused from stride to stride: once it has grown to the
/// longest stride nothing is allocated. After a call it holds that stride's per-sample series, one
/// row per output sample (first rest sample to second rest sample, m of them).
struct StrideScratch {
  std::vector<trajectory_detail::Quat> attitude;  ///< the stride's attitude, then its world acceleration
  std::vector<double> position_m, velocity_mps;   ///< (m, 3) row-major, world frame of the stride
  /// Sines of the foot pitch and roll (m): the angles are their arcsines (copy_series), which the
  /// table needs at a few samples only (the arcsine is monotonic: extremes of the sines are those of the angles).
  std::vector<double> pitch_sine, roll_sine;
};

namespace trajectory_detail {
/// Rotation matrix -> unit quaternion (Eigen's conversion, as scalars).
inline Quat quat(const Eigen::Matrix3d& r) { return quat(Eigen::Quaterniond(r).normalized()); }

/// integrate_stride_into for checked arguments.
inline StrideTrajectory integrate_into(const Vec3Series& acc_mps2, const Vec3Series& gyr_dps, double sampling_rate_hz,
                                       const ZeroVelocityRun& first, const ZeroVelocityRun& second,
                                       double rest_window_s, const Eigen::Matrix3d& segment_from_sensor,
                                       StrideScratch& scratch) {
  const double dt = 1.0 / sampling_rate_hz;
  const double deg = 1.0 / rad_to_deg;
  const auto half = static_cast<Index>(std::lround(rest_window_s * sampling_rate_hz));
  const ZeroVelocityRun a_win{std::max(first.begin, first.rest - half), std::min(first.end, first.rest + half + 1),
                              first.rest};
  const ZeroVelocityRun b_win{std::max(second.begin, second.rest - half), std::min(second.end, second.rest + half + 1),
                              second.rest};
  const Index s = a_win.begin, e = b_win.end - 1, n = e - s + 1;
  const double* acc = acc_mps2.data() + 3 * s;  // row-major (n, 3): sample k of the stride at acc[3k]
  const double* gyr = gyr_dps.data() + 3 * s;

  // Attitude of the sensor (world <- sensor): gyro integration from the first rest tilt of the foot.
  // Integrating the sensor's own axes needs no sample turned into the foot frame: the foot's
  // attitude is the sensor's times sensor <- segment, so only the foot axes (the rows of
  // segment_from_sensor, in sensor coordinates) enter below. The product of unit quaternions stays
  // unit to ~1e-9 per step (rotation_step's series), so the chain is renormalised every 32 samples
  // only: the Newton step in every sample was a third of the sample-to-sample latency.
  const Eigen::Matrix3d& rot = segment_from_sensor;
  const Eigen::Vector3d foot_x = rot.row(0).transpose(), foot_y = rot.row(1).transpose();  // sensor coordinates
  const Eigen::Vector3d acc0 = rot * acc_mps2.middleRows(a_win.begin, a_win.end - a_win.begin).colwise().sum().transpose();
  std::vector<Quat>& q = scratch.attitude;
  q.resize(static_cast<std::size_t>(n));
  q[0] = quat(tilt_from_gravity(acc0)) * quat(rot);
  {
    const double half_step = 0.5 * deg * dt;  // trapezoid of two samples, deg/s -> rad
    Quat chain = q[0];
    for (Index k = 1; k < n; ++k) {
      const double* g = gyr + 3 * (k - 1);
      chain = chain * rotation_step(half_step * (g[0] + g[3]), half_step * (g[1] + g[4]), half_step * (g[2] + g[5]));
      if (k % 32 == 0) chain = renormalized(chain);
      q[static_cast<std::size_t>(k)] = chain;
    }
  }
  // Gravity at the second rest, in the world frame of the gyro attitude: its tilt from +z is the error.
  Eigen::Vector3d up = Eigen::Vector3d::Zero();
  double gravity = 0.0;
  for (Index k = b_win.begin - s; k < b_win.end - s; ++k)
    up += rotate(q[static_cast<std::size_t>(k)], acc[3 * k], acc[3 * k + 1], acc[3 * k + 2]);
  for (Index k = a_win.begin; k < a_win.end; ++k) gravity += acc_mps2.row(k).norm();
  for (Index k = b_win.begin; k < b_win.end; ++k) gravity += acc_mps2.row(k).norm();
  gravity /= static_cast<double>((a_win.end - a_win.begin) + (b_win.end - b_win.begin));
  // The rotation taking `up` to +z: about the horizontal axis up × z, by the angle between them.
  const Eigen::Vector3d u = up.normalized();
  const double horizontal = std::hypot(u.x(), u.y());
  const double error_angle = std::atan2(horizontal, u.z());
  const Eigen::Vector3d error_vec = horizontal > 1e-15 ? Eigen::Vector3d(u.y(), -u.x(), 0.0) * (error_angle / horizontal)
                                                       : Eigen::Vector3d(u.z() < 0 ? std::numbers::pi : 0.0, 0.0, 0.0);

  // Tilt correction, world acceleration, velocity (trapezoid), and the sums of the least squares
  // drift fit v_err(t) = c0 + c1 t over the rest samples of both runs (2x2 normal equations).
  // The correction turns by f·error with f ramping linearly from 0 at the first rest sample to 1 at
  // the second, about one fixed axis (no per-sample series: see below). The output samples (first rest to
  // second rest) get their pitch, roll and uncorrected velocity here; the drift is removed once the
  // fit is known.
  StrideTrajectory out;
  out.begin = first.rest;
  out.end = second.rest;
  const Index b = first.rest - s, m = second.rest - first.rest + 1;  // output: [b, b + m), the correction ramp
  const auto mu = static_cast<std::size_t>(m);
  scratch.position_m.resize(3 * mu);
  scratch.velocity_mps.resize(3 * mu);
  scratch.pitch_sine.resize(mu);
  scratch.roll_sine.resize(mu);
  double* pitch = scratch.pitch_sine.data();
  double* roll = scratch.roll_sine.data();
  auto heading = [&](const Quat& r) {  // of the foot x axis (deg)
    const Eigen::Vector3d x = Eigen::Quaterniond(r.w, r.x, r.y, r.z) * foot_x;
    return std::atan2(x.y(), x.x()) * rad_to_deg;
  };
  double h0 = 0.0, h1 = 0.0;  // heading at the two rest samples
  // The correction of sample k is (cos(φ/2), sin(φ/2) n) with n = (nx, ny, 0) the horizontal axis
  // and φ = f·error: its half-angle advances by a constant step, a 2-d rotation of (cos, sin).
  const double error_norm = error_vec.norm();
  const double nx = error_norm > 0 ? error_vec.x() / error_norm : 1.0, ny = error_norm > 0 ? error_vec.y() / error_norm : 0.0;
  const double half_step_angle = 0.5 * error_norm / static_cast<double>(std::max<Index>(1, m - 1));
  const double step_cos = std::cos(half_step_angle), step_sin = std::sin(half_step_angle);
  // Three short loops rather than one: together they hold more running values than there are
  // registers, and the spills cost more than the passes over the stride (in L1).
  // (a) corrected attitude -> world acceleration minus gravity, written over q (a stride-long
  //     scratch), and the sines of pitch and roll for the output samples.
  double cc = 1.0, cs = 0.0;  // cos and sin of the correction's half-angle
  for (Index k = 0; k < n; ++k) {
    if (k > b && k < b + m) {
      const double c_next = cc * step_cos - cs * step_sin;
      cs = cs * step_cos + cc * step_sin, cc = c_next;
      if ((k - b) % 32 == 0) {
        const double scale = 1.5 - 0.5 * (cc * cc + cs * cs);
        cc *= scale, cs *= scale;
      }
    }
    // correction ⊗ q[k] = cos·q + sin·(n ⊗ q), n the pure quaternion (0, nx, ny, 0).
    const Quat& g = q[static_cast<std::size_t>(k)];
    const Quat qk{cc * g.w - cs * (nx * g.x + ny * g.y), cc * g.x + cs * (nx * g.w + ny * g.z),
                  cc * g.y + cs * (ny * g.w - nx * g.z), cc * g.z + cs * (nx * g.y - ny * g.x)};
    if (k >= b && k < b + m) {
      const Index i = k - b;
      // World z of the foot's x and y axes: the third row of R(qk) times each (sensor coordinates).
      const double r20 = 2.0 * (qk.x * qk.z - qk.w * qk.y), r21 = 2.0 * (qk.y * qk.z + qk.w * qk.x),
                   r22 = 1.0 - 2.0 * (qk.x * qk.x + qk.y * qk.y);
      pitch[i] = r20 * foot_x.x() + r21 * foot_x.y() + r22 * foot_x.z();
      roll[i] = r20 * foot_y.x() + r21 * foot_y.y() + r22 * foot_y.z();
      if (i == 0) h0 = heading(qk);
      if (i == m - 1) h1 = heading(qk);
    }
    const Eigen::Vector3d a = rotate(qk, acc[3 * k], acc[3 * k + 1], acc[3 * k + 2]);
    q[static_cast<std::size_t>(k)] = {a.x(), a.y(), a.z() - gravity, 0.0};
  }
  // (b) velocity (trapezoid) and the sums of the drift fit over the rest samples of both runs.
  const Index rest_a_end = a_win.end - s, rest_b_begin = b_win.begin - s;
  double s0 = 0, s1 = 0, s2 = 0;
  Eigen::Vector3d r0 = Eigen::Vector3d::Zero(), r1 = Eigen::Vector3d::Zero();
  const double half_dt = 0.5 * dt;
  double vx = 0, vy = 0, vz = 0;
  double* velocity = scratch.velocity_mps.data();
  for (Index k = 0; k < n; ++k) {
    if (k > 0) {
      const Quat& a0 = q[static_cast<std::size_t>(k - 1)];
      const Quat& a1 = q[static_cast<std::size_t>(k)];
      vx += half_dt * (a0.w + a1.w), vy += half_dt * (a0.x + a1.x), vz += half_dt * (a0.y + a1.y);
    }
    if (k < rest_a_end || k >= rest_b_begin) {
      const double t = static_cast<double>(k);
      s0 += 1, s1 += t, s2 += t * t;
      r0 += Eigen::Vector3d(vx, vy, vz), r1 += t * Eigen::Vector3d(vx, vy, vz);
    }
    if (k >= b && k < b + m) {
      const Index i = k - b;
      velocity[3 * i] = vx, velocity[3 * i + 1] = vy, velocity[3 * i + 2] = vz;
    }
  }
  const double det = s0 * s2 - s1 * s1;
  const Eigen::Vector3d c1 = (s0 * r1 - s1 * r0) / det;
  const Eigen::Vector3d c0 = (r0 - c1 * s1) / s0;

  // Drift removed, position integrated from zero, both turned into the heading frame of the foot
  // at the first rest sample.
  const double ch = std::cos(h0 * deg), sh = std::sin(h0 * deg);
  double* position = scratch.position_m.data();
  double px = 0, py = 0, pz = 0, ux = 0, uy = 0, uz = 0;  // position and the previous velocity (drift removed)
  for (Index i = 0; i < m; ++i) {
    const double t = static_cast<double>(b + i);
    double* v = velocity + 3 * i;
    const double wx = v[0] - c0.x() - c1.x() * t, wy = v[1] - c0.y() - c1.y() * t, wz = v[2] - c0.z() - c1.z() * t;
    if (i > 0) px += half_dt * (ux + wx), py += half_dt * (uy + wy), pz += half_dt * (uz + wz);
    ux = wx, uy = wy, uz = wz;
    v[0] = ch * wx + sh * wy, v[1] = -sh * wx + ch * wy, v[2] = wz;
    double* p = position + 3 * i;
    p[0] = ch * px + sh * py, p[1] = -sh * px + ch * py, p[2] = pz;
  }
  out.displacement_m = Eigen::Vector3d(position[3 * (m - 1)], position[3 * (m - 1) + 1], position[3 * (m - 1) + 2]);
  double turn = h1 - h0;
  while (turn > 180) turn -= 360;
  while (turn <= -180) turn += 360;
  out.heading_change_deg = turn;
  out.gravity_mps2 = gravity;
  out.tilt_correction_deg = error_angle * rad_to_deg;
  return out;
}
}  // namespace trajectory_detail

/// Integrates one stride between two zero-velocity runs into `scratch`: the returned trajectory has
/// the stride's summary (begin, end, displacement, heading change, gravity, tilt correction) and
/// empty series; its per-sample series are left in `scratch` until the next call. Gravity and the
/// zero-velocity constraint are taken from the samples of each run within `rest_window_s` of its
/// rest sample: long runs (quiet standing, merged foot-flats) may hold small movements away from
/// their quietest point.
/// @param acc_mps2 specific force (n, 3), finite, in the segment frame, or in the sensor's with the
///        rotation `segment_from_sensor` (then each sample is turned as it is read)
/// @param gyr_dps angular velocity (n, 3), deg/s, finite, same frame as acc_mps2
/// @param sampling_rate_hz sampling rate (Hz)
/// @param first, second consecutive rest runs (first.end <= second.begin)
/// @param rest_window_s half-width of the rest samples that anchor gravity and zero velocity (s)
/// @param segment_from_sensor rotation into the segment frame (identity: the signals are in it)
/// @param scratch working memory, reused between calls; holds the series afterwards
/// @throws InvalidArgument on mismatched shapes, a bad rate or runs out of order / out of range.
inline StrideTrajectory integrate_stride_into(const Vec3Series& acc_mps2, const Vec3Series& gyr_dps,
                                              double sampling_rate_hz, const ZeroVelocityRun& first,
                                              const ZeroVelocityRun& second, double rest_window_s,
                                              const Eigen::Matrix3d& segment_from_sensor, StrideScratch& scratch) {
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
  SECONDHEART_CHECK((segment_from_sensor * segment_from_sensor.transpose()).isIdentity(1e-6) &&
                        segment_from_sensor.determinant() > 0,
                    "integrate_stride: expected segment_from_sensor to be a rotation, got\n", segment_from_sensor);
  return trajectory_detail::integrate_into(acc_mps2, gyr_dps, sampling_rate_hz, first, second, rest_window_s,
                                          segment_from_sensor, scratch);
}

/// The series integrate_stride_into left in `scratch`, copied into the trajectory it returned.
inline void copy_series(const StrideScratch& scratch, StrideTrajectory& t) {
  const Index m = t.end - t.begin + 1;
  t.position_m = Eigen::Map<const Vec3Series>(scratch.position_m.data(), m, 3);
  t.velocity_mps = Eigen::Map<const Vec3Series>(scratch.velocity_mps.data(), m, 3);
  auto degrees = [](double sine) { return std::asin(std::clamp(sine, -1.0, 1.0)) * rad_to_deg; };
  t.pitch_deg = Eigen::Map<const Series>(scratch.pitch_sine.data(), m).unaryExpr(degrees);
  t.roll_deg = Eigen::Map<const Series>(scratch.roll_sine.data(), m).unaryExpr(degrees);
}

/// Integrates one stride between two zero-velocity runs, segment-frame signals (see
/// integrate_stride_into), with its per-sample position, velocity, pitch and roll.
inline StrideTrajectory integrate_stride(const Vec3Series& acc_mps2, const Vec3Series& gyr_dps,
                                         double sampling_rate_hz, const ZeroVelocityRun& first,
                                         const ZeroVelocityRun& second, double rest_window_s = 0.1) {
  StrideScratch scratch;
  StrideTrajectory t = integrate_stride_into(acc_mps2, gyr_dps, sampling_rate_hz, first, second, rest_window_s,
                                             Eigen::Matrix3d::Identity(), scratch);
  copy_series(scratch, t);
  return t;
}

}  // namespace secondheart::orientation
