// Walking bouts (Mobilise-D rule), stride terrain, and the stage on the walker's recordings.
#include <catch2/catch.hpp>

#include "secondheart/activity/activity.hpp"
#include "secondheart/pipeline/analyze.hpp"
#include "secondheart/synth/walker.hpp"

using namespace secondheart;
using namespace secondheart::activity;

namespace {
/// Contacts every `stride_s` from `from_s` to `to_s` (inclusive where it lands).
std::vector<double> contacts(double from_s, double to_s, double stride_s) {
  std::vector<double> out;
  for (double t = from_s; t <= to_s + 1e-9; t += stride_s) out.push_back(t);
  return out;
}
std::vector<double> joined(std::vector<double> a, const std::vector<double>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}
}  // namespace

TEST_CASE("bouts: pauses up to 3 s join, longer ones split, fewer than 4 strides is no bout") {
  // Left foot: 10 strides of 1 s from 0 s, a 2.9 s pause, 5 strides; then a 3.1 s pause and 5 more;
  // then, far away, 3 strides (4 contacts) alone. Strides are at most 2 s here, so a pause is not a stride.
  BoutParams params;
  params.max_stride_s = 2.0;
  const auto first = contacts(0.0, 10.0, 1.0);
  const auto second = contacts(12.9, 17.9, 1.0);
  const auto third = contacts(21.0, 26.0, 1.0);
  const auto lonely = contacts(100.0, 103.0, 1.0);
  const std::vector<double> left = joined(joined(joined(first, second), third), lonely);
  const auto bouts = detect_bouts({left}, {Side::Left}, params);
  REQUIRE(bouts.size() == 2);
  CHECK(bouts[0].start_s == Approx(0.0));
  CHECK(bouts[0].end_s == Approx(17.9));
  CHECK(bouts[0].strides == 15);
  // One foot: steps are twice its contacts (11 + 6), flagged as estimated; cadence 60 * 2 (17 - 1) / 17.9.
  CHECK(bouts[0].steps == 34);
  CHECK(bouts[0].steps_estimated);
  CHECK(bouts[0].cadence_spm == Approx(60.0 * 32 / 17.9));
  CHECK(bouts[1].start_s == Approx(21.0));
  CHECK(bouts[1].end_s == Approx(26.0));
  CHECK(bouts[1].strides == 5);
}

TEST_CASE("bouts: both feet count every contact as a step and every stride towards the minimum") {
  // Two strides per foot (3 contacts each), interleaved: 4 strides together make a bout.
  const std::vector<double> left = {0.0, 1.1, 2.2}, right = {0.55, 1.65, 2.75};
  const auto bouts = detect_bouts({left, right}, {Side::Left, Side::Right});
  REQUIRE(bouts.size() == 1);
  CHECK(bouts[0].start_s == Approx(0.0));
  CHECK(bouts[0].end_s == Approx(2.75));
  CHECK(bouts[0].strides == 4);
  CHECK(bouts[0].steps == 6);
  CHECK_FALSE(bouts[0].steps_estimated);
  CHECK(bouts[0].cadence_spm == Approx(60.0 * 5 / 2.75));
  BoutParams five;
  five.min_strides = 5;
  CHECK(detect_bouts({left, right}, {Side::Left, Side::Right}, five).empty());
}

TEST_CASE("bouts: bad arguments name what was expected") {
  CHECK_THROWS_WITH(detect_bouts({{0.0, 1.0}}, {}), Catch::Contains("one side per contact list"));
  CHECK_THROWS_WITH(detect_bouts({{1.0, 0.0}}, {Side::Left}), Catch::Contains("sorted"));
  CHECK_THROWS_WITH(detect_bouts({{0.0, NaN}}, {Side::Left}), Catch::Contains("finite"));
  BoutParams bad;
  bad.max_pause_s = -1;
  CHECK_THROWS_WITH(detect_bouts({{0.0}}, {Side::Left}, bad), Catch::Contains("max_pause_s >= 0"));
}

TEST_CASE("terrain: stairs by rise and slope, slopes over six consecutive strides of one foot") {
  // Hand-made strides (rise m, length m): a flight up (2 x 17 cm over 2 x 28 cm) and down, a level
  // stride with 4 cm of drift, then six strides of the left foot rising 7.5 cm each over 1.3 m (5.8 %),
  // and six of the right foot whose rises (+9, -4, +8, -5, +7, -3 cm) drift but do not climb.
  Eigen::VectorXd rise(16), length(16);
  std::vector<Side> side(16, Side::Left);
  rise << 0.34, -0.33, 0.04, 0.075, 0.075, 0.075, 0.075, 0.075, 0.075, 0.09, -0.04, 0.08, -0.05, 0.07, -0.03, NaN;
  length.setConstant(1.3);
  length[0] = 0.56;
  length[1] = 0.55;
  for (int k = 9; k < 15; ++k) side[static_cast<std::size_t>(k)] = Side::Right;
  const auto t = classify_terrain(rise, length, side);
  CHECK(t[0] == Terrain::StairsUp);
  CHECK(t[1] == Terrain::StairsDown);
  CHECK(t[2] == Terrain::Uphill);  // inside the first window of six rising strides (4 + 5 x 7.5 cm = 41.5 cm over 7.8 m: 5.3 %)
  for (int k = 3; k < 9; ++k) CHECK(t[static_cast<std::size_t>(k)] == Terrain::Uphill);
  for (int k = 9; k < 15; ++k) CHECK(t[static_cast<std::size_t>(k)] == Terrain::Level);  // 12 cm over 7.8 m: 1.5 %
  CHECK(t[15] == Terrain::Unknown);
  // A 12 cm rise over 30 cm (a step-to stair) is a stair; 12 cm over 1.3 m (9 %) alone is level.
  Eigen::VectorXd r2(2), l2(2);
  r2 << 0.12, 0.12;
  l2 << 0.30, 1.3;
  const auto t2 = classify_terrain(r2, l2, {Side::Left, Side::Right});
  CHECK(t2[0] == Terrain::StairsUp);
  CHECK(t2[1] == Terrain::Level);
  CHECK_THROWS_WITH(classify_terrain(r2, l2, {Side::Left}), Catch::Contains("equal lengths"));
  // The stride onto a flight: 15 cm over 1.1 m (slope 0.14) is a stair next to a stair stride of the
  // same foot, level on its own.
  Eigen::VectorXd r3(3), l3(3);
  r3 << 0.15, 0.33, 0.15;
  l3 << 1.1, 0.6, 1.1;
  const auto t3 = classify_terrain(r3, l3, {Side::Left, Side::Left, Side::Right});
  CHECK(t3[0] == Terrain::StairsUp);
  CHECK(t3[1] == Terrain::StairsUp);
  CHECK(t3[2] == Terrain::Level);
}

TEST_CASE("activity on the walker: bouts from first to last contact, walking minutes and habit per clock hour") {
  synth::WalkerParams p;
  using K = synth::ActivityKind;
  // 07:30 start: 30 s standing, 60 s walking, then sitting; the next hour has 6.5 min of walking.
  p.schedule = {{K::Stand, 30}, {K::Walk, 60}, {K::Stand, 20}, {K::Sit, 1690}, {K::Stand, 10}, {K::Walk, 390},
                {K::Stand, 10}, {K::Sit, 4000}};
  const synth::WalkResult w = synth::walk(p);
  Session s = w.session;
  const double start = 7.5 * 3600;
  for (auto& r : s.imus) r.start_time_s = start;
  for (auto& r : s.insoles) r.start_time_s = start;
  s.insoles.clear();  // feet and shanks: the shank decides the postures
  const Analysis a = analyze(s);
  REQUIRE(a.activity.has_value());
  const ActivityResult& act = *a.activity;
  REQUIRE(act.bouts.size() == 2);
  // Truth: the first and last contact of either foot inside each walking segment of the schedule.
  std::vector<std::pair<double, double>> truth;
  for (const auto& seg : w.segments) {
    if (seg.kind != K::Walk) continue;
    double first = INFINITY, last = -INFINITY;
    for (Side side : {Side::Left, Side::Right})
      for (Index ic : w.truth(side).ic)
        if (ic >= seg.begin && ic < seg.end) {
          first = std::min(first, start + static_cast<double>(ic) / p.sampling_rate_hz);
          last = std::max(last, start + static_cast<double>(ic) / p.sampling_rate_hz);
        }
    truth.emplace_back(first, last);
  }
  for (std::size_t b = 0; b < 2; ++b) {
    CHECK(act.bouts[b].start_s == Approx(truth[b].first).margin(0.05));
    CHECK(act.bouts[b].end_s == Approx(truth[b].second).margin(0.05));
    CHECK(act.bouts[b].cadence_spm == Approx(p.cadence_steps_per_min).epsilon(0.02));
    CHECK(act.bouts[b].median_speed_mps == Approx(p.speed_mps).epsilon(0.05));
    CHECK(act.bouts[b].source == "foot_imu");
  }
  REQUIRE(act.hours.size() == 3);  // 07:30-08:00, 08:00-09:00, 09:00-09:13:30
  CHECK(act.hours[0].clock_hour == 7);
  CHECK(act.hours[0].worn_min == Approx(30.0).margin(0.1));
  CHECK(act.hours[0].walking_min == Approx((truth[0].second - truth[0].first) / 60.0).margin(0.01));
  CHECK(act.hours[0].habit == HabitStatus::PartlyWorn);  // 1 min of walking in 30 worn minutes: not judged
  CHECK(act.hours[1].walking_min == Approx((truth[1].second - truth[1].first) / 60.0).margin(0.01));
  CHECK(act.hours[1].habit == HabitStatus::Met);
  CHECK(act.hours[2].habit == HabitStatus::PartlyWorn);
  CHECK(act.day.bouts == 2);
  CHECK(act.day.hours_meeting_habit == 1);
  // The walker sits with vertical shanks: upright is all the shank can say; no sedentary minutes,
  // no leg elevation.
  for (const auto& period : act.postures) CHECK(period.posture == Posture::Upright);
  CHECK(act.day.leg_elevated_min == Approx(0.0));
  // Level walking: every stride with a trajectory is level.
  int level = 0, known = 0;
  for (Terrain t : act.stride_terrain) {
    if (t == Terrain::Unknown) continue;
    ++known;
    level += t == Terrain::Level;
  }
  CHECK(known > 300);
  CHECK(level == known);
}

TEST_CASE("activity: hours without data are not worn, never sedentary") {
  synth::WalkerParams p;
  using K = synth::ActivityKind;
  p.schedule = {{K::Stand, 10}, {K::Walk, 30}, {K::Stand, 10}, {K::Sit, 7200}, {K::Stand, 10}, {K::Walk, 30}, {K::Stand, 10}};
  synth::WalkResult w = synth::walk(p);
  Session s = w.session;
  // The sensors are off from 01:00 to 02:00 of the session clock (samples NaN).
  const Index off_begin = static_cast<Index>(3600 * p.sampling_rate_hz), off_end = static_cast<Index>(7200 * p.sampling_rate_hz);
  for (auto& r : s.imus) {
    r.acc_mps2.middleRows(off_begin, off_end - off_begin).setConstant(NaN);
    r.gyr_dps.middleRows(off_begin, off_end - off_begin).setConstant(NaN);
  }
  for (auto& r : s.insoles) r.cell_force_n.middleRows(off_begin, off_end - off_begin).setConstant(NaN);
  const Analysis a = analyze(s);
  const ActivityResult& act = *a.activity;
  REQUIRE(act.hours.size() == 3);
  CHECK(act.hours[1].habit == HabitStatus::NotWorn);
  CHECK(act.hours[1].worn_min == Approx(0.0));
  CHECK(act.hours[1].sedentary_min == Approx(0.0));
  CHECK(act.hours[0].habit == HabitStatus::Missed);
  CHECK(act.day.hours_worn == Approx((7320.0 - 3600.0) / 3600.0).margin(0.01));
  const bool flagged = std::any_of(act.flags.begin(), act.flags.end(), [](const QualityFlag& f) { return f.code == "not_worn"; });
  CHECK(flagged);
}

TEST_CASE("activity: a recording that starts at 23:40 has a partly worn 23:00 hour and goes on at 00:00") {
  synth::WalkerParams p;
  using K = synth::ActivityKind;
  p.schedule = {{K::Stand, 10}, {K::Walk, 60}, {K::Stand, 10}, {K::Sit, 1720}};  // 30 min
  synth::WalkResult w = synth::walk(p);
  Session s = w.session;
  s.insoles.clear();
  for (auto& r : s.imus) r.start_time_s = 23 * 3600 + 40 * 60;
  const Analysis a = analyze(s);
  const ActivityResult& act = *a.activity;
  REQUIRE(act.hours.size() == 2);
  CHECK(act.hours[0].clock_hour == 23);
  CHECK(act.hours[0].hour_start_s == Approx(23 * 3600.0));
  CHECK(act.hours[0].worn_min == Approx(20.0).margin(0.1));
  CHECK(act.hours[0].habit == HabitStatus::PartlyWorn);
  CHECK(act.hours[1].clock_hour == 0);  // the next day's midnight hour
  CHECK(act.hours[1].worn_min == Approx(10.0).margin(0.1));
  // The same recording read with a time zone: session time is UTC, the clock is UTC+2.
  Config plus_two;
  plus_two.activity.params.clock_offset_s = 2 * 3600.0;
  const Analysis shifted = analyze(s, plus_two);
  CHECK(shifted.activity->hours[0].clock_hour == 1);
}
