// Insole stage: readers (gaitpdb, Moticon, column-mapped CSV), event detection, cycle validation,
// spatiotemporal and push-off metrics, and the insole pipeline.
#include <pybind11/numpy.h>

#include "bindings.hpp"
#include "secondheart/cycles/cycles.hpp"
#include "secondheart/events/insole.hpp"
#include "secondheart/io/csv.hpp"
#include "secondheart/io/insole_readers.hpp"
#include "secondheart/metrics/insole.hpp"
#include "secondheart/metrics/spatiotemporal.hpp"
#include "secondheart/pipeline/insole.hpp"

namespace secondheart::python {

namespace {

io::InsoleColumns columns_from_dict(const py::dict& d) {
  io::InsoleColumns c;
  c.cells = d["cells"].cast<std::vector<std::string>>();
  if (d.contains("total") && !d["total"].is_none()) c.total = d["total"].cast<std::string>();
  if (d.contains("cell_position_m") && !d["cell_position_m"].is_none())
    c.cell_position_m = d["cell_position_m"].cast<Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor>>();
  if (d.contains("cell_area_cm2") && !d["cell_area_cm2"].is_none())
    c.cell_area_cm2 = d["cell_area_cm2"].cast<std::vector<double>>();
  return c;
}

io::InsoleUnit unit_from_string(const std::string& unit) {
  if (unit == "N") return io::InsoleUnit::Newton;
  if (unit == "kN") return io::InsoleUnit::Kilonewton;
  if (unit == "N/cm2" || unit == "N/cm²") return io::InsoleUnit::NewtonPerCm2;
  if (unit == "kPa") return io::InsoleUnit::Kilopascal;
  throw InvalidArgument("unit: expected one of 'N', 'kN', 'N/cm2', 'kPa', got '" + unit + "'");
}

}  // namespace

void bind_insole(py::module_& m) {
  // ---- readers
  m.def(
      "read_gaitpdb",
      [](const std::string& path, double foot_length_m, bool use_total_columns) {
        return io::read_gaitpdb(path, io::GaitpdbOptions{foot_length_m, use_total_columns});
      },
      py::arg("path"), py::kw_only(), py::arg("foot_length_m") = 0.26, py::arg("use_total_columns") = true,
      py::call_guard<py::gil_scoped_release>(),
      R"doc(Reads a PhysioNet gaitpdb file (8 cells per foot, 100 Hz, N) into a Session with two insoles.

Cell positions are the database's sensor coordinates scaled to ``foot_length_m`` (heel sensor at
10 %, toe sensor at 90 % of the foot). Raises FormatError with file and line on malformed text.)doc");
  m.def(
      "read_moticon",
      [](const std::string& path, std::optional<std::vector<double>> cell_area_cm2, double foot_length_m) {
        io::MoticonOptions options;
        if (cell_area_cm2) options.cell_area_cm2 = *cell_area_cm2;
        options.foot_length_m = foot_length_m;
        return io::read_moticon(path, options);
      },
      py::arg("path"), py::kw_only(), py::arg("cell_area_cm2") = py::none(), py::arg("foot_length_m") = 0.0,
      py::call_guard<py::gil_scoped_release>(),
      R"doc(Reads a Moticon OpenGo text export (16 cells in N/cm², total force N) into a Session.

Cell force = pressure × cell area (``cell_area_cm2``, 16 values; default: the approximate nominal
areas of ``moticon_default_cell_areas_cm2()``). ``foot_length_m`` = 0 takes it from the "Size" header.)doc");
  m.def("moticon_default_cell_areas_cm2", &io::moticon_default_cell_areas_cm2);
  m.def("gaitpdb_cell_positions", &io::gaitpdb_cell_positions, py::arg("side"), py::arg("foot_length_m") = 0.26);
  m.def(
      "read_insole_csv",
      [](const std::string& path, std::optional<py::dict> left, std::optional<py::dict> right, std::string time_column,
         double time_scale_to_s, double sampling_rate_hz, const std::string& unit, double foot_length_m, char delimiter,
         char comment, std::int64_t skip_lines) {
        io::InsoleCsvSpec spec;
        spec.csv.delimiter = delimiter;
        spec.csv.comment = comment;
        spec.csv.skip_lines = skip_lines;
        spec.time_column = std::move(time_column);
        spec.time_scale_to_s = time_scale_to_s;
        spec.sampling_rate_hz = sampling_rate_hz;
        spec.unit = unit_from_string(unit);
        spec.foot_length_m = foot_length_m;
        if (left) spec.left = columns_from_dict(*left);
        if (right) spec.right = columns_from_dict(*right);
        return io::read_insole_csv(path, spec);
      },
      py::arg("path"), py::kw_only(), py::arg("left") = py::none(), py::arg("right") = py::none(),
      py::arg("time_column") = "", py::arg("time_scale_to_s") = 1.0, py::arg("sampling_rate_hz") = 0.0,
      py::arg("unit") = "N", py::arg("foot_length_m") = 0.26, py::arg("delimiter") = '\0', py::arg("comment") = '#',
      py::arg("skip_lines") = 0,
      R"doc(Reads insole data from a CSV with a declared column map.

``left``/``right``: dicts with ``cells`` (list of column names), optional ``total``,
``cell_position_m`` ((cells, 2) array, insole frame) and ``cell_area_cm2`` (needed for pressure units).
``unit``: 'N', 'kN', 'N/cm2' or 'kPa'. Time from ``time_column`` (× ``time_scale_to_s``) or
``sampling_rate_hz``. Values whose magnitude contradicts the unit raise InvalidArgumentError.)doc");
  m.def(
      "read_csv_table",
      [](const std::string& path, char delimiter, char comment, bool header, std::int64_t skip_lines) {
        io::CsvOptions o;
        o.delimiter = delimiter;
        o.comment = comment;
        o.header = header;
        o.skip_lines = skip_lines;
        const io::CsvTable t = io::read_csv_table(path, o);
        return py::make_tuple(t.columns, t.values);
      },
      py::arg("path"), py::kw_only(), py::arg("delimiter") = '\0', py::arg("comment") = '#', py::arg("header") = true,
      py::arg("skip_lines") = 0, "Numeric table of a delimited text file: (column names, (rows, columns) array).");

  // ---- events
  using events::InsoleEventParams;
  py::class_<InsoleEventParams>(m, "InsoleEventParams", "Adaptive-threshold insole event detection settings.")
      .def(py::init<>())
      .def_readwrite("baseline_window_s", &InsoleEventParams::baseline_window_s)
      .def_readwrite("baseline_percentile", &InsoleEventParams::baseline_percentile)
      .def_readwrite("loaded_percentile", &InsoleEventParams::loaded_percentile)
      .def_readwrite("on_fraction", &InsoleEventParams::on_fraction)
      .def_readwrite("off_fraction", &InsoleEventParams::off_fraction)
      .def_readwrite("refine_fraction", &InsoleEventParams::refine_fraction)
      .def_readwrite("refine_noise_factor", &InsoleEventParams::refine_noise_factor)
      .def_readwrite("min_contact_s", &InsoleEventParams::min_contact_s)
      .def_readwrite("min_gap_s", &InsoleEventParams::min_gap_s)
      .def_readwrite("max_swing_s", &InsoleEventParams::max_swing_s)
      .def_readwrite("fixed_threshold_n", &InsoleEventParams::fixed_threshold_n)
      .def_readwrite("heel_max_x_fraction", &InsoleEventParams::heel_max_x_fraction)
      .def_readwrite("heel_off_fraction", &InsoleEventParams::heel_off_fraction)
      .def_readwrite("min_heel_share", &InsoleEventParams::min_heel_share);
  using events::InsoleEventsResult;
  py::class_<InsoleEventsResult>(m, "InsoleEventsResult")
      .def_readonly("events", &InsoleEventsResult::events)
      .def_property_readonly("contacts",
                             [](const InsoleEventsResult& r) {
                               std::vector<std::pair<Index, Index>> out;
                               for (const auto& c : r.contacts) out.emplace_back(c.begin, c.end);
                               return out;
                             })
      .def_readonly("baseline_n", &InsoleEventsResult::baseline_n)
      .def_readonly("loaded_level_n", &InsoleEventsResult::loaded_level_n)
      .def_readonly("on_threshold_n", &InsoleEventsResult::on_threshold_n)
      .def_readonly("off_threshold_n", &InsoleEventsResult::off_threshold_n)
      .def_readonly("refine_level_n", &InsoleEventsResult::refine_level_n)
      .def_readonly("swing_noise_sd_n", &InsoleEventsResult::swing_noise_sd_n)
      .def_readonly("flags", &InsoleEventsResult::flags);
  m.def("detect_insole_events", &events::detect_insole_events, py::arg("recording"),
        py::arg("params") = InsoleEventParams{}, py::call_guard<py::gil_scoped_release>(),
        "IC, FC (adaptive hysteresis on total force) and HO (heel cells) of one insole.");
  m.def("detect_contact_events", &events::detect_contact_events, py::arg("total_n"), py::arg("heel_n"),
        py::arg("sampling_rate_hz"), py::arg("side"), py::arg("params") = InsoleEventParams{},
        py::call_guard<py::gil_scoped_release>(),
        "Events from a total-force signal (e.g. a force plate) and an optional heel force (empty array = no HO).");

  // ---- cycles
  using cycles::CycleParams;
  py::class_<CycleParams>(m, "CycleParams", "Plausibility limits for cycles (s, fractions).")
      .def(py::init<>())
      .def_readwrite("min_stride_s", &CycleParams::min_stride_s)
      .def_readwrite("max_stride_s", &CycleParams::max_stride_s)
      .def_readwrite("max_relative_deviation", &CycleParams::max_relative_deviation)
      .def_readwrite("neighbours", &CycleParams::neighbours)
      .def_readwrite("min_stance_fraction", &CycleParams::min_stance_fraction)
      .def_readwrite("max_stance_fraction", &CycleParams::max_stance_fraction)
      .def_readwrite("require_fc", &CycleParams::require_fc)
      .def_readwrite("min_valid_cycles", &CycleParams::min_valid_cycles);
  using cycles::CycleResult;
  py::class_<CycleResult>(m, "CycleResult")
      .def_readonly("cycles", &CycleResult::cycles)
      .def_property_readonly("status_counts",
                             [](const CycleResult& r) {
                               py::dict d;
                               for (int s = 0; s < 7; ++s)
                                 d[py::str(std::string(to_string(static_cast<CycleStatus>(s))))] =
                                     r.status_counts[static_cast<std::size_t>(s)];
                               return d;
                             })
      .def_property_readonly("valid_count", &CycleResult::valid_count)
      .def_readonly("flags", &CycleResult::flags);
  m.def(
      "segment_cycles",
      [](const GaitEvents& events, const CycleParams& params, const std::vector<std::pair<Index, Index>>& bad_data) {
        std::vector<dsp::Run> runs;
        for (const auto& [b, e] : bad_data) runs.push_back(dsp::Run{b, e});
        return cycles::segment_cycles(events, params, runs);
      },
      py::arg("events"), py::arg("params") = CycleParams{}, py::arg("bad_data") = std::vector<std::pair<Index, Index>>{},
      "IC -> next IC cycles with a status each (too short/long, incomplete, irregular, bad data) and flags.");

  // ---- metrics
  using metrics::InsoleMetricParams;
  py::class_<InsoleMetricParams>(m, "InsoleMetricParams")
      .def(py::init<>())
      .def_readwrite("forefoot_min_x_fraction", &InsoleMetricParams::forefoot_min_x_fraction)
      .def_readwrite("terminal_start_fraction", &InsoleMetricParams::terminal_start_fraction)
      .def_readwrite("cop_min_force_fraction", &InsoleMetricParams::cop_min_force_fraction)
      .def_readwrite("rate_low_fraction", &InsoleMetricParams::rate_low_fraction)
      .def_readwrite("rate_high_fraction", &InsoleMetricParams::rate_high_fraction)
      .def_readwrite("cell_baseline_window_s", &InsoleMetricParams::cell_baseline_window_s)
      .def_readwrite("force_lowpass_hz", &InsoleMetricParams::force_lowpass_hz);
  using metrics::StanceForceMetrics;
  py::class_<StanceForceMetrics>(m, "StanceForceMetrics")
      .def_readonly("f1_n", &StanceForceMetrics::f1_n)
      .def_readonly("f2_n", &StanceForceMetrics::f2_n)
      .def_readonly("valley_n", &StanceForceMetrics::valley_n)
      .def_readonly("f2_f1_ratio", &StanceForceMetrics::f2_f1_ratio)
      .def_readonly("f1_bw", &StanceForceMetrics::f1_bw)
      .def_readonly("f2_bw", &StanceForceMetrics::f2_bw)
      .def_readonly("time_to_f2_pct", &StanceForceMetrics::time_to_f2_pct)
      .def_readonly("loading_rate_n_per_s", &StanceForceMetrics::loading_rate_n_per_s)
      .def_readonly("unloading_rate_n_per_s", &StanceForceMetrics::unloading_rate_n_per_s)
      .def_readonly("loading_rate_f1_per_s", &StanceForceMetrics::loading_rate_f1_per_s)
      .def_readonly("unloading_rate_f2_per_s", &StanceForceMetrics::unloading_rate_f2_per_s)
      .def_readonly("forefoot_impulse_pct", &StanceForceMetrics::forefoot_impulse_pct)
      .def_readonly("cop_travel_pct", &StanceForceMetrics::cop_travel_pct)
      .def_readonly("cop_velocity_late_mps", &StanceForceMetrics::cop_velocity_late_mps)
      .def_readonly("heel_off_pct", &StanceForceMetrics::heel_off_pct)
      .def_readonly("push_off_time_s", &StanceForceMetrics::push_off_time_s)
      .def_readonly("f1_index", &StanceForceMetrics::f1_index)
      .def_readonly("f2_index", &StanceForceMetrics::f2_index)
      .def_readonly("valley_index", &StanceForceMetrics::valley_index);
  m.def(
      "stance_force_metrics",
      [](const Series& force_n, const ChannelSeries& cells_n,
         const Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor>& cell_position_m, double foot_length_m,
         Index ic, Index fc, Index ho, double sampling_rate_hz, std::optional<double> body_mass_kg,
         const InsoleMetricParams& params) {
        return metrics::stance_force_metrics(force_n, cells_n, cell_position_m, foot_length_m, ic, fc, ho,
                                             sampling_rate_hz, body_mass_kg, params);
      },
      py::arg("force_n"), py::arg("cells_n"), py::arg("cell_position_m"), py::arg("foot_length_m"), py::arg("ic"),
      py::arg("fc"), py::kw_only(), py::arg("ho") = -1, py::arg("sampling_rate_hz"),
      py::arg("body_mass_kg") = py::none(), py::arg("params") = InsoleMetricParams{},
      "F1, F2, valley, rates, forefoot impulse share and CoP travel of the stance [ic, fc).");
  m.def("add_spatiotemporal", &metrics::add_spatiotemporal, py::arg("table"), py::arg("events"),
        "Adds stride/stance/swing/step/double-support time, stance % and cadence columns to a CycleTable.");
  m.def("add_insole_metrics", &metrics::add_insole_metrics, py::arg("table"), py::arg("recording"),
        py::arg("baseline_n"), py::arg("body_mass_kg") = py::none(), py::arg("params") = InsoleMetricParams{});

  // ---- pipeline
  using pipeline::InsolePipelineParams;
  py::class_<InsolePipelineParams>(m, "InsolePipelineParams")
      .def(py::init<>())
      .def_readwrite("events", &InsolePipelineParams::events)
      .def_readwrite("cycles", &InsolePipelineParams::cycles)
      .def_readwrite("metrics", &InsolePipelineParams::metrics)
      .def_readwrite("max_bridged_gap_s", &InsolePipelineParams::max_bridged_gap_s);
  m.def("analyze_insoles", &pipeline::analyze_insoles, py::arg("session"),
        py::arg("params") = InsolePipelineParams{}, py::call_guard<py::gil_scoped_release>(),
        "Insole pipeline: events per foot, validated cycles, spatiotemporal and push-off metrics, quality flags.");
}

}  // namespace secondheart::python
