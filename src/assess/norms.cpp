// Norms JSON <-> secondheart::assess::Norms with nlohmann/json. Every error names the origin (file)
// and the JSON path of the field, e.g. "norms.json: features[3].sd: expected a number > 0, got -1".
#include "secondheart/assess/norms.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <Eigen/Eigenvalues>
#include <nlohmann/json.hpp>
#include <sstream>

#include "secondheart/core/error.hpp"

namespace secondheart::assess {
namespace {
using nlohmann::json;

const std::vector<std::string> sources = {"foot_imu", "shank_imu", "insole", "force_plate"};

class Reader {
 public:
  explicit Reader(std::string origin) : origin_(std::move(origin)) {}

  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw FormatError(origin_, 0, path + ": " + what);
  }

  const json& field(const json& object, const std::string& path, const char* key) const {
    if (!object.is_object()) fail(path, "expected an object, got " + type_of(object));
    const auto it = object.find(key);
    if (it == object.end()) fail(path, std::string("missing required field '") + key + "'");
    return *it;
  }
  bool has(const json& object, const char* key) const { return object.is_object() && object.contains(key); }

  double number(const json& object, const std::string& path, const char* key) const {
    const json& v = field(object, path, key);
    if (!v.is_number()) fail(path + "." + key, "expected a number, got " + type_of(v));
    const double x = v.get<double>();
    if (!std::isfinite(x)) fail(path + "." + key, "expected a finite number");
    return x;
  }
  double positive(const json& object, const std::string& path, const char* key) const {
    const double x = number(object, path, key);
    if (!(x > 0)) fail(path + "." + key, "expected a number > 0, got " + dump(x));
    return x;
  }
  /// A number > 0, or null / absent -> NaN.
  double optional_positive(const json& object, const std::string& path, const char* key) const {
    if (!has(object, key) || object.at(key).is_null()) return NaN;
    return positive(object, path, key);
  }
  Index integer(const json& object, const std::string& path, const char* key, Index minimum) const {
    const json& v = field(object, path, key);
    if (!v.is_number_integer()) fail(path + "." + key, "expected an integer, got " + type_of(v));
    const auto x = v.get<Index>();
    if (x < minimum) fail(path + "." + key, "expected an integer >= " + std::to_string(minimum) + ", got " + std::to_string(x));
    return x;
  }
  std::string text(const json& object, const std::string& path, const char* key) const {
    const json& v = field(object, path, key);
    if (!v.is_string()) fail(path + "." + key, "expected a string, got " + type_of(v));
    return v.get<std::string>();
  }
  std::string optional_text(const json& object, const std::string& path, const char* key) const {
    return has(object, key) ? text(object, path, key) : std::string();
  }
  const json& array(const json& object, const std::string& path, const char* key) const {
    const json& v = field(object, path, key);
    if (!v.is_array()) fail(path + "." + key, "expected an array, got " + type_of(v));
    return v;
  }

  static std::string type_of(const json& v) { return v.is_null() ? "null" : std::string(v.type_name()); }
  static std::string dump(double x) {
    std::ostringstream out;
    out << x;
    return out.str();
  }

 private:
  std::string origin_;
};

AssessmentRule read_rule(const Reader& r, const json& j) {
  const std::string p = "rule";
  AssessmentRule rule;
  rule.score_mild_z = r.number(j, p, "score_mild_z");
  rule.score_marked_z = r.number(j, p, "score_marked_z");
  rule.asymmetry_mild_z = r.positive(j, p, "asymmetry_mild_z");
  rule.asymmetry_marked_z = r.positive(j, p, "asymmetry_marked_z");
  rule.weaker_side_z = r.positive(j, p, "weaker_side_z");
  rule.min_cycles = r.integer(j, p, "min_cycles", 1);
  rule.min_cycles_high_confidence = r.integer(j, p, "min_cycles_high_confidence", 1);
  rule.default_correlation = r.number(j, p, "default_correlation");
  rule.description = r.optional_text(j, p, "description");
  if (!(rule.score_mild_z < 0)) r.fail(p + ".score_mild_z", "expected a negative z, got " + Reader::dump(rule.score_mild_z));
  if (!(rule.score_marked_z <= rule.score_mild_z))
    r.fail(p + ".score_marked_z", "expected a z at or below score_mild_z (" + Reader::dump(rule.score_mild_z) + "), got " +
                                      Reader::dump(rule.score_marked_z));
  if (!(rule.asymmetry_marked_z >= rule.asymmetry_mild_z))
    r.fail(p + ".asymmetry_marked_z", "expected a z at or above asymmetry_mild_z (" + Reader::dump(rule.asymmetry_mild_z) +
                                          "), got " + Reader::dump(rule.asymmetry_marked_z));
  if (rule.min_cycles_high_confidence < rule.min_cycles)
    r.fail(p + ".min_cycles_high_confidence", "expected at least min_cycles (" + std::to_string(rule.min_cycles) + "), got " +
                                                  std::to_string(rule.min_cycles_high_confidence));
  if (!(rule.default_correlation >= 0 && rule.default_correlation < 1))
    r.fail(p + ".default_correlation", "expected a correlation in [0, 1), got " + Reader::dump(rule.default_correlation));
  return rule;
}

FeatureNorm read_feature(const Reader& r, const json& j, const std::string& p) {
  FeatureNorm f;
  f.source = r.text(j, p, "source");
  if (std::find(sources.begin(), sources.end(), f.source) == sources.end())
    r.fail(p + ".source", "expected one of foot_imu, shank_imu, insole, force_plate, got '" + f.source + "'");
  f.name = r.text(j, p, "name");
  if (f.name.empty()) r.fail(p + ".name", "expected a feature name, got an empty string");
  f.unit = r.text(j, p, "unit");
  const double direction = r.number(j, p, "direction");
  if (direction != 1 && direction != -1) r.fail(p + ".direction", "expected 1 or -1, got " + Reader::dump(direction));
  f.direction = static_cast<int>(direction);
  f.weight = r.number(j, p, "weight");
  if (!(f.weight >= 0 && f.weight <= 1e6)) r.fail(p + ".weight", "expected a weight in [0, 1e6], got " + Reader::dump(f.weight));
  f.mean = r.number(j, p, "mean");
  f.sd = r.positive(j, p, "sd");
  f.asymmetry_sd = r.positive(j, p, "asymmetry_sd");
  f.session_sd = r.optional_positive(j, p, "session_sd");
  f.n_subjects = r.integer(j, p, "n_subjects", 1);
  f.n_sessions = r.has(j, "n_sessions") ? r.integer(j, p, "n_sessions", 0) : 0;
  f.n_cycles = r.has(j, "n_cycles") ? r.integer(j, p, "n_cycles", 0) : 0;
  if (r.has(j, "speed_adjustment") && !j.at("speed_adjustment").is_null()) {
    const json& a = j.at("speed_adjustment");
    const std::string q = p + ".speed_adjustment";
    SpeedAdjustment s;
    s.reference_speed_mps = r.positive(a, q, "reference_speed_mps");
    s.slope_per_mps = r.number(a, q, "slope_per_mps");
    s.min_speed_mps = r.number(a, q, "min_speed_mps");
    s.max_speed_mps = r.positive(a, q, "max_speed_mps");
    if (!(s.min_speed_mps >= 0 && s.min_speed_mps <= s.max_speed_mps))
      r.fail(q + ".min_speed_mps", "expected 0 <= min_speed_mps <= max_speed_mps (" + Reader::dump(s.max_speed_mps) +
                                       "), got " + Reader::dump(s.min_speed_mps));
    s.r_squared = r.has(a, "r_squared") ? r.number(a, q, "r_squared") : NaN;
    s.method = r.text(a, q, "method");
    if (!(s.reference_speed_mps >= s.min_speed_mps && s.reference_speed_mps <= s.max_speed_mps))
      r.fail(q + ".reference_speed_mps", "expected a speed within min_speed_mps..max_speed_mps (" + Reader::dump(s.min_speed_mps) +
                                             ".." + Reader::dump(s.max_speed_mps) + "), got " + Reader::dump(s.reference_speed_mps));
    f.speed_adjustment = s;
  }
  const json& prov = r.field(j, p, "provenance");
  const std::string q = p + ".provenance";
  for (const auto& d : r.array(prov, q, "datasets")) {
    if (!d.is_string()) r.fail(q + ".datasets", "expected strings, got " + Reader::type_of(d));
    f.provenance.datasets.push_back(d.get<std::string>());
  }
  if (f.provenance.datasets.empty()) r.fail(q + ".datasets", "expected at least one dataset");
  f.provenance.method = r.text(prov, q, "method");
  const json& synthetic = r.field(prov, q, "synthetic");
  if (!synthetic.is_boolean()) r.fail(q + ".synthetic", "expected true or false, got " + Reader::type_of(synthetic));
  f.provenance.synthetic = synthetic.get<bool>();
  f.provenance.subjects = r.optional_text(prov, q, "subjects");
  f.provenance.notes = r.optional_text(prov, q, "notes");
  return f;
}

CorrelationMatrix read_correlation(const Reader& r, const json& j, const std::string& p) {
  CorrelationMatrix m;
  m.source = r.text(j, p, "source");
  if (std::find(sources.begin(), sources.end(), m.source) == sources.end())
    r.fail(p + ".source", "expected one of foot_imu, shank_imu, insole, force_plate, got '" + m.source + "'");
  m.kind = r.text(j, p, "kind");
  if (m.kind != "score" && m.kind != "asymmetry") r.fail(p + ".kind", "expected 'score' or 'asymmetry', got '" + m.kind + "'");
  for (const auto& name : r.array(j, p, "features")) {
    if (!name.is_string()) r.fail(p + ".features", "expected strings, got " + Reader::type_of(name));
    m.features.push_back(name.get<std::string>());
  }
  const json& rows = r.array(j, p, "matrix");
  if (rows.size() != m.features.size())
    r.fail(p + ".matrix", "expected " + std::to_string(m.features.size()) + " rows (one per feature), got " +
                              std::to_string(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string row_path = p + ".matrix[" + std::to_string(i) + "]";
    if (!rows[i].is_array() || rows[i].size() != m.features.size())
      r.fail(row_path, "expected an array of " + std::to_string(m.features.size()) + " numbers");
    std::vector<double> row;
    for (const auto& v : rows[i]) {
      if (!v.is_number() || !(std::abs(v.get<double>()) <= 1.0))
        r.fail(row_path, "expected correlations in [-1, 1], got " + v.dump());
      row.push_back(v.get<double>());
    }
    m.matrix.push_back(std::move(row));
  }
  // A correlation matrix: names once, symmetric, ones on the diagonal, positive semi-definite (else a
  // weighted sum could get a negative or zero variance and the scores would be meaningless).
  const auto k = static_cast<Index>(m.features.size());
  Eigen::MatrixXd c(k, k);
  for (Index a = 0; a < k; ++a) {
    for (Index b = 0; b < a; ++b)
      if (m.features[static_cast<std::size_t>(a)] == m.features[static_cast<std::size_t>(b)])
        r.fail(p + ".features", "feature '" + m.features[static_cast<std::size_t>(a)] + "' appears twice");
    for (Index b = 0; b < k; ++b) c(a, b) = m.matrix[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)];
  }
  for (Index a = 0; a < k; ++a) {
    if (std::abs(c(a, a) - 1.0) > 1e-6) r.fail(p + ".matrix", "expected 1 on the diagonal, got " + Reader::dump(c(a, a)));
    for (Index b = 0; b < a; ++b)
      if (std::abs(c(a, b) - c(b, a)) > 1e-6) r.fail(p + ".matrix", "expected a symmetric matrix");
  }
  if (k > 0 && Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(c, Eigen::EigenvaluesOnly).eigenvalues().minCoeff() < -1e-6)
    r.fail(p + ".matrix", "expected a positive semi-definite correlation matrix (its smallest eigenvalue is negative)");
  return m;
}

json number_or_null(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

}  // namespace

Norms parse_norms(const std::string& json_text, const std::string& origin) {
  const Reader r(origin);
  json j;
  try {
    j = json::parse(json_text);
  } catch (const json::exception& e) {  // syntax, and numbers out of range (1e400)
    throw FormatError(origin, 0, std::string("not valid JSON: ") + e.what());
  }
  if (!j.is_object()) r.fail("(top level)", "expected an object, got " + Reader::type_of(j));
  const std::string schema = r.text(j, "(top level)", "schema");
  if (schema != "secondheart.norms") r.fail("schema", "expected 'secondheart.norms', got '" + schema + "'");
  const Index version = r.integer(j, "(top level)", "schema_version", 0);
  if (version != norms_schema_version)
    r.fail("schema_version", "this secondheart reads norms schema version " + std::to_string(norms_schema_version) +
                                 ", the file has version " + std::to_string(version));
  Norms n;
  n.origin = origin;
  n.version = r.text(j, "(top level)", "version");
  n.created = r.text(j, "(top level)", "created");
  n.generator = r.text(j, "(top level)", "generator");
  n.description = r.optional_text(j, "(top level)", "description");
  n.rule = read_rule(r, r.field(j, "(top level)", "rule"));
  const json& features = r.array(j, "(top level)", "features");
  if (features.empty()) r.fail("features", "expected at least one feature");
  for (std::size_t i = 0; i < features.size(); ++i) {
    const std::string p = "features[" + std::to_string(i) + "]";
    FeatureNorm f = read_feature(r, features[i], p);
    if (n.find(f.source, f.name)) r.fail(p, "feature '" + f.name + "' of source '" + f.source + "' appears twice");
    n.features.push_back(std::move(f));
  }
  if (r.has(j, "correlations")) {
    const json& list = r.array(j, "(top level)", "correlations");
    for (std::size_t i = 0; i < list.size(); ++i)
      n.correlations.push_back(read_correlation(r, list[i], "correlations[" + std::to_string(i) + "]"));
  }
  return n;
}

Norms load_norms(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FormatError(path, 0, "cannot open the norms file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_norms(text.str(), path);
}

Norms default_norms() { return parse_norms(default_norms_json(), "built-in norms (norms/push_off_norms.json)"); }

std::string norms_to_json(const Norms& n, int indent) {
  json rule = {{"score_mild_z", n.rule.score_mild_z},
               {"score_marked_z", n.rule.score_marked_z},
               {"asymmetry_mild_z", n.rule.asymmetry_mild_z},
               {"asymmetry_marked_z", n.rule.asymmetry_marked_z},
               {"weaker_side_z", n.rule.weaker_side_z},
               {"min_cycles", n.rule.min_cycles},
               {"min_cycles_high_confidence", n.rule.min_cycles_high_confidence},
               {"default_correlation", n.rule.default_correlation}};
  if (!n.rule.description.empty()) rule["description"] = n.rule.description;
  json features = json::array();
  for (const auto& f : n.features) {
    json prov = {{"datasets", f.provenance.datasets}, {"method", f.provenance.method}, {"synthetic", f.provenance.synthetic}};
    if (!f.provenance.subjects.empty()) prov["subjects"] = f.provenance.subjects;
    if (!f.provenance.notes.empty()) prov["notes"] = f.provenance.notes;
    json entry = {{"source", f.source},       {"name", f.name},
                  {"unit", f.unit},           {"direction", f.direction},
                  {"weight", f.weight},       {"mean", f.mean},
                  {"sd", f.sd},               {"asymmetry_sd", f.asymmetry_sd},
                  {"session_sd", number_or_null(f.session_sd)},
                  {"n_subjects", f.n_subjects}, {"n_sessions", f.n_sessions},
                  {"n_cycles", f.n_cycles},   {"provenance", prov}};
    if (f.speed_adjustment) {
      const auto& a = *f.speed_adjustment;
      json adj = {{"reference_speed_mps", a.reference_speed_mps},
                  {"slope_per_mps", a.slope_per_mps},
                  {"min_speed_mps", a.min_speed_mps},
                  {"max_speed_mps", a.max_speed_mps},
                  {"method", a.method}};
      if (std::isfinite(a.r_squared)) adj["r_squared"] = a.r_squared;
      entry["speed_adjustment"] = adj;
    } else {
      entry["speed_adjustment"] = nullptr;
    }
    features.push_back(entry);
  }
  json out = {{"schema", "secondheart.norms"}, {"schema_version", n.schema_version}, {"version", n.version},
              {"created", n.created},          {"generator", n.generator},          {"rule", rule},
              {"features", features}};
  if (!n.description.empty()) out["description"] = n.description;
  if (!n.correlations.empty()) {
    json list = json::array();
    for (const auto& m : n.correlations)
      list.push_back({{"source", m.source}, {"kind", m.kind}, {"features", m.features}, {"matrix", m.matrix}});
    out["correlations"] = list;
  }
  return out.dump(indent);
}

}  // namespace secondheart::assess
