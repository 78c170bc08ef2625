/// @file
/// Centred moving windows (mean, standard deviation) in O(n), derivative, cumulative trapezoid integral.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>

#include "secondheart/core/error.hpp"
#include "secondheart/core/types.hpp"

namespace secondheart::dsp {

namespace detail {
/// Window of sample i: [i - w/2, i - w/2 + w) clipped to the signal (scipy.ndimage.uniform_filter1d alignment).
inline void window_bounds(Index i, Index w, Index n, Index& lo, Index& hi) {
  lo = std::max<Index>(0, i - w / 2);
  hi = std::min<Index>(n, i - w / 2 + w);
}
inline void check_window(const Eigen::Ref<const Series>& x, Index w, const char* what) {
  SECONDHEART_CHECK(x.size() > 0, "expected a non-empty signal for ", what, ", got 0 samples");
  SECONDHEART_CHECK(w >= 1, "expected window_samples >= 1 for ", what, ", got ", w);
}
}  // namespace detail

/// Centred moving mean over the finite samples of each window (windows shrink at the edges; NaN when a window
/// holds no finite sample). O(n).
/// @throws InvalidArgument on an empty signal or window < 1
inline Series moving_average(const Eigen::Ref<const Series>& x, Index window_samples) {
  detail::check_window(x, window_samples, "moving_average");
  const Index n = x.size();
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(n + 1);
  Eigen::Matrix<Index, Eigen::Dynamic, 1> count = Eigen::Matrix<Index, Eigen::Dynamic, 1>::Zero(n + 1);
  for (Index i = 0; i < n; ++i) {
    const bool ok = std::isfinite(x[i]);
    sum[i + 1] = sum[i] + (ok ? x[i] : 0.0);
    count[i + 1] = count[i] + (ok ? 1 : 0);
  }
  Series y(n);
  for (Index i = 0; i < n; ++i) {
    Index lo, hi;
    detail::window_bounds(i, window_samples, n, lo, hi);
    const Index c = count[hi] - count[lo];
    y[i] = c > 0 ? (sum[hi] - sum[lo]) / static_cast<double>(c) : NaN;
  }
  return y;
}

/// Centred moving population standard deviation over the finite samples of each window, O(n). Sliding sums of
/// data centred on its mean, re-summed exactly every 4096 samples so rounding cannot accumulate over long records.
/// @throws InvalidArgument on an empty signal or window < 1
inline Series moving_std(const Eigen::Ref<const Series>& x, Index window_samples) {
  detail::check_window(x, window_samples, "moving_std");
  const Index n = x.size();
  double offset = 0.0;
  Index finite = 0;
  for (Index i = 0; i < n; ++i) {
    if (std::isfinite(x[i])) {
      offset += x[i];
      ++finite;
    }
  }
  offset = finite > 0 ? offset / static_cast<double>(finite) : 0.0;
  double s1 = 0.0, s2 = 0.0;
  Index c = 0, lo_cur = 0, hi_cur = 0;
  auto add = [&](Index k, double sign) {
    if (!std::isfinite(x[k])) return;
    const double d = x[k] - offset;
    s1 += sign * d;
    s2 += sign * d * d;
    c += sign > 0 ? 1 : -1;
  };
  Series y(n);
  for (Index i = 0; i < n; ++i) {
    Index lo, hi;
    detail::window_bounds(i, window_samples, n, lo, hi);
    if (i % 4096 == 0) {
      s1 = s2 = 0.0;
      c = 0;
      for (Index k = lo; k < hi; ++k) add(k, 1.0);
    } else {
      for (Index k = lo_cur; k < lo; ++k) add(k, -1.0);
      for (Index k = hi_cur; k < hi; ++k) add(k, 1.0);
    }
    lo_cur = lo;
    hi_cur = hi;
    if (c == 0) {
      y[i] = NaN;
    } else {
      const double mean = s1 / static_cast<double>(c);
      y[i] = std::sqrt(std::max(0.0, s2 / static_cast<double>(c) - mean * mean));
    }
  }
  return y;
}

/// Time derivative (units per s): central differences inside, one-sided at the ends (numpy.gradient).
/// @throws InvalidArgument on fewer than 2 samples or fs <= 0
inline Series derivative(const Eigen::Ref<const Series>& x, double sampling_rate_hz) {
  SECONDHEART_CHECK(std::isfinite(sampling_rate_hz) && sampling_rate_hz > 0.0,
                    "expected a sampling rate > 0 Hz, got ", sampling_rate_hz, " Hz");
  SECONDHEART_CHECK(x.size() >= 2, "expected at least 2 samples for derivative, got ", x.size());
  const Index n = x.size();
  Series d(n);
  d[0] = (x[1] - x[0]) * sampling_rate_hz;
  d[n - 1] = (x[n - 1] - x[n - 2]) * sampling_rate_hz;
  for (Index i = 1; i + 1 < n; ++i) d[i] = 0.5 * (x[i + 1] - x[i - 1]) * sampling_rate_hz;
  return d;
}

/// Running trapezoid integral (units * s), same length as x, starting at `initial`.
/// @throws InvalidArgument on an empty signal or fs <= 0
inline Series cumulative_trapezoid(const Eigen::Ref<const Series>& x, double sampling_rate_hz, double initial = 0.0) {
  SECONDHEART_CHECK(std::isfinite(sampling_rate_hz) && sampling_rate_hz > 0.0,
                    "expected a sampling rate > 0 Hz, got ", sampling_rate_hz, " Hz");
  SECONDHEART_CHECK(x.size() > 0, "expected a non-empty signal for cumulative_trapezoid, got 0 samples");
  Series y(x.size());
  y[0] = initial;
  const double half_dt = 0.5 / sampling_rate_hz;
  for (Index i = 1; i < x.size(); ++i) y[i] = y[i - 1] + half_dt * (x[i - 1] + x[i]);
  return y;
}

}  // namespace secondheart::dsp
