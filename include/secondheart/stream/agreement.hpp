/// @file
/// How far a stream's strides agree with the batch analysis of the same recording: the measure of
/// docs/stream.md, shared by the tests, the benchmark and the validation script.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "secondheart/core/table.hpp"

namespace secondheart::stream {

struct Agreement {
  Index batch_strides = 0;  ///< rows of the batch table
  Index beyond_window = 0;  ///< batch cycles longer than the stream's window (pauses inside, too_long): not compared
  Index warm_up = 0;        ///< batch strides matched by a stream stride emitted during warm-up, or unmatched
                            ///< and ending before the warm-up ended (not compared)
  Index compared = 0;       ///< batch strides outside the warm-up (matched or not)
  Index found = 0;          ///< ... with a stream stride of the same side and IC within the tolerance
  Index same_events = 0;    ///< ... whose next IC and FC are within the tolerance as well
  Index same_status = 0;    ///< ... with the same status as well
  Index agree = 0;          ///< same events and every metric within the relative tolerance
  std::string worst_column;  ///< the metric furthest from batch among the found strides
  double worst_relative = 0.0;  ///< its deviation / tolerance scale (1 % of max(|batch|, column median |batch|))
  /// Per batch column: how many found strides (same events) have that metric outside the tolerance.
  std::vector<std::pair<std::string, Index>> disagreements;

  double fraction() const { return compared > 0 ? static_cast<double>(agree) / static_cast<double>(compared) : NAN; }
};

/// Compares `stream` strides (with their warm-up marks) with the `batch` table: each batch stride is
/// looked up by side and IC (± `samples`); a metric agrees when both are NaN or they differ by at most
/// `relative` × max(|batch value|, median |batch value| of its column) (the floor keeps values near
/// zero from needing an absurd precision). Metrics that are near zero on straight level walking
/// (heading change, stride rise) differ by noise-level amounts where the calibration is estimated from
/// the window's still periods rather than the whole recording's: angles (`_deg`) within
/// `angle_floor_deg` and lengths (`_m`) within `length_floor_m` also agree (0 = the 1 % rule alone).
/// Batch cycles longer than `window_samples` (a pause inside: too_long) are counted apart. A batch
/// stride the stream did not find that ends before `warm_up_end` (the sample at which the stream's
/// window was first full; -1: not known) is counted as warm-up too: the stream emitted that part of
/// the recording while warming up, and what it emitted there is not what is compared.
inline Agreement compare_with_batch(const CycleTable& stream, const std::vector<bool>& stream_warming_up,
                                    const CycleTable& batch, Index samples = 1, double relative = 0.01,
                                    double angle_floor_deg = 0.0, double length_floor_m = 0.0,
                                    Index window_samples = std::numeric_limits<Index>::max(), Index warm_up_end = -1) {
  auto ends_with = [](const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
  };
  Agreement out;
  out.batch_strides = batch.rows();
  std::vector<double> scale(batch.columns.size(), 0.0);
  for (std::size_t k = 0; k < batch.columns.size(); ++k) {
    std::vector<double> magnitudes;
    for (Index r = 0; r < batch.rows(); ++r)
      if (std::isfinite(batch.values(r, static_cast<Index>(k)))) magnitudes.push_back(std::abs(batch.values(r, static_cast<Index>(k))));
    if (magnitudes.empty()) continue;
    std::nth_element(magnitudes.begin(), magnitudes.begin() + static_cast<std::ptrdiff_t>(magnitudes.size() / 2), magnitudes.end());
    scale[k] = magnitudes[magnitudes.size() / 2];
  }
  for (const auto& name : batch.columns) out.disagreements.emplace_back(name, 0);
  auto near = [&](Index a, Index b) { return (a < 0 && b < 0) || (a >= 0 && b >= 0 && std::abs(a - b) <= samples); };
  for (Index r = 0; r < batch.rows(); ++r) {
    const Cycle& b = batch.cycles[static_cast<std::size_t>(r)];
    if (b.next_ic - b.ic > window_samples) {  // a stream cannot see a cycle that does not fit its window
      ++out.beyond_window;
      continue;
    }
    Index match = -1;
    for (Index s = 0; s < stream.rows(); ++s) {
      const Cycle& c = stream.cycles[static_cast<std::size_t>(s)];
      if (c.side == b.side && std::abs(c.ic - b.ic) <= samples) {
        match = s;
        break;
      }
    }
    const bool matched_in_warm_up = match >= 0 && static_cast<std::size_t>(match) < stream_warming_up.size() &&
                                    stream_warming_up[static_cast<std::size_t>(match)];
    if (matched_in_warm_up || (match < 0 && b.next_ic <= warm_up_end)) {
      ++out.warm_up;
      continue;
    }
    ++out.compared;
    if (match < 0) continue;
    ++out.found;
    const Cycle& c = stream.cycles[static_cast<std::size_t>(match)];
    if (!near(c.next_ic, b.next_ic) || !near(c.fc, b.fc)) continue;
    ++out.same_events;
    if (c.status == b.status) ++out.same_status;
    bool all = true;
    for (std::size_t k = 0; k < batch.columns.size(); ++k) {
      const auto it = std::find(stream.columns.begin(), stream.columns.end(), batch.columns[k]);
      if (it == stream.columns.end()) {
        all = false;
        continue;
      }
      const double x = stream.values(match, static_cast<Index>(it - stream.columns.begin()));
      const double y = batch.values(r, static_cast<Index>(k));
      if (std::isnan(x) && std::isnan(y)) continue;
      const double tol_scale = std::max(std::abs(y), scale[k]);
      const double dev = std::isfinite(x) && std::isfinite(y) ? std::abs(x - y) / std::max(tol_scale, 1e-12) : INFINITY;
      if (dev > out.worst_relative) out.worst_relative = dev, out.worst_column = batch.columns[k];
      const std::string& name = batch.columns[k];
      const double floor = ends_with(name, "_deg") ? angle_floor_deg : ends_with(name, "_m") ? length_floor_m : 0.0;
      if (dev > relative && !(std::abs(x - y) <= floor)) all = false, ++out.disagreements[k].second;
    }
    if (all) ++out.agree;
  }
  return out;
}

}  // namespace secondheart::stream
