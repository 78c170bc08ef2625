"""The activity stage against synthetic days with exact ground truth (``secondheart.synth.day``), for
each sensor kind alone and all together, at three noise levels.

The truth is the generator's (events and periods it placed), independent of the stage's code. What
is asserted (issue 16): walking minutes per clock hour within 2 % (and 1 s), the habit of every hour
exact, every exercise set found with its repetitions within 1 and no set that is not there, leg
elevation (lying or legs up: the shank near horizontal or above) within 5 %, sedentary minutes within
5 % where the sensor tells postures. The days are the generator's typical day: the stage's thresholds
were not tuned on them beyond the first two seeds looked at while writing it (1 and 3); the seeds
below are others.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import secondheart as sh

HOURS = 10.0
RATE_HZ = 50.0
SENSORS = {
    "feet": dict(foot_imus=True, shank_imus=False, insoles=False),
    "shanks": dict(foot_imus=False, shank_imus=True, insoles=False),
    "insoles": dict(foot_imus=False, shank_imus=False, insoles=True),
    "all": dict(foot_imus=True, shank_imus=True, insoles=True),
}
# The exercise kinds each sensor set reports for the generator's blocks (None: not measurable).
KINDS = {
    "feet": {"calf_raises": "heel_raise", "seated_toe_pushes": "heel_raise", "ankle_pumps": "ankle_pump"},
    "shanks": {},
    "insoles": {"calf_raises": "calf_raise", "seated_toe_pushes": "seated_toe_push", "isometric_holds": "isometric_hold"},
    "all": {"calf_raises": "calf_raise", "seated_toe_pushes": "seated_toe_push", "ankle_pumps": "ankle_pump",
            "isometric_holds": "isometric_hold"},
}
SEDENTARY_BLOCKS = {"sit", "lie", "legs_elevated", "seated_toe_pushes", "ankle_pumps", "isometric_holds"}
ELEVATED_BLOCKS = {"lie", "legs_elevated"}


def _overlap_min(periods: list[tuple[float, float]], h0: float, h1: float) -> float:
    return sum(max(0.0, min(e, h1) - max(s, h0)) for s, e in periods) / 60.0


def _expected_hours(day: sh.synth.SyntheticDay, hours: pd.DataFrame) -> pd.DataFrame:
    """Walking minutes, worn minutes and the habit of each clock hour from the generator's truth."""
    bouts = list(zip(day.bouts["start_s"], day.bouts["end_s"]))
    periods = day.periods
    span = (periods["start_s"].min(), periods["end_s"].max())
    off = list(zip(periods.loc[periods["kind"] == "not_worn", "start_s"], periods.loc[periods["kind"] == "not_worn", "end_s"]))
    rows = []
    for h0 in hours["hour_start_s"]:
        h1 = h0 + 3600.0
        walking = _overlap_min(bouts, h0, h1)
        worn = _overlap_min([span], h0, h1) - _overlap_min(off, h0, h1)
        habit = ("met" if walking >= 5.0 else "not_worn" if worn <= 1e-9 else "missed" if worn >= 50.0 else "partly_worn")
        rows.append({"walking_min": walking, "worn_min": worn, "habit": habit})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module", params=[(s, n) for s in SENSORS for n in (0.5, 1.0, 2.0)],
                ids=lambda p: f"{p[0]}-noise{p[1]:g}")
def analysed(request):
    sensors, noise = request.param
    seed = 11 + int(noise * 2)
    day = sh.synth.day(seed=seed, hours=HOURS, noise_scale=noise, sampling_rate_hz=RATE_HZ, **SENSORS[sensors])
    analysis = sh.analyze(day.session)
    return sensors, noise, day, analysis.activity


def test_walking_minutes_and_habit_per_hour(analysed):
    sensors, noise, day, activity = analysed
    hours = activity.hours
    expected = _expected_hours(day, hours)
    errors = hours["walking_min"].to_numpy() - expected["walking_min"].to_numpy()
    print(f"\n{sensors} noise x{noise:g}: {len(hours)} hours, walking error per hour: bias {errors.mean() * 60:+.2f} s, "
          f"max |e| {np.abs(errors).max() * 60:.2f} s; bouts {len(activity.bouts)} (truth {len(day.bouts)})")
    for found, want in zip(hours["walking_min"], expected["walking_min"]):
        assert found == pytest.approx(want, rel=0.02, abs=1.0 / 60.0)  # the bound
    assert np.abs(errors).max() * 60.0 <= 0.1  # README: within 0.05 s per hour (margin 0.05 s)
    assert list(hours["habit"]) == list(expected["habit"])
    assert hours["worn_min"].to_numpy() == pytest.approx(expected["worn_min"].to_numpy(), abs=0.1)
    assert len(activity.bouts) == len(day.bouts)


def test_exercise_sets_and_repetitions(analysed):
    sensors, noise, day, activity = analysed
    kinds = KINDS[sensors]
    truth = day.sets[day.sets["kind"].isin(list(kinds))]
    found = activity.exercises
    lines = []
    for _, s in truth.iterrows():
        mid = 0.5 * (s["start_s"] + s["end_s"])
        match = found[(found["start_s"] <= mid) & (found["end_s"] >= mid)]
        assert len(match) == 1, f"{sensors} noise x{noise:g}: {s['kind']} at {s['start_s']:.0f} s found {len(match)} times"
        row = match.iloc[0]
        lines.append(f"{s['kind']} {s['repetitions']} -> {row['kind']} {row['repetitions']}")
        assert row["kind"] == kinds[s["kind"]]
        assert abs(int(row["repetitions"]) - int(s["repetitions"])) <= 1
    print(f"\n{sensors} noise x{noise:g}: " + "; ".join(lines))
    assert len(found) == len(truth), f"{len(found)} sets found, {len(truth)} in the truth: {found[['kind', 'start_s']]}"


def test_leg_elevation_and_sedentary_minutes(analysed):
    sensors, noise, day, activity = analysed
    periods = day.periods
    minutes = (periods["end_s"] - periods["start_s"]) / 60.0
    elevated = float(minutes[periods["kind"].isin(ELEVATED_BLOCKS)].sum())
    sedentary = float(minutes[periods["kind"].isin(SEDENTARY_BLOCKS)].sum())
    summary = activity.day.iloc[0]
    if sensors in ("shanks", "all"):
        print(f"\n{sensors} noise x{noise:g}: leg elevated {summary['leg_elevated_min']:.1f} min (truth {elevated:.1f})")
        assert summary["leg_elevated_min"] == pytest.approx(elevated, rel=0.005)  # README 0.1 %; issue 5 %
    else:
        assert np.isnan(summary["leg_elevated_min"])
    found_sedentary = activity.hours["sedentary_min"].sum()
    if sensors == "feet":
        assert activity.hours["sedentary_min"].isna().all()  # a still foot does not say sitting or standing
    else:
        print(f"{sensors} noise x{noise:g}: sedentary {found_sedentary:.1f} min (truth {sedentary:.1f})")
        assert found_sedentary == pytest.approx(sedentary, rel=0.01)  # README 0.5 %; issue 5 %
