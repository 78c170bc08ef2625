#include <catch2/catch.hpp>

#include <cmath>

#include "secondheart/dsp/peaks.hpp"
#include "support/series.hpp"

using namespace secondheart;
using namespace secondheart::dsp;
using Catch::Matchers::Contains;

using secondheart::test::from;

TEST_CASE("find_peaks on a hand-made sequence: positions and prominences") {
  //                 0  1  2  3  4  5  6  7  8  9 10 11
  const Series x = from({0, 3, 1, 5, 2, 2, 4, 0, 1, 0, 2, 0});
  const std::vector<Index> peaks = find_peaks(x);
  CHECK(peaks == std::vector<Index>{1, 3, 6, 8, 10});
  // Prominences by hand: 1: 3 - max(0, 1) = 2; 3: 5 - max(0, 0) = 5; 6: 4 - max(2, 0) = 2; 8: 1 - 0 = 1;
  // 10: 2 - max(0 (left min before the higher 4... left walk stops at 6 (4 > 2): min 0), 0) = 2.
  const std::vector<double> prom = peak_prominences(x, peaks);
  CHECK(prom == std::vector<double>{2, 5, 2, 1, 2});
  CHECK(find_peaks(x, {2.5, 0.0, 1}) == std::vector<Index>{1, 3, 6});
  CHECK(find_peaks(x, {-INFINITY, 2.0, 1}) == std::vector<Index>{1, 3, 6, 10});
  // Distance 3: 3 (height 5) removes 1; 6 survives (distance 3); 6 removes 8; 10 is 4 away from 6.
  CHECK(find_peaks(x, {-INFINITY, 0.0, 3}) == std::vector<Index>{3, 6, 10});
}

TEST_CASE("find_peaks: sums of Gaussian bumps") {
  const Index n = 1000;
  Series x = Series::Zero(n);
  const std::vector<Index> centres = {100, 300, 320, 700};
  const std::vector<double> heights = {1.0, 2.0, 1.5, 0.5};
  for (Index i = 0; i < n; ++i)
    for (std::size_t k = 0; k < centres.size(); ++k)
      x[i] += heights[k] * std::exp(-0.5 * std::pow(static_cast<double>(i - centres[k]) / 5.0, 2));
  CHECK(find_peaks(x) == centres);
  const auto prom = peak_prominences(x, centres);
  CHECK(prom[0] == Approx(1.0).epsilon(1e-6));
  CHECK(prom[3] == Approx(0.5).epsilon(1e-6));
  // 320: 1.5 minus the saddle between the bumps (about 1.5*exp(-8)+2*exp(-2)... evaluated at the minimum).
  double saddle = INFINITY;
  for (Index i = 300; i <= 320; ++i) saddle = std::min(saddle, x[i]);
  CHECK(prom[2] == Approx(x[320] - saddle).epsilon(1e-12));
  CHECK(find_peaks(x, {-INFINITY, 0.0, 50}) == std::vector<Index>{100, 300, 700});
  CHECK(find_peaks(x, {0.8, 0.0, 1}) == std::vector<Index>{100, 300, 320});
}

TEST_CASE("plateaus count once at their middle, NaN never peaks and breaks plateaus") {
  CHECK(find_peaks(from({0, 2, 2, 2, 0})) == std::vector<Index>{2});
  CHECK(find_peaks(from({0, 2, 2, 2, 2, 0})) == std::vector<Index>{2});  // middle rounded down
  CHECK(find_peaks(from({0, 2, 2, 1, 2, 2, 2})).size() == 1);            // plateau at the end is no peak
  CHECK(find_peaks(from({0, 2, NaN, 2, 0})).empty());
  CHECK(find_peaks(from({0, NaN, 0, 1, 0})) == std::vector<Index>{3});
  CHECK(find_peaks(from({1.0})).empty());
}

TEST_CASE("peak argument errors") {
  REQUIRE_THROWS_WITH(find_peaks(Series()), Contains("non-empty") && Contains("got 0"));
  REQUIRE_THROWS_WITH(find_peaks(Series::Ones(5), {-INFINITY, -1.0, 1}), Contains("min_prominence >= 0") && Contains("-1"));
  REQUIRE_THROWS_WITH(find_peaks(Series::Ones(5), {-INFINITY, 0.0, 0}), Contains("min_distance_samples >= 1"));
  REQUIRE_THROWS_WITH(find_peaks(Series::Ones(5), {NaN, 0.0, 1}), Contains("min_height"));
  REQUIRE_THROWS_WITH(peak_prominences(Series::Ones(5), {5}), Contains("[0, 5)") && Contains("got 5"));
}
