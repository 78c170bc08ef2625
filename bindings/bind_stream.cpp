// Streaming analysis: secondheart/stream/*.hpp. push() releases the GIL (it may run a window's analysis).
#include <limits>

#include "bindings.hpp"
#include "secondheart/stream.hpp"

namespace secondheart::python {

void bind_stream(py::module_& m) {
  using namespace secondheart::stream;
  const auto release = py::call_guard<py::gil_scoped_release>();

  py::class_<StreamParams>(m, "StreamParams", "Window, hop, guard and lead of a stream (s); see docs/stream.md.")
      .def(py::init<>())
      .def_readwrite("window_s", &StreamParams::window_s)
      .def_readwrite("hop_s", &StreamParams::hop_s)
      .def_readwrite("guard_s", &StreamParams::guard_s)
      .def_readwrite("lead_s", &StreamParams::lead_s)
      .def_readwrite("max_gap_s", &StreamParams::max_gap_s)
      .def_readwrite("rate_tolerance", &StreamParams::rate_tolerance)
      .def_readwrite("same_ic_samples", &StreamParams::same_ic_samples);

  py::class_<ActivityUpdate>(m, "ActivityUpdate", "Walking bouts and clock hours an ActivityStream made final.")
      .def(py::init<>())
      .def_readonly("bouts", &ActivityUpdate::bouts)
      .def_readonly("hours", &ActivityUpdate::hours)
      .def("empty", &ActivityUpdate::empty)
      .def("append", &ActivityUpdate::append, py::arg("other"));

  py::class_<StreamUpdate>(m, "StreamUpdate", "What one push() or close() produced: new strides, events, flags.")
      .def(py::init<>())
      .def_readonly("strides", &StreamUpdate::strides)
      .def_readonly("stride_warming_up", &StreamUpdate::stride_warming_up)
      .def_readonly("events", &StreamUpdate::events)
      .def_readonly("flags", &StreamUpdate::flags)
      .def_readonly("warming_up", &StreamUpdate::warming_up)
      .def_readonly("samples_seen", &StreamUpdate::samples_seen)
      .def_readonly("activity", &StreamUpdate::activity)
      .def("append", &StreamUpdate::append, py::arg("other"));

  py::class_<ActivityStreamParams>(m, "ActivityStreamParams",
                                   "The activity parameters (bout rule, clock offset, habit) and ic_latency_s (s).")
      .def(py::init<>())
      .def(py::init([](const activity::ActivityParams& a, double latency) { return ActivityStreamParams{a, latency}; }),
           py::arg("activity"), py::arg("ic_latency_s") = 31.0)
      .def_readwrite("activity", &ActivityStreamParams::activity)
      .def_readwrite("ic_latency_s", &ActivityStreamParams::ic_latency_s);

  py::class_<ActivityStream>(m, "ActivityStream",
                             "Walking bouts and clock hours from the strides of sensor streams, each once final.")
      .def(py::init<double, std::vector<Side>, ActivityStreamParams>(), py::arg("sampling_rate_hz"), py::arg("sides"),
           py::arg("params") = ActivityStreamParams{})
      .def("push", &ActivityStream::push, py::arg("update"))
      .def("push_stride", &ActivityStream::push_stride, py::arg("side"), py::arg("ic_sample"),
           py::arg("status") = CycleStatus::Valid, py::arg("speed_mps") = NaN)
      .def("push_contact", &ActivityStream::push_contact, py::arg("side"), py::arg("ic_sample"))
      .def("advance", &ActivityStream::advance, py::arg("side"), py::arg("samples_seen"))
      .def("close", &ActivityStream::close)
      .def_property_readonly("buffered", &ActivityStream::buffered)
      .def_property_readonly("closed", &ActivityStream::closed)
      .def_property_readonly("sampling_rate_hz", &ActivityStream::sampling_rate_hz);

  auto optional_times = [](const std::optional<Series>& t) { return t ? &*t : nullptr; };

  py::class_<FootImuStream>(m, "FootImuStream", "The foot-IMU pipeline on a stream of chunks of one foot.")
      .def(py::init<double, Side, pipeline::FootImuPipelineParams, const StreamParams&, AxesFrame>(),
           py::arg("sampling_rate_hz"), py::arg("side"), py::arg("pipeline") = pipeline::FootImuPipelineParams{},
           py::arg("params") = StreamParams{}, py::arg("frame") = AxesFrame::Sensor)
      .def(
          "push",
          [optional_times](FootImuStream& s, const Vec3Series& acc, const Vec3Series& gyr,
                           const std::optional<Series>& t) { return s.push(acc, gyr, optional_times(t)); },
          py::arg("acc_mps2"), py::arg("gyr_dps"), py::arg("timestamps_s") = py::none(), release)
      .def("close", &FootImuStream::close, release)
      .def_property_readonly("warming_up", &FootImuStream::warming_up)
      .def_property_readonly("closed", &FootImuStream::closed)
      .def_property_readonly("samples_seen", &FootImuStream::samples_seen)
      .def_property_readonly("sampling_rate_hz", &FootImuStream::sampling_rate_hz)
      .def_property_readonly("side", &FootImuStream::side)
      .def_property_readonly("rest_threshold_dps", &FootImuStream::rest_threshold_dps,
                             "running rest-detection split (deg/s) of the samples taken into the estimates")
      .def_property_readonly("estimate_samples", &FootImuStream::estimate_samples,
                             "samples taken into the running estimates (those that left the window)");

  py::class_<ShankImuStream>(m, "ShankImuStream", "The shank pipeline on a stream of chunks of one shank.")
      .def(py::init<double, Side, pipeline::ShankPipelineParams, const StreamParams&, AxesFrame>(),
           py::arg("sampling_rate_hz"), py::arg("side"), py::arg("pipeline") = pipeline::ShankPipelineParams{},
           py::arg("params") = StreamParams{}, py::arg("frame") = AxesFrame::Sensor)
      .def(
          "push",
          [optional_times](ShankImuStream& s, const Vec3Series& acc, const Vec3Series& gyr,
                           const std::optional<Series>& t) { return s.push(acc, gyr, optional_times(t)); },
          py::arg("acc_mps2"), py::arg("gyr_dps"), py::arg("timestamps_s") = py::none(), release)
      .def("close", &ShankImuStream::close, release)
      .def_property_readonly("warming_up", &ShankImuStream::warming_up)
      .def_property_readonly("closed", &ShankImuStream::closed)
      .def_property_readonly("samples_seen", &ShankImuStream::samples_seen)
      .def_property_readonly("sampling_rate_hz", &ShankImuStream::sampling_rate_hz)
      .def_property_readonly("side", &ShankImuStream::side);

  py::class_<InsoleStream>(m, "InsoleStream", "The insole pipeline on a stream of chunks of one insole.")
      .def(py::init<double, Side, Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor>, double,
                    pipeline::InsolePipelineParams, const StreamParams&>(),
           py::arg("sampling_rate_hz"), py::arg("side"), py::arg("cell_position_m"), py::arg("foot_length_m") = 0.26,
           py::arg("pipeline") = pipeline::InsolePipelineParams{}, py::arg("params") = StreamParams{})
      .def(
          "push",
          [optional_times](InsoleStream& s, const ChannelSeries& force, const std::optional<Series>& t) {
            return s.push(force, optional_times(t));
          },
          py::arg("cell_force_n"), py::arg("timestamps_s") = py::none(), release)
      .def("close", &InsoleStream::close, release)
      .def_property_readonly("warming_up", &InsoleStream::warming_up)
      .def_property_readonly("closed", &InsoleStream::closed)
      .def_property_readonly("samples_seen", &InsoleStream::samples_seen)
      .def_property_readonly("sampling_rate_hz", &InsoleStream::sampling_rate_hz)
      .def_property_readonly("side", &InsoleStream::side)
      .def_property_readonly("cell_count", &InsoleStream::cell_count);

  py::class_<Agreement>(m, "StreamAgreement", "Stream strides against batch (compare_with_batch).")
      .def_readonly("batch_strides", &Agreement::batch_strides)
      .def_readonly("beyond_window", &Agreement::beyond_window)
      .def_readonly("warm_up", &Agreement::warm_up)
      .def_readonly("compared", &Agreement::compared)
      .def_readonly("found", &Agreement::found)
      .def_readonly("same_events", &Agreement::same_events)
      .def_readonly("same_status", &Agreement::same_status)
      .def_readonly("agree", &Agreement::agree)
      .def_readonly("worst_column", &Agreement::worst_column)
      .def_readonly("worst_relative", &Agreement::worst_relative)
      .def_readonly("disagreements", &Agreement::disagreements)
      .def_property_readonly("fraction", &Agreement::fraction);
  m.def("compare_stream_with_batch", &compare_with_batch, py::arg("stream"), py::arg("stream_warming_up"),
        py::arg("batch"), py::arg("samples") = 1, py::arg("relative") = 0.01, py::arg("angle_floor_deg") = 0.0,
        py::arg("length_floor_m") = 0.0, py::arg("window_samples") = std::numeric_limits<Index>::max(),
        py::arg("warm_up_end") = Index{-1}, release);
}

}  // namespace secondheart::python
