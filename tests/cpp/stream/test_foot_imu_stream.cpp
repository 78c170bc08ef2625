// FootImuStream on the synthetic walker: chunking does not change the strides, the strides agree with
// the batch pipeline and with the walker's events, the latency bound holds, and bad input gives flags
// or clear errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "secondheart/pipeline/foot_imu.hpp"
#include "secondheart/stream/agreement.hpp"
#include "secondheart/stream/foot_imu_stream.hpp"
#include "secondheart/synth/walker.hpp"

using namespace secondheart;

namespace {

/// About 4 minutes at 100 Hz: walking bouts of 40-70 s between pauses, longer than the 30 s window.
synth::WalkResult long_walk() {
  synth::WalkerParams p;
  p.seed = 7;
  p.schedule = {{synth::ActivityKind::Stand, 5}, {synth::ActivityKind::Walk, 70}, {synth::ActivityKind::Stand, 6},
                {synth::ActivityKind::Walk, 45}, {synth::ActivityKind::Sit, 12},  {synth::ActivityKind::Walk, 60},
                {synth::ActivityKind::Stand, 5}};
  return synth::walk(p);
}

const ImuRecording& left_foot(const synth::WalkResult& w) { return *w.session.imu(Placement::Foot, Side::Left); }

struct Collected {
  stream::StreamUpdate all;
  std::vector<Index> emitted_at;  ///< samples seen when each stride was returned
  QualityFlags flags;
};

Collected run(const ImuRecording& rec, Index chunk, const stream::StreamParams& params = {}) {
  stream::FootImuStream s(rec.sampling_rate_hz, rec.side, {}, params, rec.frame);
  Collected out;
  auto take = [&](stream::StreamUpdate u) {
    for (Index r = 0; r < u.strides.rows(); ++r) out.emitted_at.push_back(u.samples_seen);
    out.all.append(u);
  };
  for (Index i = 0; i < rec.size(); i += chunk) {
    const Index n = std::min(chunk, rec.size() - i);
    take(s.push(rec.acc_mps2.middleRows(i, n), rec.gyr_dps.middleRows(i, n)));
  }
  take(s.close());
  return out;
}

CycleTable batch_table(const ImuRecording& rec) {
  Session session;
  session.imus.push_back(rec);
  return pipeline::analyze_foot_imus(session).cycles;
}

}  // namespace

TEST_CASE("foot stream: chunks of 1, 7, 1000 samples and one push give the same strides") {
  const synth::WalkResult w = long_walk();
  const ImuRecording& rec = left_foot(w);
  const Collected one_go = run(rec, rec.size());
  REQUIRE(one_go.all.strides.rows() > 100);
  for (Index chunk : {Index{1}, Index{7}, Index{1000}}) {
    CAPTURE(chunk);
    const Collected c = run(rec, chunk);
    REQUIRE(c.all.strides.rows() == one_go.all.strides.rows());
    for (Index r = 0; r < c.all.strides.rows(); ++r) {
      const Cycle& a = c.all.strides.cycles[static_cast<std::size_t>(r)];
      const Cycle& b = one_go.all.strides.cycles[static_cast<std::size_t>(r)];
      CHECK(a.ic == b.ic);
      CHECK(a.next_ic == b.next_ic);
      CHECK(a.fc == b.fc);
      CHECK(a.status == b.status);
    }
    // The analyses run at the same sample counts whatever the chunking: the numbers are identical.
    CHECK(c.all.strides.values.cwiseEqual(one_go.all.strides.values).count() +
              (c.all.strides.values.array().isNaN() && one_go.all.strides.values.array().isNaN()).count() ==
          one_go.all.strides.values.size());
  }
}

TEST_CASE("foot stream: strides agree with batch and with the walker's events, none twice") {
  const synth::WalkResult w = long_walk();
  const ImuRecording& rec = left_foot(w);
  const Collected c = run(rec, 50);
  const CycleTable batch = batch_table(rec);
  // Strict 1 % rule, then with resolution floors of 0.2 deg and 2 mm for the near-zero metrics.
  const stream::Agreement strict = stream::compare_with_batch(c.all.strides, c.all.stride_warming_up, batch);
  const stream::Agreement a = stream::compare_with_batch(c.all.strides, c.all.stride_warming_up, batch, 1, 0.01, 0.2, 0.002);
  INFO("compared " << a.compared << " found " << a.found << " events " << a.same_events << " agree " << a.agree
                   << " worst " << a.worst_column << " " << a.worst_relative);
  std::string off;  // which metrics differ, when some do
  for (const auto& [name, count] : a.disagreements)
    if (count > 0) off += name + ": " + std::to_string(count) + "; ";
  INFO(off);
  REQUIRE(a.compared > 80);
  CHECK(a.found == a.compared);
  CHECK(a.same_events == a.compared);
  // Measured: 135 of 137. The other two are the last strides of a bout before a stand, whose stride
  // length batch leaves NaN: it anchors the stand at its least motion, seconds in (beyond
  // max_rest_gap_s); the window at emission holds the stand's first seconds only (see
  // test_running_estimates.cpp, "given the batch's estimates").
  CHECK(a.fraction() >= 0.98);
  CHECK(a.agree >= a.compared - 2);
  // Strictly within 1 % (no floors), heading change (about ±0.05 deg on this straight walk) differs
  // by a few hundredths of a degree on most strides: the gyro bias comes from the window's rest.
  CHECK(strict.agree < a.agree);
  // Strided in time order, each IC once.
  for (Index r = 1; r < c.all.strides.rows(); ++r)
    CHECK(c.all.strides.cycles[static_cast<std::size_t>(r)].ic > c.all.strides.cycles[static_cast<std::size_t>(r - 1)].ic);
  // Every true steady stride's IC is emitted within one sample (the walker puts the detector's feature at IC).
  Index matched = 0, steady = 0;
  for (std::size_t k = 0; k < w.left.stride_ic.size(); ++k) {
    if (!w.left.stride_steady[k]) continue;
    ++steady;
    for (const Cycle& s : c.all.strides.cycles)
      if (std::abs(s.ic - w.left.stride_ic[k]) <= 1 && std::abs(s.next_ic - w.left.stride_next_ic[k]) <= 1) {
        ++matched;
        break;
      }
  }
  CHECK(matched == steady);
}

TEST_CASE("foot stream: a stride comes out at most one stride + guard + hop after its end") {
  const synth::WalkResult w = long_walk();
  const ImuRecording& rec = left_foot(w);
  const stream::StreamParams params;
  const Collected c = run(rec, 1, params);
  const double fs = rec.sampling_rate_hz;
  const double stride_s = w.params.stride_time_s();
  Index live = 0;
  for (Index r = 0; r < c.all.strides.rows(); ++r) {
    const Cycle& s = c.all.strides.cycles[static_cast<std::size_t>(r)];
    const Index at = c.emitted_at[static_cast<std::size_t>(r)];
    if (at == rec.size()) continue;  // flushed by close()
    ++live;
    const double latency_s = static_cast<double>(at - s.next_ic) / fs;
    CAPTURE(r, s.ic, latency_s);
    // Walking: the next stride plus the guard, at the next analysis (one hop). A bout's last stride
    // waits 1.5 median strides for an IC that does not come.
    CHECK(latency_s <= 1.5 * stride_s + params.guard_s + params.hop_s + 1.0 / fs);
    CHECK(latency_s >= 0.0);
  }
  CHECK(live > 100);
}

TEST_CASE("foot stream: bad input") {
  const synth::WalkResult w = long_walk();
  const ImuRecording& rec = left_foot(w);
  const double fs = rec.sampling_rate_hz;

  SECTION("zero-length chunks are no-ops") {
    stream::FootImuStream s(fs, Side::Left);
    const stream::StreamUpdate u = s.push(Vec3Series(0, 3), Vec3Series(0, 3));
    CHECK(u.empty());
    CHECK(u.warming_up);
    CHECK(s.samples_seen() == 0);
  }
  SECTION("mismatched shapes and push after close throw, saying so") {
    stream::FootImuStream s(fs, Side::Left);
    CHECK_THROWS_WITH(s.push(rec.acc_mps2.topRows(10), rec.gyr_dps.topRows(9)),
                      Catch::Contains("expected as many acc as gyro samples, got 10 and 9"));
    const Series t = Series::LinSpaced(5, 0.0, 0.04);
    CHECK_THROWS_WITH(s.push(rec.acc_mps2.topRows(4), rec.gyr_dps.topRows(4), &t),
                      Catch::Contains("expected one timestamp per sample (4), got 5"));
    s.close();
    CHECK_THROWS_WITH(s.push(rec.acc_mps2.topRows(4), rec.gyr_dps.topRows(4)), Catch::Contains("push() after close()"));
    CHECK_THROWS_WITH(s.close(), Catch::Contains("close() called twice"));
    CHECK_THROWS_WITH(stream::FootImuStream(0.0, Side::Left), Catch::Contains("sampling_rate_hz > 0"));
  }
  SECTION("a sampling rate that changes mid-stream is refused, and the stream goes on") {
    stream::FootImuStream s(fs, Side::Left);
    const Series t0 = Series::LinSpaced(100, 0.0, 99 / fs);
    s.push(rec.acc_mps2.topRows(100), rec.gyr_dps.topRows(100), &t0);
    const Series t1 = Series::LinSpaced(100, 100 / fs, 100 / fs + 99 / (2 * fs));  // twice the rate
    CHECK_THROWS_WITH(s.push(rec.acc_mps2.middleRows(100, 100), rec.gyr_dps.middleRows(100, 100), &t1),
                      Catch::Contains("a stream has one sampling rate"));
    CHECK(s.samples_seen() == 100);  // the refused chunk changed nothing
    const Series t2 = Series::LinSpaced(100, 100 / fs, 199 / fs);
    CHECK_NOTHROW(s.push(rec.acc_mps2.middleRows(100, 100), rec.gyr_dps.middleRows(100, 100), &t2));
    CHECK(s.samples_seen() == 200);
    const Series back = Series::Constant(3, 1.0);  // not increasing
    CHECK_THROWS_WITH(s.push(rec.acc_mps2.topRows(3), rec.gyr_dps.topRows(3), &back),
                      Catch::Contains("expected increasing timestamps"));
  }
  SECTION("a NaN run is flagged once whatever the chunking, and its strides are bad_data") {
    ImuRecording holed = rec;
    const Index begin = static_cast<Index>(40 * fs), length = static_cast<Index>(0.5 * fs);
    holed.acc_mps2.middleRows(begin, length).setConstant(std::numeric_limits<double>::quiet_NaN());
    for (Index chunk : {Index{1}, Index{333}}) {
      const Collected c = run(holed, chunk);
      Index missing = 0;
      for (const auto& f : c.all.flags)
        if (f.code == "stream_missing") {
          ++missing;
          CHECK_THAT(f.message, Catch::Contains("50 missing (non-finite) samples [4000, 4050)"));
        }
      CHECK(missing == 1);
      Index bad = 0;
      for (const Cycle& s : c.all.strides.cycles)
        if (s.ic < begin + length && s.next_ic > begin) {
          CHECK(s.status == CycleStatus::BadData);
          ++bad;
        }
      CHECK(bad >= 1);
      // The walking around it goes on: strides after the gap are emitted.
      CHECK(c.all.strides.cycles.back().ic > begin + static_cast<Index>(20 * fs));
    }
  }
  SECTION("a gap in the timestamps splits the stream; indices stay on the stream clock") {
    stream::FootImuStream s(fs, Side::Left);
    stream::StreamUpdate all;
    const Index half = static_cast<Index>(60 * fs);
    Series t = Series::LinSpaced(rec.size(), 0.0, static_cast<double>(rec.size() - 1) / fs);
    t.tail(rec.size() - half).array() += 10.0;  // 10 s without samples
    for (Index i = 0; i < rec.size(); i += 500) {
      const Index n = std::min<Index>(500, rec.size() - i);
      const Series ti = t.segment(i, n);
      all.append(s.push(rec.acc_mps2.middleRows(i, n), rec.gyr_dps.middleRows(i, n), &ti));
    }
    all.append(s.close());
    Index gaps = 0;
    for (const auto& f : all.flags) gaps += f.code == "stream_gap";
    CHECK(gaps == 1);
    CHECK(s.samples_seen() == rec.size() + static_cast<Index>(10 * fs));
    // Strides after the gap sit 10 s (1000 samples) later than in the recording: the walker's ICs + 1000.
    Index shifted = 0;
    for (const Cycle& c : all.strides.cycles) {
      if (c.ic < half + static_cast<Index>(10 * fs)) continue;
      for (Index ic : w.left.stride_ic)
        if (std::abs(c.ic - (ic + static_cast<Index>(10 * fs))) <= 1) {
          ++shifted;
          break;
        }
    }
    CHECK(shifted > 40);
  }
}

TEST_CASE("foot stream: memory is the window, whatever the duration") {
  // The window's rows are fixed at construction: 30 s at 100 Hz = 3000 rows of 6 doubles, and the
  // stream keeps no per-stride history (each push returns its strides). Pushing 8 times the window
  // leaves samples_seen growing while the update sizes stay bounded by a window's strides.
  const synth::WalkResult w = long_walk();
  const ImuRecording& rec = left_foot(w);
  stream::FootImuStream s(rec.sampling_rate_hz, Side::Left);
  Index max_rows = 0;
  for (Index i = 0; i < rec.size(); i += 1000) {
    const Index n = std::min<Index>(1000, rec.size() - i);
    max_rows = std::max(max_rows, s.push(rec.acc_mps2.middleRows(i, n), rec.gyr_dps.middleRows(i, n)).strides.rows());
  }
  CHECK(max_rows <= 12);  // 10 s of samples hold at most ~9 strides at 1.09 s per stride
  CHECK(s.samples_seen() == rec.size());
}
