"""secondheart.norms: fitting healthy norms from tidy tables (hand-computed cases) and the shipped
norms file against its schema."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from secondheart import norms

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "norms" / "push_off_norms.json"
SCHEMA = REPO / "schemas" / "norms.schema.json"

SPEC = norms.FeatureSpec("foot_imu", "toe_off_angle_deg", "deg", -1, 1.0, speed_adjusted=False)
SPEC_SPEED = norms.FeatureSpec("foot_imu", "toe_off_angle_deg", "deg", -1, 1.0, speed_adjusted=True)


def tidy(rows, *, feature="toe_off_angle_deg", source="foot_imu", n_cycles=20):
    """rows: (subject, session, side, value, speed)."""
    return pd.DataFrame(
        [
            {
                "source": source,
                "dataset": "hand",
                "subject": subject,
                "session": session,
                "side": side,
                "feature": feature,
                "value": value,
                "n_cycles": n_cycles,
                "gait_speed_mps": speed,
            }
            for subject, session, side, value, speed in rows
        ],
        columns=norms.TIDY_COLUMNS,
    )


def three_people(speeds=(math.nan, math.nan, math.nan)):
    # Person values (mean of L and R): 11, 14, 17 -> mean 14, SD sqrt((9 + 0 + 9) / 2) = 3.
    # Left - right: -2, 0, 2 -> SD 2.
    a, b, c = speeds
    return tidy(
        [
            ("A", "1", "left", 10.0, a), ("A", "1", "right", 12.0, a),
            ("B", "1", "left", 14.0, b), ("B", "1", "right", 14.0, b),
            ("C", "1", "left", 18.0, c), ("C", "1", "right", 16.0, c),
        ]
    )


def test_mean_sd_asymmetry_of_three_people():
    entry = norms.fit_feature_norm(three_people(), SPEC)
    assert entry["mean"] == pytest.approx(14.0)
    # The sd is that of one side in one session: between 3, asym 2, session 0 -> sqrt(9 + 4 / 4 + 0) = sqrt(10).
    assert entry["sd"] == pytest.approx(math.sqrt(10.0), rel=1e-5)
    assert entry["asymmetry_sd"] == pytest.approx(2.0)
    assert entry["speed_adjustment"] is None
    assert entry["session_sd"] is None  # one session each
    assert (entry["n_subjects"], entry["n_sessions"], entry["n_cycles"]) == (3, 3, 6 * 20)
    assert (entry["source"], entry["name"], entry["unit"], entry["direction"], entry["weight"]) == (
        "foot_imu", "toe_off_angle_deg", "deg", -1, 1.0)
    assert entry["provenance"]["datasets"] == ["hand"]
    assert entry["provenance"]["synthetic"] is False


def test_one_sided_person_counts_with_its_side_only():
    # D has only a left value of 14: person values 11, 14, 17, 14 -> mean 14, SD sqrt(18 / 3);
    # the asymmetry SD still comes from A, B, C. between sqrt(6), asym 2, session 0
    # -> sd = sqrt(6 + 4 / 4 + 0) = sqrt(7).
    rows = pd.concat([three_people(), tidy([("D", "1", "left", 14.0, math.nan)])], ignore_index=True)
    entry = norms.fit_feature_norm(rows, SPEC)
    assert entry["n_subjects"] == 4
    assert entry["mean"] == pytest.approx(14.0)
    assert entry["sd"] == pytest.approx(math.sqrt(7.0), rel=1e-5)
    assert entry["asymmetry_sd"] == pytest.approx(2.0)


def test_sessions_are_averaged_and_give_the_session_sd():
    # A: left sessions 9 and 11 (mean 10, variance 2), right 12 and 12 (variance 0) -> same person
    # values as three_people; pooled session variance (2 + 0) / 2 = 1 -> session_sd 1.
    # between 3, asym 2, session 1 -> sd = sqrt(9 + 4 / 4 + 1) = sqrt(11).
    rows = three_people()
    rows = rows[~((rows.subject == "A") & (rows.side == "left"))]
    rows = pd.concat(
        [rows, tidy([("A", "1", "left", 9.0, math.nan), ("A", "2", "left", 11.0, math.nan),
                     ("A", "2", "right", 12.0, math.nan)])],
        ignore_index=True,
    )
    entry = norms.fit_feature_norm(rows, SPEC)
    assert entry["mean"] == pytest.approx(14.0)
    assert entry["sd"] == pytest.approx(math.sqrt(11.0), rel=1e-5)
    assert entry["asymmetry_sd"] == pytest.approx(2.0)
    assert entry["session_sd"] == pytest.approx(1.0)
    assert entry["n_sessions"] == 4


def test_repeated_rows_of_one_session_are_averaged_and_few_cycles_dropped():
    rows = pd.concat([three_people(), tidy([("B", "1", "left", 16.0, math.nan)])], ignore_index=True)
    # B left = mean(14, 16) = 15 -> B = 14.5: person values 11, 14.5, 17.
    entry = norms.fit_feature_norm(rows, SPEC)
    assert entry["mean"] == pytest.approx((11 + 14.5 + 17) / 3, rel=1e-5)
    # A row with 2 cycles is dropped at min_cycles 5.
    few = pd.concat([three_people(), tidy([("B", "1", "left", 100.0, math.nan)], n_cycles=2)], ignore_index=True)
    assert norms.fit_feature_norm(few, SPEC, min_cycles=5)["mean"] == pytest.approx(14.0)


def test_speed_adjustment_by_hand():
    # Speeds 1.0, 1.2, 1.4, 1.2 and person values 11, 14, 17, 15:
    # mean speed 1.2, mean value 14.25, Sxx 0.08, Sxy 1.2 -> slope 15 per m/s;
    # residuals -0.25, -0.25, -0.25, 0.75 -> SSres 0.75, residual SD sqrt(0.75 / 2);
    # Syy 18.75 -> r² 0.96; slope SE sqrt(0.375 / 0.08) = 2.165, t(0.975, 2) = 4.303:
    # CI [5.68, 24.3] excludes 0 -> adopted.
    # Left - right: -2, 0, 2, 0 -> mean 0, variance 8 / 3 -> asymmetry SD sqrt(8 / 3), asym² / 4 = 2 / 3.
    # between sqrt(0.375) (residual SD), asym sqrt(8 / 3), session 0 -> sd = sqrt(0.375 + 2 / 3).
    rows = pd.concat(
        [three_people((1.0, 1.2, 1.4)),
         tidy([("D", "1", "left", 15.0, 1.2), ("D", "1", "right", 15.0, 1.2)])],
        ignore_index=True,
    )
    entry = norms.fit_feature_norm(rows, SPEC_SPEED, min_subjects_speed=4)
    adj = entry["speed_adjustment"]
    assert adj is not None
    assert adj["slope_per_mps"] == pytest.approx(15.0)
    assert adj["reference_speed_mps"] == pytest.approx(1.2)
    assert (adj["min_speed_mps"], adj["max_speed_mps"]) == (pytest.approx(1.0), pytest.approx(1.4))
    assert adj["r_squared"] == pytest.approx(0.96)
    assert entry["mean"] == pytest.approx(14.25)
    assert entry["asymmetry_sd"] == pytest.approx(math.sqrt(8 / 3), rel=1e-5)
    assert entry["sd"] == pytest.approx(math.sqrt(0.375 + 2 / 3), rel=1e-5)
    assert "adopted" in adj["method"]
    # Fewer people than min_subjects_speed: not fitted, plain mean and SD. Person values 11, 14, 17, 15:
    # deviations from 14.25 are -3.25, -0.25, 2.75, 0.75 -> SS 18.75, variance 6.25, between SD 2.5;
    # between 2.5, asym sqrt(8 / 3), session 0 -> sd = sqrt(6.25 + 2 / 3).
    plain = norms.fit_feature_norm(rows, SPEC_SPEED, min_subjects_speed=8)
    assert plain["speed_adjustment"] is None
    assert plain["sd"] == pytest.approx(math.sqrt(6.25 + 2 / 3), rel=1e-5)


def test_unsupported_speed_slope_is_not_adopted():
    # Speeds 1.0, 1.4, 1.2, 1.2 for values 11, 14, 17, 15: Sxy = 0.65 − 0.05 = 0.6 -> slope 7.5;
    # residuals −1.75, −1.75, 2.75, 0.75 -> residual SD sqrt(14.25 / 2) = 2.67, slope SE 9.4, CI
    # 7.5 ± 40.6 includes 0 -> plain mean and SD, and the method text says so.
    rows = pd.concat(
        [three_people((1.0, 1.4, 1.2)),
         tidy([("D", "1", "left", 15.0, 1.2), ("D", "1", "right", 15.0, 1.2)])],
        ignore_index=True,
    )
    entry = norms.fit_feature_norm(rows, SPEC_SPEED, min_subjects_speed=4)
    assert entry["speed_adjustment"] is None
    assert entry["mean"] == pytest.approx(14.25)
    assert "not adopted" in entry["provenance"]["method"]


def test_student_t_quantiles():
    assert norms.student_t_quantile(0.975, 2) == pytest.approx(4.302653, abs=1e-6)
    assert norms.student_t_quantile(0.975, 10) == pytest.approx(2.228139, abs=1e-6)
    assert norms.student_t_quantile(0.95, 1000) == pytest.approx(1.646379, abs=1e-5)


def test_too_few_people_raise():
    with pytest.raises(ValueError, match="at least 2 people"):
        norms.fit_feature_norm(tidy([("A", "1", "left", 1.0, math.nan), ("A", "1", "right", 2.0, math.nan)]), SPEC)


def _two_features(n_people=8):
    # b = 2 a exactly: their z are equal (direction +1) or opposite (direction −1).
    rows = []
    for k in range(n_people):
        for side, shift in (("left", 0.3 * (k % 3)), ("right", -0.1 * k)):
            a = k + shift
            rows.append(("P%d" % k, "1", side, "a", a))
            rows.append(("P%d" % k, "1", side, "b", 2 * a))
    frame = pd.DataFrame(rows, columns=["subject", "session", "side", "feature", "value"])
    frame["source"], frame["dataset"], frame["n_cycles"], frame["gait_speed_mps"] = "insole", "hand", 12, math.nan
    return frame[norms.TIDY_COLUMNS]


@pytest.mark.parametrize("direction_b, expected", [(+1, 1.0), (-1, -1.0)])
def test_correlations_use_directed_z(direction_b, expected):
    specs = [norms.FeatureSpec("insole", "a", "1", +1, 1.0), norms.FeatureSpec("insole", "b", "1", direction_b, 1.0),
             norms.FeatureSpec("insole", "c", "1", +1, 0.0)]
    doc = norms.fit_norms(_two_features(), specs, version="0.0.1", created="2026-01-01")
    assert [f["name"] for f in doc["features"]] == ["a", "b"]  # c has no rows
    kinds = {c["kind"]: c for c in doc["correlations"]}
    assert set(kinds) == {"score", "asymmetry"}
    for c in kinds.values():
        assert c["features"] == ["a", "b"]
        np.testing.assert_allclose(c["matrix"], [[1.0, expected], [expected, 1.0]])
    assert doc["rule"] == norms.DEFAULT_RULE
    # Fewer than 8 people with every feature: no matrices.
    assert "correlations" not in norms.fit_norms(_two_features(7), specs, created="2026-01-01")


def test_gaitrec_tidy_maps_columns_sides_and_sessions():
    base = {"CLASS_LABEL": "HC", "SPEED": 2, "SESSION_DATE": "01.02.2012"}
    grf = {}
    for stem, k in zip(norms.GAITREC_FEATURES, range(5)):
        grf[stem.format(side="l")] = 1.0 + k
        grf[stem.format(side="r")] = 1.5 + k
    df = pd.DataFrame(
        [
            {**base, "SUBJECT_ID": 7, "SESSION_ID": 1, **grf},
            {**base, "SUBJECT_ID": 7, "SESSION_ID": 2, **{c: v + 0.2 for c, v in grf.items()}},  # same day (shod)
            {**base, "SUBJECT_ID": 8, "SESSION_ID": 3, "SPEED": 3, **grf},  # fast: not used
            {**base, "SUBJECT_ID": 9, "SESSION_ID": 4, "CLASS_LABEL": "A", **grf},  # patient: not used
        ]
    )
    t = norms.gaitrec_tidy(df)
    assert set(t.subject) == {"gaitrec_7"}
    # SESSION_ID is the session: barefoot (1) and shod (2) of one day stay two sessions.
    assert set(t.session) == {"1", "2"}
    assert set(t.source) == {"force_plate"}
    assert len(t) == 2 * 2 * 5
    f2 = t[(t.feature == "f2_bw") & (t.side == "right")].value.sort_values().to_list()
    assert f2 == pytest.approx([2.5, 2.7])  # GRF_F_V_r_max2 is the second feature: 1.5 + 1
    assert t.n_cycles.isna().all()
    # Person-side values average the two sessions: left (2.0 + 2.2) / 2 = 2.1, right (2.5 + 2.7) / 2 = 2.6.
    sides = norms.person_side_values(t[t.feature == "f2_bw"])
    assert sides.set_index("side").value.to_dict() == pytest.approx({"left": 2.1, "right": 2.6})
    assert sides.set_index("side").n_sessions.to_dict() == {"left": 2, "right": 2}
    assert set(norms.gaitrec_tidy(df, classes=None, speeds=None).subject) == {"gaitrec_7", "gaitrec_8", "gaitrec_9"}


def test_tidy_from_cycles_takes_medians_and_counts():
    cycles = pd.DataFrame(
        {
            "side": ["left", "left", "left", "right", "right"],
            "toe_off_angle_deg": [-60.0, -62.0, np.nan, -58.0, -64.0],
            "gait_speed_mps": [1.2, 1.4, 1.0, 1.3, 1.1],
        }
    )
    t = norms.tidy_from_cycles(cycles, ["toe_off_angle_deg", "missing"], source="foot_imu", dataset="d",
                               subject="s", session="1").set_index("side")
    assert t.loc["left", "value"] == pytest.approx(-61.0)
    assert t.loc["left", "n_cycles"] == 2
    assert t.loc["left", "gait_speed_mps"] == pytest.approx(1.3)  # speeds of the cycles with a value
    assert t.loc["right", "value"] == pytest.approx(-61.0)
    assert t.loc["right", "gait_speed_mps"] == pytest.approx(1.2)


def test_round_significant():
    assert norms.round_significant(0.000123456789) == 0.000123457
    assert norms.round_significant(-61.234567) == -61.2346
    assert norms.round_significant(0.0) == 0.0


# ------------------------------------------------------------------------------------------------
# The shipped file
# ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> dict:
    return json.loads(SHIPPED.read_text())


def test_shipped_norms_validate_against_the_schema(shipped):
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed (test extra)")
    jsonschema.validate(shipped, json.loads(SCHEMA.read_text()))


def test_shipped_norms_hold_every_feature_once_with_the_spec(shipped):
    entries = {(f["source"], f["name"]): f for f in shipped["features"]}
    assert len(entries) == len(shipped["features"])
    for spec in norms.FEATURE_SPECS:
        f = entries[(spec.source, spec.name)]
        assert (f["direction"], f["weight"], f["unit"]) == (spec.direction, spec.weight, spec.unit)
        assert f["sd"] > 0 and f["asymmetry_sd"] > 0 and f["n_subjects"] >= 2
        if not spec.speed_adjusted:
            assert f["speed_adjustment"] is None
    assert {k: shipped["rule"][k] for k in norms.DEFAULT_RULE} == norms.DEFAULT_RULE
    for c in shipped.get("correlations", []):
        m = np.asarray(c["matrix"])
        assert m.shape == (len(c["features"]),) * 2
        np.testing.assert_allclose(m, m.T)
        np.testing.assert_allclose(np.diag(m), 1.0)
        assert np.linalg.eigvalsh(m).min() > 0  # a usable correlation matrix
    # Synthetic stand-ins say so.
    for f in shipped["features"]:
        if f["provenance"]["synthetic"]:
            assert "synthetic" in f["provenance"]["notes"].lower()
