// Insole push-off metrics and spatiotemporal metrics on hand-built signals with hand-computed values.
#include <catch2/catch.hpp>

#include "secondheart/metrics/insole.hpp"
#include "secondheart/metrics/spatiotemporal.hpp"

using namespace secondheart;

namespace {

using Positions = Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor>;

/// Piecewise-linear stance at 100 Hz, IC = 10, FC = 70 (60 samples):
/// 0 -> 800 N at +10 (F1), -> 500 N at +30 (valley), -> 700 N at +45 (F2), -> 0 at +60 (FC).
Series stance_force() {
  Series f = Series::Zero(100);
  const auto ramp = [&](Index a, Index b, double fa, double fb) {
    for (Index i = a; i <= b; ++i) f[10 + i] = fa + (fb - fa) * static_cast<double>(i - a) / static_cast<double>(b - a);
  };
  ramp(0, 10, 0, 800);
  ramp(10, 30, 800, 500);
  ramp(30, 45, 500, 700);
  ramp(45, 60, 700, 0);
  return f;
}

/// Forefoot share of the force: 0 until +30, 75 % from +30 to +45, then rising linearly to 100 % at +55.
double forefoot_share(Index j) {
  if (j < 30) return 0.0;
  if (j < 45) return 0.75;
  return std::min(1.0, 0.75 + 0.25 * static_cast<double>(j - 45) / 10.0);
}

}  // namespace

TEST_CASE("insole metrics: peaks, rates and timing by hand") {
  const Series f = stance_force();
  const auto m = metrics::stance_force_metrics(f, ChannelSeries(), Positions(), 0.25, 10, 70, -1, 100.0, 70.0);
  CHECK(m.f1_n == Approx(800));
  CHECK(m.f2_n == Approx(700));
  CHECK(m.valley_n == Approx(500));
  CHECK(m.f1_index == 20);
  CHECK(m.f2_index == 55);
  CHECK(m.valley_index == 40);
  CHECK(m.f2_f1_ratio == Approx(0.875));
  CHECK(m.f1_bw == Approx(800 / (70 * 9.80665)));
  CHECK(m.f2_bw == Approx(700 / (70 * 9.80665)));
  CHECK(m.time_to_f2_pct == Approx(75.0));     // 45 of 60 samples
  CHECK(m.loading_rate_n_per_s == Approx(8000.0));  // 800 N in 0.10 s
  CHECK(m.unloading_rate_n_per_s == Approx(700.0 / 0.15));
  CHECK(m.loading_rate_f1_per_s == Approx(10.0));              // 1 / 0.10 s
  CHECK(m.unloading_rate_f2_per_s == Approx(1.0 / 0.15));
  CHECK(std::isnan(m.forefoot_impulse_pct));  // no cells
  CHECK(std::isnan(m.heel_off_pct));
  // Heel-off given: 40 of 60 samples, push-off 0.20 s.
  const auto h = metrics::stance_force_metrics(f, ChannelSeries(), Positions(), 0.25, 10, 70, 50, 100.0);
  CHECK(h.heel_off_pct == Approx(100.0 * 40 / 60));
  CHECK(h.push_off_time_s == Approx(0.20));
  CHECK(std::isnan(h.f1_bw));  // no mass
}

TEST_CASE("insole metrics: forefoot impulse share and CoP with two cells") {
  const Series f = stance_force();
  ChannelSeries cells = ChannelSeries::Zero(100, 2);
  for (Index j = 0; j < 60; ++j) {
    cells(10 + j, 0) = f[10 + j] * (1.0 - forefoot_share(j));  // heel cell
    cells(10 + j, 1) = f[10 + j] * forefoot_share(j);          // forefoot cell
  }
  cells.col(0).array() += 15.0;  // a heel cell that never reads zero: removed with the swing median
  Positions pos(2, 2);
  pos << 0.05, 0.0, 0.20, 0.0;
  const auto m = metrics::stance_force_metrics(f, cells, pos, 0.25, 10, 70, -1, 100.0);
  // Definition: forefoot share of the impulse over the second half of stance (+30 .. +59).
  double fore = 0, all = 0;
  for (Index j = 30; j < 60; ++j) {
    fore += f[10 + j] * forefoot_share(j);
    all += f[10 + j];
  }
  CHECK(m.forefoot_impulse_pct == Approx(100.0 * fore / all));
  CHECK(m.forefoot_impulse_pct > 75.0);
  // CoP: heel (0.05 m) in the first half; at the end 100 % forefoot (0.20 m): 0.15 m = 60 % of 0.25 m.
  CHECK(m.cop_travel_pct == Approx(60.0));
  // Late stance: from F2 (+45, x = 0.1625 m) to the last sample above 10 % of the peak (80 N):
  // 700 (60 − j) / 15 > 80 -> j <= 58, where x = 0.20 m: 0.0375 m in 0.13 s.
  CHECK(m.cop_velocity_late_mps == Approx(0.0375 / 0.13));
}

TEST_CASE("insole metrics: a flat (shuffling) stance still gives defined values") {
  Series f = Series::Zero(80);
  for (Index i = 10; i < 70; ++i) f[i] = 600.0;
  const auto m = metrics::stance_force_metrics(f, ChannelSeries(), Positions(), 0.25, 10, 70, -1, 100.0);
  CHECK(m.f1_n == Approx(600));
  CHECK(m.f2_n == Approx(600));
  CHECK(m.f2_f1_ratio == Approx(1.0));
  CHECK_THROWS_AS(metrics::stance_force_metrics(f, ChannelSeries(), Positions(), 0.25, 10, 90, -1, 100.0),
                  InvalidArgument);
  CHECK_THROWS_AS(metrics::stance_force_metrics(f, ChannelSeries(), Positions(), 0.25, 10, 70, -1, 0.0),
                  InvalidArgument);
}

TEST_CASE("spatiotemporal: stride, stance, step and double support by hand") {
  // 100 Hz. Left: IC 0, 100, 200; FC 60, 160. Right: IC 50, 150; FC 10, 110.
  GaitEvents left{Side::Left, 100.0, {0, 100, 200}, {60, 160}, {}, {}};
  GaitEvents right{Side::Right, 100.0, {50, 150}, {10, 110}, {}, {}};
  CycleTable table;
  table.source = "test";
  table.sampling_rate_hz = 100.0;
  table.cycles = {Cycle{Side::Left, 0, 100, 60, -1, CycleStatus::Valid},
                  Cycle{Side::Left, 100, 200, 160, -1, CycleStatus::Valid},
                  Cycle{Side::Right, 50, 150, 110, -1, CycleStatus::Valid}};
  metrics::add_spatiotemporal(table, {left, right});
  CHECK(table.column("stride_time_s")[0] == Approx(1.0));
  CHECK(table.column("stance_time_s")[0] == Approx(0.6));
  CHECK(table.column("swing_time_s")[0] == Approx(0.4));
  CHECK(table.column("stance_pct")[0] == Approx(60.0));
  CHECK(table.column("step_time_s")[0] == Approx(0.5));
  // Initial: right FC at 10 -> 0.10 s; terminal: right IC at 50 -> FC 60: 0.10 s.
  CHECK(table.column("double_support_s")[0] == Approx(0.2));
  CHECK(table.column("double_support_pct")[0] == Approx(20.0));
  CHECK(table.column("cadence_spm")[0] == Approx(120.0));
  // Right cycle 50 -> 150, FC 110: initial DS = left FC 60 - 50, terminal = 110 - left IC 100.
  CHECK(table.column("double_support_s")[2] == Approx(0.2));
  CHECK(table.column("step_time_s")[2] == Approx(0.5));
  // Without the other foot: NaN, not garbage.
  CycleTable alone = table;
  metrics::add_spatiotemporal(alone, {left});
  CHECK(std::isnan(alone.column("double_support_s")[0]));
  CHECK(alone.column("stride_time_s")[0] == Approx(1.0));
  GaitEvents other_rate = right;
  other_rate.sampling_rate_hz = 50.0;
  CHECK_THROWS_AS(metrics::add_spatiotemporal(table, {left, other_rate}), InvalidArgument);
}
