/// @file
/// Runs: half-open sample ranges where a condition holds, and the Schmitt trigger (hysteresis)
/// that turns a noisy level into clean on/off runs.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include <Eigen/Core>

#include "secondheart/core/error.hpp"
#include "secondheart/core/types.hpp"

namespace secondheart::dsp {

/// A half-open range of samples [begin, end).
struct Run {
  Index begin = 0;
  Index end = 0;
  Index length() const { return end - begin; }
  bool operator==(const Run&) const = default;
};

/// Maximal runs of true samples, dropping runs shorter than `min_length_samples`.
/// @throws InvalidArgument if min_length_samples < 1.
inline std::vector<Run> runs_where(const Eigen::Ref<const Eigen::Array<bool, Eigen::Dynamic, 1>>& mask,
                                   Index min_length_samples = 1) {
  SECONDHEART_CHECK(min_length_samples >= 1, "runs_where: expected min_length_samples >= 1, got ",
                    min_length_samples);
  std::vector<Run> runs;
  const Index n = mask.size();
  Index i = 0;
  while (i < n) {
    if (!mask[i]) {
      ++i;
      continue;
    }
    const Index begin = i;
    while (i < n && mask[i]) ++i;
    if (i - begin >= min_length_samples) runs.push_back(Run{begin, i});
  }
  return runs;
}

/// Schmitt trigger: a run starts where x reaches `high` and lasts while x stays above `low`
/// (it ends at the first sample <= low). Its begin is moved back to where x last rose above `low`,
/// so a run covers the whole excursion, not only its part above `high`. NaN samples end a run and
/// never start one. Runs shorter than `min_length_samples` are dropped.
/// @throws InvalidArgument if low > high, either is NaN, or min_length_samples < 1.
inline std::vector<Run> hysteresis(const Eigen::Ref<const Series>& x, double high, double low,
                                   Index min_length_samples = 1) {
  SECONDHEART_CHECK(!std::isnan(high) && !std::isnan(low) && low <= high,
                    "hysteresis: expected low <= high (both numbers), got low ", low, " and high ", high);
  SECONDHEART_CHECK(min_length_samples >= 1, "hysteresis: expected min_length_samples >= 1, got ",
                    min_length_samples);
  std::vector<Run> runs;
  const Index n = x.size();
  Index i = 0;
  while (i < n) {
    if (!(x[i] >= high)) {
      ++i;
      continue;
    }
    Index begin = i;
    while (begin > 0 && x[begin - 1] > low) --begin;  // back to where the excursion left `low`
    if (!runs.empty() && begin < runs.back().end) begin = runs.back().end;
    while (i < n && x[i] > low) ++i;  // NaN compares false: ends the run
    if (i - begin >= min_length_samples) runs.push_back(Run{begin, i});
  }
  return runs;
}

/// Joins consecutive runs separated by at most `max_gap_samples` samples (input sorted by begin).
/// @throws InvalidArgument if max_gap_samples < 0.
inline std::vector<Run> merge_runs(std::vector<Run> runs, Index max_gap_samples) {
  SECONDHEART_CHECK(max_gap_samples >= 0, "merge_runs: expected max_gap_samples >= 0, got ", max_gap_samples);
  std::vector<Run> merged;
  for (const Run& r : runs) {
    if (!merged.empty() && r.begin - merged.back().end <= max_gap_samples)
      merged.back().end = std::max(merged.back().end, r.end);
    else
      merged.push_back(r);
  }
  return merged;
}

}  // namespace secondheart::dsp
