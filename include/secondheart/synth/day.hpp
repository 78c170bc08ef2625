/// @file
/// Synthetic days with ground truth: hours of wearing foot IMUs, shank IMUs and insoles, made of
/// blocks (walking, standing, sitting, lying, legs up, exercises, sensor off), to validate the
/// activity stage (bouts, postures, leg elevation, exercise sets, hours).
///
/// Model (per leg, world frame x forward, y left, z up; DESIGN.md conventions; the walker's math):
///  - Walk blocks are the walker's (walker.hpp) own output, noise-free, pasted into the day: each
///    block is one call of walk() with the schedule {Walk d} (rest standing, a half first step, full
///    strides, a closing step, rest standing). The leading leg alternates between walk blocks (left
///    first). Its events give the truth (initial contacts, bouts); its per-sample truth is dropped.
///  - Still blocks and exercises are a rigid foot and a rigid shank joined at the ankle (a foot body
///    point, as in the walker). Every angle is piecewise constant with rest-to-rest quintic ramps
///    (C2: zero rate and acceleration at both ends), so gyro and acc are analytic and consistent:
///    p = h + R(θ) r, acc = R(θ)ᵀ (a + (0, 0, g)), gyro = (0, −θ', 0) deg/s.
///    Three angles per leg: shank pitch ψ (its inclination from vertical; positive = knee behind the
///    ankle, the feet forward), foot pitch about the ankle θ_a (the ankle fixed in space) and heel
///    lift ℓ about the MTP point (0.75 foot length ahead of the heel, pinned on the floor). The foot
///    pitch is θ = θ_a − ℓ; the ankle rides on the foot when the heel lifts; the shank keeps ψ and
///    translates with the ankle.
///  - Postures (ψ, θ_a, load per foot): Stand (0, 0, 0.5 BW); Sit (sitting_shank_inclination_deg,
///    0, 0.12 BW: feet flat on the floor); Lie (lying_shank_inclination_deg, ψ + relaxed_ankle_deg,
///    0: the leg lies flat, toes up); LegsElevated (elevated_shank_inclination_deg: ankle above the
///    knee, foot relaxed on the shank, 0); AnklePumps sit with the leg out (pump_shank_inclination_deg,
///    foot relaxed, 0). A block starts with a change of posture from the previous block's (1-2 s,
///    all angles and loads ramp together, rotating about the ankle) and, when walking follows, ends
///    with a change to standing. After a NotWorn block the next posture starts as it is (sensor off).
///  - Sitting has slow load changes and a few fidgets an hour (heel lifts of at most
///    fidget_max_deg, in the truth), standing a slow weight shift between the feet, so detectors
///    meet non-exercise motion.
///  - Exercises: CalfRaises (standing, both feet): ℓ 0 → heel_raise_deg, hold, back, rest; the heel
///    load moves to the forefoot. SeatedToePushes (sitting): the same, smaller and faster, the forefoot
///    carries toe_push_load_bw. AnklePumps: θ_a moves up by pump_deg (dorsiflexion), down to −pump_deg
///    and back around its rest, the shank still, the foot in the air. IsometricHolds (sitting): no
///    motion, the forefoot load rises by hold_load_bw for hold_s, the heel load is kept. Every phase
///    time varies per repetition by ±rep_time_variation (uniform), amplitudes by ±rep_amplitude_variation.
///  - Insoles: the cells share two loads per foot by Gaussian footprints (σ = 0.1 foot length, the
///    walker's): the rest load, 55 % around the heel (0.12 foot length) and 45 % around the forefoot
///    (0.72), and the forefoot load around the MTP point. Heel raises move the load from the first
///    to the second. Next to walk blocks the rest load blends (over the posture change, or 1 s) into
///    the walker's own rest footprint (one Gaussian at 0.42 foot length), so no cell jumps.
///  - NotWorn: every recording is NaN (sensor off); the sample count stays continuous.
///  - Noise: the walker's noise and bias terms times noise_scale, over the whole day: one constant
///    bias per sensor axis for the day, white noise drawn from a table of 65536 standard normals
///    indexed by 16 bits of the generator at a time (four values per draw: a day has ~3e8 of them).
///  - Block boundaries are rounded to the sample grid: block k covers samples
///    [round(S_k fs), round(S_{k+1} fs)) with S_k the sum of the durations before it.
///  - StairsUp / StairsDown blocks are the walker's stairs (bout_rise_per_step_m = ±stair_riser_m):
///    a stride of two treads (2 stair_tread_m) at stair_cadence_steps_per_min, every landing one riser
///    per step higher (lower), so the foot rises (falls) two risers per stride; timing, pitch and
///    insole curves are those of level walking (real stair gait lands flatter, on the forefoot going
///    down: not modelled).
/// Truth is kept per event and period only (initial contacts, bouts, strides with their rise and
/// terrain, periods, sets with their repetitions, fidgets): a 24 h day holds no per-sample truth. Times are on the session clock
/// (seconds after midnight: sample i is at start_clock_s + i / fs).
/// Everything is deterministic for a seed (one std::mt19937_64, no global state).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/recording.hpp"
#include "secondheart/core/types.hpp"
#include "secondheart/synth/quintic.hpp"
#include "secondheart/synth/walker.hpp"

namespace secondheart::synth {

enum class DayActivity {
  Walk,
  StairsUp,    ///< walking up a flight of stairs (the walker with one riser per step)
  StairsDown,  ///< walking down a flight of stairs
  Stand,
  Sit,
  Lie,
  LegsElevated,
  CalfRaises,
  SeatedToePushes,
  AnklePumps,
  IsometricHolds,
  NotWorn,
};

constexpr std::string_view to_string(DayActivity kind) {
  switch (kind) {
    case DayActivity::Walk: return "walk";
    case DayActivity::StairsUp: return "stairs_up";
    case DayActivity::StairsDown: return "stairs_down";
    case DayActivity::Stand: return "stand";
    case DayActivity::Sit: return "sit";
    case DayActivity::Lie: return "lie";
    case DayActivity::LegsElevated: return "legs_elevated";
    case DayActivity::CalfRaises: return "calf_raises";
    case DayActivity::SeatedToePushes: return "seated_toe_pushes";
    case DayActivity::AnklePumps: return "ankle_pumps";
    case DayActivity::IsometricHolds: return "isometric_holds";
    case DayActivity::NotWorn: return "not_worn";
  }
  return "unknown";
}

constexpr bool is_walking(DayActivity kind) {
  return kind == DayActivity::Walk || kind == DayActivity::StairsUp || kind == DayActivity::StairsDown;
}

constexpr bool is_exercise(DayActivity kind) {
  return kind == DayActivity::CalfRaises || kind == DayActivity::SeatedToePushes || kind == DayActivity::AnklePumps ||
         kind == DayActivity::IsometricHolds;
}

/// One block of the day's schedule.
struct DayBlock {
  DayBlock() = default;
  DayBlock(DayActivity kind_, double duration_s_, int repetitions_ = 0, std::optional<Side> side_ = std::nullopt)
      : kind(kind_), duration_s(duration_s_), repetitions(repetitions_), side(side_) {}

  DayActivity kind = DayActivity::Sit;
  double duration_s = 60.0;
  int repetitions = 0;        ///< exercises: how many (>= 1); 0 for everything else
  std::optional<Side> side;   ///< exercises other than calf raises: one leg only; none = both legs
};

/// Parameters of a synthetic day. Angles in deg, times in s, loads in body weights (BW) per foot.
struct DayParams {
  /// Rate, noise, biases, speed, cadence, push-off, body, sensor placement and seed (its schedule is
  /// ignored; its noise terms are multiplied by noise_scale).
  WalkerParams walker;
  double start_clock_s = 7 * 3600.0;  ///< clock time (s after midnight) of the first sample
  std::vector<DayBlock> schedule;
  double noise_scale = 1.0;           ///< multiplies every noise and bias term of the walker
  /// Which recordings the session holds (24 h of all six at 100 Hz take about 2.8 GB).
  bool foot_imus = true, shank_imus = true, insoles = true;

  // Stairs.
  double stair_riser_m = 0.17, stair_tread_m = 0.28;  ///< a stride covers two treads and two risers
  double stair_cadence_steps_per_min = 95.0;

  // Postures.
  double sitting_shank_inclination_deg = 30.0;   ///< shank from vertical, knee behind the ankle (feet forward)
  double lying_shank_inclination_deg = 90.0;     ///< the leg lies flat
  double elevated_shank_inclination_deg = 100.0; ///< legs up: ankle above the knee
  double relaxed_ankle_deg = -20.0;              ///< ankle angle of a foot in the air (plantarflexed)
  double standing_load_bw = 0.5, sitting_load_bw = 0.12;  ///< per foot
  double posture_change_min_s = 1.0, posture_change_max_s = 2.0;
  double sway_bw = 0.02;                         ///< standing weight shift std, sitting load change std ×4
  double sit_fidgets_per_hour = 4.0;             ///< per leg
  double fidget_max_deg = 4.0;                   ///< heel-lift fidgets of 1.5 deg .. this

  // Exercises (nominal phase times; each varies per repetition, see rep_time_variation).
  double rep_time_variation = 0.1;       ///< every phase time × U(1 − this, 1 + this)
  double rep_amplitude_variation = 0.0;  ///< every repetition's amplitude × U(1 − this, 1 + this)
  double exercise_lead_s = 1.0;          ///< still time after the posture change before the first repetition
  double heel_raise_deg = 30.0, calf_raise_rise_s = 1.0, calf_raise_hold_s = 2.0, calf_raise_lower_s = 2.0,
         calf_raise_rest_s = 1.0;
  double toe_push_deg = 18.0, toe_push_rise_s = 0.5, toe_push_hold_s = 0.5, toe_push_lower_s = 0.7,
         toe_push_rest_s = 1.0, toe_push_load_bw = 0.2;
  double pump_deg = 20.0, pump_shank_inclination_deg = 60.0, pump_up_s = 0.3, pump_down_s = 0.5, pump_return_s = 0.3,
         pump_rest_s = 0.2;
  double hold_load_bw = 0.2, hold_rise_s = 0.5, hold_s = 5.0, hold_lower_s = 0.5, hold_rest_s = 3.0;
};

/// Ground truth of a day: events and periods only. Times on the session clock (s).
struct DayTruth {
  /// A walk block's walking: start/end = first and last initial contact (either foot); strides =
  /// IC -> IC intervals of either foot; steps = ICs of both feet.
  struct Bout {
    double start_s = 0.0, end_s = 0.0;
    int strides = 0, steps = 0;
    DayActivity kind = DayActivity::Walk;
    double duration_s() const { return end_s - start_s; }
  };
  /// Every block as it happened (still ones and NotWorn included).
  struct Period {
    double start_s = 0.0, end_s = 0.0;
    DayActivity kind = DayActivity::Sit;
  };
  /// One repetition: leaves rest at start_s, reaches 80 % of its amplitude at top_s, full amplitude
  /// for hold_s, back at rest at end_s; time_above_80_s is the time at >= 80 % of the amplitude.
  struct Rep {
    double start_s = 0.0, top_s = 0.0, end_s = 0.0;
    double amplitude = 0.0;
    double rise_s = 0.0, hold_s = 0.0, lowering_s = 0.0, time_above_80_s = 0.0;
  };
  /// One exercise block. amplitude: deg of foot pitch (heel raise, or the pump both ways), or BW of
  /// added forefoot load (isometric holds); the mean of the repetitions. hold_s / lowering_s: means.
  struct Set {
    DayActivity kind = DayActivity::CalfRaises;
    std::optional<Side> side;
    double start_s = 0.0, end_s = 0.0;
    int repetitions = 0;
    double amplitude = 0.0;
    std::string amplitude_unit;  ///< "deg" or "bw"
    double hold_s = 0.0, lowering_s = 0.0;
    std::vector<Rep> reps;
  };
  /// One stride (IC -> next IC of one foot) of a walking bout: what it climbs and how far it goes.
  struct Stride {
    Side side = Side::Left;
    double start_s = 0.0, end_s = 0.0;
    double rise_m = 0.0, length_m = 0.0;  ///< foot displacement, rest to rest (up positive)
    DayActivity kind = DayActivity::Walk;  ///< the terrain: Walk (level), StairsUp, StairsDown
  };
  /// A small heel lift while sitting (not an exercise).
  struct Fidget {
    Side side = Side::Left;
    double start_s = 0.0, end_s = 0.0, amplitude_deg = 0.0;
  };

  double start_clock_s = 0.0;
  double sampling_rate_hz = 0.0;
  std::vector<Bout> bouts;
  std::vector<Period> periods;
  std::vector<Set> sets;
  std::vector<Stride> strides;  ///< every stride of every bout, in bout order (left then right)
  std::vector<Fidget> fidgets;
  std::array<std::vector<double>, 2> ic_s;  ///< every initial contact, [0] left, [1] right, sorted

  const std::vector<double>& ic(Side side) const { return ic_s[side == Side::Left ? 0 : 1]; }
};

struct DayResult {
  /// Foot IMUs (left, right), shank IMUs (left, right), AxesFrame::Segment; insoles (left, right);
  /// subject mass. Every recording starts at start_clock_s. (Only those DayParams asks for.)
  Session session;
  DayTruth truth;
};

namespace detail {

/// A value that holds between rest-to-rest quintic ramps (zero rate and acceleration at both ends:
/// C2 everywhere) and may jump (sensor off). Ramps are appended in time order.
class RampChannel {
 public:
  explicit RampChannel(double initial = 0.0) : initial_(initial) {}

  double last() const { return ramps_.empty() ? initial_ : ramps_.back().to; }
  double last_time() const { return ramps_.empty() ? -1e300 : ramps_.back().t1; }

  void ramp(double t0, double duration_s, double to) {
    SECONDHEART_CHECK(t0 >= last_time() - 1e-9 && duration_s > 0, "day: internal ramp out of order at ", t0, " s");
    ramps_.push_back({t0, t0 + duration_s, last(), to});
  }
  void jump(double t, double to) {
    if (to != last()) ramps_.push_back({t, t, last(), to});
  }

  /// Jet at t; `cursor` carries the position between calls with increasing t; `moving` is set when
  /// t lies inside a ramp.
  Jet at(double t, std::size_t& cursor, bool& moving) const {
    while (cursor < ramps_.size() && t >= ramps_[cursor].t1) ++cursor;
    if (cursor == ramps_.size()) return {last(), 0.0, 0.0};
    const Ramp& r = ramps_[cursor];
    if (t < r.t0) return {r.from, 0.0, 0.0};
    moving = true;
    const double h = r.t1 - r.t0, s = (t - r.t0) / h, d = r.to - r.from;
    return {r.from + d * s * s * s * (10 + s * (-15 + 6 * s)), d * 30 * s * s * (1 - s) * (1 - s) / h,
            d * 60 * s * (1 + s * (-3 + 2 * s)) / (h * h)};
  }

 private:
  struct Ramp {
    double t0, t1, from, to;
  };
  double initial_;
  std::vector<Ramp> ramps_;
};

/// Fraction of a rest-to-rest quintic ramp's duration at which it has covered `travel` (0..1) of
/// its way.
inline double ramp_fraction_at(double travel) {
  double lo = 0.0, hi = 1.0;
  for (int i = 0; i < 60; ++i) {
    const double u = 0.5 * (lo + hi);
    (u * u * u * (10 + u * (-15 + 6 * u)) < travel ? lo : hi) = u;
  }
  return 0.5 * (lo + hi);
}

struct Pose {
  double shank_pitch_deg = 0.0, foot_pitch_deg = 0.0, load_bw = 0.0;
  bool operator==(const Pose&) const = default;
};

struct DayLeg {
  RampChannel shank_pitch_deg, foot_pitch_deg, heel_lift_deg, rest_load_bw, forefoot_load_bw;
  /// Share of the rest load on the still footprint (heel and forefoot); the rest of it on the
  /// walker's narrow rest footprint, so the cells change smoothly into and out of walk blocks.
  RampChannel still_print_share;
};

/// White standard-normal noise from a table indexed by 16 bits of the generator at a time.
class FastNormal {
 public:
  explicit FastNormal(std::mt19937_64& rng) : rng_(rng), table_(65536) {
    std::normal_distribution<double> normal(0.0, 1.0);
    for (double& v : table_) v = normal(rng_);
  }
  double operator()() {
    if (left_ == 0) {
      bits_ = rng_();
      left_ = 4;
    }
    const double v = table_[bits_ & 0xFFFF];
    bits_ >>= 16;
    --left_;
    return v;
  }

 private:
  std::mt19937_64& rng_;
  std::vector<double> table_;
  std::uint64_t bits_ = 0;
  int left_ = 0;
};

inline double nominal_rep_s(const DayParams& p, DayActivity kind) {
  switch (kind) {
    case DayActivity::CalfRaises:
      return p.calf_raise_rise_s + p.calf_raise_hold_s + p.calf_raise_lower_s + p.calf_raise_rest_s;
    case DayActivity::SeatedToePushes: return p.toe_push_rise_s + p.toe_push_hold_s + p.toe_push_lower_s + p.toe_push_rest_s;
    case DayActivity::AnklePumps: return p.pump_up_s + p.pump_down_s + p.pump_return_s + p.pump_rest_s;
    case DayActivity::IsometricHolds: return p.hold_rise_s + p.hold_s + p.hold_lower_s + p.hold_rest_s;
    default: return 0.0;
  }
}

/// Shortest duration of a still block (room for a posture change at each end).
inline double min_still_block_s(const DayParams& p) { return 2.0 * p.posture_change_max_s + 1.0; }

/// Shortest duration of an exercise block of `reps` repetitions (every phase at its longest).
inline double min_exercise_block_s(const DayParams& p, DayActivity kind, int reps) {
  return 2.0 * p.posture_change_max_s + p.exercise_lead_s + reps * nominal_rep_s(p, kind) * (1.0 + p.rep_time_variation) +
         0.5;
}

inline void validate(const DayParams& p) {
  auto finite_in = [](double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; };
  WalkerParams w = p.walker;
  w.schedule = {{ActivityKind::Walk, 60.0}};
  validate(w);  // the walker's own checks (rate, speed, cadence, noise, body, ...)
  SECONDHEART_CHECK(finite_in(p.start_clock_s, -1e9, 1e10), "day: expected a finite start_clock_s, got ",
                    p.start_clock_s);
  SECONDHEART_CHECK(finite_in(p.noise_scale, 0.0, 100.0), "day: expected noise_scale in [0, 100], got ",
                    p.noise_scale);
  SECONDHEART_CHECK(!p.schedule.empty(), "day: expected a non-empty schedule of blocks, got none");
  SECONDHEART_CHECK(finite_in(p.sitting_shank_inclination_deg, 0.0, 80.0),
                    "day: expected sitting_shank_inclination_deg in [0, 80], got ", p.sitting_shank_inclination_deg);
  SECONDHEART_CHECK(finite_in(p.lying_shank_inclination_deg, 45.0, 135.0),
                    "day: expected lying_shank_inclination_deg in [45, 135], got ", p.lying_shank_inclination_deg);
  SECONDHEART_CHECK(finite_in(p.elevated_shank_inclination_deg, 45.0, 150.0),
                    "day: expected elevated_shank_inclination_deg in [45, 150], got ",
                    p.elevated_shank_inclination_deg);
  SECONDHEART_CHECK(finite_in(p.pump_shank_inclination_deg, 0.0, 135.0),
                    "day: expected pump_shank_inclination_deg in [0, 135], got ", p.pump_shank_inclination_deg);
  SECONDHEART_CHECK(finite_in(p.relaxed_ankle_deg, -60.0, 30.0), "day: expected relaxed_ankle_deg in [-60, 30], got ",
                    p.relaxed_ankle_deg);
  SECONDHEART_CHECK(finite_in(p.standing_load_bw, 0.0, 1.5), "day: expected standing_load_bw in [0, 1.5], got ",
                    p.standing_load_bw);
  SECONDHEART_CHECK(finite_in(p.sitting_load_bw, 0.0, 1.0), "day: expected sitting_load_bw in [0, 1], got ",
                    p.sitting_load_bw);
  SECONDHEART_CHECK(finite_in(p.posture_change_min_s, 0.2, 10.0) &&
                        finite_in(p.posture_change_max_s, p.posture_change_min_s, 10.0),
                    "day: expected 0.2 <= posture_change_min_s <= posture_change_max_s <= 10 s, got ",
                    p.posture_change_min_s, " and ", p.posture_change_max_s);
  SECONDHEART_CHECK(finite_in(p.sway_bw, 0.0, 0.1), "day: expected sway_bw in [0, 0.1], got ", p.sway_bw);
  SECONDHEART_CHECK(finite_in(p.sit_fidgets_per_hour, 0.0, 600.0),
                    "day: expected sit_fidgets_per_hour in [0, 600], got ", p.sit_fidgets_per_hour);
  SECONDHEART_CHECK(finite_in(p.fidget_max_deg, 1.5, 10.0), "day: expected fidget_max_deg in [1.5, 10], got ",
                    p.fidget_max_deg);
  SECONDHEART_CHECK(finite_in(p.rep_time_variation, 0.0, 0.5), "day: expected rep_time_variation in [0, 0.5], got ",
                    p.rep_time_variation);
  SECONDHEART_CHECK(finite_in(p.rep_amplitude_variation, 0.0, 0.5),
                    "day: expected rep_amplitude_variation in [0, 0.5], got ", p.rep_amplitude_variation);
  SECONDHEART_CHECK(finite_in(p.exercise_lead_s, 0.0, 60.0), "day: expected exercise_lead_s in [0, 60], got ",
                    p.exercise_lead_s);
  SECONDHEART_CHECK(finite_in(p.heel_raise_deg, 1.0, 60.0), "day: expected heel_raise_deg in [1, 60], got ",
                    p.heel_raise_deg);
  SECONDHEART_CHECK(finite_in(p.toe_push_deg, 1.0, 60.0), "day: expected toe_push_deg in [1, 60], got ",
                    p.toe_push_deg);
  SECONDHEART_CHECK(finite_in(p.pump_deg, 1.0, 45.0), "day: expected pump_deg in [1, 45], got ", p.pump_deg);
  SECONDHEART_CHECK(finite_in(p.toe_push_load_bw, 0.0, 1.0), "day: expected toe_push_load_bw in [0, 1], got ",
                    p.toe_push_load_bw);
  SECONDHEART_CHECK(finite_in(p.hold_load_bw, 0.01, 1.0), "day: expected hold_load_bw in [0.01, 1], got ",
                    p.hold_load_bw);
  const double phase_times[] = {p.calf_raise_rise_s, p.calf_raise_lower_s, p.toe_push_rise_s, p.toe_push_lower_s,
                                p.pump_up_s,         p.pump_down_s,        p.pump_return_s,   p.hold_rise_s,
                                p.hold_s,            p.hold_lower_s};
  for (double v : phase_times)
    SECONDHEART_CHECK(finite_in(v, 0.05, 120.0), "day: expected every rise/lower/hold time of the exercises in "
                      "[0.05, 120] s, got ", v);
  const double pause_times[] = {p.calf_raise_hold_s, p.calf_raise_rest_s, p.toe_push_hold_s, p.toe_push_rest_s,
                                p.pump_rest_s, p.hold_rest_s};
  for (double v : pause_times)
    SECONDHEART_CHECK(finite_in(v, 0.0, 120.0), "day: expected every hold/rest time of the exercises in [0, 120] s, got ",
                      v);

  const double T = p.walker.stride_time_s();
  const double min_walk_s = 3.0 * T + 1.0;
  SECONDHEART_CHECK(finite_in(p.stair_riser_m, 0.05, 0.25), "day: expected stair_riser_m in [0.05, 0.25] m, got ",
                    p.stair_riser_m);
  SECONDHEART_CHECK(finite_in(p.stair_tread_m, 0.15, 0.5), "day: expected stair_tread_m in [0.15, 0.5] m, got ",
                    p.stair_tread_m);
  SECONDHEART_CHECK(finite_in(p.stair_cadence_steps_per_min, 40.0, 180.0),
                    "day: expected stair_cadence_steps_per_min in [40, 180], got ", p.stair_cadence_steps_per_min);
  const double min_stairs_s = 3.0 * 120.0 / p.stair_cadence_steps_per_min + 1.0;
  double total_s = 0.0;
  for (std::size_t k = 0; k < p.schedule.size(); ++k) {
    const DayBlock& b = p.schedule[k];
    const std::string_view name = to_string(b.kind);
    SECONDHEART_CHECK(std::isfinite(b.duration_s) && b.duration_s > 0, "day: block ", k, " (", name,
                      ") expected duration_s > 0, got ", b.duration_s);
    if (is_exercise(b.kind)) {
      SECONDHEART_CHECK(b.repetitions >= 1, "day: block ", k, " (", name, ") expected repetitions >= 1, got ",
                        b.repetitions);
      const double need = min_exercise_block_s(p, b.kind, b.repetitions);
      SECONDHEART_CHECK(b.duration_s >= need, "day: block ", k, " (", name, ") expected duration_s >= ", need,
                        " s for ", b.repetitions, " repetitions, got ", b.duration_s);
      SECONDHEART_CHECK(!(b.kind == DayActivity::CalfRaises && b.side.has_value()), "day: block ", k,
                        " (calf_raises) is done standing on both feet: expected no side, got ",
                        to_string(b.side.value_or(Side::Left)));
    } else {
      SECONDHEART_CHECK(b.repetitions == 0, "day: block ", k, " (", name, ") expected repetitions = 0, got ",
                        b.repetitions);
      SECONDHEART_CHECK(!b.side.has_value(), "day: block ", k, " (", name,
                        ") expected no side (only exercises take one), got ", to_string(b.side.value_or(Side::Left)));
    }
    if (b.kind == DayActivity::Walk)
      SECONDHEART_CHECK(b.duration_s >= min_walk_s, "day: block ", k, " (walk) expected duration_s >= ", min_walk_s,
                        " s (a first and a closing step at ", p.walker.cadence_steps_per_min, " steps/min), got ",
                        b.duration_s);
    else if (is_walking(b.kind))
      SECONDHEART_CHECK(b.duration_s >= min_stairs_s, "day: block ", k, " (", name, ") expected duration_s >= ",
                        min_stairs_s, " s (a first and a closing step at ", p.stair_cadence_steps_per_min,
                        " steps/min), got ", b.duration_s);
    else if (b.kind != DayActivity::NotWorn)
      SECONDHEART_CHECK(b.duration_s >= min_still_block_s(p), "day: block ", k, " (", name,
                        ") expected duration_s >= ", min_still_block_s(p), " s (a posture change at each end), got ",
                        b.duration_s);
    total_s += b.duration_s;
  }
  SECONDHEART_CHECK(total_s * p.walker.sampling_rate_hz <= 2.0e8, "day: expected at most 2e8 samples, got ",
                    total_s * p.walker.sampling_rate_hz);
}

}  // namespace detail

/// Generates a synthetic day and its ground truth (see the file comment for the model).
/// @throws InvalidArgument for a bad parameter: an empty schedule, a non-positive or too short
///         block, repetitions that do not fit their block, stairs, an implausible angle, ...
inline DayResult day(const DayParams& params) {
  using namespace detail;
  validate(params);
  const DayParams& p = params;
  const WalkerParams& wp = p.walker;
  const double fs = wp.sampling_rate_hz;
  const double g = standard_gravity_mps2;
  const double lf = wp.foot_length_m;
  const double mtp_x = 0.75 * lf;
  const Eigen::Vector2d ankle_body(0.2 * lf, 0.27 * lf);  // the walker's ankle joint (foot frame, heel origin)
  const Eigen::Vector2d foot_imu_body(wp.foot_imu_forward_m, wp.foot_imu_up_m);
  const Eigen::Vector2d shank_imu_body(wp.shank_imu_forward_m, wp.shank_imu_height_m);
  const double u80 = ramp_fraction_at(0.8);
  const double u10 = ramp_fraction_at(0.1);  // a pump's way down (2 amplitudes) leaves 80 % after 10 %

  std::mt19937_64 rng(wp.seed);
  std::uniform_real_distribution<double> uniform01(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  auto uniform = [&](double lo, double hi) { return lo + (hi - lo) * uniform01(rng); };
  auto vary = [&](double v, double variation) { return v * uniform(1.0 - variation, 1.0 + variation); };

  // Block sample ranges on the grid.
  const std::size_t K = p.schedule.size();
  std::vector<Index> b0(K + 1, 0);
  {
    double cum = 0.0;
    for (std::size_t k = 0; k < K; ++k) {
      cum += p.schedule[k].duration_s;
      b0[k + 1] = static_cast<Index>(std::llround(cum * fs));
    }
  }
  const Index n = b0[K];
  const double clock0 = p.start_clock_s;

  // Recordings.
  std::array<ImuRecording, 2> foot, shank;
  std::array<InsoleRecording, 2> insole;
  const auto cells = insole_cell_layout(lf, Side::Left);  // x positions are the same for both sides
  const Index n_cells = cells.rows();
  for (std::size_t s = 0; s < 2; ++s) {
    const Side sd = s == 0 ? Side::Left : Side::Right;
    for (ImuRecording* rec : {&foot[s], &shank[s]}) {
      rec->side = sd;
      rec->sampling_rate_hz = fs;
      rec->frame = AxesFrame::Segment;
      rec->start_time_s = clock0;
    }
    foot[s].placement = Placement::Foot;
    shank[s].placement = Placement::Shank;
    if (p.foot_imus) foot[s].acc_mps2.resize(n, 3), foot[s].gyr_dps.resize(n, 3);
    if (p.shank_imus) shank[s].acc_mps2.resize(n, 3), shank[s].gyr_dps.resize(n, 3);
    insole[s].side = sd;
    insole[s].sampling_rate_hz = fs;
    insole[s].foot_length_m = lf;
    insole[s].cell_position_m = insole_cell_layout(lf, sd);
    insole[s].start_time_s = clock0;
    if (p.insoles) insole[s].cell_force_n.resize(n, n_cells);
  }
  // The two footprints of the insole (weights summing to 1): rest and forefoot (MTP).
  auto footprint = [&](double cop_x) {
    Eigen::VectorXd w(n_cells);
    for (Index c = 0; c < n_cells; ++c) {
      const double dx = (cells(c, 0) - cop_x) / (0.10 * lf);
      w[c] = std::exp(-0.5 * dx * dx);
    }
    return Eigen::VectorXd(w / w.sum());
  };
  // Standing or sitting still, the heel carries about half of the load (the walker's rest footprint,
  // one Gaussian at 0.42 foot length, leaves the heel cell almost empty): 55 % around the heel, 45 %
  // around the forefoot (centre of pressure at 0.39 foot length).
  const Eigen::VectorXd walker_print = footprint(0.42 * lf), fore_print = footprint(mtp_x);
  const Eigen::VectorXd still_print = 0.55 * footprint(0.12 * lf) + 0.45 * footprint(0.72 * lf);

  DayResult result;
  DayTruth& truth = result.truth;
  truth.start_clock_s = clock0;
  truth.sampling_rate_hz = fs;

  // ---- Postures. ----------------------------------------------------------------------------------
  auto pose_of = [&](DayActivity kind) -> Pose {
    switch (kind) {
      case DayActivity::Sit:
      case DayActivity::SeatedToePushes:
      case DayActivity::IsometricHolds: return {p.sitting_shank_inclination_deg, 0.0, p.sitting_load_bw};
      case DayActivity::Lie:
        return {p.lying_shank_inclination_deg, p.lying_shank_inclination_deg + p.relaxed_ankle_deg, 0.0};
      case DayActivity::LegsElevated:
        return {p.elevated_shank_inclination_deg, p.elevated_shank_inclination_deg + p.relaxed_ankle_deg, 0.0};
      case DayActivity::AnklePumps:
        return {p.pump_shank_inclination_deg, p.pump_shank_inclination_deg + p.relaxed_ankle_deg, 0.0};
      default: return {0.0, 0.0, p.standing_load_bw};  // standing, walking, calf raises
    }
  };
  const Pose first_pose = pose_of(p.schedule.front().kind);
  std::array<DayLeg, 2> legs;
  for (DayLeg& leg : legs)
    leg = {RampChannel(first_pose.shank_pitch_deg), RampChannel(first_pose.foot_pitch_deg), RampChannel(0.0),
           RampChannel(first_pose.load_bw), RampChannel(0.0),
           RampChannel(is_walking(p.schedule.front().kind) ? 0.0 : 1.0)};
  auto change_pose = [&](double t0, double h, const Pose& to) {
    for (DayLeg& leg : legs) {
      leg.shank_pitch_deg.ramp(t0, h, to.shank_pitch_deg);
      leg.foot_pitch_deg.ramp(t0, h, to.foot_pitch_deg);
      leg.rest_load_bw.ramp(t0, h, to.load_bw);
    }
  };
  auto set_pose = [&](double t, const Pose& to) {
    for (DayLeg& leg : legs) {
      leg.shank_pitch_deg.jump(t, to.shank_pitch_deg);
      leg.foot_pitch_deg.jump(t, to.foot_pitch_deg);
      leg.rest_load_bw.jump(t, to.load_bw);
    }
  };

  // ---- Blocks: walking pasted from the walker, still blocks as ramps. --------------------------------
  Pose current = first_pose;
  bool sensor_was_off = false;  // after a NotWorn block the next posture starts as it is
  bool walked_before = false;   // the previous block was a walk block
  int walk_count = 0;
  for (std::size_t k = 0; k < K; ++k) {
    const DayBlock& block = p.schedule[k];
    const double T0 = static_cast<double>(b0[k]) / fs, T1 = static_cast<double>(b0[k + 1]) / fs;
    truth.periods.push_back({clock0 + T0, clock0 + T1, block.kind});
    if (block.kind == DayActivity::NotWorn) {
      sensor_was_off = true;
      walked_before = false;
      continue;
    }
    const Pose pose = pose_of(block.kind);
    if (is_walking(block.kind)) {
      set_pose(T0, pose);  // standing already, unless the sensor was off before
      for (DayLeg& leg : legs) leg.still_print_share.jump(T0, 0.0);
      current = pose;
      sensor_was_off = false;
      walked_before = true;
      const bool swap = walk_count % 2 == 1;  // the right leg leads every second walk block
      ++walk_count;
      WalkerParams w = wp.noise_free();
      w.seed = rng();
      w.schedule = {{ActivityKind::Walk, static_cast<double>(b0[k + 1] - b0[k]) / fs}};
      if (swap) std::swap(w.push_off_strength_left, w.push_off_strength_right);
      if (block.kind != DayActivity::Walk) {
        w.cadence_steps_per_min = p.stair_cadence_steps_per_min;
        w.speed_mps = 2.0 * p.stair_tread_m / w.stride_time_s();
        w.bout_rise_per_step_m = {block.kind == DayActivity::StairsUp ? p.stair_riser_m : -p.stair_riser_m};
      }
      const WalkResult walked = walk(w);
      const Index i0 = b0[k], m = b0[k + 1] - b0[k];
      SECONDHEART_CHECK(walked.session.imus[0].size() == m, "day: internal walker length mismatch");
      DayTruth::Bout bout;
      bout.kind = block.kind;
      bout.start_s = 1e300;
      bout.end_s = -1e300;
      for (std::size_t ws = 0; ws < 2; ++ws) {
        const std::size_t ds = swap ? 1 - ws : ws;  // the day's side of the walker's leg
        if (p.foot_imus) {
          foot[ds].acc_mps2.middleRows(i0, m) = walked.session.imus[ws].acc_mps2;
          foot[ds].gyr_dps.middleRows(i0, m) = walked.session.imus[ws].gyr_dps;
        }
        if (p.shank_imus) {
          shank[ds].acc_mps2.middleRows(i0, m) = walked.session.imus[2 + ws].acc_mps2;
          shank[ds].gyr_dps.middleRows(i0, m) = walked.session.imus[2 + ws].gyr_dps;
        }
        if (p.insoles) insole[ds].cell_force_n.middleRows(i0, m) = walked.session.insoles[ws].cell_force_n;
        const SideTruth& side_truth = walked.truth(ws == 0 ? Side::Left : Side::Right);
        const std::vector<double>& ics = side_truth.ic_s;
        // One bout: stride q runs from contact q to contact q + 1 of this foot.
        SECONDHEART_CHECK(side_truth.stride_ic.size() + 1 == ics.size(), "day: internal walker stride mismatch");
        for (std::size_t q = 0; q < side_truth.stride_ic.size(); ++q)
          truth.strides.push_back({ds == 0 ? Side::Left : Side::Right, clock0 + T0 + ics[q], clock0 + T0 + ics[q + 1],
                                   side_truth.stride_rise_m[q], side_truth.stride_length_m[q], block.kind});
        for (double t : ics) truth.ic_s[ds].push_back(clock0 + T0 + t);
        if (!ics.empty()) {
          bout.start_s = std::min(bout.start_s, clock0 + T0 + ics.front());
          bout.end_s = std::max(bout.end_s, clock0 + T0 + ics.back());
          bout.strides += static_cast<int>(ics.size()) - 1;
          bout.steps += static_cast<int>(ics.size());
        }
      }
      truth.bouts.push_back(bout);
      continue;
    }

    // A still block: posture change in, content, posture change out when walking follows.
    double t = T0;
    if (sensor_was_off) {
      set_pose(T0, pose);
      for (DayLeg& leg : legs) leg.still_print_share.jump(T0, 1.0);
    } else if (!(current == pose) || walked_before) {
      const double h = current == pose ? 1.0 : uniform(p.posture_change_min_s, p.posture_change_max_s);
      change_pose(T0, h, pose);
      if (walked_before)
        for (DayLeg& leg : legs) leg.still_print_share.ramp(T0, h, 1.0);
      t = T0 + h;
    }
    const bool walk_next = k + 1 < K && is_walking(p.schedule[k + 1].kind);
    const Pose stand = pose_of(DayActivity::Stand);
    const double h_out = !walk_next ? 0.0 : pose == stand ? 1.0 : uniform(p.posture_change_min_s, p.posture_change_max_s);
    const double t_end = T1 - h_out;  // content ends here
    std::array<bool, 2> active = {true, true};
    if (block.side) active = {*block.side == Side::Left, *block.side == Side::Right};

    if (is_exercise(block.kind)) {
      DayTruth::Set set;
      set.kind = block.kind;
      set.side = block.side;
      set.repetitions = block.repetitions;
      set.amplitude_unit = block.kind == DayActivity::IsometricHolds ? "bw" : "deg";
      double tr = t + p.exercise_lead_s;
      const double v = p.rep_time_variation;
      for (int r = 0; r < block.repetitions; ++r) {
        DayTruth::Rep rep;
        double rest_s = 0.0, pump_back_s = 0.0;
        rep.start_s = clock0 + tr;
        switch (block.kind) {
          case DayActivity::CalfRaises:
          case DayActivity::SeatedToePushes: {
            const bool calf = block.kind == DayActivity::CalfRaises;
            rep.rise_s = vary(calf ? p.calf_raise_rise_s : p.toe_push_rise_s, v);
            rep.hold_s = vary(calf ? p.calf_raise_hold_s : p.toe_push_hold_s, v);
            rep.lowering_s = vary(calf ? p.calf_raise_lower_s : p.toe_push_lower_s, v);
            rest_s = vary(calf ? p.calf_raise_rest_s : p.toe_push_rest_s, v);
            rep.amplitude = vary(calf ? p.heel_raise_deg : p.toe_push_deg, p.rep_amplitude_variation);
            const double base = calf ? p.standing_load_bw : p.sitting_load_bw;
            const double fore = calf ? p.standing_load_bw : p.toe_push_load_bw;
            for (std::size_t s = 0; s < 2; ++s) {
              if (!active[s]) continue;
              DayLeg& leg = legs[s];
              leg.heel_lift_deg.ramp(tr, rep.rise_s, rep.amplitude);
              leg.heel_lift_deg.ramp(tr + rep.rise_s + rep.hold_s, rep.lowering_s, 0.0);
              leg.rest_load_bw.ramp(tr, rep.rise_s, 0.0);
              leg.rest_load_bw.ramp(tr + rep.rise_s + rep.hold_s, rep.lowering_s, base);
              leg.forefoot_load_bw.ramp(tr, rep.rise_s, fore);
              leg.forefoot_load_bw.ramp(tr + rep.rise_s + rep.hold_s, rep.lowering_s, 0.0);
            }
            break;
          }
          case DayActivity::AnklePumps: {
            // Up (dorsiflexion) to +amplitude, down through rest to −amplitude, back to rest.
            rep.rise_s = vary(p.pump_up_s, v);
            rep.hold_s = 0.0;
            const double down = vary(p.pump_down_s, v), back = vary(p.pump_return_s, v);
            rep.lowering_s = down + back;
            pump_back_s = back;
            rest_s = vary(p.pump_rest_s, v);
            rep.amplitude = vary(p.pump_deg, p.rep_amplitude_variation);
            for (std::size_t s = 0; s < 2; ++s) {
              if (!active[s]) continue;
              RampChannel& foot_pitch = legs[s].foot_pitch_deg;
              const double rest_pitch = foot_pitch.last();
              foot_pitch.ramp(tr, rep.rise_s, rest_pitch + rep.amplitude);
              foot_pitch.ramp(tr + rep.rise_s, down, rest_pitch - rep.amplitude);
              foot_pitch.ramp(tr + rep.rise_s + down, back, rest_pitch);
            }
            break;
          }
          case DayActivity::IsometricHolds: {
            rep.rise_s = vary(p.hold_rise_s, v);
            rep.hold_s = vary(p.hold_s, v);
            rep.lowering_s = vary(p.hold_lower_s, v);
            rest_s = vary(p.hold_rest_s, v);
            rep.amplitude = vary(p.hold_load_bw, p.rep_amplitude_variation);
            for (std::size_t s = 0; s < 2; ++s) {
              if (!active[s]) continue;
              legs[s].forefoot_load_bw.ramp(tr, rep.rise_s, rep.amplitude);
              legs[s].forefoot_load_bw.ramp(tr + rep.rise_s + rep.hold_s, rep.lowering_s, 0.0);
            }
            break;
          }
          default: break;
        }
        rep.top_s = rep.start_s + u80 * rep.rise_s;
        rep.end_s = rep.start_s + rep.rise_s + rep.hold_s + rep.lowering_s;
        // Time at >= 80 % of the amplitude: the top of the rise, the hold, the start of the way back
        // (ankle pumps: the upward peak only, their way down crosses rest to the other side).
        if (block.kind == DayActivity::AnklePumps) {
          const double down = rep.lowering_s - pump_back_s;
          rep.time_above_80_s = (1.0 - u80) * rep.rise_s + u10 * down;
        } else {
          rep.time_above_80_s = rep.hold_s + (1.0 - u80) * (rep.rise_s + rep.lowering_s);
        }
        set.reps.push_back(rep);
        tr += rep.rise_s + rep.hold_s + rep.lowering_s + rest_s;
      }
      SECONDHEART_CHECK(tr <= t_end + 1e-9, "day: internal: block ", k, " repetitions overrun the block");
      set.start_s = set.reps.front().start_s;
      set.end_s = set.reps.back().end_s;
      double amp = 0.0, hold = 0.0, lower = 0.0;
      for (const DayTruth::Rep& rep : set.reps) amp += rep.amplitude, hold += rep.hold_s, lower += rep.lowering_s;
      const double count = static_cast<double>(set.reps.size());
      set.amplitude = amp / count;
      set.hold_s = hold / count;
      set.lowering_s = lower / count;
      truth.sets.push_back(std::move(set));
    } else if (block.kind == DayActivity::Stand || block.kind == DayActivity::Sit) {
      const bool standing = block.kind == DayActivity::Stand;
      // Slow load changes every 1-2 s, back to the nominal level before the block's end.
      double ts = t + 0.5;
      while (ts + 2.5 < t_end && p.sway_bw > 0) {
        const double h = uniform(1.0, 2.0);
        if (standing) {
          const double d = std::clamp(p.sway_bw * normal(rng), -3 * p.sway_bw, 3 * p.sway_bw);
          legs[0].rest_load_bw.ramp(ts, h, pose.load_bw + d);
          legs[1].rest_load_bw.ramp(ts, h, pose.load_bw - d);
        } else {
          for (DayLeg& leg : legs)
            leg.rest_load_bw.ramp(ts, h, pose.load_bw * (1.0 + std::clamp(4 * p.sway_bw * normal(rng), -0.2, 0.2)));
        }
        ts += h;
      }
      for (DayLeg& leg : legs)
        if (leg.rest_load_bw.last() != pose.load_bw) leg.rest_load_bw.ramp(std::max(ts, leg.rest_load_bw.last_time()), 0.5, pose.load_bw);
      if (!standing && p.sit_fidgets_per_hour > 0) {
        // Fidgets: Poisson times per leg, small heel lifts about the MTP point.
        std::exponential_distribution<double> gap(p.sit_fidgets_per_hour / 3600.0);
        for (std::size_t s = 0; s < 2; ++s) {
          double tf = t + gap(rng);
          while (true) {
            const double up = uniform(0.4, 0.8), down = uniform(0.4, 0.8);
            if (tf + up + down + 1.0 > t_end) break;
            const double amp = uniform(1.5, p.fidget_max_deg);
            legs[s].heel_lift_deg.ramp(tf, up, amp);
            legs[s].heel_lift_deg.ramp(tf + up, down, 0.0);
            truth.fidgets.push_back({s == 0 ? Side::Left : Side::Right, clock0 + tf, clock0 + tf + up + down, amp});
            tf += up + down + 3.0 + gap(rng);
          }
        }
      }
    }
    if (h_out > 0) {
      change_pose(t_end, h_out, stand);
      for (DayLeg& leg : legs) leg.still_print_share.ramp(t_end, h_out, 0.0);
    }
    current = h_out > 0 ? stand : pose;
    sensor_was_off = false;
    walked_before = false;
  }
  std::sort(truth.fidgets.begin(), truth.fidgets.end(),
            [](const DayTruth::Fidget& a, const DayTruth::Fidget& b) { return a.start_s < b.start_s; });

  // ---- Sampling the still blocks. -------------------------------------------------------------------
  const Eigen::Vector2d grav(0.0, g);
  const double bw = wp.body_mass_kg * g;
  for (std::size_t s = 0; s < 2; ++s) {
    const DayLeg& leg = legs[s];
    std::size_t c_shank = 0, c_foot = 0, c_lift = 0, c_rest = 0, c_fore = 0, c_share = 0;
    for (std::size_t k = 0; k < K; ++k) {
      const DayActivity kind = p.schedule[k].kind;
      if (is_walking(kind) || kind == DayActivity::NotWorn) continue;
      bool cached = false;  // IMU rows of a still pose, reused while no angle moves
      Eigen::Vector2d f_foot_c, f_shank_c;
      double w_foot_c = 0.0, w_shank_c = 0.0;
      for (Index i = b0[k]; i < b0[k + 1]; ++i) {
        const double t = static_cast<double>(i) / fs;
        bool moving = false;
        const Jet ps_deg = leg.shank_pitch_deg.at(t, c_shank, moving);
        const Jet fa_deg = leg.foot_pitch_deg.at(t, c_foot, moving);
        const Jet lift_deg = leg.heel_lift_deg.at(t, c_lift, moving);
        if (moving || !cached) {
          constexpr double d2r = deg;
          const Jet th{(fa_deg.value - lift_deg.value) * d2r, (fa_deg.d1 - lift_deg.d1) * d2r,
                       (fa_deg.d2 - lift_deg.d2) * d2r};
          const Jet lift_pitch{-lift_deg.value * d2r, -lift_deg.d1 * d2r, -lift_deg.d2 * d2r};
          const Jet ps{ps_deg.value * d2r, ps_deg.d1 * d2r, ps_deg.d2 * d2r};
          Vec2Jet mtp;
          mtp.p = Eigen::Vector2d(mtp_x, 0.0);
          // The ankle rides on the foot lifted about the MTP point; the foot turns about the ankle.
          const Vec2Jet ankle = body_point(mtp, lift_pitch, ankle_body - mtp.p);
          const Vec2Jet imu = body_point(ankle, th, foot_imu_body - ankle_body);
          const Vec2Jet shank_imu = body_point(ankle, ps, shank_imu_body);
          f_foot_c = rot(th.value).transpose() * (imu.a + grav);
          f_shank_c = rot(ps.value).transpose() * (shank_imu.a + grav);
          w_foot_c = -(fa_deg.d1 - lift_deg.d1);
          w_shank_c = -ps_deg.d1;
          cached = !moving;
        }
        if (p.foot_imus) {
          double* acc = foot[s].acc_mps2.row(i).data();
          double* gyr = foot[s].gyr_dps.row(i).data();
          acc[0] = f_foot_c.x(), acc[1] = 0.0, acc[2] = f_foot_c.y();
          gyr[0] = 0.0, gyr[1] = w_foot_c, gyr[2] = 0.0;
        }
        if (p.shank_imus) {
          double* acc = shank[s].acc_mps2.row(i).data();
          double* gyr = shank[s].gyr_dps.row(i).data();
          acc[0] = f_shank_c.x(), acc[1] = 0.0, acc[2] = f_shank_c.y();
          gyr[0] = 0.0, gyr[1] = w_shank_c, gyr[2] = 0.0;
        }
        if (p.insoles) {
          bool unused = false;
          const double rest = std::max(0.0, leg.rest_load_bw.at(t, c_rest, unused).value) * bw;
          const double fore = std::max(0.0, leg.forefoot_load_bw.at(t, c_fore, unused).value) * bw;
          double* cell = insole[s].cell_force_n.row(i).data();
          const double share = leg.still_print_share.at(t, c_share, unused).value;
          const double still = rest * share, narrow = rest * (1.0 - share);
          for (Index c = 0; c < n_cells; ++c)
            cell[c] = still * still_print[c] + narrow * walker_print[c] + fore * fore_print[c];
        }
      }
    }
  }

  // ---- Noise and bias over the whole day (fixed order: foot L, R, shank L, R, insole L, R). ---------
  const double ns = p.noise_scale;
  if (ns > 0) {
    auto draw_bias = [&](double mag) {
      return Eigen::Vector3d(mag * uniform(-1, 1), mag * uniform(-1, 1), mag * uniform(-1, 1));
    };
    FastNormal noise(rng);
    auto add_imu_noise = [&](ImuRecording& rec) {
      const Eigen::Vector3d acc_bias = draw_bias(ns * wp.acc_bias_mps2), gyro_bias = draw_bias(ns * wp.gyro_bias_dps);
      const double sa = ns * wp.acc_noise_mps2, sg = ns * wp.gyro_noise_dps;
      for (Index i = 0; i < rec.size(); ++i)
        for (Index c = 0; c < 3; ++c) {
          rec.acc_mps2(i, c) += acc_bias[c] + sa * noise();
          rec.gyr_dps(i, c) += gyro_bias[c] + sg * noise();
        }
    };
    for (ImuRecording* rec : {&foot[0], &foot[1], &shank[0], &shank[1]})
      if (rec->size() > 0) add_imu_noise(*rec);
    const double si = ns * wp.insole_noise_n;
    for (InsoleRecording& rec : insole)
      if (rec.size() > 0 && si > 0)
        for (Index i = 0; i < rec.size(); ++i)
          for (Index c = 0; c < n_cells; ++c)
            rec.cell_force_n(i, c) = std::max(0.0, rec.cell_force_n(i, c) + si * noise());
  }

  // ---- Sensor off. ------------------------------------------------------------------------------------
  for (std::size_t k = 0; k < K; ++k) {
    if (p.schedule[k].kind != DayActivity::NotWorn) continue;
    const Index i0 = b0[k], m = b0[k + 1] - b0[k];
    for (ImuRecording* rec : {&foot[0], &foot[1], &shank[0], &shank[1]})
      if (rec->size() > 0) rec->acc_mps2.middleRows(i0, m).setConstant(NaN), rec->gyr_dps.middleRows(i0, m).setConstant(NaN);
    for (InsoleRecording& rec : insole)
      if (rec.size() > 0) rec.cell_force_n.middleRows(i0, m).setConstant(NaN);
  }

  // ---- Session. ---------------------------------------------------------------------------------------
  for (std::vector<double>& ics : truth.ic_s) std::sort(ics.begin(), ics.end());
  Session& session = result.session;
  session.name = "synth day (seed " + std::to_string(wp.seed) + ")";
  if (p.foot_imus) session.imus.push_back(std::move(foot[0])), session.imus.push_back(std::move(foot[1]));
  if (p.shank_imus) session.imus.push_back(std::move(shank[0])), session.imus.push_back(std::move(shank[1]));
  if (p.insoles) session.insoles.push_back(std::move(insole[0])), session.insoles.push_back(std::move(insole[1]));
  session.subject.body_mass_kg = wp.body_mass_kg;
  return result;
}

/// A plausible day of the person the library is for, from 07:00 (start_clock_s): long sitting
/// hours; some hours with more than 5 minutes of walking (bouts of 1-15 min), others with less;
/// a flight of stairs up and, after a while upstairs, down again;
/// a not-worn part of an hour (sensor off); two or three calf-raise sets of 15-20 repetitions;
/// ankle-pump sets (leg out), seated toe pushes and isometric holds while sitting; one or two
/// leg-elevation episodes of 15-30 min; lying at the end (the night, for days longer than 16 h,
/// with one short walk in it). Walking speed, cadence and push-off vary with the seed.
/// Deterministic per seed (one std::mt19937_64); days of different seeds differ.
/// @param hours length of the recording, 1 to 24 h
/// @throws InvalidArgument for hours outside [1, 24]
inline DayParams typical_day(std::uint64_t seed = 1, double hours = 16.0) {
  SECONDHEART_CHECK(std::isfinite(hours) && hours >= 1.0 && hours <= 24.0, "typical_day: expected hours in [1, 24], got ",
                    hours);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform01(0.0, 1.0);
  auto uniform = [&](double lo, double hi) { return lo + (hi - lo) * uniform01(rng); };
  auto integer = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };

  DayParams p;
  p.start_clock_s = 7 * 3600.0;
  p.walker.speed_mps = uniform(0.85, 1.3);
  p.walker.cadence_steps_per_min = uniform(98.0, 115.0);
  p.walker.push_off_strength_left = uniform(0.5, 1.0);
  p.walker.push_off_strength_right = uniform(0.5, 1.0);
  p.rep_amplitude_variation = 0.05;
  p.heel_raise_deg = uniform(22.0, 35.0);
  p.toe_push_deg = uniform(14.0, 20.0);
  p.pump_deg = uniform(15.0, 25.0);
  p.hold_load_bw = uniform(0.15, 0.3);

  const double total_s = hours * 3600.0;
  const double lie_s = std::max(15.0 * 60.0, total_s - 16.0 * 3600.0 + 15.0 * 60.0);
  const double awake_s = total_s - lie_s;
  const int slots = static_cast<int>(std::ceil(awake_s / 3600.0 - 1e-9));

  using Group = std::vector<DayBlock>;
  std::vector<std::vector<Group>> planned(static_cast<std::size_t>(std::max(slots, 1)));
  auto plan = [&](double fraction, Group group) {
    const int h = std::clamp(static_cast<int>(std::lround(fraction * (slots - 1))), 0, std::max(slots - 1, 0));
    planned[static_cast<std::size_t>(h)].push_back(std::move(group));
  };
  auto exercise = [&](DayActivity kind, int reps) {
    return DayBlock(kind, detail::min_exercise_block_s(p, kind, reps) + uniform(2.0, 20.0), reps);
  };
  const bool long_day = slots >= 10;
  plan(0.15, {{DayActivity::NotWorn, uniform(20.0, 45.0) * 60.0}});
  for (double f : long_day ? std::vector<double>{0.1, 0.45, 0.8} : std::vector<double>{0.2, 0.7})
    plan(f, {{DayActivity::Stand, uniform(10.0, 40.0)}, exercise(DayActivity::CalfRaises, integer(15, 20))});
  for (double f : long_day ? std::vector<double>{0.3, 0.65, 0.95} : std::vector<double>{0.35, 0.9})
    plan(f, {exercise(DayActivity::AnklePumps, integer(15, 30))});
  for (double f : {0.25, 0.75}) plan(f, {exercise(DayActivity::SeatedToePushes, integer(10, 20))});
  for (double f : {0.4, 0.9}) plan(f, {exercise(DayActivity::IsometricHolds, integer(5, 10))});
  for (double f : slots >= 4 ? std::vector<double>{0.55, 0.85} : std::vector<double>{0.6})
    plan(f, {{DayActivity::LegsElevated, uniform(15.0, 30.0) * 60.0}});
  // Up a flight or two to another floor, a while there, and down again.
  const double flight_s = uniform(10.0, 25.0);
  plan(0.5, {{DayActivity::StairsUp, flight_s}, {DayActivity::Stand, uniform(10.0, 60.0)},
             {DayActivity::StairsDown, flight_s}});

  const double min_sit_s = 20.0;
  for (int h = 0; h < slots; ++h) {
    const double hour_s = std::min(3600.0, awake_s - 3600.0 * h);
    std::vector<Group> groups;
    if (h == 0) groups.push_back(Group{{DayActivity::Lie, uniform(3.0, 10.0) * 60.0}});  // getting up
    auto used = [&]() {
      double s = 0.0;
      for (const Group& g : groups)
        for (const DayBlock& b : g) s += b.duration_s;
      return s;
    };
    // At a random place, after the first hour's lying.
    auto place = [&](Group g) {
      const std::size_t first = h == 0 ? 1 : 0;
      const std::size_t at = first + rng() % (groups.size() + 1 - first);
      groups.insert(groups.begin() + static_cast<std::ptrdiff_t>(at), std::move(g));
    };
    // Planned items first; one that does not fit moves to the next hour.
    for (Group& g : planned[static_cast<std::size_t>(h)]) {
      double need = 0.0;
      for (const DayBlock& b : g) need += b.duration_s;
      if (used() + need + min_sit_s * static_cast<double>(groups.size() + 2) <= hour_s)
        place(std::move(g));
      else if (h + 1 < slots)
        planned[static_cast<std::size_t>(h + 1)].push_back(std::move(g));
    }
    // Walking: an active hour walks 6-20 min in bouts of 1-15 min; a quiet one less than 5 min.
    const bool active = h == 0 || uniform01(rng) < 0.4;
    double walk_budget_min = active ? uniform(6.0, 20.0) : (uniform01(rng) < 0.7 ? uniform(1.0, 4.5) : 0.0);
    walk_budget_min = std::min(walk_budget_min, 0.5 * (hour_s - used()) / 60.0);
    while (walk_budget_min >= 1.0) {
      const double bout_min = std::min(walk_budget_min, uniform(1.0, active ? 15.0 : 2.5));
      Group walk{{DayActivity::Walk, bout_min * 60.0}};
      if (uniform01(rng) < 0.3) walk.push_back({DayActivity::Stand, uniform(10.0, 60.0)});
      place(std::move(walk));
      walk_budget_min -= bout_min;
    }
    while (!groups.empty() && used() + min_sit_s * static_cast<double>(groups.size() + 1) > hour_s) groups.pop_back();
    // Sitting fills the rest: a piece before, between and after the groups.
    const std::size_t pieces = groups.size() + 1;
    const double spare = hour_s - used() - min_sit_s * static_cast<double>(pieces);
    std::vector<double> weights(pieces);
    double weight_sum = 0.0;
    for (double& w : weights) weight_sum += (w = uniform(0.2, 1.0));
    double carried_s = 0.0;  // the day starts lying: the first hour's first sitting piece moves on
    for (std::size_t q = 0; q < pieces; ++q) {
      const double sit_s = carried_s + min_sit_s + spare * weights[q] / weight_sum;
      carried_s = 0.0;
      if (h == 0 && q == 0) carried_s = sit_s;
      else p.schedule.push_back({DayActivity::Sit, sit_s});
      if (q < groups.size()) p.schedule.insert(p.schedule.end(), groups[q].begin(), groups[q].end());
    }
  }
  // Lying at the end; a long night has one short walk in it.
  if (lie_s > 4 * 3600.0) {
    const double first = uniform(0.3, 0.6) * (lie_s - 120.0);
    const double walk_s = uniform(60.0, 100.0);
    p.schedule.push_back({DayActivity::Lie, first});
    p.schedule.push_back({DayActivity::Walk, walk_s});
    p.schedule.push_back({DayActivity::Lie, lie_s - first - walk_s});
  } else {
    p.schedule.push_back({DayActivity::Lie, lie_s});
  }
  p.walker.seed = rng();  // the day's own stream, not this schedule's
  return p;
}

}  // namespace secondheart::synth
