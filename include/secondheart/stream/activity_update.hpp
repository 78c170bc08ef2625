/// @file
/// ActivityUpdate: the walking bouts and clock hours an ActivityStream made final (stream/activity_stream.hpp).
#pragma once

#include <vector>

#include "secondheart/activity/types.hpp"

namespace secondheart::stream {

/// What one push(), advance() or close() of an ActivityStream made final.
struct ActivityUpdate {
  std::vector<activity::WalkingBout> bouts;  ///< in time order, each once
  /// In time order, each once. Not streamed (strides do not tell them): sedentary_min and
  /// leg_elevated_min are NaN, exercise_repetitions and calf_intensive_strides are 0.
  std::vector<activity::HourSummary> hours;

  bool empty() const { return bouts.empty() && hours.empty(); }
  void append(const ActivityUpdate& other) {
    bouts.insert(bouts.end(), other.bouts.begin(), other.bouts.end());
    hours.insert(hours.end(), other.hours.begin(), other.hours.end());
  }
};

}  // namespace secondheart::stream
