// Shared by the bind_<module>.cpp files: one wrap function per module, called from module.cpp.
#pragma once

#include <pybind11/eigen.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace secondheart::python {
namespace py = pybind11;

void bind_core(py::module_& m);
void bind_dsp(py::module_& m);
void bind_synth(py::module_& m);
void bind_insole(py::module_& m);
void bind_calibration(py::module_& m);
void bind_foot_imu(py::module_& m);
void bind_imu_io(py::module_& m);
void bind_shank(py::module_& m);
void bind_assess(py::module_& m);
void bind_activity(py::module_& m);
void bind_analysis(py::module_& m);
void bind_stream(py::module_& m);

}  // namespace secondheart::python
