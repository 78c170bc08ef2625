// Analysis, PipelineResult and the JSON report; analyze() joins here when the pipelines exist.
#include "bindings.hpp"
#include "secondheart/io/report.hpp"
#include "secondheart/pipeline/analysis.hpp"

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
      .def_readwrite("flags", &Analysis::flags);
  m.def("to_json", &io::to_json, py::arg("analysis"), py::arg("indent") = 2,
        "The analysis as a JSON string (NaN -> null).");
}

}  // namespace secondheart::python
