// Shank alignment and pitch against a simulated shank whose pitch, mounting and gyro bias are known.
#include <catch2/catch.hpp>

#include <Eigen/Geometry>
#include <cmath>

#include "secondheart/orientation/shank.hpp"

using namespace secondheart;
using Catch::Matchers::WithinAbs;

namespace {

constexpr double kPi = 3.14159265358979323846;

/// Shank pitch (deg) of a walker with a 1.1 s stride after `standing_s` of quiet standing: +25° at
/// IC, a slow forward rotation over the foot through stance (60 %) to −45° at toe-off, then a fast
/// forward swing (40 %) back to +25°, each a smooth (cosine) step, like healthy gait. Walking fades in
/// over the first second.
double true_pitch_deg(double t, double standing_s) {
  if (t < standing_s) return 0.0;
  const auto step = [](double x) { return 0.5 * (1.0 - std::cos(kPi * x)); };
  const double ramp = step(std::min(1.0, (t - standing_s) / 1.0));
  const double phase = std::fmod((t - standing_s) / 1.1, 1.0);
  const double pitch = phase < 0.6 ? 25.0 - 70.0 * step(phase / 0.6) : -45.0 + 70.0 * step((phase - 0.6) / 0.4);
  return ramp * pitch;
}

struct Simulated {
  ImuRecording imu;     // in the sensor frame
  Series pitch_deg;     // truth
  Eigen::Matrix3d sensor_to_segment;
};

/// Segment-frame signals from the pitch: gyr_y = −dθ/dt; specific force = gravity in the segment
/// frame plus the tangential and centripetal acceleration of a sensor 0.3 m below the knee (the knee
/// itself moving 1 m/s² forward and back), then rotated into an arbitrary sensor frame.
Simulated simulate(double fs, double duration_s, double standing_s, const Eigen::Matrix3d& sensor_to_segment,
                   double gyro_bias_dps) {
  const auto n = static_cast<Index>(duration_s * fs);
  Simulated s;
  s.sensor_to_segment = sensor_to_segment;
  s.pitch_deg.resize(n);
  Vec3Series acc(n, 3), gyr(n, 3);
  const double h = 1e-4;
  for (Index i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / fs;
    const double th = true_pitch_deg(t, standing_s) / rad_to_deg;
    const double dth = (true_pitch_deg(t + h, standing_s) - true_pitch_deg(t - h, standing_s)) / (2 * h) / rad_to_deg;
    const double ddth = (true_pitch_deg(t + h, standing_s) - 2 * true_pitch_deg(t, standing_s) +
                         true_pitch_deg(t - h, standing_s)) / (h * h) / rad_to_deg;
    s.pitch_deg[i] = th * rad_to_deg;
    const double r = 0.3;
    const double knee_acc = t < standing_s ? 0.0 : 1.0 * std::sin(2 * kPi / 0.55 * (t - standing_s));
    // World frame (x forward, z up): sensor at knee + r·(sin θ, 0, −cos θ).
    const Eigen::Vector3d a_world(knee_acc + r * (std::cos(th) * ddth - std::sin(th) * dth * dth), 0.0,
                                  r * (std::sin(th) * ddth + std::cos(th) * dth * dth));
    const Eigen::Vector3d f_world = a_world + Eigen::Vector3d(0, 0, standard_gravity_mps2);
    // Segment axes in world: x = (cos θ, 0, sin θ), z = (−sin θ, 0, cos θ) (pitch + = ankle forward).
    const Eigen::Vector3d ex(std::cos(th), 0, std::sin(th)), ez(-std::sin(th), 0, std::cos(th));
    const Eigen::Vector3d f_seg(f_world.dot(ex), 0.0, f_world.dot(ez));
    const Eigen::Vector3d w_seg(0.0, -dth * rad_to_deg, 0.0);
    acc.row(i) = (sensor_to_segment.transpose() * f_seg).transpose();
    gyr.row(i) = (sensor_to_segment.transpose() * w_seg).transpose() + Eigen::RowVector3d(0.4, gyro_bias_dps, -0.3);
  }
  s.imu.side = Side::Right;
  s.imu.placement = Placement::Shank;
  s.imu.sampling_rate_hz = fs;
  s.imu.acc_mps2 = acc;
  s.imu.gyr_dps = gyr;
  return s;
}

/// An Xsens-like shank mounting: sensor x up the shank, sensor y to the right, tilted 20° about x.
Eigen::Matrix3d mounting() {
  // Columns: sensor axes in segment coordinates.
  Eigen::Matrix3d sensor_axes;
  sensor_axes.col(0) = Eigen::Vector3d(0, 0, 1);   // sensor x = segment up
  sensor_axes.col(1) = Eigen::Vector3d(0, -1, 0);  // sensor y = segment right
  sensor_axes.col(2) = Eigen::Vector3d(1, 0, 0);   // sensor z = segment forward
  const Eigen::Matrix3d tilt = Eigen::AngleAxisd(20.0 / rad_to_deg, Eigen::Vector3d::UnitZ()).toRotationMatrix();
  return tilt * sensor_axes;  // segment <- sensor
}

double angle_between_deg(const Eigen::Matrix3d& a, const Eigen::Matrix3d& b) {
  return Eigen::AngleAxisd(a * b.transpose()).angle() * rad_to_deg;
}

}  // namespace

TEST_CASE("align_shank recovers an arbitrary mounting from standing and walking", "[orientation][shank]") {
  for (double fs : {60.0, 100.0, 400.0}) {
    const Simulated sim = simulate(fs, 30.0, 3.0, mounting(), 0.0);
    const orientation::ShankAlignment alignment = orientation::align_shank(sim.imu);
    CAPTURE(fs);
    REQUIRE(alignment.standing.found());
    CHECK(alignment.standing.begin < static_cast<Index>(0.5 * fs));
    CHECK(alignment.standing.end > static_cast<Index>(2.5 * fs));
    CHECK(angle_between_deg(alignment.sensor_to_segment, sim.sensor_to_segment) < 1.0);
    CHECK(alignment.sagittal_share > 0.99);
    CHECK(alignment.flags.empty());
  }
}

TEST_CASE("align_shank without standing falls back to the mean and says so", "[orientation][shank]") {
  const Simulated sim = simulate(100.0, 30.0, 0.0, mounting(), 0.0);
  const orientation::ShankAlignment alignment = orientation::align_shank(sim.imu);
  CHECK_FALSE(alignment.standing.found());
  REQUIRE(alignment.flags.size() == 1);
  CHECK(alignment.flags[0].code == "shank_no_standing_period");
  // The mean walking inclination of this pattern is −10°: the vertical is off by about that much,
  // but the sagittal axis (and so the pitch-rate sign) is still right.
  const Eigen::Vector3d y_true = sim.sensor_to_segment.row(1).transpose();
  CHECK(alignment.sensor_to_segment.row(1).dot(y_true.transpose()) > 0.999);
  CHECK(angle_between_deg(alignment.sensor_to_segment, sim.sensor_to_segment) < 12.0);
}

TEST_CASE("shank_pitch follows the true pitch despite gyro bias and walking accelerations", "[orientation][shank]") {
  for (double bias : {0.0, 2.0}) {
    const Simulated sim = simulate(100.0, 40.0, 3.0, mounting(), bias);
    const orientation::ShankPitchResult pitch = orientation::shank_pitch(sim.imu);
    CAPTURE(bias);
    REQUIRE(pitch.pitch_deg.size() == sim.pitch_deg.size());
    const Series error = pitch.pitch_deg - sim.pitch_deg;
    const double rmse = std::sqrt(error.squaredNorm() / static_cast<double>(error.size()));
    CAPTURE(error.mean(), error.segment(0, 300).mean(), error.tail(1000).mean());
    CHECK(rmse < 0.8);
    CHECK(error.cwiseAbs().maxCoeff() < 3.0);
    // Pitch rate: + = forward swing; its peak equals the true peak rate (central difference of the
    // truth) up to the bias.
    double true_peak = 0.0;
    for (Index i = 1; i + 1 < sim.pitch_deg.size(); ++i)
      true_peak = std::max(true_peak, (sim.pitch_deg[i + 1] - sim.pitch_deg[i - 1]) * 50.0);
    CHECK_THAT(pitch.pitch_rate_dps.maxCoeff(), WithinAbs(true_peak, 0.02 * true_peak + bias + 1.0));
  }
}

TEST_CASE("shank_pitch on segment-frame data skips the alignment and interpolates gaps", "[orientation][shank]") {
  Simulated sim = simulate(100.0, 20.0, 2.0, Eigen::Matrix3d::Identity(), 0.0);
  sim.imu.frame = AxesFrame::Segment;
  sim.imu.acc_mps2.row(1000).setConstant(NaN);
  sim.imu.gyr_dps.row(1001).setConstant(NaN);
  const orientation::ShankPitchResult pitch = orientation::shank_pitch(sim.imu);
  CHECK(pitch.alignment.sensor_to_segment.isIdentity());
  CHECK(pitch.gap[1000]);
  CHECK(pitch.gap[1001]);
  CHECK_FALSE(pitch.gap[999]);
  REQUIRE(pitch.flags.size() == 1);
  CHECK(pitch.flags[0].code == "gap");
  CHECK(pitch.pitch_deg.allFinite());
  CHECK_THAT(pitch.pitch_deg[1000], WithinAbs(sim.pitch_deg[1000], 3.0));
}

TEST_CASE("static_periods finds every still run of at least the minimum, find_static_period the longest", "[orientation][shank]") {
  const double fs = 50.0;
  Vec3Series acc = Vec3Series::Zero(500, 3), gyr = Vec3Series::Zero(500, 3);
  acc.col(2).setConstant(standard_gravity_mps2);
  // Moving everywhere except [100, 160) (1.2 s) and [300, 420) (2.4 s).
  for (Index i = 0; i < 500; ++i)
    if (!((i >= 100 && i < 160) || (i >= 300 && i < 420))) gyr(i, 1) = 200.0;
  const orientation::SampleRange still = orientation::find_static_period(acc, gyr, fs);
  REQUIRE(still.found());
  // The 2 Hz smoothing widens the moving parts by a few samples at each edge.
  CHECK(still.begin >= 300);
  CHECK(still.begin <= 310);
  CHECK(still.end <= 420);
  CHECK(still.end >= 410);
  orientation::StaticPeriodParams strict;
  strict.min_duration_s = 3.0;
  CHECK_FALSE(orientation::find_static_period(acc, gyr, fs, strict).found());
  // Every still run: with a 0.5 s minimum both quiet stretches (1.2 s and 2.4 s, less the smoothing
  // at their edges), in time order; a 1.5 s minimum keeps the second only.
  orientation::StaticPeriodParams shorter;
  shorter.min_duration_s = 0.5;
  const auto runs = orientation::static_periods(acc, gyr, fs, shorter);
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].begin >= 100);
  CHECK(runs[0].end <= 160);
  CHECK(runs[1].begin == still.begin);
  CHECK(runs[1].end == still.end);
  orientation::StaticPeriodParams longer;
  longer.min_duration_s = 1.5;
  CHECK(orientation::static_periods(acc, gyr, fs, longer).size() == 1);
}

TEST_CASE("shank orientation functions reject bad arguments", "[orientation][shank]") {
  ImuRecording empty;
  empty.sampling_rate_hz = 100.0;
  CHECK_THROWS_AS(orientation::align_shank(empty), InvalidArgument);
  CHECK_THROWS_AS(orientation::shank_pitch(empty), InvalidArgument);
  Vec3Series acc = Vec3Series::Zero(10, 3), gyr = Vec3Series::Zero(9, 3);
  CHECK_THROWS_AS(orientation::find_static_period(acc, gyr, 100.0), InvalidArgument);
  CHECK_THROWS_AS(orientation::shank_pitch_segment(acc, Vec3Series::Zero(10, 3), 0.0), InvalidArgument);
  orientation::ShankPitchParams bad;
  bad.gravity_window_s = 0.0;
  CHECK_THROWS_AS(orientation::shank_pitch_segment(acc, Vec3Series::Zero(10, 3), 100.0, bad), InvalidArgument);
}
