#include <cmath>
#include <nlohmann/json.hpp>

#include "secondheart/io/report.hpp"
#include "secondheart/version.hpp"

namespace secondheart::io {
namespace {
using nlohmann::json;

json number(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }
double seconds(Index sample, double fs) { return sample >= 0 && fs > 0 ? static_cast<double>(sample) / fs : NaN; }

json flags_json(const QualityFlags& flags) {
  json out = json::array();
  for (const auto& flag : flags)
    out.push_back({{"code", flag.code},
                   {"side", flag.side ? json(std::string(to_string(*flag.side))) : json(nullptr)},
                   {"message", flag.message},
                   {"severity", std::string(to_string(flag.severity))}});
  return out;
}

json result_json(const PipelineResult& result) {
  const CycleTable& table = result.cycles;
  json events = json::object();
  for (const auto& ev : result.events) {
    auto times = [&](const std::vector<Index>& samples) {
      json list = json::array();
      for (Index s : samples) list.push_back(seconds(s, ev.sampling_rate_hz));
      return list;
    };
    events[std::string(to_string(ev.side))] = {
        {"ic_s", times(ev.ic)}, {"fc_s", times(ev.fc)}, {"ho_s", times(ev.ho)}, {"ms_s", times(ev.ms)}};
  }
  json cycles = json::array();
  for (Index r = 0; r < table.rows(); ++r) {
    const Cycle& c = table.cycles[static_cast<std::size_t>(r)];
    json metrics = json::object();
    for (std::size_t k = 0; k < table.columns.size(); ++k)
      metrics[table.columns[k]] = number(table.values(r, static_cast<Index>(k)));
    cycles.push_back({{"side", std::string(to_string(c.side))},
                      {"ic_s", number(seconds(c.ic, table.sampling_rate_hz))},
                      {"next_ic_s", number(seconds(c.next_ic, table.sampling_rate_hz))},
                      {"fc_s", number(seconds(c.fc, table.sampling_rate_hz))},
                      {"ho_s", number(seconds(c.ho, table.sampling_rate_hz))},
                      {"status", std::string(to_string(c.status))},
                      {"metrics", metrics}});
  }
  const auto summaries = metrics::summarize(table);
  json summary = json::array();
  for (const auto& s : summaries) {
    metrics::MetricSummary left, right;
    for (const auto& other : summaries)
      if (other.metric == s.metric) (other.side == Side::Left ? left : right) = other;
    summary.push_back({{"metric", s.metric},
                       {"side", std::string(to_string(s.side))},
                       {"n_cycles", s.n_cycles},
                       {"median", number(s.median)},
                       {"iqr", number(s.iqr)},
                       {"cv_percent", number(s.cv_percent)},
                       {"asymmetry_index_percent", number(metrics::summary_asymmetry_index_percent(left, right))}});
  }
  return {{"source", table.source},
          {"events", events},
          {"cycles", cycles},
          {"summary", summary},
          {"flags", flags_json(result.flags)}};
}
json evidence_json(const assess::Evidence& e) {
  return {{"feature", e.feature},        {"side", std::string(to_string(e.side))},
          {"kind", e.kind},              {"value", number(e.value)},
          {"other_side", number(e.other_side)}, {"norm_mean", number(e.norm_mean)},
          {"norm_sd", number(e.norm_sd)},   {"threshold", number(e.threshold)},
          {"z", number(e.z)},            {"text", e.text}};
}

json assessment_json(const assess::ToeOffAssessment& a) {
  json sides = json::array();
  for (const auto& s : a.sides) {
    json evidence = json::array();
    for (const auto& e : s.evidence) evidence.push_back(evidence_json(e));
    sides.push_back({{"side", std::string(to_string(s.side))},
                     {"assessed", s.assessed},
                     {"n_cycles", s.n_cycles},
                     {"n_features", s.n_features},
                     {"push_off_score", number(s.push_off_score)},
                     {"score_se", number(s.score_se)},
                     {"percentile", number(s.percentile)},
                     {"poor_toe_off", std::string(to_string(s.poor_toe_off))},
                     {"evidence", evidence}});
  }
  json features = json::array();
  for (const auto& f : a.features)
    features.push_back({{"name", f.name},
                        {"side", std::string(to_string(f.side))},
                        {"n_cycles", f.n_cycles},
                        {"value", number(f.value)},
                        {"iqr", number(f.iqr)},
                        {"norm_mean", number(f.norm_mean)},
                        {"norm_sd", number(f.norm_sd)},
                        {"speed_adjusted", f.speed_adjusted},
                        {"norm_speed_mps", number(f.norm_speed_mps)},
                        {"z", number(f.z)},
                        {"percentile", number(f.percentile)},
                        {"weight", f.weight}});
  json asymmetry = json::array();
  for (const auto& f : a.asymmetry)
    asymmetry.push_back({{"name", f.name},
                         {"left", number(f.left)},
                         {"right", number(f.right)},
                         {"difference", number(f.difference)},
                         {"difference_ci", {number(f.difference_ci_low), number(f.difference_ci_high)}},
                         {"z", number(f.z)},
                         {"asymmetry_index_percent", number(f.asymmetry_index_percent)}});
  return {{"source", a.source},
          {"norms_version", a.norms_version},
          {"summary", a.summary},
          {"poor_toe_off", std::string(to_string(a.poor_toe_off))},
          {"weaker_side", a.weaker_side ? json(std::string(to_string(*a.weaker_side))) : json("none")},
          {"confidence", std::string(to_string(a.confidence))},
          {"confidence_reason", a.confidence_reason},
          {"score_asymmetry_z", number(a.score_asymmetry_z)},
          {"score_asymmetry_ci", {number(a.score_asymmetry_ci_low), number(a.score_asymmetry_ci_high)}},
          {"rule", a.rule},
          {"sides", sides},
          {"features", features},
          {"asymmetry", asymmetry},
          {"flags", flags_json(a.flags)}};
}

json activity_json(const activity::ActivityResult& a) {
  using namespace activity;
  json bouts = json::array();
  for (const auto& b : a.bouts)
    bouts.push_back({{"start_s", b.start_s},
                     {"end_s", b.end_s},
                     {"duration_s", b.duration_s()},
                     {"strides", b.strides},
                     {"steps", b.steps},
                     {"steps_estimated", b.steps_estimated},
                     {"cadence_spm", number(b.cadence_spm)},
                     {"median_speed_mps", number(b.median_speed_mps)},
                     {"turn_strides", b.turn_strides},
                     {"calf_intensive_strides", b.calf_intensive_strides},
                     {"source", b.source}});
  json postures = json::array();
  for (const auto& p : a.postures)
    postures.push_back({{"start_s", p.start_s},
                        {"end_s", p.end_s},
                        {"duration_s", p.duration_s()},
                        {"posture", std::string(to_string(p.posture))},
                        {"load_bw", number(p.load_bw)},
                        {"shank_inclination_deg", number(p.shank_inclination_deg)},
                        {"source", p.source}});
  json exercises = json::array();
  for (const auto& e : a.exercises) {
    json reps = json::array();
    for (const auto& r : e.reps)
      reps.push_back({{"start_s", r.start_s},
                      {"top_s", r.top_s},
                      {"end_s", r.end_s},
                      {"amplitude", number(r.amplitude)},
                      {"hold_s", number(r.hold_s)},
                      {"lowering_s", number(r.lowering_s)}});
    exercises.push_back({{"kind", std::string(to_string(e.kind))},
                         {"side", e.side ? json(std::string(to_string(*e.side))) : json("both")},
                         {"start_s", e.start_s},
                         {"end_s", e.end_s},
                         {"repetitions", e.repetitions},
                         {"median_amplitude", number(e.median_amplitude)},
                         {"amplitude_unit", e.amplitude_unit},
                         {"median_hold_s", number(e.median_hold_s)},
                         {"median_lowering_s", number(e.median_lowering_s)},
                         {"tempo_reps_per_min", number(e.tempo_reps_per_min)},
                         {"source", e.source},
                         {"reps", reps}});
  }
  json hours = json::array();
  for (const auto& h : a.hours) {
    const auto meets = h.meets_walking_habit();
    hours.push_back({{"hour_start_s", h.hour_start_s},
                     {"clock_hour", h.clock_hour},
                     {"worn_min", number(h.worn_min)},
                     {"walking_min", number(h.walking_min)},
                     {"steps", h.steps},
                     {"longest_still_min", number(h.longest_still_min)},
                     {"sedentary_min", number(h.sedentary_min)},
                     {"leg_elevated_min", number(h.leg_elevated_min)},
                     {"exercise_repetitions", h.exercise_repetitions},
                     {"calf_intensive_strides", h.calf_intensive_strides},
                     {"habit", std::string(to_string(h.habit))},
                     {"meets_walking_habit", meets ? json(*meets) : json(nullptr)}});
  }
  const DaySummary& d = a.day;
  json day = {{"hours_worn", number(d.hours_worn)},
              {"hours_judged", d.hours_judged},
              {"hours_meeting_habit", d.hours_meeting_habit},
              {"hours_missing_habit", d.hours_missing_habit},
              {"walking_min", number(d.walking_min)},
              {"steps", d.steps},
              {"bouts", d.bouts},
              {"longest_still_min", number(d.longest_still_min)},
              {"longest_still_start_s", number(d.longest_still_start_s)},
              {"longest_sedentary_min", number(d.longest_sedentary_min)},
              {"longest_sedentary_start_s", number(d.longest_sedentary_start_s)},
              {"calf_intensive_strides", d.calf_intensive_strides},
              {"exercise_sets", d.exercise_sets},
              {"exercise_repetitions", d.exercise_repetitions},
              {"leg_elevated_min", number(d.leg_elevated_min)}};
  json terrain = json::array();
  for (Terrain t : a.stride_terrain) terrain.push_back(std::string(to_string(t)));
  return {{"clock_offset_s", a.clock_offset_s},
          {"capabilities", a.capabilities},
          {"day", day},
          {"hours", hours},
          {"bouts", bouts},
          {"postures", postures},
          {"exercises", exercises},
          {"stride_terrain", terrain},
          {"flags", flags_json(a.flags)}};
}
}  // namespace

std::string to_json(const Analysis& analysis, int indent) {
  json out = {{"schema", "secondheart.report"},
              {"schema_version", report_schema_version},
              {"secondheart_version", SECONDHEART_VERSION_STRING},
              {"session", analysis.session_name},
              {"flags", flags_json(analysis.flags)},
              {"assessments", json::array()},
              {"results", json::array()}};
  for (const auto& a : analysis.assessments) out["assessments"].push_back(assessment_json(a));
  for (const auto& result : analysis.results) out["results"].push_back(result_json(result));
  // Additive: absent when the activity stage was disabled (reports without it stay valid).
  if (analysis.activity) out["activity"] = activity_json(*analysis.activity);
  return out.dump(indent);
}

}  // namespace secondheart::io
