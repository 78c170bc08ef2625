/// @file
/// Gait events and cycles: one definition for every sensor, so results compare across sensors.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "secondheart/core/types.hpp"

namespace secondheart {

/// Events of one foot as sorted sample indices. IC = initial contact (heel strike),
/// FC = final contact (toe-off), HO = heel-off, MS = mid-stance (foot IMU: lowest foot motion).
struct GaitEvents {
  Side side = Side::Left;
  double sampling_rate_hz = 0.0;
  std::vector<Index> ic;
  std::vector<Index> fc;
  std::vector<Index> ho;
  std::vector<Index> ms;
};

/// Why a cycle is not used for metrics.
enum class CycleStatus {
  Valid,
  TooShort,     ///< stride time below the plausible minimum
  TooLong,      ///< stride time above the plausible maximum (pause inside)
  Incomplete,   ///< an event inside the stride is missing or out of order
  Turn,         ///< the stride contains a turn
  Irregular,    ///< stride time far from its neighbours
  BadData,      ///< gap, saturation or NaN inside the stride
};

constexpr std::string_view to_string(CycleStatus status) {
  switch (status) {
    case CycleStatus::Valid: return "valid";
    case CycleStatus::TooShort: return "too_short";
    case CycleStatus::TooLong: return "too_long";
    case CycleStatus::Incomplete: return "incomplete";
    case CycleStatus::Turn: return "turn";
    case CycleStatus::Irregular: return "irregular";
    case CycleStatus::BadData: return "bad_data";
  }
  return "unknown";
}

/// One stride of one foot: IC -> next IC (half-open [ic, next_ic)), with the FC and HO inside it.
/// `fc`/`ho` are -1 when not detected.
struct Cycle {
  Side side = Side::Left;
  Index ic = -1;
  Index next_ic = -1;
  Index fc = -1;
  Index ho = -1;
  CycleStatus status = CycleStatus::Valid;

  bool valid() const { return status == CycleStatus::Valid; }
};

}  // namespace secondheart
