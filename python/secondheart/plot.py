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
import textwrap
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


# The day figure (activity). Colours name what the bar says about the hour, not a health judgement.
HABIT_COLOURS = {"met": "#2a9d8f", "missed": "#e9a23b", "partly_worn": "#a8b8c8"}
NOT_WORN_COLOUR = "0.88"
POSTURE_COLOURS = {
    "sitting": "#8d99ae",
    "sitting_or_lying": "#8d99ae",
    "leg_elevated": "#6a4c93",
    "standing": "#d8e2dc",
    "upright": "#d8e2dc",
    "unknown": "#eeeeee",
}
EXERCISE_COLOUR = "#c1121f"
LABELLED_ELEVATION_S = 10 * 60.0  # shorter leg-elevation episodes get a marker without words
BOUT_COLOUR = "#2a9d8f"


def plot_day(day, path: str | Path | None = None, *, title: str | None = None):
    """The day of a :class:`secondheart.activity.DayActivity`; saved to ``path`` when given. Returns the Figure.

    Top: walking minutes per clock hour as bars (met / missed the habit; hours worn too little to judge
    in pale blue; hours not worn hatched grey and labelled) against the habit line. Bottom, on the same
    clock axis: walking bouts, still periods by posture (sedentary ones shaded, leg elevation in purple
    and labelled), exercise sets marked and labelled with their kind and repetitions.
    """
    import matplotlib

    if path is not None:
        matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    hours, offset = day.hours, day.clock_offset_s

    def clock_h(time_s):
        """Session time (s) -> hours on a continuous clock axis (past midnight continues at 24, 25, ...)."""
        return (np.asarray(time_s, dtype=float) + offset) / 3600.0

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(12, 6.4), sharex=True, height_ratios=[1.6, 1.0],
                                      layout="constrained")
    if hours.empty:
        top.text(0.5, 0.5, "no activity data (no clock hour with data)", ha="center", va="center",
                 transform=top.transAxes)
        top.set_axis_off()
        bottom.set_axis_off()
        if path is not None:
            fig.savefig(path, dpi=110)
            plt.close(fig)
        return fig

    start = clock_h(hours.hour_start_s.to_numpy())
    first, last = float(np.floor(start.min())), float(np.ceil(start.max() + 1.0))  # the time axis (clock h)
    habit = day.habit_walking_min
    ymax = max(2.0 * habit, float(np.nanmax(hours.walking_min.to_numpy(dtype=float), initial=0.0)) * 1.15)
    # Runs of consecutive hours not worn (a night without the sensors): one hatched span, one label.
    not_worn = (hours.habit == "not_worn").to_numpy()
    run_start = None
    for i in range(len(start) + 1):
        inside = i < len(start) and not_worn[i] and (run_start is None or start[i] == start[i - 1] + 1.0)
        if run_start is not None and not inside:
            x0, x1 = start[run_start], start[i - 1] + 1.0
            for ax in (top, bottom):
                ax.axvspan(x0, x1, facecolor=NOT_WORN_COLOUR, hatch="//", edgecolor="0.65", linewidth=0, zorder=0)
            top.text((x0 + x1) / 2, ymax * 0.75, "not worn", rotation=0 if x1 - x0 >= 3 else 90, ha="center",
                     va="center", fontsize=8, color="0.25", bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})
            run_start = None
        if i < len(start) and not_worn[i] and run_start is None:
            run_start = i
    for x, row in zip(start, hours.itertuples()):
        if row.habit == "not_worn":
            continue
        top.bar(x + 0.5, row.walking_min, width=0.8, color=HABIT_COLOURS.get(row.habit, "0.6"), zorder=2)
        if row.habit == "partly_worn":
            top.text(x + 0.5, row.walking_min + ymax * 0.02, f"worn\n{row.worn_min:.0f} min", ha="center",
                     va="bottom", fontsize=7, color="0.35")
    top.axhline(habit, color="0.2", linestyle="--", linewidth=1, zorder=3)
    top.set_ylim(0, ymax)
    top.set_ylabel("walking (min per hour)")
    d = day.raw.day  # the C++ values keep their int counts (a row of the mixed-type frame would not)
    top.set_title(f"walking minutes per clock hour: habit met in {d.hours_meeting_habit} of {d.hours_judged} "
                  f"judged hours; {d.walking_min:.0f} min walking, {d.steps} steps in total", fontsize=10)
    top.legend(handles=[
        Patch(color=HABIT_COLOURS["met"], label=f"met (≥ {habit:g} min)"),
        Patch(color=HABIT_COLOURS["missed"], label="missed"),
        Patch(color=HABIT_COLOURS["partly_worn"], label="partly worn (not judged)"),
        Patch(facecolor=NOT_WORN_COLOUR, hatch="//", edgecolor="0.65", label="not worn"),
        matplotlib.lines.Line2D([], [], color="0.2", linestyle="--", label=f"{habit:g} min walking per hour"),
    ], fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    top.grid(alpha=0.3, axis="y")

    lanes = {"walking": 2.0, "still": 1.0, "exercise": 0.0}
    height = 0.6
    bouts = day.bouts
    if not bouts.empty:
        x0 = clock_h(bouts.start_s.to_numpy())
        # A bout lasts seconds to minutes: at least a visible sliver on a day-long axis.
        widths = np.maximum(clock_h(bouts.end_s.to_numpy()) - x0, 0.01)
        bottom.broken_barh(list(zip(x0, widths)), (lanes["walking"] - height / 2, height), color=BOUT_COLOUR)
    postures = day.postures
    elevation_label_end = -np.inf  # where the last "leg elevated" words end (a later one that would overlap keeps its marker only)
    for row in postures.itertuples():
        x0, x1 = clock_h(row.start_s), clock_h(row.end_s)
        bottom.broken_barh([(x0, x1 - x0)], (lanes["still"] - height / 2, height),
                           color=POSTURE_COLOURS.get(row.posture, "0.8"), edgecolor="none")
        if row.posture == "leg_elevated":
            # A marker for every episode (a few minutes are a sliver on a day's axis), words for long ones.
            top_y = lanes["still"] + height / 2
            bottom.plot([(x0 + x1) / 2], [top_y + 0.08], marker="v", color=POSTURE_COLOURS["leg_elevated"],
                        markersize=5, linestyle="none")
            label_width = 20 * (last - first) / 150.0  # "leg elevated 30 min" (clock h)
            near_end = (x0 + x1) / 2 > last - 1.0  # centred, the label would leave the axis: it ends at the marker
            label_start = (x0 + x1) / 2 - (label_width if near_end else label_width / 2)
            if row.duration_s >= LABELLED_ELEVATION_S and label_start > elevation_label_end:
                elevation_label_end = label_start + label_width
                bottom.annotate(f"leg elevated {row.duration_s / 60:.0f} min", ((x0 + x1) / 2, top_y + 0.08),
                                xytext=(0, 5), textcoords="offset points", ha="right" if near_end else "center",
                                va="bottom", fontsize=7, color=POSTURE_COLOURS["leg_elevated"])
    if np.isfinite(d.longest_still_start_s) and d.longest_still_min > 0:
        x0 = float(clock_h(d.longest_still_start_s))
        x1 = x0 + d.longest_still_min / 60.0
        y = lanes["still"] - height / 2 - 0.12
        bottom.plot([x0, x1], [y, y], color="0.15", linewidth=2, solid_capstyle="butt")
        bottom.annotate(f"longest without walking: {d.longest_still_min:.0f} min", ((x0 + x1) / 2, y), xytext=(0, -2),
                        textcoords="offset points", ha="center", va="top", fontsize=7, color="0.15")
    exercises = day.exercises
    if not exercises.empty:
        bottom.plot(clock_h(exercises.start_s.to_numpy()), np.full(len(exercises), lanes["exercise"]), marker="D",
                    color=EXERCISE_COLOUR, markersize=6, linestyle="none")
        # One label per clock hour (sets minutes apart would write over each other): kinds, sets, repetitions.
        # Above or below the lane, wherever the previous label on that side has ended (about 150
        # characters of 7-point text fit across the axis); near the right edge labels end at the set.
        # Each set is numbered at its marker and listed under the axis (labels at the markers collide
        # when sets are minutes apart).
        listed = []
        for number, row in enumerate(exercises.itertuples(), start=1):
            x = float(clock_h(row.start_s))
            bottom.annotate(str(number), (x, lanes["exercise"]), xytext=(0, 6), textcoords="offset points", fontsize=7,
                            ha="center", va="bottom", color=EXERCISE_COLOUR)
            side = "" if row.side == "both" else f" ({row.side})"
            item = f"{number}: {day.clock(row.start_s)} {row.kind.replace('_', ' ')}{side} ×{row.repetitions}"
            listed.append(item.replace(" ", "\u00a0"))  # lines break between sets, not inside one
        fig.supxlabel("exercise sets   " + "\n".join(textwrap.wrap("    ".join(listed), 190)), fontsize=7,
                      color=EXERCISE_COLOUR)
    bottom.set_yticks(list(lanes.values()))
    bottom.set_yticklabels(["walking bouts", "still: posture", "exercise sets"])
    bottom.set_ylim(-0.8, 2.6)
    present = [name for name in POSTURE_COLOURS if name in set(postures.posture)]
    handles = [Patch(color=BOUT_COLOUR, label="walking bout")]
    names = {"unknown": "still, posture unknown", "sitting_or_lying": "sitting or lying"}
    handles += [Patch(color=POSTURE_COLOURS[name], label=names.get(name, name.replace("_", " "))) for name in present]
    handles.append(matplotlib.lines.Line2D([], [], marker="D", color=EXERCISE_COLOUR, linestyle="none",
                                           label="exercise set"))
    bottom.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    bottom.grid(alpha=0.3, axis="x")

    # Every hour up to a day; every 2nd, 3rd... hour on longer recordings, so the labels stay apart.
    ticks = np.arange(first, last + 0.5, max(1, int(np.ceil((last - first) / 24.0))))
    bottom.set_xlim(first, last)
    bottom.set_xticks(ticks)
    bottom.set_xticklabels([f"{int(t) % 24:02d}:00" for t in ticks], fontsize=8, rotation=0)
    bottom.set_xlabel("clock time")
    heading = "walking, still periods and exercise sets over the day"
    fig.suptitle(f"{title} - {heading}" if title else heading, fontsize=10)
    if path is not None:
        fig.savefig(path, dpi=110)
        plt.close(fig)
    return fig
