/// @file
/// Temporal gait metrics per cycle, for any sensor that gives IC and FC of both feet: stride, stance,
/// swing, step and double-support time, stance share, cadence.
///
/// Definitions (cycle of foot A = [IC_A, next IC_A), B = the other foot):
///  - stride_time_s = next IC_A − IC_A; stance_time_s = FC_A − IC_A; swing_time_s = next IC_A − FC_A
///  - stance_pct = 100 · stance / stride
///  - step_time_s = first IC_B after IC_A − IC_A (the step that ends on the other foot)
///  - double_support_s = initial (IC_A → first FC_B after IC_A) + terminal (last IC_B before FC_A → FC_A),
///    each counted only when the B event lies inside A's stance; double_support_pct = of stride
///  - cadence_spm = 120 / stride_time_s (steps per minute, two steps per stride)
/// Values that need a missing event are NaN.
#pragma once

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/events.hpp"
#include "secondheart/core/table.hpp"

namespace secondheart::metrics {

inline const std::vector<std::string>& spatiotemporal_columns() {
  static const std::vector<std::string> columns = {"stride_time_s",   "stance_time_s",          "swing_time_s",
                                                   "stance_pct",  "step_time_s",            "double_support_s",
                                                   "double_support_pct", "cadence_spm"};
  return columns;
}

/// Adds the spatiotemporal columns to `table` (one value per cycle, any side).
/// @param table   cycles of one or both feet; indices at table.sampling_rate_hz
/// @param events  events of the feet, same clock and rate as the table; the other foot's events
///                are looked up by side (double support and step time are NaN without them)
/// @throws InvalidArgument when the table's sampling rate is not > 0 or an events' rate differs.
inline void add_spatiotemporal(CycleTable& table, const std::vector<GaitEvents>& events) {
  const double fs = table.sampling_rate_hz;
  SECONDHEART_CHECK(fs > 0, "add_spatiotemporal: expected table.sampling_rate_hz > 0, got ", fs);
  for (const auto& e : events)
    SECONDHEART_CHECK(e.sampling_rate_hz == fs, "add_spatiotemporal: events of the ", to_string(e.side),
                      " foot are at ", e.sampling_rate_hz, " Hz, the table at ", fs, " Hz");
  const auto find = [&](Side side) -> const GaitEvents* {
    for (const auto& e : events)
      if (e.side == side) return &e;
    return nullptr;
  };
  const Index rows = table.rows();
  Eigen::MatrixXd cols = Eigen::MatrixXd::Constant(rows, static_cast<Index>(spatiotemporal_columns().size()), NaN);
  for (Index r = 0; r < rows; ++r) {
    const Cycle& c = table.cycles[static_cast<std::size_t>(r)];
    if (c.ic < 0 || c.next_ic <= c.ic) continue;
    const double stride = static_cast<double>(c.next_ic - c.ic) / fs;
    cols(r, 0) = stride;
    cols(r, 7) = 120.0 / stride;
    if (c.fc > c.ic && c.fc < c.next_ic) {
      const double stance = static_cast<double>(c.fc - c.ic) / fs;
      cols(r, 1) = stance;
      cols(r, 2) = stride - stance;
      cols(r, 3) = 100.0 * stance / stride;
    }
    const GaitEvents* other_foot = find(other(c.side));
    if (!other_foot) continue;
    const auto& oic = other_foot->ic;
    const auto& ofc = other_foot->fc;
    auto step_it = std::upper_bound(oic.begin(), oic.end(), c.ic);
    if (step_it != oic.end() && *step_it < c.next_ic) cols(r, 4) = static_cast<double>(*step_it - c.ic) / fs;
    if (c.fc > c.ic && c.fc < c.next_ic) {
      // Initial double support: the other foot is still down at IC and lifts before FC_A.
      auto fc_it = std::upper_bound(ofc.begin(), ofc.end(), c.ic);
      // Terminal: the other foot lands before FC_A (the last such IC).
      auto ic_it = std::lower_bound(oic.begin(), oic.end(), c.fc);
      const bool has_initial = fc_it != ofc.end() && *fc_it < c.fc;
      const bool has_terminal = ic_it != oic.begin() && *std::prev(ic_it) > c.ic;
      if (has_initial && has_terminal && *fc_it <= *std::prev(ic_it)) {
        const double ds = static_cast<double>((*fc_it - c.ic) + (c.fc - *std::prev(ic_it))) / fs;
        cols(r, 5) = ds;
        cols(r, 6) = 100.0 * ds / stride;
      }
    }
  }
  table.set_columns(spatiotemporal_columns(), cols);
}

}  // namespace secondheart::metrics
