// IMU readers (io/imu_readers.hpp): gaitmap CSV and stride lists, Voisard trials, MovingReality CSV,
// generic column-mapped CSV. The Python layer (secondheart/readers.py) adds path and unit conveniences.
#include "bindings.hpp"
#include "secondheart/io/imu_csv_stream.hpp"
#include "secondheart/io/imu_readers.hpp"

namespace secondheart::python {

namespace {

std::array<std::string, 3> three(const py::handle& h, const char* what) {
  const auto v = h.cast<std::vector<std::string>>();
  if (v.size() != 3)
    throw InvalidArgument(std::string(what) + ": expected 3 column names (x, y, z), got " + std::to_string(v.size()));
  return {v[0], v[1], v[2]};
}

io::ImuColumns columns_from_dict(const py::dict& d) {
  io::ImuColumns c;
  for (const char* key : {"side", "acc", "gyr"})
    if (!d.contains(key))
      throw InvalidArgument(std::string("sensor column map: expected keys 'side', 'acc', 'gyr' (and optional "
                                        "'placement'), missing '") + key + "'");
  c.side = d["side"].cast<Side>();
  if (d.contains("placement")) c.placement = d["placement"].cast<Placement>();
  c.acc = three(d["acc"], "acc");
  c.gyr = three(d["gyr"], "gyr");
  return c;
}

/// The ImuCsvSpec of read_imu_csv's keyword arguments (shared with analyze_imu_csv_streaming).
io::ImuCsvSpec make_spec(const std::vector<py::dict>& sensors, const std::string& time_column, double time_scale_to_s,
                         double sampling_rate_hz, std::optional<AccUnit> acc_unit, std::optional<GyroUnit> gyro_unit,
                         AxesFrame frame, char delimiter, char comment, bool header, std::int64_t skip_lines,
                         const SubjectInfo& subject, const std::string& name) {
  io::ImuCsvSpec spec;
  for (const auto& d : sensors) spec.sensors.push_back(columns_from_dict(d));
  spec.time_column = time_column;
  spec.time_scale_to_s = time_scale_to_s;
  spec.sampling_rate_hz = sampling_rate_hz;
  spec.units.acc = acc_unit;
  spec.units.gyro = gyro_unit;
  spec.frame = frame;
  spec.csv.delimiter = delimiter;
  spec.csv.comment = comment;
  spec.csv.header = header;
  spec.csv.skip_lines = skip_lines;
  spec.subject = subject;
  spec.name = name;
  return spec;
}

}  // namespace

void bind_imu_io(py::module_& m) {
  py::class_<io::SampleRange>(m, "SampleRange", "Half-open range of samples [begin, end).")
      .def(py::init<>())
      .def(py::init([](Index b, Index e) { return io::SampleRange{b, e}; }), py::arg("begin"), py::arg("end"))
      .def_readwrite("begin", &io::SampleRange::begin)
      .def_readwrite("end", &io::SampleRange::end)
      .def("__repr__", [](const io::SampleRange& r) {
        return "SampleRange(" + std::to_string(r.begin) + ", " + std::to_string(r.end) + ")";
      });

  py::class_<io::ImuFileContents>(m, "ImuFileContents",
                                  "A session plus the annotations its files carry (reference events, walks, turns).")
      .def(py::init<>())
      .def_readwrite("session", &io::ImuFileContents::session)
      .def_readwrite("reference_events", &io::ImuFileContents::reference_events)
      .def_readwrite("walks", &io::ImuFileContents::walks)
      .def_readwrite("turns", &io::ImuFileContents::turns)
      .def_readwrite("missing_samples", &io::ImuFileContents::missing_samples)
      .def_readwrite("duplicate_rows", &io::ImuFileContents::duplicate_rows);

  py::class_<io::GaitmapStride>(m, "GaitmapStride", "One stride of a gaitmap stride list (absolute samples, -1 = absent).")
      .def(py::init<>())
      .def_readwrite("stride_id", &io::GaitmapStride::stride_id)
      .def_readwrite("side", &io::GaitmapStride::side)
      .def_readwrite("start", &io::GaitmapStride::start)
      .def_readwrite("end", &io::GaitmapStride::end)
      .def_readwrite("ic", &io::GaitmapStride::ic)
      .def_readwrite("fc", &io::GaitmapStride::fc)
      .def_readwrite("min_vel", &io::GaitmapStride::min_vel)
      .def_readwrite("pre_ic", &io::GaitmapStride::pre_ic);

  py::class_<io::GaitmapStrideList>(m, "GaitmapStrideList")
      .def(py::init<>())
      .def_readwrite("sampling_rate_hz", &io::GaitmapStrideList::sampling_rate_hz)
      .def_readwrite("strides", &io::GaitmapStrideList::strides)
      .def("events", &io::GaitmapStrideList::events,
           "Reference events per side: IC = pre_ic ∪ ic, FC = tc, MS = min_vel (sorted, unique).")
      .def("of_side", &io::GaitmapStrideList::of_side, py::arg("side"))
      .def("__len__", [](const io::GaitmapStrideList& l) { return l.strides.size(); });

  m.def(
      "read_gaitmap_csv",
      [](const std::string& path, std::optional<double> sampling_rate_hz, Side side, AxesFrame frame) {
        io::GaitmapCsvOptions o;
        o.sampling_rate_hz = sampling_rate_hz;
        o.side = side;
        o.frame = frame;
        return io::read_gaitmap_csv(path, o);
      },
      py::arg("path"), py::kw_only(), py::arg("sampling_rate_hz") = py::none(), py::arg("side") = Side::Left,
      py::arg("frame") = AxesFrame::Segment, py::call_guard<py::gil_scoped_release>(),
      R"doc(Reads a gaitmap-style IMU CSV (acc m/s², gyr deg/s) into a Session of foot IMUs.

Two header rows (sensor, axis) for both feet, or one (acc_x..gyr_z) for one foot (``side``).
Column 0 is the sample index (rate ``sampling_rate_hz``, default 204.8 Hz = gaitmap's healthy
example) or time in s (rate from the data). gaitmap's FSF is read as the segment frame.)doc");
  m.def("read_gaitmap_strides", &io::read_gaitmap_strides, py::arg("path"), py::arg("sampling_rate_hz") = 204.8,
        py::call_guard<py::gil_scoped_release>(),
        "Reads a gaitmap stride list (stride_borders_*.csv or stride_events_sample.csv).");
  m.def("read_voisard", &io::read_voisard, py::arg("path"), py::call_guard<py::gil_scoped_release>(),
        R"doc(Reads one Voisard et al. trial (JSON, _lf/_rf.txt, or the stem S-T) into ImuFileContents.

Gyro rad/s is converted to deg/s; dropped packets are NaN samples; the annotated swings [TO, HS]
are the reference events (FC = TO, IC = HS); the walk and U-turn are SampleRanges.)doc");
  m.def("read_movingreality", &io::read_movingreality, py::arg("path"), py::arg("subject") = SubjectInfo{},
        py::call_guard<py::gil_scoped_release>(),
        "Reads a MovingReality stroke CSV (feet and shanks, m/s², deg/s; NaN = missing) into a Session.");
  m.def(
      "read_imu_csv",
      [](const std::string& path, const std::vector<py::dict>& sensors, const std::string& time_column,
         double time_scale_to_s, double sampling_rate_hz, std::optional<AccUnit> acc_unit,
         std::optional<GyroUnit> gyro_unit, AxesFrame frame, char delimiter, char comment, bool header,
         std::int64_t skip_lines, const SubjectInfo& subject, const std::string& name) {
        return io::read_imu_csv(path, make_spec(sensors, time_column, time_scale_to_s, sampling_rate_hz, acc_unit,
                                                gyro_unit, frame, delimiter, comment, header, skip_lines, subject, name));
      },
      py::arg("path"), py::kw_only(), py::arg("sensors"), py::arg("time_column") = "", py::arg("time_scale_to_s") = 1.0,
      py::arg("sampling_rate_hz") = 0.0, py::arg("acc_unit") = py::none(), py::arg("gyro_unit") = py::none(),
      py::arg("frame") = AxesFrame::Sensor, py::arg("delimiter") = '\0', py::arg("comment") = '#',
      py::arg("header") = true, py::arg("skip_lines") = 0, py::arg("subject") = SubjectInfo{}, py::arg("name") = "",
      R"doc(Reads IMU data from a CSV with a declared column map.

``sensors``: list of dicts with ``side`` (Side), optional ``placement`` (Placement, default FOOT),
``acc`` and ``gyr`` (3 column names each). Time from ``time_column`` (× ``time_scale_to_s``; skipped
samples become NaN) or ``sampling_rate_hz``. Undeclared units are checked against m/s² and deg/s.)doc");
  py::class_<io::StreamedImuFile>(m, "StreamedImuFile",
                                  "A long IMU file analysed in blocks: the strides every foot stream emitted.")
      .def_readonly("header", &io::StreamedImuFile::header, "The file's recordings without samples.")
      .def_readonly("cycles", &io::StreamedImuFile::cycles)
      .def_readonly("warming_up", &io::StreamedImuFile::warming_up)
      .def_readonly("summary", &io::StreamedImuFile::summary)
      .def_readonly("flags", &io::StreamedImuFile::flags)
      .def_readonly("samples", &io::StreamedImuFile::samples)
      .def_readonly("missing_samples", &io::StreamedImuFile::missing_samples);
  m.def(
      "analyze_imu_csv_streaming",
      [](const std::string& path, const std::optional<std::vector<py::dict>>& sensors, const std::string& time_column,
         double time_scale_to_s, double sampling_rate_hz, std::optional<AccUnit> acc_unit,
         std::optional<GyroUnit> gyro_unit, AxesFrame frame, char delimiter, char comment, bool header,
         std::int64_t skip_lines, const SubjectInfo& subject, const std::string& name, Index block_rows) {
        const io::ImuCsvSpec spec =
            sensors ? make_spec(*sensors, time_column, time_scale_to_s, sampling_rate_hz, acc_unit, gyro_unit, frame,
                                delimiter, comment, header, skip_lines, subject, name)
                    : io::movingreality_spec(path, subject);
        io::ImuCsvStreamOptions options;
        options.block_rows = block_rows;
        py::gil_scoped_release release;
        return io::analyze_imu_csv_streaming(path, spec, options);
      },
      py::arg("path"), py::kw_only(), py::arg("sensors") = py::none(), py::arg("time_column") = "",
      py::arg("time_scale_to_s") = 1.0, py::arg("sampling_rate_hz") = 0.0, py::arg("acc_unit") = py::none(),
      py::arg("gyro_unit") = py::none(), py::arg("frame") = AxesFrame::Sensor, py::arg("delimiter") = '\0',
      py::arg("comment") = '#', py::arg("header") = true, py::arg("skip_lines") = 0, py::arg("subject") = SubjectInfo{},
      py::arg("name") = "", py::arg("block_rows") = 4096,
      R"doc(Reads an IMU CSV in blocks and streams each foot IMU (constant memory; docs/long_files.md).

``sensors`` etc. as read_imu_csv; without ``sensors`` the file is a MovingReality-style CSV whose
header names its column groups.)doc");
}

}  // namespace secondheart::python
