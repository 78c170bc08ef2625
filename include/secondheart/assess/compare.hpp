/// @file
/// Two sessions of one person: did push-off change? Per side, the change of each feature and of the
/// push-off score with a 95 % interval from the stride-to-stride spread of both sessions, and whether
/// it exceeds the minimal detectable change (MDC95 = 1.96 · √2 · the healthy between-session SD of the
/// norms). Implemented in src/assess/compare.cpp.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "secondheart/assess/features.hpp"
#include "secondheart/assess/norms.hpp"
#include "secondheart/core/quality.hpp"

namespace secondheart::assess {

/// The change of one feature (or of the score, name "push_off_score") on one side.
struct FeatureChange {
  std::string name;
  Side side = Side::Left;
  Index n_before = 0;
  Index n_after = 0;
  double before = NaN;     ///< median
  double after = NaN;
  double change = NaN;     ///< after − before, in the feature's unit (score: in healthy SDs)
  double ci_low = NaN;     ///< 95 % interval of the change; NaN without stride-to-stride spread
  double ci_high = NaN;
  double mdc = NaN;        ///< minimal detectable change (95 %); NaN when the norms hold no session SD
  bool exceeds_mdc = false;    ///< |change| > mdc, and the interval (when there is spread) excludes 0
  bool interval_excludes_zero = false;
  /// "stronger" / "weaker" (push-off direction of a change beyond the MDC), "no_detectable_change",
  /// "differs_mdc_unknown" (no MDC known; the interval excludes zero: the sessions differ beyond
  /// stride-to-stride noise, which says nothing about a real change), or "undetermined" (neither an MDC
  /// nor stride-to-stride spread).
  std::string verdict;
};

struct SessionComparison {
  std::string source;
  std::vector<FeatureChange> changes;  ///< per side: the score first, then each feature
  std::string summary;                 ///< plain words
  QualityFlags flags;
};

/// Compares two feature sets of one person (same sensor kind). The score of each session is computed
/// on the features both sessions have, so a feature present only once cannot move it.
/// @throws InvalidArgument when the sources differ or are empty.
SessionComparison compare_sessions(const FeatureSet& before, const FeatureSet& after, const Norms& norms);

}  // namespace secondheart::assess
