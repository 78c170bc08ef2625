// ShankImuStream, InsoleStream and SessionStream on the synthetic walker: the streamed strides agree
// with the batch pipelines of the same sensors, and the session stream routes chunks by sensor.
#include <catch2/catch.hpp>

#include "secondheart/pipeline/ankle.hpp"
#include "secondheart/pipeline/insole.hpp"
#include "secondheart/stream/agreement.hpp"
#include "secondheart/stream/session_stream.hpp"
#include "secondheart/synth/walker.hpp"

using namespace secondheart;

namespace {

synth::WalkResult long_walk() {
  synth::WalkerParams p;
  p.seed = 11;
  p.schedule = {{synth::ActivityKind::Stand, 5}, {synth::ActivityKind::Walk, 60}, {synth::ActivityKind::Stand, 6},
                {synth::ActivityKind::Walk, 50}, {synth::ActivityKind::Stand, 5}};
  return synth::walk(p);
}

template <class Push>
stream::StreamUpdate run(Index n, Index chunk, Push push) {
  stream::StreamUpdate all;
  for (Index i = 0; i < n; i += chunk) all.append(push(i, std::min(chunk, n - i)));
  return all;
}

}  // namespace

TEST_CASE("shank stream agrees with the shank pipeline") {
  const synth::WalkResult w = long_walk();
  const ImuRecording& rec = *w.session.imu(Placement::Shank, Side::Right);
  stream::ShankImuStream s(rec.sampling_rate_hz, Side::Right, {}, {}, rec.frame);
  stream::StreamUpdate all = run(rec.size(), 64, [&](Index i, Index n) {
    return s.push(rec.acc_mps2.middleRows(i, n), rec.gyr_dps.middleRows(i, n));
  });
  all.append(s.close());
  Session session;
  session.imus.push_back(rec);
  const CycleTable batch = pipeline::analyze_shank_imus(session).cycles;
  const stream::Agreement a = stream::compare_with_batch(all.strides, all.stride_warming_up, batch, 1, 0.01, 0.2, 0.002);
  std::string off;
  for (const auto& [name, count] : a.disagreements)
    if (count > 0) off += name + ": " + std::to_string(count) + "; ";
  INFO("compared " << a.compared << " found " << a.found << " events " << a.same_events << " agree " << a.agree << " " << off);
  REQUIRE(a.compared > 50);
  CHECK(a.found == a.compared);
  CHECK(a.same_events == a.compared);
  CHECK(a.fraction() >= 0.98);
  CHECK(all.strides.source == "shank_imu");
}

TEST_CASE("insole stream agrees with the insole pipeline") {
  const synth::WalkResult w = long_walk();
  const InsoleRecording& rec = *w.session.insole(Side::Left);
  stream::InsoleStream s(rec.sampling_rate_hz, Side::Left, rec.cell_position_m, rec.foot_length_m);
  stream::StreamUpdate all = run(rec.size(), 100, [&](Index i, Index n) { return s.push(rec.cell_force_n.middleRows(i, n)); });
  all.append(s.close());
  Session session;
  session.insoles.push_back(rec);
  session.insoles.back().total_force_n.resize(0);  // the stream sums the cells, as batch does without a device total
  const CycleTable batch = pipeline::analyze_insoles(session).cycles;
  const stream::Agreement a = stream::compare_with_batch(all.strides, all.stride_warming_up, batch, 1, 0.01, 0.2, 0.002);
  std::string off;
  for (const auto& [name, count] : a.disagreements)
    if (count > 0) off += name + ": " + std::to_string(count) + "; ";
  INFO("compared " << a.compared << " found " << a.found << " events " << a.same_events << " agree " << a.agree << " " << off);
  REQUIRE(a.compared > 50);
  CHECK(a.found == a.compared);
  CHECK(a.same_events == a.compared);
  CHECK(a.fraction() >= 0.98);
  // Wrong number of cells: expected vs got.
  stream::InsoleStream t(rec.sampling_rate_hz, Side::Left, rec.cell_position_m);
  CHECK_THROWS_WITH(t.push(ChannelSeries::Zero(5, rec.cell_count() + 1)),
                    Catch::Contains("expected cell forces (samples, cells) with " + std::to_string(rec.cell_count()) +
                                    " columns, got " + std::to_string(rec.cell_count() + 1)));
}

TEST_CASE("session stream routes chunks to each sensor's stream") {
  const synth::WalkResult w = long_walk();
  const ImuRecording& lf = *w.session.imu(Placement::Foot, Side::Left);
  const ImuRecording& rf = *w.session.imu(Placement::Foot, Side::Right);
  stream::SessionStream session;
  session.add_imu(Placement::Foot, Side::Left, lf.sampling_rate_hz, lf.frame);
  session.add_imu(Placement::Foot, Side::Right, rf.sampling_rate_hz, rf.frame);
  CHECK_THROWS_WITH(session.add_imu(Placement::Foot, Side::Left, 100.0), Catch::Contains("one foot IMU per side"));
  CHECK_THROWS_WITH(session.push_imu(Placement::Shank, Side::Left, lf.acc_mps2.topRows(2), lf.gyr_dps.topRows(2)),
                    Catch::Contains("no left shank IMU"));
  stream::StreamUpdate left, right;
  for (Index i = 0; i < lf.size(); i += 250) {
    const Index n = std::min<Index>(250, lf.size() - i);
    left.append(session.push_imu(Placement::Foot, Side::Left, lf.acc_mps2.middleRows(i, n), lf.gyr_dps.middleRows(i, n)));
    right.append(session.push_imu(Placement::Foot, Side::Right, rf.acc_mps2.middleRows(i, n), rf.gyr_dps.middleRows(i, n)));
  }
  CHECK_FALSE(session.warming_up());
  const std::vector<stream::StreamUpdate> rest = session.close();
  REQUIRE(rest.size() == 2);
  left.append(rest[0]);
  right.append(rest[1]);
  for (const Cycle& c : left.strides.cycles) CHECK(c.side == Side::Left);
  for (const Cycle& c : right.strides.cycles) CHECK(c.side == Side::Right);
  // Every steady stride of the walker on each side, IC within one sample.
  for (const auto* pair : {&left, &right}) {
    const synth::SideTruth& truth = pair == &left ? w.left : w.right;
    Index steady = 0, found = 0;
    for (std::size_t k = 0; k < truth.stride_ic.size(); ++k) {
      if (!truth.stride_steady[k]) continue;
      ++steady;
      for (const Cycle& c : pair->strides.cycles)
        if (std::abs(c.ic - truth.stride_ic[k]) <= 1) {
          ++found;
          break;
        }
    }
    CHECK(found == steady);
  }
  CHECK_THROWS_WITH(session.close(), Catch::Contains("close() called twice"));
}
