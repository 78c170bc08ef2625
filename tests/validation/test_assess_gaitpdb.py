"""Toe-off assessment of insole walks, PhysioNet gaitpdb study Ga (Parkinson's disease and controls,
usual walk ``_01``, dev split): the AUC of the push-off score for PD against controls.

A weak proxy: Parkinson's disease changes gait in many ways, and push-off is only one of them. What is
independent: the group labels. The insole norms are built from these same controls, so each control is
scored by norms refitted without them (leave-one-control-out); the PD walkers are scored by the norms of
all controls.
"""

from __future__ import annotations

import csv
import json

import numpy as np
import pandas as pd
import pytest

import secondheart as sh
from secondheart import norms as norms_fit

INSOLE = [s.name for s in norms_fit.specs_for("insole")]


def auc(positive: np.ndarray, negative: np.ndarray) -> float:
    """P(a positive's value > a negative's), ties counted half."""
    greater = (positive[:, None] > negative[None, :]).mean()
    ties = (positive[:, None] == negative[None, :]).mean()
    return float(greater + 0.5 * ties)


@pytest.fixture(scope="module")
def walks(dataset):
    folder = dataset("physionet_gaitpdb/dev")
    with open(folder / "demographics_Ga.csv", newline="") as f:
        demographics = {row["id"]: row for row in csv.DictReader(f)}
    out = {}
    for path in sorted(folder.glob("Ga*_01.txt")):
        subject = demographics[path.name[:6]]
        session = sh.read_gaitpdb(path)
        if subject.get("weight_kg"):
            session.subject = sh.SubjectInfo(body_mass_kg=float(subject["weight_kg"]))
        out[path.name[:6]] = (subject["group"], sh.analyze(session, name=path.name))
    return out


def _norms_without(walks, excluded: str | None) -> sh.Norms:
    tidy = []
    for subject, (group, analysis) in walks.items():
        if group != "Co" or subject == excluded:
            continue
        cycles = analysis.cycles[(analysis.cycles.source == "insole") & analysis.cycles.valid]
        features = [f for f in INSOLE if f in cycles.columns]
        tidy.append(norms_fit.tidy_from_cycles(cycles, features, source="insole", dataset="physionet_gaitpdb",
                                               subject=subject, session="01", speed_column=None))
    doc = norms_fit.fit_norms(pd.concat(tidy), norms_fit.specs_for("insole"), version="loo", created="2026-12-03")
    return sh._core.parse_norms(json.dumps(doc), f"insole norms without {excluded}")


def test_pd_against_controls_auc(walks):
    groups = {g for g, _ in walks.values()}
    assert groups == {"Co", "PD"}, groups
    all_controls = _norms_without(walks, None)
    rows = []
    for subject, (group, analysis) in walks.items():
        norms = _norms_without(walks, subject) if group == "Co" else all_controls
        features = sh._core.features_from_cycles(analysis.core.result("insole").cycles)
        a = sh._core.assess_toe_off(features, norms)
        scores = [s.push_off_score for s in a.sides]
        rows.append({"subject": subject, "group": group, "mean_score": float(np.mean(scores)),
                     "min_score": float(np.min(scores)), "flagged": a.poor_toe_off.name.lower()})
    d = pd.DataFrame(rows)
    print("\n" + d.to_string(index=False, float_format=lambda x: f"{x:.2f}"))
    co, pd_ = d[d.group == "Co"], d[d.group == "PD"]
    for column in ("mean_score", "min_score"):
        value = auc(co[column].to_numpy(), pd_[column].to_numpy())
        print(f"AUC ({column}: control higher than PD): {value:.2f}  (controls {len(co)}, PD {len(pd_)})")
    print(f"flagged: controls {(co.flagged != 'none').sum()} of {len(co)}, PD {(pd_.flagged != 'none').sum()} of {len(pd_)}")
    assert d.mean_score.notna().all()
    # README: AUC 0.58 (mean score, controls higher): push-off is only one of the ways PD changes gait,
    # and 10 against 10 walkers cannot separate much more; asserted: the direction (PD lower).
    assert auc(co["mean_score"].to_numpy(), pd_["mean_score"].to_numpy()) > 0.5
    # README: 1 of 10 controls and 0 of 10 PD flagged; asserted with a margin of one walker.
    assert (co.flagged != "none").sum() <= 1 + 1
    assert (pd_.flagged != "none").sum() <= 0 + 1
