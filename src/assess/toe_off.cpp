// assess_toe_off: features -> directed z against the norms -> side scores and the asymmetry ->
// poor_toe_off per side, the weaker side, confidence, evidence and a plain sentence.
#include "secondheart/assess/toe_off.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "common.hpp"
#include "secondheart/core/error.hpp"

namespace secondheart::assess {
namespace {
using detail::feature_label;
using detail::format_value;
using detail::unit_label;

std::size_t index_of(Side side) { return side == Side::Left ? 0 : 1; }

std::string norm_text(const FeatureAssessment& f) {
  std::ostringstream out;
  out << "healthy";
  if (f.speed_adjusted) out << " at " << format_value(f.norm_speed_mps) << " m/s";
  out << ": " << format_value(f.norm_mean) << " ± " << format_value(f.norm_sd);
  const std::string unit = unit_label(f.name);
  if (!unit.empty()) out << ' ' << unit;
  return out.str();
}

std::string with_unit(double value, const std::string& name) {
  const std::string unit = unit_label(name);
  return format_value(value) + (unit.empty() ? "" : (unit == "%" ? "%" : " " + unit));
}

struct SideWork {
  std::vector<detail::SideValue> values;  // every feature with a norm and a finite value
};

}  // namespace

std::string describe_rule(const AssessmentRule& r) {
  std::ostringstream out;
  out << "A side's push-off score (N(0, 1) in healthy people, low = weak) and the standardised left/right "
         "score difference decide. Marked: score < "
      << r.score_marked_z << ", or the side weaker by more than " << r.asymmetry_marked_z
      << " healthy SDs, or both mild criteria. Mild: score < " << r.score_mild_z << ", or the side weaker by more than "
      << r.asymmetry_mild_z << " healthy SDs. A weaker side is named when the difference exceeds " << r.weaker_side_z
      << " healthy SDs.";
  return out.str();
}

ToeOffAssessment assess_toe_off(const FeatureSet& set, const Norms& norms) {
  SECONDHEART_CHECK(!set.source.empty(),
                    "assess_toe_off: expected the features' source (foot_imu, shank_imu, insole or force_plate), got an "
                    "empty string");
  const AssessmentRule& rule = norms.rule;
  ToeOffAssessment out;
  out.source = set.source;
  out.norms_version = norms.version;
  out.rule = describe_rule(rule);
  out.thresholds = rule;
  out.sides[0].side = Side::Left;
  out.sides[1].side = Side::Right;

  // 1. Each feature with a norm, per side, as a directed z.
  std::array<SideWork, 2> work;
  bool any_norm_feature = false;
  for (const FeatureNorm& norm : norms.features) {
    if (norm.source != set.source) continue;
    for (Side side : {Side::Left, Side::Right}) {
      const FeatureValues* fv = set.find(norm.name, side);
      if (!fv) continue;
      any_norm_feature = true;
      detail::SideValue v = detail::standardise(norm, fv->values, set.speed(side));
      if (v.sample.n == 0) {
        out.flags.push_back({"feature_without_values", side,
                             norm.name + " has no finite value on the " + std::string(to_string(side)) + " side: skipped"});
        continue;
      }
      // Not a push-off in this unit and convention (another unit, a flipped sign, "stronger" than
      // anybody): skipped with the reason. A very weak value with no such reason is a very weak push-off
      // (pp03's paretic foot) and is kept, flagged when it lies beyond any healthy value.
      if (const std::string why = detail::implausible(norm, v.sample.median, v.raw_z); !why.empty()) {
        out.flags.push_back({"implausible_feature", side,
                             norm.name + " = " + format_value(v.sample.median) + " on the " +
                                 std::string(to_string(side)) + " side: " + why + "; skipped"});
        continue;
      }
      if (v.raw_z < -detail::max_abs_z)
        out.flags.push_back({"extreme_feature", side,
                             norm.name + " = " + format_value(v.sample.median) + " on the " + std::string(to_string(side)) +
                                 " side is " + format_value(-v.raw_z) +
                                 " healthy SDs weaker than the norm: kept as a very weak push-off (check the unit if "
                                 "that is unexpected)"});
      if (std::isfinite(set.speed(side)) && !std::isfinite(detail::usable_speed(set.speed(side))))
        out.flags.push_back({"implausible_speed", side,
                             "gait speed " + format_value(set.speed(side)) +
                                 " is not a walking speed in m/s (expected 0-4): norms read without speed"});
      else if (norm.speed_adjustment && v.speed_adjusted &&
               (set.speed(side) < norm.speed_adjustment->min_speed_mps ||
                set.speed(side) > norm.speed_adjustment->max_speed_mps))
        out.flags.push_back({"speed_outside_norms", side,
                             norm.name + ": gait speed " + format_value(set.speed(side)) +
                                 " m/s is outside the speeds the healthy norm was fitted on (" +
                                 format_value(norm.speed_adjustment->min_speed_mps) + "-" +
                                 format_value(norm.speed_adjustment->max_speed_mps) + " m/s): compared with the norm at " +
                                 format_value(std::clamp(set.speed(side), norm.speed_adjustment->min_speed_mps,
                                                         norm.speed_adjustment->max_speed_mps)) +
                                 " m/s",
                             FlagSeverity::Info});
      if (norm.speed_adjustment && !v.speed_adjusted)
        out.flags.push_back({"norm_not_speed_adjusted", side,
                             norm.name + ": gait speed unknown, compared with the healthy norm at " +
                                 format_value(norm.speed_adjustment->reference_speed_mps) + " m/s",
                             FlagSeverity::Info});
      FeatureAssessment fa;
      fa.name = norm.name;
      fa.side = side;
      fa.n_cycles = v.sample.n;
      fa.value = v.sample.median;
      fa.iqr = v.sample.iqr;
      fa.median_se = v.sample.median_se;
      fa.norm_mean = v.norm_mean;
      fa.norm_sd = norm.sd;
      fa.speed_adjusted = v.speed_adjusted;
      fa.norm_speed_mps = v.norm_speed_mps;
      fa.z = v.z;
      fa.percentile = 100.0 * normal_cdf(v.z);
      fa.weight = norm.weight;
      fa.direction = norm.direction;
      out.features.push_back(fa);
      work[index_of(side)].values.push_back(v);
    }
  }
  if (!any_norm_feature) {
    std::string known;
    for (const FeatureNorm& norm : norms.features)
      if (norm.source == set.source) known += (known.empty() ? "" : ", ") + norm.name;
    out.flags.push_back({"no_assessable_features", std::nullopt,
                         known.empty() ? "the norms (" + norms.version + ") hold no feature of source '" + set.source + "'"
                                       : "none of the features the norms know for " + set.source + " is present (" + known + ")"});
  }

  // 2. Side scores: the weighted z, standardised.
  for (Side side : {Side::Left, Side::Right}) {
    SideAssessment& sa = out.sides[index_of(side)];
    std::vector<std::string> names;
    std::vector<double> weights, z, z_se;
    for (const auto& v : work[index_of(side)].values) {
      if (v.norm->weight <= 0) continue;
      names.push_back(v.norm->name);
      weights.push_back(v.norm->weight);
      z.push_back(std::max(v.z, -detail::max_abs_z));
      z_se.push_back(v.z_se);
      sa.n_cycles = std::max(sa.n_cycles, v.sample.n);
    }
    const detail::Combination score = detail::combine(norms, set.source, "score", names, weights, z, z_se);
    sa.n_features = static_cast<Index>(names.size());
    sa.assessed = std::isfinite(score.value);
    sa.push_off_score = score.value;
    sa.score_se = score.se;
    sa.percentile = 100.0 * normal_cdf(score.value);
  }
  // A scored feature on one side only: the two scores rest on different features.
  for (const auto& v : work[0].values) {
    if (v.norm->weight <= 0) continue;
    const bool both = std::any_of(work[1].values.begin(), work[1].values.end(),
                                  [&](const detail::SideValue& r) { return r.norm == v.norm; });
    if (!both && out.sides[1].assessed)
      out.flags.push_back({"feature_one_side_only", Side::Left,
                           v.norm->name + " only on the left: the two sides' scores rest on different features"});
  }
  for (const auto& v : work[1].values) {
    if (v.norm->weight <= 0) continue;
    const bool both = std::any_of(work[0].values.begin(), work[0].values.end(),
                                  [&](const detail::SideValue& l) { return l.norm == v.norm; });
    if (!both && out.sides[0].assessed)
      out.flags.push_back({"feature_one_side_only", Side::Right,
                           v.norm->name + " only on the right: the two sides' scores rest on different features"});
  }
  // Norms from the synthetic walker are a model, not measured people: say so with every result.
  std::string synthetic;
  for (const auto& side_work : work)
    for (const auto& v : side_work.values)
      if (v.norm->weight > 0 && v.norm->provenance.synthetic && synthetic.find(v.norm->name) == std::string::npos)
        synthetic += (synthetic.empty() ? "" : ", ") + v.norm->name;
  if (!synthetic.empty())
    out.flags.push_back({"synthetic_norms", std::nullopt,
                         "the norms of " + synthetic +
                             " come from the synthetic walker, not from measured healthy people (norms/README.md)",
                         FlagSeverity::Info});
  if (any_norm_feature && !out.assessed())
    out.flags.push_back({"no_assessable_features", std::nullopt,
                         "no scored feature of " + set.source + " has a usable value on either side: push-off not assessed"});
  for (Side side : {Side::Left, Side::Right})
    if (out.assessed() && !out.side(side).assessed)
      out.flags.push_back({"side_not_assessed", side,
                           "no scored feature on the " + std::string(to_string(side)) +
                               " side: no score and no left/right comparison"});

  // 3. Asymmetry per feature and of the score.
  {
    std::vector<std::string> names;
    std::vector<double> weights, d, d_se;
    for (const auto& lv : work[0].values) {
      const auto rv = std::find_if(work[1].values.begin(), work[1].values.end(),
                                   [&](const detail::SideValue& v) { return v.norm == lv.norm; });
      if (rv == work[1].values.end()) continue;
      const FeatureNorm& norm = *lv.norm;
      FeatureAsymmetry fa;
      fa.name = norm.name;
      fa.left = lv.sample.median;
      fa.right = rv->sample.median;
      fa.difference = fa.left - fa.right;
      const detail::Interval ci = detail::difference_interval(rv->sample, lv.sample);  // left − right
      fa.difference_ci_low = ci.low;
      fa.difference_ci_high = ci.high;
      const double se = std::hypot(lv.sample.median_se, rv->sample.median_se);
      const double raw = norm.direction * fa.difference / norm.asymmetry_sd;
      fa.z = predictive_z(raw, norm.n_subjects);
      const double typical = norm.mean_at(detail::usable_speed(0.5 * (set.speed(Side::Left) + set.speed(Side::Right))));
      const bool ratio_scale = std::abs(typical) >= 2.0 * norm.sd && fa.left * fa.right > 0;
      if (ratio_scale) fa.asymmetry_index_percent = 100.0 * fa.difference / (0.5 * (std::abs(fa.left) + std::abs(fa.right)));
      out.asymmetry.push_back(fa);
      if (norm.weight > 0) {
        names.push_back(norm.name);
        weights.push_back(norm.weight);
        d.push_back(std::clamp(fa.z, -detail::max_abs_z, detail::max_abs_z));
        d_se.push_back(detail::predictive_se(raw, se / norm.asymmetry_sd, norm.n_subjects));
      }
    }
    const detail::Combination asym = detail::combine(norms, set.source, "asymmetry", names, weights, d, d_se);
    out.score_asymmetry_z = asym.value;
    if (std::isfinite(asym.se)) {
      out.score_asymmetry_ci_low = asym.value - 1.96 * asym.se;
      out.score_asymmetry_ci_high = asym.value + 1.96 * asym.se;
    }
  }

  // 4. The rule.
  const double D = out.score_asymmetry_z;
  for (Side side : {Side::Left, Side::Right}) {
    SideAssessment& sa = out.sides[index_of(side)];
    if (!sa.assessed) continue;
    const double toward = side == Side::Right ? D : -D;  // > 0: this side is the weaker one
    const bool low_mild = sa.push_off_score < rule.score_mild_z;
    const bool low_marked = sa.push_off_score < rule.score_marked_z;
    const bool asym_mild = toward > rule.asymmetry_mild_z;
    const bool asym_marked = toward > rule.asymmetry_marked_z;
    sa.poor_toe_off = (low_marked || asym_marked || (low_mild && asym_mild)) ? Severity::Marked
                      : (low_mild || asym_mild)                             ? Severity::Mild
                                                                            : Severity::None;
    if (static_cast<int>(sa.poor_toe_off) > static_cast<int>(out.poor_toe_off)) out.poor_toe_off = sa.poor_toe_off;
  }
  if (std::abs(D) > rule.weaker_side_z) out.weaker_side = D > 0 ? Side::Right : Side::Left;

  // 5. Evidence: what drove each flagged side, and the weaker side's asymmetry.
  for (Side side : {Side::Left, Side::Right}) {
    SideAssessment& sa = out.sides[index_of(side)];
    if (!sa.assessed) continue;
    const bool flagged = sa.poor_toe_off != Severity::None;
    const bool weaker = out.weaker_side && *out.weaker_side == side;
    if (!flagged && !weaker) continue;
    for (const FeatureAssessment& f : out.features) {
      if (f.side != side || f.weight <= 0) continue;
      const FeatureAssessment* other = nullptr;
      for (const FeatureAssessment& g : out.features)
        if (g.name == f.name && g.side != side) other = &g;
      if (flagged && sa.push_off_score < rule.score_mild_z && f.z < -1.0) {
        Evidence e;
        e.feature = f.name;
        e.side = side;
        e.kind = "below_norm";
        e.value = f.value;
        e.other_side = other ? other->value : NaN;
        e.norm_mean = f.norm_mean;
        e.norm_sd = f.norm_sd;
        e.threshold = f.norm_mean + f.direction * rule.score_mild_z * f.norm_sd;
        e.z = f.z;
        e.text = feature_label(f.name) + " " + with_unit(f.value, f.name) + " (" + norm_text(f) + "; z " +
                 format_value(f.z) + ": weaker than " +
                 (f.percentile < 0.1 ? std::string("99.9") + "+" : format_value(100.0 - f.percentile)) + " % of healthy people)";
        sa.evidence.push_back(e);
      }
      if (other) {
        const auto asym = std::find_if(out.asymmetry.begin(), out.asymmetry.end(),
                                       [&](const FeatureAsymmetry& a) { return a.name == f.name; });
        const double toward = side == Side::Right ? asym->z : -asym->z;
        if (toward > 1.0 && (weaker || toward > rule.asymmetry_mild_z)) {
          const FeatureNorm* norm = norms.find(set.source, f.name);
          Evidence e;
          e.feature = f.name;
          e.side = side;
          e.kind = "asymmetry";
          e.value = f.value;
          e.other_side = other->value;
          e.norm_mean = f.norm_mean;
          e.norm_sd = f.norm_sd;
          e.threshold = other->value - f.direction * rule.asymmetry_mild_z * norm->asymmetry_sd;
          e.z = toward;
          e.text = feature_label(f.name) + " " + with_unit(f.value, f.name) + " vs " + with_unit(other->value, f.name) +
                   " on the " + std::string(to_string(other->side)) + " (" + norm_text(f) +
                   "; healthy left/right difference SD " + with_unit(norm->asymmetry_sd, f.name) + ")";
          sa.evidence.push_back(e);
        }
      }
    }
    std::stable_sort(sa.evidence.begin(), sa.evidence.end(), [](const Evidence& a, const Evidence& b) {
      return std::abs(a.z) > std::abs(b.z);
    });
  }

  // 6. Confidence: enough cycles, and a decision that does not flip within the intervals.
  Index n_min = -1;
  bool has_spread = true;
  for (const SideAssessment& sa : out.sides)
    if (sa.assessed) {
      n_min = n_min < 0 ? sa.n_cycles : std::min(n_min, sa.n_cycles);
      has_spread = has_spread && std::isfinite(sa.score_se);
    }
  auto crosses = [](double value, double se, double threshold) {
    if (!std::isfinite(value)) return false;
    const double margin = std::isfinite(se) ? 1.96 * se : 0.5;  // no spread: half a healthy SD
    return std::abs(value - threshold) < margin;
  };
  bool borderline = false;
  std::string near;
  for (const SideAssessment& sa : out.sides) {
    if (!sa.assessed) continue;
    if (crosses(sa.push_off_score, sa.score_se, rule.score_mild_z)) {
      borderline = true;
      near = std::string(to_string(sa.side)) + " score near its threshold";
    }
  }
  const double d_se = (out.score_asymmetry_ci_high - out.score_asymmetry_ci_low) / (2 * 1.96);
  if (crosses(std::abs(D), d_se, rule.weaker_side_z) || crosses(std::abs(D), d_se, rule.asymmetry_mild_z)) {
    borderline = true;
    near = "left/right difference near its threshold";
  }
  std::ostringstream reason;
  if (!out.assessed()) {
    out.confidence = Confidence::Low;
    reason << "not assessed";
  } else {
    if (n_min <= 1)
      reason << "summary values (no stride-to-stride spread)";
    else
      reason << n_min << (n_min == 1 ? " cycle" : " cycles") << (out.sides[0].assessed && out.sides[1].assessed ? " per side" : "");
    const Index features = std::max(out.sides[0].n_features, out.sides[1].n_features);
    if (n_min > 1 && n_min < rule.min_cycles) {
      out.confidence = Confidence::Low;
      reason << ", fewer than " << rule.min_cycles;
    } else if (borderline) {
      out.confidence = n_min > 1 ? Confidence::Moderate : Confidence::Low;
      reason << ", " << near;
    } else if (n_min >= rule.min_cycles_high_confidence && features >= 2 && has_spread) {
      out.confidence = Confidence::High;
      reason << ", consistent";
    } else {
      out.confidence = Confidence::Moderate;
      reason << (features < 2 ? ", a single feature" : n_min > 1 && n_min < rule.min_cycles_high_confidence ? ", consistent" : "");
    }
    if (!out.sides[0].assessed || !out.sides[1].assessed) reason << ", one side only";
  }
  out.confidence_reason = reason.str();

  // 7. The answer in plain words.
  std::ostringstream s;
  const char* severity_word[] = {"within the healthy range", "mild", "marked"};
  if (!out.assessed()) {
    s << set.source << ": push-off not assessed (" << (out.flags.empty() ? "no usable feature" : out.flags.front().message) << ")";
  } else {
    auto top_evidence = [&](const SideAssessment& sa) -> const Evidence* {
      return sa.evidence.empty() ? nullptr : &sa.evidence.front();
    };
    if (out.weaker_side) {
      const Side w = *out.weaker_side;
      const SideAssessment& sa = out.side(w);
      s << to_string(w) << " push-off weaker than " << to_string(other(w));
      if (const Evidence* e = top_evidence(sa)) {
        const FeatureAssessment* f = nullptr;
        for (const auto& g : out.features)
          if (g.name == e->feature && g.side == w) f = &g;
        s << ": " << feature_label(e->feature) << " " << with_unit(e->value, e->feature);
        if (std::isfinite(e->other_side)) s << " vs " << with_unit(e->other_side, e->feature);
        if (f) s << " (" << norm_text(*f) << ")";
      }
      s << "; " << (sa.poor_toe_off == Severity::None ? "not poor by the rule" : severity_word[static_cast<int>(sa.poor_toe_off)]);
    } else if (out.poor_toe_off != Severity::None) {
      const bool both = out.sides[0].poor_toe_off != Severity::None && out.sides[1].poor_toe_off != Severity::None;
      const Side worst = out.sides[0].push_off_score <= out.sides[1].push_off_score || !out.sides[1].assessed ? Side::Left : Side::Right;
      s << (both ? "push-off below healthy on both sides, no clear weaker side"
                 : std::string(to_string(worst)) + " push-off below healthy, the other side similar");
      if (const Evidence* e = top_evidence(out.side(worst))) s << ": " << e->text;
      s << "; " << severity_word[static_cast<int>(out.poor_toe_off)];
    } else {
      s << "push-off within the healthy range";
      if (out.sides[0].assessed && out.sides[1].assessed) s << " on both sides, no clear weaker side";
    }
    s << " (score left " << format_value(out.sides[0].push_off_score) << ", right " << format_value(out.sides[1].push_off_score)
      << "); " << out.confidence_reason;
  }
  out.summary = s.str();
  return out;
}

}  // namespace secondheart::assess
