"""Insole pipeline on PhysioNet gaitpdb, study Ga (Yogev et al. 2005), dev subset.

1. Every trial processes without error, with plenty of valid cycles per foot and plausible values.
2. PD vs control table of the push-off metrics (usual walks `_01`, one value per subject = mean of
   the two feet's medians over valid cycles): group medians, Cohen's d (pooled SD, control − PD,
   positive = PD lower) and AUC (probability that a control's value exceeds a PD's; > 0.5 = PD lower).
   Run ``python tests/validation/test_insole_gaitpdb.py`` to print it as Markdown.
"""

from __future__ import annotations

import csv
import math
import os
import sys
from pathlib import Path

import numpy as np
import pytest

import secondheart as sh

# Push-off metrics (and two loading ones for contrast). "lower" = expected lower in PD.
METRICS = [
    ("f2_n", "lower"),
    ("f2_bw", "lower"),
    ("f2_f1_ratio", "lower"),
    ("f1_bw", "lower"),
    ("forefoot_impulse_pct", "lower"),
    ("unloading_rate_n_per_s", "lower"),
    ("unloading_rate_bw_per_s", "lower"),
    ("unloading_rate_f2_per_s", "lower"),
    ("cop_travel_pct", "lower"),
    ("cop_velocity_late_mps", "lower"),
    ("push_off_time_s", "?"),
    ("heel_off_pct", "?"),
    ("time_to_f2_pct", "?"),
    ("loading_rate_bw_per_s", "?"),
    ("loading_rate_f1_per_s", "?"),
    ("stride_time_s", "?"),
    ("stance_pct", "?"),
]


def _demographics(folder: Path) -> dict[str, dict]:
    with open(folder / "demographics_Ga.csv", newline="") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def analyze_trial(path: Path, demographics: dict[str, dict]):
    session = sh.read_gaitpdb(path)
    subject = demographics.get(path.name[:6], {})
    if subject.get("weight_kg"):
        session.subject = sh.SubjectInfo(body_mass_kg=float(subject["weight_kg"]))
    return sh.insole.analyze_insoles(session)


def subject_values(result, body_mass_kg: float | None) -> dict[str, float]:
    cycles = result.cycles[result.cycles.valid].copy()
    bw = body_mass_kg * 9.80665 if body_mass_kg else math.nan
    cycles["unloading_rate_bw_per_s"] = cycles.unloading_rate_n_per_s / bw
    cycles["loading_rate_bw_per_s"] = cycles.loading_rate_n_per_s / bw
    per_side = cycles.groupby("side")[[m for m, _ in METRICS]].median()
    return per_side.mean(axis=0).to_dict()


def cohens_d(control: np.ndarray, pd_: np.ndarray) -> float:
    n1, n2 = len(control), len(pd_)
    pooled = math.sqrt(((n1 - 1) * control.var(ddof=1) + (n2 - 1) * pd_.var(ddof=1)) / (n1 + n2 - 2))
    return (control.mean() - pd_.mean()) / pooled if pooled > 0 else math.nan


def auc(control: np.ndarray, pd_: np.ndarray) -> float:
    """P(control > PD) + 0.5 P(tie): the Mann-Whitney U of the controls over n1·n2."""
    greater = sum((c > p) + 0.5 * (c == p) for c in control for p in pd_)
    return greater / (len(control) * len(pd_))


def pd_control_table(folder: Path) -> list[dict]:
    demographics = _demographics(folder)
    values = {"PD": [], "Co": []}
    for path in sorted(folder.glob("Ga*_01.txt")):
        subject = demographics[path.name[:6]]
        mass = float(subject["weight_kg"]) if subject.get("weight_kg") else None
        values[subject["group"]].append(subject_values(analyze_trial(path, demographics), mass))
    rows = []
    for metric, expected in METRICS:
        pd_ = np.array([v[metric] for v in values["PD"] if np.isfinite(v[metric])])
        co = np.array([v[metric] for v in values["Co"] if np.isfinite(v[metric])])
        rows.append(
            {
                "metric": metric,
                "expected_in_pd": expected,
                "n_pd": len(pd_),
                "n_co": len(co),
                "median_pd": float(np.median(pd_)),
                "median_co": float(np.median(co)),
                "cohens_d": cohens_d(co, pd_),
                "auc": auc(co, pd_),
            }
        )
    return rows


def markdown(rows: list[dict]) -> str:
    out = [
        "| metric | expected in PD | n PD/Co | median PD | median Co | Cohen's d (Co−PD) | AUC (Co>PD) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        out.append(
            f"| {r['metric']} | {r['expected_in_pd']} | {r['n_pd']}/{r['n_co']} | {r['median_pd']:.3g} | "
            f"{r['median_co']:.3g} | {r['cohens_d']:+.2f} | {r['auc']:.2f} |"
        )
    return "\n".join(out)


@pytest.fixture(scope="module")
def folder(dataset):
    return dataset("physionet_gaitpdb/dev")


def test_every_trial_processes(folder):
    demographics = _demographics(folder)
    files = sorted(folder.glob("Ga*.txt"))
    assert len(files) == 22
    for path in files:
        result = analyze_trial(path, demographics)
        cycles = result.cycles
        for side in ("left", "right"):
            valid = cycles[(cycles.side == side) & cycles.valid]
            # 121 s of walking, 76-122 stances per foot (SOURCE.md): most become valid cycles.
            assert len(valid) >= 60, f"{path.name} {side}: {len(valid)} valid cycles"
            assert 0.9 < valid.stride_time_s.median() < 1.7, path.name
            assert 55 < valid.stance_pct.median() < 75, path.name
            assert 0.5 < valid.f2_f1_ratio.median() < 1.6, path.name
            assert 30 < valid.forefoot_impulse_pct.median() < 95, path.name
            assert 20 < valid.cop_travel_pct.median() < 80, path.name
            assert valid.f2_n.notna().all(), path.name
        # Left and right strides interleave: step time about half the stride.
        valid = cycles[cycles.valid]
        ratio = (valid.step_time_s / valid.stride_time_s).median()
        assert 0.4 < ratio < 0.6, path.name


def test_pd_control_table(folder):
    rows = pd_control_table(folder)
    print("\n" + markdown(rows))
    by_metric = {r["metric"]: r for r in rows}
    assert by_metric["f2_f1_ratio"]["n_pd"] == 10
    assert by_metric["f2_f1_ratio"]["n_co"] == 10
    # GaPt04 has no weight: one PD subject fewer for the ×BW metrics.
    assert by_metric["f2_bw"]["n_pd"] == 9
    for r in rows:
        assert 0.0 <= r["auc"] <= 1.0
        assert math.isfinite(r["cohens_d"])


if __name__ == "__main__":
    root = Path(os.environ.get("SECONDHEART_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))
    print(markdown(pd_control_table(root / "physionet_gaitpdb" / "dev")))
    sys.exit(0)
