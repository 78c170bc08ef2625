// Shared by src/assess/*.cpp (not installed): one feature on one side against its norm, the
// standardised weighted combination behind the push-off score and the asymmetry, plain-word labels.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "secondheart/assess/features.hpp"
#include "secondheart/assess/norms.hpp"
#include "secondheart/assess/statistics.hpp"

namespace secondheart::assess::detail {

/// A feature's median and spread on one side, standardised against its norm.
struct SideValue {
  const FeatureNorm* norm = nullptr;
  SampleSummary sample;
  double norm_mean = NaN;
  bool speed_adjusted = false;
  double norm_speed_mps = NaN;  ///< the speed the norm was read at (clamped to its fitted range)
  double raw_z = NaN;  ///< direction · (median − norm_mean) / sd
  double z = NaN;      ///< raw_z as a predictive z (statistics.hpp predictive_z): low = weak
  double z_se = NaN;   ///< standard error of z from the spread of the cycles
};

/// A standard error through the predictive transform: the local slope of predictive_z at `raw_z`.
inline double predictive_se(double raw_z, double raw_se, Index n_people) {
  if (!std::isfinite(raw_se) || !std::isfinite(raw_z)) return NaN;
  const double h = 1e-3;
  return raw_se * (predictive_z(raw_z + h, n_people) - predictive_z(raw_z - h, n_people)) / (2 * h);
}

/// The speed a norm is read at: NaN when unknown or not a walking speed in m/s (< 0 or > 4 m/s).
inline double usable_speed(double speed_mps) { return speed_mps >= 0 && speed_mps <= 4.0 ? speed_mps : NaN; }

inline SideValue standardise(const FeatureNorm& norm, const std::vector<double>& values, double speed_mps) {
  SideValue v;
  v.norm = &norm;
  v.sample = summarize_sample(values);
  const double speed = usable_speed(speed_mps);
  v.speed_adjusted = norm.speed_adjustment.has_value() && std::isfinite(speed);
  v.norm_mean = norm.mean_at(speed);
  if (v.speed_adjusted)
    v.norm_speed_mps = std::clamp(speed, norm.speed_adjustment->min_speed_mps, norm.speed_adjustment->max_speed_mps);
  v.raw_z = norm.direction * (v.sample.median - v.norm_mean) / norm.sd;
  v.z = predictive_z(v.raw_z, norm.n_subjects);
  v.z_se = predictive_se(v.raw_z, v.sample.median_se / norm.sd, norm.n_subjects);
  return v;
}

/// Σ wᵢ xᵢ / √(Σᵢ Σⱼ wᵢ wⱼ ρᵢⱼ): a weighted mean of standard-normal values divided by its own SD, so it
/// is standard normal again when the xᵢ are (ρ from the norms' `kind` matrix of `source`). `se` gives
/// the standard error of the combination from the xᵢ's standard errors (NaN if any is NaN).
struct Combination {
  double value = NaN;
  double se = NaN;
};

inline Combination combine(const Norms& norms, const std::string& source, const std::string& kind,
                           const std::vector<std::string>& names, const std::vector<double>& weights,
                           const std::vector<double>& x, const std::vector<double>& x_se) {
  Combination out;
  if (names.empty()) return out;
  double sum = 0, var = 0, var_se = 0;
  for (std::size_t i = 0; i < names.size(); ++i) {
    sum += weights[i] * x[i];
    for (std::size_t j = 0; j < names.size(); ++j) {
      const double rho = norms.correlation(source, kind, names[i], names[j]);
      var += weights[i] * weights[j] * rho;
      var_se += weights[i] * x_se[i] * weights[j] * x_se[j] * rho;
    }
  }
  if (!(var > 0)) return out;
  out.value = sum / std::sqrt(var);
  out.se = std::isfinite(var_se) ? std::sqrt(std::max(var_se, 0.0)) / std::sqrt(var) : NaN;
  return out;
}

/// A number with the precision people read: 3 significant digits, no trailing zeros.
std::string format_value(double value);

/// A feature more than this many healthy SDs from its norm is beyond any healthy value; in the score
/// and the asymmetry a z is capped here so one feature cannot outweigh the rest.
inline constexpr double max_abs_z = 8.0;

/// What a value far from its norm most likely is ("it looks like newtons; ..."); empty when no other
/// unit explains it.
std::string unit_mismatch(const FeatureNorm& norm, double value);

/// Why a value cannot be a push-off measured in this feature's unit and convention, or empty: another
/// unit explains it (beyond 3 healthy SDs), its sign is flipped (close to minus a one-signed healthy
/// mean), or it is "stronger" than anybody's (z > max_abs_z). A very weak value with no such
/// explanation is a very weak push-off (a paretic foot that barely moves) and is kept.
inline std::string implausible(const FeatureNorm& norm, double value, double z) {
  if (std::abs(z) > 3) {
    const std::string unit = unit_mismatch(norm, value);
    if (!unit.empty()) return unit;
  }
  if (std::abs(norm.mean) > 3 * norm.sd && std::abs(value + norm.mean) < 3 * norm.sd)
    return "its sign looks flipped: healthy about " + format_value(norm.mean) + " in secondheart's convention "
           "(docs/conventions.md: pitch and ankle angles positive toes up / dorsiflexion, rates as positive magnitudes)";
  if (z > max_abs_z) return "far above what healthy people show (" + format_value(norm.mean) + " ± " +
                            format_value(norm.sd) + "); check the unit and the column";
  return "";
}

/// The 95 % interval of b − a, the difference of two medians, with Student's t on n_a + n_b − 2 degrees
/// of freedom; NaN bounds when either median has no standard error.
struct Interval {
  double low = NaN;
  double high = NaN;
};
inline Interval difference_interval(const SampleSummary& a, const SampleSummary& b) {
  const double se = std::hypot(a.median_se, b.median_se);
  if (!std::isfinite(se)) return {};
  const double t = student_t_quantile(0.975, static_cast<double>(a.n + b.n - 2));
  const double d = b.median - a.median;
  return {d - t * se, d + t * se};
}

/// A readable name: "toe_off_angle_deg" -> "toe-off angle".
std::string feature_label(const std::string& name);

/// The unit of a column from its suffix, for people ("deg", "deg/s", "s", "×BW", "%", "/s").
std::string unit_label(const std::string& name);

}  // namespace secondheart::assess::detail
