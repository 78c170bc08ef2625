// Foot orientation: zero-velocity detection, per-stride trajectory (hand-calculated cases) and the
// sensor-to-foot alignment recovering known mountings of the synthetic walker's foot IMUs.
#include <catch2/catch.hpp>

#include <Eigen/Geometry>
#include <cmath>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "secondheart/orientation/alignment.hpp"
#include "secondheart/orientation/trajectory.hpp"
#include "secondheart/orientation/zero_velocity.hpp"
#include "secondheart/synth/walker.hpp"

using namespace secondheart;
using namespace secondheart::orientation;

namespace {

synth::WalkResult walk(double fs) {
  synth::WalkerParams p;
  p.sampling_rate_hz = fs;
  p.schedule = {{synth::ActivityKind::Stand, 3}, {synth::ActivityKind::Walk, 20}, {synth::ActivityKind::Stand, 3}};
  return synth::walk(p);
}

Eigen::Matrix3d mounting(double roll_deg, double pitch_deg, double yaw_deg) {
  const double d = 1.0 / rad_to_deg;
  return (Eigen::AngleAxisd(yaw_deg * d, Eigen::Vector3d::UnitZ()) *
          Eigen::AngleAxisd(pitch_deg * d, Eigen::Vector3d::UnitY()) *
          Eigen::AngleAxisd(roll_deg * d, Eigen::Vector3d::UnitX()))
      .toRotationMatrix();
}

}  // namespace

TEST_CASE("zero-velocity: foot-flat samples of the synthetic walker are still, mid-swing samples are not") {
  for (double fs : {100.0, 200.0}) {
    const auto w = walk(fs);
    const ImuRecording& foot = *w.session.imu(Placement::Foot, Side::Left);
    const ZeroVelocityResult zv = detect_zero_velocity(foot.gyr_dps, fs);
    const auto& truth = w.truth(Side::Left);
    REQUIRE(truth.ms.size() > 10);
    for (Index ms : truth.ms) CHECK(zv.still[static_cast<std::size_t>(ms)] == 1);
    for (Index fc : truth.fc) {
      const auto next_ic = std::upper_bound(truth.ic.begin(), truth.ic.end(), fc);
      if (next_ic == truth.ic.end()) continue;
      const Index mid_swing = (fc + *next_ic) / 2;
      CHECK(zv.still[static_cast<std::size_t>(mid_swing)] == 0);
    }
    // One rest run per stance (plus the standing bouts): as many runs as mid-stances, within 2.
    CHECK(std::abs(static_cast<double>(zv.runs.size()) - static_cast<double>(truth.ms.size())) <= 2.0);
  }
}

TEST_CASE("zero-velocity helpers: running extremes and moving mean equal the brute-force windows") {
  // Random walk with plateaus (ties) and every window length up to longer than the signal.
  Series x(97);
  double v = 0;
  for (Index i = 0; i < x.size(); ++i) {
    v += (i % 7 == 0) ? 0.0 : std::sin(1.7 * static_cast<double>(i)) * 3.0;
    x[i] = v;
  }
  for (Index half : {0, 1, 2, 5, 13, 60, 200}) {
    const Series lo = foot_detail::running_extreme(x, half, false);
    const Series hi = foot_detail::running_extreme(x, half, true);
    const Series mean = foot_detail::moving_mean(x, half);
    for (Index i = 0; i < x.size(); ++i) {
      const Index a = std::max<Index>(0, i - half), b = std::min<Index>(x.size(), i + half + 1);
      CHECK(lo[i] == x.segment(a, b - a).minCoeff());
      CHECK(hi[i] == x.segment(a, b - a).maxCoeff());
      CHECK(mean[i] == Approx(x.segment(a, b - a).mean()).epsilon(1e-12).margin(1e-12));
    }
  }
  CHECK(foot_detail::running_extreme(Series(0), 3, true).size() == 0);

  // Block-wise: blocks of 2*half+1 samples in order, the skipped ones never visited.
  const Index half = 4, w = 2 * half + 1;
  std::vector<Index> visited;
  foot_detail::for_each_running_min_max_block(
      x, half,
      [&](Index begin, Index count, const double* lo, const double* hi) {
        visited.push_back(begin);
        CHECK(count == std::min<Index>(w, x.size() - begin));
        for (Index t = 0; t < count; ++t) {
          const Index i = begin + t, a = std::max<Index>(0, i - half), b = std::min<Index>(x.size(), i + half + 1);
          CHECK(lo[t] == x.segment(a, b - a).minCoeff());
          CHECK(hi[t] == x.segment(a, b - a).maxCoeff());
        }
      },
      [&](Index begin, Index) { return (begin / w) % 2 == 1; });
  const std::vector<Index> every_other = {0, 18, 36, 54, 72, 90};  // 97 samples: blocks at multiples of 9
  CHECK(visited == every_other);
}

TEST_CASE("zero-velocity: the rest mask equals a brute-force reading of its rules on random signals") {
  // The rules written out sample by sample, with the windows' extremes taken directly: motion m
  // (from the result: the moving mean is tested above) is still when m < global split, moving when
  // m >= ceiling, otherwise still when m < F^(1-a) L^a (F, L the window's min and max, each floored
  // at 1e-3); runs closer than merge_gap are merged and runs shorter than min_duration dropped.
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int trial = 0; trial < 60; ++trial) {
    const Index n = 1 + static_cast<Index>(unit(rng) * 900);
    Vec3Series gyr = Vec3Series::Zero(n, 3);
    double level = 50.0;
    for (Index i = 0; i < n; ++i) {  // random walk of the rotation rate with plateaus and rests
      if (unit(rng) < 0.1) level = unit(rng) < 0.3 ? 0.5 : 300.0 * unit(rng);
      gyr(i, trial % 3) = level * (0.8 + 0.4 * unit(rng));
    }
    ZeroVelocityParams params;
    params.floor_window_s = trial % 4 == 0 ? 0.8 : 1.2;  // unequal windows take the array branch
    params.local_exponent = trial % 5 == 0 ? 0.0 : 0.2;
    if (trial % 7 == 0) params.threshold_dps = trial % 2 == 0 ? 200.0 : 20.0;
    const double fs = 100.0;
    const ZeroVelocityResult zv = detect_zero_velocity(gyr, fs, params);
    const Series& m = zv.motion_dps;
    const auto floor_half = std::max<Index>(1, static_cast<Index>(std::lround(0.5 * params.floor_window_s * fs)));
    const auto level_half = std::max<Index>(1, static_cast<Index>(std::lround(0.5 * params.level_window_s * fs)));
    const double tiny = 1e-3, a = params.local_exponent;
    const double global = std::max(zv.threshold_dps, tiny), cap = std::max(params.max_threshold_dps, tiny);
    std::vector<int> raw(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i) {
      const double v = std::max(m[i], tiny);
      bool still = v < global;
      if (a > 0) {
        const Index f0 = std::max<Index>(0, i - floor_half), f1 = std::min(n, i + floor_half + 1);
        const Index l0 = std::max<Index>(0, i - level_half), l1 = std::min(n, i + level_half + 1);
        const double f = std::max(m.segment(f0, f1 - f0).minCoeff(), tiny);
        const double l = std::max(m.segment(l0, l1 - l0).maxCoeff(), tiny);
        still = v < cap && (v < global || v < std::exp((1 - a) * std::log(f) + a * std::log(l)));
      }
      raw[static_cast<std::size_t>(i)] = still ? 1 : 0;
    }
    std::vector<std::pair<Index, Index>> runs;  // merged [begin, end)
    for (Index i = 0; i < n; ++i) {
      if (!raw[static_cast<std::size_t>(i)]) continue;
      if (!runs.empty() && i - runs.back().second <= static_cast<Index>(std::lround(params.merge_gap_s * fs)))
        runs.back().second = i + 1;
      else
        runs.push_back({i, i + 1});
    }
    std::vector<std::uint8_t> expected(static_cast<std::size_t>(n), 0);
    std::size_t kept = 0;
    for (const auto& [b, e] : runs) {
      if (e - b < static_cast<Index>(std::ceil(params.min_duration_s * fs))) continue;
      std::fill(expected.begin() + b, expected.begin() + e, std::uint8_t{1});
      REQUIRE(kept < zv.runs.size());
      CHECK(zv.runs[kept].begin == b);
      CHECK(zv.runs[kept].end == e);
      ++kept;
    }
    INFO("trial " << trial << " n " << n);
    CHECK(kept == zv.runs.size());
    CHECK(zv.still == expected);
  }
}

TEST_CASE("zero-velocity: a fixed threshold above the ceiling still leaves the ceiling's samples moving") {
  // Motion of 10 deg/s at rest and 150 deg/s in between; threshold 200 > ceiling 100: the samples
  // above the ceiling move (the local split never marks them still), the rest is still.
  Vec3Series gyr = Vec3Series::Zero(400, 3);
  for (Index i = 0; i < 400; ++i) gyr(i, 1) = (i / 100) % 2 == 0 ? 10.0 : 150.0;
  ZeroVelocityParams params;
  params.threshold_dps = 200.0;
  const ZeroVelocityResult zv = detect_zero_velocity(gyr, 100.0, params);
  CHECK(zv.still[50] == 1);
  CHECK(zv.still[150] == 0);
  CHECK(zv.still[250] == 1);
  CHECK(zv.runs.size() == 2);
}

TEST_CASE("zero-velocity: bad arguments throw") {
  Vec3Series gyr = Vec3Series::Zero(10, 3);
  CHECK_THROWS_AS(detect_zero_velocity(gyr, 0.0), InvalidArgument);
  CHECK_THROWS_AS(detect_zero_velocity(Vec3Series(0, 3), 100.0), InvalidArgument);
  ZeroVelocityParams bad;
  bad.window_s = -1;
  CHECK_THROWS_AS(detect_zero_velocity(gyr, 100.0, bad), InvalidArgument);
}

TEST_CASE("trajectory: a pure translation with accelerometer bias integrates to the analytic distance") {
  // Rest 0.3 s, then a(t) = A sin(2π t / T) forward for T = 0.8 s, then rest 0.3 s.
  // v = A T/(2π) (1 − cos), displacement = A T² / (2π). A constant accelerometer bias adds a
  // velocity ramp that the zero-velocity fit on both rests removes exactly.
  const double fs = 200.0, A = 6.0, T = 0.8, rest = 0.3;
  const auto n_rest = static_cast<Index>(rest * fs), n_move = static_cast<Index>(T * fs);
  const Index n = 2 * n_rest + n_move + 1;
  Vec3Series acc(n, 3), gyr = Vec3Series::Zero(n, 3);
  const Eigen::RowVector3d bias(0.08, -0.05, 0.1);
  for (Index i = 0; i < n; ++i) {
    const double t = static_cast<double>(i - n_rest) / fs;
    const double a = (i >= n_rest && i <= n_rest + n_move) ? A * std::sin(2 * M_PI * t / T) : 0.0;
    acc.row(i) = Eigen::RowVector3d(a, 0.0, standard_gravity_mps2) + bias;
  }
  const ZeroVelocityRun first{0, n_rest, n_rest / 2};
  const ZeroVelocityRun second{n_rest + n_move + 1, n, n_rest + n_move + 1 + n_rest / 2};
  const StrideTrajectory t = integrate_stride(acc, gyr, fs, first, second, 0.2);
  const double expected = A * T * T / (2 * M_PI);
  CHECK(t.displacement_m.x() == Approx(expected).epsilon(0.01));
  CHECK(std::abs(t.displacement_m.y()) < 0.01 * expected);
  CHECK(std::abs(t.displacement_m.z()) < 0.01);
  CHECK(t.stride_length_m() == Approx(expected).epsilon(0.01));
  CHECK(t.heading_change_deg == Approx(0.0).margin(1e-9));
  // Peak velocity A T / π at mid-movement.
  CHECK(t.velocity_mps.col(0).maxCoeff() == Approx(A * T / M_PI).epsilon(0.02));
}

TEST_CASE("trajectory: a gyro bias is corrected by gravity at the second rest") {
  // The foot stays flat; the gyro reads a 2 deg/s bias about y: uncorrected the pitch would drift by
  // 2 deg/s × 1 s = 2°, the tilt correction brings it back to 0 at the second rest.
  const double fs = 100.0;
  const Index n = 121;
  Vec3Series acc(n, 3), gyr(n, 3);
  for (Index i = 0; i < n; ++i) acc.row(i) << 0, 0, standard_gravity_mps2, gyr.row(i) << 0, 2.0, 0;
  const StrideTrajectory t = integrate_stride(acc, gyr, fs, {0, 10, 5}, {110, 121, 115}, 0.05);
  CHECK(t.tilt_correction_deg == Approx(2.2).margin(0.15));
  CHECK(t.pitch_deg[t.pitch_deg.size() - 1] == Approx(0.0).margin(0.05));
  CHECK(t.stride_length_m() < 0.01);
  // The correction ramps over the output samples: an odd and an even count, each back to level at
  // the second rest sample (one ramp step is 2°/110 = 0.02°).
  for (const Index second_rest : {115, 116}) {
    INFO("second rest " << second_rest);
    const StrideTrajectory u = integrate_stride(acc, gyr, fs, {0, 10, 5}, {110, 121, second_rest}, 0.0);
    CHECK(u.pitch_deg.size() % 2 == (second_rest - 5 + 1) % 2);
    CHECK(u.pitch_deg[u.pitch_deg.size() - 1] == Approx(0.0).margin(0.002));
    CHECK(u.pitch_deg[0] == Approx(0.0).margin(1e-9));
  }
}

TEST_CASE("trajectory: a fast turn (exact rotation steps) in any mounting") {
  // Rest, then 1500 deg/s about the vertical for 0.1 s (15° per sample at 100 Hz: beyond the series,
  // rotation_step's exact branch), then rest: the heading changes by 150°, the foot stays level and
  // in place. Mounted sensors (sensor = mountᵀ · foot) integrated in their own axes give the same
  // trajectory as the signals turned into the foot frame first.
  const double fs = 100.0;
  const Index n = 51;
  Vec3Series acc(n, 3), gyr = Vec3Series::Zero(n, 3);
  for (Index i = 0; i < n; ++i) acc.row(i) << 0, 0, standard_gravity_mps2;
  for (Index i = 20; i <= 30; ++i) gyr(i, 2) = (i == 20 || i == 30) ? 750.0 : 1500.0;  // trapezoid: 0.1 s × 1500
  const ZeroVelocityRun first{0, 15, 8}, second{36, 51, 43};
  const StrideTrajectory level = integrate_stride(acc, gyr, fs, first, second, 0.05);
  CHECK(level.heading_change_deg == Approx(150.0).margin(1e-6));  // the series steps: 1e-10 rad each
  CHECK(level.pitch_deg.cwiseAbs().maxCoeff() < 1e-9);
  CHECK(level.roll_deg.cwiseAbs().maxCoeff() < 1e-9);
  CHECK(level.stride_length_m() < 1e-7);
  for (const Eigen::Matrix3d& mount : {mounting(30, -20, 75), mounting(180, 0, 10), mounting(-5, 80, -120)}) {
    const Vec3Series acc_sensor = acc * mount, gyr_sensor = gyr * mount;  // rows: mountᵀ · foot
    StrideScratch scratch;
    StrideTrajectory t = integrate_stride_into(acc_sensor, gyr_sensor, fs, first, second, 0.05, mount, scratch);
    copy_series(scratch, t);
    CHECK(t.heading_change_deg == Approx(150.0).margin(1e-6));
    // |q| = 1 ± 1e-9 between renormalisations: gravity in a tilted sensor frame leans by ~1e-9 rad.
    CHECK((t.pitch_deg - level.pitch_deg).cwiseAbs().maxCoeff() < 1e-6);
    CHECK((t.roll_deg - level.roll_deg).cwiseAbs().maxCoeff() < 1e-6);
    CHECK((t.position_m - level.position_m).cwiseAbs().maxCoeff() < 1e-7);  // |q| = 1 ± 1e-9 between renormalisations
    CHECK((t.velocity_mps - level.velocity_mps).cwiseAbs().maxCoeff() < 1e-7);
    // A table-only integration leaves the pitch but not the series copy_series needs.
    const StrideTrajectory lean =
        integrate_stride_into(acc_sensor, gyr_sensor, fs, first, second, 0.05, mount, scratch, StrideSeries::PitchAndHeight);
    CHECK(lean.displacement_m.isApprox(t.displacement_m, 1e-12));
    StrideTrajectory copy = lean;
    CHECK_THROWS_AS(copy_series(scratch, copy), InvalidArgument);
  }
  // A mirror is not a rotation.
  StrideScratch scratch;
  CHECK_THROWS_AS(integrate_stride_into(acc, gyr, fs, first, second, 0.05, Eigen::Vector3d(1, 1, -1).asDiagonal().toDenseMatrix(), scratch),
                  InvalidArgument);
}

TEST_CASE("trajectory: runs out of order throw") {
  Vec3Series acc = Vec3Series::Zero(50, 3), gyr = Vec3Series::Zero(50, 3);
  CHECK_THROWS_AS(integrate_stride(acc, gyr, 100.0, {20, 30, 25}, {0, 10, 5}), InvalidArgument);
  CHECK_THROWS_AS(integrate_stride(acc, gyr, 100.0, {0, 10, 5}, {20, 60, 25}), InvalidArgument);
  CHECK_THROWS_AS(integrate_stride(acc, Vec3Series::Zero(49, 3), 100.0, {0, 10, 5}, {20, 30, 25}), InvalidArgument);
}

TEST_CASE("alignment: recovers known mountings of both synthetic feet at 100 and 200 Hz") {
  const std::vector<Eigen::Matrix3d> mountings = {
      Eigen::Matrix3d::Identity(),
      mounting(0, 0, 180),     // sensor turned backwards
      mounting(180, 0, 0),     // upside down
      mounting(25, -30, 70),   // arbitrary
      mounting(-90, 10, -90),  // on the side of the shoe
  };
  for (double fs : {100.0, 200.0}) {
    const auto w = walk(fs);
    for (Side side : {Side::Left, Side::Right}) {
      const ImuRecording& foot = *w.session.imu(Placement::Foot, side);
      for (const auto& segment_from_sensor : mountings) {
        // The sensor reads v_sensor = Rᵀ v_segment.
        const Eigen::Matrix3d sensor_from_segment = segment_from_sensor.transpose();
        const Vec3Series acc = rotate_rows(foot.acc_mps2, sensor_from_segment);
        const Vec3Series gyr = rotate_rows(foot.gyr_dps, sensor_from_segment);
        const FootAlignmentResult al = align_foot(acc, gyr, fs, side);
        INFO("fs " << fs << " side " << to_string(side) << "\nexpected\n" << segment_from_sensor << "\ngot\n"
                   << al.segment_from_sensor);
        CHECK(al.sign_from_gait);
        CHECK(al.flags.empty());
        CHECK(rotation_angle_deg(al.segment_from_sensor, segment_from_sensor) < 2.0);
        CHECK(al.sagittal_share > 0.9);
        CHECK(al.forward_displacement_m == Approx(w.params.stride_length_m()).epsilon(0.03));
      }
    }
  }
}

TEST_CASE("alignment: too little walking is flagged, not guessed silently") {
  const double fs = 100.0;
  Vec3Series acc(300, 3), gyr = Vec3Series::Zero(300, 3);
  for (Index i = 0; i < 300; ++i) acc.row(i) << 0, 0, standard_gravity_mps2;
  const FootAlignmentResult al = align_foot(acc, gyr, fs, Side::Right);
  CHECK_FALSE(al.sign_from_gait);
  bool unresolved = false;
  for (const auto& f : al.flags) unresolved = unresolved || f.code == "alignment_sign_unresolved";
  CHECK(unresolved);
  CHECK(al.segment_from_sensor.row(2).transpose().isApprox(Eigen::Vector3d::UnitZ(), 1e-9));
  CHECK_THROWS_AS(align_foot(acc, Vec3Series::Zero(299, 3), fs, Side::Right), InvalidArgument);
}
