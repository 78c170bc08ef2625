"""The synthetic walker from Python: physical facts checked with NumPy, and argument errors."""

from __future__ import annotations

import numpy as np
import pytest

import secondheart as sh


@pytest.fixture(scope="module")
def walk():
    return sh.synth.walk(seed=3, push_off_strength_right=0.4, schedule=[("stand", 3), ("walk", 12), ("stand", 3)])


def test_gyro_integrates_to_the_stated_pitch(walk):
    # Segment frame: gyr_y = -d(pitch)/dt. Noise-free walker, so integration error is only the trapezoid's.
    clean = sh.synth.walk(seed=3, acc_noise_mps2=0, gyro_noise_dps=0, acc_bias_mps2=0, gyro_bias_dps=0,
                          insole_noise_n=0, schedule=[("stand", 3), ("walk", 12), ("stand", 3)])
    foot = clean.session.imus[0]
    truth = clean.truth("left")
    fs = foot.sampling_rate_hz
    rate = -foot.gyr_dps[:, 1]
    pitch = truth.foot_pitch_deg[0] + np.concatenate([[0.0], np.cumsum((rate[1:] + rate[:-1]) / 2) / fs])
    assert np.max(np.abs(pitch - truth.foot_pitch_deg)) < 0.5


def test_stride_times_follow_the_cadence(walk):
    strides = walk.truth_strides("left")
    assert len(strides) >= 8
    assert np.allclose(strides["stride_time_s"], 120.0 / walk.params.cadence_steps_per_min, atol=1e-9)


def test_weak_side_pushes_off_less(walk):
    left, right = walk.truth_strides("left"), walk.truth_strides("right")
    assert right["toe_off_angle_deg"].median() > left["toe_off_angle_deg"].median() + 5  # less negative
    assert right["f2_n"].median() < left["f2_n"].median()
    assert right["peak_push_off_angular_velocity_dps"].median() < left["peak_push_off_angular_velocity_dps"].median()


def test_session_has_both_feet_shanks_and_insoles(walk):
    session = walk.session
    placements = sorted((str(r.placement), str(r.side)) for r in session.imus)
    assert len(placements) == 4
    assert len(session.insoles) == 2 and session.insoles[0].cell_force_n.shape[1] >= 8
    assert session.subject.body_mass_kg == pytest.approx(70.0)


def test_bad_arguments_raise():
    with pytest.raises(sh.InvalidArgumentError):
        sh.synth.walk(push_off_strength_left=3.0)
    with pytest.raises(sh.InvalidArgumentError, match="unknown parameter"):
        sh.synth.walk(speed=1.0)
    with pytest.raises(sh.InvalidArgumentError, match="bout kind"):
        sh.synth.walk(schedule=[("run", 10)])


def test_params_object_and_keywords_combine():
    params = sh.synth.WalkerParams()
    params.push_off_strength_left = 0.4
    walk = sh.synth.walk(params, seed=5, schedule=[("walk", 6)])
    assert walk.params.push_off_strength_left == 0.4 and walk.params.seed == 5
    assert params.seed == 1  # the caller's object is not modified


def _ic_offsets_ms(walk):
    """Detected foot-IMU IC minus the true IC (ms), nearest detection per true IC, both feet."""
    fs = walk.params.sampling_rate_hz
    out = []
    for rec in walk.session.imus:
        if rec.placement != sh.Placement.FOOT:
            continue
        detected = np.asarray(sh._core.analyze_foot_imu(rec).events.events.ic)
        truth = np.asarray(walk.truth("left" if rec.side == sh.Side.LEFT else "right").ic)
        assert len(detected) == len(truth)
        out += [(detected[np.argmin(np.abs(detected - t))] - t) * 1000.0 / fs for t in truth]
    return np.asarray(out)


def test_heel_height_ic_model_shows_the_detectors_bias():
    """The default walker puts the foot-IMU detector's own IC feature at the true IC, so detected ICs
    match it by construction (0 ms). With ic_model="heel_height" the pitch lands smoothly and only the
    heel reaching the floor places IC: the detector's IC (the steepest fall of the pitch rate) comes
    before it. Measured 2026-12-03 at 100 Hz: median −140 ms (every IC −140 .. −130 ms); asserted ± one
    sample."""
    schedule = [("stand", 3), ("walk", 20), ("stand", 3)]
    default = _ic_offsets_ms(sh.synth.walk(schedule=schedule))
    physical = _ic_offsets_ms(sh.synth.walk(schedule=schedule, ic_model="heel_height"))
    print(
        f"\ndetector IC - true IC: default model median {np.median(default):+.0f} ms; heel-height model median "
        f"{np.median(physical):+.0f} ms (range {physical.min():+.0f} .. {physical.max():+.0f} ms, n={len(physical)})"
    )
    assert np.all(np.abs(default) <= 10.0)
    assert np.median(physical) == pytest.approx(-140.0, abs=10.0)
    with pytest.raises(sh.InvalidArgumentError, match="ic_model"):
        sh.synth.walk(ic_model="mocap")


# ---- Synthetic days -------------------------------------------------------------------------------

_DAY_SCHEDULE = [("sit", 30), ("walk", 40), ("stand", 10), ("calf_raises", 60, 6), ("not_worn", 20), ("walk", 25),
                 ("sit", 20), ("ankle_pumps", 30, 8, "left"), ("lie", 20)]


@pytest.fixture(scope="module")
def short_day():
    return sh.synth.day(seed=4, schedule=_DAY_SCHEDULE, noise_scale=0.0)


def test_day_bouts_lie_inside_their_walk_blocks(short_day):
    periods, bouts = short_day.periods, short_day.bouts
    walks = periods[periods["kind"] == "walk"].reset_index(drop=True)
    assert list(bouts["kind"]) == ["walk", "walk"]
    stride_s = 120.0 / short_day.params.walker.cadence_steps_per_min
    for (_, w), (_, b) in zip(walks.iterrows(), bouts.iterrows()):
        # First contact about one stride after the block starts, the last one about one stride before it ends.
        assert w.start_s < b.start_s < w.start_s + 1.5 * stride_s
        assert w.end_s - 1.5 * stride_s < b.end_s < w.end_s
        assert b.steps == b.strides + 2
    # Contacts: all inside the bouts, half a stride apart in time order.
    ic = short_day.ic
    assert len(ic) == bouts["steps"].sum()
    gaps = np.diff(ic["time_s"].to_numpy())
    assert np.allclose(gaps[gaps < 5], stride_s / 2)


def test_day_sets_have_the_requested_repetitions_and_the_foot_shows_them(short_day):
    sets = short_day.sets
    assert list(sets["kind"]) == ["calf_raises", "ankle_pumps"]
    assert list(sets["repetitions"]) == [6, 8]
    assert sets["side"].isna().tolist() == [True, False]  # both feet together: no side
    assert sets.loc[1, "side"] == "left"
    assert sets.loc[0, "amplitude"] == pytest.approx(30.0)
    reps = short_day.reps
    assert len(reps) == 14
    # During the first calf raise's hold the left foot's gravity pitch is -30 deg.
    foot = short_day.session.imus[0]
    fs = foot.sampling_rate_hz
    rep = reps.iloc[0]
    i = round((rep.start_s + rep.rise_s + rep.hold_s / 2 - short_day.truth.start_clock_s) * fs)
    pitch = np.degrees(np.arctan2(foot.acc_mps2[i, 0], foot.acc_mps2[i, 2]))
    assert pitch == pytest.approx(-30.0, abs=1.0)


def test_day_not_worn_is_nan_and_the_clock_starts_at_seven(short_day):
    periods = short_day.periods
    off = periods[periods["kind"] == "not_worn"].iloc[0]
    foot = short_day.session.imus[0]
    assert foot.start_time_s == 7 * 3600
    fs = foot.sampling_rate_hz
    a, b = round((off.start_s - 7 * 3600) * fs), round((off.end_s - 7 * 3600) * fs)
    assert np.isnan(foot.acc_mps2[a:b]).all()
    assert np.isfinite(foot.acc_mps2[:a]).all() and np.isfinite(foot.acc_mps2[b:]).all()
    assert len(foot.acc_mps2) == round(sum(block[1] for block in _DAY_SCHEDULE) * fs)


def test_typical_day_is_deterministic_and_plausible():
    a = sh.synth.day(seed=7, hours=2, sampling_rate_hz=50, shank_imus=False, insoles=False)
    b = sh.synth.day(seed=7, hours=2, sampling_rate_hz=50, shank_imus=False, insoles=False)
    assert a.periods.equals(b.periods)
    assert np.array_equal(a.session.imus[0].gyr_dps, b.session.imus[0].gyr_dps, equal_nan=True)  # NaN: not worn
    assert len(a.session.imus) == 2 and len(a.session.insoles) == 0
    assert a.periods["end_s"].iloc[-1] - a.periods["start_s"].iloc[0] == pytest.approx(2 * 3600)
    assert a.periods["kind"].iloc[-1] == "lie"
    assert (a.sets["kind"] == "calf_raises").any()


def test_day_bad_arguments_raise():
    with pytest.raises(sh.InvalidArgumentError, match="block kind"):
        sh.synth.day(schedule=[("run", 10)])
    with pytest.raises(sh.InvalidArgumentError, match="unknown parameter"):
        sh.synth.day(schedule=[("sit", 10)], heel_raise=20)
    with pytest.raises(sh.InvalidArgumentError, match="repetitions"):
        sh.synth.day(schedule=[("calf_raises", 10, 20)])


def test_day_stairs_strides_climb_two_risers():
    d = sh.synth.day(seed=2, noise_scale=0.0, schedule=[("stand", 5), ("stairs_up", 12), ("stand", 8),
                                                        ("stairs_down", 12), ("sit", 10)])
    strides = d.strides
    up, down = strides[strides["kind"] == "stairs_up"], strides[strides["kind"] == "stairs_down"]
    assert len(up) >= 6 and len(up) == len(down)
    riser = d.params.stair_riser_m
    assert np.isin(np.round(up["rise_m"] / riser, 9), [1.0, 2.0]).all()
    assert np.isin(np.round(down["rise_m"] / riser, 9), [-1.0, -2.0]).all()
    assert list(d.bouts["kind"]) == ["stairs_up", "stairs_down"]
