// The synthetic walker is the ground truth other stages test against, so its own consistency is
// checked here from first principles: integrate its sensors and compare with its truth.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "secondheart/synth.hpp"

using namespace secondheart;
using namespace secondheart::synth;
using Catch::Matchers::Contains;

namespace {

constexpr double g = standard_gravity_mps2;
constexpr double d2r = 3.14159265358979323846 / 180.0;

WalkerParams short_schedule(WalkerParams p) {
  p.schedule = {{ActivityKind::Stand, 3}, {ActivityKind::Walk, 15}, {ActivityKind::Sit, 4}, {ActivityKind::Stand, 3}};
  return p;
}

// Trapezoidal cumulative integral, starting at `start`.
std::vector<double> cumtrapz(const std::vector<double>& y, double dt, double start = 0.0) {
  std::vector<double> out(y.size(), start);
  for (std::size_t i = 1; i < y.size(); ++i) out[i] = out[i - 1] + 0.5 * (y[i] + y[i - 1]) * dt;
  return out;
}

// Forward distance from mid-stance ms0 to ms1 by double integration of the gravity-removed
// acceleration, rotated into the world with the true pitch; velocity zero at both ends with a
// linear drift removal (what a ZUPT pipeline does).
double integrated_stride_m(const ImuRecording& imu, const SideTruth& truth, Index ms0, Index ms1) {
  const double dt = 1.0 / imu.sampling_rate_hz;
  std::vector<double> ax;
  for (Index i = ms0; i <= ms1; ++i) {
    const double th = truth.foot_pitch_deg[i] * d2r;
    ax.push_back(std::cos(th) * imu.acc_mps2(i, 0) - std::sin(th) * imu.acc_mps2(i, 2));
  }
  std::vector<double> v = cumtrapz(ax, dt);
  const double drift = v.back();
  for (std::size_t i = 0; i < v.size(); ++i) v[i] -= drift * static_cast<double>(i) / static_cast<double>(v.size() - 1);
  return cumtrapz(v, dt).back();
}

// Local maxima of x on [b, e) (strict on the left, non-strict on the right).
std::vector<Index> local_maxima(const Series& x, Index b, Index e) {
  std::vector<Index> out;
  for (Index i = b + 1; i + 1 < e; ++i)
    if (x[i] > x[i - 1] && x[i] >= x[i + 1]) out.push_back(i);
  return out;
}

}  // namespace

TEST_CASE("quintic segment matches its end jets exactly") {
  const QuinticSegment q(1.0, 0.5, {2.0, -3.0, 4.0}, {-1.0, 0.5, -2.0});
  const Jet a = q(1.0), b = q(1.5);
  CHECK(a.value == Approx(2.0));
  CHECK(a.d1 == Approx(-3.0));
  CHECK(a.d2 == Approx(4.0));
  CHECK(b.value == Approx(-1.0));
  CHECK(b.d1 == Approx(0.5));
  CHECK(b.d2 == Approx(-2.0));
  // Derivatives are those of the value: central differences of the polynomial agree.
  const double t = 1.23, h = 1e-5;
  CHECK(q(t).d1 == Approx((q(t + h).value - q(t - h).value) / (2 * h)).epsilon(1e-6));
  CHECK(q(t).d2 == Approx((q(t + h).d1 - q(t - h).d1) / (2 * h)).epsilon(1e-6));
  REQUIRE_THROWS_AS(QuinticSegment(0.0, 0.0, {}, {}), InvalidArgument);
  REQUIRE_THROWS_AS(PiecewiseQuintic({{0.0, {}}, {0.0, {}}}), InvalidArgument);
}

TEST_CASE("session layout: two foot IMUs, two shank IMUs, two insoles, subject mass") {
  const WalkResult r = walk(short_schedule(WalkerParams{}));
  const double n = std::round(25.0 * 100.0);
  REQUIRE(r.session.imus.size() == 4);
  REQUIRE(r.session.insoles.size() == 2);
  for (Side side : {Side::Left, Side::Right}) {
    for (Placement pl : {Placement::Foot, Placement::Shank}) {
      const ImuRecording* imu = r.session.imu(pl, side);
      REQUIRE(imu != nullptr);
      CHECK(imu->frame == AxesFrame::Segment);
      CHECK(imu->size() == static_cast<Index>(n));
      CHECK(imu->sampling_rate_hz == 100.0);
    }
    const InsoleRecording* ins = r.session.insole(side);
    REQUIRE(ins != nullptr);
    CHECK(ins->cell_count() >= 8);
    CHECK(ins->size() == static_cast<Index>(n));
    CHECK(ins->cell_force_n.minCoeff() >= 0.0);
    CHECK(ins->cell_position_m.col(0).maxCoeff() < r.params.foot_length_m);
    CHECK(ins->cell_position_m.col(0).minCoeff() > 0.0);
  }
  REQUIRE(r.session.subject.body_mass_kg.has_value());
  CHECK(*r.session.subject.body_mass_kg == 70.0);
  REQUIRE(r.segments.size() == 4);
  CHECK(r.segments[0].begin == 0);
  CHECK(r.segments[1].begin == 300);
  CHECK(r.segments[1].end == 1800);
  CHECK(r.segments[3].end == 2500);
  CHECK(r.segments[2].kind == ActivityKind::Sit);
}

TEST_CASE("gyro integration reproduces the true foot pitch over every stride") {
  for (const bool noisy : {false, true}) {
    WalkerParams p = short_schedule(WalkerParams{});
    if (!noisy) p = p.noise_free();
    const WalkResult r = walk(p);
    for (Side side : {Side::Left, Side::Right}) {
      const SideTruth& tr = r.truth(side);
      const ImuRecording& imu = *r.session.imu(Placement::Foot, side);
      REQUIRE(tr.stride_ic.size() >= 5);
      double worst = 0.0;
      for (std::size_t k = 0; k < tr.stride_ic.size(); ++k) {
        const Index a = tr.stride_ms[k], b = tr.stride_next_ms[k];
        // The gyro bias is estimated where the foot is known to rest: the samples around mid-stance.
        const double bias = imu.gyr_dps.col(1).segment(a - 5, 11).mean();
        std::vector<double> w;
        for (Index i = a; i <= b; ++i) w.push_back(-(imu.gyr_dps(i, 1) - bias));
        const std::vector<double> pitch = cumtrapz(w, 0.01, tr.foot_pitch_deg[a]);
        for (Index i = a; i <= b; ++i)
          worst = std::max(worst, std::abs(pitch[static_cast<std::size_t>(i - a)] - tr.foot_pitch_deg[i]));
      }
      INFO((noisy ? "noisy" : "noise-free") << " side " << to_string(side) << ": max pitch error " << worst << " deg");
      // Noise-free, only the trapezoid rule's error is left: h²/12 · Δθ' summed over the sharp toe-off and
      // heel-impact turns (each ~10^4 deg/s² over ~50 ms at h = 10 ms) is about 0.2°.
      CHECK(worst < (noisy ? 0.5 : 0.25));
    }
  }
}

TEST_CASE("double integration of the foot acceleration gives the stride length within 1 %") {
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    WalkerParams p = short_schedule(WalkerParams{});
    p.seed = seed;
    p.push_off_strength_right = 0.4;
    const WalkResult r = walk(p);
    for (Side side : {Side::Left, Side::Right}) {
      const SideTruth& tr = r.truth(side);
      const ImuRecording& imu = *r.session.imu(Placement::Foot, side);
      double worst_pct = 0.0;
      for (std::size_t k = 0; k < tr.stride_ic.size(); ++k) {
        const double est = integrated_stride_m(imu, tr, tr.stride_ms[k], tr.stride_next_ms[k]);
        worst_pct = std::max(worst_pct, 100.0 * std::abs(est - tr.stride_length_m[k]) / tr.stride_length_m[k]);
        // The true sensor trajectory itself covers exactly the stated stride.
        CHECK(tr.foot_sensor_position_m(tr.stride_next_ms[k], 0) - tr.foot_sensor_position_m(tr.stride_ms[k], 0) ==
              Approx(tr.stride_length_m[k]).margin(1e-9));
      }
      INFO("seed " << seed << " side " << to_string(side) << ": max stride length error " << worst_pct << " %");
      CHECK(worst_pct < 1.0);
    }
  }
}

TEST_CASE("stride truth: lengths and times follow speed and cadence") {
  WalkerParams p = short_schedule(WalkerParams{}).noise_free();
  p.speed_mps = 1.1;
  p.cadence_steps_per_min = 104.0;
  const WalkResult r = walk(p);
  const double T = 120.0 / 104.0;
  for (Side side : {Side::Left, Side::Right}) {
    const SideTruth& tr = r.truth(side);
    REQUIRE(tr.stride_ic.size() >= 4);
    for (std::size_t k = 0; k < tr.stride_ic.size(); ++k) {
      CHECK(tr.stride_time_s[k] == Approx(T).epsilon(1e-12));
      CHECK(static_cast<double>(tr.stride_next_ic[k] - tr.stride_ic[k]) == Approx(T * 100).margin(1.0));
      CHECK(tr.stride_length_m[k] == Approx(tr.stride_steady[k] ? 1.1 * T : 0.55 * T).epsilon(1e-12));
      // Heel moves exactly the stride between the two contacts.
      CHECK(tr.heel_position_m(tr.stride_next_ic[k], 0) - tr.heel_position_m(tr.stride_ic[k], 0) ==
            Approx(tr.stride_length_m[k]).margin(1e-12));
    }
  }
  // One bout, so exactly one closing stride in total (on the leg that makes the last step).
  const auto closing = [](const SideTruth& tr) { return std::count(tr.stride_steady.begin(), tr.stride_steady.end(), false); };
  CHECK(closing(r.left) + closing(r.right) == 1);
}

TEST_CASE("contralateral IC falls at half the stride, double support about 11 %") {
  const WalkResult r = walk(short_schedule(WalkerParams{}).noise_free());
  const double T = 120.0 / 110.0 * 100.0;  // samples
  for (std::size_t k = 0; k + 1 < r.left.ic.size(); ++k) {
    const Index a = r.left.ic[k];
    const auto it = std::upper_bound(r.right.ic.begin(), r.right.ic.end(), a);
    if (it == r.right.ic.end() || r.left.ic[k + 1] - a > 2 * T) continue;
    CHECK(static_cast<double>(*it - a) == Approx(0.5 * T).margin(1.0));
  }
  // Stance = FC - IC = 0.61 stride; double support = stance - 0.5.
  for (std::size_t k = 0; k < r.left.stride_ic.size(); ++k)
    CHECK(static_cast<double>(r.left.stride_fc[k] - r.left.stride_ic[k]) == Approx(0.61 * T).margin(1.0));
}

TEST_CASE("insole: double hump with F1, valley, F2 as stated, cells sum to the total") {
  WalkerParams p = short_schedule(WalkerParams{}).noise_free();
  p.push_off_strength_right = 0.4;
  const WalkResult r = walk(p);
  const double bw = 70.0 * g;
  for (Side side : {Side::Left, Side::Right}) {
    const SideTruth& tr = r.truth(side);
    const InsoleRecording& ins = *r.session.insole(side);
    CHECK((ins.cell_force_n.rowwise().sum() - tr.insole_total_force_n).cwiseAbs().maxCoeff() < 1e-9);
    const double s = side == Side::Left ? 1.0 : 0.4;
    for (std::size_t k = 0; k < tr.stride_ic.size(); ++k) {
      const Index ic = tr.stride_ic[k], fc = tr.stride_fc[k];
      const std::vector<Index> peaks = local_maxima(tr.insole_total_force_n, ic, fc + 1);
      REQUIRE(peaks.size() == 2);
      const double f1 = tr.insole_total_force_n[peaks[0]], f2 = tr.insole_total_force_n[peaks[1]];
      const double valley = tr.insole_total_force_n.segment(peaks[0], peaks[1] - peaks[0] + 1).minCoeff();
      CHECK(f1 == Approx(tr.f1_n[k]).epsilon(0.01));
      CHECK(f2 == Approx(tr.f2_n[k]).epsilon(0.01));
      CHECK(valley == Approx(tr.valley_n[k]).epsilon(0.01));
      CHECK(tr.f1_n[k] == Approx(1.15 * bw));
      CHECK(tr.f2_n[k] == Approx((0.85 + 0.3 * s) * bw));
      CHECK(valley < 0.85 * std::min(f1, f2));
      // Loading peak in the first half of stance, push-off peak in the second.
      CHECK(peaks[0] < ic + (fc - ic) / 2);
      CHECK(peaks[1] > ic + (fc - ic) / 2);
    }
  }
  // Weak push-off: lower F2, smaller forefoot share, less forward CoP travel.
  CHECK(r.right.f2_n[0] < r.left.f2_n[0] - 0.1 * bw);
  CHECK(r.right.forefoot_impulse_share[1] < r.left.forefoot_impulse_share[1] - 0.05);
  // With noise, cells stay non-negative and sum to within noise of the truth.
  const WalkResult noisy = walk(short_schedule(WalkerParams{}));
  const InsoleRecording& ins = *noisy.session.insole(Side::Left);
  CHECK(ins.cell_force_n.minCoeff() >= 0.0);
  const Series diff = ins.cell_force_n.rowwise().sum() - noisy.left.insole_total_force_n;
  CHECK(std::abs(diff.mean()) < 4.0);             // clipping at 0 biases only unloaded cells
  CHECK(std::sqrt(diff.squaredNorm() / static_cast<double>(diff.size())) < 8.0);  // 8 cells × 2 N
}

TEST_CASE("insole: standing ~0.5 BW per foot, sitting ~0.12 BW, the feet sum to BW when standing") {
  const WalkResult r = walk(short_schedule(WalkerParams{}).noise_free());
  const double bw = 70.0 * g;
  // Stand bout 0 (0..3 s), sit bout 2 (18..22 s, posture change over its first 0.8 s).
  for (Index i = 50; i < 250; ++i) {
    CHECK(r.left.insole_total_force_n[i] + r.right.insole_total_force_n[i] == Approx(bw).epsilon(1e-9));
    CHECK(r.left.insole_total_force_n[i] == Approx(0.5 * bw).epsilon(0.15));
  }
  for (Index i = 1900; i < 2150; ++i) {
    CHECK(r.left.insole_total_force_n[i] == Approx(0.12 * bw).epsilon(0.25));
    CHECK(r.right.insole_total_force_n[i] == Approx(0.12 * bw).epsilon(0.25));
  }
  // Sway: the standing load is not constant.
  CHECK(r.left.insole_total_force_n.segment(50, 200).maxCoeff() - r.left.insole_total_force_n.segment(50, 200).minCoeff() >
        0.005 * bw);
}

TEST_CASE("events coincide with insole contact and with the pivot phases of the kinematics") {
  const WalkResult r = walk(short_schedule(WalkerParams{}));
  const double bw = 70.0 * g;
  for (Side side : {Side::Left, Side::Right}) {
    const SideTruth& tr = r.truth(side);
    const Series total = r.session.insole(side)->total();  // noisy cells
    const double threshold = 0.05 * bw;
    REQUIRE(tr.ic.size() == tr.fc.size());
    REQUIRE(tr.ic.size() == tr.ho.size());
    for (std::size_t k = 0; k < tr.ic.size(); ++k) {
      // IC: first sample above threshold after the swing.
      Index on = tr.fc[k];
      while (on < total.size() && total[on] <= threshold) ++on;
      CHECK(std::abs(on - tr.ic[k]) <= 1);
      // FC: last sample above threshold before the swing, + 1.
      Index off = tr.fc[k] - 20;
      while (off < tr.fc[k] + 5 && total[off] > threshold) ++off;
      CHECK(std::abs(off - tr.fc[k]) <= 1);
      // Pivots: heel pinned from IC over the heel rocker and foot flat; MTP pinned from HO to FC;
      // the heel moves during the toe rocker and the MTP moves right after FC.
      for (Index i = tr.ic[k]; i <= tr.ms[k]; ++i) CHECK(tr.heel_position_m(i, 2) == Approx(0.0).margin(1e-12));
      for (Index i = tr.ho[k]; i < tr.fc[k]; ++i) CHECK(tr.mtp_position_m(i, 2) == Approx(0.0).margin(1e-12));
      CHECK(tr.heel_position_m(tr.fc[k] - 1, 2) > 0.05);
      CHECK(tr.mtp_position_m(tr.fc[k] + 1, 2) > 0.0);
      CHECK(tr.mtp_position_m(tr.fc[k] + 3, 2) > tr.mtp_position_m(tr.fc[k] + 1, 2));
      CHECK(tr.heel_position_m(tr.ic[k] - 1, 2) > 0.0);
      // Zero velocity at mid-stance.
      CHECK(tr.foot_sensor_velocity_mps.row(tr.ms[k]).norm() == Approx(0.0).margin(1e-12));
      // Foot pitch at the events: toes up at IC, flat at MS, toes down at FC.
      CHECK(tr.foot_pitch_deg[tr.ic[k]] > 10.0);
      CHECK(tr.foot_pitch_deg[tr.ms[k]] == Approx(0.0).margin(1e-12));
      CHECK(tr.foot_pitch_deg[tr.fc[k]] < -30.0);
    }
    // The foot never goes below the ground.
    CHECK(tr.heel_position_m.col(2).minCoeff() > -1e-12);
    CHECK(tr.mtp_position_m.col(2).minCoeff() > -1e-12);
  }
}

TEST_CASE("weak push-off: smaller toe-off angle, slower push-off rotation, less plantarflexion") {
  WalkerParams p = short_schedule(WalkerParams{}).noise_free();
  p.push_off_strength_right = 0.4;
  const WalkResult r = walk(p);
  const auto median = [](std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  // Model values: toe-off −(35 + 25 s), plantarflexion −(5 + 15 s).
  CHECK(r.left.toe_off_angle_model_deg == Approx(-60.0));
  CHECK(r.right.toe_off_angle_model_deg == Approx(-45.0));
  CHECK(r.right.peak_plantarflexion_model_deg == Approx(-11.0));
  // Sampled truth (the FC sample is up to 1/fs after the FC instant: a few degrees past).
  CHECK(median(r.left.toe_off_angle_deg) == Approx(-60.0).margin(3.5));
  CHECK(median(r.right.toe_off_angle_deg) == Approx(-45.0).margin(3.0));
  CHECK(median(r.right.toe_off_angle_deg) > median(r.left.toe_off_angle_deg) + 10.0);
  CHECK(median(r.right.peak_push_off_angular_velocity_dps) < 0.85 * median(r.left.peak_push_off_angular_velocity_dps));
  // The ankle also takes up the foot's toe-off deceleration at FC: its minimum is within 0.5° of the knot.
  CHECK(median(r.right.peak_plantarflexion_deg) == Approx(-11.0).margin(0.5));
  CHECK(median(r.left.peak_plantarflexion_deg) == Approx(-20.0).margin(0.5));
  CHECK(median(r.right.ankle_rom_deg) < median(r.left.ankle_rom_deg) - 5.0);
  // Peak push-off rate equals the noise-free gyro.
  const ImuRecording& foot = *r.session.imu(Placement::Foot, Side::Left);
  const Index ho = r.left.stride_ho[0], fc = r.left.stride_fc[0];
  CHECK(r.left.peak_push_off_angular_velocity_dps[0] ==
        Approx(foot.gyr_dps.col(1).segment(ho, fc - ho + 1).maxCoeff()).epsilon(1e-12));
}

TEST_CASE("ankle = foot − shank pitch, shank gyro is its derivative, quiet standing gives 0") {
  const WalkResult r = walk(short_schedule(WalkerParams{}).noise_free());
  for (Side side : {Side::Left, Side::Right}) {
    const SideTruth& tr = r.truth(side);
    CHECK((tr.foot_pitch_deg - tr.shank_pitch_deg - tr.ankle_angle_deg).cwiseAbs().maxCoeff() < 1e-9);
    // Quiet standing and sitting: everything at 0, gravity only on z.
    for (Index i : {Index{10}, Index{200}, Index{2000}, Index{2450}}) {
      CHECK(tr.ankle_angle_deg[i] == Approx(0.0).margin(1e-12));
      CHECK(tr.shank_pitch_deg[i] == Approx(0.0).margin(1e-12));
      for (Placement pl : {Placement::Foot, Placement::Shank}) {
        const ImuRecording& imu = *r.session.imu(pl, side);
        CHECK(imu.acc_mps2(i, 2) == Approx(g).epsilon(1e-12));
        CHECK(imu.acc_mps2(i, 0) == Approx(0.0).margin(1e-12));
        CHECK(imu.gyr_dps.row(i).norm() == Approx(0.0).margin(1e-12));
      }
    }
    // Shank pitch by integrating the shank gyro over a walking stretch. At 1 kHz: the trapezoid's own
    // error at 100 Hz is 0.24-0.29° over three strides (the ankle's sharp IC jet, which keeps the shank
    // smooth while the foot takes the heel impact, has a large third derivative) and falls with dt² to
    // under 0.002° at 1 kHz, which shows it is the integration's, not the walker's. (This case never ran
    // under ctest while its name held a ";", and failed at 100 Hz with the old 0.2° bound.)
    WalkerParams fine_params = short_schedule(WalkerParams{}).noise_free();
    fine_params.sampling_rate_hz = 1000.0;
    const WalkResult fine = walk(fine_params);
    const SideTruth& ft = fine.truth(side);
    const ImuRecording& shank = *fine.session.imu(Placement::Shank, side);
    const Index a = ft.stride_ms[1], b = ft.stride_next_ms[3];
    std::vector<double> w;
    for (Index i = a; i <= b; ++i) w.push_back(-shank.gyr_dps(i, 1));
    const std::vector<double> psi = cumtrapz(w, 0.001, ft.shank_pitch_deg[a]);
    double worst = 0;
    for (Index i = a; i <= b; ++i) worst = std::max(worst, std::abs(psi[static_cast<std::size_t>(i - a)] - ft.shank_pitch_deg[i]));
    CHECK(worst < 0.01);
    // Plausible ranges: shank ≈ +20° at IC, clearly backwards near FC.
    CHECK(tr.shank_pitch_deg[tr.stride_ic[1]] == Approx(20.0).margin(3.0));
    CHECK(tr.shank_pitch_deg[tr.stride_fc[1]] < -30.0);
    CHECK(tr.shank_pitch_deg[tr.stride_fc[1]] > -60.0);
  }
}

TEST_CASE("shank accelerometer is consistent with the shank motion") {
  // Gravity-removed shank acceleration, rotated with the true shank pitch and double integrated
  // rest -> rest, returns the shank sensor to the stride displacement (the sensor sits on the leg).
  // 400 Hz: the check is on the physics, so keep the trapezoid's own error (∝ dt²) well below it.
  WalkerParams params = short_schedule(WalkerParams{}).noise_free();
  params.sampling_rate_hz = 400.0;
  const WalkResult r = walk(params);
  const SideTruth& tr = r.left;
  const ImuRecording& shank = *r.session.imu(Placement::Shank, Side::Left);
  for (std::size_t k = 1; k + 1 < tr.stride_ic.size(); ++k) {
    const Index a = tr.stride_ms[k], b = tr.stride_next_ms[k];
    std::vector<double> ax, az;
    for (Index i = a; i <= b; ++i) {
      const double th = tr.shank_pitch_deg[i] * d2r;
      ax.push_back(std::cos(th) * shank.acc_mps2(i, 0) - std::sin(th) * shank.acc_mps2(i, 2));
      az.push_back(std::sin(th) * shank.acc_mps2(i, 0) + std::cos(th) * shank.acc_mps2(i, 2) - g);
    }
    // The shank is not at rest at mid-stance (it rotates over the flat foot): use the exact velocity
    // at both ends from the ankle kinematics instead of ZUPT, i.e. compare velocity changes.
    const std::vector<double> vx = cumtrapz(ax, 1.0 / 400.0), vz = cumtrapz(az, 1.0 / 400.0);
    // Over one full stride the shank returns to the same pose, so its velocity change is zero.
    CHECK(vx.back() == Approx(0.0).margin(0.02));
    CHECK(vz.back() == Approx(0.0).margin(0.02));
  }
}

TEST_CASE("deterministic for a seed, a different seed changes only the noise") {
  const WalkerParams p = short_schedule(WalkerParams{});
  const WalkResult a = walk(p), b = walk(p);
  WalkerParams q = p;
  q.seed = 2;
  const WalkResult c = walk(q);
  for (std::size_t k = 0; k < 4; ++k) {
    CHECK(a.session.imus[k].acc_mps2 == b.session.imus[k].acc_mps2);
    CHECK(a.session.imus[k].gyr_dps == b.session.imus[k].gyr_dps);
    CHECK((a.session.imus[k].acc_mps2 - c.session.imus[k].acc_mps2).cwiseAbs().maxCoeff() > 1e-3);
  }
  CHECK(a.session.insoles[0].cell_force_n == b.session.insoles[0].cell_force_n);
  CHECK(a.left.foot_acc_bias_mps2 != c.left.foot_acc_bias_mps2);
  // Events and kinematic truth do not depend on the seed.
  CHECK(a.left.ic == c.left.ic);
  CHECK(a.left.foot_pitch_deg == c.left.foot_pitch_deg);
  // Biases stay within their stated bound.
  CHECK(a.left.foot_acc_bias_mps2.cwiseAbs().maxCoeff() <= 0.05);
  CHECK(a.left.foot_gyro_bias_dps.cwiseAbs().maxCoeff() <= 0.5);
}

TEST_CASE("sampling rate changes the samples, not the truth") {
  WalkerParams p = short_schedule(WalkerParams{}).noise_free();
  p.sampling_rate_hz = 200.0;
  const WalkResult r = walk(p);
  CHECK(r.session.imus[0].size() == 5000);
  const SideTruth& tr = r.left;
  for (std::size_t k = 0; k < tr.stride_ic.size(); ++k) {
    CHECK(static_cast<double>(tr.stride_next_ic[k] - tr.stride_ic[k]) == Approx(120.0 / 110.0 * 200.0).margin(1.0));
    const double est = integrated_stride_m(*r.session.imu(Placement::Foot, Side::Left), tr, tr.stride_ms[k],
                                           tr.stride_next_ms[k]);
    CHECK(est == Approx(tr.stride_length_m[k]).epsilon(0.002));
  }
}

TEST_CASE("bad parameters throw InvalidArgument saying what was expected and got") {
  const auto throws_with = [](WalkerParams p, const std::string& text) {
    REQUIRE_THROWS_AS(walk(p), InvalidArgument);
    REQUIRE_THROWS_WITH(walk(p), Contains(text));
  };
  WalkerParams p;
  p.sampling_rate_hz = 0.0;
  throws_with(p, "sampling_rate_hz > 0, got 0");
  p = WalkerParams{};
  p.push_off_strength_left = 0.01;
  throws_with(p, "push_off_strength_left in [0.05, 1.5], got 0.01");
  p = WalkerParams{};
  p.push_off_strength_right = 2.0;
  throws_with(p, "push_off_strength_right");
  p = WalkerParams{};
  p.speed_mps = 5.0;
  throws_with(p, "speed_mps");
  p = WalkerParams{};
  p.cadence_steps_per_min = 300.0;
  throws_with(p, "cadence_steps_per_min");
  p = WalkerParams{};
  p.speed_mps = 2.5;
  p.cadence_steps_per_min = 60.0;  // 5 m strides
  throws_with(p, "implausible stride length");
  p = WalkerParams{};
  p.schedule.clear();
  throws_with(p, "non-empty schedule");
  p = WalkerParams{};
  p.schedule = {{ActivityKind::Walk, 1.0}};
  throws_with(p, "walking bout 0 expected duration_s >=");
  p = WalkerParams{};
  p.schedule = {{ActivityKind::Stand, -1.0}};
  throws_with(p, "bout 0 expected duration_s > 0, got -1");
  p = WalkerParams{};
  p.acc_noise_mps2 = std::nan("");
  throws_with(p, "acc_noise_mps2");
}

TEST_CASE("stairs: every landing is one riser per step higher and the foot IMU climbs with it") {
  WalkerParams p = WalkerParams().noise_free();
  p.speed_mps = 0.56 / p.stride_time_s();  // a stride of two 28 cm treads
  p.schedule = {{ActivityKind::Stand, 2}, {ActivityKind::Walk, 12}, {ActivityKind::Stand, 2}, {ActivityKind::Walk, 12},
                {ActivityKind::Stand, 2}};
  p.bout_rise_per_step_m = {0.0, 0.17, 0.0, -0.17, 0.0};
  const WalkResult w = walk(p);
  for (const SideTruth* tr : {&w.left, &w.right}) {
    const ImuRecording& imu = *w.session.imu(Placement::Foot, tr->side);
    const double dt = 1.0 / imu.sampling_rate_hz;
    int up = 0, down = 0;
    for (std::size_t k = 0; k < tr->stride_ic.size(); ++k) {
      const double rise = tr->stride_rise_m[k];
      if (tr->stride_steady[k]) {
        CHECK(std::abs(rise) == Approx(0.34));
        (rise > 0 ? up : down) += 1;
      }
      const Index ms0 = tr->stride_ms[k], ms1 = tr->stride_next_ms[k];
      CHECK(tr->foot_sensor_position_m(ms1, 2) - tr->foot_sensor_position_m(ms0, 2) == Approx(rise).margin(1e-9));
      // Vertical displacement from the IMU alone (true pitch for the rotation), rest to rest.
      std::vector<double> az;
      for (Index i = ms0; i <= ms1; ++i) {
        const double th = tr->foot_pitch_deg[i] * d2r;
        az.push_back(std::sin(th) * imu.acc_mps2(i, 0) + std::cos(th) * imu.acc_mps2(i, 2) - g);
      }
      std::vector<double> v = cumtrapz(az, dt);  // zero velocity at both ends: linear drift removal
      const double drift = v.back();
      for (std::size_t i = 0; i < v.size(); ++i) v[i] -= drift * static_cast<double>(i) / static_cast<double>(v.size() - 1);
      CHECK(cumtrapz(v, dt).back() == Approx(rise).margin(0.01));
      CHECK(tr->foot_sensor_velocity_mps.row(ms1).norm() < 1e-9);  // at rest on its stair
    }
    CHECK(up >= 3);
    CHECK(down >= 3);
    // Up as many stairs as down again (two bouts of one length): the day ends on the ground floor.
    CHECK(tr->heel_position_m(tr->heel_position_m.rows() - 1, 2) == Approx(0.0).margin(1e-9));
    CHECK(tr->heel_position_m.col(2).maxCoeff() > 2.0);
  }
  p.bout_rise_per_step_m = {0.0, 0.3, 0.0, 0.0, 0.0};
  CHECK_THROWS_WITH(walk(p), Contains("rise_per_step_m in [-0.25, 0.25] m, got 0.3"));
  p.bout_rise_per_step_m = {0.17};
  CHECK_THROWS_WITH(walk(p), Contains("one entry per bout (5), got 1"));
}
