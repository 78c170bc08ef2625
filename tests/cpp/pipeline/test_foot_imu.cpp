// Foot-IMU pipeline on the synthetic walker: merged table, validated cycles, and the data-quality
// paths (sensor upside down / reversed, gaps, a recording too short, no foot IMU).
#include <catch2/catch.hpp>

#include <Eigen/Geometry>
#include <cmath>
#include <random>

#include "secondheart/pipeline/foot_imu.hpp"
#include "secondheart/synth/walker.hpp"

using namespace secondheart;

namespace {

synth::WalkResult walk(double fs = 100.0) {
  synth::WalkerParams p;
  p.sampling_rate_hz = fs;
  p.schedule = {{synth::ActivityKind::Stand, 3}, {synth::ActivityKind::Walk, 25}, {synth::ActivityKind::Stand, 3}};
  return synth::walk(p);
}

bool has_flag(const QualityFlags& flags, const std::string& code, std::optional<Side> side = std::nullopt) {
  for (const auto& f : flags)
    if (f.code == code && (!side || f.side == side)) return true;
  return false;
}

Index valid_rows(const CycleTable& t, Side side) {
  Index n = 0;
  for (const auto& c : t.cycles) n += (c.side == side && c.valid()) ? 1 : 0;
  return n;
}

double median_valid(const CycleTable& t, const std::string& column, Side side) {
  std::vector<double> v;
  const Index col = t.column_index(column);
  for (Index r = 0; r < t.rows(); ++r)
    if (t.cycles[static_cast<std::size_t>(r)].side == side && t.cycles[static_cast<std::size_t>(r)].valid() &&
        std::isfinite(t.values(r, col)))
      v.push_back(t.values(r, col));
  std::sort(v.begin(), v.end());
  return v.empty() ? NaN : v[v.size() / 2];
}

Session only_feet(const Session& s) {
  Session out = s;
  out.imus.clear();
  for (const auto& imu : s.imus)
    if (imu.placement == Placement::Foot) out.imus.push_back(imu);
  return out;
}

}  // namespace

TEST_CASE("foot pipeline: both feet, validated strides, spatiotemporal and foot-IMU columns") {
  const auto w = walk();
  const PipelineResult r = pipeline::analyze_foot_imus(w.session);
  const CycleTable& t = r.cycles;
  CHECK(t.source == "foot_imu");
  CHECK(r.events.size() == 2);
  for (const char* col : {"stride_time_s", "stance_time_s", "swing_time_s", "cadence_spm", "stride_length_m",
                          "gait_speed_mps", "toe_off_angle_deg", "heel_strike_angle_deg", "peak_push_off_angular_velocity_dps",
                          "push_off_duration_s", "foot_pitch_rom_deg", "heading_change_deg"})
    CHECK(t.has_column(col));
  for (Side side : {Side::Left, Side::Right}) {
    INFO(to_string(side));
    CHECK(valid_rows(t, side) >= static_cast<Index>(w.truth(side).stride_ic.size()) - 4);
    CHECK(median_valid(t, "stride_length_m", side) == Approx(w.params.stride_length_m()).epsilon(0.02));
    CHECK(median_valid(t, "gait_speed_mps", side) == Approx(w.params.speed_mps).epsilon(0.03));
    CHECK(median_valid(t, "stride_time_s", side) == Approx(w.params.stride_time_s()).margin(0.011));
    CHECK(median_valid(t, "cadence_spm", side) == Approx(w.params.cadence_steps_per_min).epsilon(0.02));
    CHECK(median_valid(t, "toe_off_angle_deg", side) == Approx(w.truth(side).toe_off_angle_model_deg).margin(2.0));
  }
  CHECK_FALSE(has_flag(r.flags, "too_few_cycles"));
  CHECK_FALSE(has_flag(r.flags, "sensor_upside_down"));
}

TEST_CASE("foot pipeline: without the segment-frame copies the results are the same") {
  // A tilted, turned mounting: the events then rotate the pitch-rate column and the trajectory
  // integrates each stride in the sensor's axes. Events must be identical and metrics equal to rounding.
  const synth::WalkResult w = walk();
  const Eigen::Matrix3d mount =
      (Eigen::AngleAxisd(0.5, Eigen::Vector3d::UnitZ()) * Eigen::AngleAxisd(-0.4, Eigen::Vector3d::UnitY()))
          .toRotationMatrix();
  for (ImuRecording rec : only_feet(w.session).imus) {
    rec.acc_mps2 = rec.acc_mps2 * mount;
    rec.gyr_dps = rec.gyr_dps * mount;
    rec.frame = AxesFrame::Sensor;
    pipeline::FootImuPipelineParams lean;
    lean.keep_segment_signals = false;
    const auto kept = pipeline::analyze_foot_imu(rec);
    const auto light = pipeline::analyze_foot_imu(rec, lean);
    CHECK(kept.acc_mps2.rows() == rec.size());
    CHECK(light.acc_mps2.rows() == 0);
    CHECK(light.gyr_dps.rows() == 0);
    CHECK(light.events.events.ic == kept.events.events.ic);
    CHECK(light.events.events.fc == kept.events.events.fc);
    CHECK(light.events.events.ms == kept.events.events.ms);
    CHECK(light.events.events.ho == kept.events.events.ho);
    const Eigen::MatrixXd& a = kept.metrics.table.values;
    const Eigen::MatrixXd& b = light.metrics.table.values;
    REQUIRE(a.rows() == b.rows());
    REQUIRE(a.rows() >= 15);
    for (Index r = 0; r < a.rows(); ++r)
      for (Index c = 0; c < a.cols(); ++c) {
        CHECK(std::isnan(a(r, c)) == std::isnan(b(r, c)));
        if (std::isfinite(a(r, c))) CHECK(b(r, c) == Approx(a(r, c)).margin(1e-9));
      }
    const Series& pa = kept.metrics.pitch_deg;  // NaN outside the trajectories
    const Series& pb = light.metrics.pitch_deg;
    REQUIRE(pa.size() == pb.size());
    double worst = 0.0;
    Index nan_mismatch = 0;
    for (Index i = 0; i < pa.size(); ++i) {
      if (std::isnan(pa[i]) != std::isnan(pb[i])) ++nan_mismatch;
      else if (std::isfinite(pa[i])) worst = std::max(worst, std::abs(pa[i] - pb[i]));
    }
    CHECK(nan_mismatch == 0);
    // Between renormalisations the attitude is unit to ~1e-9 (rotation_step's series), and gravity
    // rotated in the tilted sensor frame then leans by ~1e-9 rad: 1e-7 deg, the method's precision.
    CHECK(worst <= 1e-7);
  }
}

TEST_CASE("foot pipeline: the table without the per-sample series is the same table") {
  // keep_trajectories = false integrates each stride for the table only (pitch sines and height, and
  // roll with a toe lever): the table must be the one computed with every series, bit for bit.
  const synth::WalkResult w = walk();
  for (const bool with_toe : {false, true}) {
    INFO("toe lever " << with_toe);
    pipeline::FootImuPipelineParams full, table_only;
    if (with_toe) full.metrics.sensor_to_toe_m = table_only.metrics.sensor_to_toe_m = Eigen::Vector3d(0.12, 0.0, -0.05);
    table_only.metrics.keep_trajectories = false;
    for (const ImuRecording& rec : only_feet(w.session).imus) {
      const auto a = pipeline::analyze_foot_imu(rec, full);
      const auto b = pipeline::analyze_foot_imu(rec, table_only);
      CHECK(a.metrics.trajectories.size() >= 15);
      CHECK(b.metrics.trajectories.empty());
      CHECK(a.metrics.pitch_deg.size() == rec.size());
      CHECK(b.metrics.pitch_deg.size() == 0);
      const Eigen::MatrixXd& x = a.metrics.table.values;
      const Eigen::MatrixXd& y = b.metrics.table.values;
      REQUIRE(x.rows() == y.rows());
      REQUIRE(x.rows() >= 15);
      Index compared = 0;
      for (Index r = 0; r < x.rows(); ++r)
        for (Index c = 0; c < x.cols(); ++c) {
          CHECK(std::isnan(x(r, c)) == std::isnan(y(r, c)));
          if (std::isfinite(x(r, c))) {
            CHECK(x(r, c) == y(r, c));
            ++compared;
          }
        }
      const Index mtc = a.metrics.table.column_index("min_toe_clearance_m");
      const Index clearances = a.metrics.table.values.col(mtc).array().isFinite().count();
      if (!with_toe) CHECK(clearances == 0);
      if (with_toe) {
        // Truth: the toe of the walker's sensor trajectory (sagittal: height z + sin(pitch)·lx +
        // cos(pitch)·lz above its height with the foot flat), lowest between its two swing maxima.
        CHECK(clearances > x.rows() / 2);
        const synth::SideTruth& truth = w.truth(rec.side);
        const Eigen::Vector3d lever = full.metrics.sensor_to_toe_m;
        auto toe_z = [&](Index i) {
          const double p = truth.foot_pitch_deg[i] / rad_to_deg;
          return truth.foot_sensor_position_m(i, 2) + std::sin(p) * lever.x() + std::cos(p) * lever.z();
        };
        std::vector<double> true_mtc;
        for (std::size_t k = 0; k < truth.stride_fc.size(); ++k) {
          const Index fc = truth.stride_fc[k], ic = truth.stride_next_ic[k], rest = truth.stride_ms[k];
          Index top = fc;
          for (Index i = fc; i <= ic; ++i)
            if (toe_z(i) > toe_z(top)) top = i;
          Index second = -1;  // highest interior peak after the top
          for (Index i = top + 1; i < ic; ++i)
            if (toe_z(i) > toe_z(i - 1) && toe_z(i) >= toe_z(i + 1) && (second < 0 || toe_z(i) > toe_z(second))) second = i;
          if (second < 0) continue;
          double low = INFINITY;
          for (Index i = top + 1; i < second; ++i) low = std::min(low, toe_z(i));
          true_mtc.push_back(low - (truth.foot_sensor_position_m(rest, 2) + lever.z()));
        }
        REQUIRE(true_mtc.size() > 10);
        std::sort(true_mtc.begin(), true_mtc.end());
        CHECK(median_valid(a.metrics.table, "min_toe_clearance_m", rec.side) ==
              Approx(true_mtc[true_mtc.size() / 2]).margin(0.01));
      }
      CHECK(compared > 8 * x.rows());
    }
  }
}

TEST_CASE("foot pipeline: a segment-frame sensor upside down or reversed is flagged and corrected") {
  const auto w = walk();
  const PipelineResult reference = pipeline::analyze_foot_imus(w.session);
  for (const auto& [code, rotation] :
       std::vector<std::pair<std::string, Eigen::Matrix3d>>{
           {"sensor_upside_down", Eigen::AngleAxisd(M_PI, Eigen::Vector3d::UnitX()).toRotationMatrix()},
           {"sensor_reversed", Eigen::AngleAxisd(M_PI, Eigen::Vector3d::UnitZ()).toRotationMatrix()}}) {
    Session s = only_feet(w.session);
    for (auto& imu : s.imus)
      if (imu.side == Side::Right) {
        imu.acc_mps2 = imu.acc_mps2 * rotation.transpose();
        imu.gyr_dps = imu.gyr_dps * rotation.transpose();
      }
    const PipelineResult r = pipeline::analyze_foot_imus(s);
    INFO(code);
    CHECK(has_flag(r.flags, code, Side::Right));
    CHECK_FALSE(has_flag(r.flags, code, Side::Left));
    CHECK(median_valid(r.cycles, "stride_length_m", Side::Right) ==
          Approx(median_valid(reference.cycles, "stride_length_m", Side::Right)).epsilon(0.005));
    CHECK(median_valid(r.cycles, "toe_off_angle_deg", Side::Right) ==
          Approx(median_valid(reference.cycles, "toe_off_angle_deg", Side::Right)).margin(0.5));
  }
}

TEST_CASE("foot pipeline: a gap is bridged or makes its strides bad_data, metrics there are NaN") {
  const auto w = walk();
  Session s = only_feet(w.session);
  ImuRecording& left = s.imus[0];
  REQUIRE(left.side == Side::Left);
  // One dropped sample (bridged) and a 0.5 s gap in the middle of the walk.
  left.acc_mps2.row(800).setConstant(NaN);
  left.gyr_dps.row(800).setConstant(NaN);
  left.acc_mps2.middleRows(1500, 50).setConstant(NaN);
  left.gyr_dps.middleRows(1500, 50).setConstant(NaN);
  const PipelineResult r = pipeline::analyze_foot_imus(s);
  CHECK(has_flag(r.flags, "gap", Side::Left));
  Index bad = 0;
  const Index col = r.cycles.column_index("stride_length_m");
  for (Index k = 0; k < r.cycles.rows(); ++k) {
    const Cycle& c = r.cycles.cycles[static_cast<std::size_t>(k)];
    if (c.side != Side::Left) continue;
    const bool overlaps = c.ic < 1550 && c.next_ic > 1500;
    if (overlaps) {
      CHECK(c.status == CycleStatus::BadData);
      CHECK(std::isnan(r.cycles.values(k, col)));
      ++bad;
    }
    if (c.ic < 800 && c.next_ic > 800) CHECK(c.valid());  // one sample is bridged
  }
  CHECK(bad >= 1);
}

TEST_CASE("foot pipeline: short recordings and sessions without foot IMUs are flagged, not thrown") {
  const auto w = walk();
  Session s = only_feet(w.session);
  s.imus[0].acc_mps2 = s.imus[0].acc_mps2.topRows(100).eval();
  s.imus[0].gyr_dps = s.imus[0].gyr_dps.topRows(100).eval();
  const PipelineResult r = pipeline::analyze_foot_imus(s);
  CHECK(has_flag(r.flags, "too_short", Side::Left));
  CHECK(valid_rows(r.cycles, Side::Right) > 10);

  Session none;
  const PipelineResult empty = pipeline::analyze_foot_imus(none);
  CHECK(has_flag(empty.flags, "no_foot_imu"));
  CHECK(empty.cycles.rows() == 0);

  Session twice = only_feet(w.session);
  twice.imus.push_back(twice.imus[0]);
  CHECK_THROWS_AS(pipeline::analyze_foot_imus(twice), InvalidArgument);
  ImuRecording shank = w.session.imus[2];
  CHECK_THROWS_AS(pipeline::analyze_foot_imu(shank), InvalidArgument);
}

TEST_CASE("foot pipeline: garbage signals give flags and no valid strides, nothing throws") {
  std::mt19937 rng(7);
  std::normal_distribution<double> normal(0.0, 1.0);
  auto recording = [](Index n, auto acc, auto gyr) {
    ImuRecording r;
    r.placement = Placement::Foot;
    r.side = Side::Left;
    r.sampling_rate_hz = 100.0;
    r.acc_mps2.resize(n, 3);
    r.gyr_dps.resize(n, 3);
    for (Index i = 0; i < n; ++i)
      for (int c = 0; c < 3; ++c) r.acc_mps2(i, c) = acc(i, c), r.gyr_dps(i, c) = gyr(i, c);
    return r;
  };
  auto zero = [](Index, int) { return 0.0; };
  auto gravity = [](Index, int c) { return c == 2 ? standard_gravity_mps2 : 0.0; };
  SECTION("a dead accelerometer is flagged no_gravity; one in g is a unit error") {
    const auto dead = pipeline::analyze_foot_imu(recording(3000, zero, zero));
    CHECK(has_flag(dead.flags, "no_gravity", Side::Left));
    CHECK(dead.metrics.table.rows() == 0);
    CHECK_THROWS_WITH(pipeline::analyze_foot_imu(recording(3000, [](Index, int c) { return c == 2 ? 1.0 : 0.0; }, zero)),
                      Catch::Matchers::Contains("looks like g"));
    CHECK_THROWS_WITH(pipeline::analyze_foot_imu(recording(3000, [](Index, int) { return 1e12; }, zero)),
                      Catch::Matchers::Contains("expected acceleration in m/s²"));
  }
  SECTION("a foot that never moves: no strides, too few cycles") {
    const auto a = pipeline::analyze_foot_imu(recording(3000, gravity, zero));
    CHECK(a.metrics.table.rows() == 0);
    CHECK(has_flag(a.flags, "too_few_cycles", Side::Left));
  }
  SECTION("white noise with gravity: flagged (no rest, no clear rotation axis); no stride length") {
    const auto a = pipeline::analyze_foot_imu(recording(
        3000, [&](Index, int c) { return (c == 2 ? standard_gravity_mps2 : 0.0) + 5.0 * normal(rng); },
        [&](Index, int) { return 200.0 * normal(rng); }));
    CHECK(has_flag(a.flags, "no_rest_periods", Side::Left));
    CHECK(has_flag(a.flags, "alignment_uncertain", Side::Left));
    // Without a foot rest there is no drift-free trajectory: the spatial columns stay NaN.
    const Index length = a.metrics.table.column_index("stride_length_m");
    for (Index r = 0; r < a.metrics.table.rows(); ++r) CHECK(std::isnan(a.metrics.table.values(r, length)));
  }
  SECTION("a rotation that never stops (20 min): no rest, no strides, a flag; every candidate swing merges") {
    // The pitch rate stays positive with a local maximum every few samples: each candidate merged
    // into the first (an earlier version searched back to it for every one: quadratic).
    const auto a = pipeline::analyze_foot_imu(recording(
        120000, [&](Index, int c) { return (c == 2 ? standard_gravity_mps2 : 0.0) + 0.5 * normal(rng); },
        [&](Index i, int c) {
          return c == 1 ? -(200.0 + 60.0 * std::sin(0.9 * static_cast<double>(i)) + 20.0 * normal(rng)) : 5.0 * normal(rng);
        }));
    CHECK(a.metrics.table.rows() == 0);
    CHECK(has_flag(a.flags, "no_rest_periods", Side::Left));
    CHECK(has_flag(a.flags, "too_few_cycles", Side::Left));
  }
  SECTION("every other sample missing in one signal or the other: no usable sample") {
    const auto a = pipeline::analyze_foot_imu(recording(
        3000, [](Index i, int c) { return i % 2 ? NaN : (c == 2 ? standard_gravity_mps2 : 0.0); },
        [](Index i, int) { return i % 2 ? 5.0 : NaN; }));
    CHECK(has_flag(a.flags, "no_data", Side::Left));
  }
}
