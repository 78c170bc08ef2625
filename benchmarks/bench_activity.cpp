// The activity stage on 24 h of two foot IMUs at 100 Hz (issue 16: under 1 s together with the foot
// pipeline). Same day as BM_FootPipeline24hDay in bench_foot_imu.cpp and bench_assess.cpp.
#include <benchmark/benchmark.h>

#include "hour_walk.hpp"
#include "secondheart/activity/activity.hpp"
#include "secondheart/pipeline/analyze.hpp"

using namespace secondheart;

namespace {
const Session& day() { return bench::foot_day(); }
// The feet analysed once (lean path) and their rotations: what analyze() hands the activity stage.
struct Feet {
  std::vector<PipelineResult> results;
  std::vector<activity::SegmentRotation> rotations;
};
const Feet& feet() {
  static const Feet f = [] {
    Feet out;
    const auto lean = pipeline::analyze_foot_imus_lean(day());
    for (const auto& foot : lean) out.rotations.push_back({Placement::Foot, foot.side, foot.alignment.segment_from_sensor});
    out.results.push_back(pipeline::merge_foot_imu_analyses(lean));
    return out;
  }();
  return f;
}
}  // namespace

// The stage alone: slow signals (foot pitch filter over every sample), bouts, terrain, exercises, hours.
void BM_Activity24hTwoFeet(benchmark::State& state) {
  const Feet& f = feet();
  for (auto _ : state) benchmark::DoNotOptimize(activity::analyze_activity(day(), f.results, {}, f.rotations));
  const auto result = activity::analyze_activity(day(), f.results, {}, f.rotations);
  state.counters["bouts"] = static_cast<double>(result.bouts.size());
  state.counters["hours"] = static_cast<double>(result.hours.size());
}
BENCHMARK(BM_Activity24hTwoFeet)->Unit(benchmark::kMillisecond);

// analyze() with and without the stage (the assessment off in both): the budget's figure.
void BM_Analyze24hWithActivity(benchmark::State& state) {
  Config c;
  c.assess.enabled = false;
  for (auto _ : state) benchmark::DoNotOptimize(analyze(day(), c));
}
BENCHMARK(BM_Analyze24hWithActivity)->Unit(benchmark::kMillisecond);

void BM_Analyze24hNoActivity(benchmark::State& state) {
  Config c;
  c.assess.enabled = false;
  c.activity.enabled = false;
  for (auto _ : state) benchmark::DoNotOptimize(analyze(day(), c));
}
BENCHMARK(BM_Analyze24hNoActivity)->Unit(benchmark::kMillisecond);
