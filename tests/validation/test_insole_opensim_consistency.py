"""Consistency check, not a validation: the insole event detector and force metrics on the OpenSim
Gait2392 example GRF (subject01_walk1, 600 Hz, two plates) read as two one-cell insoles (cell at
mid-foot).

The "reference" is the same vertical force trace the detector reads, thresholded at the usual 20 N:
input and reference are one signal (7 events, one full stance per side), so agreement shows that the
detector's edges and peaks land where a plain threshold and a max() put them on a clean force-plate
trace, not that an insole measures gait events (absolute insole force is 30-50 % off a plate; the
real-insole check is test_insole_gaitpdb.py). Asserted (README claims): IC and FC within 3.3 ms of the
20 N threshold events + one sample (1.7 ms); F1 and F2 (maxima of the first and second half of
stance) within 0.01 % of the plate's peaks + 0.01 % (0.1 N), 0.5 % for the pipeline's 20 Hz low-passed
force.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import secondheart as sh
from secondheart import _core

from event_matching import match_events

FOOT_LENGTH_M = 0.26
THRESHOLD_N = 20.0


def read_mot(path: Path) -> tuple[list[str], np.ndarray]:
    """OpenSim .mot/.sto: header lines up to 'endheader', a tab-separated name line, numeric rows."""
    lines = path.read_text().splitlines()
    end = next(i for i, line in enumerate(lines) if line.strip().lower() == "endheader")
    names = lines[end + 1].split("\t")
    data = np.array([[float(v) for v in line.split("\t")[: len(names)]] for line in lines[end + 2 :] if line.strip()])
    return [n.strip() for n in names], data


def plate_insole(force: np.ndarray, side, fs: float) -> _core.InsoleRecording:
    rec = _core.InsoleRecording()
    rec.side = side
    rec.sampling_rate_hz = fs
    rec.cell_force_n = force.reshape(-1, 1)
    rec.cell_position_m = np.array([[FOOT_LENGTH_M / 2, 0.0]])
    rec.foot_length_m = FOOT_LENGTH_M
    return rec


def threshold_runs(force: np.ndarray, fs: float, min_s: float = 0.05) -> list[tuple[int, int]]:
    """Half-open runs where force > 20 N, at least 50 ms long (the plate's reference contacts)."""
    above = np.concatenate([[False], force > THRESHOLD_N, [False]])
    edges = np.flatnonzero(np.diff(above.astype(int)))
    runs = list(zip(edges[::2], edges[1::2]))
    # Runs cut by the file's start or end are kept whatever their length: their inner edge is real.
    return [(int(b), int(e)) for b, e in runs if (e - b) / fs >= min_s or b == 0 or e == len(force)]


@pytest.fixture(scope="module")
def plate(dataset):
    names, data = read_mot(dataset("opensim_walk_grf") / "subject01_walk1_grf.mot")
    time = data[:, 0]
    # The time column is rounded to 4 decimals (steps look like 0.0017): use the span instead.
    fs = (len(time) - 1) / (time[-1] - time[0])
    assert fs == pytest.approx(600.0, rel=1e-3)
    right = data[:, names.index("ground_force_vy")]
    left = data[:, names.index("1_ground_force_vy")]
    return fs, {_core.Side.LEFT: left, _core.Side.RIGHT: right}


@pytest.mark.parametrize("side", [_core.Side.LEFT, _core.Side.RIGHT])
def test_consistency_events_match_the_same_traces_threshold(plate, side):
    fs, forces = plate
    force = forces[side]
    result = _core.detect_insole_events(plate_insole(force, side, fs))
    runs = threshold_runs(force, fs)
    ref_ic = [b for b, _ in runs if b > 0]
    ref_fc = [e for _, e in runs if e < len(force)]
    ev = result.events
    assert len(ev.ic) == len(ref_ic)
    assert len(ev.fc) == len(ref_fc)
    ic = match_events(ref_ic, ev.ic, 0.010 * fs)
    fc = match_events(ref_fc, ev.fc, 0.010 * fs)
    print(f"{side.name} IC: {ic.describe(1000.0 / fs, 'ms')}\n{side.name} FC: {fc.describe(1000.0 / fs, 'ms')}")
    for score in (ic, fc):
        assert score.recall == 1.0 and score.precision == 1.0
        assert max(abs(e) for e in score.errors) * 1000.0 / fs <= 3.3 + 1.7
    # No heel cell in a plate: no heel-off.
    assert len(ev.ho) == 0


def test_consistency_known_event_times(plate):
    """The SOURCE.md stance table: heel strikes R 0.618/1.853 s, L 1.247 s; toe-offs R 0.163/1.408, L 0.787/2.017.
    (The left plate also starts a new contact 40 ms before the end of the file, too short for that table.)"""
    fs, forces = plate
    right = _core.detect_insole_events(plate_insole(forces[_core.Side.RIGHT], _core.Side.RIGHT, fs)).events
    left = _core.detect_insole_events(plate_insole(forces[_core.Side.LEFT], _core.Side.LEFT, fs)).events
    np.testing.assert_allclose(np.array(right.ic) / fs, [0.618, 1.853], atol=0.010)
    np.testing.assert_allclose(np.array(right.fc) / fs, [0.163, 1.408], atol=0.010)
    np.testing.assert_allclose(np.array(left.ic[:1]) / fs, [1.247], atol=0.010)
    assert len(left.ic) == 2 and left.ic[1] / fs > 2.4
    np.testing.assert_allclose(np.array(left.fc) / fs, [0.787, 2.017], atol=0.010)


@pytest.mark.parametrize("side", [_core.Side.LEFT, _core.Side.RIGHT])
def test_consistency_f1_f2_match_the_same_traces_peaks(plate, side):
    fs, forces = plate
    force = forces[side]
    rec = plate_insole(force, side, fs)
    result = _core.detect_insole_events(rec)
    ev = result.events
    stance = [(ic, next(fc for fc in ev.fc if fc > ic)) for ic in ev.ic if any(fc > ic for fc in ev.fc)]
    ref = [(b, e) for b, e in threshold_runs(force, fs) if b > 0 and e < len(force)]
    assert len(stance) == len(ref) == 1
    (ic, fc), (rb, re) = stance[0], ref[0]
    baseline = np.asarray(result.baseline_n)
    m = _core.stance_force_metrics(
        force - baseline, np.zeros((0, 0)), np.zeros((0, 2)), FOOT_LENGTH_M, ic, fc, sampling_rate_hz=fs,
        body_mass_kg=72.6,
    )
    mid = rb + (re - rb) // 2
    ref_f1, ref_f2 = force[rb:mid].max(), force[mid:re].max()
    print(
        f"{side.name}: F1 {m.f1_n:.2f} vs plate {ref_f1:.2f} N ({100 * (m.f1_n / ref_f1 - 1):+.3f} %); "
        f"F2 {m.f2_n:.2f} vs plate {ref_f2:.2f} N ({100 * (m.f2_n / ref_f2 - 1):+.3f} %)"
    )
    assert m.f1_n == pytest.approx(ref_f1, rel=0.0002)
    assert m.f2_n == pytest.approx(ref_f2, rel=0.0002)
    # Hand check: the plate peaks of this trial are about 1.1 body weights (72.6 kg -> 712 N).
    assert 1.0 < m.f1_bw < 1.25
    assert 1.0 < m.f2_bw < 1.25
    assert 0.2 < m.time_to_f2_pct / 100 < 1.0
    assert m.loading_rate_n_per_s > 0
    assert m.unloading_rate_n_per_s > 0
    # One cell: shares and CoP are not measurable.
    assert np.isnan(m.forefoot_impulse_pct)
    assert np.isnan(m.cop_travel_pct)


def test_consistency_pipeline_on_plates(plate):
    fs, forces = plate
    session = _core.Session()
    session.name = "opensim_subject01_walk1"
    session.insoles = [plate_insole(forces[s], s, fs) for s in (_core.Side.LEFT, _core.Side.RIGHT)]
    session.subject = _core.SubjectInfo(body_mass_kg=72.6)
    result = sh.insole.analyze_insoles(session)
    cycles = result.cycles
    # One full right stride (IC 0.618 s -> IC 1.853 s); the left foot has a single IC.
    right = cycles[cycles.side == "right"]
    assert len(right) == 1
    row = right.iloc[0]
    assert row.stride_time_s == pytest.approx(1.853 - 0.618, abs=0.01)
    assert row.stance_time_s == pytest.approx(1.408 - 0.618, abs=0.01)
    # Double support from the left plate: initial 0.618 -> 0.787, terminal 1.247 -> 1.408 (s).
    assert row.double_support_s == pytest.approx((0.787 - 0.618) + (1.408 - 1.247), abs=0.01)
    assert row.f2_f1_ratio == pytest.approx(row.f2_n / row.f1_n)
    # The pipeline reads peaks from a 20 Hz zero-phase low-passed force: within 0.5 % of the plate (0.02 % measured).
    force = forces[_core.Side.RIGHT]
    (rb, re) = next((b, e) for b, e in threshold_runs(force, fs) if b > 0 and e < len(force))
    mid = rb + (re - rb) // 2
    print(f"pipeline RIGHT: F1 {row.f1_n:.1f} vs {force[rb:mid].max():.1f}, F2 {row.f2_n:.1f} vs {force[mid:re].max():.1f}")
    assert row.f1_n == pytest.approx(force[rb:mid].max(), rel=0.005)
    assert row.f2_n == pytest.approx(force[mid:re].max(), rel=0.005)
    # Too few cycles for a summary: flagged, not an error.
    assert "too_few_cycles" in set(result.flags.code)
