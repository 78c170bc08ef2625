"""secondheart.analyze(), read(), the CLI and the demo, end to end."""

from __future__ import annotations

import json

import numpy as np
import pytest

import secondheart as sh
from secondheart import cli
from secondheart.demo import data_path, run_demo


@pytest.fixture(scope="module")
def weak_right():
    walk = sh.synth.walk(seed=11, push_off_strength_right=0.4, schedule=[("stand", 5), ("walk", 25), ("stand", 5)])
    return walk, sh.analyze(walk.session, name="weak right")


def _median(analysis, source, side, metric):
    c = analysis.cycles
    return c[(c.source == source) & (c.side == side) & c.valid][metric].median()


def test_every_sensor_pipeline_runs(weak_right):
    _, analysis = weak_right
    assert set(analysis.cycles.source) == {"insole", "foot_imu", "shank_imu"}
    assert analysis.core.session_name == "weak right"


def test_weak_side_is_weaker_on_every_sensor(weak_right):
    walk, a = weak_right
    # Toe-off angle: the weak side pitches down less (a less negative angle), within 2° of the model's
    # angle at the FC instant (-(35 + 25 s): -60° at s = 1, -45° at s = 0.4).
    for side, expected in (("left", -60.0), ("right", -45.0)):
        assert walk.truth(side).toe_off_angle_model_deg == pytest.approx(expected)
        assert _median(a, "foot_imu", side, "toe_off_angle_deg") == pytest.approx(expected, abs=2.0)
    assert _median(a, "insole", "right", "f2_n") < 0.95 * _median(a, "insole", "left", "f2_n")
    assert _median(a, "shank_imu", "right", "ankle_peak_plantarflexion_deg") > _median(
        a, "shank_imu", "left", "ankle_peak_plantarflexion_deg"
    ) + 4.0  # less plantarflexion (closer to 0) on the weak side


def test_summary_and_asymmetry_match_the_cycles(weak_right):
    _, a = weak_right
    s = a.summary.set_index(["source", "side", "metric"])
    left = _median(a, "insole", "left", "f2_n")
    right = _median(a, "insole", "right", "f2_n")
    assert s.loc[("insole", "left", "f2_n"), "median"] == pytest.approx(left)
    assert s.loc[("insole", "left", "f2_n"), "asymmetry_index_percent"] == pytest.approx(
        100 * (left - right) / ((left + right) / 2)
    )


def test_json_round_trip(weak_right):
    _, a = weak_right
    doc = json.loads(a.to_json())
    assert doc["secondheart_version"] == sh.__version__
    sources = {r["source"]: r for r in doc["results"]}
    assert len(sources["insole"]["cycles"]) == int((a.cycles.source == "insole").sum())
    first = sources["insole"]["cycles"][0]
    assert first["ic_s"] == pytest.approx(a.cycles[a.cycles.source == "insole"].iloc[0]["ic_s"])


def test_events_frame_is_long_format(weak_right):
    walk, a = weak_right
    ic = a.events.query("source == 'insole' and side == 'left' and event == 'IC'")
    truth_ic = np.asarray(walk.truth("left").ic) / walk.params.sampling_rate_hz
    # every true IC is found within one sample
    assert all(np.min(np.abs(ic.time_s.to_numpy() - t)) <= 0.0101 for t in truth_ic)


def test_analyze_needs_a_gait_sensor():
    with pytest.raises(sh.InvalidArgumentError, match="no insole and no foot or shank IMU"):
        sh.analyze(sh.Session())


def test_read_recognises_the_bundled_files():
    assert sh.detect_format(data_path("gaitpdb_GaPt05_01_first40s.txt")) == "gaitpdb"
    assert sh.detect_format(data_path("movingreality_pp07_1Reg_first45s.csv")) == "movingreality"
    session = sh.read(data_path("gaitpdb_GaCo05_01_first40s.txt"))
    assert len(session.insoles) == 2 and len(session.insoles[0]) == 4000


def test_read_rejects_unknown_content(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello\nworld\n")
    with pytest.raises(sh.FormatError, match=r"notes.txt:1: unrecognised file"):
        sh.read(path)
    with pytest.raises(FileNotFoundError):
        sh.read(tmp_path / "missing.csv")


def test_cli_analyze_writes_json(tmp_path, capsys):
    out = tmp_path / "report.json"
    code = cli.main(["analyze", str(data_path("gaitpdb_GaCo05_01_first40s.txt")), "--body-mass-kg", "88",
                     "--json", str(out)])
    assert code == 0
    doc = json.loads(out.read_text())
    assert doc["results"][0]["source"] == "insole"
    assert "f2_bw" in doc["results"][0]["cycles"][0]["metrics"]
    assert "insole: valid cycles" in capsys.readouterr().out


def test_cli_reports_errors_without_a_traceback(tmp_path, capsys):
    assert cli.main(["analyze", str(tmp_path / "missing.txt")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_cli_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--version"])
    assert exit_info.value.code == 0
    assert sh.__version__ in capsys.readouterr().out


def test_demo_runs_on_the_bundled_recordings():
    text = run_demo()
    assert "after stroke" in text and "Parkinson" in text and "control" in text
    assert "toe_off_angle_deg" in text and "f2_f1_ratio" in text
