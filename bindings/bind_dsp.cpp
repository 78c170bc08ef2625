// dsp/: filters, peaks, runs, resampling, gaps, moving windows, robust statistics (submodule _core.dsp).
#include <limits>

#include <pybind11/operators.h>

#include "bindings.hpp"
#include "secondheart/dsp.hpp"

namespace secondheart::python {

void bind_dsp(py::module_& parent) {
  using namespace secondheart::dsp;
  using RefSeries = const Eigen::Ref<const Series>&;
  py::module_ m = parent.def_submodule("dsp", "Signal processing: Butterworth SOS, zero-phase filtering, peaks, runs, "
                                               "resampling, gaps and saturation, moving windows, robust statistics.");
  const auto release = py::call_guard<py::gil_scoped_release>();

  py::enum_<FilterType>(m, "FilterType")
      .value("LOW_PASS", FilterType::LowPass)
      .value("HIGH_PASS", FilterType::HighPass)
      .value("BAND_PASS", FilterType::BandPass)
      .value("BAND_STOP", FilterType::BandStop);

  py::class_<SosFilter>(m, "SosFilter", "Second-order sections, one row per section: b0 b1 b2 a0 a1 a2 (scipy's sos).")
      .def(py::init<>())
      .def(py::init([](const Eigen::Matrix<double, Eigen::Dynamic, 6, Eigen::RowMajor>& sos) { return SosFilter{sos}; }),
           py::arg("sos"))
      .def_readwrite("sos", &SosFilter::sos)
      .def_property_readonly("section_count", &SosFilter::section_count)
      .def("__repr__", [](const SosFilter& f) { return "<SosFilter " + std::to_string(f.sos.rows()) + " sections>"; });

  m.def("butterworth", &butterworth, py::arg("order"), py::arg("cutoff_hz"), py::arg("sampling_rate_hz"),
        py::arg("type") = FilterType::LowPass, "Butterworth low/high-pass as second-order sections.");
  m.def("butterworth_band", &butterworth_band, py::arg("order"), py::arg("low_hz"), py::arg("high_hz"),
        py::arg("sampling_rate_hz"), py::arg("type") = FilterType::BandPass,
        "Butterworth band-pass/band-stop as second-order sections.");
  m.def("frequency_response", &frequency_response, py::arg("filter"), py::arg("frequency_hz"),
        py::arg("sampling_rate_hz"), "Complex response of the cascade at one frequency.");
  m.def("sosfilt", &sosfilt, py::arg("filter"), py::arg("x"), release, "Causal filtering, zero initial state.");
  m.def("filtfilt", static_cast<Series (*)(const SosFilter&, RefSeries)>(&filtfilt), py::arg("filter"), py::arg("x"), release,
        "Zero-phase filtering like scipy.signal.sosfiltfilt (odd padding, steady-state initial conditions).");
  m.def(
      "filtfilt", [](const SosFilter& filter, RefSeries x, Index padlen) { return filtfilt(filter, x, padlen); },
      py::arg("filter"), py::arg("x"), py::arg("padlen"), release);
  m.def("lowpass", static_cast<Series (*)(RefSeries, double, double, int)>(&lowpass), py::arg("x"), py::arg("cutoff_hz"),
        py::arg("sampling_rate_hz"), py::arg("order") = 4, release, "Zero-phase Butterworth low-pass (1-D or (n, 3)).");
  m.def(
      "lowpass",
      [](const Vec3Series& x, double cutoff_hz, double fs, int order) { return lowpass(x, cutoff_hz, fs, order); },
      py::arg("x"), py::arg("cutoff_hz"), py::arg("sampling_rate_hz"), py::arg("order") = 4, release);
  m.def("highpass", &highpass, py::arg("x"), py::arg("cutoff_hz"), py::arg("sampling_rate_hz"), py::arg("order") = 4,
        release, "Zero-phase Butterworth high-pass.");

  py::class_<PeakParams>(m, "PeakParams")
      .def(py::init<>())
      .def_readwrite("min_height", &PeakParams::min_height)
      .def_readwrite("min_prominence", &PeakParams::min_prominence)
      .def_readwrite("min_distance_samples", &PeakParams::min_distance_samples);
  m.def(
      "find_peaks",
      [](RefSeries x, double min_height, double min_prominence, Index min_distance_samples) {
        return find_peaks(x, PeakParams{min_height, min_prominence, min_distance_samples});
      },
      py::arg("x"), py::kw_only(), py::arg("min_height") = -std::numeric_limits<double>::infinity(),
      py::arg("min_prominence") = 0.0, py::arg("min_distance_samples") = 1, release,
      "Local maxima filtered by height, distance and prominence (scipy.signal.find_peaks semantics).");
  m.def("peak_prominences", &peak_prominences, py::arg("x"), py::arg("peaks"));

  py::class_<Run>(m, "Run", "Half-open sample range [begin, end).")
      .def(py::init<Index, Index>(), py::arg("begin"), py::arg("end"))
      .def_readwrite("begin", &Run::begin)
      .def_readwrite("end", &Run::end)
      .def_property_readonly("length", &Run::length)
      .def(py::self == py::self)
      .def("__iter__", [](const Run& r) { return py::iter(py::make_tuple(r.begin, r.end)); })
      .def("__repr__", [](const Run& r) {
        return "Run(" + std::to_string(r.begin) + ", " + std::to_string(r.end) + ")";
      });
  m.def("hysteresis", &hysteresis, py::arg("x"), py::arg("high"), py::arg("low"), py::arg("min_length_samples") = 1);
  m.def("runs_where", &runs_where, py::arg("mask"), py::arg("min_length_samples") = 1);
  m.def("merge_runs", &merge_runs, py::arg("runs"), py::arg("max_gap_samples"));

  m.def("resample", static_cast<Series (*)(RefSeries, double, double)>(&resample), py::arg("x"), py::arg("from_hz"),
        py::arg("to_hz"), release, "Band-limited resampling; output length round(n * to / from).");
  m.def(
      "resample", [](const Vec3Series& x, double from_hz, double to_hz) { return resample(x, from_hz, to_hz); },
      py::arg("x"), py::arg("from_hz"), py::arg("to_hz"), release);

  m.def("find_gaps", static_cast<std::vector<Run> (*)(RefSeries)>(&find_gaps), py::arg("x"), "Runs of non-finite samples.");
  m.def(
      "find_gaps", [](const Vec3Series& x) { return find_gaps(x); }, py::arg("x"));
  m.def("fill_gaps_linear", &fill_gaps_linear, py::arg("x"), py::arg("max_gap_samples"));
  py::class_<SaturationResult>(m, "SaturationResult")
      .def_readonly("runs", &SaturationResult::runs)
      .def_readonly("limit", &SaturationResult::limit);
  m.def("find_saturation", &find_saturation, py::arg("x"), py::arg("min_run_samples") = 3);

  m.def("moving_average", &moving_average, py::arg("x"), py::arg("window_samples"), release);
  m.def("moving_std", &moving_std, py::arg("x"), py::arg("window_samples"), release);
  m.def("derivative", &derivative, py::arg("x"), py::arg("sampling_rate_hz"));
  m.def("cumulative_trapezoid", &cumulative_trapezoid, py::arg("x"), py::arg("sampling_rate_hz"),
        py::arg("initial") = 0.0);
  m.def("median", &median, py::arg("values"));
  m.def("mad", &mad, py::arg("values"));
  m.def("robust_sigma", &robust_sigma, py::arg("values"));
  m.def("percentile", &percentile, py::arg("values"), py::arg("q"));
}

}  // namespace secondheart::python
