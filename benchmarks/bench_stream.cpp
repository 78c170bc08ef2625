// Streaming against batch on the same recordings, same run (docs/stream.md):
//  - time: two feet of the day-like hour (hour_walk.hpp, 100 Hz) analysed in one batch call vs pushed
//    into two FootImuStreams in 1 s chunks (30 s window, 1 s hop: each sample is analysed ~30 times);
//  - memory: 24 h and 7 days of two feet streamed (the day-like hour repeated, in 1 s chunks) with
//    /proc/self/status read before the streams exist, after the first hour and at the end.
#include <benchmark/benchmark.h>

#include <fstream>
#include <string>

#include "secondheart/pipeline/foot_imu.hpp"
#include "secondheart/stream/foot_imu_stream.hpp"
#include "hour_walk.hpp"

namespace {
using namespace secondheart;

const Session& day_like_hour() {
  static const Session feet = [] {
    Session s;
    for (const auto& imu : bench::hour_session(Placement::Foot, bench::foot_mount(), true).imus)
      if (imu.placement == Placement::Foot) s.imus.push_back(imu);
    return s;
  }();
  return feet;
}

/// VmRSS or VmHWM of this process (MB), from /proc/self/status; NaN where it is not available.
double status_mb(const std::string& key) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key + ":", 0) == 0) return std::stod(line.substr(key.size() + 1)) / 1024.0;
  return NAN;
}

/// Pushes `hours` repetitions of the hour through two streams in 1 s chunks; returns the strides.
Index stream_hours(const Session& s, int hours, double* rss_after_first_hour_mb = nullptr) {
  stream::FootImuStream feet[2] = {stream::FootImuStream(100.0, s.imus[0].side, {}, {}, s.imus[0].frame),
                                   stream::FootImuStream(100.0, s.imus[1].side, {}, {}, s.imus[1].frame)};
  Index strides = 0;
  const Index n = s.imus[0].size(), chunk = 100;
  for (int h = 0; h < hours; ++h) {
    for (Index i = 0; i < n; i += chunk) {
      const Index m = std::min(chunk, n - i);
      for (int f = 0; f < 2; ++f)
        strides += feet[f].push(s.imus[static_cast<std::size_t>(f)].acc_mps2.middleRows(i, m),
                                s.imus[static_cast<std::size_t>(f)].gyr_dps.middleRows(i, m)).strides.rows();
    }
    if (h == 0 && rss_after_first_hour_mb) *rss_after_first_hour_mb = status_mb("VmRSS");
  }
  for (auto& f : feet) strides += f.close().strides.rows();
  return strides;
}

void BM_BatchDayLikeHourTwoFeet(benchmark::State& state) {
  const Session& s = day_like_hour();
  Index strides = 0;
  for (auto _ : state) strides = pipeline::analyze_foot_imus(s).cycles.rows();
  const double samples = static_cast<double>(2 * s.imus[0].size());
  state.counters["strides"] = static_cast<double>(strides);
  state.counters["ns_per_sample"] = benchmark::Counter(samples * 1e-9, benchmark::Counter::kIsIterationInvariantRate |
                                                                          benchmark::Counter::kInvert);
}
BENCHMARK(BM_BatchDayLikeHourTwoFeet)->Unit(benchmark::kMillisecond);

void BM_StreamDayLikeHourTwoFeet(benchmark::State& state) {
  const Session& s = day_like_hour();
  Index strides = 0;
  for (auto _ : state) strides = stream_hours(s, 1);
  const double samples = static_cast<double>(2 * s.imus[0].size());
  state.counters["strides"] = static_cast<double>(strides);
  state.counters["ns_per_sample"] = benchmark::Counter(samples * 1e-9, benchmark::Counter::kIsIterationInvariantRate |
                                                                          benchmark::Counter::kInvert);
}
BENCHMARK(BM_StreamDayLikeHourTwoFeet)->Unit(benchmark::kMillisecond);

// Memory: the argument is the number of hours (24 = a day, 168 = a week). rss_growth_MB is the RSS at
// the end minus after the first hour (≈ 0: nothing accumulates); stream_peak_MB is the peak RSS minus
// the RSS before the streams existed (the hour's samples are already loaded then; the peak is reset).
void BM_StreamMemoryTwoFeet(benchmark::State& state) {
  const Session& s = day_like_hour();
  std::ofstream("/proc/self/clear_refs") << "5";  // resets VmHWM to the current RSS (Linux >= 4.0)
  const double before = status_mb("VmRSS");
  double first_hour = NAN;
  Index strides = 0;
  for (auto _ : state) strides = stream_hours(s, static_cast<int>(state.range(0)), &first_hour);
  const double end = status_mb("VmRSS");
  state.counters["strides"] = static_cast<double>(strides);
  state.counters["rss_growth_MB"] = end - first_hour;
  state.counters["stream_peak_MB"] = status_mb("VmHWM") - before;
  state.counters["rss_end_MB"] = end;
}
BENCHMARK(BM_StreamMemoryTwoFeet)->Arg(24)->Arg(168)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
