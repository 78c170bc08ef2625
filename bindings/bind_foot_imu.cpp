// Foot-IMU stage: zero-velocity detection, sensor-to-foot alignment, per-stride trajectory, events,
// per-stride metrics and the foot-IMU pipeline.
#include <pybind11/numpy.h>

#include "bindings.hpp"
#include "secondheart/events/foot_imu.hpp"
#include "secondheart/metrics/foot_imu.hpp"
#include "secondheart/orientation/alignment.hpp"
#include "secondheart/orientation/trajectory.hpp"
#include "secondheart/orientation/zero_velocity.hpp"
#include "secondheart/pipeline/foot_imu.hpp"

namespace secondheart::python {

namespace {
py::array_t<std::uint8_t> as_bool_array(const std::vector<std::uint8_t>& v) {
  py::array_t<std::uint8_t> out(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), out.mutable_data());
  return out;
}
}  // namespace

void bind_foot_imu(py::module_& m) {
  // ---- zero velocity
  using orientation::ZeroVelocityParams;
  py::class_<ZeroVelocityParams>(m, "ZeroVelocityParams",
                                 "Foot-rest detection settings (s, deg/s); thresholds adapt to the recording.")
      .def(py::init<>())
      .def_readwrite("window_s", &ZeroVelocityParams::window_s)
      .def_readwrite("min_duration_s", &ZeroVelocityParams::min_duration_s)
      .def_readwrite("merge_gap_s", &ZeroVelocityParams::merge_gap_s)
      .def_readwrite("floor_window_s", &ZeroVelocityParams::floor_window_s)
      .def_readwrite("level_window_s", &ZeroVelocityParams::level_window_s)
      .def_readwrite("local_exponent", &ZeroVelocityParams::local_exponent)
      .def_readwrite("threshold_dps", &ZeroVelocityParams::threshold_dps)
      .def_readwrite("min_threshold_dps", &ZeroVelocityParams::min_threshold_dps)
      .def_readwrite("max_threshold_dps", &ZeroVelocityParams::max_threshold_dps);
  using orientation::ZeroVelocityRun;
  py::class_<ZeroVelocityRun>(m, "ZeroVelocityRun", "Rest run [begin, end) with its quietest sample `rest`.")
      .def(py::init([](Index begin, Index end, Index rest) { return ZeroVelocityRun{begin, end, rest}; }),
           py::arg("begin"), py::arg("end"), py::arg("rest"))
      .def_readwrite("begin", &ZeroVelocityRun::begin)
      .def_readwrite("end", &ZeroVelocityRun::end)
      .def_readwrite("rest", &ZeroVelocityRun::rest)
      .def("__repr__", [](const ZeroVelocityRun& r) {
        return "<ZeroVelocityRun [" + std::to_string(r.begin) + ", " + std::to_string(r.end) + ") rest " +
               std::to_string(r.rest) + ">";
      });
  using orientation::ZeroVelocityResult;
  py::class_<ZeroVelocityResult>(m, "ZeroVelocityResult")
      .def_readonly("motion_dps", &ZeroVelocityResult::motion_dps)
      .def_readonly("threshold_dps", &ZeroVelocityResult::threshold_dps)
      .def_property_readonly("still", [](const ZeroVelocityResult& r) { return as_bool_array(r.still); })
      .def_readonly("runs", &ZeroVelocityResult::runs);
  m.def("detect_zero_velocity", &orientation::detect_zero_velocity, py::arg("gyr_dps"), py::arg("sampling_rate_hz"),
        py::arg("params") = ZeroVelocityParams{}, py::call_guard<py::gil_scoped_release>(),
        "Samples where the foot rests (gyro norm below a global Otsu split or a local stance split).");

  // ---- alignment
  using orientation::FootAlignmentParams;
  py::class_<FootAlignmentParams>(m, "FootAlignmentParams")
      .def(py::init<>())
      .def_readwrite("zero_velocity", &FootAlignmentParams::zero_velocity)
      .def_readwrite("max_stride_s", &FootAlignmentParams::max_stride_s)
      .def_readwrite("min_swing_rate_dps", &FootAlignmentParams::min_swing_rate_dps)
      .def_readwrite("min_sagittal_share", &FootAlignmentParams::min_sagittal_share);
  using orientation::FootAlignmentResult;
  py::class_<FootAlignmentResult>(m, "FootAlignmentResult",
                                  "Sensor-to-foot rotation: v_segment = segment_from_sensor @ v_sensor.")
      .def_readonly("segment_from_sensor", &FootAlignmentResult::segment_from_sensor)
      .def_readonly("up_in_sensor", &FootAlignmentResult::up_in_sensor)
      .def_readonly("sagittal_share", &FootAlignmentResult::sagittal_share)
      .def_readonly("forward_displacement_m", &FootAlignmentResult::forward_displacement_m)
      .def_readonly("strides_used", &FootAlignmentResult::strides_used)
      .def_readonly("sign_from_gait", &FootAlignmentResult::sign_from_gait)
      .def_readonly("flags", &FootAlignmentResult::flags);
  m.def("align_foot",
        [](const Vec3Series& acc, const Vec3Series& gyr, double fs, Side side, const FootAlignmentParams& params) {
          return orientation::align_foot(acc, gyr, fs, side, params);
        },
        py::arg("acc_mps2"), py::arg("gyr_dps"), py::arg("sampling_rate_hz"),
        py::arg("side") = Side::Left, py::arg("params") = FootAlignmentParams{},
        py::call_guard<py::gil_scoped_release>(),
        "Sensor-to-foot alignment (x forward, y left, z up): gravity at rest, main rotation axis, sign from "
        "the walking direction.");
  m.def("rotate_rows", &orientation::rotate_rows, py::arg("data"), py::arg("rotation"),
        "Rotates every (x, y, z) row: out[i] = rotation @ data[i].");

  // ---- trajectory
  using orientation::StrideTrajectory;
  py::class_<StrideTrajectory>(m, "StrideTrajectory", "One stride integrated rest -> rest (m, m/s, deg).")
      .def_readonly("begin", &StrideTrajectory::begin)
      .def_readonly("end", &StrideTrajectory::end)
      .def_readonly("position_m", &StrideTrajectory::position_m)
      .def_readonly("velocity_mps", &StrideTrajectory::velocity_mps)
      .def_readonly("pitch_deg", &StrideTrajectory::pitch_deg)
      .def_readonly("roll_deg", &StrideTrajectory::roll_deg)
      .def_readonly("displacement_m", &StrideTrajectory::displacement_m)
      .def_readonly("heading_change_deg", &StrideTrajectory::heading_change_deg)
      .def_readonly("gravity_mps2", &StrideTrajectory::gravity_mps2)
      .def_readonly("tilt_correction_deg", &StrideTrajectory::tilt_correction_deg)
      .def_property_readonly("stride_length_m", &StrideTrajectory::stride_length_m);
  m.def("integrate_stride",
        py::overload_cast<const Vec3Series&, const Vec3Series&, double, const orientation::ZeroVelocityRun&,
                          const orientation::ZeroVelocityRun&, double>(&orientation::integrate_stride),
        py::arg("acc_mps2"), py::arg("gyr_dps"),
        py::arg("sampling_rate_hz"), py::arg("first"), py::arg("second"), py::arg("rest_window_s") = 0.1,
        py::call_guard<py::gil_scoped_release>(),
        "Drift-corrected attitude, velocity and position between two rest runs (segment-frame signals).");

  // ---- events
  using events::FootEventParams;
  py::class_<FootEventParams>(m, "FootEventParams", "Foot-IMU event settings (Hz, s, deg/s, fractions).")
      .def(py::init<>())
      .def_readwrite("zero_velocity", &FootEventParams::zero_velocity)
      .def_readwrite("lowpass_hz", &FootEventParams::lowpass_hz)
      .def_readwrite("swing_peak_fraction", &FootEventParams::swing_peak_fraction)
      .def_readwrite("swing_peak_threshold_dps", &FootEventParams::swing_peak_threshold_dps,
                     "fixed mid-swing peak threshold (deg/s); NaN: from the recording's 99th percentile")
      .def_readwrite("min_swing_peak_dps", &FootEventParams::min_swing_peak_dps)
      .def_readwrite("min_swing_separation_s", &FootEventParams::min_swing_separation_s)
      .def_readwrite("max_swing_search_s", &FootEventParams::max_swing_search_s)
      .def_readwrite("min_swing_duration_s", &FootEventParams::min_swing_duration_s)
      .def_readwrite("min_stance_s", &FootEventParams::min_stance_s)
      .def_readwrite("pivot_motion_fraction", &FootEventParams::pivot_motion_fraction)
      .def_readwrite("turn_heading_deg", &FootEventParams::turn_heading_deg)
      .def_readwrite("turn_impact_ratio", &FootEventParams::turn_impact_ratio)
      .def_readwrite("impact_onset_fraction", &FootEventParams::impact_onset_fraction)
      .def_readwrite("landing_jerk_ratio", &FootEventParams::landing_jerk_ratio)
      .def_readwrite("heel_off_fraction", &FootEventParams::heel_off_fraction);
  using events::FootSwing;
  py::class_<FootSwing>(m, "FootSwing", "One swing (FC -> IC) and the stance after it; -1 = not found.")
      .def_readonly("fc", &FootSwing::fc)
      .def_readonly("fc_subsample", &FootSwing::fc_subsample)
      .def_readonly("mid_swing", &FootSwing::mid_swing)
      .def_readonly("ic", &FootSwing::ic)
      .def_readonly("ms", &FootSwing::ms)
      .def_readonly("ho", &FootSwing::ho)
      .def_readonly("rest_before", &FootSwing::rest_before)
      .def_readonly("rest_after", &FootSwing::rest_after);
  using events::FootEventResult;
  py::class_<FootEventResult>(m, "FootEventResult")
      .def_readonly("events", &FootEventResult::events)
      .def_readonly("swings", &FootEventResult::swings)
      .def_readonly("pitch_rate_dps", &FootEventResult::pitch_rate_dps)
      .def_readonly("zero_velocity", &FootEventResult::zero_velocity)
      .def_readonly("swing_peak_threshold_dps", &FootEventResult::swing_peak_threshold_dps);
  m.def("detect_foot_events",
        static_cast<FootEventResult (*)(const Vec3Series&, const Vec3Series&, double, Side, const FootEventParams&)>(
            &events::detect_foot_events),
        py::arg("acc_mps2"), py::arg("gyr_dps"),
        py::arg("sampling_rate_hz"), py::arg("side") = Side::Left, py::arg("params") = FootEventParams{},
        py::call_guard<py::gil_scoped_release>(),
        "IC, FC, MS and HO of one foot from segment-frame signals (m/s², deg/s).");

  // ---- metrics
  using metrics::FootMetricParams;
  py::class_<FootMetricParams>(m, "FootMetricParams")
      .def(py::init<>())
      .def_readwrite("sensor_to_toe_m", &FootMetricParams::sensor_to_toe_m)
      .def_readwrite("max_rest_gap_s", &FootMetricParams::max_rest_gap_s)
      .def_readwrite("rest_window_s", &FootMetricParams::rest_window_s)
      .def_readwrite("keep_trajectories", &FootMetricParams::keep_trajectories);
  using metrics::FootMetricsResult;
  py::class_<FootMetricsResult>(m, "FootMetricsResult")
      .def_readonly("table", &FootMetricsResult::table)
      .def_readonly("trajectories", &FootMetricsResult::trajectories)
      .def_readonly("pitch_deg", &FootMetricsResult::pitch_deg);
  m.def("foot_stride_metrics", &metrics::foot_stride_metrics, py::arg("acc_mps2"), py::arg("gyr_dps"),
        py::arg("sampling_rate_hz"), py::arg("detected"), py::arg("params") = FootMetricParams{},
        py::arg("segment_from_sensor") = Eigen::Matrix3d::Identity().eval(),
        py::arg("correction") = calibration::AffineCorrection{}, py::call_guard<py::gil_scoped_release>(),
        "Per-stride foot-IMU metrics (stride length, speed, toe-off angle, push-off rate, ...); "
        "sensor-frame signals with segment_from_sensor are rotated stride by stride.");
  m.def("foot_imu_columns", &metrics::foot_imu_columns, "Names of the foot-IMU metric columns.");

  // ---- pipeline
  using pipeline::FootImuPipelineParams;
  py::class_<FootImuPipelineParams>(m, "FootImuPipelineParams")
      .def(py::init<>())
      .def_readwrite("alignment", &FootImuPipelineParams::alignment)
      .def_readwrite("events", &FootImuPipelineParams::events)
      .def_readwrite("metrics", &FootImuPipelineParams::metrics)
      .def_readwrite("cycles", &FootImuPipelineParams::cycles)
      .def_readwrite("calibration", &FootImuPipelineParams::calibration)
      .def_readwrite("known_calibration", &FootImuPipelineParams::known_calibration,
                     "ImuCalibration of each foot's sensor ([left, right]) from elsewhere, or None (estimated)")
      .def_readwrite("known_alignment", &FootImuPipelineParams::known_alignment,
                     "sensor-to-foot rotation (3x3, v_segment = R v_sensor) of each foot ([left, right]) from "
                     "elsewhere, or None (estimated from the recording)")
      .def_readwrite("max_turn_deg", &FootImuPipelineParams::max_turn_deg)
      .def_readwrite("max_gap_s", &FootImuPipelineParams::max_gap_s)
      .def_readwrite("low_swing_dps", &FootImuPipelineParams::low_swing_dps)
      .def_readwrite("max_mounting_error_deg", &FootImuPipelineParams::max_mounting_error_deg)
      .def_readwrite("keep_segment_signals", &FootImuPipelineParams::keep_segment_signals,
                     "keep the segment-frame acc_mps2/gyr_dps in the analysis (analyze_foot_imus does not)");
  using pipeline::FootImuAnalysis;
  py::class_<FootImuAnalysis>(m, "FootImuAnalysis", "Everything computed for one foot IMU.")
      .def_readonly("side", &FootImuAnalysis::side)
      .def_readonly("sampling_rate_hz", &FootImuAnalysis::sampling_rate_hz)
      .def_readonly("alignment", &FootImuAnalysis::alignment)
      .def_readonly("calibration", &FootImuAnalysis::calibration)
      .def_readonly("acc_mps2", &FootImuAnalysis::acc_mps2)
      .def_readonly("gyr_dps", &FootImuAnalysis::gyr_dps)
      .def_readonly("events", &FootImuAnalysis::events)
      .def_readonly("metrics", &FootImuAnalysis::metrics)
      .def_readonly("flags", &FootImuAnalysis::flags);
  m.def("analyze_foot_imu", &pipeline::analyze_foot_imu, py::arg("recording"),
        py::arg("params") = FootImuPipelineParams{}, py::call_guard<py::gil_scoped_release>(),
        "Foot-IMU pipeline on one recording (alignment, events, validated strides, metrics).");
  m.def("analyze_foot_imus", &pipeline::analyze_foot_imus, py::arg("session"),
        py::arg("params") = FootImuPipelineParams{}, py::call_guard<py::gil_scoped_release>(),
        "Foot-IMU pipeline on every foot IMU of a session -> PipelineResult (table source 'foot_imu').");
}

}  // namespace secondheart::python
