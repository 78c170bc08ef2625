"""Toe-off assessment on GaitRec (force-plate summaries of people after ankle and calcaneus injuries with
a known affected side, and healthy controls), through ``assess_toe_off`` alone.

What is independent: the affected side and the class (clinical labels of the GaitRec authors) are not
seen by the norms, the rule or its thresholds. Norms are refitted per fold on the healthy controls of
the other folds' subjects (5 folds by subject): no person is judged by norms that contain them. The
rule's thresholds come from the normal model (docs/assessment.md), not from this data; the feature
weights (F2, propulsive peak and COP path scored; F1 and the valley as context) were chosen on mechanics
before looking at the patients. Data: GaitRec TRAIN split (the TEST split is kept back).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import secondheart as sh
from secondheart import norms as norms_fit

FEATURES = {
    "f1_bw": "GRF_F_V_{}_max1",
    "f2_bw": "GRF_F_V_{}_max2",
    "valley_bw": "GRF_F_V_{}_min",
    "propulsive_peak_bw": "GRF_F_AP_{}_max",
    "cop_ap_length": "GRF_COP_AP_{}_length",
}
N_FOLDS = 5
MARGIN_PCT = 2.0  # percentage points between the README's figure and the asserted bound


def _fold_of(subject_ids: pd.Series) -> np.ndarray:
    """Deterministic fold per subject (a hash of the id, not its order)."""
    return ((subject_ids.astype(np.int64) * 2654435761) % 2**32 % N_FOLDS).to_numpy()


def _assess_all(sessions: pd.DataFrame, norms: sh.Norms) -> pd.DataFrame:
    """Per session: flagged sides, weaker side, score of each side."""
    rows = []
    for row in sessions.itertuples(index=False):
        r = row._asdict()
        fs = sh.FeatureSet()
        fs.source = "force_plate"
        for name, col in FEATURES.items():
            fs.add(name, sh.Side.LEFT, [float(r[col.format("l")])])
            fs.add(name, sh.Side.RIGHT, [float(r[col.format("r")])])
        a = sh._core.assess_toe_off(fs, norms)
        rows.append({
            "SESSION_ID": r["SESSION_ID"],
            "left_flag": a.sides[0].poor_toe_off.name.lower(),
            "right_flag": a.sides[1].poor_toe_off.name.lower(),
            "weaker": "none" if a.weaker_side is None else a.weaker_side.name.lower(),
            "left_score": a.sides[0].push_off_score,
            "right_score": a.sides[1].push_off_score,
            "asymmetry_z": a.score_asymmetry_z,
        })
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def gaitrec(dataset):
    data = pd.read_csv(dataset("gaitrec_summary") / "gaitrec_sessions_train.csv")
    data["fold"] = _fold_of(data["SUBJECT_ID"])
    results = []
    for k in range(N_FOLDS):
        train = data[data.fold != k]
        doc = norms_fit.fit_gaitrec_norms(train, version=f"gaitrec-fold-{k}", created="2026-12-03")
        norms = sh._core.parse_norms(json.dumps(doc), f"GaitRec fold {k} norms")
        test = data[data.fold == k]
        results.append(_assess_all(test, norms))
    return data.merge(pd.concat(results), on="SESSION_ID")


def _patients(d: pd.DataFrame) -> pd.DataFrame:
    return d[d.CLASS_LABEL.isin(["A", "C"]) & d.AFFECTED_SIDE.isin([0, 1])]


def _any_flag(d: pd.DataFrame) -> pd.Series:
    return (d.left_flag != "none") | (d.right_flag != "none")


def _correct(d: pd.DataFrame) -> pd.Series:
    affected = np.where(d.AFFECTED_SIDE == 0, "left", "right")
    flag = np.where(d.AFFECTED_SIDE == 0, d.left_flag, d.right_flag)
    return pd.Series((flag != "none") & (d.weaker.to_numpy() == affected), index=d.index)


def test_gaitrec_affected_side_and_healthy_controls(gaitrec):
    d = gaitrec
    patients = _patients(d)
    hc = d[d.CLASS_LABEL == "HC"]
    correct = _correct(patients)
    print("\nGaitRec TRAIN, 5 folds by subject, norms refitted per fold on the other folds' healthy controls")
    print("fold  patients  correct %  weaker=affected %  HC(self-selected) flagged %")
    for k in range(N_FOLDS):
        p, h = patients[patients.fold == k], hc[(hc.fold == k) & (hc.SPEED == 2)]
        direction = (p.weaker.to_numpy() == np.where(p.AFFECTED_SIDE == 0, "left", "right")).mean()
        print(f"{k:>4}  {len(p):>8}  {100 * _correct(p).mean():9.1f}  {100 * direction:17.1f}  "
              f"{100 * _any_flag(h).mean():10.1f} (n={len(h)})")
    affected = np.where(patients.AFFECTED_SIDE == 0, "left", "right")
    pct_correct = 100 * correct.mean()
    pct_direction = 100 * (patients.weaker.to_numpy() == affected).mean()
    pct_flagged_affected = 100 * np.where(patients.AFFECTED_SIDE == 0, patients.left_flag != "none",
                                          patients.right_flag != "none").mean()
    hc_rates = {s: 100 * _any_flag(hc[hc.SPEED == s]).mean() for s in (1, 2, 3)}
    print(f"all: {len(patients)} patient sessions ({patients.SUBJECT_ID.nunique()} subjects): affected side flagged "
          f"and named weaker {pct_correct:.1f} %; weaker side = affected {pct_direction:.1f} %; affected side "
          f"flagged {pct_flagged_affected:.1f} %")
    print(f"healthy controls, any side flagged: slow {hc_rates[1]:.1f} %, self-selected {hc_rates[2]:.1f} %, "
          f"fast {hc_rates[3]:.1f} % (n = {[int((hc.SPEED == s).sum()) for s in (1, 2, 3)]})")
    by_class = patients.assign(correct=correct).groupby("CLASS_LABEL_DETAILED")["correct"].agg(["mean", "size"])
    print("by diagnosis:", {k: f"{100 * v['mean']:.0f}% of {v['size']}" for k, v in by_class.iterrows()})
    # Baseline of SOURCE.md on the same folds: |F2 asymmetry| above the healthy 95th percentile.
    f2_asym = lambda x: (x.GRF_F_V_l_max2 - x.GRF_F_V_r_max2) / ((x.GRF_F_V_l_max2 + x.GRF_F_V_r_max2) / 2)  # noqa: E731
    threshold = np.quantile(np.abs(f2_asym(hc[hc.SPEED == 2])), 0.95)
    base = np.where(patients.AFFECTED_SIDE == 0, -f2_asym(patients), f2_asym(patients)) > threshold
    print(f"plain F2-asymmetry rule at 5 % of HC (in-sample threshold {threshold:.3f}): {100 * base.mean():.1f} %")
    assert pct_correct >= CLAIMED["patients_correct_pct"] - MARGIN_PCT
    assert pct_direction >= CLAIMED["weaker_is_affected_pct"] - MARGIN_PCT
    assert hc_rates[2] <= CLAIMED["hc_self_selected_flagged_pct"] + MARGIN_PCT
    assert pct_flagged_affected >= CLAIMED["affected_flagged_pct"] - MARGIN_PCT
    for speed in (1, 3):
        print(f"speed {speed}: flagged {hc_rates[speed]:.1f} % vs self-selected {hc_rates[2]:.1f} %")
        # Not the "no more than at self-selected speed" (see README); the measured rates, bounded.
        assert hc_rates[speed] <= CLAIMED[f"hc_speed{speed}_flagged_pct"] + MARGIN_PCT
    # SOURCE.md's plain F2 rule on the same folds (in-sample threshold): the baseline the README quotes.
    assert 100 * base.mean() == pytest.approx(CLAIMED["plain_f2_rule_pct"], abs=0.1)


# README's figures (measured 2026-12-03 on GaitRec TRAIN); asserted with MARGIN_PCT. The issue asked for
# >= 90 % of patients at <= 5 % of controls; not reached: see README (the weaker side is the affected one
# in 73.3 % of sessions, F2 alone in 93 %, so the rule cannot name it more often with its thresholds).
CLAIMED = {"patients_correct_pct": 66.2, "weaker_is_affected_pct": 73.3, "affected_flagged_pct": 71.0,
           "hc_self_selected_flagged_pct": 3.6, "hc_speed1_flagged_pct": 6.8, "hc_speed3_flagged_pct": 10.2,
           "plain_f2_rule_pct": 63.6}
