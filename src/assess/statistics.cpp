// Distributions with Boost.Math; the sample summary uses the library's type-7 quantile.
#include "secondheart/assess/statistics.hpp"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <algorithm>
#include <cmath>
#include <numbers>

#include "secondheart/core/error.hpp"
#include "secondheart/metrics/summary.hpp"

namespace secondheart::assess {

double normal_cdf(double z) {
  if (std::isnan(z)) return NaN;
  if (std::isinf(z)) return z > 0 ? 1.0 : 0.0;
  return boost::math::cdf(boost::math::normal_distribution<double>(), z);
}

double normal_quantile(double p) {
  SECONDHEART_CHECK(p > 0.0 && p < 1.0, "normal_quantile: expected a probability in (0, 1), got ", p);
  return boost::math::quantile(boost::math::normal_distribution<double>(), p);
}

double student_t_quantile(double p, double degrees_of_freedom) {
  SECONDHEART_CHECK(p > 0.0 && p < 1.0, "student_t_quantile: expected a probability in (0, 1), got ", p);
  SECONDHEART_CHECK(degrees_of_freedom > 0.0 && std::isfinite(degrees_of_freedom),
                    "student_t_quantile: expected degrees of freedom > 0, got ", degrees_of_freedom);
  return boost::math::quantile(boost::math::students_t_distribution<double>(degrees_of_freedom), p);
}

double student_t_cdf(double t, double degrees_of_freedom) {
  SECONDHEART_CHECK(degrees_of_freedom > 0.0, "student_t_cdf: expected degrees of freedom > 0, got ", degrees_of_freedom);
  if (std::isnan(t)) return NaN;
  if (std::isinf(t)) return t > 0 ? 1.0 : 0.0;
  return boost::math::cdf(boost::math::students_t_distribution<double>(degrees_of_freedom), t);
}

double predictive_z(double raw_z, Index n_people) {
  if (!std::isfinite(raw_z) || n_people < 3) return raw_z;
  const double n = static_cast<double>(n_people);
  // Beyond |40| the tail probabilities underflow; the sign is all that matters there.
  const double t = std::clamp(raw_z, -40.0, 40.0) / std::sqrt(1.0 + 1.0 / n);
  const double upper = student_t_cdf(-std::abs(t), n - 1.0);  // the smaller tail, accurate
  const double z = upper > 0 ? -normal_quantile(std::max(upper, 1e-300)) : 38.0;
  return raw_z < 0 ? -std::min(z, std::abs(raw_z)) : std::min(z, std::abs(raw_z));
}

SampleSummary summarize_sample(const std::vector<double>& values) {
  std::vector<double> finite;
  finite.reserve(values.size());
  for (double v : values)
    if (std::isfinite(v)) finite.push_back(v);
  SampleSummary s;
  s.n = static_cast<Index>(finite.size());
  if (finite.empty()) return s;
  s.median = metrics::quantile(finite, 0.5);
  if (s.n < 4) return s;
  s.iqr = metrics::quantile(finite, 0.75) - metrics::quantile(finite, 0.25);
  s.robust_sd = s.iqr / 1.349;
  s.median_se = std::sqrt(std::numbers::pi / 2.0) * s.robust_sd / std::sqrt(static_cast<double>(s.n));
  return s;
}

}  // namespace secondheart::assess
