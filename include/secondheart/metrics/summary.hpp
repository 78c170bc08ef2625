/// @file
/// Per-side summary of a CycleTable (median, IQR, CV over valid cycles) and the left/right
/// asymmetry index. Robust statistics because one mis-segmented stride must not move the result.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "secondheart/core/table.hpp"

namespace secondheart::metrics {

/// Summary of one metric on one side.
struct MetricSummary {
  std::string metric;
  Side side = Side::Left;
  Index n_cycles = 0;  ///< valid cycles with a finite value
  double median = NaN;
  double q1 = NaN;
  double q3 = NaN;
  double iqr = NaN;
  double mean = NaN;
  double sd = NaN;
  double cv_percent = NaN;  ///< sd / |mean| · 100
};

/// Linear-interpolated quantile (the "type 7" of R and NumPy's default) of finite values; NaN if none.
inline double quantile(std::vector<double> values, double q) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
               values.end());
  if (values.empty()) return NaN;
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto lower = static_cast<std::size_t>(std::floor(position));
  const auto upper = std::min(lower + 1, values.size() - 1);
  return values[lower] + (position - static_cast<double>(lower)) * (values[upper] - values[lower]);
}

/// Summarises finite values (any order).
inline MetricSummary summarize_values(const std::string& metric, Side side, const std::vector<double>& values) {
  MetricSummary s;
  s.metric = metric;
  s.side = side;
  std::vector<double> finite;
  for (double v : values)
    if (std::isfinite(v)) finite.push_back(v);
  s.n_cycles = static_cast<Index>(finite.size());
  if (finite.empty()) return s;
  s.median = quantile(finite, 0.5);
  s.q1 = quantile(finite, 0.25);
  s.q3 = quantile(finite, 0.75);
  s.iqr = s.q3 - s.q1;
  double sum = 0;
  for (double v : finite) sum += v;
  s.mean = sum / static_cast<double>(finite.size());
  if (finite.size() >= 2) {
    double ss = 0;
    for (double v : finite) ss += (v - s.mean) * (v - s.mean);
    s.sd = std::sqrt(ss / static_cast<double>(finite.size() - 1));
    s.cv_percent = std::abs(s.mean) > 0 ? 100.0 * s.sd / std::abs(s.mean) : NaN;
  }
  return s;
}

/// One MetricSummary per (column, side) over the valid cycles of `table`.
inline std::vector<MetricSummary> summarize(const CycleTable& table) {
  std::vector<MetricSummary> out;
  for (Index c = 0; c < static_cast<Index>(table.columns.size()); ++c) {
    for (Side side : {Side::Left, Side::Right}) {
      std::vector<double> values;
      for (Index r = 0; r < table.rows(); ++r) {
        const Cycle& cycle = table.cycles[static_cast<std::size_t>(r)];
        if (cycle.side == side && cycle.valid()) values.push_back(table.values(r, c));
      }
      if (!values.empty()) out.push_back(summarize_values(table.columns[static_cast<std::size_t>(c)], side, values));
    }
  }
  return out;
}

/// Asymmetry index in percent: 100 · (left − right) / mean(|left|, |right|). 0 = symmetric; positive =
/// left larger. NaN when either side is missing or both are zero.
inline double asymmetry_index_percent(double left, double right) {
  const double scale = 0.5 * (std::abs(left) + std::abs(right));
  if (!std::isfinite(left) || !std::isfinite(right) || scale == 0.0) return NaN;
  return 100.0 * (left - right) / scale;
}

/// The asymmetry index of two sides' medians where a ratio means something, NaN otherwise: medians of
/// opposite sign, or a median closer to zero than its side's IQR (a signed angle scattered around
/// zero, such as heading_change_deg, would otherwise show hundreds of percent).
inline double summary_asymmetry_index_percent(const MetricSummary& left, const MetricSummary& right) {
  if (!(left.median * right.median > 0)) return NaN;
  if (std::abs(left.median) < left.iqr || std::abs(right.median) < right.iqr) return NaN;
  return asymmetry_index_percent(left.median, right.median);
}

}  // namespace secondheart::metrics
