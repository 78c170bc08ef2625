// Walking bouts from initial contacts (Mobilise-D assembly rule) and stride terrain from the foot
// trajectory's rise and slope.
#include <algorithm>
#include <cmath>

#include "internal.hpp"
#include "secondheart/core/error.hpp"

namespace secondheart::activity {

std::vector<WalkingBout> detect_bouts(const std::vector<std::vector<double>>& ic_s, const std::vector<Side>& sides,
                                      const BoutParams& params) {
  SECONDHEART_CHECK(ic_s.size() == sides.size(), "detect_bouts: expected one side per contact list, got ",
                    ic_s.size(), " lists and ", sides.size(), " sides");
  SECONDHEART_CHECK(params.min_strides >= 1, "detect_bouts: expected min_strides >= 1, got ", params.min_strides);
  SECONDHEART_CHECK(std::isfinite(params.max_pause_s) && params.max_pause_s >= 0,
                    "detect_bouts: expected max_pause_s >= 0, got ", params.max_pause_s);
  SECONDHEART_CHECK(std::isfinite(params.min_stride_s) && std::isfinite(params.max_stride_s) && params.min_stride_s > 0 &&
                        params.max_stride_s > params.min_stride_s,
                    "detect_bouts: expected 0 < min_stride_s < max_stride_s, got ", params.min_stride_s, " and ",
                    params.max_stride_s);
  // Strides: consecutive contacts of one foot at a plausible stride time.
  struct Stride {
    double begin_s, end_s;
  };
  std::vector<Stride> strides;
  std::vector<double> contacts;
  for (const auto& list : ic_s) {
    for (std::size_t k = 0; k < list.size(); ++k) {
      SECONDHEART_CHECK(std::isfinite(list[k]), "detect_bouts: expected finite contact times, got ", list[k]);
      SECONDHEART_CHECK(k == 0 || list[k] >= list[k - 1], "detect_bouts: expected sorted contact times, got ",
                        list[k], " after ", list[k - 1]);
      contacts.push_back(list[k]);
      if (k == 0) continue;
      const double dt = list[k] - list[k - 1];
      if (dt >= params.min_stride_s && dt <= params.max_stride_s) strides.push_back({list[k - 1], list[k]});
    }
  }
  std::sort(strides.begin(), strides.end(), [](const Stride& a, const Stride& b) { return a.begin_s < b.begin_s; });
  std::sort(contacts.begin(), contacts.end());
  const std::size_t feet = std::count_if(ic_s.begin(), ic_s.end(), [](const auto& l) { return !l.empty(); });
  const bool one_foot = feet == 1;

  std::vector<WalkingBout> bouts;
  auto close = [&](WalkingBout& b) {
    if (b.strides < params.min_strides) return;
    const auto first = std::lower_bound(contacts.begin(), contacts.end(), b.start_s);
    const auto last = std::upper_bound(contacts.begin(), contacts.end(), b.end_s);
    const int ics = static_cast<int>(last - first);
    b.steps = one_foot ? 2 * ics : ics;
    b.steps_estimated = one_foot;
    const int step_intervals = one_foot ? 2 * (ics - 1) : ics - 1;
    if (b.duration_s() > 0 && step_intervals > 0) b.cadence_spm = 60.0 * step_intervals / b.duration_s();
    bouts.push_back(b);
  };
  WalkingBout current;
  bool open = false;
  for (const Stride& s : strides) {
    if (open && s.begin_s <= current.end_s + params.max_pause_s) {
      current.end_s = std::max(current.end_s, s.end_s);
      ++current.strides;
      continue;
    }
    if (open) close(current);
    current = WalkingBout{};
    current.start_s = s.begin_s;
    current.end_s = s.end_s;
    current.strides = 1;
    open = true;
  }
  if (open) close(current);
  return bouts;
}

std::vector<Terrain> classify_terrain(const Eigen::VectorXd& rise_m, const Eigen::VectorXd& length_m,
                                      const std::vector<Side>& side, const TerrainParams& params) {
  const auto n = static_cast<std::size_t>(rise_m.size());
  SECONDHEART_CHECK(length_m.size() == rise_m.size() && side.size() == n,
                    "classify_terrain: expected rise, length and side of equal lengths, got ", rise_m.size(), ", ",
                    length_m.size(), " and ", side.size());
  SECONDHEART_CHECK(params.min_stairs_rise_m > 0 && params.min_stairs_slope > 0 && params.min_hill_slope > 0 &&
                        params.min_hill_slope < params.min_stairs_slope && params.slope_window_strides >= 1,
                    "classify_terrain: expected positive thresholds with min_hill_slope < min_stairs_slope and "
                    "slope_window_strides >= 1, got rise ",
                    params.min_stairs_rise_m, " m, stairs slope ", params.min_stairs_slope, ", hill slope ",
                    params.min_hill_slope, ", window ", params.slope_window_strides, " strides");
  // Slopes are read from strides long enough for the drift of the height to be small against the
  // rise a slope gives them; turning and shuffling strides are shorter.
  constexpr double min_slope_length_m = 0.3;
  std::vector<Terrain> out(n, Terrain::Unknown);
  std::vector<bool> slope_eligible(n, false);
  for (std::size_t k = 0; k < n; ++k) {
    const double rise = rise_m[static_cast<Index>(k)], length = length_m[static_cast<Index>(k)];
    if (!std::isfinite(rise) || !std::isfinite(length) || length < 0) continue;
    const double slope = length > 1e-3 ? rise / length : (rise == 0 ? 0.0 : std::copysign(INFINITY, rise));
    if (std::abs(rise) >= params.min_stairs_rise_m && std::abs(slope) >= params.min_stairs_slope) {
      out[k] = rise > 0 ? Terrain::StairsUp : Terrain::StairsDown;
      continue;
    }
    out[k] = Terrain::Level;
    slope_eligible[k] = length >= min_slope_length_m;
  }
  // Strides onto and off a flight climb one riser over a longer, partly level distance: next to a
  // stair stride of the same foot and direction, the rise alone with half the slope makes a stair.
  for (Side s : {Side::Left, Side::Right}) {
    std::vector<std::size_t> rows;
    for (std::size_t k = 0; k < n; ++k)
      if (side[k] == s) rows.push_back(k);
    std::vector<Terrain> before(out);
    for (std::size_t a = 0; a < rows.size(); ++a) {
      const std::size_t k = rows[a];
      if (before[k] != Terrain::Level) continue;
      const double rise = rise_m[static_cast<Index>(k)], length = length_m[static_cast<Index>(k)];
      if (std::abs(rise) < params.min_stairs_rise_m || std::abs(rise) < 0.5 * params.min_stairs_slope * length) continue;
      const Terrain flight = rise > 0 ? Terrain::StairsUp : Terrain::StairsDown;
      const bool next_to_flight = (a > 0 && before[rows[a - 1]] == flight) || (a + 1 < rows.size() && before[rows[a + 1]] == flight);
      if (next_to_flight) {
        out[k] = flight;
        slope_eligible[k] = false;
      }
    }
  }
  // Slopes: windows of consecutive eligible strides of one foot (rows of a foot are in time order;
  // stairs and unknown strides end a window).
  std::vector<int> up(n, 0), down(n, 0);
  const auto w = static_cast<std::size_t>(params.slope_window_strides);
  for (Side s : {Side::Left, Side::Right}) {
    std::vector<std::size_t> rows;
    for (std::size_t k = 0; k < n; ++k)
      if (side[k] == s) rows.push_back(k);
    for (std::size_t a = 0; a + w <= rows.size(); ++a) {
      double rise = 0, length = 0;
      bool eligible = true;
      for (std::size_t k = a; k < a + w && eligible; ++k) {
        eligible = slope_eligible[rows[k]];
        rise += rise_m[static_cast<Index>(rows[k])];
        length += length_m[static_cast<Index>(rows[k])];
      }
      if (!eligible || std::abs(rise) < params.min_hill_slope * length) continue;
      for (std::size_t k = a; k < a + w; ++k) ++(rise > 0 ? up : down)[rows[k]];
    }
  }
  for (std::size_t k = 0; k < n; ++k)
    if (out[k] == Terrain::Level && (up[k] > 0) != (down[k] > 0)) out[k] = up[k] > 0 ? Terrain::Uphill : Terrain::Downhill;
  return out;
}

}  // namespace secondheart::activity
