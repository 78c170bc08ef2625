// compare_sessions: per side, each feature's change with a 95 % interval from both sessions'
// stride-to-stride spread, against the minimal detectable change from the norms' session SD.
#include "secondheart/assess/compare.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "common.hpp"
#include "secondheart/core/error.hpp"

namespace secondheart::assess {
namespace {
using detail::feature_label;
using detail::format_value;

constexpr double mdc_factor = 1.959963984540054 * 1.4142135623730951;  // z(0.975) · √2

/// "stronger"/"weaker" only beyond the minimal detectable change (and beyond the interval when there is
/// one); without an MDC an interval that excludes zero says only that the sessions differ beyond
/// stride-to-stride noise ("differs_mdc_unknown"); with neither, nothing can be said ("undetermined").
std::string verdict(const FeatureChange& c, int direction) {
  const bool has_interval = std::isfinite(c.ci_low);
  if (std::isfinite(c.mdc)) return c.exceeds_mdc ? (direction * c.change > 0 ? "stronger" : "weaker") : "no_detectable_change";
  if (has_interval) return c.interval_excludes_zero ? "differs_mdc_unknown" : "no_detectable_change";
  return "undetermined";
}

/// Beyond the MDC, and beyond the interval when the sessions have stride-to-stride spread.
bool beyond_mdc(const FeatureChange& c) {
  return std::isfinite(c.mdc) && std::abs(c.change) > c.mdc && (!std::isfinite(c.ci_low) || c.interval_excludes_zero);
}

}  // namespace

SessionComparison compare_sessions(const FeatureSet& before, const FeatureSet& after, const Norms& norms) {
  SECONDHEART_CHECK(!before.source.empty() && !after.source.empty(),
                    "compare_sessions: expected both feature sets to name their source, got '", before.source, "' and '",
                    after.source, "'");
  SECONDHEART_CHECK(before.source == after.source, "compare_sessions: expected two sessions of the same sensor kind, got '",
                    before.source, "' before and '", after.source, "' after");
  SessionComparison out;
  out.source = before.source;
  std::ostringstream summary;
  for (Side side : {Side::Left, Side::Right}) {
    std::vector<FeatureChange> features;
    // For the score: the features both sessions have on this side.
    std::vector<std::string> names;
    std::vector<double> weights, z_before, z_after, se_before, se_after, session_z_sd;
    for (const FeatureNorm& norm : norms.features) {
      if (norm.source != out.source) continue;
      const FeatureValues* a = before.find(norm.name, side);
      const FeatureValues* b = after.find(norm.name, side);
      if (!a || !b) continue;
      const detail::SideValue va = detail::standardise(norm, a->values, before.speed(side));
      const detail::SideValue vb = detail::standardise(norm, b->values, after.speed(side));
      if (va.sample.n == 0 || vb.sample.n == 0) continue;
      FeatureChange c;
      c.name = norm.name;
      c.side = side;
      c.n_before = va.sample.n;
      c.n_after = vb.sample.n;
      c.before = va.sample.median;
      c.after = vb.sample.median;
      c.change = c.after - c.before;
      const detail::Interval ci = detail::difference_interval(va.sample, vb.sample);
      c.ci_low = ci.low;
      c.ci_high = ci.high;
      c.interval_excludes_zero = c.ci_low > 0 || c.ci_high < 0;
      c.mdc = mdc_factor * norm.session_sd;  // NaN when unknown
      c.exceeds_mdc = beyond_mdc(c);
      c.verdict = verdict(c, norm.direction);
      features.push_back(c);
      if (norm.weight > 0 && detail::implausible(norm, va.sample.median, va.raw_z).empty() &&
          detail::implausible(norm, vb.sample.median, vb.raw_z).empty()) {
        names.push_back(norm.name);
        weights.push_back(norm.weight);
        z_before.push_back(std::max(va.z, -detail::max_abs_z));
        z_after.push_back(std::max(vb.z, -detail::max_abs_z));
        se_before.push_back(va.z_se);
        se_after.push_back(vb.z_se);
        session_z_sd.push_back(norm.session_sd / norm.sd);
      }
    }
    if (features.empty()) continue;
    const auto sb = detail::combine(norms, out.source, "score", names, weights, z_before, se_before);
    const auto sa = detail::combine(norms, out.source, "score", names, weights, z_after, se_after);
    FeatureChange score;
    score.name = "push_off_score";
    score.side = side;
    for (const auto& f : features) {
      score.n_before = std::max(score.n_before, f.n_before);
      score.n_after = std::max(score.n_after, f.n_after);
    }
    score.before = sb.value;
    score.after = sa.value;
    score.change = sa.value - sb.value;
    const double se = std::hypot(sb.se, sa.se);
    if (std::isfinite(se)) {
      score.ci_low = score.change - 1.96 * se;
      score.ci_high = score.change + 1.96 * se;
      score.interval_excludes_zero = score.ci_low > 0 || score.ci_high < 0;
    }
    // The score's between-session SD: the same standardised combination of the features' session SDs.
    const auto session = detail::combine(norms, out.source, "score", names, weights, std::vector<double>(names.size(), 0.0),
                                         session_z_sd);
    score.mdc = mdc_factor * session.se;
    score.exceeds_mdc = beyond_mdc(score);
    score.verdict = verdict(score, +1);
    if (!names.empty()) {
      out.changes.push_back(score);
      summary << (summary.tellp() > 0 ? "; " : "") << to_string(side) << " push-off score " << format_value(score.before)
              << " -> " << format_value(score.after) << " (change " << format_value(score.change);
      if (std::isfinite(score.ci_low)) summary << ", 95% CI " << format_value(score.ci_low) << " to " << format_value(score.ci_high);
      if (std::isfinite(score.mdc)) summary << ", MDC " << format_value(score.mdc);
      std::string words = score.verdict;
      std::replace(words.begin(), words.end(), '_', ' ');
      summary << "): " << words;
      std::string detected;
      for (const auto& f : features)
        if (f.verdict == "stronger" || f.verdict == "weaker") detected += (detected.empty() ? "" : ", ") + feature_label(f.name) + " " + f.verdict;
      if (!detected.empty()) summary << " [" << detected << "]";
    }
    out.changes.insert(out.changes.end(), features.begin(), features.end());
  }
  if (out.changes.empty()) {
    out.flags.push_back({"no_common_features", std::nullopt,
                         "the two sessions share no feature with a norm for source '" + out.source + "': nothing to compare"});
    summary << out.source << ": nothing to compare (no common feature)";
  }
  out.summary = summary.str();
  return out;
}

}  // namespace secondheart::assess
