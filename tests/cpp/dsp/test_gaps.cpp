#include <catch2/catch.hpp>

#include "secondheart/dsp/gaps.hpp"
#include "support/series.hpp"

using namespace secondheart;
using namespace secondheart::dsp;
using Catch::Matchers::Contains;

using secondheart::test::from;

TEST_CASE("gaps and linear filling") {
  const double inf = std::numeric_limits<double>::infinity();
  //                  0  1    2    3  4    5    6    7  8    9
  const Series x = from({NaN, 1, NaN, 3, 4, NaN, NaN, NaN, 8, inf});
  CHECK(find_gaps(x) == std::vector<Run>{{0, 1}, {2, 3}, {5, 8}, {9, 10}});
  const Series f = fill_gaps_linear(x, 1);
  CHECK(std::isnan(f[0]));  // edge gap: nothing to interpolate from
  CHECK(f[2] == 2.0);
  CHECK(std::isnan(f[5]));  // 3 samples > max 1
  CHECK(std::isinf(f[9]));
  const Series g = fill_gaps_linear(x, 3);
  CHECK(g[5] == 5.0);
  CHECK(g[6] == 6.0);
  CHECK(g[7] == 7.0);
  Vec3Series v = Vec3Series::Zero(5, 3);
  v(1, 2) = NaN;
  v(2, 0) = NaN;
  v(4, 1) = inf;
  CHECK(find_gaps(v) == std::vector<Run>{{1, 3}, {4, 5}});
  REQUIRE_THROWS_WITH(fill_gaps_linear(x, -1), Contains("max_gap_samples >= 0") && Contains("-1"));
}

TEST_CASE("saturation: flat runs at the recording's own extremes") {
  //                  0  1  2  3  4   5   6   7  8  9 10
  const Series x = from({0, 5, 9, 9, 9, -3, -8, -8, 2, 9, 9});
  SaturationResult s = find_saturation(x, 2);
  CHECK(s.runs == std::vector<Run>{{2, 5}, {6, 8}, {9, 11}});
  CHECK(s.limit == 9.0);
  s = find_saturation(x);  // default 3 samples
  CHECK(s.runs == std::vector<Run>{{2, 5}});
  // A smooth signal touches its maximum once: nothing is clipped.
  const Series smooth = from({0, 1, 2, 3, 2, 1, 0, -1});
  CHECK(find_saturation(smooth).runs.empty());
  CHECK(std::isnan(find_saturation(smooth).limit));
  CHECK(find_saturation(Series::Constant(10, 4.0)).runs.empty());
  REQUIRE_THROWS_WITH(find_saturation(x, 1), Contains("min_run_samples >= 2") && Contains("got 1"));
}
