// The running estimates a foot stream keeps for what batch takes from the whole recording (the rest
// split, the sensor-to-foot alignment, the still periods of the calibration): each adds up over parts
// to the whole-recording value, and a stream given the batch's values emits the batch's strides.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "secondheart/calibration/imu_calibration.hpp"
#include "secondheart/orientation/alignment.hpp"
#include "secondheart/orientation/zero_velocity.hpp"
#include "secondheart/pipeline/foot_imu.hpp"
#include "secondheart/stream/agreement.hpp"
#include "secondheart/stream/foot_imu_stream.hpp"
#include "secondheart/synth/walker.hpp"

using namespace secondheart;

namespace {

/// About 3 minutes at 100 Hz: standing, three walks with pauses.
synth::WalkResult walk() {
  synth::WalkerParams p;
  p.seed = 11;
  p.schedule = {{synth::ActivityKind::Stand, 5}, {synth::ActivityKind::Walk, 60}, {synth::ActivityKind::Stand, 6},
                {synth::ActivityKind::Walk, 45}, {synth::ActivityKind::Stand, 5}, {synth::ActivityKind::Walk, 50},
                {synth::ActivityKind::Stand, 5}};
  return synth::walk(p);
}

const ImuRecording& left_foot(const synth::WalkResult& w) { return *w.session.imu(Placement::Foot, Side::Left); }

stream::StreamUpdate stream_all(const ImuRecording& rec, stream::FootImuStream& s, Index chunk = 100) {
  stream::StreamUpdate all;
  for (Index i = 0; i < rec.size(); i += chunk) {
    const Index n = std::min(chunk, rec.size() - i);
    all.append(s.push(rec.acc_mps2.middleRows(i, n), rec.gyr_dps.middleRows(i, n)));
  }
  all.append(s.close());
  return all;
}

}  // namespace

TEST_CASE("running rest split: the parts' split is the whole recording's") {
  const synth::WalkResult w = walk();
  const ImuRecording& rec = left_foot(w);
  const double fs = rec.sampling_rate_hz;
  const orientation::ZeroVelocityParams zp;
  const double batch = orientation::detect_zero_velocity(rec.gyr_dps, fs, zp).threshold_dps;
  const Series motion = orientation::motion_statistic(rec.gyr_dps, fs, zp);
  const Index step = orientation::motion_histogram_step(fs);
  REQUIRE(step == 4);  // 100 Hz: every 4th sample (25 Hz)
  // Two thirds added, the last third given as `more`, as a stream does with its window.
  orientation::RunningMotionSplit split;
  CHECK(std::isnan(split.threshold({}, zp)));
  const Index b = 2 * rec.size() / 3;
  std::vector<double> more;
  for (Index i = 0; i < rec.size(); i += step) {
    if (i < b)
      split.add(motion[i]);
    else
      more.push_back(motion[i]);
  }
  CHECK(split.count() == (b + step - 1) / step);
  const double running = split.threshold(more, zp);
  INFO("batch " << batch << " running " << running);
  // The split is a bin edge of 128 bins over log(1 + motion): the fine histogram (0.0024 wide) can
  // move a value across an edge only when it lies within 0.0012 of it; here none does.
  CHECK(running == Approx(batch).epsilon(1e-12));
  // Everything as `more`: the exact batch histogram.
  std::vector<double> all;
  for (Index i = 0; i < rec.size(); i += step) all.push_back(motion[i]);
  CHECK(orientation::RunningMotionSplit{}.threshold(all, zp) == Approx(batch).epsilon(1e-12));
  // Clamped to the floor like detect_zero_velocity: a still sensor (0.5 deg/s) splits at 5 deg/s.
  orientation::RunningMotionSplit still;
  for (int i = 0; i < 100; ++i) still.add(0.5 + 0.001 * i);
  CHECK(still.threshold({}, zp) == zp.min_threshold_dps);
}

TEST_CASE("alignment moments add up over parts, and earlier moments complete a part's alignment") {
  const synth::WalkResult w = walk();
  const ImuRecording& rec = left_foot(w);
  const double fs = rec.sampling_rate_hz;
  const Index n = rec.size(), half = n / 2;
  const auto zv = orientation::detect_zero_velocity(rec.gyr_dps, fs);
  const auto whole = orientation::alignment_moments(rec.acc_mps2, rec.gyr_dps, zv.still, 0, n);
  auto parts = orientation::alignment_moments(rec.acc_mps2, rec.gyr_dps, zv.still, 0, half);
  parts += orientation::alignment_moments(rec.acc_mps2, rec.gyr_dps, zv.still, half, n);
  CHECK(parts.rest == whole.rest);
  CHECK(parts.moving == whole.moving);
  CHECK(parts.rest + parts.moving == n);
  CHECK(parts.up_z == Approx(whole.up_z).epsilon(1e-12));
  CHECK(parts.syy == Approx(whole.syy).epsilon(1e-12));
  CHECK(parts.sxz == Approx(whole.sxz).epsilon(1e-9));
  // A NaN row is skipped when asked (a stream's raw window), counted otherwise.
  Vec3Series acc = rec.acc_mps2;
  acc(10, 0) = NaN;
  CHECK(orientation::alignment_moments<true>(acc, rec.gyr_dps, zv.still, 0, 100).rest +
            orientation::alignment_moments<true>(acc, rec.gyr_dps, zv.still, 0, 100).moving ==
        99);
  CHECK_THROWS_WITH(orientation::alignment_moments(rec.acc_mps2, rec.gyr_dps, zv.still, 0, n + 1),
                    Catch::Contains("expected rows [begin, end)"));

  // The second half aligned with the first half's moments is the whole recording's alignment (the
  // halves' own rest detections differ only at the cut).
  const auto batch = orientation::align_foot(rec.acc_mps2, rec.gyr_dps, fs, rec.side);
  const Vec3Series acc2 = rec.acc_mps2.bottomRows(n - half), gyr2 = rec.gyr_dps.bottomRows(n - half);
  const auto alone = orientation::align_foot(acc2, gyr2, fs, rec.side);
  const auto first = orientation::alignment_moments(rec.acc_mps2, rec.gyr_dps, zv.still, 0, half);
  const auto completed = orientation::align_foot(acc2, gyr2, fs, rec.side, {}, first);
  const double alone_deg = orientation::rotation_angle_deg(alone.segment_from_sensor, batch.segment_from_sensor);
  const double completed_deg = orientation::rotation_angle_deg(completed.segment_from_sensor, batch.segment_from_sensor);
  INFO("second half alone " << alone_deg << " deg from batch, with the first half's moments " << completed_deg);
  CHECK(completed_deg < 0.05);
  CHECK(completed_deg <= alone_deg);
}

TEST_CASE("merge_still_periods: an own period overlapping an earlier one is the same rest") {
  auto period = [](Index b, Index e) {
    calibration::StillPeriod p;
    p.begin = b, p.end = e;
    return p;
  };
  const std::vector<calibration::StillPeriod> earlier = {period(-500, -200), period(-100, 150)};
  const std::vector<calibration::StillPeriod> own = {period(10, 150), period(400, 600)};
  const auto merged = calibration::merge_still_periods(earlier, own);
  REQUIRE(merged.size() == 3);
  CHECK(merged[0].begin == -500);
  CHECK(merged[1].begin == -100);
  CHECK(merged[2].begin == 400);
  CHECK(calibration::merge_still_periods({}, own).size() == 2);
}

TEST_CASE("known_alignment: the batch's own rotation gives the batch's table, a non-rotation is refused") {
  const synth::WalkResult w = walk();
  const ImuRecording& rec = left_foot(w);
  const pipeline::FootImuAnalysis batch = pipeline::analyze_foot_imu(rec);
  pipeline::FootImuPipelineParams given;
  given.known_alignment[0] = batch.alignment.segment_from_sensor;
  const pipeline::FootImuAnalysis same = pipeline::analyze_foot_imu(rec, given);
  REQUIRE(same.metrics.table.rows() == batch.metrics.table.rows());
  CHECK(same.metrics.table.values.cwiseEqual(batch.metrics.table.values).count() +
            (same.metrics.table.values.array().isNaN() && batch.metrics.table.values.array().isNaN()).count() ==
        batch.metrics.table.values.size());
  // Only the left foot's entry is used for a left foot.
  pipeline::FootImuPipelineParams other;
  other.known_alignment[1] = Eigen::Matrix3d::Zero();
  CHECK_NOTHROW(pipeline::analyze_foot_imu(rec, other));
  pipeline::FootImuPipelineParams bad;
  bad.known_alignment[0] = 2.0 * Eigen::Matrix3d::Identity();
  CHECK_THROWS_WITH(pipeline::analyze_foot_imu(rec, bad), Catch::Contains("rotation matrix"));
  bad.known_alignment[0] = -Eigen::Matrix3d::Identity();  // orthonormal but a reflection
  CHECK_THROWS_WITH(pipeline::analyze_foot_imu(rec, bad), Catch::Contains("determinant +1"));
}

TEST_CASE("foot stream: running estimates take every sample once and end at the batch's split") {
  const synth::WalkResult w = walk();
  const ImuRecording& rec = left_foot(w);
  stream::FootImuStream s(rec.sampling_rate_hz, rec.side);
  CHECK(std::isnan(s.rest_threshold_dps()));
  const stream::StreamUpdate all = stream_all(rec, s, 37);
  CHECK(s.estimate_samples() == rec.size());
  const double batch = orientation::detect_zero_velocity(rec.gyr_dps, rec.sampling_rate_hz).threshold_dps;
  CHECK(s.rest_threshold_dps() == Approx(batch).epsilon(1e-12));
  // The synthetic walk stands 5-6 s between walks: still periods for the calibration, kept once each.
  const pipeline::FootImuAnalysis full = pipeline::analyze_foot_imu(rec);
  CHECK(static_cast<Index>(s.estimate_still_periods()) == full.calibration.still_periods);
}

TEST_CASE("foot stream given the batch's estimates emits the batch's strides") {
  // The stream's only difference from batch is where its estimates come from: given the whole
  // recording's alignment, calibration, rest split and swing threshold, every stride outside the
  // warm-up is batch's.
  const synth::WalkResult w = walk();
  const ImuRecording& rec = left_foot(w);
  const pipeline::FootImuAnalysis full = pipeline::analyze_foot_imu(rec);
  pipeline::FootImuPipelineParams given;
  given.known_alignment[0] = full.alignment.segment_from_sensor;
  given.known_calibration[0] = full.calibration;
  given.alignment.zero_velocity.threshold_dps = given.events.zero_velocity.threshold_dps =
      full.events.zero_velocity.threshold_dps;
  given.events.swing_peak_threshold_dps = full.events.swing_peak_threshold_dps;  // the 99th percentile's
  stream::FootImuStream s(rec.sampling_rate_hz, rec.side, given);
  const stream::StreamUpdate all = stream_all(rec, s);
  Session session;
  session.imus.push_back(rec);
  const CycleTable batch = pipeline::analyze_foot_imus(session).cycles;
  const stream::Agreement a = stream::compare_with_batch(all.strides, all.stride_warming_up, batch, 1, 0.01);
  INFO("compared " << a.compared << " found " << a.found << " agree " << a.agree << " worst " << a.worst_column << " "
                   << a.worst_relative);
  REQUIRE(a.compared > 60);
  CHECK(a.same_events == a.compared);
  // All but one: the last stride before the stand at 65-71 s. Batch anchors that stand at its least
  // motion, 5.6 s in (sample 6961), further than max_rest_gap_s from the stride's first rest, so its
  // stride length is NaN; when the stride is emitted the window holds the stand's first 6 s only
  // and anchors it at 6415 (measured 1.42 m). A stand's least-motion sample is not known before it ends.
  CHECK(a.agree == a.compared - 1);
  const stream::Agreement same = stream::compare_with_batch(all.strides, all.stride_warming_up, batch, 1, 1e-9);
  CHECK(same.agree == a.agree);  // the others are equal to 1e-9, not only within 1 %
}

TEST_CASE("compare_with_batch: a batch stride not found that ends in the warm-up is a warm-up stride") {
  auto table = [](std::vector<std::pair<Index, Index>> strides) {
    CycleTable t;
    t.columns = {"stride_time_s"};
    t.values.resize(static_cast<Index>(strides.size()), 1);
    for (std::size_t k = 0; k < strides.size(); ++k) {
      Cycle c;
      c.side = Side::Left, c.ic = strides[k].first, c.next_ic = strides[k].second;
      t.cycles.push_back(c);
      t.values(static_cast<Index>(k), 0) = static_cast<double>(c.next_ic - c.ic) / 100.0;
    }
    return t;
  };
  // Batch: strides at 100, 210 and 3100; the stream split the first one differently while warming up
  // (IC 105, not within ±1) and found the other two.
  const CycleTable batch = table({{100, 210}, {210, 320}, {3100, 3210}});
  const CycleTable stream = table({{105, 210}, {210, 320}, {3100, 3210}});
  const std::vector<bool> warm = {true, true, false};
  const stream::Agreement unknown = stream::compare_with_batch(stream, warm, batch);
  CHECK(unknown.warm_up == 1);  // IC 210, matched in the warm-up
  CHECK(unknown.compared == 2);  // 100 (not found) and 3100
  CHECK(unknown.found == 1);
  const stream::Agreement known = stream::compare_with_batch(stream, warm, batch, 1, 0.01, 0, 0,
                                                             std::numeric_limits<Index>::max(), 3000);
  CHECK(known.warm_up == 2);
  CHECK(known.compared == 1);
  CHECK(known.found == 1);
  CHECK(known.agree == 1);
}
