// Insole pipeline throughput: 1 h of two 8-cell insoles at 100 Hz (gaitpdb layout), walking with
// stride-to-stride jitter and 30 s standing pauses every 5 min. Stages timed alone and together.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

#include "secondheart/cycles/cycles.hpp"
#include "secondheart/events/insole.hpp"
#include "secondheart/io/insole_readers.hpp"
#include "secondheart/pipeline/insole.hpp"

namespace {
using namespace secondheart;

constexpr double kFs = 100.0;
constexpr Index kSamples = 360000;  // 1 h

InsoleRecording make_insole(Side side, unsigned seed) {
  InsoleRecording rec;
  rec.side = side;
  rec.sampling_rate_hz = kFs;
  rec.cell_force_n = ChannelSeries::Zero(kSamples, 8);
  rec.cell_position_m = io::gaitpdb_cell_positions(side, 0.26);
  std::mt19937 rng(seed);
  std::normal_distribution<double> jitter(0.0, 0.02);
  std::normal_distribution<double> noise(0.0, 2.0);
  double t = side == Side::Left ? 0.5 : 1.05;
  while (t < kSamples / kFs - 2.0) {
    if (std::fmod(t, 300.0) > 270.0) {  // standing: both feet loaded
      for (Index i = static_cast<Index>(t * kFs); i < static_cast<Index>((t + 30.0) * kFs) && i < kSamples; ++i)
        rec.cell_force_n.row(i).setConstant(45.0);
      t += 30.0;
      continue;
    }
    const double stride = 1.1 * (1.0 + jitter(rng));
    const auto ic = static_cast<Index>(t * kFs);
    const auto len = static_cast<Index>(0.62 * stride * kFs);
    for (Index j = 0; j < len && ic + j < kSamples; ++j) {
      const double s = static_cast<double>(j) / static_cast<double>(len);
      const double f = 750.0 * std::pow(std::sin(M_PI * s), 0.7) * (1.0 - 0.3 * std::exp(-std::pow((s - 0.5) / 0.15, 2)));
      // Load moves from the heel (cells 0-2) through mid-foot (3-4) to the forefoot (5-7).
      const double heel = std::max(0.0, 1.0 - s / 0.6), fore = std::clamp((s - 0.3) / 0.5, 0.0, 1.0);
      const double mid = 0.3, sum = heel + fore + mid;
      for (Index c = 0; c < 8; ++c) {
        const double share = c < 3 ? heel / 3 : (c < 5 ? mid / 2 : fore / 3);
        rec.cell_force_n(ic + j, c) = f * share / sum;
      }
    }
    t += stride;
  }
  for (Index i = 0; i < kSamples; ++i)
    for (Index c = 0; c < 8; ++c) rec.cell_force_n(i, c) = std::max(0.0, rec.cell_force_n(i, c) + noise(rng));
  return rec;
}

const Session& session() {
  static const Session s = [] {
    Session out;
    out.name = "bench_1h";
    out.insoles = {make_insole(Side::Left, 1), make_insole(Side::Right, 2)};
    out.subject.body_mass_kg = 75.0;
    return out;
  }();
  return s;
}

void BM_insole_events_1h(benchmark::State& state) {
  const InsoleRecording& rec = session().insoles[0];
  for (auto _ : state) {
    auto r = events::detect_insole_events(rec);
    benchmark::DoNotOptimize(r.events.ic.data());
  }
  state.SetItemsProcessed(state.iterations() * kSamples);
}
BENCHMARK(BM_insole_events_1h)->Unit(benchmark::kMillisecond);

void BM_analyze_insoles_1h_two_feet(benchmark::State& state) {
  Index cycles = 0;
  for (auto _ : state) {
    auto r = pipeline::analyze_insoles(session());
    cycles = r.cycles.rows();
    benchmark::DoNotOptimize(r.cycles.values.data());
  }
  state.SetItemsProcessed(state.iterations() * 2 * kSamples);
  state.counters["cycles"] = static_cast<double>(cycles);
}
BENCHMARK(BM_analyze_insoles_1h_two_feet)->Unit(benchmark::kMillisecond);

}  // namespace
