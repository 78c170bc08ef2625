// The shank/ankle pipeline on the synthetic walker: ankle angle from the IMUs against the model's
// ankle angle, shank events against the model's contacts, weak push-off, sensor-frame mountings,
// gaps and bad arguments.
#include <catch2/catch.hpp>

#include <Eigen/Geometry>
#include <cmath>

#include "secondheart/pipeline/analyze.hpp"
#include "secondheart/pipeline/ankle.hpp"
#include "secondheart/synth/walker.hpp"

using namespace secondheart;

namespace {

/// Signed sample offsets from each truth event to the nearest detected one (truth events with no
/// detection within `window` samples are counted as missed).
struct EventMatch {
  std::vector<Index> offsets;
  Index missed = 0;
};

EventMatch match(const std::vector<Index>& detected, const std::vector<Index>& truth, Index window) {
  EventMatch out;
  for (Index t : truth) {
    Index best = -1;
    for (Index d : detected)
      if (best < 0 || std::abs(d - t) < std::abs(best - t)) best = d;
    if (best < 0 || std::abs(best - t) > window) ++out.missed;
    else out.offsets.push_back(best - t);
  }
  return out;
}

double stride_rmse(const Series& estimate, const synth::SideTruth& truth) {
  double ss = 0;
  Index count = 0;
  for (std::size_t k = 0; k < truth.stride_ic.size(); ++k)
    for (Index i = truth.stride_ic[k]; i < truth.stride_next_ic[k]; ++i)
      if (std::isfinite(estimate[i])) {
        ss += std::pow(estimate[i] - truth.ankle_angle_deg[i], 2);
        ++count;
      }
  REQUIRE(count > 0);
  return std::sqrt(ss / static_cast<double>(count));
}

double median_valid(const CycleTable& table, const std::string& column, Side side) {
  std::vector<double> values;
  const Eigen::VectorXd col = table.column(column);
  for (Index r = 0; r < table.rows(); ++r)
    if (table.cycles[static_cast<std::size_t>(r)].side == side && table.cycles[static_cast<std::size_t>(r)].valid())
      values.push_back(col[r]);
  return metrics::quantile(values, 0.5);
}

/// The recording as an arbitrarily mounted sensor would write it: sensor = Rᵀ · segment.
ImuRecording remount(ImuRecording rec, const Eigen::Matrix3d& sensor_to_segment) {
  rec.acc_mps2 = rec.acc_mps2 * sensor_to_segment;  // rows: (Rᵀ v)ᵀ = vᵀ R
  rec.gyr_dps = rec.gyr_dps * sensor_to_segment;
  rec.frame = AxesFrame::Sensor;
  return rec;
}

}  // namespace

TEST_CASE("synthetic walker: ankle angle within 2 deg RMSE, shank IC/FC within 2 samples", "[pipeline][ankle]") {
  synth::WalkerParams params;  // noise and gyro/acc bias on, 100 Hz, stand-walk-stand-sit-walk-stand
  const synth::WalkResult walk = synth::walk(params);
  for (Side side : {Side::Left, Side::Right}) {
    CAPTURE(to_string(side));
    const synth::SideTruth& truth = walk.truth(side);
    const pipeline::ShankAnalysis leg = pipeline::analyze_shank_imu(*walk.session.imu(Placement::Shank, side),
                                                                    walk.session.imu(Placement::Foot, side));
    // Shank pitch itself (gyro + gravity, no foot involved).
    const Series pitch_error = leg.pitch.pitch_deg - truth.shank_pitch_deg;
    CHECK(std::sqrt(pitch_error.squaredNorm() / static_cast<double>(pitch_error.size())) < 2.0);
    // Events: every truth IC/FC found, each within 2 samples.
    const EventMatch ic = match(leg.events.events.ic, truth.ic, 20);
    const EventMatch fc = match(leg.events.events.fc, truth.fc, 20);
    CHECK(ic.missed == 0);  // every step starts with a swing, also the first of a bout
    CHECK(fc.missed == 0);
    for (Index d : ic.offsets) CHECK(std::abs(d) <= 2);
    for (Index d : fc.offsets) CHECK(std::abs(d) <= 2);
    CHECK(leg.events.events.ic.size() == truth.ic.size());  // and nothing spurious
    CHECK(leg.events.events.fc.size() == truth.fc.size());
    // The walker's shank acceleration changes abruptly at its IC (the ankle takes up the heel's
    // impact): the contact-aligned IC finds that onset, 1-2 samples after the model's IC.
    const EventMatch contact = match(leg.events.ic_contact, truth.ic, 20);
    CHECK(contact.missed <= 1);
    Index near = 0;
    for (Index d : contact.offsets) near += (d >= 0 && d <= 2) ? 1 : 0;
    CHECK(static_cast<double>(near) >= 0.9 * static_cast<double>(truth.ic.size()));
    // Ankle angle from the two IMUs, zeroed on the standing period found automatically.
    REQUIRE(leg.ankle.has_value());
    CHECK(leg.ankle->zero == metrics::AnkleZero::Standing);
    CHECK(stride_rmse(leg.ankle->ankle_deg, truth) < 2.0);
  }
}

TEST_CASE("synthetic walker: a weak push-off shows less plantarflexion and slower shank", "[pipeline][ankle]") {
  synth::WalkerParams params;
  params.push_off_strength_left = 0.4;  // model peak plantarflexion −(5 + 15 s): −11° left, −20° right
  const synth::WalkResult walk = synth::walk(params);
  const PipelineResult result = pipeline::analyze_shank_imus(walk.session);
  const CycleTable& table = result.cycles;
  CHECK(table.source == "shank_imu");
  const double left_pf = median_valid(table, "ankle_peak_plantarflexion_deg", Side::Left);
  const double right_pf = median_valid(table, "ankle_peak_plantarflexion_deg", Side::Right);
  CHECK_THAT(left_pf, Catch::Matchers::WithinAbs(walk.left.peak_plantarflexion_model_deg, 1.5));
  CHECK_THAT(right_pf, Catch::Matchers::WithinAbs(walk.right.peak_plantarflexion_model_deg, 1.5));
  CHECK(left_pf > right_pf + 6.0);
  // Excursion and ROM: truth per stride.
  std::vector<double> truth_rom_left(walk.left.ankle_rom_deg.begin(), walk.left.ankle_rom_deg.end());
  CHECK_THAT(median_valid(table, "ankle_rom_deg", Side::Left),
             Catch::Matchers::WithinAbs(metrics::quantile(truth_rom_left, 0.5), 1.5));
  CHECK(median_valid(table, "ankle_push_off_excursion_deg", Side::Left) <
        median_valid(table, "ankle_push_off_excursion_deg", Side::Right) - 6.0);
  // Shank-only indicators move the same way.
  CHECK(median_valid(table, "shank_toe_off_rate_dps", Side::Left) <
        0.9 * median_valid(table, "shank_toe_off_rate_dps", Side::Right));
  CHECK(median_valid(table, "shank_swing_peak_dps", Side::Left) <
        0.9 * median_valid(table, "shank_swing_peak_dps", Side::Right));
  const auto summary = metrics::summarize_ankle(table);
  for (const auto& s : summary)
    if (s.metric == "ankle_peak_plantarflexion_deg") CHECK(s.asymmetry_index_percent > 40.0);
  // Spatiotemporal columns come along.
  CHECK(table.has_column("stride_time_s"));
  CHECK_THAT(median_valid(table, "stride_time_s", Side::Left), Catch::Matchers::WithinAbs(params.stride_time_s(), 0.02));
}

TEST_CASE("sensor-frame mountings, mirrored on the right leg, give the same results", "[pipeline][ankle]") {
  const synth::WalkResult walk = synth::walk(synth::WalkerParams{});
  // Shank: sensor x up the shank, z forward, y to the right (left leg) / left (right leg, mirrored
  // mounting), tilted 15°; foot: sensor tilted 30° about its y axis and yawed 10°.
  const Eigen::Matrix3d tilt = Eigen::AngleAxisd(15.0 / rad_to_deg, Eigen::Vector3d::UnitZ()).toRotationMatrix();
  Eigen::Matrix3d shank_left, shank_right;
  shank_left << 0, 0, 1, 0, -1, 0, 1, 0, 0;   // columns: sensor axes in segment coordinates
  shank_right << 0, 0, -1, 0, 1, 0, 1, 0, 0;
  const Eigen::Matrix3d foot_mount = (Eigen::AngleAxisd(10.0 / rad_to_deg, Eigen::Vector3d::UnitZ()) *
                                      Eigen::AngleAxisd(30.0 / rad_to_deg, Eigen::Vector3d::UnitY()))
                                         .toRotationMatrix();
  Session session = walk.session;
  for (auto& rec : session.imus) {
    if (rec.placement == Placement::Shank) rec = remount(rec, tilt * (rec.side == Side::Left ? shank_left : shank_right));
    else rec = remount(rec, foot_mount);
  }
  for (Side side : {Side::Left, Side::Right}) {
    CAPTURE(to_string(side));
    const synth::SideTruth& truth = walk.truth(side);
    const pipeline::ShankAnalysis leg =
        pipeline::analyze_shank_imu(*session.imu(Placement::Shank, side), session.imu(Placement::Foot, side));
    const Eigen::Matrix3d expected = tilt * (side == Side::Left ? shank_left : shank_right);
    CHECK(Eigen::AngleAxisd(leg.pitch.alignment.sensor_to_segment * expected.transpose()).angle() * rad_to_deg < 2.0);
    const EventMatch ic = match(leg.events.events.ic, truth.ic, 20);
    const EventMatch fc = match(leg.events.events.fc, truth.fc, 20);
    CHECK(ic.missed == 0);
    CHECK(fc.missed == 0);
    for (Index d : fc.offsets) CHECK(std::abs(d) <= 2);
    for (Index d : ic.offsets) CHECK(std::abs(d) <= 2);
    REQUIRE(leg.ankle.has_value());
    CHECK(stride_rmse(leg.ankle->ankle_deg, truth) < 2.0);
  }
}

TEST_CASE("shank only: events and push-off columns, ankle columns absent", "[pipeline][ankle]") {
  const synth::WalkResult walk = synth::walk(synth::WalkerParams{});
  Session session;
  for (const auto& rec : walk.session.imus)
    if (rec.placement == Placement::Shank) session.imus.push_back(rec);
  const PipelineResult result = pipeline::analyze_shank_imus(session);
  REQUIRE(result.events.size() == 2);
  CHECK_FALSE(result.cycles.has_column("ankle_rom_deg"));
  CHECK(result.cycles.has_column("shank_toe_off_rate_dps"));
  Index valid = 0;
  for (const auto& c : result.cycles.cycles) valid += c.valid() ? 1 : 0;
  CHECK(valid >= 50);  // 2 legs × 2 bouts × ~15 strides, minus bout ends
}

TEST_CASE("a gap makes its cycles bad_data with NaN metrics, without throwing", "[pipeline][ankle]") {
  const synth::WalkResult walk = synth::walk(synth::WalkerParams{});
  Session session = walk.session;
  for (auto& rec : session.imus)
    if (rec.placement == Placement::Shank && rec.side == Side::Left)
      rec.gyr_dps.middleRows(1200, 30).setConstant(NaN);  // 0.3 s inside the first walk
  const PipelineResult result = pipeline::analyze_shank_imus(session);
  Index bad = 0;
  for (Index r = 0; r < result.cycles.rows(); ++r) {
    const Cycle& c = result.cycles.cycles[static_cast<std::size_t>(r)];
    if (c.status != CycleStatus::BadData) continue;
    ++bad;
    CHECK(c.side == Side::Left);
    CHECK(c.ic < 1230);
    CHECK(c.next_ic > 1200);
    CHECK(result.cycles.values.row(r).array().isNaN().all());
  }
  CHECK(bad >= 1);
  CHECK(std::any_of(result.flags.begin(), result.flags.end(), [](const QualityFlag& f) { return f.code == "gap"; }));
}

TEST_CASE("the shank pipeline rejects bad sessions", "[pipeline][ankle]") {
  const synth::WalkResult walk = synth::walk(synth::WalkerParams{});
  Session twice = walk.session;
  twice.imus.push_back(*walk.session.imu(Placement::Shank, Side::Left));
  CHECK_THROWS_WITH(pipeline::analyze_shank_imus(twice), Catch::Contains("at most one shank IMU per side"));
  Session rates = walk.session;
  for (auto& rec : rates.imus)
    if (rec.placement == Placement::Shank && rec.side == Side::Right) rec.sampling_rate_hz = 50.0;
  CHECK_THROWS_AS(pipeline::analyze_shank_imus(rates), InvalidArgument);
  CHECK_THROWS_AS(pipeline::analyze_shank_imu(*walk.session.imu(Placement::Foot, Side::Left), nullptr), InvalidArgument);
  CHECK_THROWS_AS(pipeline::analyze_shank_imu(*walk.session.imu(Placement::Shank, Side::Left),
                                              walk.session.imu(Placement::Foot, Side::Right)),
                  InvalidArgument);
  const PipelineResult none = pipeline::analyze_shank_imus(Session{});
  REQUIRE(none.flags.size() == 1);
  CHECK(none.flags[0].code == "no_shank_imu");
}

TEST_CASE("analyze() runs each foot once and gives what the two pipelines give on their own", "[pipeline][ankle]") {
  synth::WalkerParams params;
  params.push_off_strength_right = 0.5;
  const synth::WalkResult walk = synth::walk(params);
  const Analysis analysis = analyze(walk.session);
  const PipelineResult* foot = analysis.result("foot_imu");
  const PipelineResult* shank = analysis.result("shank_imu");
  REQUIRE(foot != nullptr);
  REQUIRE(shank != nullptr);
  const PipelineResult foot_alone = pipeline::analyze_foot_imus(walk.session);
  const PipelineResult shank_alone = pipeline::analyze_shank_imus(walk.session);
  // NaN-aware equality of two tables (same columns, same rows and statuses, values equal to
  // `tolerance`). analyze_foot_imus integrates each stride in the sensor's axes, analyze() turns the
  // whole recording into the foot frame first: the same rotations in another order (1e-12 apart).
  auto same = [](const CycleTable& a, const CycleTable& b, double tolerance) {
    if (a.columns != b.columns || a.rows() != b.rows() || a.values.cols() != b.values.cols()) return false;
    for (Index r = 0; r < a.rows(); ++r) {
      if (a.cycles[static_cast<std::size_t>(r)].status != b.cycles[static_cast<std::size_t>(r)].status) return false;
      for (Index c = 0; c < a.values.cols(); ++c) {
        const double x = a.values(r, c), y = b.values(r, c);
        if (!(std::abs(x - y) <= tolerance * (1.0 + std::abs(x)) || (std::isnan(x) && std::isnan(y)))) return false;
      }
    }
    return true;
  };
  CHECK(same(foot->cycles, foot_alone.cycles, 1e-9));
  CHECK(same(shank->cycles, shank_alone.cycles, 0.0));
  // The shank alone reports its foot's findings ("foot_" codes); inside analyze() they are the foot
  // result's own flags and are not repeated under the shank.
  std::size_t own = 0;
  for (const auto& f : shank_alone.flags) own += f.code.rfind("foot_", 0) == 0 ? 0 : 1;
  CHECK(own < shank_alone.flags.size());  // the walk has foot findings to repeat (rejected end strides)
  CHECK(shank->flags.size() == own);
  for (const auto& f : shank->flags) CHECK(f.code.rfind("foot_", 0) != 0);
  // The ankle columns are there (the foot pitch was passed in, not lost).
  const Index pf = shank->cycles.column_index("ankle_peak_plantarflexion_deg");
  REQUIRE(pf >= 0);
  Index finite = 0;
  for (Index r = 0; r < shank->cycles.rows(); ++r) finite += std::isfinite(shank->cycles.values(r, pf)) ? 1 : 0;
  CHECK(finite > shank->cycles.rows() / 2);
  // A foot analysis of the other leg is refused.
  const auto feet = pipeline::analyze_each_foot_imu(walk.session);
  REQUIRE(feet.size() == 2);
  CHECK_THROWS_AS(pipeline::analyze_shank_imu(*walk.session.imu(Placement::Shank, Side::Left),
                                              walk.session.imu(Placement::Foot, Side::Left), {}, &feet[1]),
                  InvalidArgument);
}
