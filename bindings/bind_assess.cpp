// The assessment: norms, feature sets, assess_toe_off, compare_sessions and their result types.
#include "bindings.hpp"
#include "secondheart/assess.hpp"
#include "secondheart/pipeline/analyze.hpp"

namespace secondheart::python {

void bind_assess(py::module_& m) {
  using namespace assess;
  py::enum_<Severity>(m, "Severity").value("NONE", Severity::None).value("MILD", Severity::Mild).value("MARKED", Severity::Marked);
  py::enum_<Confidence>(m, "Confidence")
      .value("LOW", Confidence::Low)
      .value("MODERATE", Confidence::Moderate)
      .value("HIGH", Confidence::High);

  py::class_<SpeedAdjustment>(m, "SpeedAdjustment", "norm(speed) = mean + slope_per_mps * (clamped speed - reference)")
      .def_readonly("reference_speed_mps", &SpeedAdjustment::reference_speed_mps)
      .def_readonly("slope_per_mps", &SpeedAdjustment::slope_per_mps)
      .def_readonly("min_speed_mps", &SpeedAdjustment::min_speed_mps)
      .def_readonly("max_speed_mps", &SpeedAdjustment::max_speed_mps)
      .def_readonly("r_squared", &SpeedAdjustment::r_squared)
      .def_readonly("method", &SpeedAdjustment::method);
  py::class_<Provenance>(m, "Provenance")
      .def_readonly("datasets", &Provenance::datasets)
      .def_readonly("subjects", &Provenance::subjects)
      .def_readonly("method", &Provenance::method)
      .def_readonly("synthetic", &Provenance::synthetic)
      .def_readonly("notes", &Provenance::notes);
  py::class_<FeatureNorm>(m, "FeatureNorm", "Healthy reference of one feature of one sensor kind.")
      .def_readonly("source", &FeatureNorm::source)
      .def_readonly("name", &FeatureNorm::name)
      .def_readonly("unit", &FeatureNorm::unit)
      .def_readonly("direction", &FeatureNorm::direction)
      .def_readonly("weight", &FeatureNorm::weight)
      .def_readonly("mean", &FeatureNorm::mean)
      .def_readonly("sd", &FeatureNorm::sd)
      .def_readonly("speed_adjustment", &FeatureNorm::speed_adjustment)
      .def_readonly("asymmetry_sd", &FeatureNorm::asymmetry_sd)
      .def_readonly("session_sd", &FeatureNorm::session_sd)
      .def_readonly("n_subjects", &FeatureNorm::n_subjects)
      .def_readonly("n_sessions", &FeatureNorm::n_sessions)
      .def_readonly("n_cycles", &FeatureNorm::n_cycles)
      .def_readonly("provenance", &FeatureNorm::provenance)
      .def("mean_at", &FeatureNorm::mean_at, py::arg("speed_mps"), "The healthy mean at this gait speed (m/s).");
  py::class_<AssessmentRule>(m, "AssessmentRule", "Thresholds of the poor_toe_off rule (z units).")
      .def(py::init<>())
      .def_readwrite("score_mild_z", &AssessmentRule::score_mild_z)
      .def_readwrite("score_marked_z", &AssessmentRule::score_marked_z)
      .def_readwrite("asymmetry_mild_z", &AssessmentRule::asymmetry_mild_z)
      .def_readwrite("asymmetry_marked_z", &AssessmentRule::asymmetry_marked_z)
      .def_readwrite("weaker_side_z", &AssessmentRule::weaker_side_z)
      .def_readwrite("min_cycles", &AssessmentRule::min_cycles)
      .def_readwrite("min_cycles_high_confidence", &AssessmentRule::min_cycles_high_confidence)
      .def_readwrite("default_correlation", &AssessmentRule::default_correlation)
      .def_readonly("description", &AssessmentRule::description);
  py::class_<Norms>(m, "Norms", "Healthy push-off norms and the rule (schemas/norms.schema.json).")
      .def_readonly("schema_version", &Norms::schema_version)
      .def_readonly("version", &Norms::version)
      .def_readonly("created", &Norms::created)
      .def_readonly("generator", &Norms::generator)
      .def_readonly("description", &Norms::description)
      .def_readonly("origin", &Norms::origin)
      .def_readwrite("rule", &Norms::rule)
      .def_readonly("features", &Norms::features)
      .def("find", &Norms::find, py::arg("source"), py::arg("name"), py::return_value_policy::reference_internal,
           "The norm of (source, name), or None.")
      .def("to_json", &norms_to_json, py::arg("indent") = 2)
      .def("__repr__", [](const Norms& n) {
        return "<Norms " + n.version + ": " + std::to_string(n.features.size()) + " features, from " + n.origin + ">";
      });
  m.def("parse_norms", &parse_norms, py::arg("json_text"), py::arg("origin") = "text",
        "Parses norms JSON; FormatError names the origin and the field.");
  m.def("load_norms", &load_norms, py::arg("path"), "Reads a norms JSON file; FormatError names the file and the field.");
  m.def("default_norms", &default_norms, "The norms shipped with secondheart (compiled in).");
  m.def("default_norms_json", &default_norms_json, "The shipped norms as JSON text.");
  m.def("describe_rule", &describe_rule, py::arg("rule"));
  m.def("normal_cdf", &normal_cdf, py::arg("z"), "P(Z <= z) of the standard normal (Boost.Math).");
  m.def("student_t_cdf", &student_t_cdf, py::arg("t"), py::arg("degrees_of_freedom"));
  m.def("predictive_z", &predictive_z, py::arg("raw_z"), py::arg("n_people"),
        "A z against a norm estimated from n people, as the normal z with the same predictive tail probability.");
  m.def("normal_quantile", &normal_quantile, py::arg("p"), "The z with P(Z <= z) = p (Boost.Math).");
  m.def("student_t_quantile", &student_t_quantile, py::arg("p"), py::arg("degrees_of_freedom"),
        "The t with P(T <= t) = p for Student's t (Boost.Math).");

  py::class_<FeatureSet>(m, "FeatureSet", "Per-side push-off features of one sensor kind (per-cycle or summary values).")
      .def(py::init<>())
      .def_readwrite("source", &FeatureSet::source)
      .def_readwrite("gait_speed_mps", &FeatureSet::gait_speed_mps)
      .def("add", &FeatureSet::add, py::arg("name"), py::arg("side"), py::arg("values"))
      .def_property_readonly("names", [](const FeatureSet& s) {
        std::vector<std::string> names;
        for (const auto& f : s.features) names.push_back(f.name);
        return names;
      });
  m.def("features_from_cycles", py::overload_cast<const CycleTable&>(&features_from_cycles), py::arg("table"),
        "Every column of a CycleTable over its valid cycles, per side, with the median gait speed.");
  m.def("features_from_cycles", py::overload_cast<const CycleTable&, const std::vector<bool>&>(&features_from_cycles),
        py::arg("table"), py::arg("use"),
        "The same over the valid cycles whose `use` entry is true (one per row: e.g. level strides only).");

  py::class_<FeatureAssessment>(m, "FeatureAssessment")
      .def_readonly("name", &FeatureAssessment::name)
      .def_readonly("side", &FeatureAssessment::side)
      .def_readonly("n_cycles", &FeatureAssessment::n_cycles)
      .def_readonly("value", &FeatureAssessment::value)
      .def_readonly("iqr", &FeatureAssessment::iqr)
      .def_readonly("median_se", &FeatureAssessment::median_se)
      .def_readonly("norm_mean", &FeatureAssessment::norm_mean)
      .def_readonly("norm_sd", &FeatureAssessment::norm_sd)
      .def_readonly("speed_adjusted", &FeatureAssessment::speed_adjusted)
      .def_readonly("norm_speed_mps", &FeatureAssessment::norm_speed_mps)
      .def_readonly("z", &FeatureAssessment::z)
      .def_readonly("percentile", &FeatureAssessment::percentile)
      .def_readonly("weight", &FeatureAssessment::weight)
      .def_readonly("direction", &FeatureAssessment::direction);
  py::class_<FeatureAsymmetry>(m, "FeatureAsymmetry")
      .def_readonly("name", &FeatureAsymmetry::name)
      .def_readonly("left", &FeatureAsymmetry::left)
      .def_readonly("right", &FeatureAsymmetry::right)
      .def_readonly("difference", &FeatureAsymmetry::difference)
      .def_readonly("difference_ci_low", &FeatureAsymmetry::difference_ci_low)
      .def_readonly("difference_ci_high", &FeatureAsymmetry::difference_ci_high)
      .def_readonly("z", &FeatureAsymmetry::z)
      .def_readonly("asymmetry_index_percent", &FeatureAsymmetry::asymmetry_index_percent);
  py::class_<Evidence>(m, "Evidence")
      .def_readonly("feature", &Evidence::feature)
      .def_readonly("side", &Evidence::side)
      .def_readonly("kind", &Evidence::kind)
      .def_readonly("value", &Evidence::value)
      .def_readonly("other_side", &Evidence::other_side)
      .def_readonly("norm_mean", &Evidence::norm_mean)
      .def_readonly("norm_sd", &Evidence::norm_sd)
      .def_readonly("threshold", &Evidence::threshold)
      .def_readonly("z", &Evidence::z)
      .def_readonly("text", &Evidence::text);
  py::class_<SideAssessment>(m, "SideAssessment")
      .def_readonly("side", &SideAssessment::side)
      .def_readonly("assessed", &SideAssessment::assessed)
      .def_readonly("n_cycles", &SideAssessment::n_cycles)
      .def_readonly("n_features", &SideAssessment::n_features)
      .def_readonly("push_off_score", &SideAssessment::push_off_score)
      .def_readonly("score_se", &SideAssessment::score_se)
      .def_readonly("percentile", &SideAssessment::percentile)
      .def_readonly("poor_toe_off", &SideAssessment::poor_toe_off)
      .def_readonly("evidence", &SideAssessment::evidence);
  py::class_<ToeOffAssessment>(m, "ToeOffAssessment", "Is push-off poor, on which side, how sure, and the evidence.")
      .def_readonly("source", &ToeOffAssessment::source)
      .def_readonly("norms_version", &ToeOffAssessment::norms_version)
      .def_readonly("sides", &ToeOffAssessment::sides)
      .def_readonly("features", &ToeOffAssessment::features)
      .def_readonly("asymmetry", &ToeOffAssessment::asymmetry)
      .def_readonly("score_asymmetry_z", &ToeOffAssessment::score_asymmetry_z)
      .def_readonly("score_asymmetry_ci_low", &ToeOffAssessment::score_asymmetry_ci_low)
      .def_readonly("score_asymmetry_ci_high", &ToeOffAssessment::score_asymmetry_ci_high)
      .def_readonly("weaker_side", &ToeOffAssessment::weaker_side)
      .def_readonly("poor_toe_off", &ToeOffAssessment::poor_toe_off)
      .def_readonly("confidence", &ToeOffAssessment::confidence)
      .def_readonly("confidence_reason", &ToeOffAssessment::confidence_reason)
      .def_readonly("rule", &ToeOffAssessment::rule)
      .def_readonly("thresholds", &ToeOffAssessment::thresholds)
      .def_readonly("summary", &ToeOffAssessment::summary)
      .def_readonly("flags", &ToeOffAssessment::flags)
      .def_property_readonly("assessed", &ToeOffAssessment::assessed)
      .def("side", &ToeOffAssessment::side, py::arg("side"), py::return_value_policy::reference_internal);
  m.def("assess_toe_off", &assess_toe_off, py::arg("features"), py::arg("norms"),
        "Push-off per side against healthy norms: score, asymmetry, poor_toe_off, weaker side, evidence.");

  py::class_<FeatureChange>(m, "FeatureChange")
      .def_readonly("name", &FeatureChange::name)
      .def_readonly("side", &FeatureChange::side)
      .def_readonly("n_before", &FeatureChange::n_before)
      .def_readonly("n_after", &FeatureChange::n_after)
      .def_readonly("before", &FeatureChange::before)
      .def_readonly("after", &FeatureChange::after)
      .def_readonly("change", &FeatureChange::change)
      .def_readonly("ci_low", &FeatureChange::ci_low)
      .def_readonly("ci_high", &FeatureChange::ci_high)
      .def_readonly("mdc", &FeatureChange::mdc)
      .def_readonly("exceeds_mdc", &FeatureChange::exceeds_mdc)
      .def_readonly("interval_excludes_zero", &FeatureChange::interval_excludes_zero)
      .def_readonly("verdict", &FeatureChange::verdict);
  py::class_<SessionComparison>(m, "SessionComparison")
      .def_readonly("source", &SessionComparison::source)
      .def_readonly("changes", &SessionComparison::changes)
      .def_readonly("summary", &SessionComparison::summary)
      .def_readonly("flags", &SessionComparison::flags);
  m.def("compare_sessions", &compare_sessions, py::arg("before"), py::arg("after"), py::arg("norms"),
        "Per side, each feature's and the score's change with a 95 % interval and the minimal detectable change.");

  py::class_<AssessConfig>(m, "AssessConfig", "The toe-off assessment inside analyze().")
      .def(py::init<>())
      .def_readwrite("enabled", &AssessConfig::enabled)
      .def_readwrite("norms", &AssessConfig::norms);
}

}  // namespace secondheart::python
