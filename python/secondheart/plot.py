"""Figures of an analysis (matplotlib): what a user looks at first.

Three rows:

1. Ensemble cycle curves, left against right (mean ± SD over valid cycles, 0–100 % of the stride from
   IC to the next IC): foot pitch (foot IMU), ankle angle (foot + shank IMU, else shank pitch) and
   vertical force (insole, in body weights when the mass is known). Behind them, a grey band: the healthy
   reference curve (mean ± SD between persons) from the package data ``secondheart/data/healthy_curves.json``
   (``scripts/build_curves.py``; no band when the file is absent): foot pitch from healthy adults, force in
   body weights from healthy older adults on the same kind of insole, and the ankle angle from the
   **synthetic** walker cohort (labelled as a model; real ankle angles also shift between people with
   their ankle zero from standing). Shank pitch and force in N get no band.
2. Each assessed push-off feature per side as its z against the healthy norm: the band is the healthy
   mean ± 1 SD (z −1..1), the dashed line the rule's threshold for a weak side; each point is labelled
   with its value and unit.
3. The events over the signal for a window (default: the first 10 s of valid strides).

The series are recomputed here by the C++ pipelines (per-sample pitch is not kept by ``analyze()``).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from . import _core
from ._tables import side_name

SIDE_COLOURS = {"left": "#1f77b4", "right": "#d62728"}
N_POINTS = 101  # samples of a normalised cycle (0..100 %)
HEALTHY_CURVES = "healthy_curves.json"  # package data (secondheart/data), built by scripts/build_curves.py


@lru_cache(maxsize=1)
def healthy_curves() -> dict[str, dict]:
    """The healthy reference curves by name (``foot_pitch_deg``, ``ankle_angle_deg``, ``insole_force_bw``);
    empty when the package data file is absent or unreadable."""
    try:
        text = (resources.files("secondheart") / "data" / HEALTHY_CURVES).read_text(encoding="utf-8")
        doc = json.loads(text)
    except (OSError, ValueError):
        return {}
    out = {}
    for curve in doc.get("curves", []):
        if len(curve.get("mean", ())) == N_POINTS and len(curve.get("sd", ())) == N_POINTS:
            out[curve["name"]] = curve
    return out


def _normalised_cycles(series: np.ndarray, cycles, side: _core.Side, fs_ratio: float = 1.0) -> np.ndarray:
    """(cycles, N_POINTS) of ``series`` between each valid cycle's IC and next IC (cycle indices scaled by
    ``fs_ratio`` into the series' samples); cycles with NaN inside are left out."""
    rows = []
    grid = np.linspace(0.0, 1.0, N_POINTS)
    for c in cycles:
        if c.side != side or c.status != _core.CycleStatus.VALID:
            continue
        begin, end = int(round(c.ic * fs_ratio)), int(round(c.next_ic * fs_ratio))
        if begin < 0 or end > len(series) or end - begin < 10:
            continue
        segment = series[begin:end + 1] if end < len(series) else series[begin:end]
        if not np.all(np.isfinite(segment)):
            continue
        x = np.linspace(0.0, 1.0, len(segment))
        rows.append(np.interp(grid, x, segment))
    return np.array(rows).reshape(-1, N_POINTS)


def _curves(analysis) -> list[tuple[str, str, dict[str, np.ndarray], str | None]]:
    """(title, y label, {side: (cycles, N_POINTS)}, name of the healthy reference curve or None) per
    available curve."""
    session = analysis.session
    out = []
    if session is None:
        return out
    core = analysis.core
    feet = {}
    for rec in session.imus:
        if rec.placement == _core.Placement.FOOT:
            feet[side_name(rec.side)] = _core.analyze_foot_imu(rec, _core.FootImuPipelineParams())
    if feet:
        curves = {}
        for name, foot in feet.items():
            curves[name] = _normalised_cycles(np.asarray(foot.metrics.pitch_deg), foot.metrics.table.cycles,
                                              foot.side)
        out.append(("foot pitch (foot IMU)", "deg (toes up +)", curves, "foot_pitch_deg"))
    shank = next((r for r in core.results if r.cycles.source == "shank_imu"), None)
    if shank is not None:
        curves, all_ankle = {}, True
        for rec in session.imus:
            if rec.placement != _core.Placement.SHANK:
                continue
            name = side_name(rec.side)
            pitch = np.asarray(_core.shank_pitch(rec).pitch_deg)
            foot = feet.get(name)
            if foot is not None:
                foot_rec = next(r for r in session.imus if r.placement == _core.Placement.FOOT and r.side == rec.side)
                angle = _core.ankle_angle(np.asarray(foot.metrics.pitch_deg), pitch, foot.sampling_rate_hz,
                                          shank_rate_hz=rec.sampling_rate_hz, foot_start_s=foot_rec.start_time_s,
                                          shank_start_s=rec.start_time_s)
                series, label = np.asarray(angle.ankle_deg), "ankle angle (foot − shank)"
            else:
                series, label, all_ankle = pitch, "shank pitch", False
            curves[name] = _normalised_cycles(series, shank.cycles.cycles, rec.side)
        out.append((label + " (shank IMU)", "deg (dorsiflexion +)", curves,
                    "ankle_angle_deg" if all_ankle and curves else None))
    if session.insoles:
        mass = session.subject.body_mass_kg if session.subject is not None else float("nan")
        scale = 1.0 / (mass * 9.80665) if mass == mass and mass > 0 else 1.0
        insole = next((r for r in core.results if r.cycles.source == "insole"), None)
        if insole is not None:
            curves = {side_name(rec.side): _normalised_cycles(np.asarray(rec.total()) * scale, insole.cycles.cycles,
                                                              rec.side)
                      for rec in session.insoles}
            out.append(("vertical force (insole)", "× body weight" if scale != 1.0 else "N", curves,
                        "insole_force_bw" if scale != 1.0 else None))
    return out


def _plot_reference(ax, name: str | None) -> None:
    """The healthy band (mean ± SD between persons) of reference curve ``name``, behind the sides' curves."""
    curve = healthy_curves().get(name) if name else None
    if curve is None:
        return
    x = np.linspace(0, 100, N_POINTS)
    mean, sd = np.asarray(curve["mean"], dtype=float), np.asarray(curve["sd"], dtype=float)
    if curve.get("provenance", {}).get("synthetic"):
        label = "synthetic walker (model) mean ± SD"
    else:
        label = f"healthy mean ± SD ({curve['n_persons']} persons)"
    ax.fill_between(x, mean - sd, mean + sd, color="0.6", alpha=0.35, linewidth=0, zorder=0.5, label=label)
    ax.plot(x, mean, color="0.45", linewidth=1.0, linestyle="--", zorder=0.6)


def _plot_curves(ax, title: str, ylabel: str, curves: dict[str, np.ndarray], reference: str | None = None) -> None:
    x = np.linspace(0, 100, N_POINTS)
    _plot_reference(ax, reference)
    for side, rows in curves.items():
        if rows.shape[0] == 0:
            continue
        mean, sd = rows.mean(axis=0), rows.std(axis=0)
        colour = SIDE_COLOURS[side]
        ax.plot(x, mean, color=colour, label=f"{side} (n={rows.shape[0]})")
        ax.fill_between(x, mean - sd, mean + sd, color=colour, alpha=0.2, linewidth=0)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("% of stride (IC to IC)")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8, loc="best")
    ax.grid(alpha=0.3)


def _score_threshold(analysis) -> float:
    """The mild score threshold of the norms the analysis was assessed with."""
    for a in analysis.core.assessments:
        return a.thresholds.score_mild_z
    return _core.default_norms().rule.score_mild_z


def _plot_features(ax, analysis) -> None:
    from .assess import feature_frame

    features = feature_frame(analysis.core.assessments)
    features = features[features.weight > 0]
    if features.empty:
        ax.text(0.5, 0.5, "no push-off feature assessed", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return
    labels = list(dict.fromkeys(f"{r.source}: {r.feature}" for r in features.itertuples()))
    y = {label: i for i, label in enumerate(labels)}
    threshold = _score_threshold(analysis)
    ax.axvspan(-1, 1, color="0.85", zorder=0, label="healthy mean ± 1 SD")
    ax.axvline(threshold, color="0.3", linestyle="--", linewidth=1, label=f"weak-side threshold (z {threshold:g})")
    ax.axvline(0, color="0.6", linewidth=0.8)
    for r in features.itertuples():
        label = f"{r.source}: {r.feature}"
        offset = -0.15 if r.side == "left" else 0.15
        ax.plot(r.z, y[label] + offset, "o", color=SIDE_COLOURS[r.side], markersize=6)
        ax.annotate(f"{r.value:.3g}", (r.z, y[label] + offset), xytext=(5, -3), textcoords="offset points", fontsize=7)
    for side, colour in SIDE_COLOURS.items():
        ax.plot([], [], "o", color=colour, label=side)
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels, fontsize=8)
    ax.invert_yaxis()
    low = min(-4.0, float(np.nanmin(features.z)) - 0.5)
    high = max(3.0, float(np.nanmax(features.z)) + 0.5)
    ax.set_xlim(low, high)
    ax.set_xlabel("z against the healthy norm (low = weak push-off; speed-adjusted where known)")
    ax.set_title("push-off features against healthy norms", fontsize=10)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))  # outside: never over a point
    ax.grid(alpha=0.3, axis="x")


def _plot_events(ax, analysis, window_s: tuple[float, float] | None) -> None:
    session = analysis.session
    events = analysis.events
    if session is None or events.empty:
        ax.set_axis_off()
        return
    source = events.source.iloc[0]
    valid = analysis.cycles[analysis.cycles.valid & (analysis.cycles.source == source)]
    if window_s is None:
        start = float(valid.ic_s.min()) if not valid.empty else 0.0
        window_s = (max(0.0, start - 1.0), max(0.0, start - 1.0) + 10.0)
    for rec_list, kind in ((session.insoles, "insole"), (session.imus, "imu")):
        for rec in rec_list:
            if kind == "imu" and (rec.placement != _core.Placement.FOOT or source != "foot_imu"):
                continue
            if kind == "insole" and source != "insole":
                continue
            fs = rec.sampling_rate_hz
            t = np.arange(len(rec)) / fs
            if kind == "imu":
                signal, ylabel = np.linalg.norm(np.asarray(rec.gyr_dps), axis=1), "gyro norm (deg/s)"
            else:
                signal, ylabel = np.asarray(rec.total()), "total force (N)"
            mask = (t >= window_s[0]) & (t <= window_s[1])
            side = side_name(rec.side)
            ax.plot(t[mask], signal[mask], color=SIDE_COLOURS[side], linewidth=0.8, label=f"{side} {kind}")
            ev = events[(events.side == side) & (events.source == source)]
            for name, marker in (("IC", "v"), ("FC", "^")):
                times = ev[(ev.event == name) & (ev.time_s >= window_s[0]) & (ev.time_s <= window_s[1])].time_s
                idx = np.clip(np.round(times.to_numpy() * fs).astype(int), 0, len(signal) - 1)
                ax.plot(times, signal[idx], marker, color=SIDE_COLOURS[side], markersize=6, linestyle="none",
                        label=f"{side} {name}")
            ax.set_ylabel(ylabel)
    ax.set_xlabel("time (s)")
    ax.set_title(f"events over the signal ({source}, {window_s[0]:.0f}–{window_s[1]:.0f} s)", fontsize=10)
    ax.legend(fontsize=7, ncol=6, loc="upper right")
    ax.grid(alpha=0.3)


def plot_analysis(analysis, path: str | Path | None = None, *, window_s: tuple[float, float] | None = None):
    """The analysis figure (see the module docstring); saved to ``path`` when given. Returns the Figure."""
    import matplotlib

    if path is not None:
        matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    curves = _curves(analysis)
    n_curves = max(1, len(curves))
    fig = plt.figure(figsize=(4.6 * n_curves + 1, 11), layout="constrained")
    grid = fig.add_gridspec(3, n_curves, height_ratios=[1.0, 1.1, 0.8])
    for i, (title, ylabel, data, reference) in enumerate(curves):
        _plot_curves(fig.add_subplot(grid[0, i]), title, ylabel, data, reference)
    if not curves:
        ax = fig.add_subplot(grid[0, :])
        ax.text(0.5, 0.5, "no cycle curves (no recording attached)", ha="center", va="center")
        ax.set_axis_off()
    _plot_features(fig.add_subplot(grid[1, :]), analysis)
    _plot_events(fig.add_subplot(grid[2, :]), analysis, window_s)
    summaries = [f"{a.source}: {a.summary}" for a in analysis.core.assessments]
    title = analysis.core.session_name or "secondheart analysis"
    fig.suptitle(title + "\n" + "\n".join(_wrap(s) for s in summaries[:3]), fontsize=9, ha="center")
    if path is not None:
        fig.savefig(path, dpi=110)
        plt.close(fig)
    return fig


def _wrap(text: str, width: int = 160) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))
