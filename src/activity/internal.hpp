// Shared pieces of the activity stage's sources: time intervals and the slow (10 Hz) signals the
// posture and exercise steps read. Not installed.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <vector>

#include "secondheart/activity/activity.hpp"
#include "secondheart/core/recording.hpp"

namespace secondheart::activity::detail {

/// Half-open time interval [begin_s, end_s) on the session clock.
struct Interval {
  double begin_s = 0.0;
  double end_s = 0.0;
  double length_s() const { return std::max(0.0, end_s - begin_s); }
};

/// Overlap (s) of [a0, a1) and [b0, b1).
inline double overlap_s(double a0, double a1, double b0, double b1) {
  return std::max(0.0, std::min(a1, b1) - std::max(a0, b0));
}

/// `base` minus `cut` (both sorted, each without overlaps): the parts of base outside every cut.
inline std::vector<Interval> subtract(const std::vector<Interval>& base, const std::vector<Interval>& cut) {
  std::vector<Interval> out;
  std::size_t c = 0;
  for (const Interval& b : base) {
    double from = b.begin_s;
    while (c < cut.size() && cut[c].end_s <= from) ++c;
    for (std::size_t k = c; k < cut.size() && cut[k].begin_s < b.end_s; ++k) {
      if (cut[k].begin_s > from) out.push_back({from, cut[k].begin_s});
      from = std::max(from, cut[k].end_s);
    }
    if (from < b.end_s) out.push_back({from, b.end_s});
  }
  return out;
}

/// The time intervals of bouts (sorted, without overlaps, as detect_bouts returns them).
inline std::vector<Interval> bout_intervals(const std::vector<WalkingBout>& bouts) {
  std::vector<Interval> out;
  for (const auto& b : bouts) out.push_back({b.start_s, b.end_s});
  return out;
}

/// The slow signals of one leg at `rate_hz` (10 Hz) on the session grid starting at `t0_s`; NaN where
/// the sensor has no data. Empty vectors when the leg has no such sensor.
struct LegSignals {
  Side side = Side::Left;
  std::vector<double> foot_pitch_deg;    ///< foot IMU: complementary-filter pitch (toes up positive)
  /// The foot pitch with the sole flat on the floor: gravity at the walking mid-stances (0 when the
  /// segment alignment is exact; a day's alignment can be off by degrees).
  double foot_flat_pitch_deg = 0.0;
  std::vector<double> foot_gyro_dps;     ///< foot IMU: RMS of |gyro| in the slow sample
  std::vector<double> shank_gyro_dps;    ///< shank IMU: RMS of |gyro|
  std::array<std::vector<double>, 3> shank_acc_mps2;  ///< shank IMU: mean specific force, sensor axes
  std::vector<double> heel_load_bw;      ///< insole: heel cells (fraction of body weight)
  std::vector<double> forefoot_load_bw;  ///< insole: forefoot cells
  std::vector<double> total_load_bw;     ///< insole: all cells
  std::vector<double> contact_s;         ///< initial contacts of this foot (any pipeline), session clock
};

struct SlowSignals {
  double t0_s = 0.0;
  double rate_hz = 10.0;
  std::size_t size = 0;
  std::vector<LegSignals> legs;  ///< one per side that has any sensor
  double time(std::size_t i) const { return t0_s + static_cast<double>(i) / rate_hz; }
};

/// Exercise sets of one session (exercises.cpp). `idle` marks the slow samples outside walking bouts
/// (with a margin) where the sensors were worn; `posture_at` gives the posture at a session time.
std::vector<ExerciseSet> detect_exercises(const SlowSignals& slow, const std::vector<bool>& idle,
                                          const std::vector<PosturePeriod>& postures, const ExerciseParams& params);

}  // namespace secondheart::activity::detail
