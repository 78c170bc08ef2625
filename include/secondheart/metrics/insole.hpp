/// @file
/// Push-off metrics of one stance from insole (or force-plate) vertical force.
///
/// Definitions (stance = [IC, FC), force above the unloaded baseline):
///  - F1 = maximum in the first half of stance (loading peak), F2 = maximum in the second half
///    (push-off peak), valley = minimum between them. Halves, not peak-picking, so a flat or
///    single-hump curve (shuffling) still gives defined, comparable values.
///  - f2_f1_ratio = F2 / F1; f1_bw, f2_bw = F1, F2 / (body mass · g) when the mass is known.
///  - time_to_f2_pct = 100 · (t_F2 − IC) / stance.
///  - loading_rate_n_per_s: mean slope from 20 % to 80 % of F1 on the rising edge;
///    unloading_rate_n_per_s: mean slope (positive) from 80 % to 20 % of F2 after F2. Crossing
///    times are interpolated between samples. The scale-free twins loading_rate_f1_per_s and
///    unloading_rate_f2_per_s divide them by F1 and F2 (insole gain cancels).
///  - forefoot_impulse_pct: forefoot cells' share of the force-time impulse in the second
///    half of stance (terminal stance and pre-swing); forefoot = x ≥ forefoot_min_x_fraction · foot length.
///  - cop_travel_pct: centre-of-pressure forward excursion (most anterior position in the
///    second half minus most posterior in the first half), in % of foot length;
///    cop_velocity_late_mps: mean forward CoP velocity from F2 to the last sample with enough load.
///    CoP is used only where the load exceeds cop_min_force_fraction of the stance peak.
///  - heel_off_pct = 100 · (HO − IC) / stance; push_off_time_s = FC − HO.
/// Cell offsets are removed per stance with the cell's median over the swing just before IC.
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/recording.hpp"
#include "secondheart/core/table.hpp"
#include "secondheart/dsp/filter.hpp"

namespace secondheart::metrics {

struct InsoleMetricParams {
  double forefoot_min_x_fraction = 0.6;   ///< forefoot cells: x ≥ this · foot length
  double terminal_start_fraction = 0.5;   ///< impulse window starts at this fraction of stance
  double cop_min_force_fraction = 0.1;    ///< CoP only where load > this · stance peak
  double rate_low_fraction = 0.2;         ///< loading/unloading slope between these fractions of the peak
  double rate_high_fraction = 0.8;
  double cell_baseline_window_s = 0.15;   ///< swing window before IC for the per-cell offset
  /// add_insole_metrics: zero-phase low-pass (Hz) of the total force before peaks, valley and rates
  /// are read, so sensor noise does not bias the maxima upwards; 0 = raw signal. Skipped when the
  /// cutoff is not below 0.4 × the sampling rate.
  double force_lowpass_hz = 20.0;
};

/// Metrics of one stance; NaN when not measurable.
struct StanceForceMetrics {
  double f1_n = NaN, f2_n = NaN, valley_n = NaN, f2_f1_ratio = NaN;
  double f1_bw = NaN, f2_bw = NaN;
  double time_to_f2_pct = NaN;
  double loading_rate_n_per_s = NaN, unloading_rate_n_per_s = NaN;
  double loading_rate_f1_per_s = NaN, unloading_rate_f2_per_s = NaN;
  double forefoot_impulse_pct = NaN;
  double cop_travel_pct = NaN, cop_velocity_late_mps = NaN;
  double heel_off_pct = NaN, push_off_time_s = NaN;
  Index f1_index = -1, f2_index = -1, valley_index = -1;
};

inline const std::vector<std::string>& insole_metric_columns() {
  static const std::vector<std::string> columns = {
      "f1_n",          "f2_n",          "valley_n",           "f2_f1_ratio",
      "f1_bw",         "f2_bw",         "time_to_f2_pct", "loading_rate_n_per_s",
      "unloading_rate_n_per_s", "loading_rate_f1_per_s", "unloading_rate_f2_per_s", "forefoot_impulse_pct", "cop_travel_pct",
      "cop_velocity_late_mps",  "heel_off_pct",        "push_off_time_s"};
  return columns;
}

namespace detail {
/// Time (in samples, fractional) where f crosses `level` between samples a and b (f[a], f[b] on either side).
inline double crossing(const Series& f, Index a, Index b, double level) {
  const double fa = f[a], fb = f[b];
  if (fa == fb) return static_cast<double>(a);
  return static_cast<double>(a) + (level - fa) / (fb - fa) * static_cast<double>(b - a);
}
}  // namespace detail

/// Metrics of the stance [ic, fc).
/// @param force_n   total force above the unloaded baseline (N), whole recording
/// @param cells_n   (samples, cells) raw cell forces (N), or an empty matrix (force plate): no shares/CoP
/// @param cell_position_m  (cells, 2) insole-frame positions (m)
/// @param foot_length_m  > 0
/// @param ic, fc    stance edges (0 <= ic < fc <= samples); ho = heel-off inside or -1
/// @param sampling_rate_hz  > 0
/// @param body_mass_kg  for the ×BW values (unset -> NaN)
/// @throws InvalidArgument on out-of-range indices, mismatched shapes or fs <= 0.
inline StanceForceMetrics stance_force_metrics(const Series& force_n, const ChannelSeries& cells_n,
                                               const Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor>& cell_position_m,
                                               double foot_length_m, Index ic, Index fc, Index ho,
                                               double sampling_rate_hz, std::optional<double> body_mass_kg = {},
                                               const InsoleMetricParams& params = {}) {
  const Index n = force_n.size();
  SECONDHEART_CHECK(sampling_rate_hz > 0, "stance_force_metrics: expected sampling_rate_hz > 0, got ", sampling_rate_hz);
  SECONDHEART_CHECK(ic >= 0 && fc > ic + 2 && fc <= n, "stance_force_metrics: expected 0 <= ic < fc - 2 and fc <= ", n,
                    ", got ic = ", ic, ", fc = ", fc);
  SECONDHEART_CHECK(cells_n.size() == 0 || (cells_n.rows() == n && cell_position_m.rows() == cells_n.cols()),
                    "stance_force_metrics: expected cells of ", n, " samples with one position each, got ",
                    cells_n.rows(), " samples, ", cells_n.cols(), " cells, ", cell_position_m.rows(), " positions");
  const double fs = sampling_rate_hz;
  const Index len = fc - ic;
  const Index half = ic + len / 2;
  StanceForceMetrics m;

  Index i1 = ic, i2 = half;
  for (Index i = ic; i < half; ++i)
    if (force_n[i] > force_n[i1]) i1 = i;
  for (Index i = half; i < fc; ++i)
    if (force_n[i] > force_n[i2]) i2 = i;
  Index iv = i1;
  for (Index i = i1; i <= i2; ++i)
    if (force_n[i] < force_n[iv]) iv = i;
  m.f1_index = i1;
  m.f2_index = i2;
  m.valley_index = iv;
  m.f1_n = force_n[i1];
  m.f2_n = force_n[i2];
  m.valley_n = force_n[iv];
  if (m.f1_n > 0) m.f2_f1_ratio = m.f2_n / m.f1_n;
  if (body_mass_kg && *body_mass_kg > 0) {
    const double bw = *body_mass_kg * standard_gravity_mps2;
    m.f1_bw = m.f1_n / bw;
    m.f2_bw = m.f2_n / bw;
  }
  m.time_to_f2_pct = 100.0 * static_cast<double>(i2 - ic) / static_cast<double>(len);

  // Loading: last sample below each level before F1, interpolated.
  const auto rising = [&](double level) {
    for (Index i = i1; i > ic; --i)
      if (force_n[i - 1] < level && force_n[i] >= level) return detail::crossing(force_n, i - 1, i, level);
    return NaN;
  };
  const auto falling = [&](double level) {
    for (Index i = i2; i + 1 < std::min(n, fc + 1); ++i)
      if (force_n[i] > level && force_n[i + 1] <= level) return detail::crossing(force_n, i, i + 1, level);
    return NaN;
  };
  if (m.f1_n > 0) {
    const double lo = params.rate_low_fraction * m.f1_n, hi = params.rate_high_fraction * m.f1_n;
    const double t_lo = rising(lo), t_hi = rising(hi);
    if (std::isfinite(t_lo) && std::isfinite(t_hi) && t_hi > t_lo) m.loading_rate_n_per_s = (hi - lo) * fs / (t_hi - t_lo);
  }
  if (m.f2_n > 0) {
    const double lo = params.rate_low_fraction * m.f2_n, hi = params.rate_high_fraction * m.f2_n;
    const double t_hi = falling(hi), t_lo = falling(lo);
    if (std::isfinite(t_lo) && std::isfinite(t_hi) && t_lo > t_hi) m.unloading_rate_n_per_s = (hi - lo) * fs / (t_lo - t_hi);
  }
  if (m.f1_n > 0) m.loading_rate_f1_per_s = m.loading_rate_n_per_s / m.f1_n;
  if (m.f2_n > 0) m.unloading_rate_f2_per_s = m.unloading_rate_n_per_s / m.f2_n;
  if (ho > ic && ho < fc) {
    m.heel_off_pct = 100.0 * static_cast<double>(ho - ic) / static_cast<double>(len);
    m.push_off_time_s = static_cast<double>(fc - ho) / fs;
  }

  if (cells_n.size() == 0 || cells_n.cols() < 2) return m;
  const Index k = cells_n.cols();
  const double x_span = cell_position_m.col(0).maxCoeff() - cell_position_m.col(0).minCoeff();
  // Per-cell offset: median over the swing just before IC (the insole is unloaded there).
  const Index win = std::max<Index>(1, static_cast<Index>(std::lround(params.cell_baseline_window_s * fs)));
  const Index b0 = std::max<Index>(0, ic - win);
  Eigen::RowVectorXd offset = Eigen::RowVectorXd::Zero(k);
  if (ic - b0 >= 1) {
    for (Index c = 0; c < k; ++c) {
      std::vector<double> v;
      for (Index i = b0; i < ic; ++i)
        if (std::isfinite(cells_n(i, c))) v.push_back(cells_n(i, c));
      if (!v.empty()) {
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
        offset[c] = v[v.size() / 2];
      }
    }
  }
  const auto cell = [&](Index i, Index c) { return std::max(0.0, cells_n(i, c) - offset[c]); };

  // Forefoot impulse share in the terminal window.
  bool has_forefoot = false, has_rear = false;
  for (Index c = 0; c < k; ++c) {
    if (cell_position_m(c, 0) >= params.forefoot_min_x_fraction * foot_length_m) has_forefoot = true;
    else has_rear = true;
  }
  if (has_forefoot && has_rear) {
    const Index t0 = ic + static_cast<Index>(std::floor(params.terminal_start_fraction * static_cast<double>(len)));
    double fore = 0, all = 0;
    for (Index i = t0; i < fc; ++i)
      for (Index c = 0; c < k; ++c) {
        const double v = cell(i, c);
        all += v;
        if (cell_position_m(c, 0) >= params.forefoot_min_x_fraction * foot_length_m) fore += v;
      }
    if (all > 0) m.forefoot_impulse_pct = 100.0 * fore / all;
  }

  // Centre of pressure along the foot.
  if (x_span > 1e-6) {
    const double peak = std::max(m.f1_n, m.f2_n);
    std::vector<double> x(static_cast<std::size_t>(len), NaN);
    for (Index i = ic; i < fc; ++i) {
      double s = 0, sx = 0;
      for (Index c = 0; c < k; ++c) {
        const double v = cell(i, c);
        s += v;
        sx += v * cell_position_m(c, 0);
      }
      if (s > params.cop_min_force_fraction * peak && s > 0) x[static_cast<std::size_t>(i - ic)] = sx / s;
    }
    double x_min = NaN, x_max = NaN;
    Index last = -1;
    for (Index j = 0; j < len; ++j) {
      const double v = x[static_cast<std::size_t>(j)];
      if (!std::isfinite(v)) continue;
      if (ic + j < half) x_min = std::isfinite(x_min) ? std::min(x_min, v) : v;
      else x_max = std::isfinite(x_max) ? std::max(x_max, v) : v;
      last = j;
    }
    if (std::isfinite(x_min) && std::isfinite(x_max)) m.cop_travel_pct = 100.0 * (x_max - x_min) / foot_length_m;
    const Index j2 = i2 - ic;
    if (last > j2 && std::isfinite(x[static_cast<std::size_t>(j2)]))
      m.cop_velocity_late_mps =
          (x[static_cast<std::size_t>(last)] - x[static_cast<std::size_t>(j2)]) * fs / static_cast<double>(last - j2);
  }
  return m;
}

/// Adds the insole metric columns for the cycles of `rec.side` in `table` (rows of the other side are
/// left as they are; columns are created NaN-filled). A cycle without a usable stance (FC missing)
/// gets NaN.
/// @param baseline_n  per-sample unloaded level of the total (events::InsoleEventsResult::baseline_n),
///                    or empty for none
/// @throws InvalidArgument on a table/recording rate mismatch or a baseline of the wrong length.
inline void add_insole_metrics(CycleTable& table, const InsoleRecording& rec, const Series& baseline_n,
                               std::optional<double> body_mass_kg = {}, const InsoleMetricParams& params = {}) {
  SECONDHEART_CHECK(table.sampling_rate_hz == rec.sampling_rate_hz, "add_insole_metrics: table at ",
                    table.sampling_rate_hz, " Hz, ", to_string(rec.side), " insole at ", rec.sampling_rate_hz, " Hz");
  SECONDHEART_CHECK(baseline_n.size() == 0 || baseline_n.size() == rec.size(),
                    "add_insole_metrics: expected a baseline of ", rec.size(), " samples or none, got ", baseline_n.size());
  Series force = rec.total();
  if (baseline_n.size() > 0) force -= baseline_n;
  if (params.force_lowpass_hz > 0 && params.force_lowpass_hz < 0.4 * rec.sampling_rate_hz && force.allFinite() &&
      force.size() > 30)
    force = dsp::lowpass(force, params.force_lowpass_hz, rec.sampling_rate_hz, 2);
  const auto& names = insole_metric_columns();
  for (const auto& name : names)
    if (!table.has_column(name)) table.set_column(name, Eigen::VectorXd::Constant(table.rows(), NaN));
  std::vector<Index> col(names.size());
  for (std::size_t j = 0; j < names.size(); ++j) col[j] = table.column_index(names[j]);
  for (Index r = 0; r < table.rows(); ++r) {
    const Cycle& c = table.cycles[static_cast<std::size_t>(r)];
    if (c.side != rec.side || c.ic < 0 || c.fc <= c.ic + 2 || c.fc > rec.size()) continue;
    bool finite = true;
    for (Index i = c.ic; i < c.fc && finite; ++i) finite = std::isfinite(force[i]);
    if (!finite) continue;
    const StanceForceMetrics m = stance_force_metrics(force, rec.cell_force_n, rec.cell_position_m, rec.foot_length_m,
                                                      c.ic, c.fc, c.ho, rec.sampling_rate_hz, body_mass_kg, params);
    const double values[] = {m.f1_n,
                             m.f2_n,
                             m.valley_n,
                             m.f2_f1_ratio,
                             m.f1_bw,
                             m.f2_bw,
                             m.time_to_f2_pct,
                             m.loading_rate_n_per_s,
                             m.unloading_rate_n_per_s,
                             m.loading_rate_f1_per_s,
                             m.unloading_rate_f2_per_s,
                             m.forefoot_impulse_pct,
                             m.cop_travel_pct,
                             m.cop_velocity_late_mps,
                             m.heel_off_pct,
                             m.push_off_time_s};
    for (std::size_t j = 0; j < names.size(); ++j) table.values(r, col[j]) = values[j];
  }
}

}  // namespace secondheart::metrics
