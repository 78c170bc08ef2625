/// @file
/// A deterministic synthetic walker with known ground truth: foot and shank IMUs (segment frame)
/// and pressure insoles of both legs, generated from one physically consistent sagittal model.
///
/// Model (per leg, world frame x forward, y left, z up; DESIGN.md conventions):
///  - The foot is a rigid body with pitch θ (toes up positive), rotated by R(θ) about +y by −θ.
///    Body points are given in the foot frame with the origin at the heel contact point.
///  - One gait cycle of stride time T = 120 / cadence, with IC at 0, foot flat at 0.12 T, heel-off
///    at (stance − 0.25) T, FC at stance·T (stance fraction 0.61 by default), the other leg's IC at
///    0.5 T (double support = stance − 0.5 of the cycle, twice per cycle).
///  - IC → foot flat: the heel point is pinned on the ground and the foot rolls down to θ = 0.
///    Foot flat → heel-off: the foot is stationary (zero velocity: where ZUPT works).
///    Heel-off → FC: the MTP point (0.75 foot length ahead of the heel) is pinned and the foot
///    rolls to θ_to = −(35 + 25·s)° (s = push-off strength) with pitch rate 1.3 θ_to / (0.25 T) at FC,
///    already slowing (θ'' = 8.75 |θ'| / (0.25 T)): the fastest plantarflexion is just before FC.
///    Half-way through push-off θ is 0.2 θ_to with rate 0.3 × that at FC (the heel rises slowly first);
///    the lowest pitch, 1.08 θ_to, comes 0.05 T after FC and is passed quickly.
///    FC → next IC: the heel moves along a quintic that matches position, velocity and acceleration
///    at FC and lands with zero velocity and acceleration, plus a clearance bump; θ goes to the
///    heel-strike angle θ_hs just after its maximum: at IC θ' = −0.2 θ_hs / (0.12 T) and the heel impact
///    gives the most negative θ'' of the cycle's swing-to-flat, −10 θ_hs / (0.12 T)². That kink is
///    the foot-IMU detector's IC definition placed at the true IC (IcModel::DetectorFeature, the
///    default): events found "within one sample" on this walker are so by construction. With
///    IcModel::HeelHeight the pitch lands smoothly (θ' = −θ_hs / (0.12 T), θ'' = 0 at IC) and only the
///    heel reaching the floor marks IC. θ is a C2 piecewise quintic, so every body point has analytic position,
///    velocity and acceleration: p = h + R(θ) r, v = h' + θ' R'(θ) r, a = h'' + θ'' R'(θ) r − θ'² R(θ) r.
///  - Ankle angle α (dorsiflexion positive) is a C2 piecewise quintic: 0 at IC, −4° loading response,
///    +12° dorsiflexion just after heel-off, −(5 + 15·s)° plantarflexion just after FC, 0 in mid-swing.
///    At FC and IC the ankle also takes up the foot's toe-off and heel-impact accelerations, so the
///    shank keeps a smooth motion (the sampled plantarflexion peak is within 0.5° of its knot).
///    Shank pitch ψ = θ − α. The ankle joint is a foot body point; the shank IMU hangs on the shank
///    above it, so the shank's specific force follows from the ankle's analytic acceleration.
///  - IMUs: gyro = (0, −θ', 0) deg/s (segment frame), acc = R(θ)ᵀ (a + (0, 0, g)) m/s²; plus white
///    noise and a constant per-axis bias drawn uniformly in ±bias from the seed.
///  - Insoles: 8 cells (heel, three medial/lateral pairs at 30, 50, 70 % of the foot, hallux; the
///    layout of the PhysioNet gaitpdb insoles scaled to the foot). The stance total force is a double
///    hump (F1 = 1.15 BW at 22 % of stance, valley 0.78 BW at 50 %, F2 = (0.85 + 0.3·s) BW at 78 %),
///    rising and falling with a steep non-zero slope at IC and FC. The cells share the total by a
///    Gaussian footprint around a centre of pressure that travels from the heel to (0.70 + 0.2·s)
///    of the foot length at FC. Standing: ~0.5 BW per foot with sway; sitting: ~0.12 BW per foot.
///  - Walking bouts start from rest with both heels side by side: the leading leg (left in the 1st,
///    3rd, ... walking bout, right otherwise) makes a half-length first step, then full strides, and
///    the last step is a half-length closing step that brings the feet side by side again.
///  - Stairs: a walking bout may climb (or descend) `rise_per_step_m` per step (WalkerParams::
///    bout_rise_per_step_m): every landing point is that much higher than the one before, exactly as
///    it is that much further forward (the half first step rises one riser, full strides two, the
///    closing step joins the leading foot's stair), and the pinned heel and MTP points stand at their
///    stair's height. Timing, pitch, ankle and insole curves stay those of level walking.
///  - Posture changes (stand ↔ sit) take the first 0.8 s of the new bout (the last 0.8 s of a sitting
///    bout when walking follows).
/// Everything is deterministic for a seed (one std::mt19937_64, no global state).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "secondheart/core/error.hpp"
#include "secondheart/core/recording.hpp"
#include "secondheart/core/types.hpp"
#include "secondheart/synth/quintic.hpp"

namespace secondheart::synth {

enum class ActivityKind { Walk, Stand, Sit };

constexpr std::string_view to_string(ActivityKind kind) {
  switch (kind) {
    case ActivityKind::Walk: return "walk";
    case ActivityKind::Stand: return "stand";
    case ActivityKind::Sit: return "sit";
  }
  return "unknown";
}

/// One bout of the activity schedule.
struct Bout {
  ActivityKind kind = ActivityKind::Walk;
  double duration_s = 10.0;
};

/// What the foot's pitch does at initial contact. In both models the true IC is the instant the
/// heel's swing trajectory reaches the floor (its height becomes 0; the heel is pinned from then on).
enum class IcModel {
  /// The pitch acceleration has its most negative kink exactly at the heel's contact instant, the
  /// rate there is a fifth of the smooth landing's: the foot-IMU detector's own IC definition (the
  /// steepest fall of the pitch rate after the pitch maximum) is built into the signal, so "IC within
  /// one sample" on this walker holds by construction. The default (the other stages' tests use it).
  DetectorFeature,
  /// The pitch lands smoothly (C2, no kink at contact: rate −θ_hs / (0.12 T), acceleration 0, the
  /// walker's earlier model) and nothing in the gyro is placed at IC: the heel height reaching the
  /// floor alone places it. The detector's offset against this IC is the bias of its definition.
  HeelHeight,
};

constexpr std::string_view to_string(IcModel model) {
  return model == IcModel::DetectorFeature ? "detector_feature" : "heel_height";
}

/// Parameters of the synthetic walker. Set the four noise/bias fields to 0 (or use noise_free())
/// for exact signals.
struct WalkerParams {
  std::uint64_t seed = 1;
  double sampling_rate_hz = 100.0;
  double speed_mps = 1.3;
  double cadence_steps_per_min = 110.0;
  double push_off_strength_left = 1.0;  ///< 1.0 normal .. 0.2 very weak, allowed [0.05, 1.5]
  double push_off_strength_right = 1.0;
  double body_mass_kg = 70.0;
  double foot_length_m = 0.26;
  double acc_noise_mps2 = 0.05;  ///< white noise std per axis
  double gyro_noise_dps = 0.5;
  double acc_bias_mps2 = 0.05;   ///< constant per-axis bias drawn uniformly in ±this
  double gyro_bias_dps = 0.5;
  double insole_noise_n = 2.0;   ///< white noise std per cell (cells are clipped at 0)
  double heel_strike_angle_deg = 20.0;  ///< foot pitch at IC, allowed [5, 35]
  IcModel ic_model = IcModel::DetectorFeature;  ///< the pitch at IC (see IcModel)
  double stance_fraction = 0.61;        ///< stance / stride, allowed [0.55, 0.68]
  double step_width_m = 0.10;           ///< lateral distance between the feet
  double foot_imu_forward_m = 0.10;     ///< foot IMU ahead of the heel (on the dorsum)
  double foot_imu_up_m = 0.05;          ///< foot IMU above the sole
  double shank_imu_height_m = 0.20;     ///< shank IMU above the ankle joint, along the shank
  double shank_imu_forward_m = 0.03;    ///< shank IMU in front of the shank axis (on the tibia)
  std::vector<Bout> schedule = {{ActivityKind::Stand, 5}, {ActivityKind::Walk, 20}, {ActivityKind::Stand, 5},
                                {ActivityKind::Sit, 10},  {ActivityKind::Walk, 20}, {ActivityKind::Stand, 5}};
  /// Rise per step of each bout of the schedule (m, up positive; stairs: ±0.17 with a stride of two
  /// treads). Empty: every bout is level; otherwise one entry per bout (0 for rest bouts).
  std::vector<double> bout_rise_per_step_m;

  /// A copy with every noise and bias term set to zero.
  WalkerParams noise_free() const {
    WalkerParams p = *this;
    p.acc_noise_mps2 = p.gyro_noise_dps = p.acc_bias_mps2 = p.gyro_bias_dps = p.insole_noise_n = 0.0;
    return p;
  }
  double stride_time_s() const { return 120.0 / cadence_steps_per_min; }
  /// Length of a full stride (the first and the closing step of a bout are half this).
  double stride_length_m() const { return speed_mps * stride_time_s(); }
  double push_off_strength(Side side) const {
    return side == Side::Left ? push_off_strength_left : push_off_strength_right;
  }
};

/// Ground truth of one side. Event vectors are sample indices (the first sample at or after the
/// event instant), sorted.
struct SideTruth {
  Side side = Side::Left;
  std::vector<Index> ic;  ///< initial contact: the heel touches the ground
  std::vector<Index> ho;  ///< heel-off: the heel leaves the ground, the foot rolls about the MTP point
  std::vector<Index> fc;  ///< final contact: the MTP point leaves the ground
  std::vector<Index> ms;  ///< mid-stance: middle of the foot-flat phase after each IC (zero velocity)
  std::vector<double> ic_s;  ///< the exact IC instants (s from sample 0), in the order of `ic`

  // Per stride k, from ic[k] to the next IC of the same foot, only within one walking bout.
  std::vector<Index> stride_ic, stride_next_ic;
  std::vector<Index> stride_ho, stride_fc;  ///< heel-off and FC inside the stride (ending its stance)
  std::vector<Index> stride_ms;             ///< mid-stance after stride_ic (start of the rest -> rest interval)
  std::vector<Index> stride_next_ms;        ///< mid-stance after stride_next_ic
  std::vector<bool> stride_steady;          ///< false for the half-length closing stride of a bout
  /// Forward displacement of the heel (and of every foot point) from one foot-flat to the next (m):
  /// speed · stride time for steady strides, half of it for the closing stride.
  std::vector<double> stride_length_m;
  std::vector<double> stride_rise_m;           ///< rise of the foot over the stride (stairs; 0 on level floors)
  std::vector<double> stride_time_s;           ///< continuous IC -> next IC time (= 120 / cadence)
  std::vector<double> toe_off_angle_deg;       ///< foot pitch at the stride's FC sample (negative)
  std::vector<double> heel_strike_angle_deg;   ///< foot pitch at the stride's IC sample (positive)
  /// Max of −(foot pitch rate) over the samples [HO, FC] of the stride (deg/s, positive): the
  /// noise-free gyro y during push-off.
  std::vector<double> peak_push_off_angular_velocity_dps;
  /// Minimum ankle angle over the samples [HO, next IC] (deg, negative = plantarflexion).
  std::vector<double> peak_plantarflexion_deg;
  std::vector<double> ankle_rom_deg;  ///< max − min ankle angle over the samples [IC, next IC]
  /// Insole total force of the stance [IC, FC) that starts the stride (noise-free, N): F1 = loading
  /// peak (max of the first half), F2 = push-off peak (max of the second half), valley = minimum
  /// between. Exact model values; the sampled curve reaches them to well under 0.1 %.
  std::vector<double> f1_n, f2_n, valley_n;
  /// Share (0..1) of the noise-free force-time impulse carried by forefoot cells (x ≥ 0.6 foot length)
  /// over the samples [IC + floor(0.5 (FC − IC)), FC): the second half of stance.
  std::vector<double> forefoot_impulse_share;

  Series foot_pitch_deg, shank_pitch_deg, ankle_angle_deg;  ///< per sample
  Series foot_pitch_rate_dps;                               ///< per sample, d(foot pitch)/dt
  Vec3Series foot_sensor_position_m, foot_sensor_velocity_mps;  ///< world frame
  Vec3Series heel_position_m, mtp_position_m;                   ///< world frame (ground contact points)
  Series insole_total_force_n;                                  ///< noise-free total vertical force
  ChannelSeries insole_cell_force_n;                            ///< noise-free cell forces
  Eigen::Vector3d foot_acc_bias_mps2 = Eigen::Vector3d::Zero(), foot_gyro_bias_dps = Eigen::Vector3d::Zero();
  Eigen::Vector3d shank_acc_bias_mps2 = Eigen::Vector3d::Zero(), shank_gyro_bias_dps = Eigen::Vector3d::Zero();
  double push_off_strength = 1.0;

  double heel_strike_angle_model_deg = 0.0;  ///< θ at the IC instant
  double toe_off_angle_model_deg = 0.0;      ///< θ at the FC instant: −(35 + 25·s)
  double peak_plantarflexion_model_deg = 0.0;  ///< α minimum after push-off: −(5 + 15·s)
};

/// Half-open sample range [begin, end) of one bout of the schedule.
struct Segment {
  ActivityKind kind = ActivityKind::Walk;
  Index begin = 0;
  Index end = 0;
};

struct WalkResult {
  /// Foot IMUs (left, right), shank IMUs (left, right), all AxesFrame::Segment; insoles (left,
  /// right); subject mass.
  Session session;
  SideTruth left, right;
  std::vector<Segment> segments;
  WalkerParams params;

  const SideTruth& truth(Side side) const { return side == Side::Left ? left : right; }
};

/// Insole cell layout (cells, 2) in the insole frame (x from the heel towards the toe, y to the left
/// of the foot, m): heel, lateral/medial pairs at 30, 50 and 70 % of the foot length, hallux at 90 %.
inline Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor> insole_cell_layout(double foot_length_m,
                                                                                     Side side) {
  const double lat = (side == Side::Left ? 1.0 : -1.0) * 0.025 * foot_length_m / 0.26;  // lateral is +y on the left
  Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor> cells(8, 2);
  cells << 0.10, 0.0,  //
      0.30, lat, 0.30, -lat,  //
      0.50, lat, 0.50, -lat,  //
      0.70, lat, 0.70, -lat,  //
      0.90, -0.4 * lat;       // hallux, slightly medial
  cells.col(0) *= foot_length_m;
  return cells;
}

namespace detail {

inline constexpr double deg = 3.14159265358979323846 / 180.0;
inline constexpr double flat_fraction = 0.12;     // foot flat, in strides after IC
inline constexpr double push_off_fraction = 0.25; // heel-off -> FC, in strides
inline constexpr double posture_change_s = 0.8;
inline constexpr double min_rest_bout_s = 2.0;

/// Phase of a foot: which point is pinned to the ground, or free swing.
struct HeelMode {
  enum Kind { PinHeel, PinMtp, Swing } kind = PinHeel;
  double t0 = 0.0;
  double pivot_x = 0.0;        // world x of the pinned point
  double pivot_z = 0.0;        // world z of the pinned point (its stair's height; 0 on level floors)
  QuinticSegment swing_x, swing_z;
  double swing_t0 = 0.0, swing_h = 1.0, bump_m = 0.0;
};

struct Vec2Jet {
  Eigen::Vector2d p = Eigen::Vector2d::Zero(), v = Eigen::Vector2d::Zero(), a = Eigen::Vector2d::Zero();
};

inline Eigen::Matrix2d rot(double th) {
  Eigen::Matrix2d r;
  r << std::cos(th), -std::sin(th), std::sin(th), std::cos(th);
  return r;
}
inline Eigen::Matrix2d drot(double th) {
  Eigen::Matrix2d r;
  r << -std::sin(th), -std::cos(th), std::cos(th), -std::sin(th);
  return r;
}

/// A point fixed in a rotating body (x, z in the body frame), given the jet of the body origin and
/// the pitch jet (rad).
inline Vec2Jet body_point(const Vec2Jet& origin, const Jet& th, const Eigen::Vector2d& r) {
  const Eigen::Matrix2d R = rot(th.value), dR = drot(th.value);
  Vec2Jet out;
  out.p = origin.p + R * r;
  out.v = origin.v + th.d1 * dR * r;
  out.a = origin.a + th.d2 * dR * r - th.d1 * th.d1 * R * r;
  return out;
}

/// Heel jet when the MTP body point (mtp_x, 0) is pinned at (pivot_x, pivot_z).
inline Vec2Jet heel_from_mtp(double pivot_x, double mtp_x, const Jet& th, double pivot_z = 0.0) {
  Vec2Jet pivot;
  pivot.p = Eigen::Vector2d(pivot_x, pivot_z);
  return body_point(pivot, th, Eigen::Vector2d(-mtp_x, 0.0));
}

struct Step {
  double t_ho, t_fc, t_ic;
  double x_from, x_to;
  double z_from, z_to;  // height of the stair the foot leaves and lands on
  bool first, last, closing;
  int bout;
};

struct ForceKnot {
  double t;
  Jet force;
  double cop_x;
  bool ends_piece = false;  // the foot leaves the ground after this knot
};

struct ForcePiece {
  PiecewiseQuintic force, cop_x;
};

/// First sample at or after the instant t (s).
inline Index event_index(double t, double fs) { return static_cast<Index>(std::ceil(t * fs - 1e-9)); }

/// Checks every parameter; messages say what was expected and what was got.
inline void validate(const WalkerParams& p) {
  auto finite_in = [](double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; };
  SECONDHEART_CHECK(std::isfinite(p.sampling_rate_hz) && p.sampling_rate_hz > 0,
                    "walk: expected sampling_rate_hz > 0, got ", p.sampling_rate_hz);
  SECONDHEART_CHECK(finite_in(p.sampling_rate_hz, 20.0, 5000.0),
                    "walk: expected sampling_rate_hz in [20, 5000] Hz, got ", p.sampling_rate_hz);
  SECONDHEART_CHECK(finite_in(p.speed_mps, 0.2, 3.0), "walk: expected speed_mps in [0.2, 3.0] m/s, got ",
                    p.speed_mps);
  SECONDHEART_CHECK(finite_in(p.cadence_steps_per_min, 40.0, 180.0),
                    "walk: expected cadence_steps_per_min in [40, 180] steps/min, got ", p.cadence_steps_per_min);
  const double stride = p.stride_length_m();
  SECONDHEART_CHECK(stride >= 0.3 && stride <= 2.2,
                    "walk: speed and cadence give an implausible stride length: expected [0.3, 2.2] m, got ",
                    stride, " m (speed ", p.speed_mps, " m/s, cadence ", p.cadence_steps_per_min, " steps/min)");
  SECONDHEART_CHECK(finite_in(p.push_off_strength_left, 0.05, 1.5),
                    "walk: expected push_off_strength_left in [0.05, 1.5], got ", p.push_off_strength_left);
  SECONDHEART_CHECK(finite_in(p.push_off_strength_right, 0.05, 1.5),
                    "walk: expected push_off_strength_right in [0.05, 1.5], got ", p.push_off_strength_right);
  SECONDHEART_CHECK(finite_in(p.body_mass_kg, 10.0, 300.0), "walk: expected body_mass_kg in [10, 300] kg, got ",
                    p.body_mass_kg);
  SECONDHEART_CHECK(finite_in(p.foot_length_m, 0.12, 0.35), "walk: expected foot_length_m in [0.12, 0.35] m, got ",
                    p.foot_length_m);
  SECONDHEART_CHECK(finite_in(p.acc_noise_mps2, 0.0, 10.0), "walk: expected acc_noise_mps2 in [0, 10], got ",
                    p.acc_noise_mps2);
  SECONDHEART_CHECK(finite_in(p.gyro_noise_dps, 0.0, 100.0), "walk: expected gyro_noise_dps in [0, 100], got ",
                    p.gyro_noise_dps);
  SECONDHEART_CHECK(finite_in(p.acc_bias_mps2, 0.0, 5.0), "walk: expected acc_bias_mps2 in [0, 5], got ",
                    p.acc_bias_mps2);
  SECONDHEART_CHECK(finite_in(p.gyro_bias_dps, 0.0, 50.0), "walk: expected gyro_bias_dps in [0, 50], got ",
                    p.gyro_bias_dps);
  SECONDHEART_CHECK(finite_in(p.insole_noise_n, 0.0, 200.0), "walk: expected insole_noise_n in [0, 200] N, got ",
                    p.insole_noise_n);
  SECONDHEART_CHECK(finite_in(p.heel_strike_angle_deg, 5.0, 35.0),
                    "walk: expected heel_strike_angle_deg in [5, 35], got ", p.heel_strike_angle_deg);
  SECONDHEART_CHECK(finite_in(p.stance_fraction, 0.55, 0.68), "walk: expected stance_fraction in [0.55, 0.68], got ",
                    p.stance_fraction);
  SECONDHEART_CHECK(finite_in(p.step_width_m, 0.0, 0.5), "walk: expected step_width_m in [0, 0.5] m, got ",
                    p.step_width_m);
  SECONDHEART_CHECK(finite_in(p.foot_imu_forward_m, 0.0, p.foot_length_m),
                    "walk: expected foot_imu_forward_m in [0, foot_length_m = ", p.foot_length_m, "] m, got ",
                    p.foot_imu_forward_m);
  SECONDHEART_CHECK(finite_in(p.foot_imu_up_m, 0.0, 0.2), "walk: expected foot_imu_up_m in [0, 0.2] m, got ",
                    p.foot_imu_up_m);
  SECONDHEART_CHECK(finite_in(p.shank_imu_height_m, 0.0, 0.6), "walk: expected shank_imu_height_m in [0, 0.6] m, got ",
                    p.shank_imu_height_m);
  SECONDHEART_CHECK(finite_in(p.shank_imu_forward_m, -0.1, 0.1),
                    "walk: expected shank_imu_forward_m in [-0.1, 0.1] m, got ", p.shank_imu_forward_m);
  SECONDHEART_CHECK(!p.schedule.empty(), "walk: expected a non-empty schedule of bouts, got none");
  SECONDHEART_CHECK(p.bout_rise_per_step_m.empty() || p.bout_rise_per_step_m.size() == p.schedule.size(),
                    "walk: expected bout_rise_per_step_m empty or one entry per bout (", p.schedule.size(), "), got ",
                    p.bout_rise_per_step_m.size());
  for (std::size_t k = 0; k < p.bout_rise_per_step_m.size(); ++k)
    SECONDHEART_CHECK(std::isfinite(p.bout_rise_per_step_m[k]) && std::abs(p.bout_rise_per_step_m[k]) <= 0.25,
                      "walk: bout ", k, " expected rise_per_step_m in [-0.25, 0.25] m, got ", p.bout_rise_per_step_m[k]);
  const double T = p.stride_time_s();
  const double min_walk_s = (0.4 + 1.0 - (p.stance_fraction - push_off_fraction) + 0.5 + 0.45) * T;
  double total = 0.0;
  for (std::size_t k = 0; k < p.schedule.size(); ++k) {
    const Bout& b = p.schedule[k];
    SECONDHEART_CHECK(std::isfinite(b.duration_s) && b.duration_s > 0, "walk: bout ", k,
                      " expected duration_s > 0, got ", b.duration_s);
    if (b.kind == ActivityKind::Walk)
      SECONDHEART_CHECK(b.duration_s >= min_walk_s, "walk: walking bout ", k, " expected duration_s >= ", min_walk_s,
                        " s (first and closing step at ", p.cadence_steps_per_min, " steps/min), got ", b.duration_s);
    else
      SECONDHEART_CHECK(b.duration_s >= min_rest_bout_s, "walk: ", to_string(b.kind), " bout ", k,
                        " expected duration_s >= ", min_rest_bout_s, " s, got ", b.duration_s);
    total += b.duration_s;
  }
  SECONDHEART_CHECK(total * p.sampling_rate_hz <= 2.0e8, "walk: expected at most 2e8 samples, got ",
                    total * p.sampling_rate_hz);
}

/// Everything of one leg that is a function of continuous time.
struct LegModel {
  std::vector<Step> steps;
  PiecewiseQuintic pitch_deg, ankle_deg;
  std::vector<HeelMode> modes;
  std::vector<ForcePiece> force;
  double y_m = 0.0;
  double strength = 1.0;
  double toe_off_deg = 0.0, plantarflexion_deg = 0.0;

  const HeelMode& mode_at(double t) const {
    auto it = std::upper_bound(modes.begin(), modes.end(), t,
                               [](double value, const HeelMode& m) { return value < m.t0; });
    return *(it == modes.begin() ? it : it - 1);
  }
};

}  // namespace detail

/// Generates the synthetic recording and its ground truth.
/// @param params walker parameters (see WalkerParams; rates in Hz, speeds in m/s, angles in deg)
/// @throws InvalidArgument for a bad parameter: sampling rate ≤ 0, implausible speed/cadence/stride,
///         push-off strength outside [0.05, 1.5], an empty schedule, a bout too short, ...
inline WalkResult walk(const WalkerParams& params) {
  using namespace detail;
  validate(params);
  const WalkerParams& p = params;
  const double fs = p.sampling_rate_hz;
  const double T = p.stride_time_s();
  const double L = p.stride_length_m();
  const double stance = p.stance_fraction;
  const double S = stance * T;                   // stance duration
  const double ho_f = stance - push_off_fraction;  // heel-off, in strides after IC
  const double ms_f = 0.5 * (flat_fraction + ho_f);
  const double g = standard_gravity_mps2;
  const double bw = p.body_mass_kg * g;
  const double lf = p.foot_length_m;
  const double mtp_x = 0.75 * lf;
  const Eigen::Vector2d ankle_body(0.2 * lf, 0.27 * lf);
  const Eigen::Vector2d foot_imu_body(p.foot_imu_forward_m, p.foot_imu_up_m);
  const Eigen::Vector2d shank_imu_body(p.shank_imu_forward_m, p.shank_imu_height_m);

  std::mt19937_64 rng(p.seed);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);

  // Bout boundaries.
  std::vector<double> bout_t0(p.schedule.size() + 1, 0.0);
  for (std::size_t k = 0; k < p.schedule.size(); ++k) bout_t0[k + 1] = bout_t0[k] + p.schedule[k].duration_s;
  const double total_s = bout_t0.back();
  const Index n = static_cast<Index>(std::llround(total_s * fs));

  // ---- Walking plan: steps of both legs, rest intervals between walking bouts. -------------------
  std::array<LegModel, 2> legs;  // [0] left, [1] right
  legs[0].y_m = 0.5 * p.step_width_m;
  legs[1].y_m = -0.5 * p.step_width_m;
  legs[0].strength = p.push_off_strength_left;
  legs[1].strength = p.push_off_strength_right;
  struct RestInterval {
    double a, b;
  };
  std::vector<RestInterval> rests;
  std::vector<double> walk_rest_end, walk_settle, walk_lead_fc;
  std::vector<int> walk_lead;
  double x_rest = 0.0, z_rest = 0.0, rest_from = 0.0;
  int walk_count = 0;
  for (std::size_t k = 0; k < p.schedule.size(); ++k) {
    if (p.schedule[k].kind != ActivityKind::Walk) continue;
    const double tb0 = bout_t0[k], tb1 = bout_t0[k + 1];
    const int lead = walk_count % 2 == 0 ? 0 : 1;
    const double t_lead_ho = tb0 + 0.4 * T;
    const double t_first_ic = t_lead_ho + (1.0 - ho_f) * T;
    const int J = static_cast<int>(std::floor((tb1 - 0.45 * T - t_first_ic) / (0.5 * T) + 1e-9));
    SECONDHEART_CHECK(J >= 1, "walk: walking bout ", k, " too short for a first and a closing step");
    const double rise = p.bout_rise_per_step_m.empty() ? 0.0 : p.bout_rise_per_step_m[k];
    double x_leg[2] = {x_rest, x_rest}, z_leg[2] = {z_rest, z_rest};
    for (int j = 0; j <= J; ++j) {
      const int leg = j % 2 == 0 ? lead : 1 - lead;
      Step st{};
      st.t_ic = t_first_ic + j * 0.5 * T;
      st.t_ho = st.t_ic - (1.0 - ho_f) * T;
      st.t_fc = st.t_ic - (1.0 - stance) * T;
      st.x_from = x_leg[leg];
      st.x_to = j < J ? x_rest + (j + 1) * 0.5 * L : x_rest + J * 0.5 * L;
      x_leg[leg] = st.x_to;
      st.z_from = z_leg[leg];
      st.z_to = j < J ? z_rest + (j + 1) * rise : z_rest + J * rise;
      z_leg[leg] = st.z_to;
      st.first = j < 2;
      st.last = j >= J - 1;
      st.closing = j == J;
      st.bout = static_cast<int>(k);
      legs[static_cast<std::size_t>(leg)].steps.push_back(st);
    }
    x_rest += J * 0.5 * L;
    z_rest += J * rise;
    const double rest_end = t_lead_ho - 0.3 * T;
    const double settle = t_first_ic + J * 0.5 * T + 0.35 * T;
    rests.push_back({rest_from, rest_end});
    walk_rest_end.push_back(rest_end);
    walk_settle.push_back(settle);
    walk_lead_fc.push_back(t_lead_ho + push_off_fraction * T);
    walk_lead.push_back(lead);
    rest_from = settle;
    ++walk_count;
  }
  rests.push_back({rest_from, total_s});

  // ---- Rest knots (shared by both legs): posture level per foot (fraction of BW), sway. ----------
  auto bout_at = [&](double t) {
    const auto it = std::upper_bound(bout_t0.begin() + 1, bout_t0.end() - 1, t);
    return static_cast<std::size_t>(it - (bout_t0.begin() + 1));
  };
  auto posture_level = [&](std::size_t bout) { return p.schedule[bout].kind == ActivityKind::Sit ? 0.12 : 0.5; };
  struct RestKnot {
    double t;
    double level[2];
  };
  std::vector<std::vector<RestKnot>> rest_knots(rests.size());
  for (std::size_t r = 0; r < rests.size(); ++r) {
    const double a = rests[r].a, b = rests[r].b;
    std::vector<std::pair<double, double>> anchors;  // (t, level) without sway
    anchors.push_back({a, posture_level(bout_at(a))});
    for (std::size_t k = 1; k < p.schedule.size(); ++k) {
      const double tb = bout_t0[k];
      if (tb <= a || tb >= b) continue;
      const double before = posture_level(k - 1), after = posture_level(k);
      if (before == after) continue;
      if (p.schedule[k].kind == ActivityKind::Walk) {
        anchors.push_back({tb - posture_change_s, before});
        anchors.push_back({tb, after});
      } else {
        anchors.push_back({tb, before});
        anchors.push_back({tb + posture_change_s, after});
      }
    }
    // The end of a rest before walking is standing; the end of the recording is the last posture.
    anchors.push_back({b, r + 1 < rests.size() ? 0.5 : posture_level(p.schedule.size() - 1)});
    auto& out = rest_knots[r];
    for (std::size_t i = 0; i < anchors.size(); ++i) {
      if (i > 0 && anchors[i].first <= out.back().t + 1e-6) continue;  // degenerate (rest of zero length)
      out.push_back({anchors[i].first, {anchors[i].second, anchors[i].second}});
      if (i + 1 == anchors.size() || anchors[i].second != anchors[i + 1].second) continue;
      const double gap = anchors[i + 1].first - anchors[i].first;
      const int m = static_cast<int>(std::floor(gap / 1.2)) - 1;  // sway knots every ~1.2 s
      for (int q = 1; q <= m; ++q) {
        const double t = anchors[i].first + gap * q / (m + 1);
        const double lvl = anchors[i].second;
        RestKnot kn{t, {lvl, lvl}};
        if (lvl >= 0.5) {  // standing: weight shifts between the feet
          const double d = std::clamp(0.02 * normal(rng), -0.06, 0.06);
          kn.level[0] += d;
          kn.level[1] -= d;
        } else {  // sitting: independent small changes
          kn.level[0] *= 1.0 + std::clamp(0.08 * normal(rng), -0.2, 0.2);
          kn.level[1] *= 1.0 + std::clamp(0.08 * normal(rng), -0.2, 0.2);
        }
        out.push_back(kn);
      }
    }
  }

  // ---- Per-leg curves. ----------------------------------------------------------------------------
  const double f1 = 1.15, valley = 0.78;  // fractions of BW
  const double u1 = 0.22, uv = 0.5, u2 = 0.78;
  const double k_slope = 2.5, k_curv = 4.0;
  const double cop_rest = 0.42 * lf;
  for (std::size_t side = 0; side < 2; ++side) {
    LegModel& leg = legs[side];
    const double s = leg.strength;
    const double th_hs = p.heel_strike_angle_deg;
    const double th_to = -(35.0 + 25.0 * s);
    const double w_fc = 1.3 * th_to / (push_off_fraction * T);
    // At toe-off the plantarflexion is already slowing: its fastest moment comes just before FC and
    // the foot stops rotating ~50 ms after it, as in real recordings (FC half-way between the two).
    const double a_fc = 8.75 * std::abs(w_fc) / (push_off_fraction * T);
    // At contact the foot has just passed its highest pitch (w slightly negative) and the heel
    // impact starts the fast roll to foot-flat: the pitch acceleration is most negative at IC
    // (a kink in the C2 curve), as in real foot-IMU recordings, where IC is the steepest fall of w.
    // IcModel::HeelHeight keeps the smooth landing: no kink, nothing placed at IC in the pitch.
    const double w_ic_smooth = -th_hs / (flat_fraction * T);  // the earlier model: no impact at IC
    const bool kink_at_ic = p.ic_model == IcModel::DetectorFeature;
    const double w_ic = kink_at_ic ? -0.2 * th_hs / (flat_fraction * T) : w_ic_smooth;
    const double a_ic = kink_at_ic ? -10.0 * th_hs / ((flat_fraction * T) * (flat_fraction * T)) : 0.0;
    const double a_dorsi = 12.0, a_plantar = -(5.0 + 15.0 * s), a_loading = -4.0;
    leg.toe_off_deg = th_to;
    leg.plantarflexion_deg = a_plantar;
    const double f2 = 0.85 + 0.3 * s;
    const double cop_fc = std::min(0.93, 0.70 + 0.2 * s) * lf;
    const double cop_f2 = std::min(0.62 + 0.1 * s, cop_fc / lf - 0.05) * lf;

    std::vector<Knot> pitch{{0.0, {0.0, 0.0, 0.0}}}, ankle{{0.0, {0.0, 0.0, 0.0}}};
    leg.modes.push_back({});  // heel pinned at x = 0 from the start
    for (const Step& st : leg.steps) {
      pitch.push_back({st.t_ho, {0.0, 0.0, 0.0}});
      // Heel rise starts slowly: a fifth of the toe-off angle half-way through push-off.
      pitch.push_back({st.t_ho + 0.5 * push_off_fraction * T,
                       {0.2 * th_to, 0.3 * w_fc, std::abs(w_fc) / (push_off_fraction * T)}});
      pitch.push_back({st.t_fc, {th_to, w_fc, a_fc}});
      // The lowest pitch 0.05 T after FC, 8 % past the toe-off angle, passed quickly (real feet turn
      // from plantar- to dorsiflexion within a few samples; the gyro never rests in the swing).
      pitch.push_back({st.t_fc + 0.05 * T, {1.08 * th_to, 0.0, 4.0 * std::abs(w_fc) / (0.05 * T)}});
      pitch.push_back({st.t_ic, {th_hs, w_ic, a_ic}});
      pitch.push_back({st.t_ic + flat_fraction * T, {0.0, 0.0, 0.0}});
      if (st.first) ankle.push_back({st.t_ho - 0.35 * T, {0.0, 0.0, 0.0}});
      ankle.push_back({st.t_ho + 0.06 * T, {a_dorsi, 0.0, 0.0}});
      ankle.push_back({st.t_fc + 0.03 * T, {a_plantar, 0.0, 0.0}});
      ankle.push_back({st.t_fc + 0.22 * T, {0.0, 0.0, 0.0}});
      ankle.push_back({st.t_ic, {0.0, 0.0, 0.0}});
      ankle.push_back({st.t_ic + 0.07 * T, {a_loading, 0.0, 0.0}});
      if (st.last) ankle.push_back({st.t_ic + 0.30 * T, {0.0, 0.0, 0.0}});
    }
    // The foot's toe-off and heel-strike jets (rate and acceleration) changed when the foot model was
    // made realistic; the shank keeps its motion there, so the ankle takes up the difference: at FC
    // and IC the ankle jet is the base ankle plus (foot jet − the smooth foot jet it replaced).
    {
      const PiecewiseQuintic base(ankle);
      std::vector<Knot> adjusted;
      std::size_t step = 0;
      for (const Knot& k : ankle) {
        while (step < leg.steps.size() && leg.steps[step].t_fc < k.t) {
          Jet j = base(leg.steps[step].t_fc);
          j.d2 += a_fc;
          adjusted.push_back({leg.steps[step].t_fc, j});
          ++step;
        }
        Knot out = k;
        for (const Step& st : leg.steps)
          if (k.t == st.t_ic) out.jet.d1 += w_ic - w_ic_smooth, out.jet.d2 += a_ic;
        adjusted.push_back(out);
      }
      ankle = std::move(adjusted);
    }
    leg.pitch_deg = PiecewiseQuintic(std::move(pitch));
    leg.ankle_deg = PiecewiseQuintic(std::move(ankle));

    for (const Step& st : leg.steps) {
      HeelMode roll;
      roll.kind = HeelMode::PinMtp;
      roll.t0 = st.t_ho;
      roll.pivot_x = st.x_from + mtp_x;
      roll.pivot_z = st.z_from;
      leg.modes.push_back(roll);
      // Swing: from the heel state at FC (rolling about the MTP) to a soft landing at x_to.
      Jet th = leg.pitch_deg(st.t_fc);
      th = {th.value * deg, th.d1 * deg, th.d2 * deg};
      const Vec2Jet h0 = heel_from_mtp(roll.pivot_x, mtp_x, th, roll.pivot_z);
      HeelMode swing;
      swing.kind = HeelMode::Swing;
      swing.t0 = st.t_fc;
      swing.swing_t0 = st.t_fc;
      swing.swing_h = st.t_ic - st.t_fc;
      swing.swing_x = QuinticSegment(st.t_fc, swing.swing_h, {h0.p.x(), h0.v.x(), h0.a.x()}, {st.x_to, 0.0, 0.0});
      swing.swing_z = QuinticSegment(st.t_fc, swing.swing_h, {h0.p.y(), h0.v.y(), h0.a.y()}, {st.z_to, 0.0, 0.0});
      swing.bump_m = 0.1;  // keeps the MTP point clear of the ground from toe-off to mid-swing
      leg.modes.push_back(swing);
      HeelMode land;
      land.kind = HeelMode::PinHeel;
      land.t0 = st.t_ic;
      land.pivot_x = st.x_to;
      land.pivot_z = st.z_to;
      leg.modes.push_back(land);
    }

    // Force and centre of pressure, in time order: rest intervals and steps interleave.
    std::vector<ForceKnot> knots;
    auto add_rest = [&](std::size_t r) {
      for (const RestKnot& rk : rest_knots[r]) knots.push_back({rk.t, {rk.level[side] * bw, 0.0, 0.0}, cop_rest});
    };
    std::size_t next_rest = 0;
    int current_bout = -1;
    for (std::size_t i = 0; i < leg.steps.size(); ++i) {
      const Step& st = leg.steps[i];
      if (st.bout != current_bout) {  // the rest before this walking bout
        add_rest(next_rest);
        current_bout = st.bout;
        // The trailing leg carries the body while the leading leg takes its first step.
        if (static_cast<int>(side) != walk_lead[next_rest])
          knots.push_back({walk_lead_fc[next_rest], {0.95 * bw, 0.0, 0.0}, 0.5 * lf});
        ++next_rest;
      }
      // Push-off of the stance that ends at this step's FC.
      const double t_f2 = st.t_fc - (1.0 - u2) * S;
      knots.push_back({t_f2, {f2 * bw, 0.0, -k_curv * (f2 - valley) * bw / std::pow((u2 - uv) * S, 2)}, cop_f2});
      knots.push_back({st.t_fc, {0.0, -k_slope * f2 * bw / ((1.0 - u2) * S), 0.0}, cop_fc, true});
      // Loading of the stance that starts at this step's IC.
      knots.push_back({st.t_ic, {0.0, k_slope * f1 * bw / (u1 * S), 0.0}, 0.07 * lf});
      knots.push_back({st.t_ic + u1 * S, {f1 * bw, 0.0, -k_curv * (f1 - valley) * bw / std::pow((uv - u1) * S, 2)},
                       0.25 * lf});
      if (!st.closing) {
        const bool more = !st.last;
        knots.push_back({st.t_ic + uv * S,
                         {valley * bw, 0.0, more ? k_curv * (f2 - valley) * bw / std::pow((u2 - uv) * S, 2) : 0.0},
                         0.5 * lf});
      }
    }
    add_rest(next_rest);
    // Split into pieces (contiguous ground contact) and build the curves.
    std::vector<Knot> fk, ck;
    std::vector<double> cop_values, times;
    auto flush = [&]() {
      if (fk.empty()) return;
      for (std::size_t q = 0; q < times.size(); ++q) {  // Catmull-Rom slopes for the CoP
        double slope = 0.0;
        if (times.size() > 1) {
          const std::size_t lo = q == 0 ? 0 : q - 1, hi = q + 1 == times.size() ? q : q + 1;
          slope = (cop_values[hi] - cop_values[lo]) / (times[hi] - times[lo]);
        }
        ck.push_back({times[q], {cop_values[q], slope, 0.0}});
      }
      leg.force.push_back({PiecewiseQuintic(std::move(fk)), PiecewiseQuintic(std::move(ck))});
      fk.clear();
      ck.clear();
      cop_values.clear();
      times.clear();
    };
    for (const ForceKnot& kn : knots) {
      fk.push_back({kn.t, kn.force});
      times.push_back(kn.t);
      cop_values.push_back(kn.cop_x);
      if (kn.ends_piece) flush();
    }
    flush();
  }

  // ---- Sensor noise and bias (drawn in a fixed order). -------------------------------------------
  auto draw_bias = [&](double mag) { return Eigen::Vector3d(mag * unit(rng), mag * unit(rng), mag * unit(rng)); };
  WalkResult result;
  result.params = p;
  SideTruth* truths[2] = {&result.left, &result.right};
  for (std::size_t side = 0; side < 2; ++side) {
    SideTruth& tr = *truths[side];
    tr.side = side == 0 ? Side::Left : Side::Right;
    tr.foot_acc_bias_mps2 = draw_bias(p.acc_bias_mps2);
    tr.foot_gyro_bias_dps = draw_bias(p.gyro_bias_dps);
    tr.shank_acc_bias_mps2 = draw_bias(p.acc_bias_mps2);
    tr.shank_gyro_bias_dps = draw_bias(p.gyro_bias_dps);
    tr.push_off_strength = legs[side].strength;
    tr.heel_strike_angle_model_deg = p.heel_strike_angle_deg;
    tr.toe_off_angle_model_deg = legs[side].toe_off_deg;
    tr.peak_plantarflexion_model_deg = legs[side].plantarflexion_deg;
  }

  // ---- Sampling. ----------------------------------------------------------------------------------
  const auto cells = insole_cell_layout(lf, Side::Left);  // x positions are the same for both sides
  const Index n_cells = cells.rows();
  const double sigma_x = 0.10 * lf;
  std::vector<ImuRecording> foot(2), shank(2);
  std::vector<InsoleRecording> insole(2);
  for (std::size_t side = 0; side < 2; ++side) {
    const Side sd = side == 0 ? Side::Left : Side::Right;
    SideTruth& tr = *truths[side];
    for (ImuRecording* rec : {&foot[side], &shank[side]}) {
      rec->side = sd;
      rec->sampling_rate_hz = fs;
      rec->frame = AxesFrame::Segment;
      rec->acc_mps2.resize(n, 3);
      rec->gyr_dps.resize(n, 3);
    }
    foot[side].placement = Placement::Foot;
    shank[side].placement = Placement::Shank;
    insole[side].side = sd;
    insole[side].sampling_rate_hz = fs;
    insole[side].foot_length_m = lf;
    insole[side].cell_position_m = insole_cell_layout(lf, sd);
    insole[side].cell_force_n.resize(n, n_cells);
    tr.foot_pitch_deg.resize(n);
    tr.foot_pitch_rate_dps.resize(n);
    tr.shank_pitch_deg.resize(n);
    tr.ankle_angle_deg.resize(n);
    tr.foot_sensor_position_m.resize(n, 3);
    tr.foot_sensor_velocity_mps.resize(n, 3);
    tr.heel_position_m.resize(n, 3);
    tr.mtp_position_m.resize(n, 3);
    tr.insole_total_force_n.resize(n);
    tr.insole_cell_force_n.resize(n, n_cells);
  }

  for (std::size_t side = 0; side < 2; ++side) {
    const LegModel& leg = legs[side];
    SideTruth& tr = *truths[side];
    std::size_t piece = 0;
    for (Index i = 0; i < n; ++i) {
      const double t = static_cast<double>(i) / fs;
      const Jet th_deg = leg.pitch_deg(t);
      const Jet al_deg = leg.ankle_deg(t);
      const Jet th{th_deg.value * deg, th_deg.d1 * deg, th_deg.d2 * deg};
      const Jet ps{(th_deg.value - al_deg.value) * deg, (th_deg.d1 - al_deg.d1) * deg, (th_deg.d2 - al_deg.d2) * deg};
      // Heel jet.
      const HeelMode& mode = leg.mode_at(t);
      Vec2Jet heel;
      if (mode.kind == HeelMode::PinHeel) {
        heel.p = Eigen::Vector2d(mode.pivot_x, mode.pivot_z);
      } else if (mode.kind == HeelMode::PinMtp) {
        heel = heel_from_mtp(mode.pivot_x, mtp_x, th, mode.pivot_z);
      } else {
        const Jet x = mode.swing_x(t), z = mode.swing_z(t);
        const double u = (t - mode.swing_t0) / mode.swing_h, h = mode.swing_h;
        const double b = 64.0 * mode.bump_m;
        const double bz = b * u * u * u * std::pow(1 - u, 3);
        const double bz1 = b * 3 * u * u * (1 - u) * (1 - u) * (1 - 2 * u) / h;
        const double bz2 = b * 6 * u * (1 - u) * ((1 - 2 * u) * (1 - 2 * u) - u * (1 - u)) / (h * h);
        heel.p = Eigen::Vector2d(x.value, z.value + bz);
        heel.v = Eigen::Vector2d(x.d1, z.d1 + bz1);
        heel.a = Eigen::Vector2d(x.d2, z.d2 + bz2);
      }
      const Vec2Jet imu = body_point(heel, th, foot_imu_body);
      const Vec2Jet mtp = body_point(heel, th, Eigen::Vector2d(mtp_x, 0.0));
      const Vec2Jet ankle = body_point(heel, th, ankle_body);
      const Vec2Jet shank_imu = body_point(ankle, ps, shank_imu_body);

      const Eigen::Vector2d grav(0.0, g);
      const Eigen::Vector2d f_foot = rot(th.value).transpose() * (imu.a + grav);
      const Eigen::Vector2d f_shank = rot(ps.value).transpose() * (shank_imu.a + grav);
      foot[side].acc_mps2.row(i) << f_foot.x(), 0.0, f_foot.y();
      foot[side].gyr_dps.row(i) << 0.0, -th_deg.d1, 0.0;
      shank[side].acc_mps2.row(i) << f_shank.x(), 0.0, f_shank.y();
      shank[side].gyr_dps.row(i) << 0.0, -(th_deg.d1 - al_deg.d1), 0.0;

      tr.foot_pitch_deg[i] = th_deg.value;
      tr.foot_pitch_rate_dps[i] = th_deg.d1;
      tr.ankle_angle_deg[i] = al_deg.value;
      tr.shank_pitch_deg[i] = th_deg.value - al_deg.value;
      tr.foot_sensor_position_m.row(i) << imu.p.x(), leg.y_m, imu.p.y();
      tr.foot_sensor_velocity_mps.row(i) << imu.v.x(), 0.0, imu.v.y();
      tr.heel_position_m.row(i) << heel.p.x(), leg.y_m, heel.p.y();
      tr.mtp_position_m.row(i) << mtp.p.x(), leg.y_m, mtp.p.y();

      // Insole.
      while (piece < leg.force.size() && leg.force[piece].force.end() < t) ++piece;
      double total = 0.0, cop = cop_rest;
      if (piece < leg.force.size() && leg.force[piece].force.begin() <= t) {
        total = std::max(0.0, leg.force[piece].force(t).value);
        cop = leg.force[piece].cop_x(t).value;
      }
      tr.insole_total_force_n[i] = total;
      double wsum = 0.0;
      for (Index c = 0; c < n_cells; ++c) {
        const double dx = (cells(c, 0) - cop) / sigma_x;
        const double w = std::exp(-0.5 * dx * dx);
        tr.insole_cell_force_n(i, c) = w;
        wsum += w;
      }
      tr.insole_cell_force_n.row(i) *= total / wsum;
    }
  }

  // Noise, in a fixed order: foot L, foot R, shank L, shank R, insole L, insole R.
  auto add_imu_noise = [&](ImuRecording& rec, const Eigen::Vector3d& acc_bias, const Eigen::Vector3d& gyro_bias) {
    for (Index i = 0; i < n; ++i)
      for (Index c = 0; c < 3; ++c) {
        rec.acc_mps2(i, c) += acc_bias[c] + (p.acc_noise_mps2 > 0 ? p.acc_noise_mps2 * normal(rng) : 0.0);
        rec.gyr_dps(i, c) += gyro_bias[c] + (p.gyro_noise_dps > 0 ? p.gyro_noise_dps * normal(rng) : 0.0);
      }
  };
  for (std::size_t side = 0; side < 2; ++side)
    add_imu_noise(foot[side], truths[side]->foot_acc_bias_mps2, truths[side]->foot_gyro_bias_dps);
  for (std::size_t side = 0; side < 2; ++side)
    add_imu_noise(shank[side], truths[side]->shank_acc_bias_mps2, truths[side]->shank_gyro_bias_dps);
  for (std::size_t side = 0; side < 2; ++side) {
    insole[side].cell_force_n = truths[side]->insole_cell_force_n;
    if (p.insole_noise_n > 0)
      for (Index i = 0; i < n; ++i)
        for (Index c = 0; c < n_cells; ++c)
          insole[side].cell_force_n(i, c) =
              std::max(0.0, insole[side].cell_force_n(i, c) + p.insole_noise_n * normal(rng));
  }

  // ---- Events and per-stride truth. ---------------------------------------------------------------
  for (std::size_t side = 0; side < 2; ++side) {
    const LegModel& leg = legs[side];
    SideTruth& tr = *truths[side];
    for (const Step& st : leg.steps) {
      tr.ho.push_back(event_index(st.t_ho, fs));
      tr.fc.push_back(event_index(st.t_fc, fs));
      tr.ic.push_back(event_index(st.t_ic, fs));
      tr.ic_s.push_back(st.t_ic);
      tr.ms.push_back(event_index(st.t_ic + ms_f * T, fs));
    }
    for (std::size_t k = 0; k + 1 < leg.steps.size(); ++k) {
      const Step& a = leg.steps[k];
      const Step& b = leg.steps[k + 1];
      if (a.bout != b.bout) continue;
      const Index ic0 = event_index(a.t_ic, fs), ic1 = event_index(b.t_ic, fs);
      const Index ho = event_index(b.t_ho, fs), fcx = event_index(b.t_fc, fs);
      if (ic1 >= n) continue;
      tr.stride_ic.push_back(ic0);
      tr.stride_next_ic.push_back(ic1);
      tr.stride_ho.push_back(ho);
      tr.stride_fc.push_back(fcx);
      tr.stride_ms.push_back(event_index(a.t_ic + ms_f * T, fs));
      tr.stride_next_ms.push_back(event_index(b.t_ic + ms_f * T, fs));
      tr.stride_steady.push_back(!b.closing);
      tr.stride_length_m.push_back(b.x_to - a.x_to);
      tr.stride_rise_m.push_back(b.z_to - a.z_to);
      tr.stride_time_s.push_back(b.t_ic - a.t_ic);
      tr.toe_off_angle_deg.push_back(tr.foot_pitch_deg[fcx]);
      tr.heel_strike_angle_deg.push_back(tr.foot_pitch_deg[ic0]);
      tr.peak_push_off_angular_velocity_dps.push_back(-tr.foot_pitch_rate_dps.segment(ho, fcx - ho + 1).minCoeff());
      tr.peak_plantarflexion_deg.push_back(tr.ankle_angle_deg.segment(ho, ic1 - ho + 1).minCoeff());
      const auto ank = tr.ankle_angle_deg.segment(ic0, ic1 - ic0 + 1);
      tr.ankle_rom_deg.push_back(ank.maxCoeff() - ank.minCoeff());
      const double f2 = 0.85 + 0.3 * leg.strength;
      tr.f1_n.push_back(f1 * bw);
      tr.f2_n.push_back(f2 * bw);
      tr.valley_n.push_back(valley * bw);
      const Index t0 = ic0 + (fcx - ic0) / 2;
      double fore = 0.0, all = 0.0;
      for (Index i = t0; i < fcx; ++i)
        for (Index c = 0; c < n_cells; ++c) {
          all += tr.insole_cell_force_n(i, c);
          if (cells(c, 0) >= 0.6 * lf) fore += tr.insole_cell_force_n(i, c);
        }
      tr.forefoot_impulse_share.push_back(all > 0 ? fore / all : NaN);
    }
  }

  // ---- Session and segments. ----------------------------------------------------------------------
  result.session.name = "synth walker (seed " + std::to_string(p.seed) + ")";
  // push_back moves; an initializer list would copy every recording.
  for (ImuRecording* rec : {&foot[0], &foot[1], &shank[0], &shank[1]}) result.session.imus.push_back(std::move(*rec));
  for (InsoleRecording& rec : insole) result.session.insoles.push_back(std::move(rec));
  result.session.subject.body_mass_kg = p.body_mass_kg;
  for (std::size_t k = 0; k < p.schedule.size(); ++k)
    result.segments.push_back({p.schedule[k].kind, std::llround(bout_t0[k] * fs),
                               std::min<Index>(n, std::llround(bout_t0[k + 1] * fs))});
  return result;
}

}  // namespace secondheart::synth
