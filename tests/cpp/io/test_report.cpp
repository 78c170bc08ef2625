#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "secondheart/io/report.hpp"

using namespace secondheart;

TEST_CASE("JSON report carries cycles, summary with asymmetry, NaN as null and flags") {
  Analysis analysis;
  analysis.session_name = "hand-made";
  PipelineResult result;
  result.cycles.source = "insole";
  result.cycles.sampling_rate_hz = 100.0;
  result.cycles.cycles = {Cycle{Side::Left, 100, 210, 166}, Cycle{Side::Right, 150, 260, 216}};
  Eigen::VectorXd f2(2);
  f2 << 770.0, 630.0;
  result.cycles.set_column("f2_n", f2);
  result.cycles.set_column("ho_pct", Eigen::VectorXd::Constant(2, NaN));
  GaitEvents left;
  left.side = Side::Left;
  left.sampling_rate_hz = 100.0;
  left.ic = {100, 210};
  result.events.push_back(left);
  result.flags.push_back(QualityFlag{"too_few_cycles", Side::Right, "1 valid cycle, need 3"});
  analysis.results.push_back(result);

  const auto json = nlohmann::json::parse(io::to_json(analysis));
  CHECK(json["session"] == "hand-made");
  const auto& r = json["results"][0];
  CHECK(r["source"] == "insole");
  CHECK(r["events"]["left"]["ic_s"][1].get<double>() == Approx(2.1));
  CHECK(r["cycles"][1]["fc_s"].get<double>() == Approx(2.16));
  CHECK(r["cycles"][0]["metrics"]["ho_pct"].is_null());
  CHECK(r["cycles"][0]["status"] == "valid");
  // Asymmetry of the medians: 100 * (770 - 630) / 700 = 20 %.
  bool found = false;
  for (const auto& s : r["summary"])
    if (s["metric"] == "f2_n" && s["side"] == "left") {
      CHECK(s["asymmetry_index_percent"].get<double>() == Approx(20.0));
      found = true;
    }
  CHECK(found);
  CHECK(r["flags"][0]["code"] == "too_few_cycles");
  CHECK(r["flags"][0]["side"] == "right");
}

TEST_CASE("JSON report carries the day when the activity stage ran, nothing when it did not") {
  Analysis analysis;
  analysis.session_name = "hand-made day";
  CHECK_FALSE(nlohmann::json::parse(io::to_json(analysis)).contains("activity"));

  activity::ActivityResult day;
  day.clock_offset_s = 7 * 3600.0;
  day.bouts.push_back(activity::WalkingBout{100.0, 160.0, 25, 50, true, 50.0, NaN, 2, 3, "foot_imu"});
  activity::ExerciseSet set;
  set.kind = activity::ExerciseKind::AnklePump;
  set.repetitions = 1;
  set.amplitude_unit = "deg";
  set.reps.push_back(activity::Repetition{500.0, 501.0, 502.5, 20.0, 0.4, 1.1});
  day.exercises.push_back(set);
  activity::HourSummary hour;
  hour.clock_hour = 7;
  hour.worn_min = 60.0;
  hour.walking_min = 6.0;
  hour.habit = activity::HabitStatus::Met;
  day.hours.push_back(hour);
  hour.clock_hour = 8;
  hour.habit = activity::HabitStatus::NotWorn;
  day.hours.push_back(hour);
  day.stride_terrain = {activity::Terrain::Level, activity::Terrain::StairsUp};
  day.capabilities = {"walking bouts and steps (foot IMU)"};
  analysis.activity = day;

  const auto a = nlohmann::json::parse(io::to_json(analysis))["activity"];
  CHECK(a["clock_offset_s"].get<double>() == 7 * 3600.0);
  CHECK(a["bouts"][0]["duration_s"].get<double>() == 60.0);
  CHECK(a["bouts"][0]["median_speed_mps"].is_null());
  CHECK(a["bouts"][0]["steps_estimated"] == true);
  CHECK(a["exercises"][0]["kind"] == "ankle_pump");
  CHECK(a["exercises"][0]["side"] == "both");
  CHECK(a["exercises"][0]["median_amplitude"].is_null());
  CHECK(a["exercises"][0]["reps"][0]["lowering_s"].get<double>() == 1.1);
  CHECK(a["hours"][0]["meets_walking_habit"] == true);
  CHECK(a["hours"][1]["habit"] == "not_worn");
  CHECK(a["hours"][1]["meets_walking_habit"].is_null());
  CHECK(a["day"]["longest_still_start_s"].is_null());
  CHECK(a["stride_terrain"] == nlohmann::json({"level", "stairs_up"}));
  CHECK(a["capabilities"][0] == "walking bouts and steps (foot IMU)");
  CHECK(a["flags"].empty());
}
