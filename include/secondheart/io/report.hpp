/// @file
/// JSON report of an Analysis (implemented in src/io/report_json.cpp with nlohmann/json).
#pragma once

#include <string>

#include "secondheart/pipeline/analysis.hpp"

namespace secondheart::io {

/// The analysis as JSON: per source its events (s), cycles (identity, status, metrics), per-side
/// summary (median, IQR, CV, asymmetry) and quality flags. NaN becomes null. `indent` < 0 = compact.
std::string to_json(const Analysis& analysis, int indent = 2);

}  // namespace secondheart::io
