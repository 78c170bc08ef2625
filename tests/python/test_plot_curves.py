"""Healthy reference curves (secondheart/data/healthy_curves.json, scripts/build_curves.py) and their band
in the figure's cycle-curve panels."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import secondheart as sh
from secondheart import plot

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "python" / "secondheart" / "data" / "healthy_curves.json"
WALK = [("stand", 5), ("walk", 40), ("stand", 3)]


@pytest.fixture(scope="module")
def doc():
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def walker():
    return sh.analyze(sh.synth.walk(seed=5, schedule=WALK).session, name="synthetic walker")


def test_the_curves_file_is_well_formed(doc):
    assert doc["schema"] == "secondheart.healthy_curves" and doc["schema_version"] == 1
    assert doc["generator"] == "scripts/build_curves.py"
    by_name = {c["name"]: c for c in doc["curves"]}
    assert {"foot_pitch_deg", "insole_force_bw"} <= set(by_name)
    sources = {"foot_pitch_deg": "foot_imu", "ankle_angle_deg": "shank_imu", "insole_force_bw": "insole"}
    for name, curve in by_name.items():
        assert curve["source"] == sources[name]
        assert curve["percent"] == list(range(101))
        mean, sd = np.asarray(curve["mean"], dtype=float), np.asarray(curve["sd"], dtype=float)
        assert mean.shape == sd.shape == (101,)
        assert np.all(np.isfinite(mean)) and np.all(sd > 0), name
        assert curve["n_strides"] >= 10 * curve["n_persons"]
        provenance = curve["provenance"]
        assert provenance["datasets"] and provenance["method"] and "synthetic" in provenance
        if not provenance["synthetic"]:
            assert curve["n_persons"] >= 10, name  # an aggregate over people (Voisard is AGPL)
    assert by_name["foot_pitch_deg"]["provenance"]["synthetic"] is False
    assert by_name["insole_force_bw"]["provenance"]["synthetic"] is False
    if "ankle_angle_deg" in by_name:
        assert by_name["ankle_angle_deg"]["provenance"]["synthetic"] is True


def test_healthy_foot_pitch_follows_the_conventions(doc):
    # docs/conventions.md: foot pitch ≈ +20° at IC and ≈ −60° at FC (toe-off) in healthy walking.
    curve = next(c for c in doc["curves"] if c["name"] == "foot_pitch_deg")
    mean = np.asarray(curve["mean"])
    assert 55 <= int(np.argmin(mean)) <= 75
    assert -75 < mean.min() < -50
    assert 0 < mean[0] < 30
    assert abs(mean[0] - mean[100]) < 5  # IC to the next IC


def test_healthy_insole_force_is_a_double_hump_in_body_weights(doc):
    curve = next(c for c in doc["curves"] if c["name"] == "insole_force_bw")
    mean = np.asarray(curve["mean"])
    assert 0.9 < mean.max() < 1.6
    assert mean[70:95].max() < 0.05  # swing: the foot is off the ground


def _bands(ax) -> list[str]:
    from matplotlib.collections import PolyCollection

    return [c.get_label() for c in ax.collections if isinstance(c, PolyCollection) and
            (c.get_label().startswith("healthy mean") or c.get_label().startswith("synthetic walker"))]


def test_the_figure_draws_the_healthy_band_behind_the_curves(walker, tmp_path):
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    assert "foot_pitch_deg" in plot.healthy_curves()  # shipped as package data
    fig = walker.plot(tmp_path / "walker.png")
    axes = {ax.get_title(): ax for ax in fig.axes}
    foot = axes["foot pitch (foot IMU)"]
    n = plot.healthy_curves()["foot_pitch_deg"]["n_persons"]
    assert _bands(foot) == [f"healthy mean ± SD ({n} persons)"]
    band = next(c for c in foot.collections if c.get_label() == _bands(foot)[0])
    sides = [line for line in foot.get_lines() if line.get_label().startswith(("left", "right"))]
    assert len(sides) == 2 and all(band.get_zorder() < line.get_zorder() for line in sides)  # behind the curves
    force = axes["vertical force (insole)"]
    assert _bands(force) and _bands(force)[0].startswith("healthy mean ± SD")
    ankle = next(ax for title, ax in axes.items() if title.startswith("ankle angle"))
    if "ankle_angle_deg" in plot.healthy_curves():
        assert _bands(ankle) == ["synthetic walker (model) mean ± SD"]
    plt.close(fig)


def test_no_band_without_the_curves_file(walker, tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    monkeypatch.setattr(plot, "healthy_curves", lambda: {})
    fig = walker.plot(tmp_path / "walker.png")
    assert all(not _bands(ax) for ax in fig.axes)
    plt.close(fig)
