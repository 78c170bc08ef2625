#include <catch2/catch.hpp>
#include <cmath>

#include "secondheart/core.hpp"

using namespace secondheart;
using Catch::Matchers::Contains;

namespace {
// A foot-like recording: gravity on z, a 1 Hz swing of `gyro_peak` on y and ±15 m/s² of movement (a foot in swing).
ImuRecording moving_imu(double gyro_peak, double acc_scale) {
  ImuRecording rec;
  rec.sampling_rate_hz = 100;
  const Index n = 1000;
  rec.acc_mps2.resize(n, 3);
  rec.gyr_dps.resize(n, 3);
  for (Index i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / 100.0;
    rec.acc_mps2.row(i) << 15.0 * std::sin(2 * M_PI * t) * acc_scale, 0.0, 9.81 * acc_scale;
    rec.gyr_dps.row(i) << 0.0, gyro_peak * std::sin(2 * M_PI * t), 0.0;
  }
  return rec;
}
}  // namespace

TEST_CASE("validate_imu accepts m/s² and deg/s") {
  ImuRecording rec = moving_imu(400.0, 1.0);
  REQUIRE_NOTHROW(validate_imu(rec));
  CHECK(rec.gyr_dps.col(1).maxCoeff() == Approx(400.0).epsilon(1e-3));
}

TEST_CASE("validate_imu names rad/s when the gyro is 57 times too small") {
  ImuRecording rec = moving_imu(400.0 / rad_to_deg, 1.0);
  REQUIRE_THROWS_WITH(validate_imu(rec), Contains("looks like rad/s"));
  // Declared, it is converted instead: the peak comes back to 400 deg/s.
  REQUIRE_NOTHROW(validate_imu(rec, DeclaredUnits{std::nullopt, GyroUnit::RadiansPerSecond}));
  CHECK(rec.gyr_dps.col(1).maxCoeff() == Approx(400.0).epsilon(1e-3));
}

TEST_CASE("validate_imu names g when acceleration is 9.8 times too small") {
  ImuRecording rec = moving_imu(400.0, 1.0 / standard_gravity_mps2);
  REQUIRE_THROWS_WITH(validate_imu(rec), Contains("looks like g"));
  REQUIRE_NOTHROW(validate_imu(rec, DeclaredUnits{AccUnit::StandardGravity, std::nullopt}));
  CHECK(rec.acc_mps2.col(2).mean() == Approx(9.81).epsilon(1e-6));
}

TEST_CASE("validate_imu rejects bad shapes and rates with what was expected and got") {
  ImuRecording rec = moving_imu(400.0, 1.0);
  rec.sampling_rate_hz = 0;
  REQUIRE_THROWS_AS(validate_imu(rec), InvalidArgument);
  REQUIRE_THROWS_WITH(validate_imu(rec), Contains("expected sampling_rate_hz > 0, got 0"));
  rec = moving_imu(400.0, 1.0);
  rec.gyr_dps.conservativeResize(10, 3);
  REQUIRE_THROWS_WITH(validate_imu(rec), Contains("got 10 and 1000"));
  ImuRecording empty;
  empty.sampling_rate_hz = 100;
  REQUIRE_THROWS_WITH(validate_imu(empty), Contains("empty"));
}

TEST_CASE("validate_imu does not guess units of a recording at rest") {
  ImuRecording rec = moving_imu(0.0, 1.0);
  for (Index i = 0; i < rec.size(); ++i) rec.acc_mps2.row(i) << 0.0, 0.0, 9.81;
  REQUIRE_NOTHROW(validate_imu(rec));
}

TEST_CASE("sampling_rate_from_time") {
  Series t = Series::LinSpaced(201, 0.0, 1.0);
  CHECK(sampling_rate_from_time(t) == Approx(200.0));
  t[50] = t[49];
  REQUIRE_THROWS_WITH(sampling_rate_from_time(t), Contains("strictly increasing") && Contains("sample 50"));
  Series gap(4);
  gap << 0.0, 0.01, 0.02, 0.30;  // a long gap: mean step 0.1 s vs median 0.01 s
  REQUIRE_THROWS_WITH(sampling_rate_from_time(gap), Contains("uniform sampling"));
  Series with_nan = Series::LinSpaced(10, 0.0, 1.0);
  with_nan[3] = NaN;
  REQUIRE_THROWS_AS(sampling_rate_from_time(with_nan), InvalidArgument);
}

TEST_CASE("validate_insole catches N/cm² and shape mismatch") {
  InsoleRecording rec;
  rec.sampling_rate_hz = 100;
  rec.cell_force_n = ChannelSeries::Constant(100, 2, 300.0);
  rec.cell_position_m.resize(2, 2);
  rec.cell_position_m << 0.03, 0.0, 0.2, 0.0;
  REQUIRE_NOTHROW(validate_insole(rec));
  rec.cell_force_n /= 700.0;  // ~0.9 in total: body weights, not newtons
  REQUIRE_THROWS_WITH(validate_insole(rec), Contains("not newtons"));
  rec.cell_force_n *= 700.0 * 100.0;  // 60 000 N: centinewtons or a wrong scale
  REQUIRE_THROWS_WITH(validate_insole(rec), Contains("not newtons"));
  rec.cell_force_n /= 100.0;
  rec.cell_position_m.resize(3, 2);
  REQUIRE_THROWS_WITH(validate_insole(rec), Contains("one position per cell (2), got 3"));
}
