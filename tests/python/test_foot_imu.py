"""Foot-IMU stage from Python: the bundled MovingReality excerpt (pp07, person after stroke,
treadmill at a comfortable 1.0 m/s, median stride 0.92 s per the dataset notes), alignment
invariance to the mounting, and argument errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import secondheart as sh
from secondheart import _core

DATA = Path(sh.__file__).parent / "data" / "movingreality_pp07_1Reg_first45s.csv"


def _load() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    table = np.genfromtxt(DATA, delimiter=",", names=True)
    out = {}
    for side in ("left", "right"):
        acc = np.column_stack([table[f"{side}_foot_acc_{c}_mps2"] for c in "xyz"])
        gyr = np.column_stack([table[f"{side}_foot_gyr_{c}_dps"] for c in "xyz"])
        out[side] = (acc, gyr)
    return out


def _recording(side: str, acc: np.ndarray, gyr: np.ndarray) -> _core.ImuRecording:
    rec = _core.ImuRecording()
    rec.side = sh.Side.LEFT if side == "left" else sh.Side.RIGHT
    rec.placement = sh.Placement.FOOT
    rec.sampling_rate_hz = 100.0
    rec.acc_mps2 = acc
    rec.gyr_dps = gyr
    return rec


@pytest.fixture(scope="module")
def session() -> _core.Session:
    s = _core.Session()
    s.name = "pp07 excerpt"
    s.imus = [_recording(side, *signals) for side, signals in _load().items()]
    return s


def test_analyze_foot_gives_plausible_strides(session):
    result = sh.analyze_foot(session)
    cycles = result.cycles
    assert set(cycles["side"]) == {"left", "right"}
    valid = cycles[cycles["status"] == "valid"]
    for side in ("left", "right"):
        rows = valid[valid["side"] == side]
        assert len(rows) >= 30  # 45 s at 0.92 s per stride, minus the belt start
        assert rows["stride_time_s"].median() == pytest.approx(0.92, abs=0.03)
        # Treadmill at 1.0 m/s: the belt-frame stride length over stride time.
        assert rows["gait_speed_mps"].median() == pytest.approx(1.0, abs=0.15)
        assert 0 < rows["heel_strike_angle_deg"].median() < 25
        assert -70 < rows["toe_off_angle_deg"].median() < -25
        assert rows["peak_push_off_angular_velocity_dps"].median() > 150
    # Events in long format, both feet.
    assert {"IC", "FC", "MS", "HO"} <= set(result.events["event"])
    assert set(result.summary["metric"]) >= {"stride_length_m", "toe_off_angle_deg"}


def test_alignment_does_not_depend_on_the_mounting(session):
    acc, gyr = _load()["left"]
    reference = sh.detect_foot_events(
        *[_core.rotate_rows(x, sh.align_foot(acc, gyr, 100.0).segment_from_sensor) for x in (acc, gyr)],
        100.0,
    )
    # Turn the sensor by a known rotation: the alignment must absorb it.
    angle = np.radians(120.0)
    rz = np.array([[np.cos(angle), -np.sin(angle), 0], [np.sin(angle), np.cos(angle), 0], [0, 0, 1]])
    rx = np.array([[1, 0, 0], [0, -1, 0], [0, 0, -1]])
    rotation = rx @ rz
    acc_r, gyr_r = acc @ rotation.T, gyr @ rotation.T
    alignment = sh.align_foot(acc_r, gyr_r, 100.0)
    assert alignment.sign_from_gait
    events = sh.detect_foot_events(
        *[_core.rotate_rows(x, alignment.segment_from_sensor) for x in (acc_r, gyr_r)], 100.0
    )
    assert events.events.ic == reference.events.ic
    assert events.events.fc == reference.events.fc


def test_zero_velocity_and_trajectory_from_python(session):
    acc, gyr = _load()["right"]
    zv = sh.detect_zero_velocity(gyr, 100.0)
    assert zv.still.dtype == np.uint8 and zv.still.shape == (len(gyr),)
    assert 5.0 <= zv.threshold_dps <= 100.0
    assert len(zv.runs) >= 30
    result = _core.analyze_foot_imu(session.imus[1])
    stride = result.metrics.trajectories[10]
    assert stride.position_m.shape == (stride.end - stride.begin + 1, 3)
    assert stride.stride_length_m == pytest.approx(0.92, abs=0.2)


def test_table_only_analysis_keeps_no_series_and_the_same_table(session):
    full = _core.analyze_foot_imu(session.imus[1])
    params = _core.FootImuPipelineParams()
    assert params.metrics.keep_trajectories  # the default keeps them
    metrics = params.metrics
    metrics.keep_trajectories = False
    params.metrics = metrics
    lean = _core.analyze_foot_imu(session.imus[1], params)
    assert len(full.metrics.trajectories) >= 30 and len(lean.metrics.trajectories) == 0
    assert full.metrics.pitch_deg.shape == (len(session.imus[1]),) and lean.metrics.pitch_deg.shape == (0,)
    np.testing.assert_array_equal(full.metrics.table.values, lean.metrics.table.values)


def test_bad_arguments_raise_value_errors():
    with pytest.raises(ValueError, match="sampling_rate_hz"):
        sh.detect_zero_velocity(np.zeros((10, 3)), 0.0)
    with pytest.raises(sh.InvalidArgumentError, match="as many acc as gyro"):
        sh.align_foot(np.zeros((10, 3)), np.zeros((9, 3)), 100.0)
    with pytest.raises(ValueError, match="either params or options"):
        sh.analyze_foot(_core.Session(), _core.FootImuPipelineParams(), max_turn_deg=10)


def test_empty_session_is_flagged():
    result = sh.analyze_foot(_core.Session())
    assert list(result.flags["code"]) == ["no_foot_imu"]
    assert len(result.cycles) == 0


def _events_with(recording, **settings):
    params = _core.FootImuPipelineParams()
    for name, value in settings.items():
        setattr(params.events, name, value)
    result = _core.analyze_foot_imu(recording, params)
    return list(result.events.events.ic), list(result.events.events.fc)


def test_turn_and_pivot_settings_reach_the_event_detector(session):
    """The event settings added for turns are settable from Python, checked in C++, and change what
    the detector does (each case fails if the setting is dropped on the way). On the treadmill excerpt
    (44 strides of the left foot, no turns, no pivots):
    - turn_heading_deg = 0 makes every swing a "turning" one; with turn_impact_ratio = 1e6 every IC
      moves to the largest jerk nearby (all 44 move with impact_onset_fraction = 0, measured), with
      turn_impact_ratio = 0 none does; with the default impact_onset_fraction they move to the start
      of that impact instead, never later than its peak (32 of 44 differ from the pitch-rate IC:
      the others are where the impact starts);
    - swing_peak_fraction = 0.95 leaves only 19 swings above the mid-swing threshold when pivots are
      disabled (pivot_motion_fraction = 0); with pivot_motion_fraction = 0.01 the other movements
      between rests come back as pivot steps (44 again)."""
    params = _core.FootImuPipelineParams()
    params.events.min_swing_duration_s = -0.1
    with pytest.raises(ValueError, match="min_swing_duration_s"):
        _core.analyze_foot_imu(session.imus[0], params)
    rec = session.imus[0]
    ic, fc = _events_with(rec)
    assert len(ic) == len(fc) == 44
    moved, _ = _events_with(rec, turn_heading_deg=0.0, turn_impact_ratio=1e6, impact_onset_fraction=0.0)
    assert len(moved) == 44 and sum(a != b for a, b in zip(moved, ic)) >= 40
    onset, _ = _events_with(rec, turn_heading_deg=0.0, turn_impact_ratio=1e6)
    assert len(onset) == 44 and onset != moved and all(a <= b for a, b in zip(onset, moved))
    assert sum(a != b for a, b in zip(onset, ic)) >= 30
    assert _events_with(rec, turn_heading_deg=0.0, turn_impact_ratio=0.0) == (ic, fc)
    few, _ = _events_with(rec, swing_peak_fraction=0.95, pivot_motion_fraction=0.0)
    pivots, _ = _events_with(rec, swing_peak_fraction=0.95, pivot_motion_fraction=0.01)
    assert len(few) <= 25
    assert len(pivots) == 44
