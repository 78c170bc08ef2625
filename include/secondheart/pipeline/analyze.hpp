/// @file
/// secondheart::analyze(): the one C++ entry point. Runs every sensor pipeline the session has
/// data for (insoles, foot IMUs, shank IMUs) and returns their results side by side.
#pragma once

#include <algorithm>
#include <optional>
#include <vector>

#include "secondheart/activity/activity.hpp"
#include "secondheart/assess/features.hpp"
#include "secondheart/assess/norms.hpp"
#include "secondheart/assess/toe_off.hpp"
#include "secondheart/core/error.hpp"
#include "secondheart/pipeline/analysis.hpp"
#include "secondheart/pipeline/ankle.hpp"
#include "secondheart/pipeline/foot_imu.hpp"
#include "secondheart/pipeline/insole.hpp"

namespace secondheart {

/// The toe-off assessment inside analyze().
struct AssessConfig {
  bool enabled = true;
  std::optional<assess::Norms> norms;  ///< none: the built-in norms (assess::default_norms())
};

/// The activity stage inside analyze() (bouts, postures, exercises, hours of the day).
struct ActivityConfig {
  bool enabled = true;
  activity::ActivityParams params;
};

/// Parameters of every pipeline; the defaults are the validated ones.
struct Config {
  pipeline::InsolePipelineParams insole;
  pipeline::FootImuPipelineParams foot_imu;
  /// Shank pipeline. Its `foot` member is not used by analyze(): the ankle angle takes the foot
  /// pitch from the one foot-IMU run with `foot_imu` (each foot is analysed once).
  pipeline::ShankPipelineParams shank_imu;
  AssessConfig assess;
  ActivityConfig activity;
};

/// Analyses a session: one PipelineResult per sensor kind present ("insole", "foot_imu",
/// "shank_imu"; the shank result carries the ankle columns when the same leg has a foot IMU).
/// Data problems become quality flags inside each result, never exceptions.
/// @throws InvalidArgument when the session has no insole and no foot or shank IMU, or when a
///         recording is malformed as an argument (see each pipeline).
inline Analysis analyze(const Session& session, const Config& config = {}) {
  bool has_foot = false, has_shank = false;
  for (const auto& rec : session.imus) (rec.placement == Placement::Foot ? has_foot : has_shank) = true;
  SECONDHEART_CHECK(!session.insoles.empty() || has_foot || has_shank, "analyze: session '", session.name,
                    "' has no insole and no foot or shank IMU; expected at least one");
  Analysis analysis;
  analysis.session_name = session.name;
  if (!session.insoles.empty()) analysis.results.push_back(pipeline::analyze_insoles(session, config.insole));
  std::vector<pipeline::FootImuAnalysis> feet;
  if (has_foot && has_shank) {
    // The shank pipeline reads the feet's per-sample series for the ankle angle.
    feet = pipeline::analyze_each_foot_imu(session, pipeline::with_foot_series(config.foot_imu));
  } else if (has_foot) {
    // Nothing else reads the feet's series: the lean path (the same table, events and flags).
    feet = pipeline::analyze_foot_imus_lean(session, config.foot_imu);
  }
  if (has_foot) analysis.results.push_back(pipeline::merge_foot_imu_analyses(feet));
  // The activity stage reads the feet's pitch: it needs each foot's sensor-to-segment rotation.
  std::vector<activity::SegmentRotation> rotations;
  for (const auto& f : feet) rotations.push_back({Placement::Foot, f.side, f.alignment.segment_from_sensor});
  if (has_shank) analysis.results.push_back(pipeline::analyze_shank_imus(session, config.shank_imu, has_foot ? &feet : nullptr));
  if (config.activity.enabled) analysis.activity = activity::analyze_activity(session, analysis.results, config.activity.params, rotations);
  if (config.assess.enabled) {
    const assess::Norms norms = config.assess.norms ? *config.assess.norms : assess::default_norms();
    for (const auto& result : analysis.results) {
      const bool has_norms = std::any_of(norms.features.begin(), norms.features.end(),
                                         [&](const assess::FeatureNorm& f) { return f.source == result.cycles.source; });
      if (!has_norms) continue;
      // The norms are for level walking: strides on stairs or slopes (activity terrain) are left out.
      std::vector<bool> level(static_cast<std::size_t>(result.cycles.rows()), true);
      Index left_out = 0;
      if (result.cycles.source == "foot_imu" && analysis.activity && analysis.activity->stride_terrain.size() == level.size())
        for (std::size_t k = 0; k < level.size(); ++k)
          if (activity::calf_intensive(analysis.activity->stride_terrain[k])) {
            level[k] = false;
            left_out += result.cycles.cycles[k].valid();
          }
      assess::ToeOffAssessment a = assess::assess_toe_off(assess::features_from_cycles(result.cycles, level), norms);
      if (left_out > 0)
        a.flags.push_back({"non_level_strides", std::nullopt,
                           std::to_string(left_out) + " valid strides on stairs or slopes left out: the norms are for level walking",
                           FlagSeverity::Info});
      analysis.assessments.push_back(std::move(a));
    }
  }
  return analysis;
}

}  // namespace secondheart
