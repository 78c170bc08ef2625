"""The toe-off assessment from Python: tables in and out, hand-computed values, the report schema, the
CLI, plots, session comparison and bad input."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import secondheart as sh
from secondheart import cli
from secondheart.demo import data_path

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"
TEST_NORMS = ROOT / "tests" / "data" / "norms" / "force_plate_test_norms.json"
WALK = [("stand", 5), ("walk", 40), ("stand", 5)]


@pytest.fixture(scope="module")
def report_validator():
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema (a test extra) validates the reports")
    schema = json.loads((SCHEMAS / "report.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def weak_right():
    walk = sh.synth.walk(seed=5, push_off_strength_right=0.4, schedule=WALK)
    return sh.analyze(walk.session, name="synthetic, weak right")


def test_force_plate_table_equals_the_hand_calculation():
    # Test norms: f2_bw mean 1.1, sd 0.05, asym sd 0.03; propulsive_peak_bw mean 0.22, sd 0.02, asym sd
    # 0.015; correlation 0 (score and asymmetry); valley_bw weight 0.
    table = pd.DataFrame({
        "side": ["left", "right"],
        "f2_bw": [1.1, 1.0],
        "propulsive_peak_bw": [0.22, 0.19],
        "valley_bw": [0.75, 0.80],
    })
    out = sh.assess_toe_off(table, norms=TEST_NORMS).set_index("side")
    # Right: z f2 = (1.0 - 1.1) / 0.05 = -2, z prop = (0.19 - 0.22) / 0.02 = -1.5 -> score -3.5 / sqrt(2).
    assert out.loc["right", "push_off_score"] == pytest.approx(-3.5 / math.sqrt(2))
    assert out.loc["left", "push_off_score"] == pytest.approx(0.0)
    # Asymmetry (left - right): f2 0.1 / 0.03, prop 0.03 / 0.015 -> (3.333 + 2) / sqrt(2) = 3.77 > 3: marked right.
    assert out.loc["right", "score_asymmetry_z"] == pytest.approx((0.1 / 0.03 + 2.0) / math.sqrt(2))
    assert out.loc["right", "poor_toe_off"] == "marked"
    assert out.loc["left", "poor_toe_off"] == "none"
    assert (out["weaker_side"] == "right").all()
    assert out.loc["right", "percentile"] == pytest.approx(100 * 0.5 * math.erfc(3.5 / math.sqrt(2) / math.sqrt(2)))
    assert out.loc["right", "evidence"], "a flagged side lists its evidence"
    assert any("propulsive peak" in text for text in out.loc["right", "evidence"])
    assert out.loc["right", "summary"].startswith("right push-off weaker than left")
    # Summary values carry no stride-to-stride spread: never high confidence.
    assert out.loc["right", "confidence"] != "high"


def test_source_inference_and_per_cycle_rows():
    norms = sh.load_norms(TEST_NORMS)
    rng = np.random.default_rng(0)
    rows = pd.DataFrame({
        "side": ["left"] * 30 + ["right"] * 30,
        "f2_bw": np.r_[rng.normal(1.1, 0.01, 30), rng.normal(1.1, 0.01, 30)],
    })
    out = sh.assess_toe_off(rows, norms=norms)
    assert list(out.source.unique()) == ["force_plate"]
    assert (out.n_cycles == 30).all()
    assert (out.poor_toe_off == "none").all()
    raw = sh.assess_toe_off(rows, norms=norms, raw=True)[0]
    assert raw.asymmetry[0].difference_ci_low < raw.asymmetry[0].difference < raw.asymmetry[0].difference_ci_high


def test_bad_tables_raise_value_errors_that_say_what_was_expected():
    with pytest.raises(ValueError, match="'side' column"):
        sh.assess_toe_off(pd.DataFrame({"f2_bw": [1.0]}))
    with pytest.raises(ValueError, match="left' or 'right"):
        sh.assess_toe_off(pd.DataFrame({"side": ["middle"], "f2_bw": [1.0]}), source="force_plate")
    with pytest.raises(ValueError, match="no column is a feature"):
        sh.assess_toe_off(pd.DataFrame({"side": ["left"], "stride_time_s": [1.0]}))
    with pytest.raises(ValueError, match="several sources"):
        sh.assess_toe_off(pd.DataFrame({"side": ["left"], "f2_bw": [1.0]}))  # insole and force plate both know f2_bw
    with pytest.raises(ValueError, match="source must be one of"):
        sh.assess_toe_off(pd.DataFrame({"side": ["left"], "f2_bw": [1.0]}), source="watch")
    with pytest.raises(TypeError):
        sh.assess_toe_off([1, 2, 3])


def test_newtons_instead_of_body_weights_are_named_not_assessed():
    table = pd.DataFrame({"side": ["left", "right"], "f2_bw": [810.0, 1.1], "propulsive_peak_bw": [np.nan, 0.22]})
    raw = sh.assess_toe_off(table, source="force_plate", raw=True)[0]
    codes = {f.code: f.message for f in raw.flags}
    assert "implausible_feature" in codes and "newtons" in codes["implausible_feature"]
    assert "feature_without_values" in codes  # the NaN propulsive peak on the left
    assert not raw.sides[0].assessed and raw.sides[1].assessed
    assert raw.weaker_side is None


def test_norms_files_errors_name_file_and_field(tmp_path):
    bad = json.loads(TEST_NORMS.read_text())
    del bad["features"][0]["sd"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    with pytest.raises(sh.FormatError, match=r"bad\.json.*features\[0\]: missing required field 'sd'"):
        sh.load_norms(path)
    bad = json.loads(TEST_NORMS.read_text())
    bad["schema_version"] = 7
    path.write_text(json.dumps(bad))
    with pytest.raises(sh.FormatError, match="schema version 1, the file has version 7"):
        sh.load_norms(path)
    path.write_text("{")
    with pytest.raises(sh.FormatError, match="not valid JSON"):
        sh.load_norms(path)
    with pytest.raises(sh.FormatError, match="cannot open"):
        sh.load_norms(tmp_path / "missing.json")


def test_shipped_norms_validate_against_their_schema():
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema (a test extra) validates the norms")
    schema = json.loads((SCHEMAS / "norms.schema.json").read_text())
    jsonschema.validate(json.loads(sh._core.default_norms_json()), schema)
    jsonschema.validate(json.loads(TEST_NORMS.read_text()), schema)
    norms = sh.load_norms()
    assert sh.load_norms(ROOT / "norms" / "push_off_norms.json").version == norms.version


def test_analysis_finds_the_weak_side_on_every_sensor(weak_right):
    a = weak_right.assessment.set_index(["source", "side"])
    assert set(a.index.get_level_values("source")) == {"foot_imu", "shank_imu", "insole"}
    for source in ("foot_imu", "shank_imu", "insole"):
        assert a.loc[(source, "right"), "weaker_side"] == "right", source
        assert a.loc[(source, "right"), "push_off_score"] < a.loc[(source, "left"), "push_off_score"], source
    assert a.loc[("foot_imu", "right"), "poor_toe_off"] in ("mild", "marked")
    features = weak_right.assessment_features
    assert {"toe_off_angle_deg", "ankle_rom_deg"} <= set(features.feature)


def test_a_symmetric_synthetic_walker_is_not_flagged():
    walk = sh.synth.walk(seed=2, schedule=WALK)
    a = sh.analyze(walk.session)
    assert (a.assessment.poor_toe_off == "none").all(), a.assessment[["source", "side", "push_off_score"]]
    assert (a.assessment.weaker_side == "none").all()
    # The complaint: a clean walk raised ankle_partial_overlap although both sensors cover it.
    assert "ankle_partial_overlap" not in set(a.flags.code)
    # Warnings are what needs attention; a clean synthetic walk has none.
    assert (a.flags.severity == "info").all(), a.flags


def test_report_leads_with_the_answer_and_folds_flags(weak_right):
    text = weak_right.report()
    lines = text.splitlines()
    assert lines[2].startswith("push-off (gait mechanics against healthy reference values; not a diagnosis)")
    assert "right push-off weaker than left" in lines[3]
    assert "venous" not in text.lower()
    # heading change is a signed angle around zero: no asymmetry index
    heading = next(line for line in lines if line.strip().startswith("heading_change_deg"))
    assert heading.rstrip().endswith("-")
    summary = weak_right.summary.set_index(["source", "side", "metric"])
    assert math.isnan(summary.loc[("foot_imu", "left", "heading_change_deg"), "asymmetry_index_percent"])
    assert not math.isnan(summary.loc[("foot_imu", "left", "toe_off_angle_deg"), "asymmetry_index_percent"])


def test_reports_validate_against_the_schema(weak_right, report_validator):
    reports = [weak_right, sh.demo.stroke_example(), *sh.demo.insole_examples()]
    for analysis in reports:
        doc = json.loads(analysis.to_json())
        report_validator.validate(doc)
        assert doc["schema_version"] == 1
        assert len(doc["assessments"]) == len(analysis.core.assessments) >= 1


def test_compare_sees_a_stronger_push_off():
    before = sh.analyze(sh.synth.walk(seed=7, push_off_strength_right=0.4, schedule=WALK).session)
    after = sh.analyze(sh.synth.walk(seed=8, push_off_strength_right=0.9, schedule=WALK).session)
    table = sh.compare(before, after)
    foot = table[(table.source == "foot_imu") & (table.side == "right")].set_index("feature")
    assert foot.loc["push_off_score", "change"] > 1.0
    assert foot.loc["push_off_score", "verdict"] == "stronger"
    # Toe-off angle: -45 -> about -57 deg (model -(35 + 25 s)); the change is far beyond its interval.
    assert foot.loc["toe_off_angle_deg", "change"] == pytest.approx(-12.5, abs=2.5)
    assert foot.loc["toe_off_angle_deg", "ci_high"] < 0
    left = table[(table.source == "foot_imu") & (table.side == "left")].set_index("feature")
    assert left.loc["toe_off_angle_deg", "change"] == pytest.approx(0.0, abs=1.5)
    assert "foot_imu" in table.attrs["summary"]
    with pytest.raises(ValueError, match="share no sensor kind"):
        sh.compare(before, pd.DataFrame({"side": ["left"], "f2_bw": [1.0]}), source="force_plate")


def test_cli_analyze_prints_the_assessment_first_and_writes_json_and_plot(tmp_path, capsys, report_validator):
    out_json, out_png = tmp_path / "r.json", tmp_path / "r.png"
    assert cli.main(["analyze", str(data_path("movingreality_pp07_1Reg_first45s.csv")), "--json", str(out_json),
                     "--plot", str(out_png)]) == 0
    text = capsys.readouterr().out
    first = text.splitlines()[3]
    assert first.strip().startswith("foot_imu:") and "push-off" in first
    report_validator.validate(json.loads(out_json.read_text()))
    assert out_png.stat().st_size > 50_000  # a real figure, not an empty canvas


def test_cli_compare_and_custom_norms(tmp_path, capsys):
    path = str(data_path("movingreality_pp07_1Reg_first45s.csv"))
    assert cli.main(["compare", path, path]) == 0
    text = capsys.readouterr().out
    assert "no detectable change" in text  # the same file twice
    assert cli.main(["analyze", path, "--norms", str(tmp_path / "none.json")]) == 2
    assert "cannot open" in capsys.readouterr().err


def test_plot_has_curves_features_and_events(weak_right, tmp_path):
    pytest.importorskip("matplotlib")
    fig = weak_right.plot(tmp_path / "weak.png")
    titles = [ax.get_title() for ax in fig.axes]
    assert any("foot pitch" in t for t in titles)
    assert any("ankle angle" in t for t in titles)
    assert any("vertical force" in t for t in titles)
    assert any("against healthy norms" in t for t in titles)
    assert any("events over the signal" in t for t in titles)


def test_table_carries_flags_and_refuses_text_and_empty_sources():
    table = pd.DataFrame({"side": ["left", "right"], "f2_bw": [np.nan, 0.95], "propulsive_peak_bw": [0.22, 0.2]})
    out = sh.assess_toe_off(table, source="force_plate").set_index("side")
    # The left F2 is missing: the right's F2 has no partner, and the table says so on both rows it concerns.
    assert any(f.startswith("feature_without_values") for f in out.loc["left", "flags"])
    assert any(f.startswith("feature_one_side_only: f2_bw only on the right") for f in out.loc["right", "flags"])
    with pytest.raises(ValueError, match=r"column 'f2_bw' must hold numbers.*'1,05'.*decimal comma"):
        sh.assess_toe_off(pd.DataFrame({"side": ["left", "right"], "f2_bw": ["1,05", "1.1"]}), source="force_plate")
    with pytest.raises(ValueError, match="'source' column has 1 empty row"):
        sh.assess_toe_off(pd.DataFrame({"side": ["left", "right"], "source": ["force_plate", None],
                                        "f2_bw": [1.1, 1.0]}))


def test_compare_of_summary_values_decides_on_the_mdc():
    before = pd.DataFrame({"side": ["left", "right"], "f2_bw": [1.0, 1.1]})
    after = pd.DataFrame({"side": ["left", "right"], "f2_bw": [1.2, 1.1]})
    table = sh.compare(before, after, source="force_plate", norms=TEST_NORMS).set_index(["side", "feature"])
    # Test norms: f2 session SD 0.02 -> MDC 1.96 * sqrt(2) * 0.02 = 0.0554 BW; +0.2 BW exceeds it.
    assert table.loc[("left", "f2_bw"), "mdc"] == pytest.approx(1.959964 * math.sqrt(2) * 0.02, rel=1e-5)
    assert table.loc[("left", "f2_bw"), "verdict"] == "stronger"
    assert table.loc[("right", "f2_bw"), "verdict"] == "no_detectable_change"
