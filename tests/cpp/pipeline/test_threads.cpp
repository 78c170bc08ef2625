// analyze() and the foot pipeline called from several threads at once on the same const inputs give
// results identical (bit for bit) to a serial run. Built under ThreadSanitizer by `make tsan`, which
// reports any data race; in the ASan suite it checks the results only.
#include <catch2/catch.hpp>

#include <cstring>
#include <latch>
#include <thread>

#include "secondheart/io/report.hpp"
#include "secondheart/pipeline/analyze.hpp"
#include "secondheart/synth/walker.hpp"

using namespace secondheart;

namespace {

constexpr std::size_t thread_count = 4;

/// Feet, shanks and insoles of both legs (synth::walk gives all six): every pipeline runs.
Session all_sensors_session() {
  synth::WalkerParams p;
  p.sampling_rate_hz = 100.0;
  p.schedule = {{synth::ActivityKind::Stand, 3}, {synth::ActivityKind::Walk, 12}, {synth::ActivityKind::Stand, 3}};
  return synth::walk(p).session;
}

/// Bit-identical tables (NaN where NaN): a tolerance would hide a race that perturbs the last bit.
bool same_bits(const CycleTable& a, const CycleTable& b) {
  return a.columns == b.columns && a.values.rows() == b.values.rows() && a.values.cols() == b.values.cols() &&
         std::memcmp(a.values.data(), b.values.data(), sizeof(double) * static_cast<std::size_t>(a.values.size())) == 0;
}

/// Runs `work(k)` on thread_count threads that start together; returns their results in order.
template <typename Work>
auto on_threads(Work work) {
  std::vector<decltype(work(std::size_t{0}))> results(thread_count);
  std::latch start(static_cast<std::ptrdiff_t>(thread_count));
  std::vector<std::thread> threads;
  for (std::size_t k = 0; k < thread_count; ++k)
    threads.emplace_back([&, k] {
      start.arrive_and_wait();
      results[k] = work(k);
    });
  for (auto& t : threads) t.join();
  return results;
}

}  // namespace

TEST_CASE("threads: analyze() from several threads on one session equals the serial result") {
  const Session session = all_sensors_session();
  const Config config;
  const Analysis serial = analyze(session, config);
  REQUIRE(serial.results.size() == 3);  // insole, foot_imu, shank_imu
  const std::string serial_json = io::to_json(serial);

  const auto parallel = on_threads([&](std::size_t) { return analyze(session, config); });
  for (std::size_t k = 0; k < thread_count; ++k) {
    INFO("thread " << k);
    REQUIRE(parallel[k].results.size() == serial.results.size());
    for (std::size_t r = 0; r < serial.results.size(); ++r) {
      INFO("result " << serial.results[r].cycles.source);
      CHECK(same_bits(parallel[k].results[r].cycles, serial.results[r].cycles));
    }
    CHECK(io::to_json(parallel[k]) == serial_json);  // events, flags, summaries, assessments
  }
}

TEST_CASE("threads: the foot pipeline from several threads equals the serial result") {
  const Session session = all_sensors_session();
  const pipeline::FootImuPipelineParams params;
  const PipelineResult serial = pipeline::analyze_foot_imus(session, params);
  REQUIRE(serial.cycles.rows() > 0);
  const auto parallel = on_threads([&](std::size_t) { return pipeline::analyze_foot_imus(session, params); });
  for (std::size_t k = 0; k < thread_count; ++k) {
    INFO("thread " << k);
    CHECK(same_bits(parallel[k].cycles, serial.cycles));
    REQUIRE(parallel[k].events.size() == serial.events.size());
    for (std::size_t s = 0; s < serial.events.size(); ++s) {
      CHECK(parallel[k].events[s].ic == serial.events[s].ic);
      CHECK(parallel[k].events[s].fc == serial.events[s].fc);
    }
  }
}
