// Numerical repeatability across builds (issue 18, item 5): analyze() on a fixed synthetic walk gives
// the tables recorded in tests/data/repeatability/walk_tables.json, which the Release Python build
// wrote (tests/python/test_threads_repeatability.py checks the same file, and can rewrite it). This
// test runs in the Debug ASan build (-O0), so the two builds are compared through the file.
//
// Tolerance: every value within 1e-9 relative (absolute below 1); NaN where the file has null; the
// same cycles with the same statuses. Both builds are GCC without -ffast-math on x86-64 (SSE2, no FMA
// contraction), with Eigen's same vectorised kernels, so the values are in fact expected to agree to
// the last bit; the tolerance leaves room for another compiler or a -march that contracts a*b+c.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "secondheart/pipeline/analyze.hpp"
#include "secondheart/synth/walker.hpp"

using namespace secondheart;

namespace {

constexpr double kRelativeTolerance = 1e-9;

// The walk of tests/data/repeatability/walk_tables.json: secondheart.synth.walk(seed=7,
// schedule=[("stand", 2), ("walk", 12), ("stand", 2)]) in Python.
Session repeatability_walk() {
  synth::WalkerParams p;
  p.seed = 7;
  p.schedule = {{synth::ActivityKind::Stand, 2}, {synth::ActivityKind::Walk, 12}, {synth::ActivityKind::Stand, 2}};
  return synth::walk(p).session;
}

}  // namespace

TEST_CASE("repeatability: a fixed walk gives the tables of the Release build within 1e-9", "[pipeline]") {
  std::ifstream in(std::string(SECONDHEART_SOURCE_DIR) + "/tests/data/repeatability/walk_tables.json");
  REQUIRE(in);
  const auto expected = nlohmann::json::parse(in);
  const Analysis analysis = analyze(repeatability_walk());
  REQUIRE(analysis.results.size() == expected.size());
  Index compared = 0;
  double worst = 0.0;
  for (const auto& result : analysis.results) {
    const CycleTable& table = result.cycles;
    INFO("source " << table.source);
    REQUIRE(expected.contains(table.source));
    const auto& want = expected[table.source];
    REQUIRE(want["columns"].get<std::vector<std::string>>() == table.columns);
    REQUIRE(want["status"].size() == table.cycles.size());
    for (std::size_t r = 0; r < table.cycles.size(); ++r) {
      CHECK(want["ic"][r].get<Index>() == table.cycles[r].ic);
      CHECK(want["status"][r].get<int>() == static_cast<int>(table.cycles[r].status));
      for (std::size_t c = 0; c < table.columns.size(); ++c) {
        const auto& cell = want["values"][r][c];
        const double got = table.values(static_cast<Index>(r), static_cast<Index>(c));
        INFO("row " << r << ", column " << table.columns[c]);
        if (cell.is_null()) {
          CHECK(std::isnan(got));
          continue;
        }
        const double value = cell.get<double>();
        const double error = std::abs(got - value) / std::max(1.0, std::abs(value));
        worst = std::max(worst, error);
        CHECK(error <= kRelativeTolerance);
        ++compared;
      }
    }
  }
  CHECK(compared > 500);
  WARN("repeatability: " << compared << " values compared, largest relative difference " << worst);
}
