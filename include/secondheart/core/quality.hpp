/// @file
/// Data-quality flags: how problems in the data (not in the arguments) are reported.
#pragma once

#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "secondheart/core/types.hpp"

namespace secondheart {

/// How much a finding matters to the numbers: Info = expected and harmless (a few strides rejected at
/// the ends of a walk, turns); Warning = affected metrics are NaN or less reliable.
enum class FlagSeverity { Info, Warning };

constexpr std::string_view to_string(FlagSeverity s) { return s == FlagSeverity::Info ? "info" : "warning"; }

/// One data-quality finding. `code` is stable and machine-readable (e.g. "gap", "too_few_cycles",
/// "sensor_upside_down"); `message` is for people and carries the numbers behind the finding.
struct QualityFlag {
  std::string code;
  std::optional<Side> side;
  std::string message;
  FlagSeverity severity = FlagSeverity::Warning;
};

using QualityFlags = std::vector<QualityFlag>;

/// A number for a flag message: whole numbers and values of 100 or more without decimals, others with
/// three significant digits ("1 s", "0.05 s", "9.82 m/s²", "437 deg/s"), unlike std::to_string's
/// six fixed decimals.
inline std::string to_text(double value) {
  char buf[32];
  if (!std::isfinite(value)) return value != value ? "NaN" : (value > 0 ? "inf" : "-inf");
  if (std::abs(value) >= 100.0 || value == std::round(value))
    std::snprintf(buf, sizeof buf, "%.0f", value);
  else
    std::snprintf(buf, sizeof buf, "%.3g", value);
  return buf;
}

}  // namespace secondheart
