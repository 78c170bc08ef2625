/// @file
/// Toe-off assessment: is push-off poor, on which side, how sure, and the evidence.
///
/// Each feature is turned into a directed z against its healthy norm (speed-adjusted where the norm
/// and the walk's speed allow; low = weak). A side's push-off score is the weighted mean of its
/// features' z, divided by the healthy SD of that mean (from the norms' correlations), so the score
/// is N(0, 1) in healthy people. The left/right asymmetry is the same combination of the features'
/// left − right differences, each divided by its healthy SD: N(0, 1) in healthy people, positive =
/// left stronger. `poor_toe_off` on a side follows from the score and the asymmetry against the
/// thresholds of the norms' rule (docs/assessment.md). Gait mechanics only: no diagnosis.
/// Implemented in src/assess/toe_off.cpp.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "secondheart/assess/features.hpp"
#include "secondheart/assess/norms.hpp"
#include "secondheart/core/quality.hpp"

namespace secondheart::assess {

enum class Severity { None, Mild, Marked };
enum class Confidence { Low, Moderate, High };

constexpr std::string_view to_string(Severity s) {
  return s == Severity::None ? "none" : s == Severity::Mild ? "mild" : "marked";
}
constexpr std::string_view to_string(Confidence c) {
  return c == Confidence::Low ? "low" : c == Confidence::Moderate ? "moderate" : "high";
}

/// One feature on one side against its norm.
struct FeatureAssessment {
  std::string name;
  Side side = Side::Left;
  Index n_cycles = 0;        ///< finite values (1 for a summary value)
  double value = NaN;        ///< median over cycles
  double iqr = NaN;          ///< NaN below 4 values
  double median_se = NaN;    ///< standard error of the median; NaN below 4 values
  double norm_mean = NaN;    ///< at this side's speed when speed-adjusted
  double norm_sd = NaN;
  bool speed_adjusted = false;
  double norm_speed_mps = NaN;  ///< the speed the norm was read at (the walk's, clamped to the norm's range)
  /// direction · (value − norm_mean) / norm_sd as a predictive z (the norm's mean and SD come from few
  /// people: statistics.hpp predictive_z): low = weak.
  double z = NaN;
  double percentile = NaN;   ///< of healthy people with a weaker value, 100 · Φ(z)
  double weight = 0;         ///< in the score (0 = reported only)
  int direction = 1;
};

/// One feature, left against right.
struct FeatureAsymmetry {
  std::string name;
  double left = NaN;
  double right = NaN;
  double difference = NaN;           ///< left − right, in the feature's unit
  double difference_ci_low = NaN;    ///< 95 % interval from stride-to-stride spread; NaN without spread
  double difference_ci_high = NaN;
  double z = NaN;                    ///< direction · difference / healthy SD of left − right: > 0 = left stronger
  /// 100 · (left − right) / mean(|left|, |right|), only where a ratio means something: both sides of
  /// one sign and the healthy mean at least two healthy SDs from zero; NaN otherwise.
  double asymmetry_index_percent = NaN;
};

/// One reason behind a decision.
struct Evidence {
  std::string feature;
  Side side = Side::Left;
  std::string kind;          ///< "below_norm" or "asymmetry"
  double value = NaN;        ///< on `side`
  double other_side = NaN;   ///< the other side's value (NaN when absent)
  double norm_mean = NaN;
  double norm_sd = NaN;
  double threshold = NaN;    ///< the value at which this feature alone reaches the mild threshold
  double z = NaN;            ///< the feature's z ("below_norm") or asymmetry z toward `side` ("asymmetry")
  std::string text;          ///< plain words, with units
};

struct SideAssessment {
  Side side = Side::Left;
  bool assessed = false;        ///< at least one scored feature
  Index n_cycles = 0;           ///< most cycles of any scored feature
  Index n_features = 0;         ///< scored features
  double push_off_score = NaN;  ///< N(0, 1) in healthy people; low = weak
  double score_se = NaN;        ///< from stride-to-stride spread; NaN without spread
  double percentile = NaN;      ///< 100 · Φ(score)
  Severity poor_toe_off = Severity::None;
  std::vector<Evidence> evidence;  ///< strongest first
};

struct ToeOffAssessment {
  std::string source;            ///< sensor kind of the features
  std::string norms_version;
  std::array<SideAssessment, 2> sides;  ///< [0] left, [1] right
  std::vector<FeatureAssessment> features;
  std::vector<FeatureAsymmetry> asymmetry;
  /// Standardised score difference: N(0, 1) in healthy people, > 0 = left stronger.
  double score_asymmetry_z = NaN;
  double score_asymmetry_ci_low = NaN;
  double score_asymmetry_ci_high = NaN;
  std::optional<Side> weaker_side;  ///< none when the sides do not differ beyond the rule's threshold
  Severity poor_toe_off = Severity::None;  ///< the worse side's
  Confidence confidence = Confidence::Low;
  std::string confidence_reason;
  std::string rule;     ///< the rule with its thresholds, in words
  AssessmentRule thresholds;  ///< the rule's thresholds (from the norms used)
  std::string summary;  ///< the answer in plain words (first line of the CLI)
  QualityFlags flags;

  const SideAssessment& side(Side s) const { return sides[s == Side::Left ? 0 : 1]; }
  bool assessed() const { return sides[0].assessed || sides[1].assessed; }
};

/// Assesses push-off from per-side features against `norms`. Features without a norm for the set's
/// source, or without finite values, are skipped; implausible values (|z| > 8: likely another unit)
/// are skipped with a flag naming the likely unit. No usable feature: a flag, not an exception.
/// @throws InvalidArgument when the set's source is empty.
ToeOffAssessment assess_toe_off(const FeatureSet& features, const Norms& norms);

/// The rule of `norms` in words, with its thresholds.
std::string describe_rule(const AssessmentRule& rule);

}  // namespace secondheart::assess
