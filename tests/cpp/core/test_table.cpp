#include <catch2/catch.hpp>

#include "secondheart/core.hpp"
#include "secondheart/metrics/summary.hpp"

using namespace secondheart;
using Catch::Matchers::Contains;

TEST_CASE("CycleTable columns by name") {
  CycleTable table;
  for (int i = 0; i < 4; ++i) table.cycles.push_back(Cycle{i % 2 ? Side::Right : Side::Left, i * 100, i * 100 + 100});
  Eigen::VectorXd stride(4);
  stride << 1.0, 1.1, 1.2, 1.3;
  table.set_column("stride_time_s", stride);
  CHECK(table.column("stride_time_s")[2] == 1.2);
  REQUIRE_THROWS_WITH(table.column("stride_s"), Contains("unknown column 'stride_s'") && Contains("stride_time_s"));
  REQUIRE_THROWS_WITH(table.set_column("x", Eigen::VectorXd(3)), Contains("needs 4 values") && Contains("got 3"));
  // Several at once: an existing name is replaced, new ones are appended in order, a name given
  // twice keeps its last values.
  Eigen::MatrixXd block(4, 4);
  block << 2.0, 10, 20, 30,  //
      2.1, 11, 21, 31,       //
      2.2, 12, 22, 32,       //
      2.3, 13, 23, 33;
  table.set_columns({"stride_time_s", "a", "b", "a"}, block);
  CHECK(table.columns == std::vector<std::string>{"stride_time_s", "a", "b"});
  CHECK(table.values.cols() == 3);
  CHECK(table.column("stride_time_s")[3] == 2.3);
  CHECK(table.column("a")[1] == 31);
  CHECK(table.column("b")[2] == 22);
  REQUIRE_THROWS_WITH(table.set_columns({"c"}, Eigen::MatrixXd(4, 2)), Contains("4 x 1") && Contains("got 4 x 2"));
}

TEST_CASE("summary statistics by hand") {
  // 1, 2, 3, 4, 100: median 3, q1 2, q3 4 (type-7 quantiles), mean 22.
  const auto s = metrics::summarize_values("x", Side::Left, {4.0, 100.0, 1.0, NaN, 3.0, 2.0});
  CHECK(s.n_cycles == 5);
  CHECK(s.median == 3.0);
  CHECK(s.q1 == 2.0);
  CHECK(s.q3 == 4.0);
  CHECK(s.iqr == 2.0);
  CHECK(s.mean == 22.0);
  // sd = sqrt((21² + 20² + 19² + 18² + 78²) / 4) = sqrt(7610 / 4) = sqrt(7610/4)
  CHECK(s.sd == Approx(std::sqrt(7610.0 / 4.0)));
  CHECK(s.cv_percent == Approx(100.0 * std::sqrt(7610.0 / 4.0) / 22.0));
}

TEST_CASE("summarize splits sides and skips invalid cycles") {
  CycleTable table;
  table.cycles = {Cycle{Side::Left, 0, 100}, Cycle{Side::Left, 100, 200}, Cycle{Side::Right, 50, 150},
                  Cycle{Side::Right, 150, 250, -1, -1, CycleStatus::TooLong}};
  Eigen::VectorXd v(4);
  v << 1.0, 3.0, 10.0, 1000.0;
  table.set_column("f2_n", v);
  const auto out = metrics::summarize(table);
  REQUIRE(out.size() == 2);
  CHECK(out[0].side == Side::Left);
  CHECK(out[0].median == 2.0);
  CHECK(out[1].side == Side::Right);
  CHECK(out[1].n_cycles == 1);
  CHECK(out[1].median == 10.0);
}

TEST_CASE("asymmetry index") {
  CHECK(metrics::asymmetry_index_percent(110.0, 90.0) == Approx(20.0));
  CHECK(metrics::asymmetry_index_percent(90.0, 110.0) == Approx(-20.0));
  CHECK(std::isnan(metrics::asymmetry_index_percent(NaN, 1.0)));
  CHECK(std::isnan(metrics::asymmetry_index_percent(0.0, 0.0)));
}
