#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "secondheart/dsp/window.hpp"

using namespace secondheart;
using namespace secondheart::dsp;
using Catch::Matchers::Contains;

TEST_CASE("moving_average and moving_std equal the naive centred windows") {
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0.0, 1.0);
  const Index n = 10000;
  Series x(n);
  for (Index i = 0; i < n; ++i) x[i] = 1000.0 + 0.01 * static_cast<double>(i) + noise(rng);
  x[50] = NaN;
  for (Index w : {1, 2, 5, 50, 101}) {
    const Series m = moving_average(x, w);
    const Series s = moving_std(x, w);
    for (Index i = 0; i < n; i += 7) {
      double sum = 0.0, sum2 = 0.0;
      Index c = 0;
      for (Index k = std::max<Index>(0, i - w / 2); k < std::min<Index>(n, i - w / 2 + w); ++k) {
        if (std::isnan(x[k])) continue;
        sum += x[k];
        ++c;
      }
      const double mean = sum / static_cast<double>(c);
      for (Index k = std::max<Index>(0, i - w / 2); k < std::min<Index>(n, i - w / 2 + w); ++k)
        if (!std::isnan(x[k])) sum2 += (x[k] - mean) * (x[k] - mean);
      CHECK(m[i] == Approx(mean).epsilon(1e-12));
      CHECK(s[i] == Approx(std::sqrt(sum2 / static_cast<double>(c))).margin(1e-8));
    }
  }
  CHECK(std::isnan(moving_average(Series::Constant(3, NaN), 2)[1]));
  REQUIRE_THROWS_WITH(moving_std(x, 0), Contains("window_samples >= 1") && Contains("got 0"));
  REQUIRE_THROWS_WITH(moving_average(Series(), 3), Contains("non-empty"));
}

TEST_CASE("derivative and cumulative_trapezoid") {
  const double fs = 50.0;
  const Index n = 200;
  Series ramp(n), parabola(n);
  for (Index i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / fs;
    ramp[i] = t;
    parabola[i] = 3.0 * t * t;
  }
  // Integral of t is t^2/2 (trapezoid is exact for a ramp).
  const Series area = cumulative_trapezoid(ramp, fs);
  for (Index i = 0; i < n; ++i) CHECK(area[i] == Approx(0.5 * ramp[i] * ramp[i]).margin(1e-12));
  CHECK(cumulative_trapezoid(ramp, fs, 2.0)[n - 1] == Approx(2.0 + 0.5 * ramp[n - 1] * ramp[n - 1]));
  // Central differences are exact for a parabola: d(3t^2)/dt = 6t inside.
  const Series d = derivative(parabola, fs);
  for (Index i = 1; i + 1 < n; ++i) CHECK(d[i] == Approx(6.0 * ramp[i]).margin(1e-9));
  CHECK(d[0] == Approx((parabola[1] - parabola[0]) * fs));
  REQUIRE_THROWS_WITH(derivative(Series::Ones(1), fs), Contains("at least 2 samples") && Contains("got 1"));
  REQUIRE_THROWS_WITH(derivative(ramp, 0.0), Contains("sampling rate > 0"));
  REQUIRE_THROWS_WITH(cumulative_trapezoid(ramp, -2.0), Contains("got -2"));
  REQUIRE_THROWS_WITH(cumulative_trapezoid(Series(), fs), Contains("non-empty"));
}
