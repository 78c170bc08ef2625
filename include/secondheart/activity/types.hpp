/// @file
/// Value types of the activity stage: what a day of wearing foot IMUs, shank IMUs or insoles says
/// about the movements that keep the calf muscle pump working. Times are seconds on the session
/// clock (ImuRecording::start_time_s is the time of sample 0); clock hours are placed with
/// ActivityParams::clock_offset_s. Nothing here is a statement about venous function.
///
/// What each sensor allows (activity/activity.hpp decides per session):
///   foot IMU:  bouts, steps, stride terrain (stairs / slopes from the trajectory), heel raises and
///              ankle pumps from the foot pitch; NOT sitting vs standing (a still foot is the same).
///   shank IMU: bouts, steps, posture from the shank inclination (upright / sitting with the feet
///              forward / leg near horizontal or above = leg elevation), ankle pumps with the shank
///              still (with a foot IMU on the same leg).
///   insole:    bouts, steps, standing vs sitting-or-lying from the load, calf raises (heel unloaded,
///              forefoot loaded, standing), seated toe pushes (the same while sitting), isometric
///              forefoot holds (forefoot load held without a heel lift).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "secondheart/core/quality.hpp"
#include "secondheart/core/types.hpp"

namespace secondheart::activity {

/// What a stride climbs or descends, from its rise and slope (foot IMU trajectory).
enum class Terrain { Level, StairsUp, StairsDown, Uphill, Downhill, Unknown };

constexpr std::string_view to_string(Terrain t) {
  switch (t) {
    case Terrain::Level: return "level";
    case Terrain::StairsUp: return "stairs_up";
    case Terrain::StairsDown: return "stairs_down";
    case Terrain::Uphill: return "uphill";
    case Terrain::Downhill: return "downhill";
    case Terrain::Unknown: return "unknown";
  }
  return "unknown";
}
/// Stairs and slopes load the calf more than level walking (up: concentric push; down: eccentric).
constexpr bool calf_intensive(Terrain t) { return t != Terrain::Level && t != Terrain::Unknown; }

/// Posture of a still (non-walking) period, as far as the sensor tells it.
enum class Posture {
  Standing,        ///< insole: both feet carry about body weight
  Sitting,         ///< shank inclined with the feet forward, or insole load of the feet alone while seated
  SittingOrLying,  ///< insole: the feet carry almost nothing (seated or lying: the insole cannot tell)
  Upright,         ///< shank near vertical: standing, or sitting with vertical shanks (not decided)
  LegElevated,     ///< shank near horizontal or above (lying, legs up, or a leg on a stool)
  Unknown,         ///< still, posture not measurable (foot IMU alone)
};

constexpr std::string_view to_string(Posture p) {
  switch (p) {
    case Posture::Standing: return "standing";
    case Posture::Sitting: return "sitting";
    case Posture::SittingOrLying: return "sitting_or_lying";
    case Posture::Upright: return "upright";
    case Posture::LegElevated: return "leg_elevated";
    case Posture::Unknown: return "unknown";
  }
  return "unknown";
}
/// Sedentary postures (the calf pump idle); Upright and Unknown are not counted as either.
constexpr bool sedentary(Posture p) {
  return p == Posture::Sitting || p == Posture::SittingOrLying || p == Posture::LegElevated;
}

enum class ExerciseKind {
  CalfRaise,       ///< standing heel raise (posture known to be standing)
  SeatedToePush,   ///< heel raise / forefoot press while sitting
  HeelRaise,       ///< heel raise, posture unknown (foot IMU alone: calf raise or seated toe push)
  AnklePump,       ///< foot pitch oscillation up and down with the shank still
  IsometricHold,   ///< forefoot load held >= 3 s without a heel lift (insole)
};

constexpr std::string_view to_string(ExerciseKind k) {
  switch (k) {
    case ExerciseKind::CalfRaise: return "calf_raise";
    case ExerciseKind::SeatedToePush: return "seated_toe_push";
    case ExerciseKind::HeelRaise: return "heel_raise";
    case ExerciseKind::AnklePump: return "ankle_pump";
    case ExerciseKind::IsometricHold: return "isometric_hold";
  }
  return "unknown";
}

/// One walking bout (Mobilise-D rule: >= min strides, pauses <= max_pause merged). Start and end are
/// the first and last initial contact of the bout (either foot).
struct WalkingBout {
  double start_s = 0.0;
  double end_s = 0.0;
  int strides = 0;             ///< IC -> IC intervals of either foot inside the bout
  int steps = 0;               ///< initial contacts (both feet; twice one foot's when only one is worn)
  bool steps_estimated = false;  ///< true when one foot only: steps = 2 x that foot's contacts
  double cadence_spm = NaN;    ///< steps per minute over the bout
  double median_speed_mps = NaN;  ///< median stride speed where the sensor measures it (foot IMU)
  int turn_strides = 0;        ///< strides marked as turns (kept inside the bout)
  int calf_intensive_strides = 0;  ///< strides on stairs or slopes
  std::string source;          ///< the pipeline whose events made the bout ("foot_imu", "insole", "shank_imu")

  double duration_s() const { return end_s - start_s; }
};

/// A run of one posture between walking bouts.
struct PosturePeriod {
  double start_s = 0.0;
  double end_s = 0.0;
  Posture posture = Posture::Unknown;
  /// Evidence: the median total load of the worn insoles as a fraction of body weight (NaN without
  /// insoles) and the median shank inclination from vertical (deg, NaN without a shank IMU).
  double load_bw = NaN;
  double shank_inclination_deg = NaN;
  std::string source;  ///< "insole", "shank_imu", "foot_imu"

  double duration_s() const { return end_s - start_s; }
};

/// One repetition of an exercise.
/// Times use the 10 % and 90 % levels of the repetition's own amplitude (rise and fall times as for
/// any step response): a smooth 1 s lowering has a 10-90 % lowering time of about 0.5 s.
struct Repetition {
  double start_s = 0.0;    ///< leaves the rest level (10 % of the amplitude)
  double top_s = 0.0;      ///< reaches the top (90 %)
  double end_s = 0.0;      ///< back at the rest level (10 %)
  double amplitude = NaN;  ///< in the set's amplitude_unit (heel raise: deg of foot pitch; pump: half the swing)
  double hold_s = NaN;     ///< time at >= 90 % of the amplitude
  double lowering_s = NaN; ///< from leaving 90 % to 10 % on the way back (NaN for ankle pumps)
};

/// One set of repetitions of one exercise (repetitions <= max_rep_gap_s apart).
struct ExerciseSet {
  ExerciseKind kind = ExerciseKind::HeelRaise;
  std::optional<Side> side;   ///< none: both legs together
  double start_s = 0.0;
  double end_s = 0.0;
  int repetitions = 0;
  double median_amplitude = NaN;
  std::string amplitude_unit;  ///< "deg" (foot pitch) or "bw" (forefoot load, fraction of body weight)
  double median_hold_s = NaN;
  double median_lowering_s = NaN;
  double tempo_reps_per_min = NaN;
  std::string source;  ///< sensor that counted it
  std::vector<Repetition> reps;
};

/// Whether an hour meets the ">= 5 minutes of walking" habit.
enum class HabitStatus { Met, Missed, NotWorn, PartlyWorn };

constexpr std::string_view to_string(HabitStatus h) {
  switch (h) {
    case HabitStatus::Met: return "met";
    case HabitStatus::Missed: return "missed";
    case HabitStatus::NotWorn: return "not_worn";
    case HabitStatus::PartlyWorn: return "partly_worn";
  }
  return "unknown";
}

/// One clock hour of the day.
struct HourSummary {
  double hour_start_s = 0.0;    ///< session clock
  int clock_hour = 0;           ///< 0..23, from clock_offset_s
  double worn_min = 0.0;        ///< minutes with data
  double walking_min = 0.0;     ///< minutes inside walking bouts
  int steps = 0;                ///< initial contacts detected in the hour (inside bouts or not)
  double longest_still_min = 0.0;  ///< longest run without walking inside the hour (worn time)
  double sedentary_min = 0.0;   ///< minutes in sedentary postures (NaN when the sensor cannot tell)
  double leg_elevated_min = 0.0;   ///< NaN without a shank IMU
  int exercise_repetitions = 0;
  int calf_intensive_strides = 0;
  HabitStatus habit = HabitStatus::NotWorn;
  /// True (met), false (missed), none (not worn, or worn too little to say).
  std::optional<bool> meets_walking_habit() const {
    if (habit == HabitStatus::Met) return true;
    if (habit == HabitStatus::Missed) return false;
    return std::nullopt;
  }
};

/// The day in a few numbers.
struct DaySummary {
  double hours_worn = 0.0;
  int hours_judged = 0;          ///< hours with the habit decided (met or missed)
  int hours_meeting_habit = 0;
  int hours_missing_habit = 0;
  double walking_min = 0.0;
  int steps = 0;
  int bouts = 0;
  double longest_still_min = 0.0;  ///< longest worn run without a walking bout
  double longest_still_start_s = NaN;
  double longest_sedentary_min = NaN;  ///< longest run of sedentary postures (NaN when not measurable)
  double longest_sedentary_start_s = NaN;
  int calf_intensive_strides = 0;
  int exercise_sets = 0;
  int exercise_repetitions = 0;
  double leg_elevated_min = NaN;
};

/// Everything the activity stage found.
struct ActivityResult {
  std::vector<WalkingBout> bouts;
  std::vector<PosturePeriod> postures;
  std::vector<ExerciseSet> exercises;
  std::vector<HourSummary> hours;
  DaySummary day;
  /// Terrain per row of the foot_imu cycle table (empty without foot IMUs), in its row order.
  std::vector<Terrain> stride_terrain;
  /// What this session's sensors let the stage measure, in words (one entry per capability).
  std::vector<std::string> capabilities;
  double clock_offset_s = 0.0;  ///< clock time (s after midnight) of session time 0 used for the hours
  QualityFlags flags;
};

}  // namespace secondheart::activity
