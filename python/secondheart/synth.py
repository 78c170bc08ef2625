"""Synthetic walker with known ground truth (C++: ``secondheart/synth/walker.hpp``).

>>> import secondheart as sh
>>> walk = sh.synth.walk(seed=1, push_off_strength_right=0.4, schedule=[("stand", 5), ("walk", 20)])
>>> walk.session                      # feed it to sh.analyze(...)
>>> walk.truth_strides("right")       # per-stride ground truth as a DataFrame

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

__all__ = ["ActivityKind", "Bout", "IcModel", "SyntheticWalk", "WalkResult", "WalkerParams", "walk"]

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
