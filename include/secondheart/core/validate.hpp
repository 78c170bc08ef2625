/// @file
/// Argument and unit sanity checks. They throw InvalidArgument with what was expected and what was got.
/// Unit heuristics run only when the caller did not declare the unit: a declared unit is converted,
/// never second-guessed.
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/recording.hpp"

namespace secondheart {

inline void check_sampling_rate(double sampling_rate_hz, const char* what = "sampling_rate_hz") {
  SECONDHEART_CHECK(std::isfinite(sampling_rate_hz) && sampling_rate_hz > 0, what,
                    ": expected a finite rate > 0 Hz, got ", sampling_rate_hz);
}

template <typename Derived>
void check_not_empty(const Eigen::DenseBase<Derived>& data, const char* what) {
  SECONDHEART_CHECK(data.size() > 0, what, ": expected at least one sample, got an empty array");
}

template <typename Derived>
void check_finite(const Eigen::DenseBase<Derived>& data, const char* what) {
  for (Index r = 0; r < data.rows(); ++r)
    for (Index c = 0; c < data.cols(); ++c)
      SECONDHEART_CHECK(std::isfinite(data(r, c)), what, ": expected finite values, got ", data(r, c),
                        " at sample ", r, (data.cols() > 1 ? ", column " + std::to_string(c) : std::string()));
}

/// Checks a time axis (s) and returns its sampling rate. Throws on fewer than 2 samples, NaN,
/// non-increasing time (naming the sample) or jitter above 5 % of the median step.
inline double sampling_rate_from_time(const Series& time_s) {
  SECONDHEART_CHECK(time_s.size() >= 2, "time: expected at least 2 samples, got ", time_s.size());
  check_finite(time_s, "time");
  std::vector<double> steps(static_cast<std::size_t>(time_s.size() - 1));
  for (Index i = 1; i < time_s.size(); ++i) {
    const double step = time_s[i] - time_s[i - 1];
    SECONDHEART_CHECK(step > 0, "time: expected strictly increasing values, got ", time_s[i], " s at sample ", i,
                      " after ", time_s[i - 1], " s");
    steps[static_cast<std::size_t>(i - 1)] = step;
  }
  std::nth_element(steps.begin(), steps.begin() + steps.size() / 2, steps.end());
  const double median_step = steps[steps.size() / 2];
  const double duration = time_s[time_s.size() - 1] - time_s[0];
  const double mean_step = duration / static_cast<double>(time_s.size() - 1);
  SECONDHEART_CHECK(std::abs(mean_step - median_step) <= 0.05 * median_step,
                    "time: expected uniform sampling, got a mean step of ", mean_step, " s against a median of ",
                    median_step, " s (missing samples? resample or split the recording first)");
  return 1.0 / median_step;
}

namespace detail {
inline double quantile_of_abs(std::vector<double> values, double q) {
  if (values.empty()) return 0.0;
  const auto k = static_cast<std::size_t>(q * static_cast<double>(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  return values[k];
}
}  // namespace detail

/// Units the caller vouches for; an unset field means "check the default unit (m/s², deg/s)".
struct DeclaredUnits {
  std::optional<AccUnit> acc;
  std::optional<GyroUnit> gyro;
};

/// Robust unit evidence of an IMU recording (finite samples only; a long recording is read at
/// every k-th sample, about 5 000 samples in all: a median and a 99th percentile that decide
/// between units hundreds of times apart need no more).
struct UnitEvidence {
  double median_acc_norm = 0.0;     ///< ≈ 9.8 in m/s², ≈ 1 in g
  double p99_gyro_norm = 0.0;       ///< hundreds in deg/s during walking, < 20 in rad/s
  double p99_dynamic_acc = 0.0;     ///< |‖a‖ − median ‖a‖|: movement, in the recording's own unit
};

inline UnitEvidence unit_evidence(const Vec3Series& acc, const Vec3Series& gyr) {
  std::vector<double> acc_norm, gyr_norm;
  const Index step = std::max<Index>(1, std::max(acc.rows(), gyr.rows()) / 5000);
  acc_norm.reserve(static_cast<std::size_t>(acc.rows() / step + 1));
  gyr_norm.reserve(static_cast<std::size_t>(gyr.rows() / step + 1));
  for (Index i = 0; i < acc.rows(); i += step)
    if (acc.row(i).allFinite()) acc_norm.push_back(acc.row(i).norm());
  for (Index i = 0; i < gyr.rows(); i += step)
    if (gyr.row(i).allFinite()) gyr_norm.push_back(gyr.row(i).norm());
  UnitEvidence evidence;
  evidence.median_acc_norm = detail::quantile_of_abs(acc_norm, 0.5);
  evidence.p99_gyro_norm = detail::quantile_of_abs(gyr_norm, 0.99);
  for (double& a : acc_norm) a = std::abs(a - evidence.median_acc_norm);
  evidence.p99_dynamic_acc = detail::quantile_of_abs(acc_norm, 0.99);
  return evidence;
}

/// Checks the units of an IMU recording against m/s² and deg/s (units the caller declared are not
/// checked): acceleration whose median norm is near 1 "looks like g"; a gyro whose 99th percentile
/// stays below 25 while the accelerometer shows clear movement (> 3 m/s²) "looks like rad/s". An
/// all-zero accelerometer passes (a dead sensor is a data problem: the pipelines flag it).
inline void check_imu_units(const ImuRecording& rec, const DeclaredUnits& units = {}) {
  if (units.acc && units.gyro) return;
  const std::string where = std::string(to_string(rec.side)) + " " + std::string(to_string(rec.placement)) + " IMU";
  const UnitEvidence ev = unit_evidence(rec.acc_mps2, rec.gyr_dps);
  if (!units.acc) {
    SECONDHEART_CHECK(!(ev.median_acc_norm > 0.5 && ev.median_acc_norm < 2.0), where,
                      ": expected acceleration in m/s² (median norm ≈ 9.8), got a median norm of ", ev.median_acc_norm,
                      ", which looks like g; declare the unit (acc unit = g) to convert");
    SECONDHEART_CHECK(ev.median_acc_norm == 0.0 || (ev.median_acc_norm > 4.0 && ev.median_acc_norm < 25.0), where,
                      ": expected acceleration in m/s² (median norm ≈ 9.8), got a median norm of ", ev.median_acc_norm,
                      "; check the unit and the column mapping");
  }
  if (!units.gyro) {
    const bool moving = ev.p99_dynamic_acc > 3.0;
    SECONDHEART_CHECK(!(moving && ev.p99_gyro_norm < 25.0), where,
                      ": expected angular velocity in deg/s, got a 99th-percentile norm of ", ev.p99_gyro_norm,
                      " while the accelerometer shows movement, which looks like rad/s; declare the unit "
                      "(gyro unit = rad/s) to convert");
  }
}

/// Checks shapes, rate and units of an IMU recording, converting declared non-default units in place
/// (see check_imu_units). NaN samples are allowed (they are gaps, flagged later).
inline void validate_imu(ImuRecording& rec, const DeclaredUnits& units = {}) {
  const std::string where = std::string(to_string(rec.side)) + " " + std::string(to_string(rec.placement)) + " IMU";
  SECONDHEART_CHECK(std::isfinite(rec.sampling_rate_hz) && rec.sampling_rate_hz > 0, where,
                    ": expected sampling_rate_hz > 0, got ", rec.sampling_rate_hz);
  SECONDHEART_CHECK(rec.acc_mps2.rows() > 0, where, ": expected at least one sample, got an empty recording");
  SECONDHEART_CHECK(rec.acc_mps2.rows() == rec.gyr_dps.rows(), where,
                    ": expected as many gyroscope as accelerometer samples, got ", rec.gyr_dps.rows(), " and ",
                    rec.acc_mps2.rows());
  if (units.acc == AccUnit::StandardGravity) rec.acc_mps2 *= standard_gravity_mps2;
  if (units.gyro == GyroUnit::RadiansPerSecond) rec.gyr_dps *= rad_to_deg;
  check_imu_units(rec, units);
}

/// Checks shapes and rate of an insole recording. Force must be in N: a total whose 99th percentile
/// is below 5 (body weights, kN) or above 20 000 (a wrong scale) is rejected; an all-zero one is not.
inline void validate_insole(const InsoleRecording& rec) {
  const std::string where = std::string(to_string(rec.side)) + " insole";
  SECONDHEART_CHECK(std::isfinite(rec.sampling_rate_hz) && rec.sampling_rate_hz > 0, where,
                    ": expected sampling_rate_hz > 0, got ", rec.sampling_rate_hz);
  SECONDHEART_CHECK(rec.cell_force_n.rows() > 0 && rec.cell_force_n.cols() > 0, where,
                    ": expected at least one sample and one cell, got ", rec.cell_force_n.rows(), " samples x ",
                    rec.cell_force_n.cols(), " cells");
  SECONDHEART_CHECK(rec.cell_position_m.rows() == rec.cell_force_n.cols(), where, ": expected one position per cell (",
                    rec.cell_force_n.cols(), "), got ", rec.cell_position_m.rows());
  SECONDHEART_CHECK(rec.total_force_n.size() == 0 || rec.total_force_n.size() == rec.cell_force_n.rows(), where,
                    ": expected total_force_n empty or with ", rec.cell_force_n.rows(), " samples, got ",
                    rec.total_force_n.size());
  SECONDHEART_CHECK(std::isfinite(rec.foot_length_m) && rec.foot_length_m > 0.1 && rec.foot_length_m < 0.4, where,
                    ": expected foot_length_m in (0.1, 0.4) m, got ", rec.foot_length_m);
  std::vector<double> total;
  const Series t = rec.total();
  for (Index i = 0; i < t.size(); ++i)
    if (std::isfinite(t[i])) total.push_back(std::abs(t[i]));
  const double p99 = detail::quantile_of_abs(total, 0.99);
  SECONDHEART_CHECK(p99 == 0.0 || (p99 > 5.0 && p99 < 20000.0), where,
                    ": expected total vertical force in N (peaks of hundreds), got a 99th percentile of ", p99,
                    ", which is not newtons (body weights, kN, or pressure not multiplied by cell area?); convert on read");
}

}  // namespace secondheart
