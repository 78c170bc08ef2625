"""Shank IMU and ankle range of motion: pandas views of the C++ shank/ankle pipeline.

The numerics live in C++ (``secondheart/pipeline/ankle.hpp``): this module only calls them and
turns the results into DataFrames that join the per-cycle table of the other sensors.

Ankle angle = foot pitch − shank pitch (deg), dorsiflexion positive, 0 at quiet standing. Per cycle:
``ankle_angle_ic_deg``, ``ankle_angle_fc_deg``, ``ankle_peak_dorsiflexion_deg`` (stance),
``ankle_peak_plantarflexion_deg`` (after push-off), ``ankle_push_off_excursion_deg`` and
``ankle_rom_deg``; shank-only push-off indicators ``shank_toe_off_rate_dps`` and
``shank_swing_peak_dps`` (speed dependent, see the C++ header for their limits).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import _core
from ._tables import PipelineTables, cycle_frame, events_table, flags_frame, side_name

SOURCE = "shank_imu"


@dataclass(frozen=True)
class ShankResult(PipelineTables):
    """Per-cycle table, per-side summary, events and quality flags of the shank pipeline."""


def shank_params(
    *,
    zero_offset_deg: float | None = None,
    standing_interval_s: tuple[float, float] | None = None,
    use_foot_imus: bool = True,
) -> _core.ShankPipelineParams:
    """Pipeline settings for the common choices; everything else keeps its C++ default.

    ``zero_offset_deg``: the raw foot − shank pitch that means neutral (skips the standing search).
    ``standing_interval_s``: (begin, end) in seconds on the shank's clock of a quiet standing period.
    """
    params = _core.ShankPipelineParams()
    ankle = params.ankle
    if zero_offset_deg is not None:
        ankle.zero_offset_deg = float(zero_offset_deg)
    if standing_interval_s is not None:
        begin, end = standing_interval_s
        ankle.standing_interval_s = (float(begin), float(end))
    params.ankle = ankle
    params.use_foot_imus = use_foot_imus
    return params


def ankle_summary(table: _core.CycleTable) -> pd.DataFrame:
    """Per metric: left/right median, IQR and valid-cycle count, and the asymmetry index of the
    medians (percent, positive = left larger)."""
    rows = []
    for comparison in _core.summarize_ankle(table):
        row = {"metric": comparison.metric}
        for side in ("left", "right"):
            s = getattr(comparison, side)
            row[f"{side}_median"] = s.median
            row[f"{side}_iqr"] = s.iqr
            row[f"{side}_n_cycles"] = s.n_cycles
        row["asymmetry_index_percent"] = comparison.asymmetry_index_percent
        rows.append(row)
    columns = ["metric"]
    for side in ("left", "right"):
        columns += [f"{side}_median", f"{side}_iqr", f"{side}_n_cycles"]
    return pd.DataFrame(rows, columns=[*columns, "asymmetry_index_percent"])


def analyze_shank(session: _core.Session, params: _core.ShankPipelineParams | None = None, **options) -> ShankResult:
    """Runs the shank pipeline on every shank IMU of ``session`` (with the same leg's foot IMU,
    when present, for the ankle angle). ``options`` are passed to :func:`shank_params`."""
    if params is None:
        params = shank_params(**options)
    elif options:
        raise ValueError(f"pass either params or options, not both (got options {sorted(options)})")
    result = _core.analyze_shank_imus(session, params)
    return ShankResult(
        cycles=cycle_frame(result.cycles),
        summary=ankle_summary(result.cycles),
        events=events_table((e, SOURCE) for e in result.events),
        flags=flags_frame(result.flags, SOURCE),
        raw=result,
    )


__all__ = ["SOURCE", "ShankResult", "analyze_shank", "ankle_summary", "shank_params", "side_name"]
