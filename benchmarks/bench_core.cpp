// Core overheads: unit validation of a day-long IMU stream.
#include <benchmark/benchmark.h>

#include <cmath>

#include "secondheart/core.hpp"

namespace {
void BM_validate_imu_1h_100hz(benchmark::State& state) {
  using namespace secondheart;
  ImuRecording rec;
  rec.sampling_rate_hz = 100;
  const Index n = 360000;
  rec.acc_mps2.resize(n, 3);
  rec.gyr_dps.resize(n, 3);
  for (Index i = 0; i < n; ++i) {
    const double phase = 2.0 * M_PI * static_cast<double>(i) / 100.0;
    rec.acc_mps2.row(i) << 5.0 * std::sin(phase), 0.0, 9.81;
    rec.gyr_dps.row(i) << 0.0, 300.0 * std::sin(phase), 0.0;
  }
  for (auto _ : state) {
    ImuRecording copy = rec;
    validate_imu(copy);
    benchmark::DoNotOptimize(copy.gyr_dps.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_validate_imu_1h_100hz)->Unit(benchmark::kMillisecond);
}  // namespace
