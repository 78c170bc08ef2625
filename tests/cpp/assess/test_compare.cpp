// compare_sessions against hand calculations: change, interval, MDC, verdicts, the score on common
// features only, and bad arguments.
#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>

#include "secondheart/assess/compare.hpp"
#include "secondheart/assess/statistics.hpp"
#include "secondheart/core/error.hpp"

using namespace secondheart;
using namespace secondheart::assess;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {
const char* norms_json = R"({
  "schema": "secondheart.norms", "schema_version": 1, "version": "t", "created": "2026-12-03", "generator": "test",
  "rule": {"score_mild_z": -2.24, "score_marked_z": -3.0, "asymmetry_mild_z": 2.24, "asymmetry_marked_z": 3.0,
           "weaker_side_z": 1.645, "min_cycles": 10, "min_cycles_high_confidence": 30, "default_correlation": 0.0},
  "features": [
    {"source": "foot_imu", "name": "toe_off_angle_deg", "unit": "deg", "direction": -1, "weight": 1, "mean": -65,
     "sd": 6, "speed_adjustment": null, "asymmetry_sd": 3, "session_sd": 2, "n_subjects": 1000000000,
     "provenance": {"datasets": ["x"], "method": "m", "synthetic": false}},
    {"source": "foot_imu", "name": "foot_pitch_rom_deg", "unit": "deg", "direction": 1, "weight": 1, "mean": 90,
     "sd": 8, "speed_adjustment": null, "asymmetry_sd": 4, "session_sd": null, "n_subjects": 1000000000,
     "provenance": {"datasets": ["x"], "method": "m", "synthetic": false}}]})";

/// 1..9 shifted by `offset`: median offset + 5, IQR 4.
std::vector<double> nine(double offset) {
  std::vector<double> v;
  for (int k = 1; k <= 9; ++k) v.push_back(offset + k);
  return v;
}
}  // namespace

TEST_CASE("compare: a change with its interval and the minimal detectable change", "[assess]") {
  const Norms norms = parse_norms(norms_json, "test");
  FeatureSet before, after;
  before.source = after.source = "foot_imu";
  before.add("toe_off_angle_deg", Side::Right, nine(-45));  // median -40
  after.add("toe_off_angle_deg", Side::Right, nine(-55));   // median -50: 10 deg more plantarflexed = stronger
  before.add("foot_pitch_rom_deg", Side::Right, nine(75));  // median 80
  after.add("foot_pitch_rom_deg", Side::Right, nine(75.5)); // median 80.5
  const SessionComparison c = compare_sessions(before, after, norms);
  REQUIRE(c.changes.size() == 3);  // score, then the two features of the right side
  const FeatureChange& score = c.changes[0];
  const FeatureChange& toe = c.changes[1];
  const FeatureChange& rom = c.changes[2];
  CHECK(score.name == "push_off_score");
  CHECK(toe.name == "toe_off_angle_deg");
  CHECK_THAT(toe.change, WithinAbs(-10, 1e-6));
  const double se = std::sqrt(std::numbers::pi / 2) * (4 / 1.349) / 3;  // of each median
  const double t = student_t_quantile(0.975, 16);
  CHECK_THAT(toe.ci_low, WithinAbs(-10 - t * std::sqrt(2.0) * se, 1e-6));
  CHECK_THAT(toe.mdc, WithinAbs(1.959963984540054 * std::sqrt(2.0) * 2, 1e-6));  // 5.54 deg
  CHECK(toe.exceeds_mdc);
  CHECK(toe.verdict == "stronger");
  // ROM: +0.5 deg, interval includes 0, no session SD -> no MDC, no detectable change.
  CHECK(std::isnan(rom.mdc));
  CHECK_FALSE(rom.interval_excludes_zero);
  CHECK(rom.verdict == "no_detectable_change");
  // Score (correlation 0): before ((-(-40 + 65) / 6) + (80 - 90) / 8) / sqrt(2), after with -50 and 80.5.
  const double s_before = (-25.0 / 6 + -10.0 / 8) / std::sqrt(2.0);
  const double s_after = (-15.0 / 6 + -9.5 / 8) / std::sqrt(2.0);
  CHECK_THAT(score.before, WithinAbs(s_before, 1e-6));
  CHECK_THAT(score.after, WithinAbs(s_after, 1e-6));
  CHECK(std::isnan(score.mdc));  // ROM has no session SD: the score's MDC is unknown
  // No MDC: an interval that excludes zero says only that the sessions differ beyond stride noise.
  CHECK(score.interval_excludes_zero);
  CHECK(score.verdict == "differs_mdc_unknown");
  CHECK_THAT(c.summary, Contains("right push-off score"));
}

TEST_CASE("compare: a feature present in one session only does not move the score", "[assess]") {
  const Norms norms = parse_norms(norms_json, "test");
  FeatureSet before, after;
  before.source = after.source = "foot_imu";
  before.add("toe_off_angle_deg", Side::Left, std::vector<double>(20, -60));
  after.add("toe_off_angle_deg", Side::Left, std::vector<double>(20, -60));
  after.add("foot_pitch_rom_deg", Side::Left, std::vector<double>(20, 60));  // very low, after only
  const SessionComparison c = compare_sessions(before, after, norms);
  REQUIRE(c.changes.size() == 2);
  CHECK_THAT(c.changes[0].change, WithinAbs(0, 1e-6));
  // Constant values: zero spread, zero change, MDC 1.96 * sqrt(2) * 2 / 6 in score units.
  CHECK_THAT(c.changes[0].mdc, WithinAbs(1.959963984540054 * std::sqrt(2.0) * 2 / 6, 1e-6));
  CHECK(c.changes[0].verdict == "no_detectable_change");
}

TEST_CASE("compare: summary values (no spread) decide on the MDC alone, or cannot decide", "[assess]") {
  const Norms norms = parse_norms(norms_json, "test");
  FeatureSet before, after;
  before.source = after.source = "foot_imu";
  before.add("toe_off_angle_deg", Side::Left, {-50.0});
  after.add("toe_off_angle_deg", Side::Left, {-57.0});  // 7 deg more plantarflexed > MDC 5.54 deg
  before.add("foot_pitch_rom_deg", Side::Left, {80.0});
  after.add("foot_pitch_rom_deg", Side::Left, {90.0});  // no session SD: no MDC, no spread
  const SessionComparison c = compare_sessions(before, after, norms);
  REQUIRE(c.changes.size() == 3);
  CHECK(std::isnan(c.changes[1].ci_low));
  CHECK(c.changes[1].exceeds_mdc);
  CHECK(c.changes[1].verdict == "stronger");
  CHECK(c.changes[2].verdict == "undetermined");
}

TEST_CASE("compare: bad arguments and nothing in common", "[assess]") {
  const Norms norms = parse_norms(norms_json, "test");
  FeatureSet a, b;
  a.source = "foot_imu";
  b.source = "insole";
  CHECK_THROWS_AS(compare_sessions(a, b, norms), InvalidArgument);
  CHECK_THROWS_WITH(compare_sessions(a, b, norms), Contains("foot_imu") && Contains("insole"));
  b.source = "foot_imu";
  a.add("stride_time_s", Side::Left, {1.0});
  const SessionComparison c = compare_sessions(a, b, norms);
  CHECK(c.changes.empty());
  REQUIRE(c.flags.size() == 1);
  CHECK(c.flags[0].code == "no_common_features");
}
