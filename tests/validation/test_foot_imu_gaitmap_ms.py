"""The gaitmap example's multiple-sclerosis recording (MIT): one foot per file, 102.4 Hz, 7000 samples
(68.4 s) of a longer continuous walk with turns; the two feet are not synchronised (SOURCE.md). There
is no reference: this is a plausibility and consistency check (both feet of one walk must agree), and
a report of what the foot pipeline says about this person.

Measured 2026-12-03 (left / right): 66 / 67 valid strides (7 / 6 turning); stride time median
0.918 / 0.918 s (cadence ~131 steps/min); stance 0.54 / 0.54 s; heel-strike angle 32.2 / 30.4°;
toe-off angle −73.6 / −74.8°; peak push-off rate 703 / 681 deg/s; stride length 1.87 / 1.84 m and
speed 2.06 / 2.01 m/s.

The stride length is the known problem of issue 21: 1.85 m at 0.92 s per stride means 2 m/s, a fast
healthy walker's speed, and the recording's mean |acc| is ~24 m/s² (mean acc_z 17.6-18 m/s²,
SOURCE.md), an accelerometer offset or scale the trajectory does not estimate. The timing and angle
metrics come from the gyro and are side-consistent; the length and speed are not trusted. The
plausibility of the stride length is written as an expected failure (strict): it will report XPASS,
and fail, once the trajectory handles the offset, so that this note is updated then.
"""

from __future__ import annotations

import numpy as np
import pytest

import secondheart as sh
from secondheart import _core

FS = 102.4


@pytest.fixture(scope="module")
def feet(dataset):
    root = dataset("gaitmap_example")
    out = {}
    for side, code in (("left", _core.Side.LEFT), ("right", _core.Side.RIGHT)):
        session = sh.read_gaitmap_csv(str(root / f"imu_sample_ms_{side}.csv"), sampling_rate_hz=FS, side=code)
        assert len(session.imus) == 1 and len(session.imus[0].gyr_dps) == 7000
        result = sh.analyze_foot(session)
        out[side] = (session, result, result.cycles[result.cycles.status == "valid"])
    return out


def _median(feet, side, column):
    return float(feet[side][2][column].median())


def test_ms_sample_gives_plausible_side_consistent_timing_and_angles(feet):
    columns = (
        "stride_time_s", "stance_time_s", "cadence_spm", "heel_strike_angle_deg", "toe_off_angle_deg",
        "peak_push_off_angular_velocity_dps", "stride_length_m", "gait_speed_mps",
    )  # fmt: skip
    print("\nMS sample (gaitmap), medians of valid strides")
    for side, (session, result, valid) in feet.items():
        acc = np.linalg.norm(session.imus[0].acc_mps2, axis=1)
        status = result.cycles.status.value_counts().to_dict()
        print(
            f"{side:5s} strides {status}, mean |acc| {acc.mean():.1f} m/s², "
            + ", ".join(f"{c} {valid[c].median():.3g}" for c in columns)
        )
        assert len(valid) >= 60  # ~70 strides in 68 s, a few in turns
        # Physiological ranges (healthy norms are stride 0.9-1.3 s, heel strike 15-35°, toe-off
        # −50 to −80°); this person walks fast with a strong push-off.
        assert 0.8 <= valid.stride_time_s.median() <= 1.3
        assert 0.3 <= valid.stance_time_s.median() / valid.stride_time_s.median() <= 0.7
        assert 10.0 <= valid.heel_strike_angle_deg.median() <= 40.0
        assert -90.0 <= valid.toe_off_angle_deg.median() <= -40.0
        # Regular strides: the stride time varies little within each foot (IQR under 5 %).
        iqr = valid.stride_time_s.quantile(0.75) - valid.stride_time_s.quantile(0.25)
        assert iqr <= 0.05 * valid.stride_time_s.median()
    # One walk, two unsynchronised sensors: the same cadence and similar angles on both feet.
    assert _median(feet, "left", "stride_time_s") == pytest.approx(_median(feet, "right", "stride_time_s"), abs=0.02)
    assert _median(feet, "left", "stance_time_s") == pytest.approx(_median(feet, "right", "stance_time_s"), abs=0.03)
    assert _median(feet, "left", "heel_strike_angle_deg") == pytest.approx(_median(feet, "right", "heel_strike_angle_deg"), abs=5.0)
    assert _median(feet, "left", "toe_off_angle_deg") == pytest.approx(_median(feet, "right", "toe_off_angle_deg"), abs=5.0)
    peak_l = _median(feet, "left", "peak_push_off_angular_velocity_dps")
    peak_r = _median(feet, "right", "peak_push_off_angular_velocity_dps")
    assert peak_l == pytest.approx(peak_r, rel=0.1)
    # Stride length agrees between the feet (both carry the same problem).
    assert _median(feet, "left", "stride_length_m") == pytest.approx(_median(feet, "right", "stride_length_m"), abs=0.1)


@pytest.mark.xfail(strict=True, reason="issue 21: accelerometer offset not estimated, MS stride length ~1.85 m")
def test_ms_sample_stride_length_is_plausible_for_its_cadence(feet):
    # At 0.92 s per stride a stride of 1.85 m is 2 m/s. Even fast healthy walkers at this cadence
    # rarely exceed ~1.6 m (1.75 m/s); people with MS walk slower. Expected to fail until issue 21.
    for side in feet:
        assert _median(feet, side, "stride_length_m") <= 1.6
