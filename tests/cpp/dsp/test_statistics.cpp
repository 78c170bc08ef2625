#include <catch2/catch.hpp>

#include "secondheart/dsp/statistics.hpp"

using namespace secondheart;
using namespace secondheart::dsp;
using Catch::Matchers::Contains;

TEST_CASE("median, mad and percentile skip NaN") {
  // 1 2 3 4 100: median 3; deviations 2 1 0 1 97 -> mad 1.
  const std::vector<double> v = {4.0, NaN, 100.0, 1.0, 3.0, 2.0};
  CHECK(median(v) == 3.0);
  CHECK(mad(v) == 1.0);
  CHECK(robust_sigma(v) == Approx(1.4826).epsilon(1e-4));
  CHECK(median({1.0, 2.0, 3.0, 10.0}) == 2.5);
  // numpy.percentile([1, 2, 3, 4, 100], 10) = 1 + 0.4 * (2 - 1) = 1.4; 90th: 4 + 0.6 * 96 = 61.6.
  CHECK(percentile(v, 10.0) == Approx(1.4));
  CHECK(percentile(v, 90.0) == Approx(61.6));
  CHECK(percentile(v, 0.0) == 1.0);
  CHECK(percentile(v, 100.0) == 100.0);
  CHECK(std::isnan(median({NaN, NaN})));
  REQUIRE_THROWS_WITH(median({}), Contains("at least one value") && Contains("got 0"));
  REQUIRE_THROWS_WITH(percentile(v, 101.0), Contains("[0, 100]") && Contains("got 101"));
}
