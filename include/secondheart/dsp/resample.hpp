/// @file
/// Band-limited resampling between arbitrary rates: Kaiser-windowed sinc interpolation, anti-aliased when
/// downsampling. Rational rate ratios (e.g. 204.8 -> 100 Hz = 125/256) use exact polyphase taps; other ratios
/// interpolate linearly between 4096 precomputed phases.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <cstdlib>
#include <numbers>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/types.hpp"

namespace secondheart::dsp {

namespace detail {

inline double bessel_i0(double x) {
  double sum = 1.0, term = 1.0;
  const double q = 0.25 * x * x;
  for (int k = 1; k < 200 && term > 1e-17 * sum; ++k) {
    term *= q / (static_cast<double>(k) * static_cast<double>(k));
    sum += term;
  }
  return sum;
}

/// Finds up/down (small integers) with down/up == from/to to 1e-12, or returns false.
inline bool rational_ratio(double from_hz, double to_hz, Index& up, Index& down) {
  const double r = from_hz / to_hz;  // input samples per output sample = down / up
  for (Index u = 1; u <= 4096; ++u) {
    const double d = std::round(r * static_cast<double>(u));
    if (d >= 1.0 && std::abs(d - r * static_cast<double>(u)) <= 1e-10 * d) {
      up = u;
      down = static_cast<Index>(d);
      return true;
    }
  }
  return false;
}

}  // namespace detail

/// Resamples from `from_hz` to `to_hz`; output sample m is at time m / to_hz, output length round(n * to/from).
/// Passband flat to within 0.1 % up to 0.4 * min(from, to); edges use odd (point-symmetric) extension.
/// @throws InvalidArgument on an empty or non-finite signal or a rate <= 0
inline Series resample(const Eigen::Ref<const Series>& x, double from_hz, double to_hz) {
  SECONDHEART_CHECK(std::isfinite(from_hz) && from_hz > 0.0, "expected a source rate > 0 Hz, got ", from_hz, " Hz");
  SECONDHEART_CHECK(std::isfinite(to_hz) && to_hz > 0.0, "expected a target rate > 0 Hz, got ", to_hz, " Hz");
  SECONDHEART_CHECK(x.size() > 0, "expected a non-empty signal for resample, got 0 samples");
  for (Index i = 0; i < x.size(); ++i) {
    SECONDHEART_CHECK(std::isfinite(x[i]), "expected finite samples for resample, got ", x[i], " at sample ", i,
                      " (fill or cut gaps first)");
  }
  const Index n = x.size();
  const Index n_out = std::max<Index>(1, static_cast<Index>(std::llround(static_cast<double>(n) * to_hz / from_hz)));
  if (from_hz == to_hz) return x;
  const double scale = std::min(1.0, to_hz / from_hz);
  const double cutoff = 0.45 * scale;          // cycles per input sample
  constexpr double zero_crossings = 32.0;      // per side
  constexpr double beta = 8.0;                 // Kaiser: ~80 dB stop band
  const double half_width = zero_crossings / (2.0 * cutoff);  // input samples
  const Index J = static_cast<Index>(std::ceil(half_width));
  const Index taps = 2 * J;
  Index up = 0, down = 0;
  const bool exact = detail::rational_ratio(from_hz, to_hz, up, down);
  const Index phases = exact ? up : 4096;
  const double i0_beta = detail::bessel_i0(beta);
  // Row p holds h(p / phases - j) for j = -J+1 .. J, normalised to unit sum (exact DC gain at every phase).
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> bank(phases + 1, taps);
  for (Index p = 0; p <= phases; ++p) {
    double sum = 0.0;
    for (Index t = 0; t < taps; ++t) {
      const double u = static_cast<double>(p) / static_cast<double>(phases) - static_cast<double>(t - J + 1);
      const double arg = 2.0 * cutoff * u;
      const double sinc = u == 0.0 ? 1.0 : std::sin(std::numbers::pi * arg) / (std::numbers::pi * arg);
      const double ratio = u / half_width;
      const double window = std::abs(ratio) >= 1.0 ? 0.0 : detail::bessel_i0(beta * std::sqrt(1.0 - ratio * ratio)) / i0_beta;
      bank(p, t) = 2.0 * cutoff * sinc * window;
      sum += bank(p, t);
    }
    bank.row(p) /= sum;
  }
  auto sample = [&](Index k) {
    if (k < 0) return 2.0 * x[0] - x[std::min(-k, n - 1)];
    if (k >= n) return 2.0 * x[n - 1] - x[std::max<Index>(2 * (n - 1) - k, 0)];
    return x[k];
  };
  Series y(n_out);
  const double step = from_hz / to_hz;
  for (Index m = 0; m < n_out; ++m) {
    Index k0;
    double acc = 0.0;
    if (exact) {
      k0 = (m * down) / up;
      const Index p = (m * down) % up;
      const auto row = bank.row(p);
      const Index first = k0 - J + 1;
      if (first >= 0 && first + taps <= n) {
        acc = row.dot(x.segment(first, taps).transpose());
      } else {
        for (Index t = 0; t < taps; ++t) acc += row[t] * sample(first + t);
      }
    } else {
      const double pos = static_cast<double>(m) * step;
      k0 = static_cast<Index>(std::floor(pos));
      const double ph = (pos - static_cast<double>(k0)) * static_cast<double>(phases);
      const Index p = std::min<Index>(static_cast<Index>(ph), phases - 1);
      const double a = ph - static_cast<double>(p);
      const Index first = k0 - J + 1;
      for (Index t = 0; t < taps; ++t) {
        const double w = (1.0 - a) * bank(p, t) + a * bank(p + 1, t);
        acc += w * sample(first + t);
      }
    }
    y[m] = acc;
  }
  return y;
}

/// Resamples each column of an (n, 3) series.
/// @throws InvalidArgument as resample()
template <typename Derived>
  requires(Derived::ColsAtCompileTime == 3)
Vec3Series resample(const Eigen::MatrixBase<Derived>& x, double from_hz, double to_hz) {
  SECONDHEART_CHECK(x.rows() > 0, "expected a non-empty signal for resample, got 0 samples");
  Vec3Series y;
  for (Index c = 0; c < 3; ++c) {
    const Series column = x.col(c);
    const Series r = resample(column, from_hz, to_hz);
    if (c == 0) y.resize(r.size(), 3);
    y.col(c) = r;
  }
  return y;
}

}  // namespace secondheart::dsp
