"""Toe-off assessment: is push-off poor, on which side, how sure, has it changed.

The numerics are in C++ (``secondheart._core.assess_toe_off``, ``compare_sessions``); this module turns
DataFrames into feature sets and results into DataFrames. The method is described in
``docs/assessment.md``; the norms and their provenance in ``norms/README.md``.

The assessment reports gait mechanics against healthy reference values. It is not a diagnosis and
does not measure venous function.
"""

from __future__ import annotations

from collections.abc import Iterable
from os import PathLike

import numpy as np
import pandas as pd

from . import _core
from ._tables import side_name

SOURCES = ("foot_imu", "shank_imu", "insole", "force_plate")

#: Columns of :func:`assessment_frame` (one row per source and side).
ASSESSMENT_COLUMNS = [
    "source",
    "side",
    "assessed",
    "push_off_score",
    "percentile",
    "poor_toe_off",
    "weaker_side",
    "confidence",
    "confidence_reason",
    "n_cycles",
    "n_features",
    "score_asymmetry_z",
    "evidence",
    "flags",
    "summary",
]
FEATURE_COLUMNS = [
    "source", "side", "feature", "n_cycles", "value", "iqr", "norm_mean", "norm_sd", "speed_adjusted",
    "norm_speed_mps", "z", "percentile", "weight",
]  # fmt: skip
CHANGE_COLUMNS = [
    "source", "side", "feature", "n_before", "n_after", "before", "after", "change", "ci_low", "ci_high", "mdc",
    "exceeds_mdc", "verdict",
]  # fmt: skip


def load_norms(path: str | PathLike[str] | None = None) -> _core.Norms:
    """Norms from a JSON file (``schemas/norms.schema.json``), or the built-in ones when ``path`` is None.

    Raises
    ------
    secondheart.FormatError
        The file cannot be read, is not JSON, has another schema version or a missing or invalid field
        (the message names the file and the field).
    """
    return _core.default_norms() if path is None else _core.load_norms(str(path))


def _norms(norms: _core.Norms | str | PathLike[str] | None) -> _core.Norms:
    return norms if isinstance(norms, _core.Norms) else load_norms(norms)


def _side(value) -> _core.Side:
    if isinstance(value, _core.Side):
        return value
    text = str(value).strip().lower()
    if text in ("left", "l"):
        return _core.Side.LEFT
    if text in ("right", "r"):
        return _core.Side.RIGHT
    raise ValueError(f"side: expected 'left' or 'right', got {value!r}")


def _infer_source(columns: Iterable[str], norms: _core.Norms) -> str:
    columns = set(columns)
    counts = {s: sum(1 for f in norms.features if f.source == s and f.name in columns) for s in SOURCES}
    best = max(counts.values())
    winners = [s for s, n in counts.items() if n == best]
    if best == 0:
        known = sorted({f.name for f in norms.features})
        raise ValueError(f"assess_toe_off: no column is a feature the norms know; expected some of {known}, "
                         f"got {sorted(columns)}")
    if len(winners) > 1:
        raise ValueError(f"assess_toe_off: the columns fit several sources equally ({', '.join(winners)}); "
                         "pass source=...")
    return winners[0]


def _numeric(column: pd.Series, name: str) -> np.ndarray:
    """Floats of a feature column; text that is not a number is an error (NaN and empty cells stay NaN)."""
    values = pd.to_numeric(column, errors="coerce")
    bad = values.isna() & column.notna() & (column.astype(str).str.strip() != "")
    if bad.any():
        example = column[bad].iloc[0]
        raise ValueError(f"assess_toe_off: column {name!r} must hold numbers (NaN for missing), got {example!r} "
                         f"in {int(bad.sum())} row(s); a decimal comma? convert first")
    return values.to_numpy(dtype=float)


def feature_set(frame: pd.DataFrame, *, source: str | None = None,
                norms: _core.Norms | None = None) -> _core.FeatureSet:
    """A :class:`secondheart.FeatureSet` from a DataFrame with a ``side`` column and feature columns.

    One row per side gives summary values (e.g. force-plate features in body weights); several rows per
    side are per-cycle values. An optional ``gait_speed_mps`` column (m/s) gives the speed for the
    speed-adjusted norms (median per side). Other columns are carried along and ignored by the
    assessment if the norms do not know them.
    """
    if "side" not in frame.columns:
        raise ValueError(f"assess_toe_off: expected a 'side' column (left/right), got columns {list(frame.columns)}")
    norms = norms if norms is not None else _core.default_norms()
    if source is None:
        source = _infer_source(frame.columns, norms)
    if source not in SOURCES:
        raise ValueError(f"assess_toe_off: source must be one of {SOURCES}, got {source!r}")
    out = _core.FeatureSet()
    out.source = source
    sides = frame["side"].map(_side)
    names = [c for c in frame.columns if c not in ("side", "source")]
    speed = [float("nan"), float("nan")]
    for side in (_core.Side.LEFT, _core.Side.RIGHT):
        rows = frame[(sides == side).to_numpy()]
        if rows.empty:
            continue
        for name in names:
            values = _numeric(rows[name], name)
            if name == "gait_speed_mps":
                finite = values[np.isfinite(values)]
                speed[0 if side == _core.Side.LEFT else 1] = float(np.median(finite)) if finite.size else float("nan")
            out.add(name, side, values.tolist())
    out.gait_speed_mps = speed
    return out


def assessment_frame(assessments: Iterable[_core.ToeOffAssessment]) -> pd.DataFrame:
    """One row per source and side: score, poor_toe_off, weaker side, confidence and the evidence (texts)."""
    rows = []
    for a in assessments:
        weaker = side_name(a.weaker_side) if a.weaker_side is not None else "none"
        for s in a.sides:
            rows.append({
                "source": a.source,
                "side": side_name(s.side),
                "assessed": s.assessed,
                "push_off_score": s.push_off_score,
                "percentile": s.percentile,
                "poor_toe_off": s.poor_toe_off.name.lower(),
                "weaker_side": weaker,
                "confidence": a.confidence.name.lower(),
                "confidence_reason": a.confidence_reason,
                "n_cycles": s.n_cycles,
                "n_features": s.n_features,
                "score_asymmetry_z": a.score_asymmetry_z,
                "evidence": [e.text for e in s.evidence],
                # this side's findings and those of the whole assessment: "code: message"
                "flags": [f"{f.code}: {f.message}" for f in a.flags if f.side is None or f.side == s.side],
                "summary": a.summary,
            })
    return pd.DataFrame(rows, columns=ASSESSMENT_COLUMNS)


def feature_frame(assessments: Iterable[_core.ToeOffAssessment]) -> pd.DataFrame:
    """One row per source, side and feature: value (median), norm, z and percentile."""
    rows = [
        {"source": a.source, "side": side_name(f.side), "feature": f.name, "n_cycles": f.n_cycles, "value": f.value,
         "iqr": f.iqr, "norm_mean": f.norm_mean, "norm_sd": f.norm_sd, "speed_adjusted": f.speed_adjusted,
         "norm_speed_mps": f.norm_speed_mps,
         "z": f.z, "percentile": f.percentile, "weight": f.weight}
        for a in assessments for f in a.features
    ]
    return pd.DataFrame(rows, columns=FEATURE_COLUMNS)


def _check_sources(column: pd.Series) -> None:
    if column.isna().any():
        raise ValueError(f"assess_toe_off: the 'source' column has {int(column.isna().sum())} empty row(s); expected "
                         f"one of {SOURCES} in every row (or drop the column and pass source=...)")


def assess_toe_off(
    features: pd.DataFrame | _core.FeatureSet,
    *,
    source: str | None = None,
    norms: _core.Norms | str | PathLike[str] | None = None,
    raw: bool = False,
) -> pd.DataFrame | list[_core.ToeOffAssessment]:
    """Assess push-off per side from features of any system.

    Parameters
    ----------
    features
        A DataFrame with a ``side`` column (``left``/``right``) and feature columns named as the norms
        name them (``f2_bw``, ``propulsive_peak_bw``, ``toe_off_angle_deg``, ...; units in the names):
        one row per side (summary values) or one row per cycle. A ``source`` column splits the rows by
        sensor kind; otherwise ``source`` (foot_imu, shank_imu, insole, force_plate) or the best match
        of the columns to the norms decides. Or a :class:`secondheart.FeatureSet`.
    source
        Sensor kind of the features when the frame has no ``source`` column.
    norms
        :class:`secondheart.Norms`, a path to a norms JSON, or None for the built-in norms.
    raw
        Return the C++ results (:class:`secondheart.ToeOffAssessment`) instead of the table.

    Returns
    -------
    pandas.DataFrame
        One row per source and side (:data:`ASSESSMENT_COLUMNS`): ``push_off_score`` (N(0, 1) in healthy
        people, low = weak), ``percentile``, ``poor_toe_off`` (none/mild/marked), ``weaker_side``
        (left/right/none), ``confidence`` (low/moderate/high) with its reason, ``evidence`` (texts with
        value, norm and threshold), ``flags`` (``code: message`` of skipped or doubtful features, one
        side only, synthetic norms, ...) and ``summary`` (the answer in plain words). Several rows of one
        side are that side's cycles (their median is used).
    """
    norms = _norms(norms)
    if isinstance(features, _core.FeatureSet):
        results = [_core.assess_toe_off(features, norms)]
    elif isinstance(features, pd.DataFrame):
        if "source" in features.columns and source is None:
            _check_sources(features["source"])
            results = [_core.assess_toe_off(feature_set(group, source=str(s), norms=norms), norms)
                       for s, group in features.groupby("source", sort=False)]
        else:
            results = [_core.assess_toe_off(feature_set(features, source=source, norms=norms), norms)]
    else:
        raise TypeError(f"assess_toe_off: expected a pandas DataFrame or a FeatureSet, got {type(features).__name__}")
    return results if raw else assessment_frame(results)


def _feature_sets(item, norms: _core.Norms, source: str | None) -> dict[str, _core.FeatureSet]:
    from .analysis import Analysis  # noqa: PLC0415 (Analysis imports this module)

    if isinstance(item, Analysis):
        return {r.cycles.source: _core.features_from_cycles(r.cycles) for r in item.core.results}
    if isinstance(item, _core.FeatureSet):
        return {item.source: item}
    if isinstance(item, pd.DataFrame):
        if "source" in item.columns and source is None:
            _check_sources(item["source"])
            return {str(s): feature_set(g, source=str(s), norms=norms) for s, g in item.groupby("source", sort=False)}
        fs = feature_set(item, source=source, norms=norms)
        return {fs.source: fs}
    raise TypeError(f"compare: expected an Analysis, a DataFrame or a FeatureSet, got {type(item).__name__}")


def compare(before, after, *, source: str | None = None, norms: _core.Norms | str | PathLike[str] | None = None,
            raw: bool = False) -> pd.DataFrame | list[_core.SessionComparison]:
    """Compare two sessions of one person: did push-off change?

    Per source both sessions have, per side: the change of the push-off score and of each feature, a 95 %
    interval from the stride-to-stride spread, the minimal detectable change (MDC95 from the healthy
    between-session SD of the norms; NaN where unknown) and a verdict: ``stronger`` / ``weaker`` (beyond the
    MDC), ``no_detectable_change``, ``differs_mdc_unknown`` (no MDC; the interval excludes zero, which says
    only that the sessions differ beyond stride-to-stride noise) or ``undetermined`` (no MDC and no
    spread, e.g. summary values).

    Parameters
    ----------
    before, after
        :class:`secondheart.Analysis`, feature DataFrames (as for :func:`assess_toe_off`) or FeatureSets.
    """
    norms = _norms(norms)
    a, b = _feature_sets(before, norms, source), _feature_sets(after, norms, source)
    common = [s for s in a if s in b and any(f.source == s for f in norms.features)]
    if not common:
        raise ValueError(f"compare: the sessions share no sensor kind with norms (before: {sorted(a)}, after: {sorted(b)})")
    results = [_core.compare_sessions(a[s], b[s], norms) for s in common]
    if raw:
        return results
    rows = [
        {"source": r.source, "side": side_name(c.side), "feature": c.name, "n_before": c.n_before,
         "n_after": c.n_after, "before": c.before, "after": c.after, "change": c.change, "ci_low": c.ci_low,
         "ci_high": c.ci_high, "mdc": c.mdc, "exceeds_mdc": c.exceeds_mdc, "verdict": c.verdict}
        for r in results for c in r.changes
    ]
    frame = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    frame.attrs["summary"] = {r.source: r.summary for r in results}
    return frame
