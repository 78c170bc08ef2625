// Norms files: the shipped norms parse and round-trip; every malformed file names the file and the
// field; the statistics wrappers agree with tabulated values.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <string>

#include "secondheart/assess/norms.hpp"
#include "secondheart/assess/statistics.hpp"
#include "secondheart/core/error.hpp"

using namespace secondheart;
using namespace secondheart::assess;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {
const std::string minimal = R"({
  "schema": "secondheart.norms", "schema_version": 1, "version": "t", "created": "2026-12-03", "generator": "test",
  "rule": {"score_mild_z": -2.24, "score_marked_z": -3.0, "asymmetry_mild_z": 2.24, "asymmetry_marked_z": 3.0,
           "weaker_side_z": 1.645, "min_cycles": 10, "min_cycles_high_confidence": 30, "default_correlation": 0.3},
  "features": [
    {"source": "insole", "name": "f2_bw", "unit": "BW", "direction": 1, "weight": 1, "mean": 1.1, "sd": 0.06,
     "speed_adjustment": null, "asymmetry_sd": 0.03, "session_sd": 0.02, "n_subjects": 5,
     "provenance": {"datasets": ["x"], "method": "m", "synthetic": false}}]})";

/// `minimal` with the first occurrence of `from` replaced by `to`.
std::string with(const std::string& from, const std::string& to) {
  std::string text = minimal;
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

void require_format_error(const std::string& text, const std::string& expected_part) {
  try {
    parse_norms(text, "my_norms.json");
    FAIL("expected a FormatError mentioning '" << expected_part << "'");
  } catch (const FormatError& e) {
    CHECK(e.file() == "my_norms.json");
    CHECK_THAT(std::string(e.what()), Contains("my_norms.json") && Contains(expected_part));
  }
}
}  // namespace

TEST_CASE("norms: the built-in norms parse, cover every sensor kind and round-trip", "[assess]") {
  const Norms n = default_norms();
  CHECK(n.schema_version == 1);
  CHECK_FALSE(n.version.empty());
  for (const char* source : {"foot_imu", "shank_imu", "insole", "force_plate"}) {
    bool any = false;
    for (const auto& f : n.features) any = any || f.source == source;
    CHECK(any);
  }
  for (const char* name : {"toe_off_angle_deg", "peak_push_off_angular_velocity_dps", "foot_pitch_rom_deg"})
    CHECK(n.find("foot_imu", name) != nullptr);
  const Norms again = parse_norms(norms_to_json(n), "round trip");
  REQUIRE(again.features.size() == n.features.size());
  for (std::size_t i = 0; i < n.features.size(); ++i) {
    CHECK(again.features[i].name == n.features[i].name);
    CHECK(again.features[i].mean == n.features[i].mean);
    CHECK(again.features[i].sd == n.features[i].sd);
    CHECK(again.features[i].speed_adjustment.has_value() == n.features[i].speed_adjustment.has_value());
  }
  CHECK(again.correlations.size() == n.correlations.size());
}

TEST_CASE("norms: a minimal file parses with its values", "[assess]") {
  const Norms n = parse_norms(minimal, "minimal");
  REQUIRE(n.features.size() == 1);
  CHECK(n.features[0].session_sd == 0.02);
  CHECK(n.rule.min_cycles == 10);
  // No matrix: the rule's default correlation; a feature with itself: 1.
  CHECK(n.correlation("insole", "score", "f2_bw", "f2_f1_ratio") == 0.3);
  CHECK(n.correlation("insole", "score", "f2_bw", "f2_bw") == 1.0);
  CHECK(std::isnan(parse_norms(with("\"session_sd\": 0.02", "\"session_sd\": null"), "m").features[0].session_sd));
}

TEST_CASE("norms: malformed files name the file and the field", "[assess]") {
  require_format_error("{not json", "not valid JSON");
  require_format_error("[1, 2]", "expected an object");
  require_format_error(with("\"schema_version\": 1", "\"schema_version\": 2"), "schema version 1");
  require_format_error(with("\"schema\": \"secondheart.norms\"", "\"schema\": \"other\""), "schema");
  require_format_error(with("\"sd\": 0.06,", ""), "features[0]: missing required field 'sd'");
  require_format_error(with("\"sd\": 0.06", "\"sd\": -1"), "features[0].sd: expected a number > 0");
  require_format_error(with("\"mean\": 1.1", "\"mean\": \"1.1\""), "features[0].mean: expected a number, got string");
  require_format_error(with("\"direction\": 1", "\"direction\": 2"), "features[0].direction");
  require_format_error(with("\"source\": \"insole\"", "\"source\": \"watch\""), "features[0].source");
  require_format_error(with("\"score_marked_z\": -3.0", "\"score_marked_z\": -1.0"), "rule.score_marked_z");
  require_format_error(with("\"min_cycles\": 10", "\"min_cycles\": 0"), "rule.min_cycles");
  require_format_error(with("\"synthetic\": false", "\"synthetic\": \"no\""), "provenance.synthetic");
  require_format_error(with("\"datasets\": [\"x\"]", "\"datasets\": []"), "provenance.datasets");
  require_format_error(with("\"features\": [", "\"features\": [], \"x\": ["), "features");
  require_format_error(with("\"weight\": 1", "\"weight\": 1e300"), "features[0].weight");
  require_format_error(with("\"min_cycles_high_confidence\": 30", "\"min_cycles_high_confidence\": 5"),
                       "rule.min_cycles_high_confidence");
  require_format_error(with("\"mean\": 1.1", "\"mean\": 1e400"), "not valid JSON");
  const std::string matrix = "\"correlations\": [{\"source\": \"insole\", \"kind\": \"score\", "
                             "\"features\": [\"a\", \"b\", \"c\"], \"matrix\": ";
  auto with_matrix = [&](const std::string& m) { return with("\"features\": [", matrix + m + "}], \"features\": ["); };
  CHECK(parse_norms(with_matrix("[[1, 0.5, 0], [0.5, 1, 0], [0, 0, 1]]"), "ok").correlations.size() == 1);
  require_format_error(with_matrix("[[1, -1, 1], [-1, 1, 1], [1, 1, 1]]"), "positive semi-definite");
  require_format_error(with_matrix("[[1, 0.5, 0], [0.4, 1, 0], [0, 0, 1]]"), "symmetric");
  require_format_error(with_matrix("[[0.9, 0, 0], [0, 1, 0], [0, 0, 1]]"), "diagonal");
}

TEST_CASE("norms: load_norms reads a file and names it in errors", "[assess]") {
  CHECK_THROWS_AS(load_norms("/nonexistent/norms.json"), FormatError);
  CHECK_THROWS_WITH(load_norms("/nonexistent/norms.json"), Contains("/nonexistent/norms.json"));
  const std::string path = SECONDHEART_SOURCE_DIR "/norms/push_off_norms.json";
  const Norms n = load_norms(path);
  CHECK(n.origin == path);
  CHECK(n.features.size() == default_norms().features.size());
}

TEST_CASE("statistics: normal and t quantiles match tables", "[assess]") {
  CHECK_THAT(normal_cdf(0.0), WithinAbs(0.5, 1e-15));
  CHECK_THAT(normal_cdf(-1.959963984540054), WithinAbs(0.025, 1e-12));
  CHECK_THAT(normal_quantile(0.975), WithinAbs(1.959963984540054, 1e-12));
  CHECK_THAT(normal_quantile(0.0125), WithinAbs(-2.241402727604947, 1e-12));  // the rule's 1.25 % per side
  CHECK_THAT(student_t_quantile(0.975, 10), WithinAbs(2.228138851986274, 1e-9));
  CHECK(std::isnan(normal_cdf(NaN)));
  CHECK_THROWS_AS(normal_quantile(1.0), InvalidArgument);
  CHECK_THROWS_AS(student_t_quantile(0.5, 0.0), InvalidArgument);
  // Predictive z (scipy: norm.ppf(t.cdf(raw / sqrt(1 + 1/n), n - 1))).
  CHECK_THAT(predictive_z(-2.24, 10), WithinAbs(-1.8702882186086478, 1e-9));
  CHECK_THAT(predictive_z(-2.0, 14), WithinAbs(-1.7778713596944138, 1e-9));
  CHECK_THAT(predictive_z(-2.24, 149), WithinAbs(-2.210333716936518, 1e-9));
  CHECK_THAT(predictive_z(2.24, 10), WithinAbs(1.8702882186086478, 1e-9));
  CHECK(predictive_z(-3.0, 2) == -3.0);  // too few people to say more
  CHECK(std::isfinite(predictive_z(-1e6, 10)));
  CHECK(predictive_z(-1e6, 10) < -5);
  const SampleSummary few = summarize_sample({3.0, NaN, 1.0});
  CHECK(few.n == 2);
  CHECK(few.median == 2.0);
  CHECK(std::isnan(few.median_se));  // below 4 values: no spread
}
