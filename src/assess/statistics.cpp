// Distributions with Boost.Math; the sample summary uses the library's type-7 quantile.
#include "secondheart/assess/statistics.hpp"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
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
