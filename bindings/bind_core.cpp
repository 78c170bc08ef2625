// Value types of core/: sides, recordings, sessions, events, cycles, tables, quality flags, unit checks.
#include <pybind11/numpy.h>

#include "bindings.hpp"
#include "secondheart/core.hpp"
#include "secondheart/metrics/summary.hpp"

namespace secondheart::python {

void bind_core(py::module_& m) {
  py::enum_<Side>(m, "Side").value("LEFT", Side::Left).value("RIGHT", Side::Right);
  py::enum_<Placement>(m, "Placement").value("FOOT", Placement::Foot).value("SHANK", Placement::Shank);
  py::enum_<AxesFrame>(m, "AxesFrame").value("SENSOR", AxesFrame::Sensor).value("SEGMENT", AxesFrame::Segment);
  py::enum_<GyroUnit>(m, "GyroUnit")
      .value("DEG_PER_S", GyroUnit::DegreesPerSecond)
      .value("RAD_PER_S", GyroUnit::RadiansPerSecond);
  py::enum_<AccUnit>(m, "AccUnit").value("M_PER_S2", AccUnit::MetresPerSecond2).value("G", AccUnit::StandardGravity);
  py::enum_<CycleStatus>(m, "CycleStatus")
      .value("VALID", CycleStatus::Valid)
      .value("TOO_SHORT", CycleStatus::TooShort)
      .value("TOO_LONG", CycleStatus::TooLong)
      .value("INCOMPLETE", CycleStatus::Incomplete)
      .value("TURN", CycleStatus::Turn)
      .value("IRREGULAR", CycleStatus::Irregular)
      .value("BAD_DATA", CycleStatus::BadData);

  py::class_<ImuRecording>(m, "ImuRecording", "One 6-axis IMU on one segment (acc m/s², gyro deg/s).")
      .def(py::init<>())
      .def_readwrite("side", &ImuRecording::side)
      .def_readwrite("placement", &ImuRecording::placement)
      .def_readwrite("sampling_rate_hz", &ImuRecording::sampling_rate_hz)
      .def_readwrite("acc_mps2", &ImuRecording::acc_mps2)
      .def_readwrite("gyr_dps", &ImuRecording::gyr_dps)
      .def_readwrite("frame", &ImuRecording::frame)
      .def_readwrite("start_time_s", &ImuRecording::start_time_s)
      .def_property_readonly("duration_s", &ImuRecording::duration_s)
      .def("__len__", &ImuRecording::size)
      .def("__repr__", [](const ImuRecording& r) {
        return "<ImuRecording " + std::string(to_string(r.side)) + " " + std::string(to_string(r.placement)) + ", " +
               std::to_string(r.size()) + " samples at " + std::to_string(r.sampling_rate_hz) + " Hz>";
      });

  py::class_<InsoleRecording>(m, "InsoleRecording", "One pressure insole: per-cell vertical force (N).")
      .def(py::init<>())
      .def_readwrite("side", &InsoleRecording::side)
      .def_readwrite("sampling_rate_hz", &InsoleRecording::sampling_rate_hz)
      .def_readwrite("cell_force_n", &InsoleRecording::cell_force_n)
      .def_readwrite("cell_position_m", &InsoleRecording::cell_position_m)
      .def_readwrite("foot_length_m", &InsoleRecording::foot_length_m)
      .def_readwrite("total_force_n", &InsoleRecording::total_force_n)
      .def_readwrite("start_time_s", &InsoleRecording::start_time_s)
      .def_property_readonly("duration_s", &InsoleRecording::duration_s)
      .def("total", &InsoleRecording::total, "Total vertical force (N): the device's total, else the cell sum.")
      .def("__len__", &InsoleRecording::size)
      .def("__repr__", [](const InsoleRecording& r) {
        return "<InsoleRecording " + std::string(to_string(r.side)) + ", " + std::to_string(r.cell_count()) +
               " cells, " + std::to_string(r.size()) + " samples at " + std::to_string(r.sampling_rate_hz) + " Hz>";
      });

  py::class_<SubjectInfo>(m, "SubjectInfo")
      .def(py::init<>())
      .def(py::init([](std::optional<double> mass, std::optional<double> height, std::optional<double> age) {
             return SubjectInfo{mass, height, age};
           }),
           py::kw_only(), py::arg("body_mass_kg") = py::none(), py::arg("height_m") = py::none(),
           py::arg("age_years") = py::none())
      .def_readwrite("body_mass_kg", &SubjectInfo::body_mass_kg)
      .def_readwrite("height_m", &SubjectInfo::height_m)
      .def_readwrite("age_years", &SubjectInfo::age_years);

  py::class_<Session>(m, "Session", "Everything recorded at one time from one person.")
      .def(py::init<>())
      .def_readwrite("name", &Session::name)
      .def_readwrite("imus", &Session::imus)
      .def_readwrite("insoles", &Session::insoles)
      .def_readwrite("subject", &Session::subject)
      .def("__repr__", [](const Session& s) {
        return "<Session '" + s.name + "': " + std::to_string(s.imus.size()) + " IMUs, " +
               std::to_string(s.insoles.size()) + " insoles>";
      });

  py::class_<GaitEvents>(m, "GaitEvents", "Events of one foot as sample indices (IC, FC, HO, MS).")
      .def(py::init<>())
      .def_readwrite("side", &GaitEvents::side)
      .def_readwrite("sampling_rate_hz", &GaitEvents::sampling_rate_hz)
      .def_readwrite("ic", &GaitEvents::ic)
      .def_readwrite("fc", &GaitEvents::fc)
      .def_readwrite("ho", &GaitEvents::ho)
      .def_readwrite("ms", &GaitEvents::ms);

  py::class_<Cycle>(m, "Cycle", "One stride: IC -> next IC, with FC and HO (-1 when not detected).")
      .def(py::init<>())
      .def_readwrite("side", &Cycle::side)
      .def_readwrite("ic", &Cycle::ic)
      .def_readwrite("next_ic", &Cycle::next_ic)
      .def_readwrite("fc", &Cycle::fc)
      .def_readwrite("ho", &Cycle::ho)
      .def_readwrite("status", &Cycle::status)
      .def_property_readonly("valid", &Cycle::valid);

  py::enum_<FlagSeverity>(m, "FlagSeverity").value("INFO", FlagSeverity::Info).value("WARNING", FlagSeverity::Warning);
  py::class_<QualityFlag>(m, "QualityFlag")
      .def(py::init<>())
      .def_readwrite("code", &QualityFlag::code)
      .def_readwrite("side", &QualityFlag::side)
      .def_readwrite("message", &QualityFlag::message)
      .def_readwrite("severity", &QualityFlag::severity)
      .def("__repr__", [](const QualityFlag& f) { return "<QualityFlag " + f.code + ": " + f.message + ">"; });

  py::class_<CycleTable>(m, "CycleTable", "Per-cycle metrics: one row per cycle, named columns.")
      .def(py::init<>())
      .def_readwrite("source", &CycleTable::source)
      .def_readwrite("cycles", &CycleTable::cycles)
      .def_readwrite("sampling_rate_hz", &CycleTable::sampling_rate_hz)
      .def_readwrite("columns", &CycleTable::columns)
      .def_readwrite("values", &CycleTable::values)
      .def("column", &CycleTable::column, py::arg("name"))
      .def("set_column", &CycleTable::set_column, py::arg("name"), py::arg("data"))
      .def(
          "cycle_fields",
          [](const CycleTable& t) {
            // One array per Cycle field: a table of thousands of strides reaches pandas without a
            // Python object per stride.
            const auto n = static_cast<py::ssize_t>(t.cycles.size());
            py::array_t<std::int64_t> ic(n), next_ic(n), fc(n), ho(n);
            py::array_t<std::int8_t> side(n), status(n);
            py::array_t<bool> valid(n);
            auto valid_v = valid.mutable_unchecked<1>();
            auto ic_v = ic.mutable_unchecked<1>(), next_v = next_ic.mutable_unchecked<1>();
            auto fc_v = fc.mutable_unchecked<1>(), ho_v = ho.mutable_unchecked<1>();
            auto side_v = side.mutable_unchecked<1>(), status_v = status.mutable_unchecked<1>();
            for (py::ssize_t i = 0; i < n; ++i) {
              const Cycle& c = t.cycles[static_cast<std::size_t>(i)];
              ic_v(i) = c.ic, next_v(i) = c.next_ic, fc_v(i) = c.fc, ho_v(i) = c.ho;
              side_v(i) = static_cast<std::int8_t>(c.side), status_v(i) = static_cast<std::int8_t>(c.status);
              valid_v(i) = c.valid();
            }
            py::dict out;
            out["ic"] = ic, out["next_ic"] = next_ic, out["fc"] = fc, out["ho"] = ho;
            out["side"] = side, out["status"] = status, out["valid"] = valid;
            return out;
          },
          "The cycles' fields as arrays: ic, next_ic, fc, ho (samples, -1 = none), side and status "
          "(the int values of Side and CycleStatus), valid.");

  py::class_<metrics::MetricSummary>(m, "MetricSummary")
      .def_readonly("metric", &metrics::MetricSummary::metric)
      .def_readonly("side", &metrics::MetricSummary::side)
      .def_readonly("n_cycles", &metrics::MetricSummary::n_cycles)
      .def_readonly("median", &metrics::MetricSummary::median)
      .def_readonly("q1", &metrics::MetricSummary::q1)
      .def_readonly("q3", &metrics::MetricSummary::q3)
      .def_readonly("iqr", &metrics::MetricSummary::iqr)
      .def_readonly("mean", &metrics::MetricSummary::mean)
      .def_readonly("sd", &metrics::MetricSummary::sd)
      .def_readonly("cv_percent", &metrics::MetricSummary::cv_percent);
  m.def("summarize", &metrics::summarize, py::arg("table"), "Median, IQR, CV per metric and side (valid cycles).");
  m.def("asymmetry_index_percent", &metrics::asymmetry_index_percent, py::arg("left"), py::arg("right"));
  m.def("summary_asymmetry_index_percent", &metrics::summary_asymmetry_index_percent, py::arg("left"), py::arg("right"),
        "Asymmetry index of two side summaries; NaN where a ratio means nothing (opposite signs, median within its IQR of 0).");

  m.def(
      "validate_imu",
      [](ImuRecording rec, std::optional<AccUnit> acc_unit, std::optional<GyroUnit> gyro_unit) {
        validate_imu(rec, DeclaredUnits{acc_unit, gyro_unit});
        return rec;
      },
      py::arg("recording"), py::kw_only(), py::arg("acc_unit") = py::none(), py::arg("gyro_unit") = py::none(),
      "Checks an IMU recording (shapes, rate, units) and returns it in m/s² and deg/s.");
  m.def("validate_insole", &validate_insole, py::arg("recording"));
  m.def("sampling_rate_from_time", &sampling_rate_from_time, py::arg("time_s"),
        "Sampling rate (Hz) of a strictly increasing, uniform time axis (s).");
}

}  // namespace secondheart::python
