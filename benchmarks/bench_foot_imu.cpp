// Foot-IMU pipeline throughput on the synthetic walker's feet at 100 Hz (hour_walk.hpp): the walking
// hour (budget of issue 5: 40 ms), a day-like hour and a whole day (DESIGN.md: 24 h in under 1 s);
// the rest detection, alignment and event stages alone on the walking hour (one foot).
#include <benchmark/benchmark.h>

#include <Eigen/Geometry>

#include "secondheart/calibration/imu_calibration.hpp"
#include "secondheart/events/foot_imu.hpp"
#include "secondheart/orientation/alignment.hpp"
#include "secondheart/pipeline/foot_imu.hpp"
#include "hour_walk.hpp"

namespace {
using namespace secondheart;

using bench::foot_mount;  // how the foot sensors sit (sensor = mountᵀ · segment): the alignment has work to do

Session feet_hour(bool day_like) {
  Session feet;
  for (const auto& imu : bench::hour_session(Placement::Foot, foot_mount(), day_like).imus)
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

// DESIGN.md's budget: 24 h of two feet (8 h sitting, 16 day-like hours) in under 1 s.
void BM_FootPipeline24hDay(benchmark::State& state) {
  const Session& s = bench::foot_day();
  for (auto _ : state) benchmark::DoNotOptimize(pipeline::analyze_foot_imus(s));
  state.counters["samples"] = static_cast<double>(s.imus[0].size() * 2);
}
BENCHMARK(BM_FootPipeline24hDay)->Unit(benchmark::kMillisecond);

// The same day with the still-period calibration switched off: what estimating and applying it costs.
void BM_FootPipeline24hDayUncalibrated(benchmark::State& state) {
  const Session& s = bench::foot_day();
  pipeline::FootImuPipelineParams params;
  params.calibration.correct_acc = params.calibration.correct_gyro = false;
  for (auto _ : state) benchmark::DoNotOptimize(pipeline::analyze_foot_imus(s, params));
  state.counters["samples"] = static_cast<double>(s.imus[0].size() * 2);
}
BENCHMARK(BM_FootPipeline24hDayUncalibrated)->Unit(benchmark::kMillisecond);

// Still periods and the calibration fit alone, one foot of the day (its rests from the pipeline's detector).
void BM_StillPeriodCalibration24hDay(benchmark::State& state) {
  const ImuRecording& r = bench::foot_day().imus[0];
  const auto rest = orientation::detect_zero_velocity(r.gyr_dps, r.sampling_rate_hz);
  for (auto _ : state) {
    const auto periods = calibration::find_still_periods(r.acc_mps2, r.gyr_dps, r.sampling_rate_hz, rest.runs);
    benchmark::DoNotOptimize(calibration::estimate_imu_calibration(periods, r.sampling_rate_hz));
  }
}
BENCHMARK(BM_StillPeriodCalibration24hDay)->Unit(benchmark::kMillisecond);

void BM_FootRestDetection1h(benchmark::State& state) {
  const ImuRecording& r = hour_session().imus[0];
  for (auto _ : state) benchmark::DoNotOptimize(orientation::detect_zero_velocity(r.gyr_dps, 100.0));
}
BENCHMARK(BM_FootRestDetection1h)->Unit(benchmark::kMillisecond);

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
