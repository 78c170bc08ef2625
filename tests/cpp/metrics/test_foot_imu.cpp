// Foot-IMU stride metrics against the synthetic walker's ground truth (stride length, push-off
// rate, toe-off angle), the effect of a weak push-off, and a hand-made turning stride.
//
// Toe-off angle: the foot pitches down at 245–330 deg/s around the synthetic FC (2.5–3.3° per sample
// at 100 Hz), so the angle is read at the sub-sample FC and compared with the model's angle at the
// FC instant (the per-sample truth jitters by up to one sample of that rotation).
#include <catch2/catch.hpp>

#include <Eigen/Geometry>
#include <cmath>

#include "secondheart/events/foot_imu.hpp"
#include "secondheart/metrics/foot_imu.hpp"
#include "secondheart/orientation/alignment.hpp"
#include "secondheart/synth/walker.hpp"

using namespace secondheart;

namespace {

synth::WalkResult walk(double fs, double strength_left) {
  synth::WalkerParams p;
  p.sampling_rate_hz = fs;
  p.push_off_strength_left = strength_left;
  p.schedule = {{synth::ActivityKind::Stand, 3}, {synth::ActivityKind::Walk, 25}, {synth::ActivityKind::Stand, 3}};
  return synth::walk(p);
}

struct Measured {
  metrics::FootMetricsResult metrics;
  events::FootEventResult events;
};

Measured measure(const ImuRecording& foot, Side side) {
  auto ev = events::detect_foot_events(foot.acc_mps2, foot.gyr_dps, foot.sampling_rate_hz, side);
  auto m = metrics::foot_stride_metrics(foot.acc_mps2, foot.gyr_dps, foot.sampling_rate_hz, ev);
  return {std::move(m), std::move(ev)};
}

double median_of(const Eigen::VectorXd& v) {
  std::vector<double> x;
  for (Index i = 0; i < v.size(); ++i)
    if (std::isfinite(v[i])) x.push_back(v[i]);
  std::sort(x.begin(), x.end());
  return x.empty() ? NaN : x[x.size() / 2];
}

}  // namespace

TEST_CASE("foot metrics: stride length within 2 %, push-off rate within 2 %, toe-off angle, at 100 and 200 Hz") {
  for (double fs : {100.0, 200.0}) {
    const auto w = walk(fs, 1.0);
    for (Side side : {Side::Left, Side::Right}) {
      const auto& truth = w.truth(side);
      const auto m = measure(*w.session.imu(Placement::Foot, side), side);
      const CycleTable& t = m.metrics.table;
      CHECK(t.source == "foot_imu");
      CHECK(t.columns == metrics::foot_imu_columns());
      Index compared = 0;
      for (std::size_t k = 0; k < truth.stride_ic.size(); ++k) {
        if (!truth.stride_steady[k]) continue;
        // The detected stride that starts at this truth IC (IC is detected up to 70 ms early).
        Index row = -1;
        for (Index r = 0; r < t.rows(); ++r)
          if (std::abs(static_cast<double>(t.cycles[static_cast<std::size_t>(r)].ic - truth.stride_ic[k])) < 0.1 * fs) row = r;
        if (row < 0) continue;
        ++compared;
        INFO("fs " << fs << " side " << to_string(side) << " stride " << k);
        const double sl = t.values(row, t.column_index("stride_length_m"));
        if (std::isfinite(sl)) CHECK(sl == Approx(truth.stride_length_m[k]).epsilon(0.02));
        CHECK(t.values(row, t.column_index("peak_push_off_angular_velocity_dps")) ==
              Approx(truth.peak_push_off_angular_velocity_dps[k]).epsilon(0.02));
        // Against the model's angle at the FC instant (the pitch at the FC sample jitters by up to
        // one sample of a 300 deg/s rotation).
        CHECK(t.values(row, t.column_index("toe_off_angle_deg")) == Approx(truth.toe_off_angle_model_deg).margin(2.0));
        const double heading = t.values(row, t.column_index("heading_change_deg"));
        if (std::isfinite(heading)) CHECK(std::abs(heading) < 1.0);
        const double speed = t.values(row, t.column_index("gait_speed_mps"));
        if (std::isfinite(speed)) CHECK(speed == Approx(w.params.speed_mps).epsilon(0.03));
      }
      CHECK(compared >= static_cast<Index>(truth.stride_ic.size()) - 3);
      // Every steady stride in the middle of the walk has a trajectory.
      CHECK(m.metrics.trajectories.size() + 2 >= truth.stride_ic.size());
    }
  }
}

TEST_CASE("foot metrics: a weak push-off (strength 0.4) gives a smaller toe-off angle and push-off rate") {
  for (double fs : {100.0, 200.0}) {
    const auto w = walk(fs, 0.4);  // left weak, right normal
    const auto weak = measure(*w.session.imu(Placement::Foot, Side::Left), Side::Left);
    const auto normal = measure(*w.session.imu(Placement::Foot, Side::Right), Side::Right);
    const auto& tw = weak.metrics.table;
    const auto& tn = normal.metrics.table;
    const double to_weak = median_of(tw.column("toe_off_angle_deg"));
    const double to_normal = median_of(tn.column("toe_off_angle_deg"));
    const double po_weak = median_of(tw.column("peak_push_off_angular_velocity_dps"));
    const double po_normal = median_of(tn.column("peak_push_off_angular_velocity_dps"));
    INFO("fs " << fs << ": toe-off " << to_weak << " vs " << to_normal << ", push-off " << po_weak << " vs " << po_normal);
    // Model: toe-off −(35 + 25 s)°: −45° against −60°.
    CHECK(to_weak > to_normal + 10.0);
    CHECK(to_weak == Approx(w.left.toe_off_angle_model_deg).margin(2.0));
    CHECK(to_normal == Approx(w.right.toe_off_angle_model_deg).margin(2.0));
    CHECK(po_weak < 0.85 * po_normal);
    CHECK(median_of(tw.column("foot_pitch_rom_deg")) < median_of(tn.column("foot_pitch_rom_deg")));
  }
}

TEST_CASE("foot metrics: a stride whose foot turns carries the heading change") {
  // Turn the foot about the world vertical by 90° during one swing: the gyro gets the vertical
  // rate expressed in the foot frame, (sin θ, 0, cos θ) for foot pitch θ.
  const double fs = 100.0;
  const auto w = walk(fs, 1.0);
  ImuRecording foot = *w.session.imu(Placement::Foot, Side::Left);
  const auto& truth = w.left;
  const Index a = truth.fc[truth.fc.size() / 2];
  const Index b = *std::upper_bound(truth.ic.begin(), truth.ic.end(), a);  // the IC ending that swing
  const double rate = 90.0 / (static_cast<double>(b - a) / fs);
  for (Index i = a; i < b; ++i) {
    const double pitch = truth.foot_pitch_deg[i] / rad_to_deg;
    foot.gyr_dps(i, 0) += rate * std::sin(pitch);
    foot.gyr_dps(i, 2) += rate * std::cos(pitch);
  }
  const auto m = measure(foot, Side::Left);
  const CycleTable& t = m.metrics.table;
  const Index col = t.column_index("heading_change_deg");
  Index turning = 0;
  double turn = 0;
  for (Index r = 0; r < t.rows(); ++r)
    if (std::abs(t.values(r, col)) > 20) ++turning, turn = t.values(r, col);
  CHECK(turning == 1);
  CHECK(turn == Approx(90.0).margin(5.0));
}

TEST_CASE("foot metrics: mismatched inputs throw") {
  const auto w = walk(100.0, 1.0);
  const ImuRecording& foot = *w.session.imu(Placement::Foot, Side::Left);
  const auto ev = events::detect_foot_events(foot.acc_mps2, foot.gyr_dps, 100.0, Side::Left);
  CHECK_THROWS_AS(metrics::foot_stride_metrics(foot.acc_mps2.topRows(100), foot.gyr_dps.topRows(100), 100.0, ev),
                  InvalidArgument);
  CHECK_THROWS_AS(metrics::foot_stride_metrics(foot.acc_mps2, foot.gyr_dps, 0.0, ev), InvalidArgument);
}

TEST_CASE("minimum toe clearance: the dip between the two swing maxima, by hand") {
  using metrics::min_toe_clearance;
  // Rises to 1.0 after toe-off, dips to 0.3, rises again to 0.5 before heel strike.
  const std::vector<double> swing = {0.0, 0.5, 1.0, 0.6, 0.3, 0.5, 0.4};
  CHECK(min_toe_clearance(swing.data(), 7) == 0.3);
  // The second maximum the higher one: the dip is found on the other side of the top.
  const std::vector<double> late = {0.0, 0.4, 0.2, 0.6, 0.9, 0.1};
  CHECK(min_toe_clearance(late.data(), 6) == 0.2);
  // One hump, or a second "maximum" only a wiggle (0.005 above its dip, 5 % of the range is 0.05).
  const std::vector<double> hump = {0.0, 1.0, 0.5, 0.2};
  CHECK(std::isnan(min_toe_clearance(hump.data(), 4)));
  const std::vector<double> wiggle = {0.0, 1.0, 0.5, 0.49, 0.495, 0.2};
  CHECK(std::isnan(min_toe_clearance(wiggle.data(), 6)));
  CHECK(std::isnan(min_toe_clearance(swing.data(), 2)));
}
