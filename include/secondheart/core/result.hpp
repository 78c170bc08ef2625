/// @file
/// What each sensor pipeline (pipeline/<sensor>.hpp) returns, so analyze() can merge them.
#pragma once

#include <vector>

#include "secondheart/core/events.hpp"
#include "secondheart/core/quality.hpp"
#include "secondheart/core/table.hpp"

namespace secondheart {

/// Events, per-cycle metrics and data-quality flags of one sensor kind (both sides).
struct PipelineResult {
  std::vector<GaitEvents> events;  ///< one entry per side that was analysed
  CycleTable cycles;               ///< one row per cycle (valid or not: see Cycle::status)
  QualityFlags flags;
};

}  // namespace secondheart
