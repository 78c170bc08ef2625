#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

#include "secondheart/dsp/resample.hpp"

using namespace secondheart;
using namespace secondheart::dsp;
using Catch::Matchers::Contains;

TEST_CASE("resample keeps a sine's amplitude (0.1 %) and frequency") {
  struct Case {
    double from, to;
  };
  for (const Case c : {Case{100, 200}, Case{200, 100}, Case{204.8, 100}, Case{100, 60}, Case{100, 99.7}}) {
    const double f = 3.0;  // well below both Nyquists
    const Index n = 6000;
    Series x(n);
    for (Index i = 0; i < n; ++i) x[i] = std::sin(2.0 * std::numbers::pi * f * static_cast<double>(i) / c.from);
    const Series y = resample(x, c.from, c.to);
    CHECK(y.size() == std::llround(static_cast<double>(n) * c.to / c.from));
    double max_err = 0.0, peak = 0.0;
    for (Index m = 100; m < y.size() - 100; ++m) {
      const double expected = std::sin(2.0 * std::numbers::pi * f * static_cast<double>(m) / c.to);
      max_err = std::max(max_err, std::abs(y[m] - expected));
      peak = std::max(peak, std::abs(y[m]));
    }
    INFO(c.from << " -> " << c.to);
    CHECK(max_err < 1e-3);  // same frequency and phase: sample-by-sample agreement
    CHECK(peak == Approx(1.0).epsilon(1e-3));
  }
}

TEST_CASE("resample removes what the new rate cannot carry") {
  // 40 Hz at 100 Hz -> 60 Hz (Nyquist 30 Hz): must be attenuated, not aliased to 20 Hz.
  const Index n = 3000;
  Series x(n);
  for (Index i = 0; i < n; ++i) x[i] = std::sin(2.0 * std::numbers::pi * 40.0 * static_cast<double>(i) / 100.0);
  const Series y = resample(x, 100.0, 60.0);
  CHECK(y.segment(100, y.size() - 200).cwiseAbs().maxCoeff() < 1e-3);
  Vec3Series v(n, 3);
  v.col(0) = x;
  v.col(1) = Series::Constant(n, 9.81);
  v.col(2) = -x;
  const Vec3Series w = resample(v, 100.0, 200.0);
  CHECK(w.rows() == 2 * n);
  CHECK((w.col(1).array() - 9.81).abs().maxCoeff() < 1e-9);
}

TEST_CASE("resample argument errors") {
  REQUIRE_THROWS_WITH(resample(Series::Ones(10), 0.0, 100.0), Contains("source rate > 0") && Contains("got 0"));
  REQUIRE_THROWS_WITH(resample(Series::Ones(10), 100.0, -5.0), Contains("target rate > 0") && Contains("got -5"));
  REQUIRE_THROWS_WITH(resample(Series(), 100.0, 50.0), Contains("non-empty"));
  Series x = Series::Ones(10);
  x[3] = NaN;
  REQUIRE_THROWS_WITH(resample(x, 100.0, 50.0), Contains("finite samples") && Contains("sample 3"));
}
