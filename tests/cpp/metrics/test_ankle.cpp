// Ankle angle (foot − shank pitch, time-aligned, zeroed) and its per-cycle metrics, checked by hand.
#include <catch2/catch.hpp>

#include <cmath>

#include "secondheart/metrics/ankle.hpp"

using namespace secondheart;
using Catch::Matchers::WithinAbs;

namespace {
constexpr double kPi = 3.14159265358979323846;

Cycle cycle(Side side, Index ic, Index next_ic, Index fc, CycleStatus status = CycleStatus::Valid) {
  Cycle c;
  c.side = side;
  c.ic = ic;
  c.next_ic = next_ic;
  c.fc = fc;
  c.status = status;
  return c;
}
}  // namespace

TEST_CASE("per-cycle ankle metrics of a sine, by hand", "[metrics][ankle]") {
  // 10·sin(2π i / 100): maximum +10 at i = 25 (in stance), minimum −10 at i = 75 (after FC = 60,
  // inside FC + 0.5 · swing = 80).
  Series ankle(300);
  for (Index i = 0; i < 300; ++i) ankle[i] = 10.0 * std::sin(2 * kPi * static_cast<double>(i) / 100.0);
  const std::vector<Cycle> cycles = {cycle(Side::Left, 0, 100, 60), cycle(Side::Left, 100, 200, 160),
                                     cycle(Side::Left, 200, 300, -1)};
  const Eigen::MatrixXd m = metrics::ankle_cycle_metrics(ankle, cycles);
  REQUIRE(m.rows() == 3);
  REQUIRE(m.cols() == static_cast<Index>(metrics::ankle_columns().size()));
  for (Index r = 0; r < 2; ++r) {
    CHECK_THAT(m(r, 0), WithinAbs(0.0, 1e-9));                               // sin(0)
    CHECK_THAT(m(r, 1), WithinAbs(10.0 * std::sin(2 * kPi * 0.6), 1e-9));    // −5.878 at FC
    CHECK_THAT(m(r, 2), WithinAbs(10.0, 1e-9));                              // peak dorsiflexion
    CHECK_THAT(m(r, 3), WithinAbs(-10.0, 1e-9));                             // peak plantarflexion
    CHECK_THAT(m(r, 4), WithinAbs(20.0, 1e-9));                              // push-off excursion
    CHECK_THAT(m(r, 5), WithinAbs(20.0, 1e-9));                              // ROM
  }
  // No FC: only the angle at IC and the ROM are measurable.
  CHECK_THAT(m(2, 0), WithinAbs(0.0, 1e-9));
  CHECK(std::isnan(m(2, 1)));
  CHECK(std::isnan(m(2, 3)));
  CHECK_THAT(m(2, 5), WithinAbs(20.0, 1e-9));
}

TEST_CASE("peak plantarflexion is searched after the stance peak, up to mid-swing", "[metrics][ankle]") {
  // Stance: −5 at IC rising to +8 at 40; push-off to −20 at 66 (FC = 60); swing back to −5; a
  // deeper −30 late in swing (at 95) must not count as push-off plantarflexion.
  Series ankle = Series::Constant(100, -5.0);
  ankle[40] = 8.0;
  ankle[66] = -20.0;
  ankle[95] = -30.0;
  const Eigen::MatrixXd m = metrics::ankle_cycle_metrics(ankle, {cycle(Side::Right, 0, 100, 60)});
  CHECK(m(0, 2) == 8.0);
  CHECK(m(0, 3) == -20.0);
  CHECK(m(0, 4) == 28.0);
  CHECK(m(0, 5) == 38.0);  // ROM sees the whole cycle
}

TEST_CASE("cycles with too many missing samples get NaN ankle metrics", "[metrics][ankle]") {
  Series ankle = Series::Zero(100);
  for (Index i = 10; i < 20; ++i) ankle[i] = NaN;  // 10 % > 5 %
  const Eigen::MatrixXd m = metrics::ankle_cycle_metrics(ankle, {cycle(Side::Left, 0, 100, 60)});
  CHECK(m.row(0).array().isNaN().all());
}

TEST_CASE("ankle_angle aligns a faster, earlier foot recording onto the shank clock", "[metrics][ankle]") {
  // Foot at 200 Hz from t = −0.25 s, shank at 100 Hz from t = 0; both smooth 1 Hz patterns.
  const auto foot_at = [](double t) { return 20.0 * std::sin(2 * kPi * t) - 5.0; };
  const auto shank_at = [](double t) { return 15.0 * std::cos(2 * kPi * t + 0.3); };
  Series foot(2200), shank(1000);
  for (Index i = 0; i < foot.size(); ++i) foot[i] = foot_at(-0.25 + static_cast<double>(i) / 200.0);
  for (Index i = 0; i < shank.size(); ++i) shank[i] = shank_at(static_cast<double>(i) / 100.0);
  metrics::AnkleAngleParams params;
  params.zero_offset_deg = 0.0;
  const metrics::AnkleAngleResult result = metrics::ankle_angle(foot, 200.0, -0.25, shank, 100.0, 0.0, params);
  REQUIRE(result.ankle_deg.size() == 1000);
  CHECK(result.sampling_rate_hz == 100.0);
  CHECK(result.zero == metrics::AnkleZero::UserOffset);
  double worst = 0.0;
  for (Index i = 0; i < 1000; ++i) {
    const double t = static_cast<double>(i) / 100.0;
    worst = std::max(worst, std::abs(result.ankle_deg[i] - (foot_at(t) - shank_at(t))));
  }
  // The anti-alias smoothing (40 Hz) and linear interpolation cost < 0.05° on a 1 Hz signal.
  CHECK(worst < 0.05);
  CHECK(result.flags.empty());
}

TEST_CASE("ankle_angle is NaN where the foot recording does not reach", "[metrics][ankle]") {
  Series foot = Series::Zero(500), shank = Series::Zero(1000);
  metrics::AnkleAngleParams params;
  params.zero_offset_deg = 0.0;
  // Foot 100 Hz, starts 2 s after the shank, lasts 5 s: shank samples 200..699 are covered.
  const metrics::AnkleAngleResult result = metrics::ankle_angle(foot, 100.0, 2.0, shank, 100.0, 0.0, params);
  CHECK(std::isnan(result.ankle_deg[199]));
  CHECK(result.ankle_deg[200] == 0.0);
  CHECK(result.ankle_deg[699] == 0.0);
  CHECK(std::isnan(result.ankle_deg[700]));
  REQUIRE(result.flags.size() == 1);
  CHECK(result.flags[0].code == "ankle_partial_overlap");
  CHECK(result.flags[0].message.rfind("500 of 1000 shank samples lie outside", 0) == 0);
  // Foot pitch NaN inside the foot recording (between strides, by design) is not an overlap problem.
  Series gappy = Series::Zero(1000);
  gappy.segment(300, 200).setConstant(NaN);
  const metrics::AnkleAngleResult inside = metrics::ankle_angle(gappy, 100.0, 0.0, shank, 100.0, 0.0, params);
  CHECK(std::isnan(inside.ankle_deg[350]));
  CHECK(inside.flags.empty());
  const metrics::AnkleAngleResult apart = metrics::ankle_angle(foot, 100.0, 100.0, shank, 100.0, 0.0, params);
  CHECK(apart.flags[0].code == "ankle_no_overlap");
}

TEST_CASE("the ankle zero comes from standing, a user interval or a user offset", "[metrics][ankle]") {
  // 3 s standing with foot 2°, shank −5° (raw 7°), then walking.
  const double fs = 100.0;
  Series foot(1500), shank(1500);
  for (Index i = 0; i < 1500; ++i) {
    const double t = static_cast<double>(i) / fs;
    const bool walking = t >= 3.0;
    foot[i] = 2.0 + (walking ? 30.0 * std::sin(2 * kPi * (t - 3.0)) : 0.0);
    shank[i] = -5.0 + (walking ? 25.0 * std::sin(2 * kPi * (t - 3.0) + 1.0) : 0.0);
  }
  const metrics::AnkleAngleResult automatic = metrics::ankle_angle(foot, shank, fs);
  CHECK(automatic.zero == metrics::AnkleZero::Standing);
  CHECK_THAT(automatic.zero_offset_deg, WithinAbs(7.0, 1e-9));
  CHECK(automatic.standing.begin <= 5);
  CHECK(automatic.standing.end >= 280);
  CHECK(automatic.standing.end <= 300);
  CHECK_THAT(automatic.ankle_deg[100], WithinAbs(0.0, 1e-9));
  CHECK(automatic.flags.empty());

  metrics::AnkleAngleParams interval;
  interval.standing_interval_s = std::make_pair(1.0, 2.0);
  const metrics::AnkleAngleResult user = metrics::ankle_angle(foot, shank, fs, interval);
  CHECK(user.zero == metrics::AnkleZero::UserInterval);
  CHECK_THAT(user.zero_offset_deg, WithinAbs(7.0, 1e-9));
  CHECK(user.standing.begin == 100);
  CHECK(user.standing.end == 200);

  metrics::AnkleAngleParams offset;
  offset.zero_offset_deg = 4.0;
  const metrics::AnkleAngleResult given = metrics::ankle_angle(foot, shank, fs, offset);
  CHECK_THAT(given.ankle_deg[100], WithinAbs(3.0, 1e-9));

  // Walking only: no zero, flagged, raw difference returned.
  const metrics::AnkleAngleResult none = metrics::ankle_angle(foot.tail(1000), shank.tail(1000), fs);
  CHECK(none.zero == metrics::AnkleZero::None);
  REQUIRE(none.flags.size() == 1);
  CHECK(none.flags[0].code == "ankle_zero_not_found");
  CHECK_THAT(none.ankle_deg[0], WithinAbs(foot[500] - shank[500], 1e-9));

  // A still pose far from upright (seated, shank 40° forward) is not a neutral standing pose.
  Series seated_shank = shank;
  seated_shank.head(300).setConstant(40.0);
  CHECK(metrics::ankle_angle(foot, seated_shank, fs).zero == metrics::AnkleZero::None);
}

TEST_CASE("ankle_angle rejects bad arguments", "[metrics][ankle]") {
  Series a = Series::Zero(100), b = Series::Zero(90);
  CHECK_THROWS_AS(metrics::ankle_angle(a, b, 100.0), InvalidArgument);
  CHECK_THROWS_AS(metrics::ankle_angle(Series(), Series(), 100.0), InvalidArgument);
  CHECK_THROWS_AS(metrics::ankle_angle(a, 0.0, 0.0, a, 100.0, 0.0), InvalidArgument);
  metrics::AnkleAngleParams outside;
  outside.standing_interval_s = std::make_pair(0.5, 3.0);
  CHECK_THROWS_WITH(metrics::ankle_angle(a, a, 100.0, outside), Catch::Contains("standing interval"));
  metrics::AnkleCycleParams bad;
  bad.plantarflexion_swing_fraction = 0.0;
  CHECK_THROWS_AS(metrics::ankle_cycle_metrics(a, {}, bad), InvalidArgument);
}

TEST_CASE("shank push-off measures, by hand", "[metrics][ankle]") {
  // Stride 0..100, FC at 60: pre-swing forward rotation −150 deg/s at 58 (inside FC ± 10), an
  // earlier −200 at 30 (mid-stance, outside the window), swing peak +320 at 80.
  Series rate = Series::Constant(100, -50.0);
  rate[30] = -200.0;
  rate[58] = -150.0;
  rate[80] = 320.0;
  const Eigen::MatrixXd m = metrics::shank_push_off_metrics(rate, {cycle(Side::Left, 0, 100, 60), cycle(Side::Left, 0, 100, -1)});
  CHECK(m(0, 0) == 150.0);
  CHECK(m(0, 1) == 320.0);
  CHECK(std::isnan(m(1, 0)));
  CHECK(std::isnan(m(1, 1)));
}

TEST_CASE("ankle columns join a table per side, and summarize_ankle gives the asymmetry", "[metrics][ankle]") {
  CycleTable table;
  table.source = "shank_imu";
  table.sampling_rate_hz = 100.0;
  table.cycles = {cycle(Side::Left, 0, 100, 60), cycle(Side::Left, 100, 200, 160),
                  cycle(Side::Right, 50, 150, 110), cycle(Side::Right, 150, 250, 210, CycleStatus::Irregular)};
  table.values.resize(4, 0);
  Series left(300), right(300);
  for (Index i = 0; i < 300; ++i) {
    const double s = std::sin(2 * kPi * static_cast<double>(i) / 100.0);
    left[i] = 10.0 * s;                 // ROM 20
    right[i] = 5.0 * std::sin(2 * kPi * static_cast<double>(i - 50) / 100.0);  // ROM 10
  }
  metrics::add_ankle_columns(table, left, right);
  CHECK(table.columns == metrics::ankle_columns());
  const Eigen::VectorXd rom = table.column("ankle_rom_deg");
  CHECK_THAT(rom[0], WithinAbs(20.0, 1e-9));
  CHECK_THAT(rom[2], WithinAbs(10.0, 1e-9));
  const auto summary = metrics::summarize_ankle(table);
  REQUIRE(summary.size() == metrics::ankle_columns().size());
  const auto& rom_summary = summary[5];
  CHECK(rom_summary.metric == "ankle_rom_deg");
  CHECK(rom_summary.left.n_cycles == 2);
  CHECK(rom_summary.right.n_cycles == 1);  // the irregular cycle is not summarised
  // 100 · (20 − 10) / 15
  CHECK_THAT(rom_summary.asymmetry_index_percent, WithinAbs(200.0 / 3.0, 1e-9));
  // Only one side: the other side's rows stay NaN.
  CycleTable one = table;
  metrics::add_ankle_columns(one, left, Series());
  CHECK(std::isnan(one.column("ankle_rom_deg")[2]));
}
