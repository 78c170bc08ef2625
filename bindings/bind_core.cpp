// Value types of core/: sides, recordings, sessions, events, cycles, tables, quality flags, unit checks.
#include <pybind11/numpy.h>

#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "secondheart/core.hpp"
#include "secondheart/metrics/summary.hpp"

namespace secondheart::python {
namespace {

/// What an array setter takes: NumPy hands over a C-contiguous float64 array as it is (no copy) and
/// converts anything else (float32, int, Fortran order, strided views, nested lists) in one pass.
using InputArray = py::array_t<double, py::array::c_style | py::array::forcecast>;

/// An array whose shape cannot be the member's: a ValueError (what was expected, what was got) that
/// is also a TypeError, which is what pybind11's Eigen conversion raised before (docs/bad_input.md).
struct ArrayShapeError : InvalidArgument {
  using InvalidArgument::InvalidArgument;
};

std::string shape_text(const InputArray& a) {
  std::string out = "(";
  for (py::ssize_t d = 0; d < a.ndim(); ++d) out += (d ? ", " : "") + std::to_string(a.shape(d));
  return out + (a.ndim() == 1 ? ",)" : ")");
}

/// Copies `a` into the row-major Eigen member `dst` with one memcpy (the member's memory is reused
/// when the size is unchanged). `cols` = the member's fixed column count, or -1 for any. Shapes as
/// pybind11's Eigen conversion took them: (n, cols); a 1-D array is one row when `cols` is fixed,
/// one column otherwise.
template <class Matrix>
void assign_rows(Matrix& dst, const InputArray& a, const char* what, Index cols) {
  Index rows = 0, width = 0;
  if (a.ndim() == 2) {
    rows = a.shape(0), width = a.shape(1);
  } else if (a.ndim() == 1) {
    rows = cols > 0 ? 1 : a.shape(0), width = cols > 0 ? a.shape(0) : 1;
  } else {
    width = -1;
  }
  if (width < 0 || (cols > 0 && width != cols))
    throw ArrayShapeError(std::string(what) + ": expected an array of shape (n, " +
                          (cols > 0 ? std::to_string(cols) : std::string("k")) + "), got shape " + shape_text(a));
  dst.resize(rows, width);
  if (rows * width > 0) std::memcpy(dst.data(), a.data(), static_cast<std::size_t>(rows * width) * sizeof(double));
}

/// A 1-D series: (n,), (n, 1) or (1, n).
void assign_series(Series& dst, const InputArray& a, const char* what) {
  const bool ok = a.ndim() == 1 || (a.ndim() == 2 && (a.shape(0) == 1 || a.shape(1) == 1));
  if (!ok) throw ArrayShapeError(std::string(what) + ": expected an array of shape (n,), got shape " + shape_text(a));
  dst.resize(a.size());
  if (a.size() > 0) std::memcpy(dst.data(), a.data(), static_cast<std::size_t>(a.size()) * sizeof(double));
}

/// The recordings of a list, copied once into a new vector (a list of references: no intermediate copy).
template <class Recording>
std::vector<Recording> copy_recordings(const std::vector<const Recording*>& items, const char* what) {
  std::vector<Recording> out;
  out.reserve(items.size());
  for (const Recording* item : items) {
    if (item == nullptr) throw py::type_error(std::string(what) + ": expected recordings, got None");
    out.push_back(*item);
  }
  return out;
}

/// A dict's value at `key` as T, or `fallback` when absent.
template <class T>
T get_or(const py::dict& d, const char* key, T fallback) {
  return d.contains(key) ? d[key].cast<T>() : fallback;
}

/// Checks that `d` holds the `required` keys and no key outside `allowed` (a typo would be ignored).
void check_keys(const py::dict& d, std::initializer_list<const char*> required,
                std::initializer_list<const char*> allowed, const char* what) {
  std::string names;
  for (const char* a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
  for (const char* r : required)
    SECONDHEART_CHECK(d.contains(r), what, ": expected the keys ", names, " (", r, " required), '", r, "' is missing");
  for (auto item : d) {
    const auto key = py::str(item.first).cast<std::string>();
    bool known = false;
    for (const char* a : allowed) known = known || key == a;
    SECONDHEART_CHECK(known, what, ": expected the keys ", names, ", got '", key, "'");
  }
}

/// An IMU recording built in place from a dict of arrays: one memcpy per array.
void emplace_imu(Session& s, const py::dict& d) {
  check_keys(d, {"side", "sampling_rate_hz", "acc_mps2", "gyr_dps"},
             {"side", "placement", "sampling_rate_hz", "acc_mps2", "gyr_dps", "frame", "start_time_s"}, "imus");
  ImuRecording& rec = s.imus.emplace_back();
  rec.side = d["side"].cast<Side>();
  rec.placement = get_or(d, "placement", Placement::Foot);
  rec.sampling_rate_hz = d["sampling_rate_hz"].cast<double>();
  rec.frame = get_or(d, "frame", AxesFrame::Sensor);
  rec.start_time_s = get_or(d, "start_time_s", 0.0);
  assign_rows(rec.acc_mps2, d["acc_mps2"].cast<InputArray>(), "acc_mps2", 3);
  assign_rows(rec.gyr_dps, d["gyr_dps"].cast<InputArray>(), "gyr_dps", 3);
}

/// An insole recording built in place from a dict of arrays: one memcpy per array.
void emplace_insole(Session& s, const py::dict& d) {
  check_keys(d, {"side", "sampling_rate_hz", "cell_force_n", "cell_position_m"},
             {"side", "sampling_rate_hz", "cell_force_n", "cell_position_m", "foot_length_m", "total_force_n",
              "start_time_s"},
             "insoles");
  InsoleRecording& rec = s.insoles.emplace_back();
  rec.side = d["side"].cast<Side>();
  rec.sampling_rate_hz = d["sampling_rate_hz"].cast<double>();
  rec.foot_length_m = get_or(d, "foot_length_m", rec.foot_length_m);
  rec.start_time_s = get_or(d, "start_time_s", 0.0);
  assign_rows(rec.cell_force_n, d["cell_force_n"].cast<InputArray>(), "cell_force_n", -1);
  assign_rows(rec.cell_position_m, d["cell_position_m"].cast<InputArray>(), "cell_position_m", 2);
  if (d.contains("total_force_n") && !d["total_force_n"].is_none())
    assign_series(rec.total_force_n, d["total_force_n"].cast<InputArray>(), "total_force_n");
}

}  // namespace

void bind_core(py::module_& m) {
  {
    // ArrayShapeError: a subclass of both InvalidArgumentError (ValueError) and TypeError. The type
    // lives as long as the interpreter (the module holds it; the translator keeps its own reference).
    py::tuple bases = py::make_tuple(m.attr("InvalidArgumentError"), py::handle(PyExc_TypeError));
    static PyObject* shape_error_type =
        PyErr_NewException("secondheart._core.ArrayShapeError", bases.ptr(), nullptr);
    if (shape_error_type == nullptr) throw py::error_already_set();
    m.attr("ArrayShapeError") = py::reinterpret_borrow<py::object>(shape_error_type);
    py::register_exception_translator([](std::exception_ptr p) {
      try {
        if (p) std::rethrow_exception(p);
      } catch (const ArrayShapeError& e) {
        PyErr_SetString(shape_error_type, e.what());
      }
    });
  }
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
      .def_property(
          "acc_mps2", [](const ImuRecording& r) -> const Vec3Series& { return r.acc_mps2; },
          [](ImuRecording& r, const InputArray& a) { assign_rows(r.acc_mps2, a, "acc_mps2", 3); },
          py::return_value_policy::reference_internal,
          "(n, 3) acceleration, m/s². Reading gives a read-only view of the recording's memory (no copy); "
          "assigning copies the array once (memcpy; float32, integer, Fortran-order or strided arrays are "
          "converted in the same pass), so later changes to the NumPy array do not reach the recording.")
      .def_property(
          "gyr_dps", [](const ImuRecording& r) -> const Vec3Series& { return r.gyr_dps; },
          [](ImuRecording& r, const InputArray& a) { assign_rows(r.gyr_dps, a, "gyr_dps", 3); },
          py::return_value_policy::reference_internal,
          "(n, 3) angular velocity, deg/s: a read-only view on reading, one copy on assignment (as acc_mps2).")
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
      .def_property(
          "cell_force_n", [](const InsoleRecording& r) -> const ChannelSeries& { return r.cell_force_n; },
          [](InsoleRecording& r, const InputArray& a) { assign_rows(r.cell_force_n, a, "cell_force_n", -1); },
          py::return_value_policy::reference_internal,
          "(n, cells) force per cell, N: a read-only view on reading, one copy on assignment.")
      .def_property(
          "cell_position_m",
          [](const InsoleRecording& r) -> const decltype(InsoleRecording::cell_position_m)& { return r.cell_position_m; },
          [](InsoleRecording& r, const InputArray& a) { assign_rows(r.cell_position_m, a, "cell_position_m", 2); },
          py::return_value_policy::reference_internal)
      .def_readwrite("foot_length_m", &InsoleRecording::foot_length_m)
      .def_property(
          "total_force_n", [](const InsoleRecording& r) -> const Series& { return r.total_force_n; },
          [](InsoleRecording& r, const InputArray& a) { assign_series(r.total_force_n, a, "total_force_n"); },
          py::return_value_policy::reference_internal)
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
      .def(py::init([](std::string name, const std::vector<const ImuRecording*>& imus,
                       const std::vector<const InsoleRecording*>& insoles, std::optional<SubjectInfo> subject) {
             Session s;
             s.name = std::move(name);
             s.imus = copy_recordings(imus, "imus");
             s.insoles = copy_recordings(insoles, "insoles");
             if (subject) s.subject = *subject;
             return s;
           }),
           py::kw_only(), py::arg("name") = "", py::arg("imus") = std::vector<const ImuRecording*>{},
           py::arg("insoles") = std::vector<const InsoleRecording*>{}, py::arg("subject") = py::none(),
           "A session holding a copy of each recording (one copy each, at memory speed).")
      .def_static(
          "from_arrays",
          [](const std::vector<py::dict>& imus, const std::vector<py::dict>& insoles, std::string name,
             std::optional<SubjectInfo> subject) {
            Session s;
            s.name = std::move(name);
            s.imus.reserve(imus.size());
            s.insoles.reserve(insoles.size());
            for (const auto& d : imus) emplace_imu(s, d);
            for (const auto& d : insoles) emplace_insole(s, d);
            if (subject) s.subject = *subject;
            return s;
          },
          py::kw_only(), py::arg("imus") = std::vector<py::dict>{}, py::arg("insoles") = std::vector<py::dict>{},
          py::arg("name") = "", py::arg("subject") = py::none(),
          R"doc(A session built straight from NumPy arrays: each array copied once (memcpy), into the session.

``imus``: dicts with ``side``, ``sampling_rate_hz``, ``acc_mps2`` (n, 3), ``gyr_dps`` (n, 3) and optional
``placement`` (FOOT), ``frame`` (SENSOR), ``start_time_s`` (0). ``insoles``: dicts with ``side``,
``sampling_rate_hz``, ``cell_force_n`` (n, cells), ``cell_position_m`` (cells, 2) and optional
``foot_length_m``, ``total_force_n``, ``start_time_s``. The fastest way in: no ImuRecording is made
and copied on the way.)doc")
      .def_readwrite("name", &Session::name)
      // Assigning a list copies each recording once (pybind11's list conversion followed by
      // def_readwrite's assignment copied it twice). Reading gives references into the session.
      .def_property(
          "imus", [](const Session& s) -> const std::vector<ImuRecording>& { return s.imus; },
          [](Session& s, const std::vector<const ImuRecording*>& imus) { s.imus = copy_recordings(imus, "imus"); },
          py::return_value_policy::reference_internal)
      .def_property(
          "insoles", [](const Session& s) -> const std::vector<InsoleRecording>& { return s.insoles; },
          [](Session& s, const std::vector<const InsoleRecording*>& insoles) {
            s.insoles = copy_recordings(insoles, "insoles");
          },
          py::return_value_policy::reference_internal)
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
