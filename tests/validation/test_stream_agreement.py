"""Streams against batch on the real recordings (docs/stream.md): each foot IMU of MovingReality (12
treadmill trials, 100 Hz) and Voisard et al. (AGPL-3.0, read at test time only), each insole of PhysioNet
gaitpdb (dev), pushed in 1 s chunks through the stream and compared with the batch pipeline of the same
sensor alone (stream.compare_with_batch: same IC/next IC/FC within ±1 sample, every metric within 1 %
of max(|batch|, the column's median |batch|), angles within 0.2 deg and lengths within 2 mm for the
near-zero metrics), outside the warm-up. What this is: a consistency check of the stream against the
batch code (the same code, not an independent reference); the batch's accuracy against references is
in the other validation tests. It prints, per metric, the signed bias and the median and 95th
percentile of |stream - batch|. The MovingReality feet run twice: with the stream's own running
estimates, and given the batch's whole-recording estimates (alignment, calibration, rest split, swing
threshold), which isolates the stream's windows and emission from the estimates' causality."""

from __future__ import annotations

import numpy as np
import pytest

import secondheart as sh
from secondheart import _core

WINDOW_S = 30.0


def _differences(stream_table, warming_up, batch_table, fs):
    """Per metric, stream minus batch over the strides outside the warm-up matched by side and IC (±1)."""
    index = {}
    for r, c in enumerate(stream_table.cycles):
        if not warming_up[r]:
            index.setdefault((int(c.side), c.ic), r)
    stream_values, batch_values = np.asarray(stream_table.values), np.asarray(batch_table.values)
    columns = list(batch_table.columns)
    out = {name: [] for name in columns}
    for r, c in enumerate(batch_table.cycles):
        if c.next_ic - c.ic > WINDOW_S * fs:
            continue
        s = next((index[(int(c.side), c.ic + d)] for d in (0, -1, 1) if (int(c.side), c.ic + d) in index), None)
        if s is None:
            continue
        for k, name in enumerate(columns):
            d = stream_values[s, list(stream_table.columns).index(name)] - batch_values[r, k]
            if np.isfinite(d):
                out[name].append(d)
    return out


def _stream_vs_batch(make_stream, push, batch_table, n, fs):
    stream = make_stream()
    strides = _core.StreamUpdate()
    live = 0
    chunk = int(round(fs))
    for i in range(0, n, chunk):
        update = push(stream, i, min(chunk, n - i))
        live += len(update.strides.cycles)
        strides.append(update)
    final = stream.close()
    strides.append(final)
    agreement = _core.compare_stream_with_batch(
        strides.strides, strides.stride_warming_up, batch_table, 1, 0.01, 0.2, 0.002, int(WINDOW_S * fs),
        int(round(WINDOW_S * fs)),  # the window is first full 30 s in (no gaps in these recordings)
    )
    differences = _differences(strides.strides, strides.stride_warming_up, batch_table, fs)
    return agreement, live, len(final.strides.cycles), differences


def _batch_estimates(rec):
    """Pipeline params holding what batch took from the whole recording: the alignment, the
    calibration, the rest split and the swing threshold (the stream's running estimates replaced)."""
    full = _core.analyze_foot_imu(rec)
    params = _core.FootImuPipelineParams()
    k = 0 if rec.side == _core.Side.LEFT else 1
    alignment, calibration = [None, None], [None, None]
    alignment[k] = np.asarray(full.alignment.segment_from_sensor)
    calibration[k] = full.calibration
    params.known_alignment, params.known_calibration = alignment, calibration
    params.alignment.zero_velocity.threshold_dps = full.events.zero_velocity.threshold_dps
    params.events.zero_velocity.threshold_dps = full.events.zero_velocity.threshold_dps
    params.events.swing_peak_threshold_dps = full.events.swing_peak_threshold_dps
    return params


def _foot(rec, given_batch_estimates=False):
    session = _core.Session()
    session.imus = [rec]
    batch = _core.analyze_foot_imus(session).cycles
    acc, gyr = np.asarray(rec.acc_mps2), np.asarray(rec.gyr_dps)
    pipeline = _batch_estimates(rec) if given_batch_estimates else _core.FootImuPipelineParams()
    return _stream_vs_batch(
        lambda: _core.FootImuStream(rec.sampling_rate_hz, rec.side, pipeline, frame=rec.frame),
        lambda s, i, n: s.push(acc[i : i + n], gyr[i : i + n]),
        batch,
        len(acc),
        rec.sampling_rate_hz,
    )


def _insole(rec):
    session = _core.Session()
    session.insoles = [rec]
    batch = _core.analyze_insoles(session).cycles
    force = np.asarray(rec.cell_force_n)
    return _stream_vs_batch(
        lambda: _core.InsoleStream(rec.sampling_rate_hz, rec.side, np.asarray(rec.cell_position_m), rec.foot_length_m),
        lambda s, i, n: s.push(force[i : i + n]),
        batch,
        len(force),
        rec.sampling_rate_hz,
    )


class Totals:
    def __init__(self, name):
        self.name, self.rows = name, []

    def add(self, label, result):
        self.rows.append((label, *result))

    def report(self):
        keys = ("batch_strides", "beyond_window", "warm_up", "compared", "found", "same_events", "same_status", "agree")
        total = {k: sum(getattr(a, k) for _, a, _, _, _ in self.rows) for k in keys}
        live = sum(r[2] for r in self.rows)
        closed = sum(r[3] for r in self.rows)
        off: dict[str, int] = {}
        differences: dict[str, list] = {}
        for _, a, _, _, diff in self.rows:
            for name, count in a.disagreements:
                off[name] = off.get(name, 0) + count
            for name, values in diff.items():
                differences.setdefault(name, []).extend(values)
        print(f"\n{self.name}: {len(self.rows)} recordings, strides live {live}, at close {closed}; " +
              ", ".join(f"{k} {v}" for k, v in total.items()))
        print("  metrics outside the tolerance:", {k: v for k, v in off.items() if v})
        print(f"  {'stream - batch':34s} {'bias':>9s} {'median |d|':>10s} {'p95 |d|':>9s}")
        for name, values in differences.items():
            d = np.asarray(values)
            if len(d) and np.any(d != 0):
                print(f"  {name:34s} {d.mean():+9.4f} {np.median(np.abs(d)):10.4f} {np.quantile(np.abs(d), 0.95):9.4f}")
        return total


def _fraction(total, key):
    return total[key] / total["compared"] if total["compared"] else float("nan")


@pytest.mark.parametrize(
    "key, given",
    [("movingreality", False), ("movingreality_given", True)],
    ids=["running_estimates", "given_batch_estimates"],
)
def test_movingreality_feet(dataset, key, given):
    """Given the batch's estimates, what is left is the stream's windows, emission and clock."""
    root = dataset("movingreality_stroke_imu")
    totals = Totals("movingreality feet" + (", stream given the batch's estimates" if given else ""))
    for path in sorted(root.glob("*.csv")):
        session = sh.read(path)
        for rec in session.imus:
            if rec.placement == _core.Placement.FOOT:
                totals.add(f"{path.stem} {rec.side}", _foot(rec, given_batch_estimates=given))
    total = totals.report()
    assert total["compared"] > 0
    assert _fraction(total, "found") >= FOUND[key]
    assert _fraction(total, "agree") >= AGREE[key]


def test_voisard_feet(dataset):
    root = dataset("voisard_healthy_imu")
    from test_foot_imu_voisard import feet

    totals = Totals("voisard feet")
    for code, prefix, rec, _meta, _key in feet(root):
        totals.add(f"{code} {prefix}", _foot(rec))
    total = totals.report()
    assert total["compared"] > 0
    assert _fraction(total, "found") >= FOUND["voisard"]
    assert _fraction(total, "agree") >= AGREE["voisard"]


def test_gaitpdb_insoles(dataset):
    folder = dataset("physionet_gaitpdb/dev")
    totals = Totals("gaitpdb insoles")
    for path in sorted(folder.glob("Ga*.txt")):
        session = sh.read_gaitpdb(path)
        for rec in session.insoles:
            totals.add(f"{path.stem} {rec.side}", _insole(rec))
    total = totals.report()
    assert total["compared"] > 0
    assert _fraction(total, "found") >= FOUND["gaitpdb"]
    assert _fraction(total, "agree") >= AGREE["gaitpdb"]


# The measured fractions (docs/stream.md), rounded down: a regression below them fails.
# - MovingReality, given the batch's estimates: every stride agrees (2491 of 2491): the windows, the
#   emission rule and the clock reproduce batch exactly.
# - MovingReality, the stream's own running estimates: events agree (99.6 %), metrics within 1 % on 48.7 %.
#   The alignment, rest split and calibration hold the data up to each stride's window, batch's the whole
#   trial: estimated from the first 30-60 s of a trial the alignment is 0.5-2 deg from the whole trial's
#   (docs/stream.md), which moves the heel-strike and toe-off angles by a median 0.2 deg (p95 1.3 deg),
#   against a 0.2 deg tolerance. A causal stream cannot have the rest of the trial.
# - Voisard: the trials (28-33 s) are about the window's length: 767 of 796 batch strides are in the
#   warm-up, 29 compared.
FOUND = {"movingreality": 0.99, "movingreality_given": 0.99, "voisard": 0.95, "gaitpdb": 0.99}
# measured 0.998, 1.000, 1.000 (29 of 29), 0.999
AGREE = {"movingreality": 0.48, "movingreality_given": 0.99, "voisard": 0.70, "gaitpdb": 0.96}
# measured 0.487, 1.000, 0.724 (21 of 29), 0.968
