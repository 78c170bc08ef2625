"""The day from the activity stage as pandas tables: walking bouts, postures of still periods, exercise
sets and their repetitions, the clock hours and the day in a few numbers.

The numbers are the C++ stage's (:func:`secondheart._core.analyze_activity`); this module only converts
them. It reports activity (walking, still periods, exercise repetitions); it does not measure venous
function.
"""

from __future__ import annotations

import math
from functools import cached_property

import numpy as np
import pandas as pd

from . import _core, _tables

# Column name -> dtype of each table: empty tables keep their columns and dtypes.
BOUT_COLUMNS = {
    "start_s": "float64", "end_s": "float64", "duration_s": "float64", "strides": "int64", "steps": "int64",
    "steps_estimated": "bool", "cadence_spm": "float64", "median_speed_mps": "float64", "turn_strides": "int64",
    "calf_intensive_strides": "int64", "source": "object",
}
HOUR_COLUMNS = {
    "hour_start_s": "float64", "clock_hour": "int64", "clock": "object", "worn_min": "float64",
    "walking_min": "float64", "steps": "int64", "longest_still_min": "float64", "sedentary_min": "float64",
    "leg_elevated_min": "float64", "exercise_repetitions": "int64", "calf_intensive_strides": "int64",
    "habit": "object", "meets_walking_habit": "boolean",
}
EXERCISE_COLUMNS = {
    "set": "int64", "kind": "object", "side": "object", "start_s": "float64", "end_s": "float64",
    "repetitions": "int64", "median_amplitude": "float64", "amplitude_unit": "object", "median_hold_s": "float64",
    "median_lowering_s": "float64", "tempo_reps_per_min": "float64", "source": "object",
}
REPETITION_COLUMNS = {
    "set": "int64", "rep": "int64", "kind": "object", "side": "object", "start_s": "float64", "top_s": "float64",
    "end_s": "float64", "amplitude": "float64", "amplitude_unit": "object", "hold_s": "float64",
    "lowering_s": "float64",
}
POSTURE_COLUMNS = {
    "start_s": "float64", "end_s": "float64", "duration_s": "float64", "posture": "object", "sedentary": "bool",
    "load_bw": "float64", "shank_inclination_deg": "float64", "source": "object",
}
DAY_COLUMNS = {
    "hours_worn": "float64", "hours_judged": "int64", "hours_meeting_habit": "int64", "hours_missing_habit": "int64",
    "walking_min": "float64", "steps": "int64", "bouts": "int64", "longest_still_min": "float64",
    "longest_still_start_s": "float64", "longest_sedentary_min": "float64", "longest_sedentary_start_s": "float64",
    "calf_intensive_strides": "int64", "exercise_sets": "int64", "exercise_repetitions": "int64",
    "leg_elevated_min": "float64",
}


def _frame(rows: list[dict], columns: dict[str, str]) -> pd.DataFrame:
    """Rows (dicts) as a DataFrame with exactly ``columns`` and their dtypes (also when empty)."""
    data = {name: pd.Series([row[name] for row in rows], dtype=dtype) for name, dtype in columns.items()}
    return pd.DataFrame(data, columns=list(columns))


def bouts_frame(bouts: list[_core.WalkingBout]) -> pd.DataFrame:
    """Walking bouts (batch or streamed) as the ``bouts`` table (BOUT_COLUMNS)."""
    rows = [
        {"start_s": b.start_s, "end_s": b.end_s, "duration_s": b.duration_s, "strides": b.strides,
         "steps": b.steps, "steps_estimated": b.steps_estimated, "cadence_spm": b.cadence_spm,
         "median_speed_mps": b.median_speed_mps, "turn_strides": b.turn_strides,
         "calf_intensive_strides": b.calf_intensive_strides, "source": b.source}
        for b in bouts
    ]
    return _frame(rows, BOUT_COLUMNS)


def hours_frame(hours: list[_core.HourSummary]) -> pd.DataFrame:
    """Clock hours (batch or streamed) as the ``hours`` table (HOUR_COLUMNS)."""
    rows = [
        {"hour_start_s": h.hour_start_s, "clock_hour": h.clock_hour, "clock": f"{h.clock_hour:02d}:00",
         "worn_min": h.worn_min, "walking_min": h.walking_min, "steps": h.steps,
         "longest_still_min": h.longest_still_min, "sedentary_min": h.sedentary_min,
         "leg_elevated_min": h.leg_elevated_min, "exercise_repetitions": h.exercise_repetitions,
         "calf_intensive_strides": h.calf_intensive_strides, "habit": _core.to_string(h.habit),
         "meets_walking_habit": pd.NA if h.meets_walking_habit is None else h.meets_walking_habit}
        for h in hours
    ]
    return _frame(rows, HOUR_COLUMNS)


def clock_text(time_s: float, clock_offset_s: float) -> str:
    """"HH:MM" of a session time (s) with the clock time of session time 0 (s after midnight); "" for NaN."""
    if not math.isfinite(time_s):
        return ""
    minutes = int((time_s + clock_offset_s) // 60) % (24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _side(side: _core.Side | None) -> str:
    return _tables.side_name(side) if side is not None else "both"


class DayActivity:
    """What the activity stage found in one session, as pandas tables.

    Times ``*_s`` are seconds on the session clock (the recordings' ``start_time_s``); ``clock`` columns
    and :meth:`clock` place them on the wall clock with ``clock_offset_s``.

    Attributes
    ----------
    bouts : pandas.DataFrame
        One row per walking bout (Mobilise-D rule: at least 4 strides, pauses up to 3 s merged):
        ``start_s``, ``end_s`` (first and last initial contact, s), ``duration_s`` (s), ``strides``,
        ``steps`` (initial contacts of both feet), ``steps_estimated`` (bool: one foot worn, steps = 2 x
        its contacts), ``cadence_spm`` (steps/min), ``median_speed_mps`` (m/s, NaN without a foot IMU),
        ``turn_strides``, ``calf_intensive_strides`` (strides on stairs or slopes), ``source`` (the
        pipeline whose contacts made the bout).
    hours : pandas.DataFrame
        One row per clock hour: ``hour_start_s`` (s), ``clock_hour`` (0-23), ``clock`` ("07:00"),
        ``worn_min``, ``walking_min``, ``longest_still_min`` (min), ``steps``, ``sedentary_min`` and
        ``leg_elevated_min`` (min, NaN when the sensors cannot tell), ``exercise_repetitions``,
        ``calf_intensive_strides``, ``habit`` (met, missed, not_worn, partly_worn) and
        ``meets_walking_habit`` (pandas nullable boolean: True, False, or <NA> when not judged).
    exercises : pandas.DataFrame
        One row per exercise set: ``set`` (its number, the key of :attr:`repetitions`), ``kind``
        (calf_raise, seated_toe_push, heel_raise, ankle_pump, isometric_hold), ``side`` (left, right or
        both), ``start_s``, ``end_s`` (s), ``repetitions``, ``median_amplitude`` (in ``amplitude_unit``:
        deg of foot pitch or bw, forefoot load as a fraction of body weight), ``median_hold_s``,
        ``median_lowering_s`` (s), ``tempo_reps_per_min`` (1/min), ``source`` (the sensor that counted).
    repetitions : pandas.DataFrame
        One row per repetition: ``set``, ``rep`` (0-based within the set), ``kind``, ``side``,
        ``start_s``, ``top_s``, ``end_s`` (s), ``amplitude`` (``amplitude_unit``), ``hold_s``,
        ``lowering_s`` (s).
    postures : pandas.DataFrame
        One row per still period between bouts: ``start_s``, ``end_s``, ``duration_s`` (s), ``posture``
        (standing, sitting, sitting_or_lying, upright, leg_elevated, unknown), ``sedentary`` (bool:
        sitting, sitting_or_lying or leg_elevated), ``load_bw`` (insole load, fraction of body weight,
        NaN without insoles), ``shank_inclination_deg`` (deg from vertical, NaN without a shank IMU),
        ``source``.
    day : pandas.DataFrame
        One row: ``hours_worn`` (h), ``hours_judged``, ``hours_meeting_habit``, ``hours_missing_habit``,
        ``walking_min`` (min), ``steps``, ``bouts``, ``longest_still_min`` (min) and
        ``longest_still_start_s`` (s), ``longest_sedentary_min`` (min) and ``longest_sedentary_start_s``
        (s) (NaN when not measurable), ``calf_intensive_strides``, ``exercise_sets``,
        ``exercise_repetitions``, ``leg_elevated_min`` (min, NaN without a shank IMU).
    capabilities : list of str
        What this session's sensors let the stage measure, in words.
    stride_terrain : list of str
        The terrain of each foot_imu cycle-table row (level, stairs_up, stairs_down, uphill, downhill,
        unknown); empty without foot IMUs.
    flags : pandas.DataFrame
        The stage's data-quality findings (source "activity"), as :attr:`Analysis.flags`.
    clock_offset_s : float
        Clock time of session time 0, s after midnight.
    """

    def __init__(self, result: _core.ActivityResult, habit_walking_min: float | None = None):
        self._raw = result
        # The habit's threshold is a parameter of the stage, not part of its result: the caller passes
        # the one analyze() ran with (default: the stage's default).
        self.habit_walking_min = (_core.ActivityParams().habit_walking_min if habit_walking_min is None
                                  else float(habit_walking_min))

    @property
    def raw(self) -> _core.ActivityResult:
        """The C++ result (``secondheart._core.ActivityResult``)."""
        return self._raw

    @property
    def clock_offset_s(self) -> float:
        return self._raw.clock_offset_s

    def clock(self, time_s: float) -> str:
        """"HH:MM" on the wall clock of a session time (s)."""
        return clock_text(time_s, self._raw.clock_offset_s)

    @cached_property
    def bouts(self) -> pd.DataFrame:
        return bouts_frame(self._raw.bouts)

    @cached_property
    def hours(self) -> pd.DataFrame:
        return hours_frame(self._raw.hours)

    @cached_property
    def exercises(self) -> pd.DataFrame:
        rows = [
            {"set": i, "kind": _core.to_string(e.kind), "side": _side(e.side), "start_s": e.start_s,
             "end_s": e.end_s, "repetitions": e.repetitions, "median_amplitude": e.median_amplitude,
             "amplitude_unit": e.amplitude_unit, "median_hold_s": e.median_hold_s,
             "median_lowering_s": e.median_lowering_s, "tempo_reps_per_min": e.tempo_reps_per_min,
             "source": e.source}
            for i, e in enumerate(self._raw.exercises)
        ]
        return _frame(rows, EXERCISE_COLUMNS)

    @cached_property
    def repetitions(self) -> pd.DataFrame:
        rows = []
        for i, e in enumerate(self._raw.exercises):
            kind, side = _core.to_string(e.kind), _side(e.side)
            for k, r in enumerate(e.reps):
                rows.append({"set": i, "rep": k, "kind": kind, "side": side, "start_s": r.start_s, "top_s": r.top_s,
                             "end_s": r.end_s, "amplitude": r.amplitude, "amplitude_unit": e.amplitude_unit,
                             "hold_s": r.hold_s, "lowering_s": r.lowering_s})
        return _frame(rows, REPETITION_COLUMNS)

    @cached_property
    def postures(self) -> pd.DataFrame:
        rows = [
            {"start_s": p.start_s, "end_s": p.end_s, "duration_s": p.duration_s,
             "posture": _core.to_string(p.posture), "sedentary": _core.sedentary(p.posture), "load_bw": p.load_bw,
             "shank_inclination_deg": p.shank_inclination_deg, "source": p.source}
            for p in self._raw.postures
        ]
        return _frame(rows, POSTURE_COLUMNS)

    @cached_property
    def day(self) -> pd.DataFrame:
        d = self._raw.day
        return _frame([{name: getattr(d, name) for name in DAY_COLUMNS}], DAY_COLUMNS)

    @property
    def capabilities(self) -> list[str]:
        return list(self._raw.capabilities)

    @cached_property
    def stride_terrain(self) -> list[str]:
        return self._raw.stride_terrain_names()

    @cached_property
    def flags(self) -> pd.DataFrame:
        return _tables.flags_frame(self._raw.flags, "activity")

    def plot(self, path=None, **options):
        """The day figure (:func:`secondheart.plot.plot_day`); saved to ``path`` when given."""
        from .plot import plot_day  # noqa: PLC0415 (matplotlib is imported only when plotting)

        return plot_day(self, path, **options)

    def report_lines(self) -> list[str]:
        """The day in a few plain lines (empty when the stage found no hours): hours worn, hours meeting
        or missing the walking habit, walking minutes and steps, the longest still run, exercise sets,
        leg elevation, stairs, and what these sensors cannot tell."""
        if not self._raw.hours:
            return []
        d = self._raw.day
        if d.hours_worn < 1.0:
            # A lab walk, not a day: no hourly habit to judge.
            lines = [f"activity (under an hour of data, no hourly habit): walking {d.walking_min:.1f} min, "
                     f"{d.steps} steps in {d.bouts} bouts; strides on stairs or slopes: {d.calf_intensive_strides}"]
            for e in self._raw.exercises:
                side = "" if e.side is None else f" ({_tables.side_name(e.side)})"
                lines.append(f"  {_core.to_string(e.kind).replace('_', ' ')}{side}: {e.repetitions} reps")
            return lines
        hours = self.hours
        habit = f"{self.habit_walking_min:g}"
        lines = [f"the day (activity only; habit = at least {habit} min of walking in a clock hour):"]
        worn = hours[hours.worn_min > 0]
        span = f" ({worn.clock.iloc[0]}-{self.clock(worn.hour_start_s.iloc[-1] + 3600)})" if not worn.empty else ""
        lines.append(f"  worn {d.hours_worn:.1f} h{span}")
        missed = hours[hours.habit == "missed"].clock.tolist()
        lines.append(f"  walking habit met in {d.hours_meeting_habit} of {d.hours_judged} judged hours, missed in "
                     f"{d.hours_missing_habit}" + (f" ({_listing(missed)})" if missed else ""))
        for status, words in (("not_worn", "not worn"), ("partly_worn", "worn too little to judge")):
            listed = hours[hours.habit == status].clock.tolist()
            if listed:
                lines.append(f"  {words}: {_listing(listed)}")
        lines.append(f"  walking {d.walking_min:.0f} min, {d.steps} steps in {d.bouts} bouts")
        if math.isfinite(d.longest_still_start_s):
            lines.append(f"  longest run without walking {_duration(d.longest_still_min)} from "
                         f"{self.clock(d.longest_still_start_s)}")
        if math.isfinite(d.longest_sedentary_min) and math.isfinite(d.longest_sedentary_start_s):
            lines.append(f"  longest sedentary run {_duration(d.longest_sedentary_min)} from "
                         f"{self.clock(d.longest_sedentary_start_s)}")
        if self._raw.exercises:
            lines.append(f"  exercise: {d.exercise_sets} sets, {d.exercise_repetitions} repetitions")
            for e in self._raw.exercises:
                side = "" if e.side is None else f" ({_tables.side_name(e.side)})"
                lines.append(f"    {self.clock(e.start_s)} {_core.to_string(e.kind).replace('_', ' ')}{side}: "
                             f"{e.repetitions} reps")
        else:
            lines.append("  exercise: no sets found")
        if math.isfinite(d.leg_elevated_min):
            lines.append(f"  leg elevated {d.leg_elevated_min:.0f} min")
        lines.append(f"  strides on stairs or slopes: {d.calf_intensive_strides}")
        unknown = []
        if not math.isfinite(d.longest_sedentary_min):
            unknown.append("sitting vs standing")
        if not math.isfinite(d.leg_elevated_min):
            unknown.append("leg elevation")
        if unknown:
            lines.append(f"  not measurable with these sensors: {', '.join(unknown)}")
        if self._raw.capabilities:
            lines.append(f"  these sensors measure: {'; '.join(self._raw.capabilities)}")
        return lines

    def __repr__(self) -> str:
        return (f"<DayActivity {len(self._raw.hours)} hours, {len(self._raw.bouts)} bouts, "
                f"{len(self._raw.exercises)} exercise sets>")


def _listing(clocks: list[str], at_most: int = 12) -> str:
    """Clock labels joined, the first `at_most` of a long list (a recording of several days) and a count."""
    shown = ", ".join(clocks[:at_most])
    return shown if len(clocks) <= at_most else f"{shown} and {len(clocks) - at_most} more"


def _duration(minutes: float) -> str:
    """"2 h 05 min" or "35 min"."""
    whole = int(round(minutes))
    return f"{whole // 60} h {whole % 60:02d} min" if whole >= 60 else f"{whole} min"


def terrain_column(result: _core.ActivityResult, n_rows: int) -> np.ndarray:
    """The terrain names of the foot_imu cycle-table rows (None each when the stage gave none)."""
    names = result.stride_terrain_names()
    if not names:
        return np.full(n_rows, None, dtype=object)
    if len(names) != n_rows:
        raise RuntimeError(f"activity: {len(names)} stride terrains for {n_rows} foot_imu cycle rows; expected one "
                           "per row (ActivityResult.stride_terrain)")
    return np.array(names, dtype=object)
