// The activity stage: bouts, postures, exercise sets, hours of the day, stride terrain and their params.
// Every value type has a default constructor and read-write fields so results can be built by hand
// (tests, or a day assembled from another system's bouts).
#include "bindings.hpp"
#include "secondheart/activity/activity.hpp"
#include "secondheart/pipeline/analyze.hpp"

namespace secondheart::python {

void bind_activity(py::module_& m) {
  using namespace activity;
  py::enum_<Terrain>(m, "Terrain", "What a stride climbs or descends (foot IMU trajectory).")
      .value("LEVEL", Terrain::Level)
      .value("STAIRS_UP", Terrain::StairsUp)
      .value("STAIRS_DOWN", Terrain::StairsDown)
      .value("UPHILL", Terrain::Uphill)
      .value("DOWNHILL", Terrain::Downhill)
      .value("UNKNOWN", Terrain::Unknown);
  py::enum_<Posture>(m, "Posture", "Posture of a still period, as far as the sensor tells it.")
      .value("STANDING", Posture::Standing)
      .value("SITTING", Posture::Sitting)
      .value("SITTING_OR_LYING", Posture::SittingOrLying)
      .value("UPRIGHT", Posture::Upright)
      .value("LEG_ELEVATED", Posture::LegElevated)
      .value("UNKNOWN", Posture::Unknown);
  py::enum_<ExerciseKind>(m, "ExerciseKind")
      .value("CALF_RAISE", ExerciseKind::CalfRaise)
      .value("SEATED_TOE_PUSH", ExerciseKind::SeatedToePush)
      .value("HEEL_RAISE", ExerciseKind::HeelRaise)
      .value("ANKLE_PUMP", ExerciseKind::AnklePump)
      .value("ISOMETRIC_HOLD", ExerciseKind::IsometricHold);
  py::enum_<HabitStatus>(m, "HabitStatus", "Whether an hour meets the '>= 5 minutes of walking' habit.")
      .value("MET", HabitStatus::Met)
      .value("MISSED", HabitStatus::Missed)
      .value("NOT_WORN", HabitStatus::NotWorn)
      .value("PARTLY_WORN", HabitStatus::PartlyWorn);
  // The names the JSON report and the DataFrames use ("stairs_up", "sitting_or_lying", ...).
  m.def("to_string", [](Terrain t) { return std::string(to_string(t)); }, py::arg("value"));
  m.def("to_string", [](Posture p) { return std::string(to_string(p)); }, py::arg("value"));
  m.def("to_string", [](ExerciseKind k) { return std::string(to_string(k)); }, py::arg("value"));
  m.def("to_string", [](HabitStatus h) { return std::string(to_string(h)); }, py::arg("value"));
  m.def("calf_intensive", &calf_intensive, py::arg("terrain"), "Stairs and slopes (not level, not unknown).");
  m.def("sedentary", &sedentary, py::arg("posture"), "Sitting, sitting or lying, leg elevated.");

  py::class_<WalkingBout>(m, "WalkingBout", "One walking bout: first to last initial contact (s, session clock).")
      .def(py::init<>())
      .def_readwrite("start_s", &WalkingBout::start_s)
      .def_readwrite("end_s", &WalkingBout::end_s)
      .def_readwrite("strides", &WalkingBout::strides)
      .def_readwrite("steps", &WalkingBout::steps)
      .def_readwrite("steps_estimated", &WalkingBout::steps_estimated)
      .def_readwrite("cadence_spm", &WalkingBout::cadence_spm)
      .def_readwrite("median_speed_mps", &WalkingBout::median_speed_mps)
      .def_readwrite("turn_strides", &WalkingBout::turn_strides)
      .def_readwrite("calf_intensive_strides", &WalkingBout::calf_intensive_strides)
      .def_readwrite("source", &WalkingBout::source)
      .def_property_readonly("duration_s", &WalkingBout::duration_s)
      .def("__repr__", [](const WalkingBout& b) {
        return "<WalkingBout " + to_text(b.start_s) + "-" + to_text(b.end_s) + " s, " + std::to_string(b.steps) +
               " steps>";
      });
  py::class_<PosturePeriod>(m, "PosturePeriod", "A run of one posture between walking bouts (s, session clock).")
      .def(py::init<>())
      .def_readwrite("start_s", &PosturePeriod::start_s)
      .def_readwrite("end_s", &PosturePeriod::end_s)
      .def_readwrite("posture", &PosturePeriod::posture)
      .def_readwrite("load_bw", &PosturePeriod::load_bw)
      .def_readwrite("shank_inclination_deg", &PosturePeriod::shank_inclination_deg)
      .def_readwrite("source", &PosturePeriod::source)
      .def_property_readonly("duration_s", &PosturePeriod::duration_s);
  py::class_<Repetition>(m, "Repetition", "One repetition: start, top and end times (s), amplitude, hold, lowering.")
      .def(py::init<>())
      .def_readwrite("start_s", &Repetition::start_s)
      .def_readwrite("top_s", &Repetition::top_s)
      .def_readwrite("end_s", &Repetition::end_s)
      .def_readwrite("amplitude", &Repetition::amplitude)
      .def_readwrite("hold_s", &Repetition::hold_s)
      .def_readwrite("lowering_s", &Repetition::lowering_s);
  py::class_<ExerciseSet>(m, "ExerciseSet", "One set of repetitions of one exercise (side None: both legs).")
      .def(py::init<>())
      .def_readwrite("kind", &ExerciseSet::kind)
      .def_readwrite("side", &ExerciseSet::side)
      .def_readwrite("start_s", &ExerciseSet::start_s)
      .def_readwrite("end_s", &ExerciseSet::end_s)
      .def_readwrite("repetitions", &ExerciseSet::repetitions)
      .def_readwrite("median_amplitude", &ExerciseSet::median_amplitude)
      .def_readwrite("amplitude_unit", &ExerciseSet::amplitude_unit)
      .def_readwrite("median_hold_s", &ExerciseSet::median_hold_s)
      .def_readwrite("median_lowering_s", &ExerciseSet::median_lowering_s)
      .def_readwrite("tempo_reps_per_min", &ExerciseSet::tempo_reps_per_min)
      .def_readwrite("source", &ExerciseSet::source)
      .def_readwrite("reps", &ExerciseSet::reps);
  py::class_<HourSummary>(m, "HourSummary", "One clock hour of the day (minutes, counts, the walking habit).")
      .def(py::init<>())
      .def_readwrite("hour_start_s", &HourSummary::hour_start_s)
      .def_readwrite("clock_hour", &HourSummary::clock_hour)
      .def_readwrite("worn_min", &HourSummary::worn_min)
      .def_readwrite("walking_min", &HourSummary::walking_min)
      .def_readwrite("steps", &HourSummary::steps)
      .def_readwrite("longest_still_min", &HourSummary::longest_still_min)
      .def_readwrite("sedentary_min", &HourSummary::sedentary_min)
      .def_readwrite("leg_elevated_min", &HourSummary::leg_elevated_min)
      .def_readwrite("exercise_repetitions", &HourSummary::exercise_repetitions)
      .def_readwrite("calf_intensive_strides", &HourSummary::calf_intensive_strides)
      .def_readwrite("habit", &HourSummary::habit)
      .def_property_readonly("meets_walking_habit", &HourSummary::meets_walking_habit,
                             "True (met), False (missed), None (not worn, or worn too little to say).");
  py::class_<DaySummary>(m, "DaySummary", "The day in a few numbers (minutes, counts; NaN where not measurable).")
      .def(py::init<>())
      .def_readwrite("hours_worn", &DaySummary::hours_worn)
      .def_readwrite("hours_judged", &DaySummary::hours_judged)
      .def_readwrite("hours_meeting_habit", &DaySummary::hours_meeting_habit)
      .def_readwrite("hours_missing_habit", &DaySummary::hours_missing_habit)
      .def_readwrite("walking_min", &DaySummary::walking_min)
      .def_readwrite("steps", &DaySummary::steps)
      .def_readwrite("bouts", &DaySummary::bouts)
      .def_readwrite("longest_still_min", &DaySummary::longest_still_min)
      .def_readwrite("longest_still_start_s", &DaySummary::longest_still_start_s)
      .def_readwrite("longest_sedentary_min", &DaySummary::longest_sedentary_min)
      .def_readwrite("longest_sedentary_start_s", &DaySummary::longest_sedentary_start_s)
      .def_readwrite("calf_intensive_strides", &DaySummary::calf_intensive_strides)
      .def_readwrite("exercise_sets", &DaySummary::exercise_sets)
      .def_readwrite("exercise_repetitions", &DaySummary::exercise_repetitions)
      .def_readwrite("leg_elevated_min", &DaySummary::leg_elevated_min);
  py::class_<ActivityResult>(m, "ActivityResult", "Everything the activity stage found in a session.")
      .def(py::init<>())
      .def_readwrite("bouts", &ActivityResult::bouts)
      .def_readwrite("postures", &ActivityResult::postures)
      .def_readwrite("exercises", &ActivityResult::exercises)
      .def_readwrite("hours", &ActivityResult::hours)
      .def_readwrite("day", &ActivityResult::day)
      .def_readwrite("stride_terrain", &ActivityResult::stride_terrain)
      .def_readwrite("capabilities", &ActivityResult::capabilities)
      .def_readwrite("clock_offset_s", &ActivityResult::clock_offset_s)
      .def_readwrite("flags", &ActivityResult::flags)
      .def(
          "stride_terrain_names",
          [](const ActivityResult& r) {
            // Strings straight from C++: a day's thousands of strides without an enum object each.
            std::vector<std::string> names;
            names.reserve(r.stride_terrain.size());
            for (Terrain t : r.stride_terrain) names.emplace_back(to_string(t));
            return names;
          },
          "The terrain of each foot_imu cycle-table row as its name (level, stairs_up, ...).")
      .def("__repr__", [](const ActivityResult& r) {
        return "<ActivityResult " + std::to_string(r.bouts.size()) + " bouts, " + std::to_string(r.hours.size()) +
               " hours, " + std::to_string(r.exercises.size()) + " exercise sets>";
      });

  py::class_<BoutParams>(m, "BoutParams", "Walking bouts (Mobilise-D: >= 4 strides, pauses <= 3 s merged).")
      .def(py::init<>())
      .def_readwrite("min_strides", &BoutParams::min_strides)
      .def_readwrite("max_pause_s", &BoutParams::max_pause_s)
      .def_readwrite("min_stride_s", &BoutParams::min_stride_s)
      .def_readwrite("max_stride_s", &BoutParams::max_stride_s);
  py::class_<TerrainParams>(m, "TerrainParams", "Stairs and slopes from each stride's rise (m) and length (m).")
      .def(py::init<>())
      .def_readwrite("min_stairs_rise_m", &TerrainParams::min_stairs_rise_m)
      .def_readwrite("min_stairs_slope", &TerrainParams::min_stairs_slope)
      .def_readwrite("min_hill_slope", &TerrainParams::min_hill_slope)
      .def_readwrite("slope_window_strides", &TerrainParams::slope_window_strides);
  py::class_<PostureParams>(m, "PostureParams", "Postures of still periods (shank inclination deg, insole load BW).")
      .def(py::init<>())
      .def_readwrite("epoch_s", &PostureParams::epoch_s)
      .def_readwrite("min_period_s", &PostureParams::min_period_s)
      .def_readwrite("upright_max_inclination_deg", &PostureParams::upright_max_inclination_deg)
      .def_readwrite("elevated_min_inclination_deg", &PostureParams::elevated_min_inclination_deg)
      .def_readwrite("standing_min_load_bw", &PostureParams::standing_min_load_bw)
      .def_readwrite("sitting_max_load_bw", &PostureParams::sitting_max_load_bw);
  py::class_<ExerciseParams>(m, "ExerciseParams", "Repetition counting (deg of foot pitch, BW of forefoot load, s).")
      .def(py::init<>())
      .def_readwrite("min_heel_raise_deg", &ExerciseParams::min_heel_raise_deg)
      .def_readwrite("min_pump_deg", &ExerciseParams::min_pump_deg)
      .def_readwrite("min_forefoot_hold_bw", &ExerciseParams::min_forefoot_hold_bw)
      .def_readwrite("min_hold_s", &ExerciseParams::min_hold_s)
      .def_readwrite("max_rep_gap_s", &ExerciseParams::max_rep_gap_s)
      .def_readwrite("min_set_reps", &ExerciseParams::min_set_reps)
      .def_readwrite("min_rep_s", &ExerciseParams::min_rep_s)
      .def_readwrite("max_rep_s", &ExerciseParams::max_rep_s);
  py::class_<ActivityParams>(m, "ActivityParams", "Parameters of the activity stage; clock_offset_s places the hours.")
      .def(py::init<>())
      .def_readwrite("bouts", &ActivityParams::bouts)
      .def_readwrite("terrain", &ActivityParams::terrain)
      .def_readwrite("postures", &ActivityParams::postures)
      .def_readwrite("exercises", &ActivityParams::exercises)
      .def_readwrite("clock_offset_s", &ActivityParams::clock_offset_s)
      .def_readwrite("habit_walking_min", &ActivityParams::habit_walking_min)
      .def_readwrite("judged_min_worn_min", &ActivityParams::judged_min_worn_min)
      .def_readwrite("min_worn_fraction", &ActivityParams::min_worn_fraction);
  py::class_<ActivityConfig>(m, "ActivityConfig", "The activity stage inside analyze().")
      .def(py::init<>())
      .def_readwrite("enabled", &ActivityConfig::enabled)
      .def_readwrite("params", &ActivityConfig::params);

  m.def("detect_bouts", &detect_bouts, py::arg("ic_s"), py::arg("sides"), py::arg("params") = BoutParams{},
        "Walking bouts from per-side initial-contact times (s, sorted), Mobilise-D rule.");
  m.def("classify_terrain", &classify_terrain, py::arg("rise_m"), py::arg("length_m"), py::arg("side"),
        py::arg("params") = TerrainParams{},
        "Terrain of each stride from its rise (m, up +) and horizontal length (m), strides per foot in time order.");
  py::class_<SegmentRotation>(m, "SegmentRotation",
                              "Rotation of one IMU from its sensor axes into its segment frame (v_segment = R v_sensor).")
      .def(py::init<>())
      .def(py::init([](Placement placement, Side side, const Eigen::Matrix3d& segment_from_sensor) {
             return SegmentRotation{placement, side, segment_from_sensor};
           }),
           py::arg("placement"), py::arg("side"), py::arg("segment_from_sensor"))
      .def_readwrite("placement", &SegmentRotation::placement)
      .def_readwrite("side", &SegmentRotation::side)
      .def_readwrite("segment_from_sensor", &SegmentRotation::segment_from_sensor);
  m.def("analyze_activity", &analyze_activity, py::arg("session"), py::arg("results"),
        py::arg("params") = ActivityParams{}, py::arg("rotations") = std::vector<SegmentRotation>{},
        py::call_guard<py::gil_scoped_release>(),
        "The whole activity stage on a session and the pipeline results analyze() produced for it; `rotations` "
        "are the segment_from_sensor of IMUs recorded in their sensor axes (analyze() passes the feet's).");
}

}  // namespace secondheart::python
