/// @file
/// Shank-IMU pipeline, with the ankle angle when the same leg also wears a foot IMU:
/// shank recording -> gap bridging -> sensor-to-shank alignment and pitch (orientation/shank.hpp)
/// -> events (events/shank_imu.hpp: IC is the pitch-rate minimum after contact; the contact-aligned
/// IC from the heel-strike impact in |acc| is `events.ic_contact`) -> validated cycles (cycles/cycles.hpp) -> spatiotemporal and
/// shank push-off columns; with a foot IMU on that leg, foot pitch from the foot pipeline
/// (pipeline/foot_imu.hpp) -> ankle angle on the shank's clock -> ankle columns (metrics/ankle.hpp).
/// Data problems never throw: they become quality flags and NaN metrics.
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/recording.hpp"
#include "secondheart/core/result.hpp"
#include "secondheart/core/validate.hpp"
#include "secondheart/cycles/cycles.hpp"
#include "secondheart/events/shank_imu.hpp"
#include "secondheart/metrics/ankle.hpp"
#include "secondheart/metrics/spatiotemporal.hpp"
#include "secondheart/orientation/shank.hpp"
#include "secondheart/pipeline/foot_imu.hpp"

namespace secondheart::pipeline {

struct ShankPipelineParams {
  orientation::ShankPitchParams pitch;
  events::ShankEventParams events;
  events::ShankContactParams contact;       ///< contact-aligned IC from the shank's |acc| (ShankEventResult::ic_contact)
  cycles::CycleParams cycles;
  metrics::ShankPushOffParams push_off;
  metrics::AnkleAngleParams ankle;          ///< zero of the ankle angle (user offset / interval / automatic)
  metrics::AnkleCycleParams ankle_cycles;
  FootImuPipelineParams foot;               ///< how the foot pitch is computed when a foot IMU is present
  bool use_foot_imus = true;                ///< join ankle columns when the leg also has a foot IMU
  double max_gap_s = 0.05;                  ///< longer gaps make their cycles bad_data (s)
  double min_duration_s = 2.0;              ///< shorter recordings are not analysed (flagged)
};

/// Everything computed for one leg, for callers who want more than the merged table.
struct ShankAnalysis {
  Side side = Side::Left;
  double sampling_rate_hz = 0.0;
  double start_time_s = 0.0;
  orientation::ShankPitchResult pitch;       ///< pitch, pitch rate, alignment
  events::ShankEventResult events;
  cycles::CycleResult cycles;
  std::vector<dsp::Run> bad_data;            ///< gaps longer than max_gap_s
  std::optional<metrics::AnkleAngleResult> ankle;  ///< when a foot IMU of the same leg was used
  std::optional<GaitEvents> foot_events;     ///< the foot pipeline's events (foot clock) when used
  QualityFlags flags;
};

using StaticPeriodMask = std::vector<bool>;

/// Samples inside still runs (orientation::static_periods) of a segment-frame IMU.
inline StaticPeriodMask still_samples(const Vec3Series& acc_mps2, const Vec3Series& gyr_dps, double sampling_rate_hz,
                                      const orientation::StaticPeriodParams& params) {
  StaticPeriodMask mask(static_cast<std::size_t>(acc_mps2.rows()), false);
  for (const auto& run : orientation::static_periods(acc_mps2, gyr_dps, sampling_rate_hz, params))
    std::fill(mask.begin() + run.begin, mask.begin() + run.end, true);
  return mask;
}

/// Foot-pipeline settings that keep what the ankle angle reads: the segment-frame acc (the foot's
/// pitch at rest) and the per-sample pitch.
inline FootImuPipelineParams with_foot_series(FootImuPipelineParams params) {
  params.keep_segment_signals = true;
  params.metrics.keep_trajectories = true;
  return params;
}

/// Runs the shank pipeline on one leg; `foot` (may be nullptr) is the foot IMU of the same leg.
/// `foot_analysis`, when given, is that foot's pipeline result already computed (e.g. by analyze(),
/// which runs each foot once) with its segment-frame signals and per-sample pitch kept (the
/// defaults: keep_segment_signals, keep_trajectories); otherwise the foot pipeline runs here with
/// `params.foot`, keeping both whatever they say.
/// @throws InvalidArgument when `shank` is not a shank IMU, `foot` not a foot IMU of the same side,
///         `foot_analysis` of another side, a rate is not positive, shapes differ, or the units look
///         like g or rad/s (check_imu_units).
inline ShankAnalysis analyze_shank_imu(const ImuRecording& shank, const ImuRecording* foot,
                                       const ShankPipelineParams& params = {},
                                       const FootImuAnalysis* foot_analysis = nullptr) {
  SECONDHEART_CHECK(shank.placement == Placement::Shank, "analyze_shank_imu: expected a shank IMU, got a ",
                    to_string(shank.placement), " IMU");
  SECONDHEART_CHECK(std::isfinite(shank.sampling_rate_hz) && shank.sampling_rate_hz > 0,
                    "analyze_shank_imu: expected sampling_rate_hz > 0, got ", shank.sampling_rate_hz);
  SECONDHEART_CHECK(shank.acc_mps2.rows() == shank.gyr_dps.rows(),
                    "analyze_shank_imu: expected as many acc as gyro samples, got ", shank.acc_mps2.rows(), " and ",
                    shank.gyr_dps.rows());
  SECONDHEART_CHECK(foot == nullptr || (foot->placement == Placement::Foot && foot->side == shank.side),
                    "analyze_shank_imu: expected the foot IMU of the ", to_string(shank.side), " leg, got a ",
                    foot ? to_string(foot->side) : "", " ", foot ? to_string(foot->placement) : "", " IMU");
  SECONDHEART_CHECK(foot_analysis == nullptr || (foot != nullptr && foot_analysis->side == shank.side),
                    "analyze_shank_imu: expected a foot analysis of the ", to_string(shank.side),
                    " foot IMU given with it");
  check_imu_units(shank);  // m/s² and deg/s (readers convert declared units)
  const double fs = shank.sampling_rate_hz;
  const Index n = shank.size();
  const std::string name = std::string(to_string(shank.side)) + " shank IMU";
  ShankAnalysis out;
  out.side = shank.side;
  out.sampling_rate_hz = fs;
  out.start_time_s = shank.start_time_s;
  out.events.events.side = shank.side;
  out.events.events.sampling_rate_hz = fs;
  out.cycles.status_counts.fill(0);
  if (static_cast<double>(n) < params.min_duration_s * fs) {
    out.flags.push_back({"too_short", shank.side,
                         name + ": " + std::to_string(n) + " samples, shorter than " +
                             to_text(params.min_duration_s) + " s: not analysed"});
    return out;
  }

  out.pitch = orientation::shank_pitch(shank, params.pitch);
  out.flags.insert(out.flags.end(), out.pitch.flags.begin(), out.pitch.flags.end());
  Index gap_samples = 0;
  for (bool g : out.pitch.gap) gap_samples += g ? 1 : 0;
  if (gap_samples == n) {
    out.flags.push_back({"no_data", shank.side, name + ": every sample is missing"});
    return out;
  }
  for (Index i = 0; i < n;) {
    if (!out.pitch.gap[static_cast<std::size_t>(i)]) {
      ++i;
      continue;
    }
    Index j = i;
    while (j < n && out.pitch.gap[static_cast<std::size_t>(j)]) ++j;
    if (static_cast<double>(j - i) > params.max_gap_s * fs) {
      dsp::Run run;
      run.begin = i;
      run.end = j;
      out.bad_data.push_back(run);
    }
    i = j;
  }

  out.events = events::detect_shank_events(out.pitch.pitch_rate_dps, fs, shank.side, params.events);
  events::detect_shank_contacts(out.events, shank.acc_mps2, params.contact);
  out.flags.insert(out.flags.end(), out.events.flags.begin(), out.events.flags.end());
  out.cycles = cycles::segment_cycles(out.events.events, params.cycles, out.bad_data);
  out.flags.insert(out.flags.end(), out.cycles.flags.begin(), out.cycles.flags.end());

  if (foot != nullptr && params.use_foot_imus) {
    std::optional<FootImuAnalysis> computed;
    if (foot_analysis == nullptr) foot_analysis = &computed.emplace(analyze_foot_imu(*foot, with_foot_series(params.foot)));
    // A foot analysed here reports its findings here; one handed in (analyze()) reports them in its own
    // result, so they are not repeated under the shank.
    if (computed)
      for (const auto& flag : foot_analysis->flags)
        out.flags.push_back(
            {"foot_" + flag.code, flag.side, "(foot pitch for the ankle angle) " + flag.message, flag.severity});
    out.foot_events = foot_analysis->events.events;
    if (foot_analysis->metrics.pitch_deg.size() == foot->size()) {
      // The foot pipeline integrates pitch rest -> rest during walking; while the foot stands still
      // (before and after walking) gravity alone gives its pitch exactly, and that is where the
      // ankle finds its standing zero.
      Series foot_pitch = foot_analysis->metrics.pitch_deg;
      if (foot_analysis->acc_mps2.rows() == foot->size()) {
        StaticPeriodMask still = still_samples(foot_analysis->acc_mps2, foot_analysis->gyr_dps, foot->sampling_rate_hz,
                                               params.pitch.alignment.standing);
        for (Index i = 0; i < foot_pitch.size(); ++i)
          if (!std::isfinite(foot_pitch[i]) && still[static_cast<std::size_t>(i)])
            foot_pitch[i] = std::atan2(foot_analysis->acc_mps2(i, 0), foot_analysis->acc_mps2(i, 2)) * rad_to_deg;
      }
      out.ankle = metrics::ankle_angle(foot_pitch, foot->sampling_rate_hz, foot->start_time_s,
                                       out.pitch.pitch_deg, fs, shank.start_time_s, params.ankle);
      for (const auto& flag : out.ankle->flags) out.flags.push_back({flag.code, shank.side, flag.message});
    } else {
      out.flags.push_back({"ankle_no_foot_pitch", shank.side,
                           name + ": the foot pipeline gave no foot pitch (too short or no strides): no ankle angle"});
    }
  }
  return out;
}

/// Runs the shank pipeline on every shank IMU of the session and merges the legs into one table
/// (source "shank_imu", left rows first): spatiotemporal columns (metrics/spatiotemporal.hpp), the
/// shank push-off columns, and — for legs that also wear a foot IMU — the ankle columns
/// (metrics/ankle.hpp; NaN on a leg without a foot IMU). Bad-data cycles have NaN metrics.
/// `feet`, when given, are the session's foot analyses already computed (analyze_each_foot_imu), used
/// instead of running the foot pipeline again for the ankle angle.
/// @throws InvalidArgument on bad recordings (see analyze_shank_imu), two shank IMUs on one leg, or
///         two shank IMUs at different rates.
inline PipelineResult analyze_shank_imus(const Session& session, const ShankPipelineParams& params = {},
                                         const std::vector<FootImuAnalysis>* feet = nullptr) {
  PipelineResult result;
  result.cycles.source = "shank_imu";
  std::vector<ShankAnalysis> legs;
  for (Side side : {Side::Left, Side::Right}) {
    Index count = 0;
    for (const auto& rec : session.imus)
      if (rec.placement == Placement::Shank && rec.side == side) ++count;
    SECONDHEART_CHECK(count <= 1, "analyze_shank_imus: expected at most one shank IMU per side, got ", count, " on the ",
                      to_string(side));
    if (const ImuRecording* rec = session.imu(Placement::Shank, side)) {
      const FootImuAnalysis* foot_analysis = nullptr;
      if (feet != nullptr)
        for (const auto& f : *feet)
          if (f.side == side) foot_analysis = &f;
      const ImuRecording* foot = session.imu(Placement::Foot, side);
      legs.push_back(analyze_shank_imu(*rec, foot, params, foot != nullptr ? foot_analysis : nullptr));
    }
  }
  if (legs.empty()) {
    result.flags.push_back({"no_shank_imu", std::nullopt, "the session has no shank IMU"});
    return result;
  }
  if (legs.size() == 2) {
    SECONDHEART_CHECK(legs[0].sampling_rate_hz == legs[1].sampling_rate_hz,
                      "analyze_shank_imus: expected both shank IMUs at one sampling rate, got ", legs[0].sampling_rate_hz,
                      " and ", legs[1].sampling_rate_hz, " Hz (resample one first)");
    if (std::abs(legs[0].start_time_s - legs[1].start_time_s) > 0.5 / legs[0].sampling_rate_hz)
      result.flags.push_back({"shank_clocks_differ", std::nullopt,
                              "left and right shank recordings start at different times: step time and double "
                              "support compare indices of different clocks and are NaN"});
  }
  CycleTable& table = result.cycles;
  table.sampling_rate_hz = legs[0].sampling_rate_hz;
  for (const auto& leg : legs) {
    result.events.push_back(leg.events.events);
    result.flags.insert(result.flags.end(), leg.flags.begin(), leg.flags.end());
    table.cycles.insert(table.cycles.end(), leg.cycles.cycles.begin(), leg.cycles.cycles.end());
  }
  table.values.resize(table.rows(), 0);
  const bool same_clock = legs.size() < 2 || std::abs(legs[0].start_time_s - legs[1].start_time_s) <= 0.5 / legs[0].sampling_rate_hz;
  if (same_clock) {
    metrics::add_spatiotemporal(table, result.events);
  } else {
    // One leg at a time, so the other leg's events on another clock are never mixed in.
    CycleTable merged = table;
    bool first = true;
    for (const auto& leg : legs) {
      CycleTable one;
      one.sampling_rate_hz = table.sampling_rate_hz;
      one.cycles = leg.cycles.cycles;
      one.values.resize(one.rows(), 0);
      metrics::add_spatiotemporal(one, {leg.events.events});
      if (first) {
        merged.columns = one.columns;
        merged.values.resize(merged.rows(), static_cast<Index>(one.columns.size()));
        first = false;
      }
      Index offset = 0;
      for (const auto& other : legs) {
        if (&other == &leg) break;
        offset += static_cast<Index>(other.cycles.cycles.size());
      }
      merged.values.middleRows(offset, one.rows()) = one.values;
    }
    table = merged;
  }
  Series rate_left, rate_right, ankle_left, ankle_right;
  for (const auto& leg : legs) {
    (leg.side == Side::Left ? rate_left : rate_right) = leg.pitch.pitch_rate_dps;
    if (leg.ankle) (leg.side == Side::Left ? ankle_left : ankle_right) = leg.ankle->ankle_deg;
  }
  metrics::add_shank_push_off_columns(table, rate_left, rate_right, params.push_off);
  const bool any_ankle = ankle_left.size() > 0 || ankle_right.size() > 0;
  if (any_ankle) metrics::add_ankle_columns(table, ankle_left, ankle_right, params.ankle_cycles);
  for (Index r = 0; r < table.rows(); ++r)
    if (table.cycles[static_cast<std::size_t>(r)].status == CycleStatus::BadData) table.values.row(r).setConstant(NaN);
  return result;
}

}  // namespace secondheart::pipeline
