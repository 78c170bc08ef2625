"""``secondheart.batch(paths)``: a cohort of recordings analysed on Dask, one tidy table per level.

Each task reads and analyses one file with :func:`secondheart.analyze` in a worker process and sends
back its pandas tables, pickled to bytes (never C++ objects: they do not pickle). The tables of all
files are concatenated in input order with a ``recording`` column, returned as a :class:`BatchResult`
and written as Parquet.

A file that fails (missing, unrecognised, malformed, an analysis error) becomes a row of the ``errors``
table and the others finish. Work lost with a worker (killed, out of memory, a crash in native code) is
run again on another worker by the Dask scheduler; a file that kills more than ``allowed-failures``
workers (Dask's setting, default 3) becomes an error row (``KilledWorker``) instead of stopping the batch.

Dask and pyarrow are the ``batch`` extra (``pip install secondheart[batch]``; tqdm, for the progress
bar, is a core dependency); they are imported only when a batch runs, so ``import secondheart`` does
not need them.
"""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Iterable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field, fields
from os import PathLike
from pathlib import Path

import pandas as pd

from .analysis import Analysis, analyze

#: The tables of one analysis that a batch concatenates, in the order they are written.
LEVELS = (
    "cycles",
    "summary",
    "flags",
    "events",
    "assessment",
    "assessment_features",
    "activity_bouts",
    "activity_hours",
    "activity_exercises",
    "activity_repetitions",
    "activity_postures",
    "activity_day",
)
ERROR_COLUMNS = ["index", "recording", "error_type", "message"]
RECORDING_COLUMNS = ["index", "recording", "ok", "analysis_s"]


def recording_tables(analysis: Analysis, recording: str) -> dict[str, pd.DataFrame]:
    """The tables of one analysis, each with ``recording`` as its first column.

    The activity tables are absent when the activity stage was disabled.
    """
    tables = {
        "cycles": analysis.cycles,
        "summary": analysis.summary,
        "flags": analysis.flags,
        "events": analysis.events,
        "assessment": analysis.assessment,
        "assessment_features": analysis.assessment_features,
    }
    day = analysis.activity
    if day is not None:
        tables.update(
            activity_bouts=day.bouts,
            activity_hours=day.hours,
            activity_exercises=day.exercises,
            activity_repetitions=day.repetitions,
            activity_postures=day.postures,
            activity_day=day.day,
        )
    out = {}
    for level, table in tables.items():
        table = table.copy()
        table.insert(0, "recording", recording)
        out[level] = table
    return out


def concat_tables(parts: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Per-recording tables of one level as one table (input order, a fresh 0..n-1 index).

    Empty parts are left out, so a column's dtype does not depend on which recordings had no rows;
    with no rows at all, the first part (empty, with its columns) is returned.
    """
    parts = list(parts)
    if not parts:  # no recording had this level (all failed, or the stage was disabled)
        return pd.DataFrame({"recording": pd.Series(dtype=str)})
    return pd.concat([p for p in parts if not p.empty] or parts[:1], ignore_index=True)


@dataclass
class BatchResult:
    """The tables of a batch: one row per item (cycle, flag, event, ...) of every recording that was
    analysed, with a ``recording`` column (the path as given), in input order.

    Attributes
    ----------
    cycles, summary, flags, events, assessment, assessment_features
        :class:`secondheart.Analysis`'s tables of every recording.
    activity_bouts, activity_hours, activity_exercises, activity_repetitions, activity_postures, activity_day
        :class:`secondheart.activity.DayActivity`'s tables (``bouts``, ``hours``, ...).
    errors
        One row per recording that failed: ``index`` (position in the input), ``recording``,
        ``error_type`` (``FormatError``, ``FileNotFoundError``, ``InvalidArgumentError``,
        ``KilledWorker``, ...) and ``message``.
    recordings
        One row per input: ``index``, ``recording``, ``ok`` (bool) and ``analysis_s`` (s of read +
        analysis + tables in the worker; NaN for a failure).
    """

    cycles: pd.DataFrame
    summary: pd.DataFrame
    flags: pd.DataFrame
    events: pd.DataFrame
    assessment: pd.DataFrame
    assessment_features: pd.DataFrame
    activity_bouts: pd.DataFrame
    activity_hours: pd.DataFrame
    activity_exercises: pd.DataFrame
    activity_repetitions: pd.DataFrame
    activity_postures: pd.DataFrame
    activity_day: pd.DataFrame
    errors: pd.DataFrame
    recordings: pd.DataFrame = field(repr=False)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name: the levels, ``errors`` and ``recordings``."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def n_ok(self) -> int:
        return int(self.recordings["ok"].sum())

    @property
    def n_failed(self) -> int:
        return len(self.errors)

    def to_parquet(self, out: str | PathLike[str]) -> list[Path]:
        """Write every table as ``out/<name>.parquet`` (the folder is created); returns the paths."""
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, table in self.tables.items():
            path = folder / f"{name}.parquet"
            table.to_parquet(path, engine="pyarrow", index=False)
            written.append(path)
        return written

    @classmethod
    def read_parquet(cls, out: str | PathLike[str]) -> BatchResult:
        """The tables written by :meth:`to_parquet`, with the dtypes they had (text columns that were
        ``object`` stay ``object``; list columns such as ``assessment.evidence`` are lists again)."""
        folder = Path(out)
        return cls(**{f.name: _read_table(folder / f"{f.name}.parquet") for f in fields(cls)})

    def __repr__(self) -> str:
        return (f"<BatchResult {len(self.recordings)} recordings ({self.n_ok} analysed, {self.n_failed} failed): "
                f"{len(self.cycles)} cycles, {len(self.flags)} flags>")


def _read_table(path: Path) -> pd.DataFrame:
    import pyarrow.parquet as pq  # noqa: PLC0415 (pyarrow is the batch extra)

    arrow = pq.read_table(path)
    frame = arrow.to_pandas()
    meta = arrow.schema.pandas_metadata or {}
    for column in meta.get("columns", []):
        name = column["name"]
        if name not in frame.columns:
            continue
        if column["pandas_type"].startswith("list"):
            frame[name] = pd.Series([None if v is None else list(v) for v in frame[name]], index=frame.index,
                                    dtype=object)
        elif column["numpy_type"] == "object" and frame[name].dtype != object:
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    return frame


def _build_options(options: Mapping[str, object]) -> dict[str, object]:
    """Options as analyze() takes them; an option given as a function is called here, in the worker
    (C++ values such as Config or SubjectInfo do not pickle, so they are built where they are used)."""
    return {name: value() if callable(value) else value for name, value in options.items()}


def analyze_one(path: str, format: str | None, options: Mapping[str, object]) -> dict:  # noqa: A002
    """The task of one recording: read, analyse, convert to tables (run in a worker).

    Returns ``{"tables": {...}, "analysis_s": s}``, or ``{"error": (type name, message)}`` for a file
    that fails: a failure of the file is data, not an exception that Dask would retry.
    """
    start = time.perf_counter()
    try:
        analysis = analyze(path, format=format, **_build_options(options))
        tables = recording_tables(analysis, path)
    except Exception as error:  # noqa: BLE001 (every failure of one file becomes its error row)
        return {"error": (type(error).__name__, str(error))}
    return {"tables": tables, "analysis_s": time.perf_counter() - start}


def _require_extra() -> None:
    import importlib.util  # noqa: PLC0415

    missing = [name for name in ("distributed", "pyarrow") if importlib.util.find_spec(name) is None]
    if missing:
        raise ImportError(f"secondheart.batch needs {' and '.join(missing)}: pip install 'secondheart[batch]'")


def _task(path: str, format: str | None, options: Mapping[str, object]) -> dict:  # noqa: A002
    """:func:`analyze_one` with the tables pickled to bytes in the worker.

    Dask measures every result it holds (``dask.sizeof``); for DataFrames with pandas' Arrow-backed
    text columns that walks every column and cost about as much CPU as the analysis itself (a profile
    of a 1-worker batch: 77 ms per 66 s recording). The size of bytes is known at once.
    """
    outcome = analyze_one(path, format, options)
    if "tables" in outcome:
        outcome["tables"] = pickle.dumps(outcome["tables"], protocol=pickle.HIGHEST_PROTOCOL)
    return outcome


def _check_picklable(options: Mapping[str, object]) -> None:
    import cloudpickle  # noqa: PLC0415 (a dependency of dask, as is the batch)

    for name, value in options.items():
        try:
            cloudpickle.dumps(value)
        except Exception as error:  # noqa: BLE001 (pybind11 objects raise TypeError or RuntimeError)
            raise TypeError(
                f"batch: option {name}={type(value).__name__} cannot be sent to the worker processes ({error}); "
                f"pass a function that builds it instead, e.g. {name}=make_{name} (it is called in each worker)"
            ) from None


def batch(
    paths: Iterable[str | PathLike[str]],
    *,
    out: str | PathLike[str] | None = None,
    client=None,
    scheduler: str | None = None,
    workers: int | None = None,
    progress: bool = True,
    format: str | None = None,  # noqa: A002
    **analyze_options,
) -> BatchResult:
    """Analyse many recordings on Dask; one table per level over all of them.

    Parameters
    ----------
    paths
        The recordings (any format :func:`secondheart.read` recognises). The ``recording`` column of
        every table holds each path as given (``os.fspath``).
    out
        A folder to write every table to as ``<name>.parquet`` (see :meth:`BatchResult.to_parquet`).
    client
        A ``dask.distributed.Client`` to use as it is (it stays open).
    scheduler
        Address of a running Dask scheduler (``tcp://host:8786``) to connect to; the workers there need
        secondheart installed.
    workers
        Number of worker processes of the local cluster started when neither ``client`` nor
        ``scheduler`` is given (default: one per core); each runs one analysis at a time.
    progress
        Show a progress bar (tqdm, on stderr, only when it is a terminal) with done and failed counts.
    format, **analyze_options
        Passed to :func:`secondheart.analyze` for every file (``config``, ``subject``, reader options
        such as ``sampling_rate_hz``). Values that do not pickle (``secondheart.Config``,
        ``SubjectInfo``) are passed as a function without arguments that returns them; it is called in
        the worker.

    Returns
    -------
    BatchResult
        The tables (pandas), ``errors`` (one row per failed file) and ``recordings``.

    Raises
    ------
    ValueError
        For contradicting arguments (``client`` with ``scheduler`` or ``workers``, ``workers`` < 1).
    TypeError
        For an option that cannot be sent to the workers.
    """
    _require_extra()
    recordings = [os.fspath(p) for p in paths]
    if client is not None and (scheduler is not None or workers is not None):
        raise ValueError("batch: pass either client or scheduler/workers, got both")
    if scheduler is not None and workers is not None:
        raise ValueError("batch: workers sets the size of the local cluster; with a scheduler, start workers there")
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise ValueError(f"batch: expected workers >= 1, got {workers!r}")
    _check_picklable(analyze_options)
    with ExitStack() as stack:
        if recordings and client is None:
            client = stack.enter_context(_client(scheduler, workers))
        outcomes = _run(client, recordings, format, analyze_options, progress) if recordings else []
    result = _assemble(recordings, outcomes)
    if out is not None:
        result.to_parquet(out)
    return result


def _client(scheduler: str | None, workers: int | None):
    from dask.distributed import Client, LocalCluster  # noqa: PLC0415 (dask is the batch extra)

    if scheduler is not None:
        return Client(scheduler)
    # Processes, one thread each: the C++ releases the GIL, but building the tables is Python, and
    # processes keep a crash in one file from taking the others with it.
    # dashboard_address=":0": a free port (the scheduler's HTTP server runs anyway; 8787 may be taken).
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
    return _OwnedClient(Client(cluster), cluster)


class _OwnedClient:
    """A client and the local cluster started for it, closed together."""

    def __init__(self, client, cluster):
        self.client, self.cluster = client, cluster

    def __enter__(self):
        return self.client

    def __exit__(self, *exc):
        self.client.close()
        self.cluster.close()


def _run(client, recordings: list[str], format: str | None, options: dict, progress: bool) -> list[dict]:  # noqa: A002
    from dask.distributed import as_completed  # noqa: PLC0415
    from tqdm.auto import tqdm  # noqa: PLC0415

    # pure=False: each input is its own task, also when a path is listed twice.
    futures = client.map(_task, recordings, format=format, options=options, pure=False)
    position = {future.key: k for k, future in enumerate(futures)}
    outcomes: list[dict | None] = [None] * len(futures)
    failed = 0
    # disable=None: tqdm shows the bar only on a terminal.
    with tqdm(total=len(futures), unit="file", desc="secondheart batch", disable=None if progress else True) as bar:
        # with_results: results are fetched on Dask's event loop as tasks finish, not one round trip each.
        for future, value in as_completed(futures, with_results=True, raise_errors=False):
            k = position[future.key]
            if future.status == "finished":
                outcome = value
                if "tables" in outcome:
                    outcome["tables"] = pickle.loads(outcome["tables"])  # noqa: S301 (from our own task)
            else:  # the task itself failed: e.g. KilledWorker after the file took down several workers
                error = value[1] if isinstance(value, tuple) else value  # (type, exception, traceback)
                outcome = {"error": (type(error).__name__, str(error))}
            outcomes[k] = outcome
            future.release()
            failed += "error" in outcome
            bar.update(1)
            bar.set_postfix(done=bar.n - failed, failed=failed, refresh=False)
    if any(o is None for o in outcomes):  # as_completed yields every future once; this cannot happen
        raise RuntimeError("batch: a task finished without a result")
    return outcomes  # type: ignore[return-value]


def _assemble(recordings: list[str], outcomes: list[dict]) -> BatchResult:
    failed = [(k, rec, o["error"]) for k, (rec, o) in enumerate(zip(recordings, outcomes)) if "error" in o]
    # Text as pandas' default text dtype, as in the level tables' `recording` column.
    errors = pd.DataFrame(
        {
            "index": pd.Series([k for k, _, _ in failed], dtype="int64"),
            "recording": pd.Series([rec for _, rec, _ in failed], dtype=str),
            "error_type": pd.Series([e[0] for _, _, e in failed], dtype=str),
            "message": pd.Series([e[1] for _, _, e in failed], dtype=str),
        },
        columns=ERROR_COLUMNS,
    )
    status = pd.DataFrame(
        {
            "index": pd.Series(range(len(recordings)), dtype="int64"),
            "recording": pd.Series(recordings, dtype=str),
            "ok": pd.Series(["error" not in o for o in outcomes], dtype=bool),
            "analysis_s": pd.Series([o.get("analysis_s", float("nan")) for o in outcomes], dtype="float64"),
        },
        columns=RECORDING_COLUMNS,
    )
    tables = {
        level: concat_tables(o["tables"][level] for o in outcomes if "tables" in o and level in o["tables"])
        for level in LEVELS
    }
    return BatchResult(**tables, errors=errors, recordings=status)


__all__ = ["LEVELS", "BatchResult", "analyze_one", "batch", "concat_tables", "recording_tables"]

