"""Insole readers and pipeline through the Python API: DataFrames, errors, units."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import secondheart as sh

REPO = Path(__file__).resolve().parents[2]
DEMO_CONTROL = REPO / "python" / "secondheart" / "data" / "gaitpdb_GaCo05_01_first40s.txt"
MOTICON = REPO / "tests" / "data" / "moticon_sample.txt"


def test_read_gaitpdb_demo_excerpt():
    session = sh.read_gaitpdb(DEMO_CONTROL)
    assert len(session.insoles) == 2
    left = session.insoles[0]
    assert left.side == sh.Side.LEFT
    assert left.sampling_rate_hz == pytest.approx(100.0)
    assert left.cell_force_n.shape == (4000, 8)
    np.testing.assert_allclose(left.total(), left.cell_force_n.sum(axis=1), atol=0.02)


def test_analyze_insoles_tables():
    session = sh.read_gaitpdb(DEMO_CONTROL)
    session.subject = sh.SubjectInfo(body_mass_kg=88.0)  # GaCo05 (demographics_Ga.csv)
    result = sh.insole.analyze_insoles(session)
    cycles = result.cycles
    assert set(cycles.source) == {"insole"}
    for column in ("stride_time_s", "stance_pct", "double_support_s", "cadence_spm", "f1_n", "f2_n",
                   "f2_f1_ratio", "f2_bw", "forefoot_impulse_pct", "cop_travel_pct", "unloading_rate_n_per_s"):
        assert column in cycles.columns
    valid = cycles[cycles.valid]
    # 40 s at ~1.05 s per stride (SOURCE.md median stride of GaCo05): about 36 strides per foot.
    for side in ("left", "right"):
        n = (valid.side == side).sum()
        assert 30 <= n <= 38
    assert valid.stride_time_s.median() == pytest.approx(1.05, abs=0.03)
    assert valid.cadence_spm.median() == pytest.approx(120 / 1.05, rel=0.03)
    # ×BW is the newton value over m·g.
    np.testing.assert_allclose(valid.f2_bw, valid.f2_n / (88.0 * 9.80665))
    summary = result.summary
    row = summary[(summary.metric == "f2_f1_ratio") & (summary.side == "left")].iloc[0]
    assert row.n_cycles == (valid.side == "left").sum()
    assert row["median"] == pytest.approx(valid[valid.side == "left"].f2_f1_ratio.median())
    assert np.isfinite(row.asymmetry_index_percent)
    events = result.events
    assert set(events.event) == {"IC", "FC", "HO"}


def test_read_moticon_and_analyze():
    session = sh.read_moticon(MOTICON)
    assert [r.side for r in session.insoles] == [sh.Side.LEFT, sh.Side.RIGHT]
    left = session.insoles[0]
    assert left.cell_force_n.shape == (400, 16)
    assert np.isnan(left.cell_force_n[:15]).all()  # left data start at 0.30 s
    result = sh.insole.analyze_insoles(session)
    # The sample's truth (make_moticon_sample.py): left IC at 0.60 + 1.10 k s, right at 1.15 + 1.10 k s.
    ic = result.events[result.events.event == "IC"]
    left_ic = ic[ic.side == "left"].time_s.to_numpy()
    right_ic = ic[ic.side == "right"].time_s.to_numpy()
    np.testing.assert_allclose(left_ic, 0.60 + 1.10 * np.arange(len(left_ic)), atol=0.021)
    np.testing.assert_allclose(right_ic, 1.15 + 1.10 * np.arange(len(right_ic)), atol=0.021)
    assert len(left_ic) == 7 and len(right_ic) == 6
    # The gap at the start is reported, not hidden.
    assert "gap" in set(result.flags.code)
    valid = result.cycles[result.cycles.valid]
    assert valid.stance_time_s.median() == pytest.approx(0.66, abs=0.041)
    # Load moves heel -> forefoot in the sample: CoP travels forward, forefoot dominates late stance.
    assert (valid.cop_travel_pct > 30).all()
    assert (valid.forefoot_impulse_pct > 50).all()


def test_read_csv_column_map(tmp_path):
    t = np.arange(600) / 100.0
    loaded = (np.sin(2 * np.pi * t / 1.1) > -0.3).astype(float)
    heel = 300.0 * loaded
    fore = 250.0 * loaded
    path = tmp_path / "insole.csv"
    rows = ["time_ms,heel,fore"] + [f"{1000 * a:.0f},{b:.1f},{c:.1f}" for a, b, c in zip(t, heel, fore)]
    path.write_text("\n".join(rows) + "\n")
    session = sh.read_csv(
        path,
        right={"cells": ["heel", "fore"], "cell_position_m": [[0.03, 0.0], [0.2, 0.0]]},
        time_column="time_ms",
        time_unit="ms",
    )
    rec = session.insoles[0]
    assert rec.side == sh.Side.RIGHT
    assert rec.sampling_rate_hz == pytest.approx(100.0)
    np.testing.assert_allclose(rec.total(), heel + fore)
    # Same file declared as kN: totals of 550 kN are not a foot: rejected with the likely unit.
    with pytest.raises(sh.InvalidArgumentError, match="newtons|N"):
        sh.read_csv(path, right=["heel", "fore"], time_column="time_ms", time_unit="ms", unit="kN")
    with pytest.raises(sh.InvalidArgumentError, match="unknown column"):
        sh.read_csv(path, right=["heel", "nope"], time_column="time_ms", time_unit="ms")
    with pytest.raises(sh.InvalidArgumentError, match="cell area"):
        sh.read_csv(path, right=["heel", "fore"], time_column="time_ms", time_unit="ms", unit="N/cm2")


def test_malformed_files_name_file_and_line(tmp_path):
    bad = tmp_path / "GaXx01_01.txt"
    bad.write_text("0.00\t" + "\t".join(["1"] * 18) + "\n0.01\t1\tx\n")
    with pytest.raises(sh.FormatError, match=r"GaXx01_01.txt:2"):
        sh.read_gaitpdb(bad)
    with pytest.raises(sh.FormatError, match="cannot open"):
        sh.read_moticon(tmp_path / "missing.txt")


def test_pipeline_argument_errors():
    with pytest.raises(sh.InvalidArgumentError, match="no insole"):
        sh.insole.analyze_insoles(sh.Session())
    session = sh.read_gaitpdb(DEMO_CONTROL)
    session.insoles = [session.insoles[0], session.insoles[0]]
    with pytest.raises(sh.InvalidArgumentError, match="two left insoles"):
        sh.insole.analyze_insoles(session)


def test_bad_data_is_flagged_not_raised():
    session = sh.read_gaitpdb(DEMO_CONTROL)
    rec = session.insoles[1]
    cells = rec.cell_force_n.copy()
    cells[1000:1100] = np.nan  # a 1 s dropout
    rec.cell_force_n = cells
    rec.total_force_n = np.zeros(0)
    session.insoles = [session.insoles[0], rec]
    result = sh.insole.analyze_insoles(session)
    assert "gap" in set(result.flags.code)
    right = result.cycles[result.cycles.side == "right"]
    hit = right[(right.ic_s < 11.0) & (right.next_ic_s > 10.0)]
    assert len(hit) >= 1
    assert (hit.status == "bad_data").all()
    assert hit.f2_n.isna().all()


def test_missing_side_and_different_clocks():
    session = sh.read_gaitpdb(DEMO_CONTROL)
    left, right = session.insoles
    dead = right.cell_force_n.copy()
    dead[:] = np.nan
    right.cell_force_n = dead
    right.total_force_n = np.zeros(0)
    session.insoles = [left, right]
    result = sh.insole.analyze_insoles(session)
    assert "no_data" in set(result.flags.code)
    assert set(result.cycles.side) == {"left"}
    assert result.cycles.double_support_s.isna().all()  # needs the other foot

    session = sh.read_gaitpdb(DEMO_CONTROL)
    left, right = session.insoles
    right.start_time_s = 5.0  # the right insole started 5 s later: indices are not comparable
    session.insoles = [left, right]
    result = sh.insole.analyze_insoles(session)
    assert "clocks_differ" in set(result.flags.code)
    valid = result.cycles[result.cycles.valid]
    assert valid.step_time_s.isna().all()
    assert valid.stride_time_s.notna().all()
