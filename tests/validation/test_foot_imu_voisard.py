"""Foot-IMU events against the hand-checked labels of Voisard et al. (AGPL-3.0: read here at test
time, never copied). Subjects 1-12, trials 1 and 2; Xsens MTw on the dorsum of each foot, 100 Hz,
gyro in rad/s (declared and converted), sensor axes (not aligned: the pipeline aligns them).

Each labelled [start, end] pair is a swing: start = toe-off (FC), end = heel strike (IC). Labels
inside the walk (``TrialBoundaries``) are used; the few annotated after the stop are not part of the
walk. A detection matches a label when it is the nearest unused one within 100 ms; unmatched
detections inside the walk are false positives. Straight walking excludes the U-turn
(``UTurnBoundaries`` ± 0.5 s). Targets: median absolute error <= 20 ms, recall and precision
>= 98 % (straight walking); the whole walk, U-turn included, is held to 97.5 % (measured 2026-11-29:
IC recall 98.4 %, precision 97.8 %; FC 98.8 %, 98.3 %). The recordings have IMUs on
the feet and the lower back, none on the shanks: the shank and ankle pipelines (issue 6) cannot be
validated on them.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from secondheart import _core

FS = 100.0
TOLERANCE_S = 0.1
TRIALS = [f"{s}-{t}" for s in range(1, 13) for t in (1, 2)]


def _recording(signals: np.ndarray, names: tuple[str, ...], prefix: str, side) -> _core.ImuRecording:
    rec = _core.ImuRecording()
    rec.side = side
    rec.placement = _core.Placement.FOOT
    rec.sampling_rate_hz = FS
    rec.acc_mps2 = np.column_stack([signals[f"{prefix}_acc_{c}_mps2"] for c in "xyz"])
    rec.gyr_dps = np.column_stack([signals[f"{prefix}_gyr_{c}_rads"] for c in "xyz"])
    # Dropped packets are NaN rows: the pipeline bridges them. Units: rad/s declared -> deg/s.
    finite = np.isfinite(rec.acc_mps2).all(axis=1) & np.isfinite(rec.gyr_dps).all(axis=1)
    checked = _core.ImuRecording()
    checked.side, checked.placement, checked.sampling_rate_hz = side, _core.Placement.FOOT, FS
    checked.acc_mps2, checked.gyr_dps = rec.acc_mps2[finite], rec.gyr_dps[finite]
    checked = _core.validate_imu(checked, gyro_unit=_core.GyroUnit.RAD_PER_S)
    gyr = rec.gyr_dps.copy()
    gyr[finite] = checked.gyr_dps
    gyr[~finite] = np.nan
    rec.gyr_dps = gyr
    return rec


def _match(reference: list[int], detected: list[int], lo: int, hi: int, exclude) -> tuple[list[float], int, int]:
    """Errors (s) of matched labels, misses and false positives inside [lo, hi] outside `exclude`."""
    used = np.zeros(len(detected), dtype=bool)
    det = np.asarray(detected, dtype=float)
    errors, missed = [], 0
    for r in reference:
        if not (lo <= r <= hi) or exclude(r):
            continue
        distance = np.where(used, np.inf, np.abs(det - r)) if len(det) else np.array([np.inf])
        k = int(np.argmin(distance))
        if distance[k] <= TOLERANCE_S * FS:
            used[k] = True
            errors.append((det[k] - r) / FS)
        else:
            missed += 1
    false_positives = sum(
        1 for k, d in enumerate(det) if not used[k] and lo - TOLERANCE_S * FS <= d <= hi + TOLERANCE_S * FS and not exclude(d)
    )
    return errors, missed, false_positives


@pytest.fixture(scope="module")
def results(dataset):
    root = dataset("voisard_healthy_imu")
    out = []
    for code in TRIALS:
        signals = np.genfromtxt(root / "csv" / f"{code}_signals.csv", delimiter=",", names=True)
        meta = json.loads((root / "GaitData" / f"{code}.json").read_text())
        for prefix, side, key in (("lf", _core.Side.LEFT, "LeftFootEvents"), ("rf", _core.Side.RIGHT, "RightFootEvents")):
            analysis = _core.analyze_foot_imu(_recording(signals, signals.dtype.names, prefix, side))
            swings = meta[key]
            out.append(
                {
                    "trial": code,
                    "subject": int(code.split("-")[0]),
                    "side": prefix,
                    "walk": meta["TrialBoundaries"],
                    "uturn": meta["UTurnBoundaries"],
                    "fc_ref": [s[0] for s in swings],
                    "ic_ref": [s[1] for s in swings],
                    "fc": list(analysis.events.events.fc),
                    "ic": list(analysis.events.events.ic),
                }
            )
    return out


def _score(results, straight: bool):
    table = {}
    for r in results:
        lo, hi = r["walk"]
        u0, u1 = r["uturn"]
        exclude = (lambda x, u0=u0, u1=u1: u0 - 50 <= x <= u1 + 50) if straight else (lambda x: False)
        row = table.setdefault(r["subject"], {e: ([], 0, 0) for e in ("IC", "FC")})
        for event, ref, det in (("IC", r["ic_ref"], r["ic"]), ("FC", r["fc_ref"], r["fc"])):
            e, m, f = _match(ref, det, lo, hi, exclude)
            old = row[event]
            row[event] = (old[0] + e, old[1] + m, old[2] + f)
    return table


def _summary(table, event):
    errors = np.concatenate([np.asarray(v[event][0]) for v in table.values()])
    matched = len(errors)
    missed = sum(v[event][1] for v in table.values())
    false_pos = sum(v[event][2] for v in table.values())
    return errors, matched / (matched + missed), matched / (matched + false_pos)


@pytest.mark.parametrize("straight", [True, False], ids=["straight", "with_uturn"])
def test_events_against_hand_labels(results, straight):
    table = _score(results, straight)
    print(f"\n{'straight walking' if straight else 'whole walk (with U-turn)'}, tolerance {TOLERANCE_S * 1000:.0f} ms")
    print("subject | IC n  med|e| ms  recall  precision | FC n  med|e| ms  recall  precision")
    for subject, row in sorted(table.items()):
        parts = []
        for event in ("IC", "FC"):
            e, m, f = row[event]
            e = np.asarray(e)
            parts.append(
                f"{len(e):4d} {np.median(np.abs(e)) * 1000:8.1f} {100 * len(e) / max(1, len(e) + m):7.1f} "
                f"{100 * len(e) / max(1, len(e) + f):9.1f}"
            )
        print(f"{subject:7d} | {parts[0]} | {parts[1]}")
    for event in ("IC", "FC"):
        errors, recall, precision = _summary(table, event)
        print(
            f"{event}: n={len(errors)} median |e| {np.median(np.abs(errors)) * 1000:.1f} ms, median e "
            f"{np.median(errors) * 1000:+.1f} ms, recall {recall * 100:.1f} %, precision {precision * 100:.1f} %"
        )
        assert np.median(np.abs(errors)) <= 0.020
        floor = 0.98 if straight else 0.975
        assert recall >= floor
        assert precision >= floor
