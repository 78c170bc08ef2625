"""Foot-IMU pipeline against the gaitmap example (MIT): one healthy subject, 2 x 20 m with a turn,
both feet at 204.8 Hz, synchronised optical motion capture at 100 Hz.

Stride length: each detected rest -> rest stride against the mocap heel marker (FCC). Two
references: (1) ``position_sample.csv``, gaitmap's per-stride heel displacement between its mocap
``min_vel`` events (the strides are matched to ours by their start and end within 0.3 s; a stride lasts 1.1 s); (2) the
heel marker of ``mocap_sample.csv`` read at our own rest samples (same marker, no event matching).
Turning strides (heading change > 20°) are excluded, as in the published comparisons. Asserted: the
README's MAE 3.8 cm + 0.2 cm, signed bias printed. IC/FC are scored one-to-one (``event_matching``,
recall and precision) against the mocap events of ``stride_events_sample.csv`` (gaitmap's mocap IC
lies a few ms before the foot's pitch maximum; ours is the heel-strike rotation onset, +19.5 ms later:
a bias of the definition, asserted as such). All of these references are independent of secondheart
(optical motion capture), but the stairs below were used to develop the foot pipeline. ``imu_sample_not_rotated.csv`` (raw sensor axes) must give the
same strides as ``imu_sample.csv``. The example has foot IMUs only (no shank): the shank and ankle
pipelines (issue 6) cannot be validated on it.

Two more recordings of the example set: a 4 x 10 m walk at 102.4 Hz (another subject and sensor)
with 14 IC-to-IC strides from a reference system, whose clock is not the IMU's (our ICs sit a
constant ~60 ms before its borders, against +20 ms after the synchronised mocap above): the stride
times are compared, which no clock offset changes. And a flight of stairs walked up and down
(204.8 Hz, no reference): both feet must find as many strides (±1), one swing between two rests, and
each stride must rise or fall by two steps of a stair, 2 x 14-20 cm (building codes' riser range),
with ±5 cm for the integration.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from secondheart import _core

from event_matching import EventScore, match_events, within

FS = 204.8


def _read_imu(path: Path) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    with path.open() as f:
        rows = list(csv.reader(f))
    sensors, axes = rows[0][1:], rows[1][1:]
    data = np.array([[float(v) for v in r[1:]] for r in rows[2:]])
    out = {}
    for side in ("left", "right"):
        col = {a: i for i, (s, a) in enumerate(zip(sensors, axes)) if s == f"{side}_sensor"}
        acc = data[:, [col[f"acc_{c}"] for c in "xyz"]]
        gyr = data[:, [col[f"gyr_{c}"] for c in "xyz"]]
        out[side] = (acc, gyr)
    return out


def _session(signals, frame, fs: float = FS) -> _core.Session:
    s = _core.Session()
    for side, (acc, gyr) in signals.items():
        rec = _core.ImuRecording()
        rec.side = _core.Side.LEFT if side == "left" else _core.Side.RIGHT
        rec.placement = _core.Placement.FOOT
        rec.sampling_rate_hz = fs
        rec.acc_mps2, rec.gyr_dps = acc, gyr
        rec.frame = frame
        s.imus = [*s.imus, rec]
    return s


def _mocap_heel(root: Path) -> dict[str, np.ndarray]:
    with (root / "mocap_sample.csv").open() as f:
        rows = list(csv.reader(f))
    markers, axes = rows[0][1:], rows[1][1:]
    data = np.array([[float(v) for v in r[1:]] for r in rows[2:]]) / 1000.0
    out = {}
    for side, name in (("left", "L_FCC"), ("right", "R_FCC")):
        out[side] = np.column_stack([data[:, [i for i, (m, a) in enumerate(zip(markers, axes)) if m == name and a == c][0]] for c in "xyz"])
    return out


def _heel_at(heel: np.ndarray, sample: int) -> np.ndarray:
    t = sample / FS * 100.0
    frames = np.arange(len(heel))
    return np.array([np.interp(t, frames, heel[:, k]) for k in range(3)])


def _position_reference(root: Path) -> dict[tuple[str, int], float]:
    strides: dict[tuple[str, int], list[float]] = {}
    with (root / "position_sample.csv").open() as f:
        for row in csv.reader(f):
            if not row[0] or row[0] == "sensor":
                continue
            strides.setdefault((row[0].replace("_sensor", ""), int(row[1])), []).append(
                float(np.hypot(float(row[3]), float(row[4])))
            )
    return {key: values[-1] for key, values in strides.items()}


def _stride_events(root: Path):
    with (root / "stride_events_sample.csv").open() as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def gaitmap(dataset):
    root = dataset("gaitmap_example")
    imu = _read_imu(root / "imu_sample.csv")
    result = {side: _core.analyze_foot_imu(rec) for side, rec in zip(("left", "right"), _session(imu, _core.AxesFrame.SENSOR).imus)}
    return root, result


def _straight(trajectories):
    return [t for t in trajectories if abs(t.heading_change_deg) <= 20.0]


def test_stride_length_against_mocap_heel_at_our_rests(gaitmap):
    root, result = gaitmap
    heel = _mocap_heel(root)
    errors = {}
    for side, analysis in result.items():
        errs = []
        for t in _straight(analysis.metrics.trajectories):
            d = _heel_at(heel[side], t.end) - _heel_at(heel[side], t.begin)
            errs.append(t.stride_length_m - float(np.hypot(d[0], d[1])))
        errors[side] = np.array(errs)
        print(f"{side}: n={len(errs)} MAE={np.mean(np.abs(errs)) * 100:.1f} cm bias={np.mean(errs) * 100:+.1f} cm")
        assert len(errs) >= 25
    both = np.concatenate(list(errors.values()))
    print(f"both: n={len(both)} MAE={np.mean(np.abs(both)) * 100:.2f} cm, signed bias {np.mean(both) * 100:+.2f} cm")
    # README: MAE 3.8 cm on 53 strides. Asserted: claim + 0.2 cm; the bias (measured −0.8 cm) within ±1.5 cm.
    assert len(both) == 53
    assert np.mean(np.abs(both)) <= 0.038 + 0.002
    assert abs(np.mean(both)) <= 0.015


def test_stride_length_against_position_sample(gaitmap):
    root, result = gaitmap
    reference = _position_reference(root)
    events = _stride_events(root)
    errs = []
    for row in events:
        side, start, end = row["foot"], float(row["start"]), float(row["end"])
        if (side, int(row["s_id"])) not in reference:
            continue
        match = [
            t
            for t in result[side].metrics.trajectories
            if abs(t.begin - start) <= 0.3 * FS and abs(t.end - end) <= 0.3 * FS and abs(t.heading_change_deg) <= 20
        ]
        if len(match) == 1:
            errs.append(match[0].stride_length_m - reference[(side, int(row["s_id"]))])
    errs = np.array(errs)
    print(
        f"position_sample: matched {len(errs)} of {len(events)} strides, MAE={np.mean(np.abs(errs)) * 100:.2f} cm, "
        f"signed bias {np.mean(errs) * 100:+.2f} cm"
    )
    # Same claim as above (3.8 cm), against gaitmap's own mocap stride displacement: claim + 0.2 cm.
    assert len(errs) >= 53
    assert np.mean(np.abs(errs)) <= 0.038 + 0.002


# The left foot's mocap stride 13 (samples 3359-3826, 2.3 s, in the turn) holds two steps: the mocap
# heel marker L_FCC lifts 15 cm and lands at ~3533, rests, and moves again from ~3697 to ~3779. The
# reference stride list keeps one stride (its tc 3467 from the first lift, ic 3774 from the second
# landing), so the IC and FC of the middle step have no reference event: our detections there
# (IC 3532, FC 3710) are counted as the false positives they are against this reference, and the
# test asserts they are the only ones.
MERGED_TURN_STRIDE = ("left", 3359.0, 3826.0)


def test_events_against_mocap(gaitmap):
    """One-to-one within 100 ms (``event_matching``), scored over the span the mocap strides cover on
    each foot (first stride start to last stride end, turn included): a detection there without a mocap
    event is a false positive. Independent reference (optical motion capture, gaitmap's mocap events)."""
    root, result = gaitmap
    rows = _stride_events(root)
    for name, column in (("IC", "ic"), ("FC", "tc")):
        score, unmatched = EventScore(), []
        for side in ("left", "right"):
            mine = [r for r in rows if r["foot"] == side]
            span = within(min(float(r["start"]) for r in mine), max(float(r["end"]) for r in mine))
            detected = list(getattr(result[side].events.events, column if column == "ic" else "fc"))
            s = match_events([float(r[column]) for r in mine], detected, 0.1 * FS, region=span)
            score += s
            paired = {d for _, d in s.pairs}
            unmatched += [(side, d) for d in detected if span(d) and d not in paired]
        errs = np.asarray(score.errors) / FS * 1000.0
        print(f"{name}: {score.describe(1000.0 / FS, 'ms')}; unmatched detections {unmatched}")
        # Claims (README): all 57 mocap events found; one false positive each for IC and FC, inside the
        # merged turn stride; IC median signed error +19.5 ms (ours is the heel-strike rotation onset,
        # gaitmap's mocap IC a few ms before the pitch maximum: a bias, not noise), FC median |e| 4.9 ms.
        # Margins: one sample (4.9 ms) on the medians.
        assert score.references == 57
        assert score.matched == 57
        side, lo, hi = MERGED_TURN_STRIDE
        assert len(unmatched) == 1 and unmatched[0][0] == side and lo < unmatched[0][1] < hi
        if name == "IC":
            assert 19.5 - 4.9 <= np.median(errs) <= 19.5 + 4.9
        else:
            assert np.median(np.abs(errs)) <= 4.9 + 4.9
            assert abs(np.median(errs)) <= 4.9


def test_raw_sensor_axes_give_the_same_strides(dataset, gaitmap):
    root, result = gaitmap
    raw = _read_imu(root / "imu_sample_not_rotated.csv")
    for side, rec in zip(("left", "right"), _session(raw, _core.AxesFrame.SENSOR).imus):
        other = _core.analyze_foot_imu(rec)
        assert other.events.events.ic == result[side].events.events.ic
        assert other.events.events.fc == result[side].events.events.fc
        a = [t.stride_length_m for t in result[side].metrics.trajectories]
        b = [t.stride_length_m for t in other.metrics.trajectories]
        np.testing.assert_allclose(a, b, atol=0.005)


def test_stride_times_at_102_hz_against_the_reference_borders(dataset):
    root = dataset("gaitmap_example")
    fs = 102.4
    signals = _read_imu(root / "imu_sample_ic_stride.csv")
    result = {side: _core.analyze_foot_imu(rec) for side, rec in zip(("left", "right"), _session(signals, _core.AxesFrame.SENSOR, fs).imus)}
    with (root / "stride_borders_sample_ic_stride.csv").open() as f:
        borders = list(csv.DictReader(f))
    errors, offsets = [], []
    for row in borders:
        ic = np.array(result[row["foot"]].events.events.ic, dtype=float)
        start, end = float(row["start"]), float(row["end"])
        ours_start, ours_end = ic[np.argmin(np.abs(ic - start))], ic[np.argmin(np.abs(ic - end))]
        errors.append(((ours_end - ours_start) - (end - start)) / fs * 1000.0)
        offsets += [(ours_start - start) / fs * 1000.0, (ours_end - end) / fs * 1000.0]
    errors, offsets = np.array(errors), np.array(offsets)
    print(
        f"102.4 Hz: {len(errors)} strides, stride time MAE {np.mean(np.abs(errors)):.1f} ms (max {np.max(np.abs(errors)):.1f}); "
        f"IC offset to the unsynchronised reference median {np.median(offsets):+.1f} ms, spread (IQR) "
        f"{np.subtract(*np.percentile(offsets, [75, 25])):.1f} ms"
    )
    # README: stride time MAE 12.6 ms (max 29 ms) on 14 strides. Asserted: claim + 2.5 ms (a quarter
    # sample), max + one sample (9.8 ms); signed bias printed (measured within ±5 ms).
    print(f"stride time signed bias {np.mean(errors):+.1f} ms")
    assert len(errors) == 14
    assert np.mean(np.abs(errors)) <= 12.6 + 2.5
    assert np.max(np.abs(errors)) <= 29.3 + 9.8
    assert abs(np.mean(errors)) <= 5.0
    assert np.all(np.abs(offsets - np.median(offsets)) <= 40.0)  # one constant offset: the same ICs


STAIRS_RISE_CLAIM_M = {("up", "left"): 0.29, ("up", "right"): 0.35, ("down", "left"): 0.27, ("down", "right"): 0.25}


@pytest.mark.parametrize("direction, sign", [("up", 1.0), ("down", -1.0)])
def test_stairs_both_feet_find_the_strides_and_their_rise(dataset, direction, sign):
    root = dataset("gaitmap_example")
    signals = _read_imu(root / f"imu_sample_healthy_stair_{direction}.csv")
    result = {side: _core.analyze_foot_imu(rec) for side, rec in zip(("left", "right"), _session(signals, _core.AxesFrame.SENSOR).imus)}
    rises, strides = {}, {}
    for side, analysis in result.items():
        runs = analysis.events.zero_velocity.runs
        swings = analysis.events.swings
        # One swing between two rests: no movement between consecutive rest runs holds two (a short
        # shift of the foot on its step may hold none), and no swing lies outside them.
        bouts = [(a.end, b.begin) for a, b in zip(runs[:-1], runs[1:])]
        per_bout = [sum(1 for s in swings if lo <= s.mid_swing < hi) for lo, hi in bouts]
        straight = _straight(analysis.metrics.trajectories)
        strides[side] = len(straight)
        rise = np.array([sign * t.displacement_m[2] for t in straight])
        on_stairs = rise[rise > 0.1]  # level strides rise by ~0; the first and last on the flight by one step
        rises[side] = on_stairs
        assert len(on_stairs) >= 12
        print(
            f"stairs {direction} {side}: {len(swings)} swings, {len(bouts)} movements between rests "
            f"(swings per movement {sorted(set(per_bout))}), {len(straight)} strides, {len(on_stairs)} on the stairs, "
            f"rise median {np.median(on_stairs) * 100:.1f} cm (range {on_stairs.min() * 100:.1f}-{on_stairs.max() * 100:.1f})"
        )
        assert max(per_bout) == 1
        assert sum(per_bout) >= len(swings) - 2  # the first and last swing may start or end the recording
        assert 0.23 <= np.median(on_stairs) <= 0.45
        # Every stride on the flight: one riser (onto or off it, 14-20 cm) or two (28-40 cm), ± 5 cm.
        assert np.all((on_stairs >= 0.09) & (on_stairs <= 0.45))
        # README's figures (no reference: the rise per stride of this recording, as claimed) ± 1.5 cm.
        assert np.median(on_stairs) == pytest.approx(STAIRS_RISE_CLAIM_M[(direction, side)], abs=0.015)
    assert abs(strides["left"] - strides["right"]) <= 1  # both feet walk the flight
    assert abs(np.median(rises["left"]) - np.median(rises["right"])) <= 0.08


# Leave-one-foot-out choice of the trajectory's settings (issue 21): the rest window that anchors
# gravity and zero velocity, and whether the still-period calibration is applied. For each foot the
# setting with the smallest MAE on the other foot is scored on this one, so no scored stride chose
# its own setting. Measured 2026-12-03; asserted at the claim + 0.2 cm.
LOFO_GRID = [(window, calibrate) for window in (0.05, 0.1, 0.15, 0.2) for calibrate in (True, False)]
LOFO_MAE_CLAIM_CM = 3.8


def _stride_errors(gaitmap_root, signals, heel, window, calibrate):
    params = _core.FootImuPipelineParams()
    params.metrics.rest_window_s = window
    params.calibration.correct_acc = params.calibration.correct_gyro = calibrate
    out = {}
    for side, rec in zip(("left", "right"), _session(signals, _core.AxesFrame.SENSOR).imus):
        analysis = _core.analyze_foot_imu(rec, params)
        errs = []
        for t in _straight(analysis.metrics.trajectories):
            d = _heel_at(heel[side], t.end) - _heel_at(heel[side], t.begin)
            errs.append(t.stride_length_m - float(np.hypot(d[0], d[1])))
        out[side] = np.array(errs)
    return out


def test_stride_length_leave_one_foot_out(gaitmap):
    root, _ = gaitmap
    signals, heel = _read_imu(root / "imu_sample.csv"), _mocap_heel(root)
    errors = {config: _stride_errors(root, signals, heel, *config) for config in LOFO_GRID}
    held_out = []
    print("\nheld-out foot | setting chosen on the other foot (rest window s, calibrated) | MAE | signed bias")
    for side, other in (("left", "right"), ("right", "left")):
        chosen = min(LOFO_GRID, key=lambda c: (np.mean(np.abs(errors[c][other])), c != (0.1, True)))
        e = errors[chosen][side]
        held_out.append(e)
        print(f"{side:13s} | {chosen!s:58s} | {np.mean(np.abs(e)) * 100:.2f} cm | {np.mean(e) * 100:+.2f} cm")
    pooled = np.concatenate(held_out)
    print(f"pooled held out: n={len(pooled)} MAE {np.mean(np.abs(pooled)) * 100:.2f} cm, signed bias {np.mean(pooled) * 100:+.2f} cm")
    for config in LOFO_GRID:
        both = np.concatenate(list(errors[config].values()))
        print(f"  in sample {config}: MAE {np.mean(np.abs(both)) * 100:.2f} cm, bias {np.mean(both) * 100:+.2f} cm")
    assert len(pooled) == 53
    assert np.mean(np.abs(pooled)) * 100 <= LOFO_MAE_CLAIM_CM + 0.2
