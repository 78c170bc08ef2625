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

#include "secondheart/calibration/imu_calibration.hpp"
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
/// Below this squared angle (rad²) a rotation step uses the series of half_angle_series.
inline constexpr double small_rotation_t2 = 0.04;
/// cos(θ/2) and sin(θ/2)/θ from θ²: their Taylor series to the 4th order, exact to 1e-9 for θ² below
/// small_rotation_t2 (< 0.2 rad per sample even at 1000 deg/s and 100 Hz). Multiplications: divisions are slow.
inline void half_angle_series(double t2, double& c, double& s) {
  const double x2 = 0.25 * t2;  // (θ/2)²
  c = 1.0 - x2 * (0.5 - x2 * (1.0 / 24.0));
  s = 0.5 - x2 * (0.5 / 6.0 - x2 * (0.5 / 120.0));
}
/// Quaternion of the rotation vector (wx, wy, wz) (rad): the series for small angles (no
/// transcendental call per sample), std::sin/cos for larger ones.
inline Quat rotation_step(double wx, double wy, double wz) {
  const double t2 = (wx * wx + wy * wy) + wz * wz;
  double c, s;  // cos(θ/2), sin(θ/2)/θ
  if (t2 < small_rotation_t2) {
    half_angle_series(t2, c, s);
  } else {
    const double t = std::sqrt(t2);
    c = std::cos(0.5 * t);
    s = std::sin(0.5 * t) / t;
  }
  return {c, s * wx, s * wy, s * wz};
}
/// The rotation steps k-1 -> k of a stride (gyro `gyr` row-major (n, 3), rad per deg/s in `half_step`)
/// by half_angle_series, one component per array, θ² per step, and the squared norm of each acc row
/// (read here, in order, so that the stride's acc is in cache for the loops that follow). Its own
/// function: `__restrict` (GCC, Clang, MSVC) says that the arrays do not overlap, without which the
/// loop is not vectorised.
inline void series_steps(const double* __restrict gyr, const double* __restrict acc, Index n, double half_step,
                         double* __restrict w, double* __restrict x, double* __restrict y, double* __restrict z,
                         double* __restrict t2, double* __restrict acc_norm2) {
  acc_norm2[0] = acc[0] * acc[0] + acc[1] * acc[1] + acc[2] * acc[2];
  for (Index k = 1; k < n; ++k) {
    const double wx = half_step * (gyr[3 * k - 3] + gyr[3 * k]), wy = half_step * (gyr[3 * k - 2] + gyr[3 * k + 1]),
                 wz = half_step * (gyr[3 * k - 1] + gyr[3 * k + 2]);
    t2[k] = (wx * wx + wy * wy) + wz * wz;
    double c, f;
    half_angle_series(t2[k], c, f);
    w[k] = c, x[k] = f * wx, y[k] = f * wy, z[k] = f * wz;
    acc_norm2[k] = acc[3 * k] * acc[3 * k] + acc[3 * k + 1] * acc[3 * k + 1] + acc[3 * k + 2] * acc[3 * k + 2];
  }
}
/// v rotated by the unit quaternion q: v + w·t + u × t with t = 2 u × v (u the vector part).
inline Eigen::Vector3d rotate(const Quat& q, double vx, double vy, double vz) {
  const double tx = 2.0 * (q.y * vz - q.z * vy), ty = 2.0 * (q.z * vx - q.x * vz), tz = 2.0 * (q.x * vy - q.y * vx);
  return {vx + q.w * tx + (q.y * tz - q.z * ty), vy + q.w * ty + (q.z * tx - q.x * tz),
          vz + q.w * tz + (q.x * ty - q.y * tx)};
}
/// q[i] = left ⊗ q[i] for the n quaternions stored one component per array (vectorised: see series_steps).
inline void compose_left(const Quat& left, double* __restrict w, double* __restrict x, double* __restrict y,
                         double* __restrict z, Index n) {
  for (Index i = 0; i < n; ++i) {
    const Quat r = left * Quat{w[i], x[i], y[i], z[i]};
    w[i] = r.w, x[i] = r.x, y[i] = r.y, z[i] = r.z;
  }
}
/// Per sample k: the attitude q[k] corrected in place (correction ⊗ q = cos·q + sin·(n ⊗ q), the
/// correction's half-angle cosine and sine in cc, cs, n the pure quaternion (0, nx, ny, 0)), and the
/// acc row k (row-major) rotated by it minus gravity on z. Samples are independent: vectorised, its
/// own function for `__restrict` (see series_steps).
inline void correct_and_rotate(const double* __restrict acc, Index n, double nx, double ny, double gravity,
                               const double* __restrict cc, const double* __restrict cs, double* __restrict qw,
                               double* __restrict qx, double* __restrict qy, double* __restrict qz,
                               double* __restrict ax, double* __restrict ay, double* __restrict az) {
  for (Index k = 0; k < n; ++k) {
    const double w = qw[k], x = qx[k], y = qy[k], z = qz[k];
    const double rw = cc[k] * w - cs[k] * (nx * x + ny * y), rx = cc[k] * x + cs[k] * (nx * w + ny * z),
                 ry = cc[k] * y + cs[k] * (ny * w - nx * z), rz = cc[k] * z + cs[k] * (nx * y - ny * x);
    qw[k] = rw, qx[k] = rx, qy[k] = ry, qz[k] = rz;
    // rotate()'s formula written out: its Eigen return value cost ~2 % of the walking hour here.
    const double vx = acc[3 * k], vy = acc[3 * k + 1], vz = acc[3 * k + 2];
    const double tx = 2.0 * (ry * vz - rz * vy), ty = 2.0 * (rz * vx - rx * vz), tz = 2.0 * (rx * vy - ry * vx);
    ax[k] = vx + rw * tx + (ry * tz - rz * ty);
    ay[k] = vy + rw * ty + (rz * tx - rx * tz);
    az[k] = vz + rw * tz + (rx * ty - ry * tx) - gravity;
  }
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

/// Which per-sample series integrate_stride_into leaves in its scratch.
enum class StrideSeries {
  All,                 ///< position, velocity, pitch and roll
  PitchAndHeight,      ///< the pitch sines and the position's height column (a stride table's needs)
  PitchRollAndHeight,  ///< the same and the roll sines (toe clearance)
};

/// Working memory of integrate_stride_into, reused from stride to stride: once it has grown to the
/// longest stride nothing is allocated. After a call it holds that stride's per-sample series, one
/// row per output sample (first rest sample to second rest sample, m of them).
struct StrideScratch {
  /// Per-sample working arrays of the stride, one after the other (see integrate_into): attitude,
  /// gyro steps, tilt correction, world acceleration. One component per array, so that the loops
  /// over independent samples are vectorised by the compiler.
  std::vector<double> work;
  std::vector<double> corrected;  ///< the stride's acc and gyro rows after the calibration (when one is given)
  std::vector<double> position_m, velocity_mps;   ///< (m, 3) row-major, world frame of the stride
  /// Sines of the foot pitch and roll (m): the angles are their arcsines (copy_series), which the
  /// table needs at a few samples only (the arcsine is monotonic: extremes of the sines are those of the angles).
  std::vector<double> pitch_sine, roll_sine;
  StrideSeries series = StrideSeries::All;  ///< what the last call left (see integrate_stride_into)
};

namespace trajectory_detail {
/// Rotation matrix -> unit quaternion (Eigen's conversion, as scalars).
inline Quat quat(const Eigen::Matrix3d& r) { return quat(Eigen::Quaterniond(r).normalized()); }

/// integrate_stride_into for checked arguments.
inline StrideTrajectory integrate_into(const Vec3Series& acc_mps2, const Vec3Series& gyr_dps, double sampling_rate_hz,
                                       const ZeroVelocityRun& first, const ZeroVelocityRun& second,
                                       double rest_window_s, const Eigen::Matrix3d& segment_from_sensor,
                                       StrideScratch& scratch, StrideSeries series,
                                       const calibration::AffineCorrection& correction) {
  const bool full_series = series == StrideSeries::All;
  scratch.series = series;
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
  if (!correction.identity()) {  // the stride's rows corrected into the scratch (the recording stays as it is)
    scratch.corrected.resize(6 * static_cast<std::size_t>(n));
    double* const ca = scratch.corrected.data();
    double* const cg = ca + 3 * n;
    const Eigen::Matrix3d& m = correction.acc_matrix;
    const Eigen::Vector3d& da = correction.acc_shift;
    const Eigen::Vector3d& dg = correction.gyr_shift;
    for (Index k = 0; k < n; ++k) {
      const double x = acc[3 * k], y = acc[3 * k + 1], z = acc[3 * k + 2];
      for (int c = 0; c < 3; ++c) {
        ca[3 * k + c] = m(c, 0) * x + m(c, 1) * y + m(c, 2) * z + da[c];
        cg[3 * k + c] = gyr[3 * k + c] + dg[c];
      }
    }
    acc = ca, gyr = cg;
  }

  // Attitude of the sensor (world <- sensor): gyro integration from the first rest tilt of the foot.
  // Integrating the sensor's own axes needs no sample turned into the foot frame: the foot's
  // attitude is the sensor's times sensor <- segment, so only the foot axes (the rows of
  // segment_from_sensor, in sensor coordinates) enter below. The product of unit quaternions stays
  // unit to ~1e-9 per step (rotation_step's series), so the chain is renormalised every 32 samples
  // only: the Newton step in every sample was a third of the sample-to-sample latency.
  const Eigen::Matrix3d& rot = segment_from_sensor;
  const Eigen::Vector3d foot_x = rot.row(0).transpose(), foot_y = rot.row(1).transpose();  // sensor coordinates
  Eigen::Vector3d acc0 = Eigen::Vector3d::Zero();
  for (Index k = a_win.begin - s; k < a_win.end - s; ++k) acc0 += Eigen::Vector3d(acc[3 * k], acc[3 * k + 1], acc[3 * k + 2]);
  acc0 = rot * acc0;
  const auto nu = static_cast<std::size_t>(n);
  scratch.work.resize(13 * nu);
  double* const qw = scratch.work.data();  // attitude, then the corrected attitude
  double* const qx = qw + nu;
  double* const qy = qx + nu;
  double* const qz = qy + nu;
  double* const sw = qz + nu;  // gyro step k-1 -> k (rotation_step)
  double* const sx = sw + nu;
  double* const sy = sx + nu;
  double* const sz = sy + nu;
  double* const ax = sz + nu;  // world acceleration minus gravity
  double* const ay = ax + nu;
  double* const az = ay + nu;
  double* const cc = az + nu;  // θ² of each step and |acc|², then cos and sin of the correction's half-angle
  double* const cs = cc + nu;
  auto load = [&](Index k) { return Quat{qw[k], qx[k], qy[k], qz[k]}; };
  const Quat start = quat(tilt_from_gravity(acc0)) * quat(rot);
  {
    // The steps do not depend on each other: one vectorised loop with rotation_step's series (its
    // exact branch is left to the chain, which finds θ² in cc). The chain is the serial part, one
    // product's latency per sample: it runs as two chains in one loop, the second half of the
    // stride from the identity, and is then turned by the first half's last attitude.
    const double half_step = 0.5 * deg * dt;  // trapezoid of two samples, deg/s -> rad
    series_steps(gyr, acc, n, half_step, sw, sx, sy, sz, cc, cs);  // θ² in cc, |acc|² in cs
    auto step = [&](Index k) {
      if (cc[k] < small_rotation_t2) return Quat{sw[k], sx[k], sy[k], sz[k]};
      const double* g = gyr + 3 * (k - 1);
      return rotation_step(half_step * (g[0] + g[3]), half_step * (g[1] + g[4]), half_step * (g[2] + g[5]));
    };
    const Index h = n / 2;  // first chain: samples 0 .. h; second: h+1 .. n-1, relative to sample h
    Quat first_half = start, second_half{1.0, 0.0, 0.0, 0.0};
    qw[0] = start.w, qx[0] = start.x, qy[0] = start.y, qz[0] = start.z;
    for (Index k = 1; k <= h; ++k) {
      first_half = first_half * step(k);
      if (k % 32 == 0) first_half = renormalized(first_half);
      qw[k] = first_half.w, qx[k] = first_half.x, qy[k] = first_half.y, qz[k] = first_half.z;
      if (const Index j = h + k; j < n) {
        second_half = second_half * step(j);
        if (k % 32 == 0) second_half = renormalized(second_half);
        qw[j] = second_half.w, qx[j] = second_half.x, qy[j] = second_half.y, qz[j] = second_half.z;
      }
    }
    compose_left(first_half, qw + h + 1, qx + h + 1, qy + h + 1, qz + h + 1, n - h - 1);
  }
  // Gravity at the second rest, in the world frame of the gyro attitude: its tilt from +z is the error.
  Eigen::Vector3d up = Eigen::Vector3d::Zero();
  double gravity = 0.0;
  for (Index k = b_win.begin - s; k < b_win.end - s; ++k) up += rotate(load(k), acc[3 * k], acc[3 * k + 1], acc[3 * k + 2]);
  for (Index k = a_win.begin - s; k < a_win.end - s; ++k) gravity += std::sqrt(cs[k]);
  for (Index k = b_win.begin - s; k < b_win.end - s; ++k) gravity += std::sqrt(cs[k]);
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
  // the second, about one fixed axis. The output samples (first rest to second rest) get their
  // pitch, roll and uncorrected velocity here; the drift is removed once the fit is known.
  StrideTrajectory out;
  out.begin = first.rest;
  out.end = second.rest;
  const Index b = first.rest - s, m = second.rest - first.rest + 1;  // output: [b, b + m), the correction ramp
  const auto mu = static_cast<std::size_t>(m);
  scratch.position_m.resize(3 * mu);
  scratch.velocity_mps.resize(3 * mu);
  scratch.pitch_sine.resize(mu);
  const bool with_roll = series != StrideSeries::PitchAndHeight;
  scratch.roll_sine.resize(with_roll ? mu : 0);
  // (a) The correction of sample k is (cos(φ/2), sin(φ/2) n) with n = (nx, ny, 0) the horizontal
  //     axis and φ = f·error: its half-angle advances by a constant step, a 2-d rotation of (cos, sin).
  const double error_norm = error_vec.norm();
  const double nx = error_norm > 0 ? error_vec.x() / error_norm : 1.0, ny = error_norm > 0 ? error_vec.y() / error_norm : 0.0;
  const double half_step_angle = 0.5 * error_norm / static_cast<double>(std::max<Index>(1, m - 1));
  const double step_cos = std::cos(half_step_angle), step_sin = std::sin(half_step_angle);
  {
    // Two interleaved recurrences (even and odd samples of the ramp, two steps at a time): each is
    // one multiply-add's latency per two samples.
    const double step2_cos = step_cos * step_cos - step_sin * step_sin, step2_sin = 2.0 * step_sin * step_cos;
    for (Index k = 0; k <= b; ++k) cc[k] = 1.0, cs[k] = 0.0;
    double c0 = 1.0, s0 = 0.0, c1 = step_cos, s1 = step_sin;  // samples b + i and b + i + 1, i even
    for (Index i = 1; i < m; i += 2) {
      cc[b + i] = c1, cs[b + i] = s1;
      if (i + 1 < m) {
        const double c0_next = c0 * step2_cos - s0 * step2_sin;
        s0 = s0 * step2_cos + c0 * step2_sin, c0 = c0_next;
        cc[b + i + 1] = c0, cs[b + i + 1] = s0;
      }
      const double c1_next = c1 * step2_cos - s1 * step2_sin;
      s1 = s1 * step2_cos + c1 * step2_sin, c1 = c1_next;
      if ((i + 1) % 32 == 0) {  // renormalised like the chain
        const double scale0 = 1.5 - 0.5 * (c0 * c0 + s0 * s0), scale1 = 1.5 - 0.5 * (c1 * c1 + s1 * s1);
        c0 *= scale0, s0 *= scale0, c1 *= scale1, s1 *= scale1;
      }
    }
    for (Index k = b + m; k < n; ++k) cc[k] = cc[b + m - 1], cs[k] = cs[b + m - 1];
  }
  // (b) Corrected attitude and world acceleration minus gravity (correct_and_rotate).
  correct_and_rotate(acc, n, nx, ny, gravity, cc, cs, qw, qx, qy, qz, ax, ay, az);
  // (c) Sines of the foot's pitch and roll: world z of its x and y axes, the third row of R(q) times
  //     each (sensor coordinates).
  double* pitch = scratch.pitch_sine.data();
  double* roll = scratch.roll_sine.data();
  const double fx0 = foot_x.x(), fx1 = foot_x.y(), fx2 = foot_x.z(), fy0 = foot_y.x(), fy1 = foot_y.y(), fy2 = foot_y.z();
  for (Index i = 0; i < m; ++i) {
    const double w = qw[b + i], x = qx[b + i], y = qy[b + i], z = qz[b + i];
    // r22 in its homogeneous form (|q|² times the unit value, like r20 and r21): between
    // renormalisations |q| differs from 1 by ~1e-9, and every term then carries the same scale.
    const double r20 = 2.0 * (x * z - w * y), r21 = 2.0 * (y * z + w * x), r22 = (w * w + z * z) - (x * x + y * y);
    pitch[i] = r20 * fx0 + r21 * fx1 + r22 * fx2;
    if (with_roll) roll[i] = r20 * fy0 + r21 * fy1 + r22 * fy2;
  }
  auto heading = [&](Index k) {  // of the foot x axis (deg)
    const Eigen::Vector3d x = Eigen::Quaterniond(qw[k], qx[k], qy[k], qz[k]) * foot_x;
    return std::atan2(x.y(), x.x()) * rad_to_deg;
  };
  const double h0 = heading(b), h1 = heading(b + m - 1);  // at the two rest samples
  // (d) velocity (trapezoid) and the sums of the drift fit over the rest samples of both runs.
  const Index rest_a_end = a_win.end - s, rest_b_begin = b_win.begin - s;
  double s0 = 0, s1 = 0, s2 = 0;
  Eigen::Vector3d r0 = Eigen::Vector3d::Zero(), r1 = Eigen::Vector3d::Zero();
  const double half_dt = 0.5 * dt;
  double vx = 0, vy = 0, vz = 0;
  double* velocity = scratch.velocity_mps.data();
  for (Index k = 0; k < n; ++k) {
    if (k > 0) {
      vx += half_dt * (ax[k - 1] + ax[k]), vy += half_dt * (ay[k - 1] + ay[k]), vz += half_dt * (az[k - 1] + az[k]);
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
    double* p = position + 3 * i;
    p[2] = pz;
    if (full_series) {
      v[0] = ch * wx + sh * wy, v[1] = -sh * wx + ch * wy, v[2] = wz;
      p[0] = ch * px + sh * py, p[1] = -sh * px + ch * py;
    }
  }
  out.displacement_m = Eigen::Vector3d(ch * px + sh * py, -sh * px + ch * py, pz);
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
///        rotation `segment_from_sensor` (the attitude is then integrated in the sensor's axes and
///        the foot's axes read from it: no sample is turned)
/// @param gyr_dps angular velocity (n, 3), deg/s, finite, same frame as acc_mps2
/// @param sampling_rate_hz sampling rate (Hz)
/// @param first, second consecutive rest runs (first.end <= second.begin)
/// @param rest_window_s half-width of the rest samples that anchor gravity and zero velocity (s)
/// @param segment_from_sensor rotation into the segment frame (identity: the signals are in it)
/// @param scratch working memory, reused between calls; holds the series afterwards
/// @param series the per-sample series to leave in `scratch` (the others are not computed: without
///        StrideSeries::All, position_m holds only its height column and velocity_mps is not drift-
///        corrected; copy_series refuses such a scratch)
/// @param correction sensor calibration (calibration/imu_calibration.hpp) in the frame of the signals,
///        applied to the stride's samples before they are integrated (identity: none)
/// @throws InvalidArgument on mismatched shapes, a bad rate or runs out of order / out of range.
inline StrideTrajectory integrate_stride_into(const Vec3Series& acc_mps2, const Vec3Series& gyr_dps,
                                              double sampling_rate_hz, const ZeroVelocityRun& first,
                                              const ZeroVelocityRun& second, double rest_window_s,
                                              const Eigen::Matrix3d& segment_from_sensor, StrideScratch& scratch,
                                              StrideSeries series = StrideSeries::All,
                                              const calibration::AffineCorrection& correction = {}) {
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
                                          segment_from_sensor, scratch, series, correction);
}

/// The series integrate_stride_into left in `scratch`, copied into the trajectory it returned.
/// @throws InvalidArgument when that call did not compute them all (StrideSeries::All).
inline void copy_series(const StrideScratch& scratch, StrideTrajectory& t) {
  SECONDHEART_CHECK(scratch.series == StrideSeries::All && static_cast<Index>(scratch.pitch_sine.size()) == t.end - t.begin + 1,
                    "copy_series: expected the scratch of this trajectory's integration with StrideSeries::All");
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
