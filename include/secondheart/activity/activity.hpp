/// @file
/// The activity stage: walking bouts, postures of still periods, exercise sets, stride terrain and
/// the hour-by-hour table of a day, from a session's recordings and the cycles its pipelines found.
/// Each step is callable alone (bouts from your own contacts, the hours from your own bouts).
#pragma once

#include <Eigen/Core>
#include <vector>

#include "secondheart/activity/types.hpp"
#include "secondheart/core/recording.hpp"
#include "secondheart/core/result.hpp"
#include "secondheart/core/table.hpp"

namespace secondheart::activity {

struct BoutParams {
  int min_strides = 4;            ///< Mobilise-D: a bout has at least 4 strides
  double max_pause_s = 3.0;       ///< Mobilise-D: pauses up to 3 s are merged into the bout
  double min_stride_s = 0.4;      ///< contacts closer than this are not a stride
  double max_stride_s = 3.0;      ///< nor further apart than this (a pause)
};

struct TerrainParams {
  /// A stride on stairs rises or falls by two risers (step over step) or one (step to step); building
  /// codes' risers are 10-20 cm. >= 9 cm at a slope >= 0.15 is a stair: level strides of the foot
  /// trajectory drift by up to ~10 cm but over 1.3 m (slope < 0.1), and ramps stay under 8.3 %.
  /// Next to a stair stride of the same foot and direction, half that slope suffices (the stride
  /// onto or off a flight climbs one riser over a partly level distance).
  double min_stairs_rise_m = 0.09;
  double min_stairs_slope = 0.15;
  /// Slopes: the rise of `slope_window_strides` consecutive strides of one foot over their length
  /// (one stride's rise drifts by ~4 cm on level floors; six average it to ~1 % of slope), at least
  /// `min_hill_slope` (5 %: gentler slopes are not told from level).
  double min_hill_slope = 0.05;
  int slope_window_strides = 6;
};

struct PostureParams {
  double epoch_s = 1.0;                ///< classification epoch
  double min_period_s = 5.0;           ///< shorter posture runs merge into their neighbours
  double upright_max_inclination_deg = 25.0;   ///< shank: below this from vertical = upright
  double elevated_min_inclination_deg = 70.0;  ///< shank: near horizontal or above = leg elevated
  double standing_min_load_bw = 0.6;   ///< insole total (both feet) standing
  double sitting_max_load_bw = 0.4;    ///< insole total (both feet) sitting or lying
};

struct ExerciseParams {
  double min_heel_raise_deg = 8.0;     ///< a heel raise tilts the foot at least this far toes-down
  double min_pump_deg = 6.0;           ///< an ankle pump moves the foot this far both ways
  double min_forefoot_hold_bw = 0.08;  ///< an isometric hold adds this much forefoot load
  double min_hold_s = 3.0;             ///< an isometric hold lasts at least this long
  double max_rep_gap_s = 10.0;         ///< repetitions further apart start a new set
  int min_set_reps = 3;                ///< fewer repetitions are not a set (a single heel lift is not an exercise)
  double min_rep_s = 0.6, max_rep_s = 20.0;
};

struct ActivityParams {
  BoutParams bouts;
  TerrainParams terrain;
  PostureParams postures;
  ExerciseParams exercises;
  /// Clock time of session time 0, in seconds after midnight: hour h of the table starts at the
  /// session time where (t + clock_offset_s) is a whole hour. 0 when the session clock is already
  /// seconds since midnight (or Unix time: hours are then UTC hours; add the time zone here).
  double clock_offset_s = 0.0;
  double habit_walking_min = 5.0;      ///< ">= 5 minutes of walking every hour"
  double judged_min_worn_min = 50.0;   ///< an hour worn less than this is not judged (unless met)
  double min_worn_fraction = 0.5;      ///< an epoch with less data than this is not worn
};

/// Walking bouts from the initial contacts of one pipeline (both feet when present), Mobilise-D rule.
/// @param ic_s per side, initial-contact times (session clock, s), sorted
/// @param sides the side of each entry of ic_s
std::vector<WalkingBout> detect_bouts(const std::vector<std::vector<double>>& ic_s, const std::vector<Side>& sides,
                                      const BoutParams& params = {});

/// Clock hour (0..23) of the hour that starts at session time `hour_start_s` (clock_offset_s as in
/// ActivityParams).
int clock_hour(double hour_start_s, double clock_offset_s);

/// Session time (s) at which the clock hour holding session time `t_s` starts.
double hour_start_s(double t_s, double clock_offset_s);

/// The ">= habit_walking_min of walking per clock hour" status of one hour from its walking and worn
/// minutes: met whenever walked enough (even if worn briefly), not worn without data, missed when worn
/// at least judged_min_worn_min, partly worn otherwise. analyze_activity's hours and the stream's use it.
HabitStatus habit_status(double walking_min, double worn_min, const ActivityParams& params);

/// Terrain of each stride from its rise (m, up positive) and horizontal length (m); strides are
/// given per foot in time order (`side` per row) so slopes can require consecutive strides.
std::vector<Terrain> classify_terrain(const Eigen::VectorXd& rise_m, const Eigen::VectorXd& length_m,
                                      const std::vector<Side>& side, const TerrainParams& params = {});

/// The rotation of one IMU from its sensor axes into its segment frame, as a pipeline estimated it.
struct SegmentRotation {
  Placement placement = Placement::Foot;
  Side side = Side::Left;
  Eigen::Matrix3d segment_from_sensor = Eigen::Matrix3d::Identity();
};

/// The whole stage on a session and the results analyze() produced for it.
/// @param results the pipelines' results (their initial contacts make the bouts: foot IMU first, then
///        insole, then shank IMU; the foot_imu table's stride_rise_m and stride_length_m the terrain)
/// @param rotations segment_from_sensor of IMUs recorded in their sensor frame (analyze() passes the
///        foot pipeline's); a foot IMU in its sensor frame without one is not used for exercises (flagged)
/// Data problems (gaps, sensors not worn, nothing to calibrate a posture against) become flags and
/// "not worn" hours, never exceptions.
/// @throws InvalidArgument on bad parameters.
ActivityResult analyze_activity(const Session& session, const std::vector<PipelineResult>& results,
                                const ActivityParams& params = {}, const std::vector<SegmentRotation>& rotations = {});

}  // namespace secondheart::activity
