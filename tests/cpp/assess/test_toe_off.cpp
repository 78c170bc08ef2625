// Toe-off assessment against hand-computed norms: scores, asymmetry, the rule, evidence, confidence,
// bad input (flags, not exceptions), and analyze() on the synthetic walker with a weak side.
#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>
#include <string>

#include "secondheart/assess.hpp"
#include "secondheart/core/error.hpp"
#include "secondheart/pipeline/analyze.hpp"
#include "secondheart/synth/walker.hpp"

using namespace secondheart;
using namespace secondheart::assess;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {

// Two scored features with round numbers, correlation 0.5 between them (score and asymmetry), and a
// context feature with weight 0.
const char* test_norms_json = R"({
  "schema": "secondheart.norms", "schema_version": 1, "version": "test-1", "created": "2026-12-03",
  "generator": "tests/cpp/assess/test_toe_off.cpp",
  "rule": {"score_mild_z": -2.24, "score_marked_z": -3.0, "asymmetry_mild_z": 2.24, "asymmetry_marked_z": 3.0,
           "weaker_side_z": 1.645, "min_cycles": 10, "min_cycles_high_confidence": 30, "default_correlation": 0.5},
  "features": [
    {"source": "foot_imu", "name": "a_deg", "unit": "deg", "direction": 1, "weight": 1, "mean": 10, "sd": 2,
     "speed_adjustment": null, "asymmetry_sd": 1, "session_sd": 0.5, "n_subjects": 1000000000,
     "provenance": {"datasets": ["hand-made"], "method": "test", "synthetic": true}},
    {"source": "foot_imu", "name": "b_deg", "unit": "deg", "direction": -1, "weight": 1, "mean": -50, "sd": 5,
     "speed_adjustment": {"reference_speed_mps": 1.2, "slope_per_mps": -20, "min_speed_mps": 0.6, "max_speed_mps": 1.8,
                          "method": "test"},
     "asymmetry_sd": 2.5, "session_sd": null, "n_subjects": 1000000000,
     "provenance": {"datasets": ["hand-made"], "method": "test", "synthetic": true}},
    {"source": "foot_imu", "name": "c_s", "unit": "s", "direction": 1, "weight": 0, "mean": 0.2, "sd": 0.05,
     "speed_adjustment": null, "asymmetry_sd": 0.02, "n_subjects": 1000000000,
     "provenance": {"datasets": ["hand-made"], "method": "test", "synthetic": true}},
    {"source": "force_plate", "name": "f2_bw", "unit": "BW", "direction": 1, "weight": 1, "mean": 1.1, "sd": 0.06,
     "speed_adjustment": null, "asymmetry_sd": 0.03, "n_subjects": 1000000000,
     "provenance": {"datasets": ["hand-made"], "method": "test", "synthetic": true}}
  ]})";

Norms test_norms() { return parse_norms(test_norms_json, "test norms"); }

/// n cycles of value v (a constant side: no spread, median exactly v).
std::vector<double> repeat(double v, int n = 40) { return std::vector<double>(static_cast<std::size_t>(n), v); }

FeatureSet left_weak_set() {
  FeatureSet set;
  set.source = "foot_imu";
  set.add("a_deg", Side::Left, repeat(6));    // z = (6 - 10) / 2 = -2
  set.add("b_deg", Side::Left, repeat(-40));  // z = -(-40 + 50) / 5 = -2
  set.add("a_deg", Side::Right, repeat(10));  // z = 0
  set.add("b_deg", Side::Right, repeat(-50)); // z = 0
  set.add("c_s", Side::Left, repeat(0.1));    // weight 0: reported, not scored
  set.add("unknown_metric", Side::Left, repeat(3));  // no norm: ignored
  return set;
}

}  // namespace

TEST_CASE("assess: side score and asymmetry equal the hand calculation", "[assess]") {
  const ToeOffAssessment a = assess_toe_off(left_weak_set(), test_norms());
  // Score left = (-2 - 2) / sqrt(1 + 1 + 2 * 0.5) = -4 / sqrt(3); right = 0.
  CHECK_THAT(a.side(Side::Left).push_off_score, WithinAbs(-4.0 / std::sqrt(3.0), 1e-6));
  CHECK_THAT(a.side(Side::Right).push_off_score, WithinAbs(0.0, 1e-6));
  CHECK_THAT(a.side(Side::Left).percentile, WithinAbs(100 * 0.5 * std::erfc(4.0 / std::sqrt(3.0) / std::sqrt(2.0)), 1e-6));
  // Asymmetry z: a: (6 - 10) / 1 = -4; b: -1 * (-40 + 50) / 2.5 = -4; combined -8 / sqrt(3) (negative: right stronger).
  CHECK_THAT(a.score_asymmetry_z, WithinAbs(-8.0 / std::sqrt(3.0), 1e-6));
  REQUIRE(a.weaker_side.has_value());
  CHECK(*a.weaker_side == Side::Left);
  // Left: score -2.31 < -2.24 (mild) and 4.62 SDs weaker (> 3, marked) -> marked; right: none.
  CHECK(a.side(Side::Left).poor_toe_off == Severity::Marked);
  CHECK(a.side(Side::Right).poor_toe_off == Severity::None);
  CHECK(a.poor_toe_off == Severity::Marked);
  // The weight-0 feature is reported with its z but does not count.
  bool found_context = false;
  for (const auto& f : a.features)
    if (f.name == "c_s") {
      found_context = true;
      CHECK_THAT(f.z, WithinAbs(-2.0, 1e-6));
      CHECK(f.weight == 0.0);
    }
  CHECK(found_context);
  CHECK(a.side(Side::Left).n_features == 2);
  // Evidence names both features, both kinds, strongest first (asymmetry z 4 before norm z -2).
  const auto& evidence = a.side(Side::Left).evidence;
  REQUIRE(evidence.size() == 4);
  CHECK(evidence.front().kind == "asymmetry");
  CHECK_THAT(evidence.front().z, WithinAbs(4.0, 1e-6));
  for (const auto& e : evidence) {
    if (e.kind == "below_norm" && e.feature == "a_deg") CHECK_THAT(e.threshold, WithinAbs(10 - 2.24 * 2, 1e-6));
    if (e.kind == "below_norm" && e.feature == "b_deg") CHECK_THAT(e.threshold, WithinAbs(-50 + 2.24 * 5, 1e-6));
    if (e.kind == "asymmetry" && e.feature == "a_deg") CHECK_THAT(e.threshold, WithinAbs(10 - 2.24 * 1, 1e-6));
  }
  CHECK_THAT(a.summary, Contains("left push-off weaker than right") && Contains("marked"));
  // 40 constant cycles per side: spread 0, decision far from every threshold.
  CHECK(a.confidence == Confidence::High);
}

TEST_CASE("assess: a symmetric healthy walker is not flagged and names no weaker side", "[assess]") {
  FeatureSet set;
  set.source = "foot_imu";
  for (Side side : {Side::Left, Side::Right}) {
    set.add("a_deg", side, repeat(10.5));
    set.add("b_deg", side, repeat(-52));
  }
  const ToeOffAssessment a = assess_toe_off(set, test_norms());
  CHECK(a.poor_toe_off == Severity::None);
  CHECK_FALSE(a.weaker_side.has_value());
  CHECK_THAT(a.score_asymmetry_z, WithinAbs(0.0, 1e-6));
  CHECK_THAT(a.summary, Contains("within the healthy range"));
}

TEST_CASE("assess: mild thresholds, speed adjustment and the asymmetry index", "[assess]") {
  const Norms norms = test_norms();
  SECTION("norm at the walk's speed: mean + slope * (speed - reference), clamped to the fitted range") {
    const FeatureNorm& b = *norms.find("foot_imu", "b_deg");
    CHECK_THAT(b.mean_at(1.0), WithinAbs(-50 + -20 * (1.0 - 1.2), 1e-6));
    CHECK_THAT(b.mean_at(3.0), WithinAbs(-50 + -20 * (1.8 - 1.2), 1e-6));
    CHECK_THAT(b.mean_at(NaN), WithinAbs(-50, 1e-6));
    FeatureSet set;
    set.source = "foot_imu";
    set.gait_speed_mps = {0.7, 0.7};
    set.add("b_deg", Side::Left, repeat(-40));  // healthy at 0.7 m/s: -40 -> z = 0
    set.add("b_deg", Side::Right, repeat(-40));
    const ToeOffAssessment a = assess_toe_off(set, norms);
    REQUIRE(a.features.size() == 2);
    CHECK(a.features[0].speed_adjusted);
    CHECK_THAT(a.features[0].norm_mean, WithinAbs(-40, 1e-6));
    CHECK_THAT(a.features[0].z, WithinAbs(0, 1e-6));
    // b is a signed angle far from zero in healthy people (|-40| >= 2 * 5): the index is shown.
    CHECK_THAT(a.asymmetry[0].asymmetry_index_percent, WithinAbs(0, 1e-6));
  }
  SECTION("a mild asymmetry alone: mild on the weaker side, no low score") {
    FeatureSet set;
    set.source = "foot_imu";
    set.add("a_deg", Side::Left, repeat(10));
    set.add("a_deg", Side::Right, repeat(12.6));  // asymmetry z = -2.6: right stronger by 2.6 SDs, left weaker
    const ToeOffAssessment a = assess_toe_off(set, norms);
    CHECK_THAT(a.score_asymmetry_z, WithinAbs(-2.6, 1e-6));
    CHECK(a.side(Side::Left).poor_toe_off == Severity::Mild);
    CHECK(a.side(Side::Right).poor_toe_off == Severity::None);
    // A feature whose values are one-signed and far from zero gets an asymmetry index.
    CHECK_THAT(a.asymmetry[0].asymmetry_index_percent, WithinAbs(100 * (10 - 12.6) / 11.3, 1e-6));
    // One feature: at best moderate confidence.
    CHECK(a.confidence == Confidence::Moderate);
  }
  SECTION("below the marked score on both sides, no asymmetry: marked, no weaker side") {
    FeatureSet set;
    set.source = "foot_imu";
    for (Side side : {Side::Left, Side::Right}) {
      set.add("a_deg", side, repeat(3));    // z = -3.5
      set.add("b_deg", side, repeat(-32));  // z = -3.6
    }
    const ToeOffAssessment a = assess_toe_off(set, norms);
    CHECK(a.side(Side::Left).poor_toe_off == Severity::Marked);
    CHECK(a.side(Side::Right).poor_toe_off == Severity::Marked);
    CHECK_FALSE(a.weaker_side.has_value());
    CHECK_THAT(a.summary, Contains("both sides"));
  }
}

TEST_CASE("assess: stride-to-stride spread gives intervals, few cycles give low confidence", "[assess]") {
  const Norms norms = test_norms();
  SECTION("the median's standard error and the difference interval") {
    // 1..9 on the left: median 5, IQR 7 - 3 = 4, robust SD 4 / 1.349, SE sqrt(pi/2) * SD / 3.
    std::vector<double> left = {1, 2, 3, 4, 5, 6, 7, 8, 9}, right = {11, 12, 13, 14, 15, 16, 17, 18, 19};
    const SampleSummary s = summarize_sample(left);
    CHECK(s.n == 9);
    CHECK_THAT(s.median, WithinAbs(5, 1e-6));
    CHECK_THAT(s.iqr, WithinAbs(4, 1e-6));
    const double se = std::sqrt(std::numbers::pi / 2) * (4 / 1.349) / 3;
    CHECK_THAT(s.median_se, WithinAbs(se, 1e-6));
    FeatureSet set;
    set.source = "foot_imu";
    set.add("a_deg", Side::Left, left);
    set.add("a_deg", Side::Right, right);
    const ToeOffAssessment a = assess_toe_off(set, norms);
    REQUIRE(a.asymmetry.size() == 1);
    const double t = student_t_quantile(0.975, 16);
    CHECK_THAT(t, WithinAbs(2.119905, 1e-6));  // tables: t(0.975, 16) = 2.1199
    CHECK_THAT(a.asymmetry[0].difference, WithinAbs(-10, 1e-6));
    CHECK_THAT(a.asymmetry[0].difference_ci_low, WithinAbs(-10 - t * std::sqrt(2.0) * se, 1e-6));
    CHECK_THAT(a.asymmetry[0].difference_ci_high, WithinAbs(-10 + t * std::sqrt(2.0) * se, 1e-6));
    CHECK(a.confidence == Confidence::Low);  // 9 cycles < min_cycles = 10
    CHECK_THAT(a.confidence_reason, Contains("9 cycles"));
  }
  SECTION("summary values (one per side): no interval, confidence at most moderate") {
    FeatureSet set;
    set.source = "force_plate";
    set.add("f2_bw", Side::Left, {1.10});
    set.add("f2_bw", Side::Right, {0.95});  // asymmetry z = 0.15 / 0.03 = 5: right weaker, marked
    const ToeOffAssessment a = assess_toe_off(set, norms);
    CHECK(a.weaker_side == Side::Right);
    CHECK(a.side(Side::Right).poor_toe_off == Severity::Marked);
    CHECK(std::isnan(a.score_asymmetry_ci_low));
    CHECK(a.confidence != Confidence::High);
    CHECK_THAT(a.confidence_reason, Contains("summary values"));
  }
}

TEST_CASE("assess: bad input becomes flags, never garbage", "[assess]") {
  const Norms norms = test_norms();
  SECTION("no feature the norms know: a flag, nothing assessed") {
    FeatureSet set;
    set.source = "foot_imu";
    set.add("stride_time_s", Side::Left, repeat(1.1));
    const ToeOffAssessment a = assess_toe_off(set, norms);
    CHECK_FALSE(a.assessed());
    REQUIRE_FALSE(a.flags.empty());
    CHECK(a.flags.front().code == "no_assessable_features");
    CHECK_THAT(a.flags.front().message, Contains("a_deg"));
    CHECK(std::isnan(a.side(Side::Left).push_off_score));
    CHECK(a.poor_toe_off == Severity::None);
    CHECK_THAT(a.summary, Contains("not assessed"));
  }
  SECTION("all NaN: skipped with a flag") {
    FeatureSet set;
    set.source = "foot_imu";
    set.add("a_deg", Side::Left, {NaN, NaN});
    const ToeOffAssessment a = assess_toe_off(set, norms);
    CHECK_FALSE(a.assessed());
    CHECK(a.flags.front().code == "feature_without_values");
  }
  SECTION("a force in newtons instead of body weights is named as such and skipped") {
    FeatureSet set;
    set.source = "force_plate";
    set.add("f2_bw", Side::Left, {850.0});
    set.add("f2_bw", Side::Right, {1.1});
    const ToeOffAssessment a = assess_toe_off(set, norms);
    REQUIRE_FALSE(a.flags.empty());
    CHECK(a.flags.front().code == "implausible_feature");
    CHECK_THAT(a.flags.front().message, Contains("newtons"));
    CHECK_FALSE(a.side(Side::Left).assessed);
    CHECK(a.side(Side::Right).assessed);
    CHECK(std::isnan(a.score_asymmetry_z));  // one side only: no comparison
    CHECK_FALSE(a.weaker_side.has_value());
  }
  SECTION("one side missing: the other is assessed, flagged as one-sided") {
    FeatureSet set;
    set.source = "foot_imu";
    set.add("a_deg", Side::Right, repeat(3.8));  // z = -3.1: marked by the score alone
    const ToeOffAssessment a = assess_toe_off(set, norms);
    CHECK(a.side(Side::Right).poor_toe_off == Severity::Marked);
    bool one_sided = false;
    for (const auto& f : a.flags) one_sided = one_sided || (f.code == "side_not_assessed" && f.side == Side::Left);
    CHECK(one_sided);
    CHECK_THAT(a.confidence_reason, Contains("one side only"));
  }
  SECTION("speed-adjusted norm without a speed: flagged, compared at the reference speed") {
    FeatureSet set;
    set.source = "foot_imu";
    set.add("b_deg", Side::Left, repeat(-50));
    const ToeOffAssessment a = assess_toe_off(set, norms);
    CHECK(a.flags.front().code == "norm_not_speed_adjusted");
    CHECK_THAT(a.features[0].z, WithinAbs(0, 1e-6));
  }
  SECTION("an empty source is a bad argument") {
    CHECK_THROWS_AS(assess_toe_off(FeatureSet{}, norms), InvalidArgument);
  }
}

TEST_CASE("assess: flipped signs, other units, extreme and out-of-range values are named", "[assess]") {
  const Norms norms = test_norms();
  auto codes = [](const ToeOffAssessment& a) {
    std::string out;
    for (const auto& f : a.flags) out += f.code + ":" + f.message + "\n";
    return out;
  };
  SECTION("a sign convention flipped (b healthy -50, given +49): skipped, said so") {
    FeatureSet set;
    set.source = "foot_imu";
    set.add("b_deg", Side::Left, repeat(49));
    const ToeOffAssessment a = assess_toe_off(set, norms);
    CHECK_FALSE(a.assessed());
    CHECK_THAT(codes(a), Contains("implausible_feature") && Contains("sign looks flipped"));
  }
  SECTION("degrees per second given in radians: skipped, said so") {
    FeatureSet set;
    set.source = "foot_imu";
    set.add("b_deg", Side::Left, repeat(-50.0 / 57.3));  // z = -9.8
    const ToeOffAssessment a = assess_toe_off(set, norms);
    CHECK_THAT(codes(a), Contains("radians"));
  }
  SECTION("a very weak value without another unit to blame is kept and flagged as extreme") {
    FeatureSet set;
    set.source = "foot_imu";
    set.add("b_deg", Side::Left, repeat(-5));  // raw z = -9: a foot that barely moves (healthy -50 ± 5)
    const ToeOffAssessment a = assess_toe_off(set, norms);
    CHECK(a.side(Side::Left).assessed);
    CHECK(a.side(Side::Left).push_off_score >= -8.0 - 1e-9);  // capped
    CHECK_THAT(codes(a), Contains("extreme_feature"));
  }
  SECTION("a speed outside the norm's fitted range is clamped and said; a non-walking speed is ignored") {
    FeatureSet set;
    set.source = "foot_imu";
    set.gait_speed_mps = {0.3, 120.0};  // 120: km/h or garbage
    set.add("b_deg", Side::Left, repeat(-38));
    set.add("b_deg", Side::Right, repeat(-50));
    const ToeOffAssessment a = assess_toe_off(set, norms);
    CHECK_THAT(codes(a), Contains("speed_outside_norms") && Contains("implausible_speed"));
    for (const auto& f : a.features) {
      if (f.side == Side::Left) CHECK_THAT(f.norm_speed_mps, WithinAbs(0.6, 1e-12));  // clamped to the fitted minimum
      if (f.side == Side::Right) CHECK_FALSE(f.speed_adjusted);
    }
  }
  SECTION("a scored feature on one side only is said") {
    FeatureSet set;
    set.source = "foot_imu";
    set.add("a_deg", Side::Left, repeat(10));
    set.add("b_deg", Side::Left, repeat(-50));
    set.add("a_deg", Side::Right, repeat(10));
    const ToeOffAssessment a = assess_toe_off(set, norms);
    CHECK_THAT(codes(a), Contains("feature_one_side_only:b_deg only on the left"));
    CHECK_THAT(codes(a), Contains("synthetic_norms"));  // the test norms say synthetic: true
  }
}

TEST_CASE("assess: analyze() assesses the synthetic walker and finds its weak right side", "[assess]") {
  synth::WalkerParams params;
  params.seed = 3;
  params.push_off_strength_right = 0.35;  // right foot pushes off weakly
  params.schedule = {{synth::ActivityKind::Stand, 5}, {synth::ActivityKind::Walk, 60}, {synth::ActivityKind::Stand, 5}};
  const Session session = synth::walk(params).session;
  const Analysis analysis = analyze(session);
  const assess::ToeOffAssessment* foot = analysis.assessment("foot_imu");
  REQUIRE(foot != nullptr);
  CHECK(foot->side(Side::Left).assessed);
  CHECK(foot->side(Side::Right).assessed);
  REQUIRE(foot->weaker_side.has_value());
  CHECK(*foot->weaker_side == Side::Right);
  CHECK(foot->side(Side::Right).poor_toe_off != Severity::None);
  CHECK(foot->side(Side::Right).push_off_score < foot->side(Side::Left).push_off_score);
  // Turning the assessment off leaves the results untouched.
  Config off;
  off.assess.enabled = false;
  CHECK(analyze(session, off).assessments.empty());
}
