// Foot-IMU events on the synthetic walker (known IC/FC/MS/HO) at 100 and 200 Hz, with weak push-off,
// a pause, a turn, a pivot step, a hump after the heel strike, and argument checks.
//
// Tolerances (issue 5: events within 1 sample). The walker's foot is built like a measured one:
// at IC the pitch has just peaked and the heel impact starts the steepest fall of the pitch rate;
// at FC the push-off rotation has just passed its fastest point and stops ~50 ms later. The
// detector's definitions (checked on hand-labelled and motion-capture events in tests/validation)
// must then find both within one sample at 100 and 200 Hz. For IC this is true by construction: the
// walker's default (synth::IcModel::DetectorFeature) puts the detector's own IC feature at the true
// IC. The last test case uses IcModel::HeelHeight (smooth landing, IC placed only by the heel
// reaching the floor) and measures the detector's bias against it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>

#include "secondheart/events/foot_imu.hpp"
#include "secondheart/synth/walker.hpp"

using namespace secondheart;

namespace {

// Bias of the detector's IC against a heel-height IC (last test case), measured 2026-12-03.
constexpr double BIAS_MS = -140.0, BIAS_MIN_MS = -140.0, BIAS_MAX_MS = -130.0;

synth::WalkResult walk(double fs, double strength_left = 1.0,
                       std::vector<synth::Bout> schedule = {{synth::ActivityKind::Stand, 3},
                                                            {synth::ActivityKind::Walk, 20},
                                                            {synth::ActivityKind::Stand, 3}}) {
  synth::WalkerParams p;
  p.sampling_rate_hz = fs;
  p.push_off_strength_left = strength_left;
  p.schedule = std::move(schedule);
  return synth::walk(p);
}

/// Signed distance (samples) from each truth event to the nearest detection.
std::vector<Index> nearest(const std::vector<Index>& truth, const std::vector<Index>& found) {
  std::vector<Index> out;
  for (Index t : truth) {
    Index best = std::numeric_limits<Index>::max();
    for (Index f : found)
      if (std::abs(f - t) < std::abs(best)) best = f - t;
    out.push_back(best);
  }
  return out;
}

/// As many ICs and FCs as the truth, each within one sample of it.
template <typename Truth>
void check_events_within_one_sample(const events::FootEventResult& result, const Truth& truth) {
  CHECK(result.events.ic.size() == truth.ic.size());
  CHECK(result.events.fc.size() == truth.fc.size());
  for (Index d : nearest(truth.ic, result.events.ic)) CHECK(std::abs(d) <= 1);
  for (Index d : nearest(truth.fc, result.events.fc)) CHECK(std::abs(d) <= 1);
}

/// The left foot of the 20 s walk at `fs` with a toes-up lobe added after every heel strike:
/// `fraction` of the swing's peak pitch rate, centred `delay_s` after IC, `width_s` wide (Gaussian
/// sigma), and an impact of `impact_g` on the vertical acceleration at IC.
ImuRecording foot_with_lobe_after_ic(const synth::WalkResult& w, double fs, double fraction, double delay_s,
                                     double width_s, double impact_g = 0.0) {
  ImuRecording foot = *w.session.imu(Placement::Foot, Side::Left);
  const double peak = (-foot.gyr_dps.col(1)).maxCoeff();
  for (Index ic : w.truth(Side::Left).ic) {
    foot.acc_mps2(ic, 2) += impact_g * standard_gravity_mps2;
    for (Index i = 0; i < foot.size(); ++i) {
      const double t = static_cast<double>(i - ic) / fs - delay_s;
      foot.gyr_dps(i, 1) -= fraction * peak * std::exp(-0.5 * t * t / (width_s * width_s));
    }
  }
  return foot;
}

}  // namespace

TEST_CASE("foot events: every synthetic IC, FC, MS and HO is found, at 100 and 200 Hz") {
  for (double fs : {100.0, 200.0}) {
    for (double strength : {1.0, 0.4}) {
      const auto w = walk(fs, strength);
      for (Side side : {Side::Left, Side::Right}) {
        const ImuRecording& foot = *w.session.imu(Placement::Foot, side);
        const auto& truth = w.truth(side);
        const auto result = events::detect_foot_events(foot.acc_mps2, foot.gyr_dps, fs, side);
        INFO("fs " << fs << " strength " << strength << " side " << to_string(side));
        CHECK(result.events.side == side);
        CHECK(result.events.ic.size() == truth.ic.size());
        CHECK(result.events.fc.size() == truth.fc.size());
        for (Index d : nearest(truth.fc, result.events.fc)) CHECK(std::abs(d) <= 1);
        for (Index d : nearest(truth.ic, result.events.ic)) CHECK(std::abs(d) <= 1);
        // MS: inside the foot-flat phase (IC + 0.08 T .. HO), HO within 40 ms of the truth.
        const double stride = w.params.stride_time_s();
        for (std::size_t k = 0; k < truth.stride_ms.size(); ++k) {
          const Index ms = truth.stride_ms[k];
          for (Index d : nearest({ms}, result.events.ms)) CHECK(std::abs(static_cast<double>(d)) / fs < 0.1 * stride);
        }
        for (Index d : nearest(truth.stride_ho, result.events.ho)) CHECK(std::abs(static_cast<double>(d)) / fs <= 0.04);
      }
    }
  }
}

TEST_CASE("foot events: the same times in seconds at 100 and 200 Hz") {
  const auto slow = walk(100.0), fast = walk(200.0);
  const auto a = events::detect_foot_events(slow.session.imus[0].acc_mps2, slow.session.imus[0].gyr_dps, 100.0,
                                            Side::Left);
  const auto b = events::detect_foot_events(fast.session.imus[0].acc_mps2, fast.session.imus[0].gyr_dps, 200.0,
                                            Side::Left);
  REQUIRE(a.events.fc.size() == b.events.fc.size());
  REQUIRE(a.events.ic.size() == b.events.ic.size());
  for (std::size_t k = 0; k < a.events.fc.size(); ++k)
    CHECK(std::abs(a.events.fc[k] / 100.0 - b.events.fc[k] / 200.0) <= 0.015);
  for (std::size_t k = 0; k < a.events.ic.size(); ++k)
    CHECK(std::abs(a.events.ic[k] / 100.0 - b.events.ic[k] / 200.0) <= 0.015);
}

TEST_CASE("foot events: a standing pause between two walks splits them without phantom strides") {
  const auto w = walk(100.0, 1.0,
                      {{synth::ActivityKind::Stand, 2},
                       {synth::ActivityKind::Walk, 8},
                       {synth::ActivityKind::Stand, 6},
                       {synth::ActivityKind::Walk, 8},
                       {synth::ActivityKind::Stand, 2}});
  for (Side side : {Side::Left, Side::Right}) {
    const ImuRecording& foot = *w.session.imu(Placement::Foot, side);
    const auto result = events::detect_foot_events(foot.acc_mps2, foot.gyr_dps, 100.0, side);
    CHECK(result.events.ic.size() == w.truth(side).ic.size());
    for (Index d : nearest(w.truth(side).fc, result.events.fc)) CHECK(std::abs(d) <= 2);
    // No event inside the pause.
    const auto& pause = w.segments[2];
    for (Index ic : result.events.ic) CHECK_FALSE((ic > pause.begin + 100 && ic < pause.end - 100));
  }
}

TEST_CASE("foot events: turning swings keep their IC at the heel impact") {
  // A turn: the foot yaws at 150 deg/s whenever it moves (about 60 deg per swing, far above the
  // 20 deg that makes a swing a turning one). The synthetic heel impact is at the pitch-rate IC, so
  // the impact rule must confirm it, not move it.
  for (double fs : {100.0, 200.0}) {
    const auto w = walk(fs);
    for (Side side : {Side::Left, Side::Right}) {
      ImuRecording foot = *w.session.imu(Placement::Foot, side);
      for (Index i = 0; i < foot.size(); ++i)
        if (foot.gyr_dps.row(i).norm() > 30.0) foot.gyr_dps(i, 2) += 150.0;
      const auto result = events::detect_foot_events(foot.acc_mps2, foot.gyr_dps, fs, side);
      INFO("fs " << fs << " side " << to_string(side));
      check_events_within_one_sample(result, w.truth(side));
    }
  }
}

TEST_CASE("foot events: a toes-up hump right after the heel strike is not a step") {
  // A short toes-up rotation (40 % of the swing peak, 0.03 s wide) 0.15 s after every heel strike
  // (a shuffle's end, a bump in the stance) would make a "swing" of a few hundredths of a second.
  for (double fs : {100.0, 200.0}) {
    const auto w = walk(fs);
    const ImuRecording foot = foot_with_lobe_after_ic(w, fs, 0.4, 0.15, 0.03);
    const auto& truth = w.truth(Side::Left);
    const auto result = events::detect_foot_events(foot.acc_mps2, foot.gyr_dps, fs, Side::Left);
    INFO("fs " << fs);
    check_events_within_one_sample(result, truth);
  }
}

TEST_CASE("foot events: a toes-up lobe after a landing impact (stair descent) is not the mid-swing") {
  // Stair descent: the forefoot lands (an impact) and the heel lowers after it, a toes-up rotation
  // faster than the swing's. Here: a 6 g impact at every IC and a lobe of 2.5 times the swing peak
  // 0.07 s later (0.02 s wide: after the low-pass it still tops the swing), inside
  // min_swing_separation_s of the mid-swing, with the heel-strike dip of the pitch rate between
  // them. The walker's foot jerks about 700 m/s³ in mid-swing, so its one-sample impact is ~2.4
  // times that (real landings: 30-66 times, tests/validation): the ratio is set to 2 here.
  for (double fs : {100.0, 200.0}) {
    const auto w = walk(fs);
    const ImuRecording foot = foot_with_lobe_after_ic(w, fs, 2.5, 0.07, 0.02, 6.0);
    const auto& truth = w.truth(Side::Left);
    INFO("fs " << fs);
    events::FootEventParams params;
    params.landing_jerk_ratio = 2.0;
    const auto result = events::detect_foot_events(foot.acc_mps2, foot.gyr_dps, fs, Side::Left, params);
    check_events_within_one_sample(result, truth);
    // Without the landing check the lobe is taken for mid-swing and the ICs move off.
    params.landing_jerk_ratio = 0.0;
    const auto wrong = events::detect_foot_events(foot.acc_mps2, foot.gyr_dps, fs, Side::Left, params);
    Index off = 0;
    for (Index d : nearest(truth.ic, wrong.events.ic)) off += std::abs(d) > 1 ? 1 : 0;
    CHECK(off > static_cast<Index>(truth.ic.size()) / 2);
    // Without an impact (the acceleration unchanged) there is no landing, whatever the ratio.
    const ImuRecording no_impact = foot_with_lobe_after_ic(w, fs, 2.5, 0.07, 0.02, 0.0);
    Vec3Series still_acc = Vec3Series::Zero(foot.size(), 3);
    still_acc.col(2).setConstant(standard_gravity_mps2);
    params.landing_jerk_ratio = 2.0;
    const auto constant = events::detect_foot_events(still_acc, no_impact.gyr_dps, fs, Side::Left, params);
    Index constant_off = 0;
    for (Index d : nearest(truth.ic, constant.events.ic)) constant_off += std::abs(d) > 1 ? 1 : 0;
    CHECK(constant_off > static_cast<Index>(truth.ic.size()) / 2);
  }
}

TEST_CASE("foot events: a pivot step has FC at the gyro-norm onset and IC at the start of its impact") {
  // After a walk the foot turns on the spot: 0.5 s of rotation about the vertical (a sin² bump of
  // 500 deg/s, 125 deg), a little push-off (toes down 40 deg/s) and toes-up rotation (40 deg/s), both
  // far below the swing threshold, so the pitch rate makes no swing. The foot is set down 0.4 s into
  // the rotation: a damped 30 Hz impact of 3 g starting at a known sample. Truth: FC where the gyro
  // norm rises through half its peak, IC at the first sample of the impact. The averaged jerk's
  // centred 0.09 s window sees the impact coming, so its start comes a little early (measured
  // 2026-12-03: −10 ms at 100 Hz, −15 ms at 200 Hz); its peak comes 45-50 ms late.
  for (double fs : {100.0, 200.0}) {
    const auto w = walk(fs, 1.0, {{synth::ActivityKind::Stand, 3}, {synth::ActivityKind::Walk, 10},
                                  {synth::ActivityKind::Stand, 6}});
    ImuRecording foot = *w.session.imu(Placement::Foot, Side::Left);
    const Index begin = foot.size() - static_cast<Index>(3.0 * fs);  // 3 s into the final stand
    const Index length = static_cast<Index>(0.5 * fs), contact = begin + static_cast<Index>(0.4 * fs);
    const double pi = std::acos(-1.0);
    for (Index k = 0; k < length; ++k) {
      const double phase = static_cast<double>(k) / static_cast<double>(length);  // 0 -> 1
      foot.gyr_dps(begin + k, 2) += 500.0 * std::pow(std::sin(pi * phase), 2);
      foot.gyr_dps(begin + k, 1) += 40.0 * std::sin(2 * pi * phase);  // w = -gyr_y: toes down, then up
    }
    for (Index k = contact; k < foot.size(); ++k) {
      const double t = static_cast<double>(k - contact) / fs;
      foot.acc_mps2(k, 2) += 3.0 * standard_gravity_mps2 * std::exp(-t / 0.02) * std::sin(2 * pi * 30.0 * t);
    }
    Index fc_truth = begin;  // the yaw bump dominates the gyro norm: its half-rise
    while (foot.gyr_dps(fc_truth, 2) < 250.0) ++fc_truth;
    events::FootEventParams params;
    const auto result = events::detect_foot_events(foot.acc_mps2, foot.gyr_dps, fs, Side::Left, params);
    INFO("fs " << fs);
    REQUIRE(!result.swings.empty());
    const events::FootSwing& pivot = result.swings.back();
    REQUIRE(pivot.mid_swing > begin);
    CHECK(std::abs(pivot.fc - fc_truth) <= static_cast<Index>(std::lround(0.02 * fs)));
    INFO("pivot FC " << pivot.fc - fc_truth << " IC " << pivot.ic - contact << " samples from the truth");
    CHECK(std::abs(pivot.ic - contact) <= static_cast<Index>(0.015 * fs));
    // The peak of the averaged jerk lies a few samples into the impact (the old IC of pivots).
    params.impact_onset_fraction = 0.0;
    const auto at_peak = events::detect_foot_events(foot.acc_mps2, foot.gyr_dps, fs, Side::Left, params);
    std::cout << "pivot at " << fs << " Hz: FC " << pivot.fc - fc_truth << ", IC " << pivot.ic - contact
              << " samples from the truth; IC at the jerk peak " << at_peak.swings.back().ic - contact << "\n";
    CHECK(at_peak.swings.back().ic - contact >= static_cast<Index>(0.04 * fs));
  }
}

TEST_CASE("foot events: nothing to find in a still recording, bad arguments throw") {
  Vec3Series acc(500, 3), gyr = Vec3Series::Zero(500, 3);
  for (Index i = 0; i < 500; ++i) acc.row(i) << 0, 0, standard_gravity_mps2;
  const auto still = events::detect_foot_events(acc, gyr, 100.0, Side::Left);
  CHECK(still.events.ic.empty());
  CHECK(still.swings.empty());
  CHECK_THROWS_AS(events::detect_foot_events(acc, gyr, -1.0, Side::Left), InvalidArgument);
  CHECK_THROWS_AS(events::detect_foot_events(acc, Vec3Series::Zero(499, 3), 100.0, Side::Left), InvalidArgument);
  events::FootEventParams bad;
  bad.heel_off_fraction = 1.5;
  CHECK_THROWS_AS(events::detect_foot_events(acc, gyr, 100.0, Side::Left, bad), InvalidArgument);
  events::FootEventParams negative;
  negative.min_swing_duration_s = -0.1;
  CHECK_THROWS_AS(events::detect_foot_events(acc, gyr, 100.0, Side::Left, negative), InvalidArgument);
  events::FootEventParams onset;
  onset.impact_onset_fraction = 1.5;
  CHECK_THROWS_AS(events::detect_foot_events(acc, gyr, 100.0, Side::Left, onset), InvalidArgument);
}

TEST_CASE("foot events: against an IC placed by the heel reaching the floor, the detector's IC has a bias") {
  // IcModel::HeelHeight: no kink in the pitch at contact; the true IC is where the heel's swing
  // trajectory reaches the floor. The detector still finds every IC and FC (FC is unchanged), but its
  // IC, the steepest fall of the pitch rate, comes before the contact, where the smooth landing curve
  // turns the pitch down fastest. Measured 2026-12-03: signed median −140 ms at 100 Hz and −135 ms at
  // 200 Hz (every IC within −140 .. −130 ms), against 0 ± 1 sample with the default model. Real feet
  // do have an impact at contact (Voisard: median 0 ms against hand labels; gaitmap: +19.5 ms against
  // motion capture), so this is not the detector's error on people: it shows that "within one sample"
  // on the walker comes from the walker, and how far the definition moves when the impact is absent.
  for (double fs : {100.0, 200.0}) {
    synth::WalkerParams p;
    p.sampling_rate_hz = fs;
    p.ic_model = synth::IcModel::HeelHeight;
    p.schedule = {{synth::ActivityKind::Stand, 3}, {synth::ActivityKind::Walk, 20}, {synth::ActivityKind::Stand, 3}};
    const synth::WalkResult w = synth::walk(p);
    std::vector<double> ic_ms;
    for (Side side : {Side::Left, Side::Right}) {
      const ImuRecording& foot = *w.session.imu(Placement::Foot, side);
      const synth::SideTruth& truth = w.truth(side);
      // The truth is the physical rule: the heel is on the floor at IC and above it one sample before.
      for (Index ic : truth.ic) {
        CHECK(std::abs(truth.heel_position_m(ic, 2)) < 1e-9);
        CHECK(truth.heel_position_m(ic - 1, 2) > 0.0);
      }
      const auto result = events::detect_foot_events(foot.acc_mps2, foot.gyr_dps, fs, side);
      REQUIRE(result.events.ic.size() == truth.ic.size());
      REQUIRE(result.events.fc.size() == truth.fc.size());
      for (Index d : nearest(truth.fc, result.events.fc)) CHECK(std::abs(d) <= 1);
      for (Index d : nearest(truth.ic, result.events.ic)) ic_ms.push_back(1000.0 * static_cast<double>(d) / fs);
    }
    std::sort(ic_ms.begin(), ic_ms.end());
    const double median = ic_ms[ic_ms.size() / 2];
    std::cout << "heel-height IC model at " << fs << " Hz: detector IC - true IC, median " << median << " ms, range "
              << ic_ms.front() << " .. " << ic_ms.back() << " ms (" << ic_ms.size() << " ICs)\n";
    CHECK(median == Approx(BIAS_MS).margin(1000.0 / fs));
    CHECK(ic_ms.front() >= BIAS_MIN_MS - 1000.0 / fs);
    CHECK(ic_ms.back() <= BIAS_MAX_MS + 1000.0 / fs);
  }
}
