"""Conversions from the C++ value types to pandas DataFrames (no numerics here)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import _core

# Columns that identify a cycle; every per-cycle DataFrame starts with them.
CYCLE_ID_COLUMNS = ["source", "side", "cycle", "ic_s", "next_ic_s", "fc_s", "ho_s", "status", "valid"]
SUMMARY_COLUMNS = ["n_cycles", "median", "q1", "q3", "iqr", "mean", "sd", "cv_percent"]


def side_name(side: _core.Side | None) -> str | None:
    if side is None:
        return None
    return "left" if side == _core.Side.LEFT else "right"


def _status_names() -> np.ndarray:
    names = {int(value): name.lower() for name, value in _core.CycleStatus.__members__.items()}
    return np.array([names[k] for k in range(max(names) + 1)], dtype=object)


def cycle_frame(table: _core.CycleTable) -> pd.DataFrame:
    """One row per cycle: identity columns (times in s on the recording's clock) then the metrics."""
    fs = table.sampling_rate_hz if table.sampling_rate_hz > 0 else float("nan")
    fields = table.cycle_fields()
    side_code = fields["side"].astype(int)
    side = np.where(side_code == int(_core.Side.LEFT), "left", "right").astype(object)
    cycle = np.zeros(len(side_code), dtype=np.int64)  # numbered per side, in table order
    for code in np.unique(side_code):
        mask = side_code == code
        cycle[mask] = np.arange(int(mask.sum()))

    def seconds(samples: np.ndarray) -> np.ndarray:
        return np.where(samples >= 0, samples / fs, np.nan)

    status = _status_names()[fields["status"].astype(int)]
    frame = pd.DataFrame(
        {
            "source": table.source,
            "side": side,
            "cycle": cycle,
            "ic_s": seconds(fields["ic"]),
            "next_ic_s": seconds(fields["next_ic"]),
            "fc_s": seconds(fields["fc"]),
            "ho_s": seconds(fields["ho"]),
            "status": status,
            "valid": fields["valid"],
        },
        columns=CYCLE_ID_COLUMNS,
    )
    values = np.asarray(table.values, dtype=float).reshape(len(side_code), len(table.columns))
    metrics = pd.DataFrame(values, columns=list(table.columns), index=frame.index)
    return pd.concat([frame, metrics], axis=1)


def summary_frame(tables: Iterable[_core.CycleTable]) -> pd.DataFrame:
    """Per source, side and metric: median, quartiles, IQR, mean, SD, CV over valid cycles,
    with the left/right asymmetry index of the medians (percent, positive = left larger; NaN where a
    ratio means nothing, see ``summary_asymmetry_index_percent``)."""
    rows = []
    for table in tables:
        summaries = _core.summarize(table)
        by_side = {(s.metric, side_name(s.side)): s for s in summaries}
        for s in summaries:
            row = {"source": table.source, "side": side_name(s.side), "metric": s.metric}
            row.update({name: getattr(s, name) for name in SUMMARY_COLUMNS})
            left, right = by_side.get((s.metric, "left")), by_side.get((s.metric, "right"))
            row["asymmetry_index_percent"] = (
                _core.summary_asymmetry_index_percent(left, right) if left and right else float("nan")
            )
            rows.append(row)
    columns = ["source", "side", "metric", *SUMMARY_COLUMNS, "asymmetry_index_percent"]
    return pd.DataFrame(rows, columns=columns)


FLAG_COLUMNS = ["source", "code", "side", "severity", "message"]


def flags_frame(flags: Iterable[_core.QualityFlag], source: str | None = None) -> pd.DataFrame:
    rows = [
        {"source": source, "code": f.code, "side": side_name(f.side), "severity": f.severity.name.lower(),
         "message": f.message}
        for f in flags
    ]
    return pd.DataFrame(rows, columns=FLAG_COLUMNS)


EVENT_COLUMNS = ["source", "side", "event", "sample", "time_s"]


def events_frame(events: _core.GaitEvents, source: str) -> pd.DataFrame:
    """Long format: one row per event (source, side, event, sample, time_s)."""
    names = ("ic", "fc", "ho", "ms")
    samples = [np.asarray(getattr(events, name), dtype=np.int64) for name in names]
    sample = np.concatenate(samples)
    frame = pd.DataFrame(
        {
            "source": source,
            "side": side_name(events.side),
            "event": np.repeat(np.array([n.upper() for n in names], dtype=object), [len(s) for s in samples]),
            "sample": sample,
            "time_s": sample / events.sampling_rate_hz,
        },
        columns=EVENT_COLUMNS,
    )
    return frame.sort_values(["side", "sample"], kind="stable").reset_index(drop=True)


def events_table(events_by_source: Iterable[tuple[_core.GaitEvents, str]]) -> pd.DataFrame:
    """(events, source) pairs in one long table (empty, with the columns, when there are none)."""
    frames = [f for f in (events_frame(e, source) for e, source in events_by_source) if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=EVENT_COLUMNS)


@dataclass(frozen=True)
class PipelineTables:
    """What a sensor pipeline returns: the per-cycle table, the per-side summary, the events (long
    format), the quality flags, and the C++ result they were made from (``raw``)."""

    cycles: pd.DataFrame
    summary: pd.DataFrame
    events: pd.DataFrame
    flags: pd.DataFrame
    raw: _core.PipelineResult
