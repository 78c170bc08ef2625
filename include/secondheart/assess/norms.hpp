/// @file
/// Healthy reference values of push-off features and the thresholds of the toe-off rule, read from a
/// versioned JSON file (schemas/norms.schema.json). The file shipped with the library is built by
/// scripts/build_norms.py from healthy recordings, with the provenance of every number
/// (norms/README.md); users may pass their own. Parsing lives in src/assess/norms.cpp (nlohmann/json).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "secondheart/core/types.hpp"

namespace secondheart::assess {

/// The schema version this library reads (the file's `schema_version` must equal it).
inline constexpr int norms_schema_version = 1;

/// norm(speed) = mean + slope_per_mps · (clamp(speed, min, max) − reference_speed_mps).
struct SpeedAdjustment {
  double reference_speed_mps = NaN;
  double slope_per_mps = NaN;
  double min_speed_mps = NaN;
  double max_speed_mps = NaN;
  double r_squared = NaN;
  std::string method;
};

struct Provenance {
  std::vector<std::string> datasets;
  std::string subjects;
  std::string method;
  bool synthetic = false;  ///< no real healthy data: the synthetic walker stands in
  std::string notes;
};

/// Healthy reference of one feature of one sensor kind.
struct FeatureNorm {
  std::string source;  ///< "foot_imu", "shank_imu", "insole", "force_plate"
  std::string name;    ///< column name, unit in the name ("toe_off_angle_deg")
  std::string unit;
  int direction = 1;   ///< +1: higher = stronger push-off; −1: lower is stronger (toe-off angle)
  double weight = 1;   ///< in the push-off score; 0 = reported, not scored
  double mean = NaN;   ///< at the reference speed when speed-adjusted
  double sd = NaN;     ///< of one side in one session of a healthy person (norms/README.md)
  std::optional<SpeedAdjustment> speed_adjustment;
  double asymmetry_sd = NaN;  ///< SD of left − right in healthy persons
  double session_sd = NaN;    ///< within-person SD between sessions; NaN = unknown
  Index n_subjects = 0;
  Index n_sessions = 0;
  Index n_cycles = 0;
  Provenance provenance;

  /// The healthy mean at `speed_mps` (NaN or no adjustment: the plain mean).
  double mean_at(double speed_mps) const {
    if (!speed_adjustment || !(speed_mps == speed_mps)) return mean;
    const SpeedAdjustment& a = *speed_adjustment;
    const double speed = speed_mps < a.min_speed_mps ? a.min_speed_mps
                         : speed_mps > a.max_speed_mps ? a.max_speed_mps
                                                       : speed_mps;
    return mean + a.slope_per_mps * (speed - a.reference_speed_mps);
  }
};

/// Thresholds of the poor_toe_off rule (docs/assessment.md). The side score and the standardised
/// score difference are N(0, 1) in healthy people by construction, so each threshold is a z.
struct AssessmentRule {
  double score_mild_z = -2.24;
  double score_marked_z = -3.0;
  double asymmetry_mild_z = 2.24;
  double asymmetry_marked_z = 3.0;
  double weaker_side_z = 1.645;
  Index min_cycles = 10;
  Index min_cycles_high_confidence = 30;
  double default_correlation = 0.3;  ///< between two features when the norms give no matrix
  std::string description;
};

/// Correlation between features of one source: of their z on one side (`kind` "score") or of their
/// left − right differences ("asymmetry").
struct CorrelationMatrix {
  std::string source;
  std::string kind;
  std::vector<std::string> features;
  std::vector<std::vector<double>> matrix;

  /// The correlation of features `a` and `b`, or NaN when the matrix does not hold both.
  double get(const std::string& a, const std::string& b) const {
    std::size_t i = features.size(), j = features.size();
    for (std::size_t k = 0; k < features.size(); ++k) {
      if (features[k] == a) i = k;
      if (features[k] == b) j = k;
    }
    return i < features.size() && j < features.size() ? matrix[i][j] : NaN;
  }
};

struct Norms {
  int schema_version = norms_schema_version;
  std::string version;
  std::string created;
  std::string generator;
  std::string description;
  std::string origin;  ///< where the norms were read from (a path, or "built-in")
  AssessmentRule rule;
  std::vector<FeatureNorm> features;
  std::vector<CorrelationMatrix> correlations;

  /// The norm of (source, name), or nullptr.
  const FeatureNorm* find(const std::string& source, const std::string& name) const {
    for (const auto& f : features)
      if (f.source == source && f.name == name) return &f;
    return nullptr;
  }
  /// Correlation of two features of `source` (kind "score" or "asymmetry"); the rule's default when
  /// no matrix holds both; 1 for a feature with itself.
  double correlation(const std::string& source, const std::string& kind, const std::string& a,
                     const std::string& b) const {
    if (a == b) return 1.0;
    for (const auto& m : correlations)
      if (m.source == source && m.kind == kind) {
        const double r = m.get(a, b);
        if (r == r) return r;
      }
    return rule.default_correlation;
  }
};

/// Parses norms from JSON text. `origin` names the text in error messages (a path, "built-in").
/// @throws FormatError naming `origin` and the field (JSON path) that is missing, of the wrong type,
///         out of range, or of another schema version.
Norms parse_norms(const std::string& json_text, const std::string& origin);

/// Reads and parses a norms file. @throws FormatError (cannot open, malformed: file and field).
Norms load_norms(const std::string& path);

/// The norms shipped with the library (norms/push_off_norms.json, compiled in: no file is read).
Norms default_norms();

/// The shipped norms as JSON text.
const std::string& default_norms_json();

/// The norms as JSON (the schema of parse_norms); parse_norms(norms_to_json(n)) reproduces `n`.
std::string norms_to_json(const Norms& norms, int indent = 2);

}  // namespace secondheart::assess
