/// @file
/// Accelerometer offset and scale, and gyroscope bias, estimated from the still periods of the
/// recording itself (multi-position calibration without a calibration protocol).
///
/// A still sensor reads gravity and no rotation. Each still period of a recording (standing at the
/// start and end of a walk, a pause in a turn, and in a day sitting, lying, legs up) gives one
/// specific-force vector m_i in the sensor's axes and one gyro mean. For the accelerometer model
///   true = diag(s) (raw − b),  |true| = g at rest,
/// every period is one equation |diag(s)(m_i − b)| = g; periods in different orientations make the
/// six unknowns (b, s) observable, as in the six-position calibration of an IMU. A walk usually holds
/// its rests in one orientation (foot flat), which fixes only the offset-and-scale combination along
/// gravity; so the fit is a maximum a posteriori estimate with a prior on each parameter (offset
/// 0 ± prior_offset_sd_mps2, scale 1 ± prior_scale_sd: the spread of consumer MEMS sensors), and
/// each parameter is reported with its posterior standard deviation and marked constrained only
/// when the data shrink that below constrained_sd_fraction of the prior. The correction keeps only
/// the combinations of parameters that the data constrain so (the others stay at the prior: no
/// correction is invented from noise). The accelerometer is corrected only when every offset is
/// constrained (several orientations); otherwise the recording is flagged and only the gyro bias is
/// applied. A calibration from elsewhere (a calibration protocol, a day recording of the same sensor)
/// can be given to the pipeline instead (FootImuPipelineParams::known_calibration).
///
/// The gyro bias is the mean angular velocity over the still periods (weighted by duration); its
/// uncertainty is the spread between periods (a bias that drifts with temperature shows here).
///
/// A still period must be still: a zero-velocity run of at least min_still_s (mid-stance rests of
/// walking are shorter, and a rolling foot in a fast gait reads tens of deg/s in them), trimmed by
/// edge_trim_s at both ends, over which the gravity direction stays within max_turn_deg.
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/quality.hpp"
#include "secondheart/core/types.hpp"
#include "secondheart/orientation/zero_velocity.hpp"

namespace secondheart::calibration {

struct ImuCalibrationParams {
  double min_still_s = 1.0;    ///< shorter rests are not calibration periods (s)
  double edge_trim_s = 0.1;    ///< trimmed at both ends of a rest: the foot settles (s)
  double max_turn_deg = 2.0;   ///< gravity may turn at most this much within a period (deg)
  double window_s = 0.25;      ///< postures within a rest are told apart window by window (s)
  double prior_offset_sd_mps2 = 1.0;  ///< prior spread of each accelerometer offset (~0.1 g)
  double prior_scale_sd = 0.05;       ///< prior spread of each accelerometer scale factor
  /// Per-period error floor (m/s²): axis misalignment, non-linearity and temperature leave |m| off g
  /// by this much (~5 mg) even for a perfectly estimated offset and scale.
  double model_sd_mps2 = 0.05;
  double constrained_sd_fraction = 0.25;  ///< constrained: posterior sd below this fraction of the prior
  bool correct_acc = true;   ///< apply the accelerometer offset and scale before the trajectory
  bool correct_gyro = true;  ///< apply the gyro bias before the trajectory
};

/// One still period: the mean specific force and angular velocity over its samples.
struct StillPeriod {
  Index begin = 0, end = 0;  ///< samples [begin, end) after trimming
  Eigen::Vector3d acc_mean_mps2 = Eigen::Vector3d::Zero();
  Eigen::Vector3d gyr_mean_dps = Eigen::Vector3d::Zero();
  double acc_noise_sd_mps2 = 0.0;  ///< per-sample spread of |acc| within the period (its first 5 s)
};

struct ImuCalibration {
  /// true = diag(acc_scale) (raw − acc_offset_mps2); sensor axes.
  Eigen::Vector3d acc_offset_mps2 = Eigen::Vector3d::Zero();
  Eigen::Vector3d acc_scale = Eigen::Vector3d::Ones();
  Eigen::Vector3d acc_offset_sd_mps2 = Eigen::Vector3d::Constant(NaN);  ///< posterior sd
  Eigen::Vector3d acc_scale_sd = Eigen::Vector3d::Constant(NaN);        ///< posterior sd
  /// Per axis: did the still periods constrain the parameter (posterior sd < fraction × prior sd)?
  Eigen::Matrix<bool, 3, 1> acc_offset_constrained = Eigen::Matrix<bool, 3, 1>::Constant(false);
  Eigen::Matrix<bool, 3, 1> acc_scale_constrained = Eigen::Matrix<bool, 3, 1>::Constant(false);
  Eigen::Vector3d gyr_bias_dps = Eigen::Vector3d::Zero();  ///< true = raw − gyr_bias_dps
  Eigen::Vector3d gyr_bias_sd_dps = Eigen::Vector3d::Constant(NaN);
  Index still_periods = 0;
  double still_s = 0.0;                ///< total duration of the still periods (s)
  double orientation_spread_deg = NaN;  ///< largest angle between the gravity directions of two periods
  double gravity_error_before_mps2 = NaN;  ///< RMS of |m_i| − g over the periods, raw
  double gravity_error_after_mps2 = NaN;   ///< the same after the correction
  bool applied = false;  ///< the pipeline corrected the signals with it
  QualityFlags flags;
};

/// The still periods among zero-velocity runs (see the file comment). A long rest may hold several
/// postures (lying, then legs up: the leg moves slowly, below the rest threshold): it is cut into
/// windows of `window_s`, consecutive windows whose gravity stays within max_turn_deg of the first
/// one's form one posture, and the windows at a change of posture are dropped.
/// @throws InvalidArgument on mismatched shapes, a bad rate or runs outside the signals.
inline std::vector<StillPeriod> find_still_periods(const Vec3Series& acc_mps2, const Vec3Series& gyr_dps,
                                                   double sampling_rate_hz,
                                                   const std::vector<orientation::ZeroVelocityRun>& runs,
                                                   const ImuCalibrationParams& params = {}) {
  SECONDHEART_CHECK(std::isfinite(sampling_rate_hz) && sampling_rate_hz > 0,
                    "find_still_periods: expected sampling_rate_hz > 0, got ", sampling_rate_hz);
  SECONDHEART_CHECK(acc_mps2.rows() == gyr_dps.rows(), "find_still_periods: expected as many acc as gyro samples, got ",
                    acc_mps2.rows(), " and ", gyr_dps.rows());
  SECONDHEART_CHECK(params.window_s > 0 && params.min_still_s >= params.window_s,
                    "find_still_periods: expected 0 < window_s <= min_still_s, got ", params.window_s, " and ",
                    params.min_still_s);
  const double fs = sampling_rate_hz;
  const auto trim = static_cast<Index>(std::lround(params.edge_trim_s * fs));
  const Index window = std::max<Index>(2, static_cast<Index>(std::lround(params.window_s * fs)));
  const auto min_length = static_cast<Index>(std::ceil(params.min_still_s * fs));
  const double cos_max_turn = std::cos(params.max_turn_deg / rad_to_deg);
  std::vector<StillPeriod> out;
  // Row sums over [begin, end) of a row-major (n, 3) series: one pass, no temporaries (a day holds
  // hours of rest: this runs over most of its samples).
  auto sum_rows = [](const Vec3Series& x, Index begin, Index end) {
    const double* p = x.data() + 3 * begin;
    double sx = 0, sy = 0, sz = 0;
    for (Index i = begin; i < end; ++i, p += 3) sx += p[0], sy += p[1], sz += p[2];
    return Eigen::Vector3d(sx, sy, sz);
  };
  auto add = [&](Index begin, Index end) {
    if (end - begin < min_length) return;
    StillPeriod p;
    p.begin = begin, p.end = end;
    const auto count = static_cast<double>(end - begin);
    p.acc_mean_mps2 = sum_rows(acc_mps2, begin, end) / count;
    p.gyr_mean_dps = sum_rows(gyr_dps, begin, end) / count;
    // The noise of |acc| from the period's first 5 s: enough for a spread, and hours of sitting
    // would otherwise cost a square root per sample.
    const Index noise_end = std::min(end, begin + static_cast<Index>(5.0 * fs));
    double norm_sum = 0, norm_sum2 = 0;
    for (Index i = begin; i < noise_end; ++i) {
      const double norm = acc_mps2.row(i).norm();
      norm_sum += norm, norm_sum2 += norm * norm;
    }
    const double mean_norm = norm_sum / static_cast<double>(noise_end - begin);
    p.acc_noise_sd_mps2 = std::sqrt(std::max(0.0, norm_sum2 / static_cast<double>(noise_end - begin) - mean_norm * mean_norm));
    if (p.acc_mean_mps2.allFinite() && p.gyr_mean_dps.allFinite()) out.push_back(p);
  };
  // Within max_turn_deg of each other: cos(angle) = a·b / (|a||b|), no arctangent per window.
  auto close = [&](const Eigen::Vector3d& a, const Eigen::Vector3d& b) {
    return a.dot(b) >= cos_max_turn * a.norm() * b.norm();
  };
  for (const auto& run : runs) {
    SECONDHEART_CHECK(0 <= run.begin && run.begin <= run.end && run.end <= acc_mps2.rows(),
                      "find_still_periods: expected runs inside the ", acc_mps2.rows(), " samples, got [", run.begin,
                      ", ", run.end, ")");
    const Index begin = run.begin + trim, end = run.end - trim;
    if (end - begin < min_length) continue;
    // Postures: runs of windows whose gravity is within max_turn_deg of the posture's first window;
    // a window that leaves it is dropped (the change of posture) and the next one starts a new one.
    const Index windows = (end - begin) / window;
    auto up_of = [&](Index k) { return sum_rows(acc_mps2, begin + k * window, begin + (k + 1) * window); };
    Index first = 0;
    Eigen::Vector3d posture_up = up_of(0);
    for (Index k = 1; k < windows; ++k) {
      if (close(posture_up, up_of(k))) continue;
      add(begin + first * window, begin + k * window);
      first = k + 1;
      if (first < windows) posture_up = up_of(first);
      ++k;
    }
    if (first < windows) add(begin + first * window, end);  // the last posture keeps the samples after its last window
  }
  return out;
}

/// The still periods of `earlier` data of the same sensor (a stream's history; begin/end on the
/// recording's clock, negative before its start) and the recording's `own`, in that order; an own
/// period that overlaps an earlier one is the same rest seen again and is left out.
inline std::vector<StillPeriod> merge_still_periods(const std::vector<StillPeriod>& earlier,
                                                    const std::vector<StillPeriod>& own) {
  std::vector<StillPeriod> out = earlier;
  for (const StillPeriod& p : own) {
    const bool seen = std::any_of(earlier.begin(), earlier.end(),
                                  [&](const StillPeriod& e) { return p.begin < e.end && e.begin < p.end; });
    if (!seen) out.push_back(p);
  }
  return out;
}

namespace calibration_detail {
/// Residual |diag(s)(m − b)| − g and its gradient with respect to (b, s).
inline double residual(const Eigen::Vector3d& m, const Eigen::Vector3d& b, const Eigen::Vector3d& s,
                       Eigen::Matrix<double, 6, 1>& gradient) {
  const Eigen::Vector3d d = m - b;
  const Eigen::Vector3d t = s.cwiseProduct(d);
  const double r = t.norm();
  const Eigen::Vector3d u = t / r;
  gradient.head<3>() = -u.cwiseProduct(s);  // d|t|/db_k = −u_k s_k
  gradient.tail<3>() = u.cwiseProduct(d);   // d|t|/ds_k = u_k d_k
  return r - standard_gravity_mps2;
}
}  // namespace calibration_detail

/// Estimates the accelerometer offset and scale and the gyro bias from still periods (file comment).
/// With no still period the calibration is the identity and flagged.
inline ImuCalibration estimate_imu_calibration(const std::vector<StillPeriod>& periods, double sampling_rate_hz,
                                               const ImuCalibrationParams& params = {}) {
  SECONDHEART_CHECK(std::isfinite(sampling_rate_hz) && sampling_rate_hz > 0,
                    "estimate_imu_calibration: expected sampling_rate_hz > 0, got ", sampling_rate_hz);
  SECONDHEART_CHECK(params.prior_offset_sd_mps2 > 0 && params.prior_scale_sd > 0 && params.model_sd_mps2 > 0,
                    "estimate_imu_calibration: expected positive prior and model spreads, got ",
                    params.prior_offset_sd_mps2, ", ", params.prior_scale_sd, " and ", params.model_sd_mps2);
  ImuCalibration out;
  out.still_periods = static_cast<Index>(periods.size());
  if (periods.empty()) {
    out.flags.push_back({"no_still_periods", std::nullopt,
                         std::string("no still period of ") + to_text(params.min_still_s) +
                             " s or more: the accelerometer offset and scale and the gyro bias are not estimated",
                         FlagSeverity::Info});
    return out;
  }
  // Gyro bias: duration-weighted mean; sd from the spread between periods (or the mean's own noise).
  double total = 0.0;
  Eigen::Vector3d sum = Eigen::Vector3d::Zero(), sum2 = Eigen::Vector3d::Zero();
  for (const auto& p : periods) {
    const auto w = static_cast<double>(p.end - p.begin);
    total += w, sum += w * p.gyr_mean_dps, sum2 += w * p.gyr_mean_dps.cwiseAbs2();
  }
  out.still_s = total / sampling_rate_hz;
  out.gyr_bias_dps = sum / total;
  const Eigen::Vector3d between = (sum2 / total - out.gyr_bias_dps.cwiseAbs2()).cwiseMax(0.0);
  if (periods.size() > 1) out.gyr_bias_sd_dps = (between / static_cast<double>(periods.size() - 1)).cwiseSqrt();

  // Orientation spread: the largest angle between two periods' gravity directions.
  double spread = 0.0;
  for (std::size_t i = 0; i < periods.size(); ++i)
    for (std::size_t j = i + 1; j < periods.size(); ++j) {
      const Eigen::Vector3d& a = periods[i].acc_mean_mps2;
      const Eigen::Vector3d& b = periods[j].acc_mean_mps2;
      spread = std::max(spread, std::atan2(a.cross(b).norm(), a.dot(b)) * rad_to_deg);
    }
  out.orientation_spread_deg = spread;

  // Accelerometer: Gauss–Newton on the MAP objective, Σ r_i²/σ_i² + prior terms.
  std::vector<double> weight;  // 1/σ_i²: the period mean's noise (samples ~independent) + the model floor
  for (const auto& p : periods) {
    const auto n = static_cast<double>(p.end - p.begin);
    weight.push_back(1.0 / (p.acc_noise_sd_mps2 * p.acc_noise_sd_mps2 / n + params.model_sd_mps2 * params.model_sd_mps2));
  }
  Eigen::Matrix<double, 6, 1> prior_precision;
  prior_precision << Eigen::Vector3d::Constant(1.0 / (params.prior_offset_sd_mps2 * params.prior_offset_sd_mps2)),
      Eigen::Vector3d::Constant(1.0 / (params.prior_scale_sd * params.prior_scale_sd));
  Eigen::Vector3d b = Eigen::Vector3d::Zero(), s = Eigen::Vector3d::Ones();
  Eigen::Matrix<double, 6, 6> information;
  Eigen::Matrix<double, 6, 1> g;
  auto rms = [&](const Eigen::Vector3d& offset, const Eigen::Vector3d& scale) {
    double e = 0.0;
    for (const auto& p : periods) e += std::pow(calibration_detail::residual(p.acc_mean_mps2, offset, scale, g), 2);
    return std::sqrt(e / static_cast<double>(periods.size()));
  };
  out.gravity_error_before_mps2 = rms(b, s);
  for (int iteration = 0; iteration < 20; ++iteration) {
    information = prior_precision.asDiagonal();
    Eigen::Matrix<double, 6, 1> rhs;
    rhs << -prior_precision.head<3>().cwiseProduct(b), -prior_precision.tail<3>().cwiseProduct(s - Eigen::Vector3d::Ones());
    for (std::size_t i = 0; i < periods.size(); ++i) {
      const double r = calibration_detail::residual(periods[i].acc_mean_mps2, b, s, g);
      information += weight[i] * g * g.transpose();
      rhs -= weight[i] * r * g;
    }
    const Eigen::Matrix<double, 6, 1> step = information.ldlt().solve(rhs);
    b += step.head<3>(), s += step.tail<3>();
    if (step.norm() < 1e-10) break;
  }
  // Posterior covariance at the solution.
  information = prior_precision.asDiagonal();
  for (std::size_t i = 0; i < periods.size(); ++i) {
    calibration_detail::residual(periods[i].acc_mean_mps2, b, s, g);
    information += weight[i] * g * g.transpose();
  }
  const Eigen::Matrix<double, 6, 6> covariance = information.inverse();
  const Eigen::Matrix<double, 6, 1> sd = covariance.diagonal().cwiseSqrt();
  // Keep only what the data determine: in prior-whitened coordinates the data information has
  // eigen-directions with eigenvalue λ, along which the posterior sd is 1/√(1+λ) of the prior's.
  // The estimate is projected onto the directions with sd below constrained_sd_fraction: along the
  // others the MAP estimate would still follow noise a little (two rests a few degrees apart "see"
  // an offset across gravity in a 0.01 m/s² difference of |acc|).
  {
    const Eigen::Matrix<double, 6, 1> prior_sd = prior_precision.cwiseSqrt().cwiseInverse();
    const Eigen::Matrix<double, 6, 6> data =
        prior_sd.asDiagonal() * (information - Eigen::Matrix<double, 6, 6>(prior_precision.asDiagonal())) *
        prior_sd.asDiagonal();
    const Eigen::SelfAdjointEigenSolver<Eigen::Matrix<double, 6, 6>> eigen(data);
    Eigen::Matrix<double, 6, 1> z;  // whitened deviation from the prior mean
    z << b.cwiseQuotient(prior_sd.head<3>()), (s - Eigen::Vector3d::Ones()).cwiseQuotient(prior_sd.tail<3>());
    Eigen::Matrix<double, 6, 1> kept = Eigen::Matrix<double, 6, 1>::Zero();
    const double min_lambda = 1.0 / (params.constrained_sd_fraction * params.constrained_sd_fraction) - 1.0;
    for (int k = 0; k < 6; ++k) {
      if (!(eigen.eigenvalues()[k] > min_lambda)) continue;
      const Eigen::Matrix<double, 6, 1> v = eigen.eigenvectors().col(k);
      kept += v * v.dot(z);
    }
    b = kept.head<3>().cwiseProduct(prior_sd.head<3>());
    s = Eigen::Vector3d::Ones() + kept.tail<3>().cwiseProduct(prior_sd.tail<3>());
  }
  if (!(b.allFinite() && s.allFinite() && sd.allFinite() && s.minCoeff() > 0.5)) {
    out.flags.push_back({"acc_calibration_failed", std::nullopt,
                         "the accelerometer offset and scale fit did not converge on " +
                             std::to_string(periods.size()) + " still periods: not corrected"});
    return out;
  }
  out.acc_offset_mps2 = b, out.acc_scale = s;
  out.acc_offset_sd_mps2 = sd.head<3>(), out.acc_scale_sd = sd.tail<3>();
  out.acc_offset_constrained = (sd.head<3>().array() < params.constrained_sd_fraction * params.prior_offset_sd_mps2).matrix();
  out.acc_scale_constrained = (sd.tail<3>().array() < params.constrained_sd_fraction * params.prior_scale_sd).matrix();
  out.gravity_error_after_mps2 = rms(b, s);
  if (!out.acc_offset_constrained.all()) {
    std::string free_axes;
    for (int k = 0; k < 3; ++k)
      if (!out.acc_offset_constrained[k]) free_axes += std::string(free_axes.empty() ? "" : ", ") + "xyz"[k];
    out.flags.push_back({"acc_calibration_partial", std::nullopt,
                         std::to_string(periods.size()) + " still periods within " + to_text(spread) +
                             " deg of one another do not constrain the accelerometer offset along " + free_axes +
                             " (sensor axes): the accelerometer is not corrected (the trajectory takes |acc| at "
                             "rest as gravity); the gyro bias is",
                         FlagSeverity::Info});
  }
  return out;
}

/// The calibration as an affine correction of signals in the frame `frame_from_sensor` · sensor:
/// acc' = acc_matrix · acc + acc_shift, gyr' = gyr + gyr_shift. Identity when nothing is applied.
struct AffineCorrection {
  Eigen::Matrix3d acc_matrix = Eigen::Matrix3d::Identity();
  Eigen::Vector3d acc_shift = Eigen::Vector3d::Zero();
  Eigen::Vector3d gyr_shift = Eigen::Vector3d::Zero();
  bool identity() const {
    return acc_matrix == Eigen::Matrix3d::Identity() && acc_shift.isZero(0.0) && gyr_shift.isZero(0.0);
  }
};

/// The correction to apply to signals already rotated by `frame_from_sensor` (identity: sensor axes):
/// R diag(s) Rᵀ (acc − R b) and gyr − R bias.
inline AffineCorrection correction_in_frame(const ImuCalibration& c, const Eigen::Matrix3d& frame_from_sensor,
                                            const ImuCalibrationParams& params = {}) {
  AffineCorrection out;
  const Eigen::Matrix3d& r = frame_from_sensor;
  // Only a full calibration corrects the accelerometer: when rests in too few orientations leave an
  // offset free, how the mismatch along gravity splits into offset and scale is the prior's choice,
  // and that choice changes the swing's accelerations (a synthetic day with rests flat, lying and
  // legs up: stride length error 3.5 cm corrected that way against 2.4 cm uncorrected).
  if (params.correct_acc && c.acc_offset_constrained.all() && c.acc_scale.allFinite() && c.acc_offset_mps2.allFinite()) {
    out.acc_matrix = r * c.acc_scale.asDiagonal() * r.transpose();
    out.acc_shift = -r * c.acc_scale.asDiagonal() * c.acc_offset_mps2;
  }
  if (params.correct_gyro && c.gyr_bias_dps.allFinite()) out.gyr_shift = -r * c.gyr_bias_dps;
  return out;
}

/// A one-line summary for reports and flags.
inline std::string describe(const ImuCalibration& c) {
  auto vec = [](const Eigen::Vector3d& v) {
    // Appended piece by piece: "(" + std::string&& trips GCC 12's -Wrestrict false positive at -O2.
    std::string out = "(";
    out += to_text(v.x()), out += ", ", out += to_text(v.y()), out += ", ", out += to_text(v.z()), out += ")";
    return out;
  };
  return std::to_string(c.still_periods) + " still periods (" + to_text(c.still_s) + " s, orientations within " +
         to_text(c.orientation_spread_deg) + " deg): acc offset " + vec(c.acc_offset_mps2) + " ± " +
         vec(c.acc_offset_sd_mps2) + " m/s², scale " + vec(c.acc_scale) + " ± " + vec(c.acc_scale_sd) +
         ", gyro bias " + vec(c.gyr_bias_dps) + " deg/s; |acc| at rest off g by " +
         to_text(c.gravity_error_before_mps2) + " → " + to_text(c.gravity_error_after_mps2) + " m/s² (RMS)";
}

}  // namespace secondheart::calibration
