// Shank/ankle pipeline throughput: 1 h of two shank IMUs (and two foot IMUs for the ankle angle) at
// 100 Hz from the synthetic walker (4.5 min walking, 30 s standing, repeated), sensor frame rotated
// so the alignment has work to do. The pipeline and its stages are timed alone.
#include <benchmark/benchmark.h>

#include <Eigen/Geometry>

#include "secondheart/events/shank_imu.hpp"
#include "secondheart/metrics/ankle.hpp"
#include "secondheart/orientation/shank.hpp"
#include "secondheart/pipeline/ankle.hpp"
#include "hour_walk.hpp"

namespace {
using namespace secondheart;

const Session& hour_session() {
  static const Session session = bench::hour_session(
      Placement::Shank,
      (Eigen::AngleAxisd(0.3, Eigen::Vector3d::UnitX()) * Eigen::AngleAxisd(1.5, Eigen::Vector3d::UnitY()))
          .toRotationMatrix());
  return session;
}

Session shanks_only() {
  Session s;
  for (const auto& imu : hour_session().imus)
    if (imu.placement == Placement::Shank) s.imus.push_back(imu);
  return s;
}

void BM_ShankPipeline1h(benchmark::State& state) {
  const Session s = shanks_only();
  for (auto _ : state) benchmark::DoNotOptimize(pipeline::analyze_shank_imus(s));
  state.counters["samples"] = static_cast<double>(s.imus[0].size() * 2);
}
BENCHMARK(BM_ShankPipeline1h)->Unit(benchmark::kMillisecond);

void BM_ShankAndAnklePipeline1h(benchmark::State& state) {
  const Session& s = hour_session();
  for (auto _ : state) benchmark::DoNotOptimize(pipeline::analyze_shank_imus(s));
}
BENCHMARK(BM_ShankAndAnklePipeline1h)->Unit(benchmark::kMillisecond);

void BM_ShankAlignment1h(benchmark::State& state) {
  const ImuRecording& r = *hour_session().imu(Placement::Shank, Side::Left);
  for (auto _ : state) benchmark::DoNotOptimize(orientation::align_shank(r));
}
BENCHMARK(BM_ShankAlignment1h)->Unit(benchmark::kMillisecond);

void BM_ShankPitch1h(benchmark::State& state) {
  const ImuRecording& r = *hour_session().imu(Placement::Shank, Side::Left);
  for (auto _ : state) benchmark::DoNotOptimize(orientation::shank_pitch(r));
}
BENCHMARK(BM_ShankPitch1h)->Unit(benchmark::kMillisecond);

void BM_ShankEvents1h(benchmark::State& state) {
  const ImuRecording& r = *hour_session().imu(Placement::Shank, Side::Left);
  const Series rate = orientation::shank_pitch(r).pitch_rate_dps;
  for (auto _ : state) benchmark::DoNotOptimize(events::detect_shank_events(rate, 100.0, Side::Left));
}
BENCHMARK(BM_ShankEvents1h)->Unit(benchmark::kMillisecond);

}  // namespace
