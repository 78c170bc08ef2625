// Exercise sets, postures and leg elevation on a short synthetic day (synth/day.hpp truth), per sensor.
#include <catch2/catch.hpp>

#include "secondheart/activity/activity.hpp"
#include "secondheart/pipeline/analyze.hpp"
#include "secondheart/synth/day.hpp"

using namespace secondheart;
using namespace secondheart::activity;
using synth::DayActivity;

namespace {
/// Eight minutes: walking (it calibrates the insole load and the shank's vertical), then each exercise
/// in its posture, legs up, walking again.
synth::DayResult short_day(bool feet, bool shanks, bool insoles) {
  synth::DayParams p;
  p.walker.sampling_rate_hz = 50.0;
  p.walker.seed = 5;
  p.foot_imus = feet;
  p.shank_imus = shanks;
  p.insoles = insoles;
  p.schedule = {{DayActivity::Stand, 10},         {DayActivity::Walk, 30},          {DayActivity::Stand, 5},
                {DayActivity::CalfRaises, 50, 6}, {DayActivity::Sit, 20},           {DayActivity::SeatedToePushes, 30, 8},
                {DayActivity::Sit, 20},           {DayActivity::AnklePumps, 25, 10}, {DayActivity::Sit, 20},
                {DayActivity::IsometricHolds, 60, 5}, {DayActivity::Sit, 20},       {DayActivity::LegsElevated, 90},
                {DayActivity::Sit, 20},           {DayActivity::Walk, 30},          {DayActivity::Stand, 5}};
  return synth::day(p);
}

const ExerciseSet* set_at(const ActivityResult& act, double t) {
  for (const auto& s : act.exercises)
    if (s.start_s <= t && s.end_s >= t) return &s;
  return nullptr;
}

/// Checks that each exercise block of the truth listed in `expected` is found once, of that kind,
/// with its repetitions within 1, and that nothing else is found.
void check_sets(const synth::DayResult& d, const ActivityResult& act,
                const std::vector<std::pair<DayActivity, ExerciseKind>>& expected) {
  std::size_t matched = 0;
  for (const auto& truth : d.truth.sets) {
    const auto it = std::find_if(expected.begin(), expected.end(), [&](const auto& e) { return e.first == truth.kind; });
    if (it == expected.end()) continue;
    INFO("truth " << synth::to_string(truth.kind) << " at " << truth.start_s << " s, " << truth.repetitions << " reps");
    const ExerciseSet* found = set_at(act, 0.5 * (truth.start_s + truth.end_s));
    REQUIRE(found != nullptr);
    CHECK(found->kind == it->second);
    CHECK(std::abs(found->repetitions - truth.repetitions) <= 1);
    if (found->amplitude_unit == "deg" && it->second != ExerciseKind::AnklePump)
      CHECK(found->median_amplitude == Approx(truth.amplitude).margin(2.5));  // deg of foot pitch
    ++matched;
  }
  CHECK(matched == expected.size());
  CHECK(act.exercises.size() == matched);
}
}  // namespace

TEST_CASE("exercises: feet alone count heel raises (posture unknown) and ankle pumps") {
  const auto d = short_day(true, false, false);
  const Analysis a = analyze(d.session);
  check_sets(d, *a.activity,
             {{DayActivity::CalfRaises, ExerciseKind::HeelRaise},
              {DayActivity::SeatedToePushes, ExerciseKind::HeelRaise},
              {DayActivity::AnklePumps, ExerciseKind::AnklePump}});
  // A foot alone does not tell sitting from standing, nor leg elevation: NaN, never a guess.
  CHECK(std::isnan(a.activity->day.longest_sedentary_min));
  CHECK(std::isnan(a.activity->day.leg_elevated_min));
  for (const auto& p : a.activity->postures) CHECK(p.posture == Posture::Unknown);
}

TEST_CASE("exercises: feet and shanks name the posture of each heel raise and find the leg elevation") {
  const auto d = short_day(true, true, false);
  const Analysis a = analyze(d.session);
  check_sets(d, *a.activity,
             {{DayActivity::CalfRaises, ExerciseKind::CalfRaise},
              {DayActivity::SeatedToePushes, ExerciseKind::SeatedToePush},
              {DayActivity::AnklePumps, ExerciseKind::AnklePump}});
  double elevated_truth = 0.0;
  for (const auto& p : d.truth.periods)
    if (p.kind == DayActivity::LegsElevated) elevated_truth += (p.end_s - p.start_s) / 60.0;
  CHECK(a.activity->day.leg_elevated_min == Approx(elevated_truth).epsilon(0.05));
}

TEST_CASE("exercises: insoles count calf raises, seated toe pushes and isometric holds in body weights") {
  const auto d = short_day(false, false, true);
  const Analysis a = analyze(d.session);
  check_sets(d, *a.activity,
             {{DayActivity::CalfRaises, ExerciseKind::CalfRaise},
              {DayActivity::SeatedToePushes, ExerciseKind::SeatedToePush},
              {DayActivity::IsometricHolds, ExerciseKind::IsometricHold}});
  for (const auto& truth : d.truth.sets) {
    if (truth.kind != DayActivity::IsometricHolds) continue;
    const ExerciseSet* found = set_at(*a.activity, 0.5 * (truth.start_s + truth.end_s));
    REQUIRE(found != nullptr);
    CHECK(found->amplitude_unit == "bw");
    // Added forefoot load, read against the body weight the insoles carry while walking.
    CHECK(found->median_amplitude == Approx(truth.amplitude).epsilon(0.25));
    // Held >= 90 % of the load: the generator's hold plus a quarter of its 0.5 s ramps on each side
    // (a quintic ramp passes 90 % at 75.5 % of its time).
    CHECK(found->median_hold_s == Approx(truth.hold_s + 2 * 0.245 * 0.5).margin(0.25));
  }
}

TEST_CASE("exercises: bad parameters name what was expected") {
  const auto d = short_day(true, false, false);
  ActivityParams bad;
  bad.exercises.min_set_reps = 0;
  CHECK_THROWS_WITH(analyze_activity(d.session, {}, bad), Catch::Contains("min_set_reps >= 1"));
  ActivityParams worn;
  worn.min_worn_fraction = 0.0;
  CHECK_THROWS_WITH(analyze_activity(d.session, {}, worn), Catch::Contains("min_worn_fraction in (0, 1]"));
}
