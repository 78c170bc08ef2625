/// @file
/// Robust NaN-skipping statistics: median, median absolute deviation, percentile.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/types.hpp"

namespace secondheart::dsp {

namespace detail {
inline std::vector<double> finite_sorted(std::vector<double> values, const char* what) {
  SECONDHEART_CHECK(!values.empty(), "expected at least one value for ", what, ", got 0");
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  std::sort(values.begin(), values.end());
  return values;
}
inline double sorted_percentile(const std::vector<double>& v, double q) {
  if (v.empty()) return NaN;
  const double pos = q / 100.0 * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}
}  // namespace detail

/// q-th percentile (0..100) of the finite values, linear interpolation (numpy's default); NaN if none is finite.
/// @throws InvalidArgument on an empty vector or q outside [0, 100]
inline double percentile(std::vector<double> values, double q) {
  SECONDHEART_CHECK(q >= 0.0 && q <= 100.0, "expected a percentile in [0, 100], got ", q);
  return detail::sorted_percentile(detail::finite_sorted(std::move(values), "percentile"), q);
}

/// Median of the finite values; NaN if none is finite.
/// @throws InvalidArgument on an empty vector
inline double median(std::vector<double> values) {
  return detail::sorted_percentile(detail::finite_sorted(std::move(values), "median"), 50.0);
}

/// Median absolute deviation from the median (unscaled) of the finite values; NaN if none is finite.
/// @throws InvalidArgument on an empty vector
inline double mad(std::vector<double> values) {
  std::vector<double> v = detail::finite_sorted(std::move(values), "mad");
  if (v.empty()) return NaN;
  const double m = detail::sorted_percentile(v, 50.0);
  for (double& x : v) x = std::abs(x - m);
  std::sort(v.begin(), v.end());
  return detail::sorted_percentile(v, 50.0);
}

/// MAD scaled to the standard deviation of normal data (1.4826 * mad).
inline double robust_sigma(std::vector<double> values) { return 1.482602218505602 * mad(std::move(values)); }

}  // namespace secondheart::dsp
