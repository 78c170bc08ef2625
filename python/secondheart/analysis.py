"""``secondheart.analyze()`` and the Analysis it returns: pandas views over the C++ result."""

from __future__ import annotations

import json
from functools import cached_property
from os import PathLike
from pathlib import Path

import pandas as pd

from . import _core, _tables
from .activity import DayActivity, terrain_column
from .assess import assessment_frame, feature_frame
from .formats import read


class Analysis:
    """One analysed session.

    Attributes
    ----------
    cycles : pandas.DataFrame
        One row per cycle of every sensor (``source``: insole, foot_imu, shank_imu), identity columns
        (side, IC/next IC/FC/HO times in s, status, valid) then the metrics, units in the names.
    strides : pandas.DataFrame
        Alias of ``cycles`` (a stride runs IC to IC).
    summary : pandas.DataFrame
        Per source, side and metric over valid cycles: n, median, quartiles, IQR, mean, SD, CV and the
        left/right asymmetry index of the medians.
    flags : pandas.DataFrame
        Data-quality findings (code, side, message); metrics they affect are NaN.
    events : pandas.DataFrame
        Every detected event (IC, FC, HO, MS) in long format.
    assessment : pandas.DataFrame
        The toe-off assessment, one row per source and side: ``push_off_score`` (N(0, 1) in healthy
        people, low = weak), ``poor_toe_off`` (none/mild/marked), ``weaker_side``, ``confidence``,
        ``evidence`` and ``summary`` (see :func:`secondheart.assess_toe_off`).
    assessment_features : pandas.DataFrame
        Each assessed feature per source and side: value, healthy norm, z and percentile.
    activity : secondheart.activity.DayActivity or None
        The day: walking bouts, hours against the walking habit, postures, exercise sets and their
        repetitions, the day summary (:class:`secondheart.activity.DayActivity`); None when the
        activity stage was disabled (``Config.activity.enabled``). With a foot IMU, ``cycles`` gains a
        ``terrain`` column on the foot_imu rows (level, stairs_up, stairs_down, uphill, downhill,
        unknown; None when the stage gave no terrain).
    """

    def __init__(self, core_analysis: _core.Analysis, session: _core.Session | None = None,
                 config: _core.Config | None = None):
        self._core = core_analysis
        self.session = session
        self.config = config

    @property
    def core(self) -> _core.Analysis:
        """The C++ result (``secondheart._core.Analysis``)."""
        return self._core

    @cached_property
    def cycles(self) -> pd.DataFrame:
        frames = [_tables.cycle_frame(r.cycles) for r in self._core.results]
        activity = self._core.activity
        if activity is not None:
            for frame in frames:
                if not frame.empty and frame["source"].iloc[0] == "foot_imu":
                    frame["terrain"] = terrain_column(activity, len(frame))
        frames = [f for f in frames if not f.empty]
        if not frames:
            return pd.DataFrame(columns=_tables.CYCLE_ID_COLUMNS)
        cycles = pd.concat(frames, ignore_index=True)
        if "terrain" in cycles.columns:
            # After the identity columns: the stride's terrain is context for every metric.
            terrain = cycles.pop("terrain")
            cycles.insert(cycles.columns.get_loc("valid") + 1, "terrain", terrain)
        return cycles

    @property
    def strides(self) -> pd.DataFrame:
        return self.cycles

    @cached_property
    def summary(self) -> pd.DataFrame:
        return _tables.summary_frame(r.cycles for r in self._core.results)

    @cached_property
    def flags(self) -> pd.DataFrame:
        frames = [_tables.flags_frame(self._core.flags, None)]
        frames += [_tables.flags_frame(r.flags, r.cycles.source) for r in self._core.results]
        frames += [_tables.flags_frame(a.flags, a.source) for a in self._core.assessments]
        if self._core.activity is not None:
            frames.append(_tables.flags_frame(self._core.activity.flags, "activity"))
        frames = [f for f in frames if not f.empty]
        if not frames:
            return _tables.flags_frame([], None)
        return pd.concat(frames, ignore_index=True)

    @cached_property
    def events(self) -> pd.DataFrame:
        return _tables.events_table((ev, r.cycles.source) for r in self._core.results for ev in r.events)

    @cached_property
    def assessment(self) -> pd.DataFrame:
        return assessment_frame(self._core.assessments)

    @cached_property
    def assessment_features(self) -> pd.DataFrame:
        return feature_frame(self._core.assessments)

    @cached_property
    def activity(self) -> DayActivity | None:
        result = self._core.activity
        if result is None:
            return None
        habit = self.config.activity.params.habit_walking_min if self.config is not None else None
        return DayActivity(result, habit_walking_min=habit)

    def plot_day(self, path: str | Path | None = None, **options):
        """Figure of the day (:func:`secondheart.plot.plot_day`): walking minutes per clock hour against
        the habit line, still and sedentary periods, exercise sets and leg elevation on a time axis.
        Saved to ``path`` when given; returns the Figure.

        Raises
        ------
        ValueError
            When the activity stage was disabled (``activity`` is None).
        """
        if self.activity is None:
            raise ValueError("plot_day: the activity stage was disabled (Config.activity.enabled = False)")
        from .plot import plot_day  # noqa: PLC0415 (matplotlib is imported only when plotting)

        return plot_day(self.activity, path, title=self._core.session_name, **options)

    def plot(self, path: str | Path | None = None, **options):
        """Figure of the analysis (:func:`secondheart.plot.plot_analysis`): cycle curves left vs right,
        push-off features against the healthy norms, events over the signal. Saved to ``path`` when given."""
        from .plot import plot_analysis  # noqa: PLC0415 (matplotlib is imported only when plotting)

        return plot_analysis(self, path, **options)

    def to_json(self, path: str | Path | None = None, indent: int = 2) -> str:
        """The analysis as JSON (NaN -> null); written to ``path`` when given."""
        text = _core.to_json(self._core, indent)
        if path is not None:
            Path(path).write_text(text)
        return text

    def to_dict(self) -> dict:
        return json.loads(self.to_json(indent=-1))

    def __repr__(self) -> str:
        return f"<Analysis '{self._core.session_name}': {len(self.cycles)} cycles, {len(self.flags)} flags>"

    def report(self, metrics: list[str] | None = None) -> str:
        """A readable text that leads with the answer: the toe-off assessment per sensor in plain words,
        then per source and side the median [IQR] of each metric with the asymmetry index where it means
        something, then the quality flags (warnings first; repeats across sensors folded)."""
        lines = [f"session: {self._core.session_name or '(unnamed)'}"]
        if self._core.assessments:
            lines.append("\npush-off (gait mechanics against healthy reference values; not a diagnosis):")
            for a in self._core.assessments:
                lines.append(f"  {a.source}: {a.summary}")
                for side in a.sides:
                    for e in side.evidence[:3]:
                        lines.append(f"      {_tables.side_name(side.side)} evidence: {e.text}")
        if self.activity is not None:
            day = self.activity.report_lines()
            lines += ["", *day] if day else ["\nthe day: no activity data (no clock hour with data)"]
        summary = self.summary
        for source, group in summary.groupby("source", sort=False):
            valid = self.cycles[(self.cycles.source == source) & self.cycles.valid]
            counts = valid.groupby("side").size().to_dict()
            lines.append(
                f"\n{source}: valid cycles left {counts.get('left', 0)}, right {counts.get('right', 0)}"
            )
            wide = group.pivot_table(index="metric", columns="side", values=["median", "iqr"], sort=False)
            asym = group.groupby("metric", sort=False)["asymmetry_index_percent"].first()
            names = [m for m in group["metric"].unique() if metrics is None or m in metrics]
            width = max((len(n) for n in names), default=10)
            lines.append(f"  {'metric':<{width}}  {'left':>18}  {'right':>18}  {'asym %':>7}")
            for name in names:
                cells = []
                for side in ("left", "right"):
                    try:
                        med, iqr = wide.loc[name, ("median", side)], wide.loc[name, ("iqr", side)]
                        cells.append(f"{med:9.3g} [{iqr:6.2g}]")
                    except KeyError:
                        cells.append(f"{'-':>18}")
                index = asym.get(name, float("nan"))
                shown = f"{index:7.1f}" if index == index else f"{'-':>7}"
                lines.append(f"  {name:<{width}}  {cells[0]:>18}  {cells[1]:>18}  {shown}")
        lines += _flag_lines(self.flags)
        return "\n".join(lines)


def analyze(
    source: _core.Session | str | PathLike[str],
    *,
    config: _core.Config | None = None,
    format: str | None = None,  # noqa: A002
    name: str | None = None,
    subject: _core.SubjectInfo | None = None,
    **reader_options,
) -> Analysis:
    """Analyse a session (or a file, read with :func:`secondheart.read`).

    Runs every pipeline the session has data for: insoles, foot IMUs, shank IMUs (with the ankle
    angle when the same leg also has a foot IMU).

    Parameters
    ----------
    source
        A :class:`secondheart.Session`, or a path to a recording in a recognised format.
    config
        :class:`secondheart.Config` with the parameters of each pipeline (defaults: validated ones).
    format, **reader_options
        Passed to :func:`secondheart.read` when ``source`` is a path.
    name
        Session name shown in reports (default: the session's, or the file name).
    subject
        :class:`secondheart.SubjectInfo` (body mass, height, age) to set on the session: with the
        body mass, forces are also reported in body weights.

    Returns
    -------
    Analysis
        ``.cycles``, ``.summary``, ``.flags``, ``.events``, ``.activity``, ``.to_json()``, ``.report()``,
        ``.plot()``, ``.plot_day()``.
    """
    if isinstance(source, _core.Session):
        session = source
    else:
        session = read(source, format=format, **reader_options)
        if not session.name:
            session.name = Path(source).name
    if name is not None:
        session.name = name
    if subject is not None:
        session.subject = subject
    config = config if config is not None else _core.Config()
    result = _core.analyze(session, config)
    return Analysis(result, session, config)


def _flag_lines(flags: pd.DataFrame) -> list[str]:
    """Flags for people: warnings before info, one line per (code, side, message) with the sources that
    raised it (the same finding from the foot and the shank pipeline is one line)."""
    if flags.empty:
        return []
    lines = ["\nquality flags:"]
    order = {"warning": 0, "info": 1}
    folded = (
        flags.assign(source=flags["source"].fillna("session"), side=flags["side"].fillna(""))
        .groupby(["severity", "code", "side", "message"], sort=False)["source"]
        .agg(lambda s: ", ".join(dict.fromkeys(s)))
        .reset_index()
    )
    folded = folded.sort_values("severity", key=lambda s: s.map(order), kind="stable")
    for row in folded.itertuples():
        where = "/".join(x for x in (row.source, row.side) if x)
        lines.append(f"  [{row.severity}] {row.code} ({where}): {row.message}")
    return lines

