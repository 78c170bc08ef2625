#include <catch2/catch.hpp>

#include "secondheart/dsp/runs.hpp"
#include "support/series.hpp"

using namespace secondheart;
using namespace secondheart::dsp;
using Catch::Matchers::Contains;

using secondheart::test::from;

TEST_CASE("hysteresis on a hand-made sequence") {
  //                  0  1  2  3  4  5  6  7  8  9 10
  const Series x = from({0, 2, 6, 7, 3, 6, 1, 0, 8, 8, 0});
  // high 5, low 2: the dip to 3 (> low) does not end the first run; sample 1 equals low so it is not included.
  CHECK(hysteresis(x, 5.0, 2.0) == std::vector<Run>{{2, 6}, {8, 10}});
  CHECK(hysteresis(x, 5.0, 2.0, 3) == std::vector<Run>{{2, 6}});
  // A run covers the whole excursion above low, back to where it left low.
  CHECK(hysteresis(from({0, 3, 4, 6, 3, 0}), 5.0, 2.0) == std::vector<Run>{{1, 5}});
  // A run still open at the end ends at the signal end; NaN ends a run.
  CHECK(hysteresis(from({0, 6, 6}), 5.0, 2.0) == std::vector<Run>{{1, 3}});
  CHECK(hysteresis(from({0, 6, NaN, 6, 0}), 5.0, 2.0) == std::vector<Run>{{1, 2}, {3, 4}});
  REQUIRE_THROWS_WITH(hysteresis(x, 1.0, 2.0), Contains("low <= high") && Contains("got low 2"));
  REQUIRE_THROWS_WITH(hysteresis(x, 5.0, 2.0, 0), Contains("min_length_samples >= 1"));
}

TEST_CASE("runs_where and merge_runs") {
  Eigen::Array<bool, Eigen::Dynamic, 1> m(10);
  m << true, true, false, true, false, false, true, true, true, false;
  CHECK(runs_where(m) == std::vector<Run>{{0, 2}, {3, 4}, {6, 9}});
  CHECK(runs_where(m, 2) == std::vector<Run>{{0, 2}, {6, 9}});
  CHECK(merge_runs({{0, 2}, {3, 4}, {6, 9}}, 1) == std::vector<Run>{{0, 4}, {6, 9}});
  CHECK(merge_runs({{0, 2}, {3, 4}, {6, 9}}, 2) == std::vector<Run>{{0, 9}});
  CHECK(merge_runs({{0, 2}, {3, 4}, {6, 9}}, 0) == std::vector<Run>{{0, 2}, {3, 4}, {6, 9}});
  CHECK(merge_runs({{0, 5}, {2, 3}}, 0) == std::vector<Run>{{0, 5}});
  REQUIRE_THROWS_WITH(merge_runs({}, -1), Contains("max_gap_samples >= 0") && Contains("-1"));
  REQUIRE_THROWS_WITH(runs_where(m, 0), Contains("min_length_samples >= 1"));
}
