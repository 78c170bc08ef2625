// synth/: the synthetic walker with ground truth, as the submodule _core.synth.
#include "bindings.hpp"
#include "secondheart/synth.hpp"

namespace secondheart::python {

void bind_synth(py::module_& m) {
  using namespace synth;
  py::module_ s = m.def_submodule("synth", "Deterministic synthetic walker with known ground truth.");
  py::enum_<ActivityKind>(s, "ActivityKind")
      .value("WALK", ActivityKind::Walk)
      .value("STAND", ActivityKind::Stand)
      .value("SIT", ActivityKind::Sit);
  py::enum_<IcModel>(s, "IcModel",
                     "What the foot pitch does at initial contact: DETECTOR_FEATURE (default; the foot-IMU "
                     "detector's IC feature, the steepest fall of the pitch rate, is placed at the true IC) "
                     "or HEEL_HEIGHT (smooth landing; only the heel reaching the floor places IC).")
      .value("DETECTOR_FEATURE", IcModel::DetectorFeature)
      .value("HEEL_HEIGHT", IcModel::HeelHeight);
  py::class_<Bout>(s, "Bout")
      .def(py::init([](ActivityKind kind, double duration_s) { return Bout{kind, duration_s}; }), py::arg("kind"),
           py::arg("duration_s"))
      .def_readwrite("kind", &Bout::kind)
      .def_readwrite("duration_s", &Bout::duration_s);
  py::class_<WalkerParams>(s, "WalkerParams", "Parameters of the synthetic walker (units in the names).")
      .def(py::init<>())
      .def_readwrite("seed", &WalkerParams::seed)
      .def_readwrite("sampling_rate_hz", &WalkerParams::sampling_rate_hz)
      .def_readwrite("speed_mps", &WalkerParams::speed_mps)
      .def_readwrite("cadence_steps_per_min", &WalkerParams::cadence_steps_per_min)
      .def_readwrite("push_off_strength_left", &WalkerParams::push_off_strength_left)
      .def_readwrite("push_off_strength_right", &WalkerParams::push_off_strength_right)
      .def_readwrite("body_mass_kg", &WalkerParams::body_mass_kg)
      .def_readwrite("foot_length_m", &WalkerParams::foot_length_m)
      .def_readwrite("acc_noise_mps2", &WalkerParams::acc_noise_mps2)
      .def_readwrite("gyro_noise_dps", &WalkerParams::gyro_noise_dps)
      .def_readwrite("acc_bias_mps2", &WalkerParams::acc_bias_mps2)
      .def_readwrite("gyro_bias_dps", &WalkerParams::gyro_bias_dps)
      .def_readwrite("insole_noise_n", &WalkerParams::insole_noise_n)
      .def_readwrite("heel_strike_angle_deg", &WalkerParams::heel_strike_angle_deg)
      .def_readwrite("ic_model", &WalkerParams::ic_model)
      .def_readwrite("stance_fraction", &WalkerParams::stance_fraction)
      .def_readwrite("step_width_m", &WalkerParams::step_width_m)
      .def_readwrite("schedule", &WalkerParams::schedule)
      .def("noise_free", &WalkerParams::noise_free)
      .def("stride_time_s", &WalkerParams::stride_time_s)
      .def("stride_length_m", &WalkerParams::stride_length_m);
  py::class_<SideTruth>(s, "SideTruth", "Ground truth of one side: events (samples), per-stride values, signals.")
      .def_readonly("side", &SideTruth::side)
      .def_readonly("ic", &SideTruth::ic)
      .def_readonly("ho", &SideTruth::ho)
      .def_readonly("fc", &SideTruth::fc)
      .def_readonly("ms", &SideTruth::ms)
      .def_readonly("stride_ic", &SideTruth::stride_ic)
      .def_readonly("stride_next_ic", &SideTruth::stride_next_ic)
      .def_readonly("stride_ho", &SideTruth::stride_ho)
      .def_readonly("stride_fc", &SideTruth::stride_fc)
      .def_readonly("stride_ms", &SideTruth::stride_ms)
      .def_readonly("stride_next_ms", &SideTruth::stride_next_ms)
      .def_readonly("stride_steady", &SideTruth::stride_steady)
      .def_readonly("stride_length_m", &SideTruth::stride_length_m)
      .def_readonly("stride_time_s", &SideTruth::stride_time_s)
      .def_readonly("toe_off_angle_deg", &SideTruth::toe_off_angle_deg)
      .def_readonly("heel_strike_angle_deg", &SideTruth::heel_strike_angle_deg)
      .def_readonly("peak_push_off_angular_velocity_dps", &SideTruth::peak_push_off_angular_velocity_dps)
      .def_readonly("peak_plantarflexion_deg", &SideTruth::peak_plantarflexion_deg)
      .def_readonly("ankle_rom_deg", &SideTruth::ankle_rom_deg)
      .def_readonly("f1_n", &SideTruth::f1_n)
      .def_readonly("f2_n", &SideTruth::f2_n)
      .def_readonly("valley_n", &SideTruth::valley_n)
      .def_readonly("forefoot_impulse_share", &SideTruth::forefoot_impulse_share)
      .def_readonly("foot_pitch_deg", &SideTruth::foot_pitch_deg)
      .def_readonly("shank_pitch_deg", &SideTruth::shank_pitch_deg)
      .def_readonly("ankle_angle_deg", &SideTruth::ankle_angle_deg)
      .def_readonly("foot_pitch_rate_dps", &SideTruth::foot_pitch_rate_dps)
      .def_readonly("foot_sensor_position_m", &SideTruth::foot_sensor_position_m)
      .def_readonly("foot_sensor_velocity_mps", &SideTruth::foot_sensor_velocity_mps)
      .def_readonly("insole_total_force_n", &SideTruth::insole_total_force_n)
      .def_readonly("push_off_strength", &SideTruth::push_off_strength)
      .def_readonly("toe_off_angle_model_deg", &SideTruth::toe_off_angle_model_deg)
      .def_readonly("heel_strike_angle_model_deg", &SideTruth::heel_strike_angle_model_deg)
      .def_readonly("peak_plantarflexion_model_deg", &SideTruth::peak_plantarflexion_model_deg);
  py::class_<Segment>(s, "Segment")
      .def_readonly("kind", &Segment::kind)
      .def_readonly("begin", &Segment::begin)
      .def_readonly("end", &Segment::end);
  py::class_<WalkResult>(s, "WalkResult", "Synthetic session and its ground truth.")
      .def_readonly("session", &WalkResult::session)
      .def_readonly("left", &WalkResult::left)
      .def_readonly("right", &WalkResult::right)
      .def_readonly("segments", &WalkResult::segments)
      .def_readonly("params", &WalkResult::params)
      .def("truth", &WalkResult::truth, py::arg("side"), py::return_value_policy::reference_internal);
  s.def("walk", &walk, py::arg("params"), py::call_guard<py::gil_scoped_release>(),
        "Generates a synthetic session (foot and shank IMUs, insoles) with its ground truth.");
}

}  // namespace secondheart::python
