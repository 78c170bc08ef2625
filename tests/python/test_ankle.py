"""Python layer of the shank/ankle stage: bindings, parameters, DataFrames and errors.

Signals are built here with known pitch, mounting and events (the same template as the C++ tests);
the numerics themselves are tested in tests/cpp."""

from __future__ import annotations

import numpy as np
import pytest

import secondheart as sh
from secondheart import _core

FS = 100.0
G = 9.80665


def gauss(t, mu, sigma):
    return np.exp(-0.5 * ((t - mu) / sigma) ** 2)


def shank_template(duration_s=40.0, standing_s=3.0, stride_s=1.1, fs=FS):
    """Shank pitch rate (deg/s) with an IC dip, stance rotation, pre-swing dip at FC (60 %) and the
    forward swing; pitch by integration. Returns (t, pitch_deg, rate_dps, ic_s, fc_s)."""
    t = np.arange(int(duration_s * fs)) / fs
    ics = standing_s + stride_s * np.arange(int((duration_s - standing_s - 1.0) / stride_s))
    rate = np.zeros_like(t)
    for ic in ics[:-1]:
        fc = ic + 0.6 * stride_s
        rate += (
            -120 * gauss(t, ic, 0.025)
            - 60 * gauss(t, ic + 0.3 * stride_s, 0.12 * stride_s)
            - 180 * gauss(t, fc, 0.04)
            + 350 * gauss(t, fc + 0.2 * stride_s, 0.07 * stride_s)
        )
    rate += -120 * gauss(t, ics[-1], 0.025)
    rate -= np.mean(rate[t > standing_s])  # a periodic walk returns to its start pitch
    rate[t < standing_s - 0.5] = 0.0
    pitch = np.cumsum(rate) / fs
    pitch -= pitch[0]
    return t, pitch, rate, ics, ics[:-1] + 0.6 * stride_s


def segment_imu(pitch_deg, rate_dps, side, placement=_core.Placement.SHANK):
    th = np.radians(pitch_deg)
    acc = np.column_stack([G * np.sin(th), np.zeros_like(th), G * np.cos(th)])
    gyr = np.column_stack([np.zeros_like(th), -rate_dps, np.zeros_like(th)])
    rec = _core.ImuRecording()
    rec.side = side
    rec.placement = placement
    rec.sampling_rate_hz = FS
    rec.acc_mps2 = acc
    rec.gyr_dps = gyr
    rec.frame = _core.AxesFrame.SEGMENT
    return rec


def rotation_z(deg):
    c, s = np.cos(np.radians(deg)), np.sin(np.radians(deg))
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])


def test_align_shank_and_pitch_from_a_sensor_frame_recording():
    _, pitch, rate, _, _ = shank_template()
    rec = segment_imu(pitch, rate, _core.Side.RIGHT)
    # Sensor x up the shank, y to the right, z forward, tilted 20° about the shank.
    mount = rotation_z(20.0) @ np.array([[0, 0, 1], [0, -1, 0], [1, 0, 0]], dtype=float)  # segment <- sensor
    rec.acc_mps2 = np.asarray(rec.acc_mps2) @ mount
    rec.gyr_dps = np.asarray(rec.gyr_dps) @ mount
    rec.frame = _core.AxesFrame.SENSOR
    alignment = sh.align_shank(rec)
    assert alignment.standing is not None
    np.testing.assert_allclose(alignment.sensor_to_segment, mount, atol=0.02)
    result = sh.shank_pitch(rec)
    error = np.asarray(result.pitch_deg) - pitch
    assert np.sqrt(np.mean(error**2)) < 1.0
    np.testing.assert_allclose(result.pitch_rate_dps, rate, atol=1e-6)


def test_shank_events_from_the_pitch_rate():
    _, _, rate, ics, fcs = shank_template()
    result = sh.detect_shank_events(rate, FS, _core.Side.LEFT)
    events = result.events
    assert events.side == _core.Side.LEFT
    assert len(events.fc) == len(fcs)
    assert np.max(np.abs(np.asarray(events.fc) / FS - fcs)) <= 0.02
    # IC dips follow a swing: all but the first IC of the walk.
    assert len(events.ic) == len(ics) - 1
    assert np.max(np.abs(np.asarray(events.ic) / FS - ics[1:])) <= 0.02
    assert result.stride_period_s == pytest.approx(1.1, abs=0.011)


def test_contact_aligned_ic_is_the_impact_onset_and_absent_without_impact():
    _, _, rate, ics, _ = shank_template()
    result = sh.detect_shank_events(rate, FS, _core.Side.LEFT)
    ic = np.asarray(result.events.ic)
    acc = np.zeros((len(rate), 3))
    acc[:, 2] = 9.81
    # Without an impact: no contact-aligned IC, an info flag, IC unchanged.
    smooth = sh.detect_shank_contacts(result, acc)
    assert len(smooth.ic_contact) == 0
    assert [f.code for f in smooth.flags] == ["shank_contact_missing"]
    assert list(smooth.events.ic) == list(ic)
    # A heel-strike transient whose last quiet sample is 3 samples before each pitch-rate IC.
    onsets = ic - 3
    for k, jump in enumerate((9.0, 24.0, 14.0, 5.0, 1.5)):
        acc[onsets + 1 + k, 2] += jump
    hit = sh.detect_shank_contacts(result, acc)
    assert list(hit.ic_contact) == list(onsets)
    assert not hit.flags
    assert len(result.ic_contact) == 0  # the input is not modified


def test_ankle_angle_aligns_clocks_and_finds_the_standing_zero():
    t_shank = np.arange(1000) / 100.0
    t_foot = -0.5 + np.arange(2200) / 200.0
    standing = 3.0

    def foot_at(t):
        return 2.0 + np.where(t >= standing, 25 * np.sin(2 * np.pi * (t - standing)), 0.0)

    def shank_at(t):
        return -4.0 + np.where(t >= standing, 20 * np.sin(2 * np.pi * (t - standing) + 1.0), 0.0)

    result = sh.ankle_angle(foot_at(t_foot), shank_at(t_shank), 200.0, shank_rate_hz=100.0, foot_start_s=-0.5)
    assert result.zero == _core.AnkleZero.STANDING
    assert result.zero_offset_deg == pytest.approx(6.0, abs=1e-9)
    walking = t_shank > standing + 0.1
    expected = foot_at(t_shank) - shank_at(t_shank) - 6.0
    np.testing.assert_allclose(np.asarray(result.ankle_deg)[walking], expected[walking], atol=0.3)
    params = _core.AnkleAngleParams()
    params.zero_offset_deg = 0.0
    raw = sh.ankle_angle(foot_at(t_foot), shank_at(t_shank), 200.0, shank_rate_hz=100.0, foot_start_s=-0.5, params=params)
    assert raw.zero == _core.AnkleZero.USER_OFFSET
    assert raw.ankle_deg[50] == pytest.approx(6.0, abs=1e-6)


def test_ankle_cycle_metrics_by_hand():
    ankle = 10 * np.sin(2 * np.pi * np.arange(200) / 100)
    cycle = _core.Cycle()
    cycle.ic, cycle.next_ic, cycle.fc = 0, 100, 60
    values = np.asarray(sh.ankle_cycle_metrics(ankle, [cycle]))
    named = dict(zip(sh.ankle_columns(), values[0]))
    assert named["ankle_peak_dorsiflexion_deg"] == pytest.approx(10.0)
    assert named["ankle_peak_plantarflexion_deg"] == pytest.approx(-10.0)
    assert named["ankle_rom_deg"] == pytest.approx(20.0)
    assert named["ankle_angle_fc_deg"] == pytest.approx(10 * np.sin(2 * np.pi * 0.6))


def test_analyze_shank_gives_one_table_with_shank_columns():
    _, pitch, rate, _, _ = shank_template()
    session = _core.Session()
    session.imus = [segment_imu(pitch, rate, _core.Side.LEFT), segment_imu(pitch, rate, _core.Side.RIGHT)]
    result = sh.analyze_shank(session)
    cycles = result.cycles
    assert set(cycles["source"]) == {"shank_imu"}
    assert {"stride_time_s", "shank_toe_off_rate_dps", "shank_swing_peak_dps"} <= set(cycles.columns)
    assert "ankle_rom_deg" not in cycles.columns  # no foot IMU: no ankle angle
    valid = cycles[cycles["valid"]]
    assert len(valid) >= 50
    assert valid["stride_time_s"].median() == pytest.approx(1.1, abs=0.011)
    # −min of the pitch rate around FC and its max in swing: the template's −180 − stance and +350 peaks.
    assert 150 < valid["shank_toe_off_rate_dps"].median() < 260
    assert 300 < valid["shank_swing_peak_dps"].median() < 400
    summary = result.summary.set_index("metric")
    assert summary.loc["shank_swing_peak_dps", "asymmetry_index_percent"] == pytest.approx(0.0, abs=1e-9)
    assert set(result.events["event"]) == {"IC", "FC", "MS"}


def test_errors_are_value_errors_with_the_reason():
    with pytest.raises(sh.InvalidArgumentError, match="sampling_rate_hz"):
        sh.detect_shank_events(np.zeros(100), 0.0, _core.Side.LEFT)
    with pytest.raises(ValueError, match="non-empty foot and shank pitch"):
        sh.ankle_angle(np.zeros(10), np.zeros(0), 100.0)
    with pytest.raises(ValueError, match="either params or options"):
        sh.analyze_shank(_core.Session(), _core.ShankPipelineParams(), use_foot_imus=False)
    assert sh.analyze_shank(_core.Session()).flags["code"].tolist() == ["no_shank_imu"]


def test_synthetic_walker_weak_push_off():
    params = sh.synth.WalkerParams()
    params.push_off_strength_left = 0.4
    walk = sh.synth.walk(params)
    summary = sh.analyze_shank(walk.session).summary.set_index("metric")
    left = summary.loc["ankle_peak_plantarflexion_deg", "left_median"]
    right = summary.loc["ankle_peak_plantarflexion_deg", "right_median"]
    assert left > right + 6.0
