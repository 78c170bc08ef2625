// Synthetic days: generating 24 h of typical_day at 100 Hz (the brief: "in seconds"), with all six
// recordings (two foot IMUs, two shank IMUs, two 8-cell insoles: 2.8 GB) and with the two foot IMUs
// alone (0.8 GB). A large part of the time is the kernel handing out fresh pages for the output:
// on the 2-core dev VM, touching 2.8 GB once takes ~2.4 s; measured 2026-12-03 (load ~1.3):
// BM_SynthDay24h 5.2-5.5 s, BM_SynthDay24hFootImusOnly 1.9 s, the schedule alone 6 us.
#include <benchmark/benchmark.h>

#include "secondheart/synth/day.hpp"

namespace {
using namespace secondheart;

void run_day(benchmark::State& state, bool all_sensors) {
  synth::DayParams p = synth::typical_day(1, 24);
  p.shank_imus = p.insoles = all_sensors;
  Index samples = 0;
  for (auto _ : state) {
    const synth::DayResult r = synth::day(p);
    samples = r.session.imus[0].size();
    benchmark::DoNotOptimize(r.session.imus[0].acc_mps2.data());
  }
  state.counters["samples"] = static_cast<double>(samples);
}

void BM_SynthDay24h(benchmark::State& state) { run_day(state, true); }
BENCHMARK(BM_SynthDay24h)->Unit(benchmark::kSecond)->Iterations(2)->UseRealTime();

void BM_SynthDay24hFootImusOnly(benchmark::State& state) { run_day(state, false); }
BENCHMARK(BM_SynthDay24hFootImusOnly)->Unit(benchmark::kSecond)->Iterations(2)->UseRealTime();

void BM_SynthTypicalDaySchedule(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(synth::typical_day(1, 24).schedule.size());
}
BENCHMARK(BM_SynthTypicalDaySchedule)->Unit(benchmark::kMicrosecond);

}  // namespace
