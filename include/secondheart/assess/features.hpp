/// @file
/// The input of the assessment: per-side push-off features of one sensor kind, as per-cycle values
/// (from secondheart's own cycle tables) or as one value per side (summaries from any other system:
/// force plates, other insoles). Value types only.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/table.hpp"

namespace secondheart::assess {

/// The values of one feature on one side: one per cycle, or a single summary value.
struct FeatureValues {
  std::string name;  ///< column name, unit in the name ("toe_off_angle_deg")
  Side side = Side::Left;
  std::vector<double> values;  ///< NaN entries are ignored
};

/// Features of one sensor kind ("foot_imu", "shank_imu", "insole", "force_plate") on both sides.
struct FeatureSet {
  std::string source;
  std::vector<FeatureValues> features;
  /// Median gait speed per side (index 0 left, 1 right) for speed-adjusted norms; NaN = unknown.
  std::array<double, 2> gait_speed_mps{NaN, NaN};

  /// Adds values of `name` on `side` (appends when the feature is already there).
  void add(const std::string& name, Side side, const std::vector<double>& values) {
    for (auto& f : features)
      if (f.name == name && f.side == side) {
        f.values.insert(f.values.end(), values.begin(), values.end());
        return;
      }
    features.push_back({name, side, values});
  }
  /// The values of `name` on `side`, or nullptr.
  const FeatureValues* find(const std::string& name, Side side) const {
    for (const auto& f : features)
      if (f.name == name && f.side == side) return &f;
    return nullptr;
  }
  double speed(Side side) const { return gait_speed_mps[side == Side::Left ? 0 : 1]; }
};

/// Every column of `table` over its valid cycles, per side; the gait speed per side is the median of
/// the `gait_speed_mps` column when there is one. The set's source is the table's.
FeatureSet features_from_cycles(const CycleTable& table);

/// The same over the valid cycles whose `use` entry is true (one per row: e.g. level strides only,
/// since the norms are for level walking).
/// @throws InvalidArgument when `use` does not have one entry per row.
FeatureSet features_from_cycles(const CycleTable& table, const std::vector<bool>& use);

}  // namespace secondheart::assess
