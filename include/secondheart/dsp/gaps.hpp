/// @file
/// Data-quality helpers: gaps (non-finite samples), linear filling of short gaps, saturation (clipping) runs.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/types.hpp"
#include "secondheart/dsp/runs.hpp"

namespace secondheart::dsp {

/// Runs of non-finite samples.
inline std::vector<Run> find_gaps(const Eigen::Ref<const Series>& x) {
  return runs_where(Eigen::Array<bool, Eigen::Dynamic, 1>(!x.array().isFinite()));
}

/// Runs of samples where any axis is non-finite (any 3-column Eigen expression, e.g. Vec3Series; a template so
/// that a Series argument never converts to it).
template <typename Derived>
  requires(Derived::ColsAtCompileTime == 3)
std::vector<Run> find_gaps(const Eigen::MatrixBase<Derived>& x) {
  Eigen::Array<bool, Eigen::Dynamic, 1> mask(x.rows());
  for (Index i = 0; i < x.rows(); ++i) mask[i] = !x.row(i).array().isFinite().all();
  return runs_where(mask);
}

/// Linear interpolation across interior gaps of at most `max_gap_samples`; longer gaps and gaps touching either
/// end stay NaN (nothing to interpolate from honestly).
/// @throws InvalidArgument on max_gap < 0
inline Series fill_gaps_linear(const Eigen::Ref<const Series>& x, Index max_gap_samples) {
  SECONDHEART_CHECK(max_gap_samples >= 0, "expected max_gap_samples >= 0, got ", max_gap_samples);
  Series y = x;
  for (const Run& g : find_gaps(x)) {
    if (g.begin == 0 || g.end == x.size() || g.length() > max_gap_samples) continue;
    const double a = x[g.begin - 1], b = x[g.end];
    const double span = static_cast<double>(g.length() + 1);
    for (Index i = g.begin; i < g.end; ++i) y[i] = a + (b - a) * static_cast<double>(i - g.begin + 1) / span;
  }
  return y;
}

struct SaturationResult {
  std::vector<Run> runs;  ///< flat runs at the recording's maximum or minimum
  double limit = NaN;     ///< largest |value| of the recording when runs were found, else NaN
};

/// Clipping: flat runs (equal values) of at least `min_run_samples` at the recording's own maximum or minimum.
/// The two extremes are checked separately because converters clip asymmetrically (e.g. -32768 / +32767).
/// @throws InvalidArgument on min_run < 2
inline SaturationResult find_saturation(const Eigen::Ref<const Series>& x, Index min_run_samples = 3) {
  SECONDHEART_CHECK(min_run_samples >= 2, "expected min_run_samples >= 2 (a flat run), got ", min_run_samples);
  SaturationResult out;
  double hi = -std::numeric_limits<double>::infinity(), lo = std::numeric_limits<double>::infinity();
  for (Index i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i])) continue;
    hi = std::max(hi, x[i]);
    lo = std::min(lo, x[i]);
  }
  if (!(hi >= lo) || hi == lo) return out;  // empty, all NaN or constant: nothing is clipped against anything
  Eigen::Array<bool, Eigen::Dynamic, 1> mask(x.size());
  for (Index i = 0; i < x.size(); ++i) mask[i] = x[i] == hi || x[i] == lo;
  // A run mixing both extremes cannot occur (hi != lo and neighbours must be equal to both be at one extreme
  // only when they are equal), but split to be safe.
  for (const Run& r : runs_where(mask, min_run_samples)) {
    Index s = r.begin;
    for (Index i = r.begin + 1; i <= r.end; ++i) {
      if (i == r.end || x[i] != x[s]) {
        if (i - s >= min_run_samples) out.runs.push_back({s, i});
        s = i;
      }
    }
  }
  if (!out.runs.empty()) out.limit = std::max(std::abs(hi), std::abs(lo));
  return out;
}

}  // namespace secondheart::dsp
