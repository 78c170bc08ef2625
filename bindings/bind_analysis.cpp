// analyze(), its Config, the Analysis it returns and the JSON report.
#include "bindings.hpp"
#include "secondheart/io/report.hpp"
#include "secondheart/pipeline/analyze.hpp"

namespace secondheart::python {

void bind_analysis(py::module_& m) {
  py::class_<PipelineResult>(m, "PipelineResult", "Events, per-cycle metrics and flags of one sensor kind.")
      .def(py::init<>())
      .def_readwrite("events", &PipelineResult::events)
      .def_readwrite("cycles", &PipelineResult::cycles)
      .def_readwrite("flags", &PipelineResult::flags);
  py::class_<Analysis>(m, "Analysis", "One session analysed: a PipelineResult per sensor kind.")
      .def(py::init<>())
      .def_readwrite("session_name", &Analysis::session_name)
      .def_readwrite("results", &Analysis::results)
      .def_readwrite("flags", &Analysis::flags)
      .def_readwrite("assessments", &Analysis::assessments)
      .def_readwrite("activity", &Analysis::activity, "The day (ActivityResult), or None when the stage was disabled.")
      .def("result", &Analysis::result, py::arg("source"), py::return_value_policy::reference_internal,
           "The PipelineResult of `source` (insole, foot_imu, shank_imu), or None.")
      .def("assessment", &Analysis::assessment, py::arg("source"), py::return_value_policy::reference_internal,
           "The toe-off assessment of `source`, or None.");
  // The pipeline parameter types are bound with their pipelines (bind_insole, bind_foot_imu, bind_shank).
  py::class_<Config>(m, "Config", "Parameters of every pipeline; the defaults are the validated ones.")
      .def(py::init<>())
      .def_readwrite("insole", &Config::insole)
      .def_readwrite("foot_imu", &Config::foot_imu)
      .def_readwrite("shank_imu", &Config::shank_imu)
      .def_readwrite("assess", &Config::assess)
      .def_readwrite("activity", &Config::activity);
  m.def("analyze", &analyze, py::arg("session"), py::arg("config") = Config{},
        py::call_guard<py::gil_scoped_release>(),
        "Runs every pipeline the session has data for (insoles, foot IMUs, shank IMUs).");
  m.def("to_json", &io::to_json, py::arg("analysis"), py::arg("indent") = 2,
        "The analysis as a JSON string (NaN -> null).");
}

}  // namespace secondheart::python
