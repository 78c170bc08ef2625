/// @file
/// JSON report of an Analysis (implemented in src/io/report_json.cpp with nlohmann/json).
#pragma once

#include <string>

#include "secondheart/pipeline/analysis.hpp"

namespace secondheart::io {

/// Version of the report's layout (schemas/report.schema.json); raised when a field changes meaning.
inline constexpr int report_schema_version = 1;

/// The analysis as JSON (schemas/report.schema.json): the toe-off assessments first, then per source its
/// events (s), cycles (identity, status, metrics), per-side summary (median, IQR, CV, asymmetry) and
/// quality flags. NaN becomes null. `indent` < 0 = compact.
std::string to_json(const Analysis& analysis, int indent = 2);

}  // namespace secondheart::io
