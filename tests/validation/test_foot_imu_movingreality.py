"""Foot-IMU pipeline on the MovingReality recordings (MIT): eight people after stroke on an
instrumented treadmill, Xsens MTw on both feet (sensor axes), 100 Hz, 12 files.

References (SOURCE.md): each participant's comfortable treadmill speed, and the trial-mean foot
strike angle (FSA, Vicon, heel-to-toe line at IC relative to mid-stance, both legs pooled). On a
treadmill the zero-velocity integration measures the stride in the belt frame, so stride length /
stride time is the belt speed. Every file must run, give side-consistent stride times, and flag
pp03's right foot, which barely swings, instead of failing.

Independence: both references come from outside the IMU (the treadmill's set speed; Vicon markers), and
the pipeline's input is the raw foot IMU signals (sensor axes, its own alignment and orientation), so
the heel-strike angle test is the one independent check of secondheart's IMU foot pitch in the data
(there is no independent ankle-angle reference in ../shared/data). Caveats: FSA is a per-trial mean
pooled over both legs, measured as the heel-to-toe marker line at IC relative to mid-stance; ours is
the median foot pitch at the IMU's IC, averaged over the two feet. The recordings are the MovingReality
development files the foot pipeline was tuned on (README).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import secondheart as sh
from secondheart import _core

FILES = [
    "pp02_1Reg", "pp03_1Reg", "pp04_1Reg", "pp05_1Reg", "pp06_1Reg", "pp07_1Reg",
    "pp08_1Reg", "pp09_1Reg", "pp03_FBPO", "pp04_FBPO", "pp05_FBPO", "pp06_FBPO",
]  # fmt: skip
SPEED_MPS = {"pp02": 1.6, "pp03": 0.4, "pp04": 1.2, "pp05": 0.9, "pp06": 1.2, "pp07": 1.0, "pp08": 1.2, "pp09": 0.9}
FSA_DEG = {  # 1Reg / FBPO trial means
    "pp02_1Reg": 25.9, "pp03_1Reg": 6.0, "pp04_1Reg": 25.4, "pp05_1Reg": 9.5, "pp06_1Reg": 21.1, "pp07_1Reg": 10.5,
    "pp08_1Reg": 20.5, "pp09_1Reg": 10.1, "pp03_FBPO": 6.7, "pp04_FBPO": 27.4, "pp05_FBPO": 17.8, "pp06_FBPO": 19.1,
}  # fmt: skip


def _session(path: Path) -> _core.Session:
    table = np.genfromtxt(path, delimiter=",", names=True)
    s = _core.Session()
    imus = []
    for side in ("left", "right"):
        rec = _core.ImuRecording()
        rec.side = _core.Side.LEFT if side == "left" else _core.Side.RIGHT
        rec.placement = _core.Placement.FOOT
        rec.sampling_rate_hz = 100.0
        rec.acc_mps2 = np.column_stack([table[f"{side}_foot_acc_{c}_mps2"] for c in "xyz"])
        rec.gyr_dps = np.column_stack([table[f"{side}_foot_gyr_{c}_dps"] for c in "xyz"])
        imus.append(rec)
    s.imus = imus
    s.name = path.stem
    return s


@pytest.fixture(scope="module")
def results(dataset):
    root = dataset("movingreality_stroke_imu")
    return {name: sh.analyze_foot(_session(root / f"{name}.csv")) for name in FILES}


def _median(frame, side, column):
    rows = frame[(frame["side"] == side) & (frame["status"] == "valid")]
    return float(rows[column].median())


def test_every_file_runs_with_side_consistent_strides(results):
    print("\nfile      side  valid  stride_s  speed  SL_m  HS_deg  TO_deg  PO_dps  PO_s  ROM_deg  flags")
    for name, r in results.items():
        for side in ("left", "right"):
            c = r.cycles
            valid = int(((c["side"] == side) & (c["status"] == "valid")).sum())
            codes = ",".join(sorted(set(r.flags[r.flags["side"] == side]["code"])))
            print(
                f"{name} {side:5s} {valid:5d} {_median(c, side, 'stride_time_s'):8.2f} "
                f"{_median(c, side, 'gait_speed_mps'):6.2f} {_median(c, side, 'stride_length_m'):5.2f} "
                f"{_median(c, side, 'heel_strike_angle_deg'):6.1f} {_median(c, side, 'toe_off_angle_deg'):7.1f} "
                f"{_median(c, side, 'peak_push_off_angular_velocity_dps'):7.0f} {_median(c, side, 'push_off_duration_s'):5.2f} "
                f"{_median(c, side, 'foot_pitch_rom_deg'):7.0f}  {codes}"
            )
            assert valid >= 50, f"{name} {side}: {valid} valid strides"
        # Both feet walk on one belt: the same stride time.
        assert _median(r.cycles, "left", "stride_time_s") == pytest.approx(
            _median(r.cycles, "right", "stride_time_s"), abs=0.02
        )


def test_speed_matches_the_treadmill(results):
    errors = []
    for name, r in results.items():
        reference = SPEED_MPS[name[:4]]
        for side in ("left", "right"):
            speed = _median(r.cycles, side, "gait_speed_mps")
            errors.append(speed - reference)
            assert speed == pytest.approx(reference, rel=0.15), f"{name} {side}"
    print(f"\nspeed vs treadmill: mean |e| {np.mean(np.abs(errors)):.3f} m/s, bias {np.mean(errors):+.3f} m/s")
    # README: abs error 0.040 m/s (24 feet). Asserted: claim + 0.005 m/s; bias (measured +0.036) below 0.045.
    assert np.mean(np.abs(errors)) <= 0.040 + 0.005
    assert abs(np.mean(errors)) <= 0.045


def test_heel_strike_angle_matches_the_vicon_foot_strike_angle(results):
    errors = []
    for name, r in results.items():
        both = 0.5 * (_median(r.cycles, "left", "heel_strike_angle_deg") + _median(r.cycles, "right", "heel_strike_angle_deg"))
        errors.append(both - FSA_DEG[name])
        print(f"{name}: heel-strike angle {both:5.1f} deg, Vicon FSA {FSA_DEG[name]:5.1f} deg")
    errors = np.array(errors)
    print(f"mean |e| {np.mean(np.abs(errors)):.1f} deg, bias {np.mean(errors):+.1f} deg, max |e| {np.max(np.abs(errors)):.1f} deg")
    # README: abs error 2.3° (12 trials). Asserted: claim + 0.3°; bias (measured −0.9°) within ±1.5°;
    # worst trial (measured 5.5°, pp04_FBPO) below 6°.
    assert np.mean(np.abs(errors)) <= 2.3 + 0.3
    assert abs(np.mean(errors)) <= 1.5
    assert np.max(np.abs(errors)) <= 6.0


def test_weak_right_leg_of_pp03_is_flagged_and_measured_weaker(results):
    for name in ("pp03_1Reg", "pp03_FBPO"):
        r = results[name]
        right_flags = set(r.flags[r.flags["side"] == "right"]["code"])
        assert "low_swing" in right_flags
        assert "low_swing" not in set(r.flags[r.flags["side"] == "left"]["code"])
        c = r.cycles
        assert _median(c, "right", "peak_push_off_angular_velocity_dps") < 0.4 * _median(c, "left", "peak_push_off_angular_velocity_dps")
        assert _median(c, "right", "toe_off_angle_deg") > _median(c, "left", "toe_off_angle_deg") + 10
