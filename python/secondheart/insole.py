"""Pressure insoles: readers and the insole pipeline as pandas tables (numerics are in the C++ core)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from os import PathLike

import numpy as np
import pandas as pd

from . import _core, _tables

__all__ = ["InsoleResult", "analyze_insoles", "read_csv", "read_gaitpdb", "read_moticon"]


def read_gaitpdb(path: str | PathLike[str], *, foot_length_m: float = 0.26) -> _core.Session:
    """Read a PhysioNet gaitpdb file (8 cells per foot, 100 Hz, N) into a Session with two insoles."""
    return _core.read_gaitpdb(str(path), foot_length_m=foot_length_m)


def read_moticon(
    path: str | PathLike[str], *, cell_area_cm2: Sequence[float] | None = None, foot_length_m: float = 0.0
) -> _core.Session:
    """Read a Moticon OpenGo text export (16 cells in N/cm², total force in N) into a Session.

    ``cell_area_cm2``: 16 cell areas to turn pressure into force (default: approximate nominal areas,
    see ``_core.moticon_default_cell_areas_cm2``). ``foot_length_m`` = 0 takes it from the export's
    "Size" header.
    """
    areas = None if cell_area_cm2 is None else [float(a) for a in cell_area_cm2]
    return _core.read_moticon(str(path), cell_area_cm2=areas, foot_length_m=foot_length_m)


def _columns(spec: Mapping | Sequence[str] | None) -> dict | None:
    if spec is None:
        return None
    if isinstance(spec, Mapping):
        out = dict(spec)
        out["cells"] = list(out["cells"])
        if out.get("cell_position_m") is not None:
            out["cell_position_m"] = np.asarray(out["cell_position_m"], dtype=float).reshape(-1, 2)
        return out
    return {"cells": list(spec)}


def read_csv(
    path: str | PathLike[str],
    *,
    left: Mapping | Sequence[str] | None = None,
    right: Mapping | Sequence[str] | None = None,
    time_column: str | None = None,
    time_unit: str = "s",
    sampling_rate_hz: float | None = None,
    unit: str = "N",
    foot_length_m: float = 0.26,
    delimiter: str | None = None,
    comment: str = "#",
    skip_lines: int = 0,
) -> _core.Session:
    """Read insole data from a delimited text file with a declared column map and unit.

    Parameters
    ----------
    left, right
        Column names of the cells (a list), or a dict with ``cells``, optional ``total`` (device total
        force column), ``cell_position_m`` ((cells, 2), insole frame: x from the heel towards the toe,
        y to the left, m) and ``cell_area_cm2`` (required for pressure units).
    time_column, time_unit
        Time column and its unit ('s' or 'ms'); or give ``sampling_rate_hz``.
    unit
        Unit of the cell columns: 'N', 'kN', 'N/cm2' or 'kPa'. Values whose magnitude contradicts it
        raise ``InvalidArgumentError``.
    """
    scale = {"s": 1.0, "ms": 1e-3}.get(time_unit)
    if scale is None:
        raise _core.InvalidArgumentError(f"time_unit: expected 's' or 'ms', got {time_unit!r}")
    return _core.read_insole_csv(
        str(path),
        left=_columns(left),
        right=_columns(right),
        time_column=time_column or "",
        time_scale_to_s=scale,
        sampling_rate_hz=float(sampling_rate_hz or 0.0),
        unit=unit,
        foot_length_m=foot_length_m,
        delimiter=delimiter or "\0",
        comment=comment or "\0",
        skip_lines=skip_lines,
    )


@dataclass
class InsoleResult:
    """The insole pipeline's output as tables (``core`` keeps the C++ PipelineResult)."""

    core: _core.PipelineResult
    cycles: pd.DataFrame
    summary: pd.DataFrame
    flags: pd.DataFrame
    events: pd.DataFrame


def analyze_insoles(session: _core.Session, params: _core.InsolePipelineParams | None = None) -> InsoleResult:
    """Run the insole pipeline on a Session: per-cycle DataFrame, per-side summary, flags, events."""
    result = _core.analyze_insoles(session, params or _core.InsolePipelineParams())
    return InsoleResult(
        core=result,
        cycles=_tables.cycle_frame(result.cycles),
        summary=_tables.summary_frame([result.cycles]),
        flags=_tables.flags_frame(result.flags, "insole"),
        events=_tables.events_table((e, "insole") for e in result.events),
    )
