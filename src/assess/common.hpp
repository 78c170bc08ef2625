// Shared by src/assess/*.cpp (not installed): one feature on one side against its norm, the
// standardised weighted combination behind the push-off score and the asymmetry, plain-word labels.
#pragma once

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
  double z = NaN;     ///< direction · (median − norm_mean) / sd
  double z_se = NaN;  ///< standard error of z from the spread of the cycles
};

inline SideValue standardise(const FeatureNorm& norm, const std::vector<double>& values, double speed_mps) {
  SideValue v;
  v.norm = &norm;
  v.sample = summarize_sample(values);
  v.speed_adjusted = norm.speed_adjustment.has_value() && std::isfinite(speed_mps);
  v.norm_mean = norm.mean_at(speed_mps);
  v.z = norm.direction * (v.sample.median - v.norm_mean) / norm.sd;
  v.z_se = v.sample.median_se / norm.sd;
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

/// A feature more than this many healthy SDs from its norm is beyond any healthy value; in the score
/// and the asymmetry a z is capped here so one feature cannot outweigh the rest.
inline constexpr double max_abs_z = 8.0;

/// What a value far from its norm most likely is ("it looks like newtons; ..."); empty when no other
/// unit explains it.
std::string unit_mismatch(const FeatureNorm& norm, double value);

/// Beyond max_abs_z and either explained by another unit, or "stronger" than anybody's (garbage). A very
/// weak value with no unit to blame is a very weak push-off (a paretic foot that barely moves): kept.
inline bool implausible(const FeatureNorm& norm, double value, double z) {
  if (std::abs(z) <= max_abs_z) return false;
  return !(z < 0) || !unit_mismatch(norm, value).empty();
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

/// A number with the precision people read: 3 significant digits, no trailing zeros.
std::string format_value(double value);

}  // namespace secondheart::assess::detail
