// Synthetic days: the truth is checked against the signals themselves (angles from gravity, gyro
// integrals, insole cells) and against the walker whose output the walk blocks paste.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <vector>

#include "secondheart/synth/day.hpp"

using namespace secondheart;
using namespace secondheart::synth;
using Catch::Matchers::Contains;

namespace {

constexpr double g = standard_gravity_mps2;
constexpr double r2d = 180.0 / 3.14159265358979323846;

DayParams noise_free_day(std::vector<DayBlock> schedule) {
  DayParams p;
  p.noise_scale = 0.0;
  p.schedule = std::move(schedule);
  return p;
}

Index sample_at(const DayResult& r, double clock_s) {
  return static_cast<Index>(std::llround((clock_s - r.truth.start_clock_s) * r.truth.sampling_rate_hz));
}

// Pitch of a still segment from gravity: acc = (g sin θ, 0, g cos θ) in the segment frame.
double pitch_from_acc_deg(const ImuRecording& imu, Index i) {
  return std::atan2(imu.acc_mps2(i, 0), imu.acc_mps2(i, 2)) * r2d;
}

// Pitch change from sample a to b: θ' = −gyro_y (trapezoid).
double gyro_pitch_change_deg(const ImuRecording& imu, Index a, Index b) {
  double sum = 0.0;
  for (Index i = a; i < b; ++i) sum += 0.5 * (imu.gyr_dps(i, 1) + imu.gyr_dps(i + 1, 1));
  return -sum / imu.sampling_rate_hz;
}

const DayTruth::Period& period_of(const DayResult& r, DayActivity kind, int nth = 0) {
  for (const DayTruth::Period& pr : r.truth.periods)
    if (pr.kind == kind && nth-- == 0) return pr;
  FAIL("no period of kind " << to_string(kind));
  return r.truth.periods.front();
}

}  // namespace

TEST_CASE("day: walk blocks are the walker's output and its contacts are the truth") {
  const DayParams p = noise_free_day({{DayActivity::Sit, 20}, {DayActivity::Walk, 30}, {DayActivity::Stand, 10},
                                      {DayActivity::Walk, 25}, {DayActivity::Sit, 10}});
  const DayResult r = day(p);
  REQUIRE(r.truth.bouts.size() == 2);
  // The walker alone, same block length (IMU samples and contacts do not depend on its seed).
  WalkerParams w = p.walker.noise_free();
  w.schedule = {{ActivityKind::Walk, 30}};
  const WalkResult alone = walk(w);
  const double t0 = p.start_clock_s + 20.0;
  const std::vector<double>& ic_left = alone.left.ic_s;
  REQUIRE(ic_left.size() >= 10);
  std::vector<double> day_left;
  for (double t : r.truth.ic_s[0])
    if (t < t0 + 30) day_left.push_back(t);
  REQUIRE(day_left.size() == ic_left.size());
  for (std::size_t k = 0; k < ic_left.size(); ++k) CHECK(day_left[k] == Approx(t0 + ic_left[k]).margin(1e-9));
  const ImuRecording& foot = *r.session.imu(Placement::Foot, Side::Left);
  const Index i0 = sample_at(r, t0);
  for (Index i = 0; i < alone.session.imus[0].size(); i += 7)
    for (Index c = 0; c < 3; ++c) {
      CHECK(foot.acc_mps2(i0 + i, c) == alone.session.imus[0].acc_mps2(i, c));
      CHECK(foot.gyr_dps(i0 + i, c) == alone.session.imus[0].gyr_dps(i, c));
    }
  // Bout truth: first and last contact of either foot; strides and steps count both feet.
  const DayTruth::Bout& b = r.truth.bouts[0];
  const std::size_t n_left = ic_left.size(), n_right = alone.right.ic_s.size();
  CHECK(b.start_s == Approx(t0 + std::min(ic_left.front(), alone.right.ic_s.front())));
  CHECK(b.end_s == Approx(t0 + std::max(ic_left.back(), alone.right.ic_s.back())));
  CHECK(b.steps == static_cast<int>(n_left + n_right));
  CHECK(b.strides == static_cast<int>(n_left + n_right) - 2);
  CHECK(b.start_s > t0);
  CHECK(b.end_s < t0 + 30);
  // The leading foot alternates: left leads the first walk block, right the second.
  const DayTruth::Bout& b2 = r.truth.bouts[1];
  double first_left = 1e300, first_right = 1e300;
  for (double t : r.truth.ic_s[0])
    if (t >= b2.start_s) first_left = std::min(first_left, t);
  for (double t : r.truth.ic_s[1])
    if (t >= b2.start_s) first_right = std::min(first_right, t);
  CHECK(first_right < first_left);
  // Consecutive contacts of the bout (either foot) are half a stride apart.
  std::vector<double> all(r.truth.ic_s[0]);
  all.insert(all.end(), r.truth.ic_s[1].begin(), r.truth.ic_s[1].end());
  std::sort(all.begin(), all.end());
  for (std::size_t k = 1; k < all.size(); ++k)
    if (all[k] <= b.end_s) CHECK(all[k] - all[k - 1] == Approx(0.5 * p.walker.stride_time_s()));
}

TEST_CASE("day: not-worn samples are NaN in every recording, the others finite") {
  DayParams p;
  p.schedule = {{DayActivity::Sit, 10}, {DayActivity::NotWorn, 10}, {DayActivity::Lie, 10}};
  const DayResult r = day(p);
  const DayTruth::Period& off = period_of(r, DayActivity::NotWorn);
  const Index a = sample_at(r, off.start_s), b = sample_at(r, off.end_s);
  CHECK(b - a == 1000);
  REQUIRE(r.session.imus.size() == 4);
  REQUIRE(r.session.insoles.size() == 2);
  for (const ImuRecording& imu : r.session.imus) {
    CHECK(imu.size() == 3000);
    CHECK(imu.start_time_s == p.start_clock_s);
    CHECK(imu.acc_mps2.middleRows(a, b - a).array().isNaN().all());
    CHECK(imu.gyr_dps.middleRows(a, b - a).array().isNaN().all());
    CHECK(imu.acc_mps2.topRows(a).allFinite());
    CHECK(imu.gyr_dps.bottomRows(imu.size() - b).allFinite());
  }
  for (const InsoleRecording& ins : r.session.insoles) {
    CHECK(ins.cell_force_n.middleRows(a, b - a).array().isNaN().all());
    CHECK(ins.cell_force_n.topRows(a).allFinite());
    CHECK(ins.cell_force_n.bottomRows(ins.size() - b).allFinite());
  }
}

TEST_CASE("day: a calf raise reaches the heel-raise angle in acc and gyro and unloads the heel") {
  DayParams p = noise_free_day({{DayActivity::Stand, 5}, {DayActivity::CalfRaises, 40, 4}, {DayActivity::Stand, 5}});
  p.heel_raise_deg = 30.0;
  const DayResult r = day(p);
  REQUIRE(r.truth.sets.size() == 1);
  const DayTruth::Set& set = r.truth.sets[0];
  CHECK(set.kind == DayActivity::CalfRaises);
  CHECK_FALSE(set.side.has_value());
  CHECK(set.repetitions == 4);
  REQUIRE(set.reps.size() == 4);
  CHECK(set.amplitude == Approx(30.0));
  CHECK(set.amplitude_unit == "deg");
  const double bw = p.walker.body_mass_kg * g;
  for (Side side : {Side::Left, Side::Right}) {
    const ImuRecording& foot = *r.session.imu(Placement::Foot, side);
    const ImuRecording& shank = *r.session.imu(Placement::Shank, side);
    const InsoleRecording& insole = *r.session.insole(side);
    for (const DayTruth::Rep& rep : set.reps) {
      CHECK(rep.hold_s > 1.5);
      const Index start = sample_at(r, rep.start_s);
      const Index mid_hold = sample_at(r, rep.start_s + rep.rise_s + 0.5 * rep.hold_s);
      CHECK(pitch_from_acc_deg(foot, mid_hold) == Approx(-30.0).margin(1.0));
      CHECK(gyro_pitch_change_deg(foot, start - 5, mid_hold) == Approx(-30.0).margin(1.0));
      CHECK(pitch_from_acc_deg(shank, mid_hold) == Approx(0.0).margin(0.1));  // the shank stays vertical
      CHECK(insole.cell_force_n(mid_hold, 0) < 0.05 * bw);                      // heel cell unloaded
      CHECK(insole.cell_force_n.row(mid_hold).sum() == Approx(0.5 * bw).epsilon(0.01));
      // Back at rest after the rep: flat foot, heel loaded again.
      const Index after = sample_at(r, rep.end_s) + 2;
      CHECK(pitch_from_acc_deg(foot, after) == Approx(0.0).margin(0.1));
      CHECK(insole.cell_force_n(after, 0) > 0.05 * bw);
      // The top (80 %) is where the truth says.
      const Index top = sample_at(r, rep.top_s);
      CHECK(gyro_pitch_change_deg(foot, start - 5, top) == Approx(-24.0).margin(0.6));
    }
  }
}

TEST_CASE("day: the shank's gravity reading gives the posture's inclination") {
  const DayParams p = noise_free_day({{DayActivity::Stand, 10}, {DayActivity::Sit, 20}, {DayActivity::Lie, 20},
                                      {DayActivity::LegsElevated, 20}, {DayActivity::Sit, 10}});
  const DayResult r = day(p);
  const ImuRecording& shank = *r.session.imu(Placement::Shank, Side::Right);
  const ImuRecording& foot = *r.session.imu(Placement::Foot, Side::Right);
  auto middle = [&](DayActivity kind) {
    const DayTruth::Period& pr = period_of(r, kind);
    return sample_at(r, 0.5 * (pr.start_s + pr.end_s));
  };
  CHECK(pitch_from_acc_deg(shank, middle(DayActivity::Stand)) == Approx(0.0).margin(0.5));
  CHECK(pitch_from_acc_deg(shank, middle(DayActivity::Sit)) == Approx(p.sitting_shank_inclination_deg).margin(0.5));
  CHECK(pitch_from_acc_deg(foot, middle(DayActivity::Sit)) == Approx(0.0).margin(0.5));
  CHECK(pitch_from_acc_deg(shank, middle(DayActivity::Lie)) == Approx(p.lying_shank_inclination_deg).margin(0.5));
  CHECK(pitch_from_acc_deg(shank, middle(DayActivity::LegsElevated)) ==
        Approx(p.elevated_shank_inclination_deg).margin(0.5));
  CHECK(pitch_from_acc_deg(foot, middle(DayActivity::LegsElevated)) ==
        Approx(p.elevated_shank_inclination_deg + p.relaxed_ankle_deg).margin(0.5));
  // Posture changes are smooth: the gyro integrates to the change of the gravity angle, and the
  // signals never jump between samples.
  const Index a = middle(DayActivity::Sit), b = middle(DayActivity::LegsElevated);
  CHECK(gyro_pitch_change_deg(shank, a, b) ==
        Approx(p.elevated_shank_inclination_deg - p.sitting_shank_inclination_deg).margin(0.5));
  for (Index i = 1; i < shank.size(); ++i) {
    REQUIRE(std::abs(shank.acc_mps2(i, 0) - shank.acc_mps2(i - 1, 0)) < 0.5);
    REQUIRE(std::abs(shank.gyr_dps(i, 1) - shank.gyr_dps(i - 1, 1)) < 5.0);
  }
  // Insoles: standing about half the body weight per foot, lying nothing.
  const double bw = p.walker.body_mass_kg * g;
  const InsoleRecording& ins = *r.session.insole(Side::Right);
  CHECK(ins.cell_force_n.row(middle(DayActivity::Stand)).sum() == Approx(0.5 * bw).epsilon(0.1));
  CHECK(ins.cell_force_n.row(middle(DayActivity::Sit)).sum() == Approx(0.12 * bw).epsilon(0.25));
  CHECK(ins.cell_force_n.row(middle(DayActivity::Lie)).sum() == 0.0);
}

TEST_CASE("day: seated toe pushes, ankle pumps and isometric holds move what they should") {
  DayParams p = noise_free_day({{DayActivity::Sit, 10},
                                {DayActivity::SeatedToePushes, 20, 5},
                                {DayActivity::AnklePumps, 20, 6, Side::Left},
                                {DayActivity::IsometricHolds, 60, 4},
                                {DayActivity::Sit, 10}});
  p.rep_time_variation = 0.0;
  const DayResult r = day(p);
  REQUIRE(r.truth.sets.size() == 3);
  const double bw = p.walker.body_mass_kg * g;
  const ImuRecording& foot_l = *r.session.imu(Placement::Foot, Side::Left);
  const ImuRecording& foot_r = *r.session.imu(Placement::Foot, Side::Right);
  const ImuRecording& shank_l = *r.session.imu(Placement::Shank, Side::Left);
  const InsoleRecording& ins_l = *r.session.insole(Side::Left);

  const DayTruth::Set& push = r.truth.sets[0];
  CHECK(push.kind == DayActivity::SeatedToePushes);
  CHECK(push.repetitions == 5);
  for (const DayTruth::Rep& rep : push.reps) {
    const Index mid_hold = sample_at(r, rep.start_s + rep.rise_s + 0.5 * rep.hold_s);
    CHECK(pitch_from_acc_deg(foot_l, mid_hold) == Approx(-p.toe_push_deg).margin(1.0));
    CHECK(ins_l.cell_force_n(mid_hold, 0) < 0.01 * bw);
    CHECK(ins_l.cell_force_n.row(mid_hold).sum() == Approx(p.toe_push_load_bw * bw).epsilon(0.01));
  }

  const DayTruth::Set& pumps = r.truth.sets[1];
  CHECK(pumps.kind == DayActivity::AnklePumps);
  REQUIRE(pumps.side == Side::Left);
  CHECK(pumps.repetitions == 6);
  for (const DayTruth::Rep& rep : pumps.reps) {
    const Index start = sample_at(r, rep.start_s) - 2;
    const Index up = sample_at(r, rep.start_s + rep.rise_s);
    const Index down = sample_at(r, rep.start_s + rep.rise_s + p.pump_down_s);
    CHECK(gyro_pitch_change_deg(foot_l, start, up) == Approx(p.pump_deg).margin(0.5));
    CHECK(gyro_pitch_change_deg(foot_l, start, down) == Approx(-p.pump_deg).margin(0.5));
    CHECK(gyro_pitch_change_deg(foot_r, start, down) == Approx(0.0).margin(1e-9));  // the right foot rests
    CHECK(shank_l.gyr_dps.middleRows(start, down - start).cwiseAbs().maxCoeff() < 1e-9);  // the shank is still
    CHECK(ins_l.cell_force_n.row(up).sum() < 1e-9);  // foot in the air
  }
  const Index pump_mid = sample_at(r, pumps.reps[0].start_s) - 10;
  CHECK(pitch_from_acc_deg(shank_l, pump_mid) == Approx(p.pump_shank_inclination_deg).margin(0.5));

  const DayTruth::Set& holds = r.truth.sets[2];
  CHECK(holds.kind == DayActivity::IsometricHolds);
  CHECK(holds.amplitude_unit == "bw");
  CHECK(holds.amplitude == Approx(p.hold_load_bw));
  CHECK(holds.hold_s == Approx(p.hold_s));
  const Index before = sample_at(r, holds.reps[0].start_s) - 5;
  for (const DayTruth::Rep& rep : holds.reps) {
    const Index mid_hold = sample_at(r, rep.start_s + rep.rise_s + 0.5 * rep.hold_s);
    CHECK(ins_l.cell_force_n.row(mid_hold).sum() - ins_l.cell_force_n.row(before).sum() ==
          Approx(p.hold_load_bw * bw).epsilon(0.2));  // the sitting load sways a little
    CHECK(ins_l.cell_force_n(mid_hold, 0) == Approx(ins_l.cell_force_n(before, 0)).epsilon(0.25));  // heel kept
    CHECK(foot_l.gyr_dps.row(mid_hold).cwiseAbs().maxCoeff() < 1e-12);  // no motion
  }
}

TEST_CASE("day: deterministic per seed, different between seeds") {
  DayParams p;
  p.schedule = {{DayActivity::Sit, 20}, {DayActivity::Walk, 15}, {DayActivity::CalfRaises, 30, 3}};
  const DayResult a = day(p), b = day(p);
  CHECK(a.session.imus[0].acc_mps2 == b.session.imus[0].acc_mps2);
  CHECK(a.session.insoles[1].cell_force_n == b.session.insoles[1].cell_force_n);
  CHECK(a.truth.sets[0].reps[2].end_s == b.truth.sets[0].reps[2].end_s);
  p.walker.seed = 2;
  const DayResult c = day(p);
  CHECK(a.session.imus[0].acc_mps2 != c.session.imus[0].acc_mps2);
  CHECK(a.truth.sets[0].reps[2].end_s != c.truth.sets[0].reps[2].end_s);
}

TEST_CASE("day: noise_scale scales the noise") {
  DayParams p;
  p.schedule = {{DayActivity::Lie, 30}};
  p.walker.acc_bias_mps2 = p.walker.gyro_bias_dps = 0.0;
  auto gyro_std = [&](double scale) {
    p.noise_scale = scale;
    const DayResult r = day(p);
    const Eigen::VectorXd x = r.session.imus[0].gyr_dps.col(0);
    return std::sqrt((x.array() - x.mean()).square().mean());
  };
  CHECK(gyro_std(1.0) == Approx(p.walker.gyro_noise_dps).epsilon(0.05));
  CHECK(gyro_std(3.0) == Approx(3.0 * p.walker.gyro_noise_dps).epsilon(0.05));
  CHECK(gyro_std(0.0) == 0.0);
}

TEST_CASE("day: bad arguments say what was expected and what was got") {
  auto with = [](std::vector<DayBlock> schedule) {
    DayParams p;
    p.schedule = std::move(schedule);
    return p;
  };
  CHECK_THROWS_WITH(day(with({})), Contains("non-empty schedule"));
  CHECK_THROWS_WITH(day(with({{DayActivity::Sit, -5}})), Contains("expected duration_s > 0, got -5"));
  CHECK_THROWS_WITH(day(with({{DayActivity::CalfRaises, 20, 20}})), Contains("for 20 repetitions, got 20"));
  CHECK_THROWS_WITH(day(with({{DayActivity::AnklePumps, 20, 0}})), Contains("expected repetitions >= 1, got 0"));
  CHECK_THROWS_WITH(day(with({{DayActivity::Sit, 20, 3}})), Contains("expected repetitions = 0, got 3"));
  CHECK_THROWS_WITH(day(with({{DayActivity::CalfRaises, 60, 3, Side::Left}})), Contains("expected no side"));
  CHECK_THROWS_WITH(day(with({{DayActivity::StairsUp, 2}})), Contains("(stairs_up) expected duration_s >="));
  CHECK_THROWS_WITH(day(with({{DayActivity::Walk, 1}})), Contains("(walk) expected duration_s >="));
  CHECK_THROWS_WITH(day(with({{DayActivity::Lie, 2}})), Contains("(lie) expected duration_s >="));
  DayParams p = with({{DayActivity::Sit, 20}});
  p.noise_scale = -1;
  CHECK_THROWS_AS(day(p), InvalidArgument);
  p.noise_scale = 1;
  p.walker.sampling_rate_hz = 0;
  CHECK_THROWS_AS(day(p), InvalidArgument);
  CHECK_THROWS_WITH(typical_day(1, 30), Contains("expected hours in [1, 24], got 30"));
}

TEST_CASE("day: typical_day is a plausible day and its recording matches its schedule") {
  DayParams p = typical_day(5, 2);
  p.walker.sampling_rate_hz = 50.0;  // keeps the test quick under the sanitizers
  double total_s = 0.0;
  for (const DayBlock& b : p.schedule) total_s += b.duration_s;
  CHECK(total_s == Approx(2 * 3600.0));
  CHECK(p.schedule.back().kind == DayActivity::Lie);
  const DayResult r = day(p);
  CHECK(r.session.imus[0].size() == std::llround(total_s * p.walker.sampling_rate_hz));
  CHECK(r.truth.periods.size() == p.schedule.size());
  CHECK(r.truth.periods.front().start_s == 7 * 3600.0);
  for (std::size_t k = 1; k < r.truth.periods.size(); ++k)
    CHECK(r.truth.periods[k].start_s == r.truth.periods[k - 1].end_s);
  int calf_sets = 0, not_worn = 0;
  for (const DayTruth::Set& s : r.truth.sets) calf_sets += s.kind == DayActivity::CalfRaises;
  for (const DayTruth::Period& pr : r.truth.periods) not_worn += pr.kind == DayActivity::NotWorn;
  CHECK(calf_sets >= 1);
  CHECK(not_worn == 1);
  CHECK(r.truth.bouts.size() >= 2);
  for (const DayTruth::Bout& b : r.truth.bouts) CHECK(b.strides >= 4);
  // Deterministic per seed, different between seeds.
  CHECK(typical_day(5, 2).schedule.size() == p.schedule.size());
  CHECK(typical_day(6, 2).schedule.size() != p.schedule.size());
}

TEST_CASE("day: a 24 h typical day generates, with its night lying") {
  DayParams p = typical_day(2, 24);
  // Small but whole: 20 Hz, foot IMUs only (the full 100 Hz day is measured in benchmarks/).
  p.walker.sampling_rate_hz = 20.0;
  p.shank_imus = p.insoles = false;
  double total_s = 0.0, lying_s = 0.0, elevated_s = 0.0;
  for (const DayBlock& b : p.schedule) {
    total_s += b.duration_s;
    if (b.kind == DayActivity::Lie) lying_s += b.duration_s;
    if (b.kind == DayActivity::LegsElevated) elevated_s += b.duration_s;
  }
  CHECK(total_s == Approx(24 * 3600.0));
  CHECK(lying_s > 8 * 3600.0);
  CHECK(elevated_s >= 2 * 15 * 60.0);
  const DayResult r = day(p);
  REQUIRE(r.session.imus.size() == 2);
  CHECK(r.session.insoles.empty());
  CHECK(r.session.imus[1].size() == 24 * 3600 * 20);
  int calf_sets = 0;
  for (const DayTruth::Set& s : r.truth.sets) {
    calf_sets += s.kind == DayActivity::CalfRaises;
    if (s.kind == DayActivity::CalfRaises) CHECK((s.repetitions >= 15 && s.repetitions <= 20));
  }
  CHECK(calf_sets >= 2);
  CHECK(r.truth.ic_s[0].size() > 1000);
  auto blocks_of = [&](DayActivity kind) {
    return std::count_if(p.schedule.begin(), p.schedule.end(), [&](const DayBlock& b) { return b.kind == kind; });
  };
  CHECK(blocks_of(DayActivity::NotWorn) == 1);
  CHECK(blocks_of(DayActivity::StairsUp) == 1);
  CHECK(blocks_of(DayActivity::StairsDown) == 1);
  CHECK(blocks_of(DayActivity::AnklePumps) >= 2);
  CHECK(blocks_of(DayActivity::SeatedToePushes) >= 1);
  CHECK(blocks_of(DayActivity::IsometricHolds) >= 1);
  CHECK(blocks_of(DayActivity::LegsElevated) == 2);
  // Walking per clock hour of the waking day (07:00-23:00): some hours meet 5 minutes, some do not.
  int hours_met = 0, hours_missed = 0;
  for (int h = 7; h < 23; ++h) {
    double walking_s = 0.0;
    for (const DayTruth::Bout& b : r.truth.bouts)
      walking_s += std::max(0.0, std::min(b.end_s, (h + 1) * 3600.0) - std::max(b.start_s, h * 3600.0));
    (walking_s >= 300.0 ? hours_met : hours_missed) += 1;
  }
  CHECK(hours_met >= 3);
  CHECK(hours_missed >= 3);
  // Sitting is the longest activity of the waking day.
  double sitting_s = 0.0;
  for (const DayBlock& b : p.schedule)
    if (b.kind == DayActivity::Sit) sitting_s += b.duration_s;
  CHECK(sitting_s > 8 * 3600.0);
}

TEST_CASE("day: stairs climb two risers per stride and come down again") {
  DayParams p = noise_free_day({{DayActivity::Stand, 5}, {DayActivity::StairsUp, 15}, {DayActivity::Stand, 10},
                                {DayActivity::StairsDown, 15}, {DayActivity::Walk, 15}, {DayActivity::Sit, 10}});
  const DayResult r = day(p);
  REQUIRE(r.truth.bouts.size() == 3);
  CHECK(r.truth.bouts[0].kind == DayActivity::StairsUp);
  CHECK(r.truth.bouts[1].kind == DayActivity::StairsDown);
  CHECK(r.truth.bouts[2].kind == DayActivity::Walk);
  double climbed_m = 0.0;
  int up = 0, down = 0, level = 0;
  for (const DayTruth::Stride& s : r.truth.strides) {
    CHECK(s.end_s - s.start_s == Approx(120.0 / (s.kind == DayActivity::Walk ? p.walker.cadence_steps_per_min
                                                                             : p.stair_cadence_steps_per_min)));
    if (s.kind == DayActivity::Walk) {
      CHECK(s.rise_m == 0.0);
      ++level;
      continue;
    }
    // Steady strides: two risers over two treads; the closing stride one riser over one tread.
    const double sign = s.kind == DayActivity::StairsUp ? 1.0 : -1.0;
    CHECK((s.rise_m == Approx(sign * 2 * p.stair_riser_m) || s.rise_m == Approx(sign * p.stair_riser_m)));
    CHECK(s.rise_m / s.length_m == Approx(sign * p.stair_riser_m / p.stair_tread_m));
    (sign > 0 ? up : down) += 1;
    climbed_m += s.rise_m;
  }
  CHECK(up >= 8);
  CHECK(up == down);
  CHECK(level >= 8);
  // Each foot's strides plus its half first step (one riser) come back to the ground floor.
  CHECK(climbed_m == Approx(0.0).margin(1e-9));
  // The foot IMU's pitch from the gyro is back to 0 (flat on a stair) after the flight up.
  const ImuRecording& foot = *r.session.imu(Placement::Foot, Side::Left);
  const Index a = sample_at(r, r.truth.periods[0].start_s + 2), b = sample_at(r, r.truth.periods[2].start_s + 5);
  CHECK(gyro_pitch_change_deg(foot, a, b) == Approx(0.0).margin(0.5));
}
