"""Synthetic walker and synthetic days with known ground truth (C++: ``secondheart/synth/walker.hpp``,
``secondheart/synth/day.hpp``).

>>> import secondheart as sh
>>> walk = sh.synth.walk(seed=1, push_off_strength_right=0.4, schedule=[("stand", 5), ("walk", 20)])
>>> walk.session                      # feed it to sh.analyze(...)
>>> walk.truth_strides("right")       # per-stride ground truth as a DataFrame
>>> d = sh.synth.day(seed=1, hours=16)  # a plausible day from 07:00
>>> d.bouts, d.periods, d.sets, d.ic  # its truth as DataFrames (session clock, s); also d.reps, d.strides

Physics: a rigid foot rolls over the heel, lies flat (zero velocity), rolls over the MTP joint and
swings (C2 quintic segments, analytic derivatives); the IMUs read the exact specific force and
angular velocity in the segment frame plus seeded noise and bias; insole cells carry a double-hump
total force distributed from a centre of pressure that travels heel to toe.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from . import _core

_synth = _core.synth
ActivityKind = _synth.ActivityKind
Bout = _synth.Bout
IcModel = _synth.IcModel
WalkerParams = _synth.WalkerParams
WalkResult = _synth.WalkResult
DayActivity = _synth.DayActivity
DayBlock = _synth.DayBlock
DayParams = _synth.DayParams
DayResult = _synth.DayResult

__all__ = [
    "ActivityKind",
    "Bout",
    "DayActivity",
    "DayBlock",
    "DayParams",
    "DayResult",
    "IcModel",
    "SyntheticDay",
    "SyntheticWalk",
    "WalkResult",
    "WalkerParams",
    "day",
    "walk",
]

_KINDS = {"walk": ActivityKind.WALK, "stand": ActivityKind.STAND, "sit": ActivityKind.SIT}
_IC_MODELS = {"detector_feature": IcModel.DETECTOR_FEATURE, "heel_height": IcModel.HEEL_HEIGHT}


def _side(side: str | _core.Side) -> _core.Side:
    if isinstance(side, _core.Side):
        return side
    if side not in ("left", "right"):
        raise _core.InvalidArgumentError(f"side: expected 'left' or 'right', got {side!r}")
    return _core.Side.LEFT if side == "left" else _core.Side.RIGHT


class SyntheticWalk:
    """A synthetic session and its ground truth, with pandas views of the truth."""

    def __init__(self, result: WalkResult):
        self.result = result

    @property
    def session(self) -> _core.Session:
        return self.result.session

    @property
    def params(self) -> WalkerParams:
        return self.result.params

    def truth(self, side: str | _core.Side):
        """The C++ ``SideTruth`` of one side (events in samples, per-sample signals)."""
        return self.result.truth(_side(side))

    def truth_events(self, side: str | _core.Side) -> pd.DataFrame:
        """One row per stance: IC, HO, FC, MS sample indices and times (s)."""
        t = self.truth(side)
        fs = self.params.sampling_rate_hz
        frame = pd.DataFrame({"ic": t.ic, "ho": t.ho, "fc": t.fc, "ms": t.ms})
        for name in ("ic", "ho", "fc", "ms"):
            frame[f"{name}_s"] = frame[name] / fs
        return frame

    def truth_strides(self, side: str | _core.Side) -> pd.DataFrame:
        """One row per stride (IC to next IC within a walking bout) with its true values."""
        t = self.truth(side)
        fs = self.params.sampling_rate_hz
        columns = [
            "stride_length_m",
            "stride_time_s",
            "toe_off_angle_deg",
            "heel_strike_angle_deg",
            "peak_push_off_angular_velocity_dps",
            "peak_plantarflexion_deg",
            "ankle_rom_deg",
            "f1_n",
            "f2_n",
            "valley_n",
            "forefoot_impulse_share",
        ]
        frame = pd.DataFrame({"ic_s": np.asarray(t.stride_ic) / fs, "next_ic_s": np.asarray(t.stride_next_ic) / fs})
        frame["steady"] = t.stride_steady
        for name in columns:
            frame[name] = getattr(t, name)
        return frame

    def __repr__(self) -> str:
        p = self.params
        return (
            f"<SyntheticWalk {self.session.imus[0].duration_s:.1f} s at {p.sampling_rate_hz:g} Hz, "
            f"{p.speed_mps:g} m/s, push-off L {p.push_off_strength_left:g} / R {p.push_off_strength_right:g}>"
        )


def _copy(params: WalkerParams) -> WalkerParams:
    copy = WalkerParams()
    for name in dir(params):
        if not name.startswith("_") and not callable(getattr(params, name)):
            setattr(copy, name, getattr(params, name))
    return copy


def walk(
    params: WalkerParams | None = None, *, schedule: Iterable[tuple[str, float]] | None = None, **overrides
) -> SyntheticWalk:
    """Generate a synthetic session with ground truth.

    Parameters
    ----------
    params
        A :class:`WalkerParams` to start from (default: its defaults); keywords override its fields.
    schedule
        Bouts as ``(kind, duration_s)`` with kind ``"walk"``, ``"stand"`` or ``"sit"``
        (default: stand 5, walk 20, stand 5, sit 10, walk 20, stand 5).
    **overrides
        Any :class:`WalkerParams` field: ``seed``, ``sampling_rate_hz``, ``speed_mps``,
        ``cadence_steps_per_min``, ``push_off_strength_left``/``_right`` (1.0 normal .. 0.2 very weak),
        ``body_mass_kg``, noise and bias levels, ``ic_model`` (``"detector_feature"``, the default:
        the foot-IMU detector's IC feature is built into the pitch at the true IC, so detected ICs match
        it by construction; ``"heel_height"``: the pitch lands smoothly and only the heel reaching the
        floor places IC, which shows the detector's bias), ...

    Raises
    ------
    secondheart.InvalidArgumentError
        For an unknown parameter or an implausible value (the message says what was expected).
    """
    p = WalkerParams() if params is None else _copy(params)
    for name, value in overrides.items():
        if name.startswith("_") or not hasattr(p, name) or callable(getattr(p, name)):
            raise _core.InvalidArgumentError(f"walk: unknown parameter {name!r}")
        if name == "ic_model" and isinstance(value, str):
            if value not in _IC_MODELS:
                raise _core.InvalidArgumentError(f"walk: expected ic_model in {sorted(_IC_MODELS)}, got {value!r}")
            value = _IC_MODELS[value]
        setattr(p, name, value)
    if schedule is not None:
        bouts = []
        for kind, duration_s in schedule:
            if kind not in _KINDS:
                raise _core.InvalidArgumentError(f"walk: expected bout kind in {sorted(_KINDS)}, got {kind!r}")
            bouts.append(Bout(_KINDS[kind], float(duration_s)))
        p.schedule = bouts
    return SyntheticWalk(_synth.walk(p))


_DAY_KINDS = {name.lower(): kind for name, kind in DayActivity.__members__.items()}


def _name(value) -> str | None:
    """'walk', 'left', ... for a bound enum value (None stays None)."""
    return None if value is None else value.name.lower()


class SyntheticDay:
    """A synthetic day: its session and its event/period truth as DataFrames (session clock, s)."""

    def __init__(self, result: DayResult, params: DayParams):
        self.result = result
        self.params = params

    @property
    def session(self) -> _core.Session:
        return self.result.session

    @property
    def truth(self):
        """The C++ ``DayTruth``."""
        return self.result.truth

    @property
    def bouts(self) -> pd.DataFrame:
        """One row per walk block: first and last initial contact, strides and steps (both feet)."""
        rows = [(b.start_s, b.end_s, b.strides, b.steps, _name(b.kind)) for b in self.truth.bouts]
        return pd.DataFrame(rows, columns=["start_s", "end_s", "strides", "steps", "kind"])

    @property
    def periods(self) -> pd.DataFrame:
        """One row per block of the schedule, as it happened (still ones and not-worn included)."""
        rows = [(p.start_s, p.end_s, _name(p.kind)) for p in self.truth.periods]
        return pd.DataFrame(rows, columns=["start_s", "end_s", "kind"])

    @property
    def sets(self) -> pd.DataFrame:
        """One row per exercise block: side (missing: both legs), repetitions, mean amplitude (deg or bw),
        hold and lowering times."""
        columns = ["kind", "side", "start_s", "end_s", "repetitions", "amplitude", "amplitude_unit", "hold_s",
                   "lowering_s"]
        rows = [(_name(s.kind), _name(s.side), s.start_s, s.end_s,
                 s.repetitions, s.amplitude, s.amplitude_unit, s.hold_s, s.lowering_s) for s in self.truth.sets]
        return pd.DataFrame(rows, columns=columns)

    @property
    def reps(self) -> pd.DataFrame:
        """One row per repetition of every set (``set`` is the row of :attr:`sets`)."""
        columns = ["set", "start_s", "top_s", "end_s", "amplitude", "rise_s", "hold_s", "lowering_s",
                   "time_above_80_s"]
        rows = [(k, r.start_s, r.top_s, r.end_s, r.amplitude, r.rise_s, r.hold_s, r.lowering_s, r.time_above_80_s)
                for k, s in enumerate(self.truth.sets) for r in s.reps]
        return pd.DataFrame(rows, columns=columns)

    @property
    def ic(self) -> pd.DataFrame:
        """Every initial contact: side and time (session clock, s), sorted by time."""
        frames = [pd.DataFrame({"side": name, "time_s": np.asarray(self.truth.ic(_side(name)), dtype=float)})
                  for name in ("left", "right")]
        return pd.concat(frames, ignore_index=True).sort_values("time_s", kind="stable").reset_index(drop=True)

    @property
    def strides(self) -> pd.DataFrame:
        """One row per stride of every bout: side, IC to next IC (s), rise and length (m), terrain kind
        (``"walk"`` level, ``"stairs_up"``, ``"stairs_down"``)."""
        rows = [(_name(s.side), s.start_s, s.end_s, s.rise_m, s.length_m, _name(s.kind)) for s in self.truth.strides]
        return pd.DataFrame(rows, columns=["side", "start_s", "end_s", "rise_m", "length_m", "kind"])

    @property
    def fidgets(self) -> pd.DataFrame:
        """Small heel lifts while sitting (not exercises)."""
        rows = [(_name(f.side), f.start_s, f.end_s, f.amplitude_deg) for f in self.truth.fidgets]
        return pd.DataFrame(rows, columns=["side", "start_s", "end_s", "amplitude_deg"])

    def __repr__(self) -> str:
        hours = self.session.imus[0].duration_s / 3600 if self.session.imus else float("nan")
        return (f"<SyntheticDay {hours:.2f} h at {self.params.walker.sampling_rate_hz:g} Hz, "
                f"{len(self.truth.bouts)} walking bouts, {len(self.truth.sets)} exercise sets>")


def _day_block(block) -> DayBlock:
    if isinstance(block, DayBlock):
        return block
    kind, duration_s, *rest = block
    if isinstance(kind, str):
        if kind not in _DAY_KINDS:
            raise _core.InvalidArgumentError(f"day: expected block kind in {sorted(_DAY_KINDS)}, got {kind!r}")
        kind = _DAY_KINDS[kind]
    repetitions = int(rest[0]) if len(rest) > 0 else 0
    side = _side(rest[1]) if len(rest) > 1 and rest[1] is not None else None
    return DayBlock(kind, float(duration_s), repetitions, side)


def day(
    seed: int = 1,
    hours: float = 16.0,
    noise_scale: float = 1.0,
    sampling_rate_hz: float = 100.0,
    schedule: Iterable | None = None,
    start_clock_s: float | None = None,
    **overrides,
) -> SyntheticDay:
    """Generate a synthetic day with event and period ground truth.

    Parameters
    ----------
    seed
        Seed of everything random (the schedule of :func:`typical_day`, noise, repetition times).
    hours
        Length of the typical day (1 to 24; ignored with ``schedule``).
    noise_scale
        Multiplies every noise and bias term of the walker (0: noise-free).
    sampling_rate_hz
        Sampling rate of every recording.
    schedule
        Blocks as ``(kind, duration_s)`` or ``(kind, duration_s, repetitions[, side])`` with kind one of
        ``"walk"``, ``"stairs_up"``, ``"stairs_down"``, ``"stand"``, ``"sit"``, ``"lie"``, ``"legs_elevated"``, ``"calf_raises"``,
        ``"seated_toe_pushes"``, ``"ankle_pumps"``, ``"isometric_holds"``, ``"not_worn"`` (default: the
        typical day of ``seed`` and ``hours``).
    start_clock_s
        Clock time of the first sample, seconds after midnight (default 07:00).
    **overrides
        Any :class:`DayParams` field (``heel_raise_deg``, ``sitting_shank_inclination_deg``,
        ``foot_imus``/``shank_imus``/``insoles``, ...) or :class:`WalkerParams` field (``speed_mps``,
        ``body_mass_kg``, ...).

    Raises
    ------
    secondheart.InvalidArgumentError
        For an unknown parameter or a bad value (the message says what was expected and what was got).
    """
    p = _synth.typical_day(int(seed), float(hours)) if schedule is None else DayParams()
    p.walker.seed = int(seed) if schedule is not None else p.walker.seed
    p.noise_scale = float(noise_scale)
    p.walker.sampling_rate_hz = float(sampling_rate_hz)
    if schedule is not None:
        p.schedule = [_day_block(b) for b in schedule]
    if start_clock_s is not None:
        p.start_clock_s = float(start_clock_s)
    for name, value in overrides.items():
        if not name.startswith("_") and hasattr(p, name) and not callable(getattr(p, name)) and name != "walker":
            setattr(p, name, value)
        elif not name.startswith("_") and hasattr(p.walker, name) and not callable(getattr(p.walker, name)):
            setattr(p.walker, name, value)
        else:
            raise _core.InvalidArgumentError(f"day: unknown parameter {name!r}")
    return SyntheticDay(_synth.day(p), p)
