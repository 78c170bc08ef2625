/// @file
/// Data-quality flags: how problems in the data (not in the arguments) are reported.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "secondheart/core/types.hpp"

namespace secondheart {

/// One data-quality finding. `code` is stable and machine-readable (e.g. "gap", "too_few_cycles",
/// "sensor_upside_down"); `message` is for people and carries the numbers behind the finding.
struct QualityFlag {
  std::string code;
  std::optional<Side> side;
  std::string message;
};

using QualityFlags = std::vector<QualityFlag>;

}  // namespace secondheart
