// FeatureSet from a cycle table; readable feature names and numbers for the assessment's sentences.
#include <cmath>
#include <cstdio>
#include <map>

#include "common.hpp"
#include "secondheart/metrics/summary.hpp"

namespace secondheart::assess {

FeatureSet features_from_cycles(const CycleTable& table) {
  return features_from_cycles(table, std::vector<bool>(static_cast<std::size_t>(table.rows()), true));
}

FeatureSet features_from_cycles(const CycleTable& table, const std::vector<bool>& use) {
  SECONDHEART_CHECK(use.size() == static_cast<std::size_t>(table.rows()), "features_from_cycles: expected one `use` "
                    "entry per cycle (", table.rows(), "), got ", use.size());
  FeatureSet set;
  set.source = table.source;
  for (Side side : {Side::Left, Side::Right}) {
    std::vector<Index> rows;
    for (Index r = 0; r < table.rows(); ++r) {
      const Cycle& c = table.cycles[static_cast<std::size_t>(r)];
      if (c.side == side && c.valid() && use[static_cast<std::size_t>(r)]) rows.push_back(r);
    }
    if (rows.empty()) continue;
    for (std::size_t k = 0; k < table.columns.size(); ++k) {
      std::vector<double> values;
      values.reserve(rows.size());
      for (Index r : rows) values.push_back(table.values(r, static_cast<Index>(k)));
      set.add(table.columns[k], side, values);
    }
    if (table.has_column("gait_speed_mps")) {
      const FeatureValues* speed = set.find("gait_speed_mps", side);
      set.gait_speed_mps[side == Side::Left ? 0 : 1] = metrics::quantile(speed->values, 0.5);
    }
  }
  return set;
}

namespace detail {

std::string feature_label(const std::string& name) {
  static const std::map<std::string, std::string> known = {
      {"toe_off_angle_deg", "toe-off angle"},
      {"heel_strike_angle_deg", "heel-strike angle"},
      {"peak_push_off_angular_velocity_dps", "peak push-off angular velocity"},
      {"push_off_duration_s", "push-off duration"},
      {"foot_pitch_rom_deg", "foot pitch range"},
      {"ankle_rom_deg", "ankle range of motion"},
      {"ankle_peak_plantarflexion_deg", "peak plantarflexion"},
      {"shank_toe_off_rate_dps", "shank rotation rate at toe-off"},
      {"f1_bw", "loading peak F1"},
      {"f2_bw", "push-off peak F2"},
      {"f2_f1_ratio", "F2/F1"},
      {"forefoot_impulse_pct", "forefoot share of impulse"},
      {"unloading_rate_f2_per_s", "unloading rate after F2"},
      {"cop_travel_pct", "centre-of-pressure travel"},
      {"valley_bw", "mid-stance valley"},
      {"propulsive_peak_bw", "propulsive peak"},
      {"cop_ap_length", "centre-of-pressure path"},
  };
  if (const auto it = known.find(name); it != known.end()) return it->second;
  std::string label = name;
  for (const char* suffix : {"_deg", "_dps", "_s", "_bw", "_pct", "_per_s", "_mps", "_m"}) {
    const std::string s(suffix);
    if (label.size() > s.size() && label.compare(label.size() - s.size(), s.size(), s) == 0) {
      label.resize(label.size() - s.size());
      break;
    }
  }
  for (char& c : label)
    if (c == '_') c = ' ';
  return label;
}

std::string unit_mismatch(const FeatureNorm& norm, double value) {
  const double ratio = norm.mean != 0 ? value / norm.mean : NaN;
  const auto& n = norm.name;
  auto ends = [&](const std::string& s) { return n.size() > s.size() && n.compare(n.size() - s.size(), s.size(), s) == 0; };
  if (ends("_bw") && std::abs(value) > 40 && std::abs(value) < 300 && std::isfinite(ratio) && std::abs(ratio) > 40 &&
      std::abs(ratio) < 160)
    return "it looks like percent of body weight; expected body weights (" + format_value(value / 100) + ")";
  if (ends("_bw") && std::abs(value) > 20)
    return "it looks like newtons; expected body weights (force / (body mass · g)), healthy about " + format_value(norm.mean);
  if ((ends("_deg") || ends("_dps")) && std::isfinite(ratio) && std::abs(ratio) > 1.0 / 80 && std::abs(ratio) < 1.0 / 40)
    return "it looks like radians; expected degrees";
  if (ends("_pct") && std::isfinite(ratio) && std::abs(ratio) > 0.005 && std::abs(ratio) < 0.02)
    return "it looks like a fraction; expected percent";
  return "";
}

std::string unit_label(const std::string& name) {
  auto ends = [&](const std::string& s) {
    return name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  if (ends("_per_s")) return "/s";
  if (ends("_deg")) return "deg";
  if (ends("_dps")) return "deg/s";
  if (ends("_mps")) return "m/s";
  if (ends("_bw")) return "BW";
  if (ends("_pct")) return "%";
  if (ends("_s")) return "s";
  if (ends("_m")) return "m";
  return "";
}

std::string format_value(double value) {
  if (!std::isfinite(value)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, std::abs(value) >= 100 && std::abs(value) < 1e6 ? "%.0f" : "%.3g", value);
  std::string out = buf;
  if (out == "-0") out = "0";
  return out;
}

}  // namespace detail
}  // namespace secondheart::assess
