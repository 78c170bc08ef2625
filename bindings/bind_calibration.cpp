// Calibration stage: accelerometer offset and scale and gyro bias from a recording's still periods.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "secondheart/calibration/imu_calibration.hpp"

namespace secondheart::python {

void bind_calibration(py::module_& m) {
  using calibration::ImuCalibrationParams;
  py::class_<ImuCalibrationParams>(m, "ImuCalibrationParams",
                                   "Still-period calibration settings (s, deg, m/s²; priors on offset and scale).")
      .def(py::init<>())
      .def_readwrite("min_still_s", &ImuCalibrationParams::min_still_s)
      .def_readwrite("edge_trim_s", &ImuCalibrationParams::edge_trim_s)
      .def_readwrite("max_turn_deg", &ImuCalibrationParams::max_turn_deg)
      .def_readwrite("prior_offset_sd_mps2", &ImuCalibrationParams::prior_offset_sd_mps2)
      .def_readwrite("prior_scale_sd", &ImuCalibrationParams::prior_scale_sd)
      .def_readwrite("model_sd_mps2", &ImuCalibrationParams::model_sd_mps2)
      .def_readwrite("constrained_sd_fraction", &ImuCalibrationParams::constrained_sd_fraction)
      .def_readwrite("correct_acc", &ImuCalibrationParams::correct_acc)
      .def_readwrite("correct_gyro", &ImuCalibrationParams::correct_gyro);
  using calibration::StillPeriod;
  py::class_<StillPeriod>(m, "StillPeriod", "A still period [begin, end): mean specific force and angular velocity.")
      .def(py::init([](Index begin, Index end, const Eigen::Vector3d& acc, const Eigen::Vector3d& gyr, double noise) {
             return StillPeriod{begin, end, acc, gyr, noise};
           }),
           py::arg("begin"), py::arg("end"), py::arg("acc_mean_mps2"), py::arg("gyr_mean_dps"),
           py::arg("acc_noise_sd_mps2") = 0.0)
      .def_readwrite("begin", &StillPeriod::begin)
      .def_readwrite("end", &StillPeriod::end)
      .def_readwrite("acc_mean_mps2", &StillPeriod::acc_mean_mps2)
      .def_readwrite("gyr_mean_dps", &StillPeriod::gyr_mean_dps)
      .def_readwrite("acc_noise_sd_mps2", &StillPeriod::acc_noise_sd_mps2);
  using calibration::ImuCalibration;
  py::class_<ImuCalibration>(m, "ImuCalibration",
                             "true acc = acc_scale * (raw − acc_offset_mps2); true gyro = raw − gyr_bias_dps "
                             "(sensor axes), each with its posterior sd and whether the still periods constrained it.")
      .def_readonly("acc_offset_mps2", &ImuCalibration::acc_offset_mps2)
      .def_readonly("acc_scale", &ImuCalibration::acc_scale)
      .def_readonly("acc_offset_sd_mps2", &ImuCalibration::acc_offset_sd_mps2)
      .def_readonly("acc_scale_sd", &ImuCalibration::acc_scale_sd)
      .def_readonly("acc_offset_constrained", &ImuCalibration::acc_offset_constrained)
      .def_readonly("acc_scale_constrained", &ImuCalibration::acc_scale_constrained)
      .def_readonly("gyr_bias_dps", &ImuCalibration::gyr_bias_dps)
      .def_readonly("gyr_bias_sd_dps", &ImuCalibration::gyr_bias_sd_dps)
      .def_readonly("still_periods", &ImuCalibration::still_periods)
      .def_readonly("still_s", &ImuCalibration::still_s)
      .def_readonly("orientation_spread_deg", &ImuCalibration::orientation_spread_deg)
      .def_readonly("gravity_error_before_mps2", &ImuCalibration::gravity_error_before_mps2)
      .def_readonly("gravity_error_after_mps2", &ImuCalibration::gravity_error_after_mps2)
      .def_readonly("applied", &ImuCalibration::applied)
      .def_readonly("flags", &ImuCalibration::flags)
      .def("__repr__", [](const ImuCalibration& c) { return "<ImuCalibration " + calibration::describe(c) + ">"; });
  using calibration::AffineCorrection;
  py::class_<AffineCorrection>(m, "AffineCorrection", "acc' = acc_matrix @ acc + acc_shift; gyr' = gyr + gyr_shift.")
      .def(py::init<>())
      .def_readwrite("acc_matrix", &AffineCorrection::acc_matrix)
      .def_readwrite("acc_shift", &AffineCorrection::acc_shift)
      .def_readwrite("gyr_shift", &AffineCorrection::gyr_shift);
  m.def("find_still_periods", &calibration::find_still_periods, py::arg("acc_mps2"), py::arg("gyr_dps"),
        py::arg("sampling_rate_hz"), py::arg("runs"), py::arg("params") = ImuCalibrationParams{},
        py::call_guard<py::gil_scoped_release>(), "Still periods among zero-velocity runs (long, not turning).");
  m.def("estimate_imu_calibration", &calibration::estimate_imu_calibration, py::arg("periods"),
        py::arg("sampling_rate_hz"), py::arg("params") = ImuCalibrationParams{},
        py::call_guard<py::gil_scoped_release>(),
        "Accelerometer offset and scale (MAP fit of ``|acc|`` = g at rest) and gyro bias from still periods.");
  m.def("correction_in_frame", &calibration::correction_in_frame, py::arg("calibration"),
        py::arg("frame_from_sensor") = Eigen::Matrix3d::Identity().eval(), py::arg("params") = ImuCalibrationParams{},
        "The calibration as an affine correction of signals rotated by frame_from_sensor.");
}

}  // namespace secondheart::python
