// The toe-off assessment and the JSON report against the analysis they follow (issue 15: together under
// 5 % of analysing 24 h of two feet). Same day as BM_FootPipeline24hDay in bench_foot_imu.cpp.
#include <benchmark/benchmark.h>

#include "hour_walk.hpp"
#include "secondheart/assess.hpp"
#include "secondheart/io/report.hpp"
#include "secondheart/pipeline/analyze.hpp"

using namespace secondheart;

namespace {
const Session& day() { return bench::foot_day(); }
const Analysis& analysed_day() {
  static const Analysis a = [] {
    Config c;
    c.assess.enabled = false;
    return analyze(day(), c);
  }();
  return a;
}
}  // namespace

// analyze() without the assessment: the reference the next two are compared with.
void BM_Analyze24hNoAssessment(benchmark::State& state) {
  Config c;
  c.assess.enabled = false;
  const Session& s = day();  // generated once, outside the timing
  for (auto _ : state) benchmark::DoNotOptimize(analyze(s, c));
}
BENCHMARK(BM_Analyze24hNoAssessment)->Unit(benchmark::kMillisecond);

// What analyze() adds: parse the built-in norms, gather the valid cycles' features, assess.
void BM_Assess24h(benchmark::State& state) {
  const Analysis& a = analysed_day();
  for (auto _ : state) {
    const assess::Norms norms = assess::default_norms();
    benchmark::DoNotOptimize(assess::assess_toe_off(assess::features_from_cycles(a.results[0].cycles), norms));
  }
  state.counters["cycles"] = static_cast<double>(a.results[0].cycles.rows());
}
BENCHMARK(BM_Assess24h)->Unit(benchmark::kMillisecond);

// The whole report of the day (every cycle, event and the assessment) as JSON.
void BM_ReportJson24h(benchmark::State& state) {
  Analysis a = analysed_day();
  const assess::Norms norms = assess::default_norms();
  a.assessments.push_back(assess::assess_toe_off(assess::features_from_cycles(a.results[0].cycles), norms));
  for (auto _ : state) benchmark::DoNotOptimize(io::to_json(a, -1));
}
BENCHMARK(BM_ReportJson24h)->Unit(benchmark::kMillisecond);

// The report's assessment part alone (what the assessment adds to a report).
void BM_ReportAssessmentOnly24h(benchmark::State& state) {
  Analysis a;
  const assess::Norms norms = assess::default_norms();
  a.assessments.push_back(assess::assess_toe_off(assess::features_from_cycles(analysed_day().results[0].cycles), norms));
  for (auto _ : state) benchmark::DoNotOptimize(io::to_json(a, -1));
}
BENCHMARK(BM_ReportAssessmentOnly24h)->Unit(benchmark::kMicrosecond);

// The lean foot pipeline of bench_foot_imu.cpp on the same day: the 0.59 s the budget is measured against.
void BM_FootImus24hLean(benchmark::State& state) {
  const Session& s = day();
  for (auto _ : state) benchmark::DoNotOptimize(pipeline::analyze_foot_imus(s));
}
BENCHMARK(BM_FootImus24hLean)->Unit(benchmark::kMillisecond);

void BM_ParseDefaultNorms(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(assess::default_norms());
}
BENCHMARK(BM_ParseDefaultNorms)->Unit(benchmark::kMicrosecond);
