// The only PYBIND11_MODULE: secondheart._core. Each module's bindings live in bind_<module>.cpp.
#include "bindings.hpp"
#include "secondheart/core/error.hpp"
#include "secondheart/version.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_core, m, py::mod_gil_not_used()) {
  m.doc() = "secondheart C++ core (private: use the secondheart package)";
  m.attr("__version__") = SECONDHEART_PYTHON_MODULE_VERSION;

  // Bad arguments -> InvalidArgumentError(ValueError); malformed files -> FormatError(ValueError).
  py::register_exception<secondheart::InvalidArgument>(m, "InvalidArgumentError", PyExc_ValueError);
  py::register_exception<secondheart::FormatError>(m, "FormatError", PyExc_ValueError);

  secondheart::python::bind_core(m);
  secondheart::python::bind_dsp(m);
  secondheart::python::bind_synth(m);
  secondheart::python::bind_insole(m);
  secondheart::python::bind_calibration(m);
  secondheart::python::bind_foot_imu(m);
  secondheart::python::bind_imu_io(m);
  secondheart::python::bind_shank(m);
  secondheart::python::bind_assess(m);
  secondheart::python::bind_activity(m);
  secondheart::python::bind_analysis(m);
  secondheart::python::bind_stream(m);
}
