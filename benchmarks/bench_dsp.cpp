// dsp throughput on one hour at 100 Hz (360 000 samples): zero-phase filtering, peaks, resampling, windows.
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <random>

#include "secondheart/dsp.hpp"

namespace {
using namespace secondheart;

Series hour_at_100hz() {
  const Index n = 360000;
  Series x(n);
  std::mt19937 rng(1);
  std::normal_distribution<double> noise(0.0, 5.0);
  for (Index i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / 100.0;
    x[i] = 300.0 * std::sin(2.0 * std::numbers::pi * 0.9 * t) + 80.0 * std::sin(2.0 * std::numbers::pi * 3.1 * t) +
           noise(rng);
  }
  return x;
}

void BM_filtfilt_order4_1h_100hz(benchmark::State& state) {
  const Series x = hour_at_100hz();
  const dsp::SosFilter f = dsp::butterworth(4, 6.0, 100.0);
  for (auto _ : state) benchmark::DoNotOptimize(dsp::filtfilt(f, x).data());
  state.SetItemsProcessed(state.iterations() * x.size());
}
BENCHMARK(BM_filtfilt_order4_1h_100hz)->Unit(benchmark::kMillisecond);

void BM_find_peaks_prominence_distance_1h_100hz(benchmark::State& state) {
  const Series x = hour_at_100hz();
  for (auto _ : state) {
    auto p = dsp::find_peaks(x, {0.0, 50.0, 40});
    benchmark::DoNotOptimize(p.data());
  }
  state.SetItemsProcessed(state.iterations() * x.size());
}
BENCHMARK(BM_find_peaks_prominence_distance_1h_100hz)->Unit(benchmark::kMillisecond);

void BM_resample_1h(benchmark::State& state) {
  const Series x = hour_at_100hz();
  const double to = static_cast<double>(state.range(0)) / 10.0;
  for (auto _ : state) benchmark::DoNotOptimize(dsp::resample(x, 100.0, to).data());
  state.SetItemsProcessed(state.iterations() * x.size());
}
BENCHMARK(BM_resample_1h)->Arg(2000)->Arg(600)->Arg(997)->Unit(benchmark::kMillisecond);  // to_hz * 10

void BM_moving_std_1s_1h_100hz(benchmark::State& state) {
  const Series x = hour_at_100hz();
  for (auto _ : state) benchmark::DoNotOptimize(dsp::moving_std(x, 100).data());
  state.SetItemsProcessed(state.iterations() * x.size());
}
BENCHMARK(BM_moving_std_1s_1h_100hz)->Unit(benchmark::kMillisecond);
}  // namespace
