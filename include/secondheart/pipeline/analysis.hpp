/// @file
/// The result of analysing one session: one PipelineResult per sensor kind that was present.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "secondheart/activity/types.hpp"
#include "secondheart/assess/toe_off.hpp"
#include "secondheart/core/result.hpp"
#include "secondheart/metrics/summary.hpp"

namespace secondheart {

struct Analysis {
  std::string session_name;
  std::vector<PipelineResult> results;  ///< "insole", "foot_imu", "shank_imu": see CycleTable::source
  QualityFlags flags;                   ///< session-level findings (e.g. "no_gait_sensor")
  /// Toe-off assessment per source that has norms (foot_imu, shank_imu, insole), in `results` order.
  std::vector<assess::ToeOffAssessment> assessments;
  /// The day: bouts, postures, exercise sets, hours (Config::activity.enabled; none when disabled).
  std::optional<activity::ActivityResult> activity;

  /// The result whose cycles come from `source`, or nullptr.
  const PipelineResult* result(const std::string& source) const {
    for (const auto& r : results)
      if (r.cycles.source == source) return &r;
    return nullptr;
  }
  /// The assessment of `source`, or nullptr.
  const assess::ToeOffAssessment* assessment(const std::string& source) const {
    for (const auto& a : assessments)
      if (a.source == source) return &a;
    return nullptr;
  }
};

}  // namespace secondheart
