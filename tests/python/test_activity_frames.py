"""The activity stage's result as DataFrames, JSON, CLI lines and the day figure, from hand-made results
(the values asserted are the ones put in: these tests check the conversion, not the stage)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import secondheart as sh
from secondheart import _core, cli
from secondheart.activity import DayActivity
from secondheart.demo import data_path

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "schemas" / "report.schema.json"
WALK = [("stand", 5), ("walk", 30), ("stand", 5)]
CLOCK_OFFSET_S = 7 * 3600.0  # session time 0 is 07:00


def make(cls, **fields):
    """A bound C++ value type with the given fields set."""
    value = cls()
    for name, field in fields.items():
        setattr(value, name, field)
    return value


# Walking minutes per clock hour 07:00-22:00: None = not worn; (walking, worn) = partly worn.
HOURS = [8.5, 6.2, 2.1, 1.0, 5.4, 7.3, None, 3.2, 1.5, 0.8, 6.1, 9.0, 4.0, 2.5, 0.5, (1.2, 30.0)]
LEG_ELEVATED = [(7.2, 7.6), (13.2, 13.6)]  # session hours: 14:12-14:36 and 20:12-20:36, between bouts


def realistic_day() -> _core.ActivityResult:
    """A day from 07:00 to 23:00 (session clock starts at 07:00): one hour not worn, the last partly worn,
    bouts spread through each hour, sitting between them, two leg-elevation episodes, four exercise sets."""
    hours, bouts, postures = [], [], []
    for i, entry in enumerate(HOURS):
        start = i * 3600.0
        if entry is None:
            hours.append(make(_core.HourSummary, hour_start_s=start, clock_hour=7 + i, worn_min=0.0, walking_min=0.0,
                              steps=0, longest_still_min=0.0, sedentary_min=0.0, leg_elevated_min=0.0,
                              habit=_core.HabitStatus.NOT_WORN))
            continue
        walking, worn = entry if isinstance(entry, tuple) else (entry, 60.0)
        habit = (_core.HabitStatus.PARTLY_WORN if worn < 50 else
                 _core.HabitStatus.MET if walking >= 5 else _core.HabitStatus.MISSED)
        n_bouts = max(1, int(round(walking / 1.5)))
        length_s = walking * 60 / n_bouts
        gap_s = worn * 60 / n_bouts
        previous_end = start
        for k in range(n_bouts):
            b0 = start + k * gap_s + 0.3 * gap_s
            postures.append(make(_core.PosturePeriod, start_s=previous_end, end_s=b0, posture=_core.Posture.SITTING,
                                 shank_inclination_deg=55.0, source="shank_imu"))
            bouts.append(make(_core.WalkingBout, start_s=b0, end_s=b0 + length_s, strides=int(length_s / 1.1),
                              steps=int(length_s / 0.55), cadence_spm=109.0, median_speed_mps=1.15,
                              source="foot_imu"))
            previous_end = b0 + length_s
        postures.append(make(_core.PosturePeriod, start_s=previous_end, end_s=start + worn * 60,
                             posture=_core.Posture.SITTING, shank_inclination_deg=55.0, source="shank_imu"))
        hours.append(make(_core.HourSummary, hour_start_s=start, clock_hour=7 + i, worn_min=worn,
                          walking_min=walking, steps=int(walking * 109), longest_still_min=min(worn, 60 - walking) / 2,
                          sedentary_min=worn - walking - 5, leg_elevated_min=0.0, habit=habit))
    for a, b in LEG_ELEVATED:
        a_s, b_s = a * 3600, b * 3600
        # The sitting period the episode falls in is cut around it.
        sitting = next(p for p in postures if p.start_s <= a_s and p.end_s >= b_s)
        postures.append(make(_core.PosturePeriod, start_s=b_s, end_s=sitting.end_s, posture=_core.Posture.SITTING,
                             shank_inclination_deg=55.0, source="shank_imu"))
        sitting.end_s = a_s
        postures.append(make(_core.PosturePeriod, start_s=a_s, end_s=b_s, posture=_core.Posture.LEG_ELEVATED,
                             shank_inclination_deg=84.0, source="shank_imu"))
        hours[int(a)].leg_elevated_min = (b - a) * 60
    postures.sort(key=lambda p: p.start_s)
    exercises = []
    for kind, side, at_h, n, amplitude, unit in [
        (_core.ExerciseKind.CALF_RAISE, None, 1.2, 15, 14.0, "deg"),
        (_core.ExerciseKind.ANKLE_PUMP, _core.Side.LEFT, 7.3, 20, 22.0, "deg"),
        (_core.ExerciseKind.SEATED_TOE_PUSH, None, 10.4, 12, 0.21, "bw"),
        (_core.ExerciseKind.ANKLE_PUMP, _core.Side.RIGHT, 13.4, 18, 19.0, "deg"),
    ]:
        t0 = at_h * 3600
        reps = [make(_core.Repetition, start_s=t0 + 3 * k, top_s=t0 + 3 * k + 1, end_s=t0 + 3 * k + 2.5,
                     amplitude=amplitude, hold_s=0.5, lowering_s=1.0) for k in range(n)]
        exercises.append(make(_core.ExerciseSet, kind=kind, side=side, start_s=t0, end_s=t0 + 3 * n, repetitions=n,
                              median_amplitude=amplitude, amplitude_unit=unit, median_hold_s=0.5,
                              median_lowering_s=1.0, tempo_reps_per_min=20.0, source="foot_imu", reps=reps))
    # The longest still run: the longest gap between bouts that does not span the hour not worn.
    gaps = [(b.start_s - a.end_s, a.end_s) for a, b in zip(bouts, bouts[1:]) if b.start_s - a.end_s < 3600]
    still_s, still_start_s = max(gaps)
    sitting = max((p for p in postures if p.posture == _core.Posture.SITTING), key=lambda p: p.end_s - p.start_s)
    judged = [h for h in hours if h.meets_walking_habit is not None]
    day = make(_core.DaySummary, hours_worn=14.5, hours_judged=len(judged),
               hours_meeting_habit=sum(h.meets_walking_habit for h in judged),
               hours_missing_habit=sum(not h.meets_walking_habit for h in judged),
               walking_min=sum(h.walking_min for h in hours), steps=sum(h.steps for h in hours), bouts=len(bouts),
               longest_still_min=still_s / 60, longest_still_start_s=still_start_s,
               longest_sedentary_min=(sitting.end_s - sitting.start_s) / 60, longest_sedentary_start_s=sitting.start_s,
               calf_intensive_strides=64, exercise_sets=len(exercises),
               exercise_repetitions=sum(e.repetitions for e in exercises), leg_elevated_min=48.0)
    return make(_core.ActivityResult, hours=hours, bouts=bouts, postures=postures, exercises=exercises, day=day,
                clock_offset_s=CLOCK_OFFSET_S,
                capabilities=["walking bouts and steps (foot IMU)", "leg elevation (shank IMU)"],
                flags=[make(_core.QualityFlag, code="not_worn", message="no data 13:00-14:00",
                            severity=_core.FlagSeverity.INFO)])


def small_day() -> _core.ActivityResult:
    """Two hours, one bout, one posture, one two-repetition set: every value chosen to be asserted."""
    bout = make(_core.WalkingBout, start_s=100.0, end_s=160.0, strides=25, steps=50, steps_estimated=True,
                cadence_spm=50.0, median_speed_mps=float("nan"), turn_strides=2, calf_intensive_strides=3,
                source="foot_imu")
    posture = make(_core.PosturePeriod, start_s=160.0, end_s=400.0, posture=_core.Posture.SITTING_OR_LYING,
                   load_bw=0.12, source="insole")
    reps = [make(_core.Repetition, start_s=500.0, top_s=501.0, end_s=502.5, amplitude=0.2, hold_s=0.4,
                 lowering_s=1.1),
            make(_core.Repetition, start_s=504.0, top_s=505.0, end_s=506.0, amplitude=0.3, hold_s=0.6,
                 lowering_s=0.9)]
    exercise = make(_core.ExerciseSet, kind=_core.ExerciseKind.SEATED_TOE_PUSH, start_s=500.0, end_s=506.0,
                    repetitions=2, median_amplitude=0.25, amplitude_unit="bw", median_hold_s=0.5,
                    median_lowering_s=1.0, tempo_reps_per_min=20.0, source="insole", reps=reps)
    hours = [
        make(_core.HourSummary, hour_start_s=0.0, clock_hour=9, worn_min=60.0, walking_min=6.0, steps=650,
             longest_still_min=30.0, sedentary_min=40.0, leg_elevated_min=float("nan"), exercise_repetitions=2,
             calf_intensive_strides=3, habit=_core.HabitStatus.MET),
        make(_core.HourSummary, hour_start_s=3600.0, clock_hour=10, worn_min=20.0, walking_min=1.0, steps=90,
             longest_still_min=15.0, sedentary_min=12.0, leg_elevated_min=float("nan"),
             habit=_core.HabitStatus.PARTLY_WORN),
    ]
    day = make(_core.DaySummary, hours_worn=1.3, hours_judged=1, hours_meeting_habit=1, walking_min=7.0, steps=740,
               bouts=1, longest_still_min=30.0, longest_still_start_s=1200.0, calf_intensive_strides=3,
               exercise_sets=1, exercise_repetitions=2)
    return make(_core.ActivityResult, bouts=[bout], postures=[posture], exercises=[exercise], hours=hours, day=day,
                clock_offset_s=9 * 3600.0, capabilities=["walking bouts and steps (one foot)"],
                flags=[make(_core.QualityFlag, code="one_foot_only", side=_core.Side.LEFT, message="steps estimated",
                            severity=_core.FlagSeverity.INFO)])


@pytest.fixture(scope="module")
def walk():
    return sh.synth.walk(seed=3, schedule=WALK).session


@pytest.fixture(scope="module")
def report_validator():
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema (a test extra) validates the reports")
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def with_activity(session, result: _core.ActivityResult) -> sh.Analysis:
    """analyze() on the session with `result` in place of what the stage returned."""
    core = _core.analyze(session, _core.Config())
    core.activity = result
    return sh.Analysis(core, session)


def test_enum_names_are_the_cpp_ones():
    assert _core.to_string(_core.Terrain.STAIRS_UP) == "stairs_up"
    assert _core.to_string(_core.Posture.SITTING_OR_LYING) == "sitting_or_lying"
    assert _core.to_string(_core.ExerciseKind.SEATED_TOE_PUSH) == "seated_toe_push"
    assert _core.to_string(_core.HabitStatus.NOT_WORN) == "not_worn"
    assert _core.calf_intensive(_core.Terrain.UPHILL) and not _core.calf_intensive(_core.Terrain.UNKNOWN)
    assert _core.sedentary(_core.Posture.LEG_ELEVATED) and not _core.sedentary(_core.Posture.UPRIGHT)


def test_config_carries_the_activity_params():
    config = _core.Config()
    assert config.activity.enabled
    assert config.activity.params.bouts.min_strides == 4
    assert config.activity.params.habit_walking_min == 5.0
    config.activity.params.clock_offset_s = 3600.0
    config.activity.enabled = False
    assert config.activity.params.clock_offset_s == 3600.0 and not config.activity.enabled


def test_stage_functions_are_callable_from_python(walk):
    # Shapes and types only: the values are the C++ stage's (tested in tests/cpp).
    contacts = [list(np.arange(10.0, 30.0, 1.1)), list(np.arange(10.55, 30.0, 1.1))]
    bouts = sh.detect_bouts(contacts, [sh.Side.LEFT, sh.Side.RIGHT], sh.BoutParams())
    assert isinstance(bouts, list) and all(isinstance(b, sh.WalkingBout) for b in bouts)
    rise, length = np.array([0.0, 0.17, -0.17, 0.0]), np.array([1.3, 0.6, 0.6, 1.3])
    terrain = sh.classify_terrain(rise, length, [sh.Side.LEFT] * 4)
    assert len(terrain) == 4 and all(isinstance(t, sh.Terrain) for t in terrain)
    params = sh.ActivityParams()
    params.clock_offset_s = 8 * 3600.0
    core = _core.analyze(walk)
    result = sh.analyze_activity(walk, core.results, params)
    assert isinstance(result, sh.ActivityResult) and result.clock_offset_s == 8 * 3600.0


def test_tables_hold_exactly_the_values_put_in():
    day = DayActivity(small_day())
    bouts = day.bouts
    assert list(bouts.columns) == ["start_s", "end_s", "duration_s", "strides", "steps", "steps_estimated",
                                   "cadence_spm", "median_speed_mps", "turn_strides", "calf_intensive_strides",
                                   "source"]
    row = bouts.iloc[0]
    assert (row.start_s, row.end_s, row.duration_s, row.strides, row.steps) == (100.0, 160.0, 60.0, 25, 50)
    assert row.steps_estimated and math.isnan(row.median_speed_mps) and row.source == "foot_imu"
    assert (row.turn_strides, row.calf_intensive_strides, row.cadence_spm) == (2, 3, 50.0)
    assert bouts.dtypes["strides"] == np.int64 and bouts.dtypes["steps_estimated"] == bool

    hours = day.hours
    assert hours.clock.tolist() == ["09:00", "10:00"]
    assert hours.habit.tolist() == ["met", "partly_worn"]
    assert str(hours.dtypes["meets_walking_habit"]) == "boolean"
    assert hours.meets_walking_habit.isna().tolist() == [False, True] and bool(hours.meets_walking_habit.iloc[0])
    assert hours.steps.tolist() == [650, 90] and hours.exercise_repetitions.tolist() == [2, 0]
    assert hours.worn_min.tolist() == [60.0, 20.0] and hours.leg_elevated_min.isna().all()

    exercises = day.exercises
    assert exercises.shape == (1, 12)
    ex = exercises.iloc[0]
    assert (ex.set, ex.kind, ex.side, ex.repetitions, ex.amplitude_unit) == (0, "seated_toe_push", "both", 2, "bw")
    assert (ex.median_amplitude, ex.median_hold_s, ex.median_lowering_s, ex.tempo_reps_per_min) == (
        0.25, 0.5, 1.0, 20.0)
    reps = day.repetitions
    assert reps.rep.tolist() == [0, 1] and reps.set.tolist() == [0, 0]
    assert reps.amplitude.tolist() == [0.2, 0.3] and reps.top_s.tolist() == [501.0, 505.0]
    assert reps.lowering_s.tolist() == [1.1, 0.9] and set(reps.side) == {"both"}

    postures = day.postures
    p = postures.iloc[0]
    assert (p.posture, p.sedentary, p.duration_s, p.load_bw, p.source) == ("sitting_or_lying", True, 240.0, 0.12,
                                                                           "insole")
    assert math.isnan(p.shank_inclination_deg)

    summary = day.day
    assert summary.shape[0] == 1
    d = summary.iloc[0]
    assert (d.hours_worn, d.hours_judged, d.walking_min, d.steps, d.exercise_repetitions) == (1.3, 1, 7.0, 740, 2)
    assert math.isnan(d.longest_sedentary_min) and math.isnan(d.leg_elevated_min)
    assert summary.dtypes["steps"] == np.int64

    assert day.capabilities == ["walking bouts and steps (one foot)"]
    assert day.flags.to_dict("records") == [{"source": "activity", "code": "one_foot_only", "side": "left",
                                             "severity": "info", "message": "steps estimated"}]
    assert day.clock(1200.0) == "09:20"


def test_side_of_a_set_on_one_leg():
    result = small_day()
    exercise = result.exercises[0]
    exercise.side = _core.Side.RIGHT
    result.exercises = [exercise]
    day = DayActivity(result)
    assert day.exercises.side.tolist() == ["right"] and day.repetitions.side.tolist() == ["right", "right"]


def test_empty_tables_keep_their_columns_and_dtypes():
    day = DayActivity(_core.ActivityResult())
    for table in (day.bouts, day.hours, day.exercises, day.repetitions, day.postures, day.flags):
        assert table.empty and len(table.columns) > 0
    assert str(day.hours.dtypes["meets_walking_habit"]) == "boolean"
    assert day.bouts.dtypes["steps"] == np.int64 and day.bouts.dtypes["start_s"] == np.float64
    assert day.exercises.dtypes["repetitions"] == np.int64
    assert day.report_lines() == []
    full = DayActivity(small_day())
    for empty, full_table in ((day.bouts, full.bouts), (day.hours, full.hours), (day.exercises, full.exercises),
                              (day.repetitions, full.repetitions), (day.postures, full.postures)):
        assert list(empty.columns) == list(full_table.columns)
        assert empty.dtypes.equals(full_table.dtypes)


def test_analysis_activity_flags_and_terrain(walk):
    analysis = sh.analyze(walk)
    assert isinstance(analysis.activity, DayActivity)
    n_foot = int((analysis.cycles.source == "foot_imu").sum())
    assert n_foot > 10
    terrain = [_core.Terrain.LEVEL] * n_foot
    terrain[2] = _core.Terrain.STAIRS_UP
    result = small_day()
    result.stride_terrain = terrain
    injected = with_activity(walk, result)
    foot = injected.cycles[injected.cycles.source == "foot_imu"]
    assert foot.terrain.iloc[2] == "stairs_up" and (foot.terrain.drop(foot.index[2]) == "level").all()
    columns = list(injected.cycles.columns)
    assert columns.index("terrain") == columns.index("valid") + 1
    assert injected.activity.stride_terrain[2] == "stairs_up"
    flags = injected.flags
    assert flags[flags.source == "activity"].code.tolist() == ["one_foot_only"]

    result.stride_terrain = terrain[:-1]
    with pytest.raises(RuntimeError, match="stride terrains for"):
        _ = with_activity(walk, result).cycles


def test_disabled_stage_gives_none(walk, report_validator):
    config = _core.Config()
    config.activity.enabled = False
    analysis = sh.analyze(walk, config=config)
    assert analysis.core.activity is None and analysis.activity is None
    assert "terrain" not in analysis.cycles.columns
    doc = json.loads(analysis.to_json())
    assert "activity" not in doc
    report_validator.validate(doc)
    with pytest.raises(ValueError, match="disabled"):
        analysis.plot_day()


def test_json_report_carries_the_day_and_validates(walk, report_validator):
    result = realistic_day()
    n_foot = len(_core.analyze(walk).result("foot_imu").cycles.cycles)
    result.stride_terrain = [_core.Terrain.STAIRS_DOWN] * n_foot
    doc = json.loads(with_activity(walk, result).to_json())
    report_validator.validate(doc)
    activity = doc["activity"]
    assert activity["clock_offset_s"] == CLOCK_OFFSET_S
    assert len(activity["hours"]) == len(HOURS) and len(activity["bouts"]) == len(result.bouts)
    assert activity["hours"][6]["habit"] == "not_worn" and activity["hours"][6]["meets_walking_habit"] is None
    assert activity["hours"][0]["meets_walking_habit"] is True and activity["hours"][2]["meets_walking_habit"] is False
    assert activity["exercises"][0]["side"] == "both" and activity["exercises"][1]["side"] == "left"
    assert len(activity["exercises"][1]["reps"]) == 20
    assert activity["day"]["leg_elevated_min"] == 48.0
    assert activity["stride_terrain"] == ["stairs_down"] * n_foot
    assert activity["flags"][0]["code"] == "not_worn"

    small = json.loads(with_activity(walk, small_day()).to_json())
    report_validator.validate(small)
    assert small["activity"]["bouts"][0]["median_speed_mps"] is None  # NaN -> null
    assert small["activity"]["day"]["longest_sedentary_min"] is None
    assert small["activity"]["postures"][0]["posture"] == "sitting_or_lying"

    empty = json.loads(with_activity(walk, _core.ActivityResult()).to_json())
    report_validator.validate(empty)
    assert empty["activity"]["hours"] == []


def test_report_lines_say_the_day():
    lines = DayActivity(realistic_day()).report_lines()
    text = "\n".join(lines)
    assert "worn 14.5 h (07:00-23:00)" in text
    assert "met in 6 of 14 judged hours, missed in 8" in text
    assert "not worn: 13:00" in text and "worn too little to judge: 22:00" in text
    assert "longest run without walking 58 min from 15:19" in text
    assert "exercise: 4 sets, 65 repetitions" in text
    assert "    08:12 calf raise: 15 reps" in lines and "    14:18 ankle pump (left): 20 reps" in lines
    assert "leg elevated 48 min" in text
    assert "strides on stairs or slopes: 64" in text
    assert "venous" not in text
    small = "\n".join(DayActivity(small_day()).report_lines())
    assert "not measurable with these sensors: sitting vs standing, leg elevation" in small


def _analyze_with(result):
    """A stand-in for _core.analyze that puts `result` in place of the stage's output."""
    original = _core.analyze

    def analyze(session, config):
        core = original(session, config)
        core.activity = result
        return core

    return analyze


def test_cli_prints_the_day_and_plots_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(_core, "analyze", _analyze_with(realistic_day()))
    png = tmp_path / "day.png"
    recording = str(data_path("movingreality_pp07_1Reg_first45s.csv"))
    assert cli.main(["analyze", recording, "--plot-day", str(png)]) == 0
    text = capsys.readouterr().out
    assert text.index("push-off") < text.index("the day (activity only")
    assert "walking habit met in 6 of 14 judged hours" in text
    assert "exercise: 4 sets, 65 repetitions" in text
    assert png.stat().st_size > 10_000


def test_cli_prints_a_lab_walk_in_one_line(capsys):
    """45 s on a treadmill (bundled MovingReality excerpt): one bout, its steps, no hourly habit."""
    recording = str(data_path("movingreality_pp07_1Reg_first45s.csv"))
    assert cli.main(["analyze", recording]) == 0
    text = capsys.readouterr().out
    activity = sh.analyze(recording).activity
    bouts = activity.bouts
    assert len(bouts) == 1
    assert bouts["duration_s"].iloc[0] > 30.0  # the belt runs for most of the 45 s
    steps = int(activity.day["steps"].iloc[0])  # every contact, the bout's and any outside it
    assert steps >= bouts["steps"].iloc[0]
    expected = (f"activity (under an hour of data, no hourly habit): walking {bouts['duration_s'].sum() / 60:.1f} min, "
                f"{steps} steps in 1 bouts")
    assert expected in text
    assert "the day (activity only" not in text


def test_plot_day_saves_a_png(tmp_path, walk):
    pytest.importorskip("matplotlib")
    path = tmp_path / "day.png"
    fig = with_activity(walk, realistic_day()).plot_day(path)
    assert fig is not None and path.stat().st_size > 10_000
    empty = tmp_path / "empty.png"
    DayActivity(_core.ActivityResult()).plot(empty)
    assert empty.stat().st_size > 0


def test_plot_day_labels_each_run_of_hours_not_worn_once():
    plt = pytest.importorskip("matplotlib.pyplot")
    result = realistic_day()
    night = [make(_core.HourSummary, hour_start_s=(16 + k) * 3600.0, clock_hour=(23 + k) % 24,
                  habit=_core.HabitStatus.NOT_WORN) for k in range(8)]
    again = [make(_core.HourSummary, hour_start_s=h.hour_start_s + 86400, clock_hour=h.clock_hour,
                  worn_min=h.worn_min, walking_min=h.walking_min, habit=h.habit) for h in result.hours]
    result.hours = list(result.hours) + night + again
    fig = DayActivity(result).plot()
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert labels.count("not worn") == 3  # 13:00, the night 23:00-07:00, 13:00 the next day
    plt.close(fig)


def test_report_lines_of_a_lab_walk_are_one_line():
    """Under an hour of data there is no hourly habit to judge: one line with the walking and stairs."""
    hour = make(_core.HourSummary, hour_start_s=0.0, clock_hour=0, worn_min=0.5, walking_min=0.4, steps=40,
                habit=_core.HabitStatus.PARTLY_WORN)
    day = make(_core.DaySummary, hours_worn=0.5 / 60, walking_min=0.4, steps=40, bouts=1, calf_intensive_strides=31)
    lines = DayActivity(make(_core.ActivityResult, hours=[hour], day=day)).report_lines()
    assert lines == ["activity (under an hour of data, no hourly habit): walking 0.4 min, 40 steps in 1 bouts; "
                     "strides on stairs or slopes: 31"]
