// Shank stage: sensor-to-shank alignment and pitch, shank-IMU events, ankle angle and its per-cycle
// metrics, shank push-off measures, and the shank/ankle pipeline.
#include <pybind11/numpy.h>

#include "bindings.hpp"
#include "secondheart/events/shank_imu.hpp"
#include "secondheart/metrics/ankle.hpp"
#include "secondheart/orientation/shank.hpp"
#include "secondheart/pipeline/ankle.hpp"

namespace secondheart::python {

namespace {
py::object range_or_none(const orientation::SampleRange& range) {
  if (!range.found()) return py::none();
  return py::make_tuple(range.begin, range.end);
}
}  // namespace

void bind_shank(py::module_& m) {
  // ---- orientation
  using orientation::StaticPeriodParams;
  py::class_<StaticPeriodParams>(m, "StaticPeriodParams", "What counts as standing still (s, deg/s, m/s², Hz).")
      .def(py::init<>())
      .def_readwrite("min_duration_s", &StaticPeriodParams::min_duration_s)
      .def_readwrite("max_gyro_dps", &StaticPeriodParams::max_gyro_dps)
      .def_readwrite("max_acc_deviation_mps2", &StaticPeriodParams::max_acc_deviation_mps2)
      .def_readwrite("smoothing_cutoff_hz", &StaticPeriodParams::smoothing_cutoff_hz);
  m.def(
      "find_static_period",
      [](const Vec3Series& acc_mps2, const Vec3Series& gyr_dps, double sampling_rate_hz,
         const StaticPeriodParams& params) {
        return range_or_none(orientation::find_static_period(acc_mps2, gyr_dps, sampling_rate_hz, params));
      },
      py::arg("acc_mps2"), py::arg("gyr_dps"), py::arg("sampling_rate_hz"), py::arg("params") = StaticPeriodParams{},
      "Longest still run (begin, end) as sample indices, or None.");

  using orientation::ShankAlignmentParams;
  py::class_<ShankAlignmentParams>(m, "ShankAlignmentParams")
      .def(py::init<>())
      .def_readwrite("standing", &ShankAlignmentParams::standing)
      .def_readwrite("gyro_cutoff_hz", &ShankAlignmentParams::gyro_cutoff_hz)
      .def_readwrite("min_sagittal_share", &ShankAlignmentParams::min_sagittal_share);
  using orientation::ShankAlignment;
  py::class_<ShankAlignment>(m, "ShankAlignment", "Sensor-to-shank rotation: v_segment = sensor_to_segment @ v_sensor.")
      .def_readonly("sensor_to_segment", &ShankAlignment::sensor_to_segment)
      .def_property_readonly("standing", [](const ShankAlignment& a) { return range_or_none(a.standing); })
      .def_readonly("sagittal_share", &ShankAlignment::sagittal_share)
      .def_readonly("swing_peak_dps", &ShankAlignment::swing_peak_dps)
      .def_readonly("flags", &ShankAlignment::flags);
  m.def("align_shank", &orientation::align_shank, py::arg("recording"), py::arg("params") = ShankAlignmentParams{},
        py::call_guard<py::gil_scoped_release>(),
        "Sensor-to-shank alignment from the data: gravity while standing (z), main rotation axis (y), "
        "sign from the forward swing.");

  using orientation::ShankPitchParams;
  py::class_<ShankPitchParams>(m, "ShankPitchParams")
      .def(py::init<>())
      .def_readwrite("gravity_window_s", &ShankPitchParams::gravity_window_s)
      .def_readwrite("alignment", &ShankPitchParams::alignment);
  using orientation::ShankPitchResult;
  py::class_<ShankPitchResult>(m, "ShankPitchResult")
      .def_readonly("pitch_deg", &ShankPitchResult::pitch_deg)
      .def_readonly("pitch_rate_dps", &ShankPitchResult::pitch_rate_dps)
      .def_readonly("sampling_rate_hz", &ShankPitchResult::sampling_rate_hz)
      .def_readonly("alignment", &ShankPitchResult::alignment)
      .def_readonly("gap", &ShankPitchResult::gap)
      .def_readonly("flags", &ShankPitchResult::flags);
  m.def("shank_pitch", &orientation::shank_pitch, py::arg("recording"), py::arg("params") = ShankPitchParams{},
        py::call_guard<py::gil_scoped_release>(),
        "Shank sagittal pitch (deg, + = ankle forward of the knee) and pitch rate (deg/s, + = forward swing).");
  m.def("shank_pitch_segment", &orientation::shank_pitch_segment, py::arg("acc_mps2"), py::arg("gyr_dps"),
        py::arg("sampling_rate_hz"), py::arg("params") = ShankPitchParams{}, py::arg("side") = Side::Left,
        py::call_guard<py::gil_scoped_release>(), "Shank pitch from signals already in the segment frame.");

  // ---- events
  using events::ShankEventParams;
  py::class_<ShankEventParams>(m, "ShankEventParams", "Shank-IMU event detection settings (Hz, deg/s, s, fractions).")
      .def(py::init<>())
      .def_readwrite("swing_cutoff_hz", &ShankEventParams::swing_cutoff_hz)
      .def_readwrite("event_cutoff_hz", &ShankEventParams::event_cutoff_hz)
      .def_readwrite("min_swing_peak_dps", &ShankEventParams::min_swing_peak_dps)
      .def_readwrite("swing_peak_fraction", &ShankEventParams::swing_peak_fraction)
      .def_readwrite("min_stride_s", &ShankEventParams::min_stride_s)
      .def_readwrite("max_stride_s", &ShankEventParams::max_stride_s)
      .def_readwrite("fc_search_fraction", &ShankEventParams::fc_search_fraction)
      .def_readwrite("ic_search_fraction", &ShankEventParams::ic_search_fraction)
      .def_readwrite("ic_min_prominence_fraction", &ShankEventParams::ic_min_prominence_fraction);
  using events::ShankContactParams;
  py::class_<ShankContactParams>(m, "ShankContactParams",
                                 "Contact-aligned IC from the heel-strike impact in the shank's ``|acc|`` (s, Hz, ratio).")
      .def(py::init<>())
      .def_readwrite("search_before_s", &ShankContactParams::search_before_s)
      .def_readwrite("search_after_s", &ShankContactParams::search_after_s)
      .def_readwrite("first_rise_fraction", &ShankContactParams::first_rise_fraction)
      .def_readwrite("onset_lookback_s", &ShankContactParams::onset_lookback_s)
      .def_readwrite("residual_cutoff_hz", &ShankContactParams::residual_cutoff_hz)
      .def_readwrite("min_impact_ratio", &ShankContactParams::min_impact_ratio);
  using events::ShankEventResult;
  py::class_<ShankEventResult>(m, "ShankEventResult",
                               "Shank events: ``events.ic`` is the pitch-rate minimum after contact (loading "
                               "response); ``ic_contact`` the contact-aligned IC (heel-strike impact onset in "
                               "``|acc|``), only where an impact is visible.")
      .def_readonly("events", &ShankEventResult::events)
      .def_readonly("ic_contact", &ShankEventResult::ic_contact)
      .def_readonly("impact_noise_mps2", &ShankEventResult::impact_noise_mps2)
      .def_readonly("smoothed_rate_dps", &ShankEventResult::smoothed_rate_dps)
      .def_readonly("stride_period_s", &ShankEventResult::stride_period_s)
      .def_readonly("typical_swing_peak_dps", &ShankEventResult::typical_swing_peak_dps)
      .def_readonly("swing_peak_dps", &ShankEventResult::swing_peak_dps)
      .def_readonly("flags", &ShankEventResult::flags);
  m.def(
      "detect_shank_events",
      [](const Series& pitch_rate_dps, double sampling_rate_hz, Side side, const ShankEventParams& params) {
        return events::detect_shank_events(pitch_rate_dps, sampling_rate_hz, side, params);
      },
      py::arg("pitch_rate_dps"), py::arg("sampling_rate_hz"), py::arg("side"), py::arg("params") = ShankEventParams{},
      py::call_guard<py::gil_scoped_release>(),
      "IC, FC and mid-swing (MS) from a shank pitch rate (deg/s, + = forward swing).");
  m.def(
      "detect_shank_events_imu",
      [](const ImuRecording& shank, const ShankEventParams& params, const ShankPitchParams& pitch_params,
         const ShankContactParams& contact_params) {
        return events::detect_shank_events(shank, params, pitch_params, contact_params);
      },
      py::arg("recording"), py::arg("params") = ShankEventParams{}, py::arg("pitch_params") = ShankPitchParams{},
      py::arg("contact_params") = ShankContactParams{}, py::call_guard<py::gil_scoped_release>(),
      "IC, FC and MS from a raw shank recording (aligned first), with the contact-aligned IC (``ic_contact``).");
  m.def(
      "detect_shank_contacts",
      [](ShankEventResult result, const Vec3Series& acc_mps2, const ShankContactParams& params) {
        events::detect_shank_contacts(result, acc_mps2, params);
        return result;
      },
      py::arg("result"), py::arg("acc_mps2"), py::arg("params") = ShankContactParams{},
      py::call_guard<py::gil_scoped_release>(),
      "A copy of ``result`` with ``ic_contact``: the heel-strike impact onset in ``|acc|`` near each IC.");

  // ---- ankle metrics
  py::enum_<metrics::AnkleZero>(m, "AnkleZero")
      .value("NONE", metrics::AnkleZero::None)
      .value("USER_OFFSET", metrics::AnkleZero::UserOffset)
      .value("USER_INTERVAL", metrics::AnkleZero::UserInterval)
      .value("STANDING", metrics::AnkleZero::Standing);
  using metrics::AnkleAngleParams;
  py::class_<AnkleAngleParams>(m, "AnkleAngleParams", "Where the ankle's 0° comes from, and what counts as standing.")
      .def(py::init<>())
      .def_readwrite("zero_offset_deg", &AnkleAngleParams::zero_offset_deg)
      .def_readwrite("standing_interval_s", &AnkleAngleParams::standing_interval_s)
      .def_readwrite("find_standing", &AnkleAngleParams::find_standing)
      .def_readwrite("min_standing_s", &AnkleAngleParams::min_standing_s)
      .def_readwrite("max_standing_rate_dps", &AnkleAngleParams::max_standing_rate_dps)
      .def_readwrite("max_standing_pitch_deg", &AnkleAngleParams::max_standing_pitch_deg);
  using metrics::AnkleAngleResult;
  py::class_<AnkleAngleResult>(m, "AnkleAngleResult")
      .def_readonly("ankle_deg", &AnkleAngleResult::ankle_deg)
      .def_readonly("sampling_rate_hz", &AnkleAngleResult::sampling_rate_hz)
      .def_readonly("start_time_s", &AnkleAngleResult::start_time_s)
      .def_readonly("zero_offset_deg", &AnkleAngleResult::zero_offset_deg)
      .def_readonly("zero", &AnkleAngleResult::zero)
      .def_property_readonly("standing", [](const AnkleAngleResult& r) { return range_or_none(r.standing); })
      .def_readonly("flags", &AnkleAngleResult::flags);
  m.def(
      "ankle_angle",
      [](const Series& foot_pitch_deg, const Series& shank_pitch_deg, double sampling_rate_hz,
         std::optional<double> shank_rate_hz, double foot_start_s, double shank_start_s,
         const AnkleAngleParams& params) {
        return metrics::ankle_angle(foot_pitch_deg, sampling_rate_hz, foot_start_s, shank_pitch_deg,
                                    shank_rate_hz.value_or(sampling_rate_hz), shank_start_s, params);
      },
      py::arg("foot_pitch_deg"), py::arg("shank_pitch_deg"), py::arg("sampling_rate_hz"), py::kw_only(),
      py::arg("shank_rate_hz") = py::none(), py::arg("foot_start_s") = 0.0, py::arg("shank_start_s") = 0.0,
      py::arg("params") = AnkleAngleParams{}, py::call_guard<py::gil_scoped_release>(),
      R"doc(Ankle angle (deg, dorsiflexion +) = foot pitch − shank pitch − zero, on the shank's clock.

``sampling_rate_hz`` is the foot's rate (and the shank's unless ``shank_rate_hz`` is given); the
start times place both on one clock. The zero: ``params.zero_offset_deg``, else the median over
``params.standing_interval_s``, else a still, upright period found automatically, else none (flagged).)doc");
  using metrics::AnkleCycleParams;
  py::class_<AnkleCycleParams>(m, "AnkleCycleParams")
      .def(py::init<>())
      .def_readwrite("plantarflexion_swing_fraction", &AnkleCycleParams::plantarflexion_swing_fraction)
      .def_readwrite("max_missing_fraction", &AnkleCycleParams::max_missing_fraction);
  m.def("ankle_columns", &metrics::ankle_columns, "Names of the per-cycle ankle metrics, in column order.");
  m.def("ankle_cycle_metrics", &metrics::ankle_cycle_metrics, py::arg("ankle_deg"), py::arg("cycles"),
        py::arg("params") = AnkleCycleParams{}, py::call_guard<py::gil_scoped_release>(),
        "(cycles, len(ankle_columns())) array: angle at IC and FC, peak dorsiflexion, peak plantarflexion, "
        "push-off excursion, ROM (deg).");
  m.def("add_ankle_columns", &metrics::add_ankle_columns, py::arg("table"), py::arg("left_ankle_deg"),
        py::arg("right_ankle_deg"), py::arg("params") = AnkleCycleParams{},
        "Adds the ankle columns to a CycleTable in place (empty array = that side NaN).");
  using metrics::ShankPushOffParams;
  py::class_<ShankPushOffParams>(m, "ShankPushOffParams")
      .def(py::init<>())
      .def_readwrite("toe_off_window_fraction", &ShankPushOffParams::toe_off_window_fraction);
  m.def("shank_push_off_columns", &metrics::shank_push_off_columns);
  m.def("shank_push_off_metrics", &metrics::shank_push_off_metrics, py::arg("pitch_rate_dps"), py::arg("cycles"),
        py::arg("params") = ShankPushOffParams{}, py::call_guard<py::gil_scoped_release>(),
        "(cycles, 2) array: shank rotation speed at toe-off and peak swing speed (deg/s). Indicators, not "
        "push-off itself: see the C++ header for their limits.");
  m.def("add_shank_push_off_columns", &metrics::add_shank_push_off_columns, py::arg("table"),
        py::arg("left_pitch_rate_dps"), py::arg("right_pitch_rate_dps"), py::arg("params") = ShankPushOffParams{});
  using metrics::AnkleMetricComparison;
  py::class_<AnkleMetricComparison>(m, "AnkleMetricComparison")
      .def_readonly("metric", &AnkleMetricComparison::metric)
      .def_readonly("left", &AnkleMetricComparison::left)
      .def_readonly("right", &AnkleMetricComparison::right)
      .def_readonly("asymmetry_index_percent", &AnkleMetricComparison::asymmetry_index_percent);
  m.def("summarize_ankle", &metrics::summarize_ankle, py::arg("table"),
        "Per-side summary (valid cycles) and asymmetry index of every ankle and shank push-off column.");

  // ---- pipeline
  using pipeline::ShankPipelineParams;
  py::class_<ShankPipelineParams>(m, "ShankPipelineParams")
      .def(py::init<>())
      .def_readwrite("pitch", &ShankPipelineParams::pitch)
      .def_readwrite("events", &ShankPipelineParams::events)
      .def_readwrite("contact", &ShankPipelineParams::contact)
      .def_readwrite("cycles", &ShankPipelineParams::cycles)
      .def_readwrite("push_off", &ShankPipelineParams::push_off)
      .def_readwrite("ankle", &ShankPipelineParams::ankle)
      .def_readwrite("ankle_cycles", &ShankPipelineParams::ankle_cycles)
      .def_readwrite("foot", &ShankPipelineParams::foot)
      .def_readwrite("use_foot_imus", &ShankPipelineParams::use_foot_imus)
      .def_readwrite("max_gap_s", &ShankPipelineParams::max_gap_s)
      .def_readwrite("min_duration_s", &ShankPipelineParams::min_duration_s);
  using pipeline::ShankAnalysis;
  py::class_<ShankAnalysis>(m, "ShankAnalysis", "Everything the shank pipeline computed for one leg.")
      .def_readonly("side", &ShankAnalysis::side)
      .def_readonly("sampling_rate_hz", &ShankAnalysis::sampling_rate_hz)
      .def_readonly("start_time_s", &ShankAnalysis::start_time_s)
      .def_readonly("pitch", &ShankAnalysis::pitch)
      .def_readonly("events", &ShankAnalysis::events)
      .def_readonly("cycles", &ShankAnalysis::cycles)
      .def_readonly("ankle", &ShankAnalysis::ankle)
      .def_readonly("foot_events", &ShankAnalysis::foot_events)
      .def_readonly("flags", &ShankAnalysis::flags);
  m.def(
      "analyze_shank_imu",
      [](const ImuRecording& shank, std::optional<ImuRecording> foot, const ShankPipelineParams& params) {
        return pipeline::analyze_shank_imu(shank, foot ? &*foot : nullptr, params);
      },
      py::arg("shank"), py::arg("foot") = py::none(), py::arg("params") = ShankPipelineParams{},
      py::call_guard<py::gil_scoped_release>(), "The shank pipeline on one leg (with its foot IMU for the ankle angle).");
  m.def(
      "analyze_shank_imus",
      [](const Session& session, const ShankPipelineParams& params) { return pipeline::analyze_shank_imus(session, params); },
      py::arg("session"),
        py::arg("params") = ShankPipelineParams{}, py::call_guard<py::gil_scoped_release>(),
        "Shank pipeline on every shank IMU of a session: CycleTable source 'shank_imu' with spatiotemporal, "
        "shank push-off and (when the leg has a foot IMU) ankle columns.");
}

}  // namespace secondheart::python
