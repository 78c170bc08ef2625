/// @file
/// Peak finding like scipy.signal.find_peaks (height, prominence, distance) and peak prominences.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/types.hpp"

namespace secondheart::dsp {

struct PeakParams {
  double min_height = -std::numeric_limits<double>::infinity();  ///< keep peaks with x >= min_height
  double min_prominence = 0.0;                                   ///< keep peaks with prominence >= this
  Index min_distance_samples = 1;  ///< peaks closer than this: the smaller ones go first
};

/// Prominence of each peak: height above the higher of the two lowest points reached on each side before a
/// higher sample (or a NaN, or the signal edge).
/// @throws InvalidArgument on a peak index outside the signal
inline std::vector<double> peak_prominences(const Eigen::Ref<const Series>& x, const std::vector<Index>& peaks) {
  std::vector<double> out;
  out.reserve(peaks.size());
  const Index n = x.size();
  for (const Index peak : peaks) {
    SECONDHEART_CHECK(peak >= 0 && peak < n, "expected peak indices in [0, ", n, "), got ", peak);
    const double h = x[peak];
    double left_min = h;
    for (Index i = peak; i >= 0 && x[i] <= h; --i) left_min = std::min(left_min, x[i]);
    double right_min = h;
    for (Index i = peak; i < n && x[i] <= h; ++i) right_min = std::min(right_min, x[i]);
    out.push_back(std::isfinite(h) ? h - std::max(left_min, right_min) : NaN);
  }
  return out;
}

/// Local maxima (a plateau counts once, at its middle sample, rounded down), filtered by height, then distance
/// (higher peaks win), then prominence, in scipy's order. NaN samples are never peaks and break plateaus.
/// @throws InvalidArgument on an empty signal, NaN thresholds, min_prominence < 0 or min_distance < 1
inline std::vector<Index> find_peaks(const Eigen::Ref<const Series>& x, const PeakParams& params = {}) {
  SECONDHEART_CHECK(x.size() > 0, "expected a non-empty signal for find_peaks, got 0 samples");
  SECONDHEART_CHECK(!std::isnan(params.min_height), "expected a min_height (or -inf), got NaN");
  SECONDHEART_CHECK(params.min_prominence >= 0.0, "expected min_prominence >= 0, got ", params.min_prominence);
  SECONDHEART_CHECK(params.min_distance_samples >= 1, "expected min_distance_samples >= 1, got ",
                    params.min_distance_samples);
  const Index n = x.size();
  std::vector<Index> peaks;
  Index i = 1;
  while (i < n - 1) {
    if (x[i - 1] < x[i]) {
      Index ahead = i + 1;
      while (ahead < n - 1 && x[ahead] == x[i]) ++ahead;
      if (x[ahead] < x[i]) {
        const Index mid = (i + ahead - 1) / 2;
        if (x[mid] >= params.min_height) peaks.push_back(mid);
        i = ahead;
      }
    }
    ++i;
  }
  if (params.min_distance_samples > 1 && peaks.size() > 1) {
    const auto m = peaks.size();
    std::vector<std::size_t> order(m);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[peaks[a]] < x[peaks[b]]; });
    std::vector<bool> keep(m, true);
    for (std::size_t r = m; r-- > 0;) {
      const std::size_t j = order[r];
      if (!keep[j]) continue;
      for (std::size_t k = j; k-- > 0 && peaks[j] - peaks[k] < params.min_distance_samples;) keep[k] = false;
      for (std::size_t k = j + 1; k < m && peaks[k] - peaks[j] < params.min_distance_samples; ++k) keep[k] = false;
    }
    std::vector<Index> kept;
    for (std::size_t k = 0; k < m; ++k)
      if (keep[k]) kept.push_back(peaks[k]);
    peaks.swap(kept);
  }
  if (params.min_prominence > 0.0) {
    const std::vector<double> prom = peak_prominences(x, peaks);
    std::vector<Index> kept;
    for (std::size_t k = 0; k < peaks.size(); ++k)
      if (prom[k] >= params.min_prominence) kept.push_back(peaks[k]);
    peaks.swap(kept);
  }
  return peaks;
}

}  // namespace secondheart::dsp
