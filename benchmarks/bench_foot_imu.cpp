// Foot-IMU pipeline throughput: 1 h of two foot IMUs at 100 Hz from the synthetic walker (4.5 min
// walking, 30 s standing, repeated), sensor frame rotated so the alignment has work to do. The
// whole pipeline and its stages are timed alone. Budget (issue 5): 40 ms for the 1 h session.
#include <benchmark/benchmark.h>

#include <Eigen/Geometry>

#include "secondheart/events/foot_imu.hpp"
#include "secondheart/orientation/alignment.hpp"
#include "secondheart/pipeline/foot_imu.hpp"
#include "hour_walk.hpp"

namespace {
using namespace secondheart;

Session feet_hour(bool day_like) {
  const Eigen::Matrix3d mount =
      (Eigen::AngleAxisd(0.4, Eigen::Vector3d::UnitZ()) * Eigen::AngleAxisd(-0.6, Eigen::Vector3d::UnitY()))
          .toRotationMatrix();
  Session feet;
  for (const auto& imu : bench::hour_session(Placement::Foot, mount, day_like).imus)
    if (imu.placement == Placement::Foot) feet.imus.push_back(imu);
  return feet;
}

const Session& hour_session() {
  static const Session session = feet_hour(false);
  return session;
}

void BM_FootPipeline1h(benchmark::State& state) {
  const Session& s = hour_session();
  for (auto _ : state) benchmark::DoNotOptimize(pipeline::analyze_foot_imus(s));
  state.counters["samples"] = static_cast<double>(s.imus[0].size() * 2);
}
BENCHMARK(BM_FootPipeline1h)->Unit(benchmark::kMillisecond);

// The same pipeline on a day-like hour (10 % walking): what a day of recording costs per hour.
void BM_FootPipeline1hDayLike(benchmark::State& state) {
  static const Session s = feet_hour(true);
  for (auto _ : state) benchmark::DoNotOptimize(pipeline::analyze_foot_imus(s));
  state.counters["samples"] = static_cast<double>(s.imus[0].size() * 2);
}
BENCHMARK(BM_FootPipeline1hDayLike)->Unit(benchmark::kMillisecond);

void BM_FootAlignment1h(benchmark::State& state) {
  const ImuRecording& r = hour_session().imus[0];
  for (auto _ : state) benchmark::DoNotOptimize(orientation::align_foot(r.acc_mps2, r.gyr_dps, 100.0, r.side));
}
BENCHMARK(BM_FootAlignment1h)->Unit(benchmark::kMillisecond);

void BM_FootEvents1h(benchmark::State& state) {
  const ImuRecording& r = hour_session().imus[0];
  for (auto _ : state) benchmark::DoNotOptimize(events::detect_foot_events(r.acc_mps2, r.gyr_dps, 100.0, r.side));
}
BENCHMARK(BM_FootEvents1h)->Unit(benchmark::kMillisecond);

}  // namespace
