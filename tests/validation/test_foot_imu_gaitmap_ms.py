"""The gaitmap example's multiple-sclerosis recording (MIT): one foot per file, 102.4 Hz, 7000 samples
(68.4 s) of a longer continuous walk with turns; the two feet are not synchronised (SOURCE.md). There
is no reference: this is a plausibility and consistency check (both feet of one walk must agree), and
a report of what the foot pipeline says about this person.

Measured 2026-12-03 (left / right): 66 / 67 valid strides (7 / 6 turning); stride time median
0.918 / 0.918 s (cadence ~131 steps/min); stance 0.54 / 0.54 s; heel-strike angle 32.2 / 30.4°;
toe-off angle −73.6 / −74.8°; peak push-off rate 703 / 681 deg/s; stride length 1.87 / 1.84 m and
speed 2.06 / 2.01 m/s.

The stride length (1.85 m at 0.92 s per stride, 2 m/s) was blamed on an accelerometer offset
(the recording's mean |acc| is ~24 m/s², mean acc_z 17.6-18 m/s², SOURCE.md). Issue 21 checked and
refuted that: at the quietest samples of its walking rests the sensor reads |acc| 9.8 m/s², as it
should, and a walk's mean |acc| is far above g on any foot sensor (the swing's centripetal
acceleration: gaitmap's healthy 1.2 m/s walk averages 16.8 m/s²; this faster, more vigorous gait, with
pitch rates up to 700-990 deg/s, averages more). The recording holds no still second, so no
calibration can be estimated from it (flag ``no_still_periods``). The stride length is checked for
plausibility against the cadence: the walk ratio (step length / cadence) of adults is about 0.006
m/(steps/min) over a wide range of speeds (Sekiya & Nagasaki 1998; Murakami & Otaka 2017); this one is
0.0070, within ±25 % of it (asserted), at the long end. Without a reference the length stays unverified.
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


def test_ms_sample_has_no_accelerometer_offset_along_gravity_and_no_still_period(feet):
    for side, (session, result, valid) in feet.items():
        rec = session.imus[0]
        analysis = _core.analyze_foot_imu(rec)
        gyr = np.linalg.norm(rec.gyr_dps, axis=1)
        acc = np.linalg.norm(rec.acc_mps2, axis=1)
        quiet = gyr <= np.percentile(gyr, 2)  # the quietest 2 % of the samples: mid-stance rests
        print(f"{side}: |acc| at the quietest 2 % {np.median(acc[quiet]):.2f} m/s², mean |acc| {acc.mean():.1f} m/s², "
              f"still periods {analysis.calibration.still_periods}")
        assert np.median(acc[quiet]) == pytest.approx(9.81, abs=0.3)
        assert analysis.calibration.still_periods == 0
        assert "no_still_periods" in {f.code for f in analysis.flags}


def test_ms_sample_stride_length_is_plausible_for_its_cadence(feet):
    # Walk ratio = step length / cadence, about 0.006 m/(steps/min) in adults; ±25 % allowed.
    for side in feet:
        step_m = _median(feet, side, "stride_length_m") / 2.0
        ratio = step_m / _median(feet, side, "cadence_spm")
        print(f"{side}: step {step_m:.2f} m at {_median(feet, side, 'cadence_spm'):.0f} steps/min, walk ratio {ratio:.4f}")
        assert 0.0045 <= ratio <= 0.0075
