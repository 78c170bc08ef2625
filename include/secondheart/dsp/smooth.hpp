/// @file
/// Zero-phase smoothing by repeated centred boxes: a near-Gaussian kernel in O(n) whatever its
/// width, without the ringing of a Butterworth filter (used for normalised convolution, still-period
/// detection and event timing), and its normalised-convolution form for signals with gaps.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>

#include "secondheart/core/types.hpp"

namespace secondheart::dsp {

/// Centred moving sum of `x` over `half` samples either side (window truncated at the edges) into
/// `out` (same size, not aliased), O(n) with a running sum.
inline void centred_box_sum_into(const Series& x, Index half, Series& out) {
  const Index n = x.size();
  double sum = 0.0;
  for (Index i = 0; i < std::min(n, half); ++i) sum += x[i];
  for (Index i = 0; i < n; ++i) {
    if (i + half < n) sum += x[i + half];
    if (i - half - 1 >= 0) sum -= x[i - half - 1];
    out[i] = sum;
  }
}

inline Series centred_box_sum(const Series& x, Index half) {
  Series out(x.size());
  centred_box_sum_into(x, half, out);
  return out;
}

/// Three passes of a centred box of `half` samples (a near-Gaussian kernel, unnormalised).
inline Series triple_box_sum(Series x, Index half) {
  Series buffer(x.size());
  centred_box_sum_into(x, half, buffer);
  centred_box_sum_into(buffer, half, x);
  centred_box_sum_into(x, half, buffer);
  return buffer;
}

/// Local mean under three passes of a centred box of `half` samples (unit weights): the kernel is
/// renormalised where it is truncated at the ends; inside, its weight is the constant (2·half + 1)³.
inline Series triple_box_mean(const Series& x, Index half) {
  const Index n = x.size();
  if (half == 0 || n == 0) return x;
  Series out = triple_box_sum(x, half);
  // Kernel weight near each end, from a short run of ones (the support is 3·half either side).
  const Index edge = 3 * half + 1;
  const double inside = std::pow(static_cast<double>(2 * half + 1), 3);
  const Index probe = std::min(n, 2 * edge + 1);
  const Series weight = triple_box_sum(Series::Ones(probe), half);
  for (Index i = 0; i < n; ++i) {
    double den = inside;
    if (i < edge && i < probe) den = weight[i];
    else if (n - 1 - i < edge) den = weight[probe - (n - i)];
    out[i] /= den;
  }
  return out;
}

/// Normalised convolution: the weighted local mean of `x` (weights `w` ≥ 0) under a near-Gaussian
/// kernel (three passes of a centred box of `half` samples). NaN where no weight falls in the kernel.
/// A linear trend in `x` is reproduced exactly where the weights are symmetric, which is why drift
/// (a slow ramp) is removed without lag.
inline Series weighted_smooth(const Series& x, const Series& w, Index half) {
  if (w.size() > 0 && (w.array() == 1.0).all()) return triple_box_mean(x, half);  // no gaps: cheaper
  const Series num = triple_box_sum((w.array() * x.array()).matrix(), half);
  const Series den = triple_box_sum(w, half);
  Series out(x.size());
  const double floor = 1e-9 * std::max(1.0, den.size() > 0 ? den.maxCoeff() : 1.0);
  for (Index i = 0; i < x.size(); ++i) out[i] = den[i] > floor ? num[i] / den[i] : NaN;
  return out;
}

/// Zero-phase smoothing by a near-Gaussian kernel whose −3 dB point is close to `cutoff_hz`
/// (three box passes; σ ≈ 0.13 / cutoff). Used where ringing of a Butterworth filter would hurt
/// (normalised convolution, static-period detection, event timing).
inline Series gaussian_lowpass(const Series& x, double sampling_rate_hz, double cutoff_hz) {
  // A Gaussian of standard deviation σ has its −3 dB point at f = 0.1325 / σ; three boxes of
  // width 2h+1 have σ² = 3 · ((2h+1)² − 1) / 12.
  const double sigma_samples = 0.1325 / cutoff_hz * sampling_rate_hz;
  const auto half = static_cast<Index>(std::max(0.0, std::round((std::sqrt(4.0 * sigma_samples * sigma_samples + 1.0) - 1.0) / 2.0)));
  return triple_box_mean(x, half);
}

}  // namespace secondheart::dsp
