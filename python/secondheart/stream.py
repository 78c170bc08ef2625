"""Streaming analysis: pandas views of the C++ streams (``secondheart/stream/*.hpp``).

Push chunks of any size (one sample to minutes) and get back the strides that became final since
the last push, as a DataFrame with the batch cycles table's columns (times in s on the stream's
clock, the first sample pushed at 0 s) plus ``warming_up``. The stream keeps only a window of raw
samples: constant memory whatever the duration. Window, hop and latency: docs/stream.md.

    stream = FootImuStream(sampling_rate_hz=100, side="left")
    for acc, gyr in chunks:
        new = stream.push(acc, gyr)   # DataFrame of new strides (often empty)
    rest = stream.close()             # the strides still in the window
    flags = stream.new_flags          # the flags raised by the last push/close (DataFrame)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _core
from ._tables import cycle_frame, flags_frame
from .activity import bouts_frame, hours_frame


def _side(side: str | _core.Side) -> _core.Side:
    if isinstance(side, _core.Side):
        return side
    if side not in ("left", "right"):
        raise ValueError(f"side: expected 'left' or 'right', got {side!r}")
    return _core.Side.LEFT if side == "left" else _core.Side.RIGHT


def stream_params(**fields: float) -> _core.StreamParams:
    """StreamParams with the given fields (window_s, hop_s, guard_s, lead_s, max_gap_s, ...)."""
    params = _core.StreamParams()
    for name, value in fields.items():
        if not hasattr(params, name):
            raise ValueError(f"stream_params: unknown field {name!r}")
        setattr(params, name, value)
    return params


class _Stream:
    """Turns each StreamUpdate into a DataFrame; keeps the last update and a stride counter only."""

    def __init__(self, core: object) -> None:
        self._core = core
        self._strides_by_side: dict[str, int] = {}
        self.last_update: _core.StreamUpdate | None = None

    def _frame(self, update: _core.StreamUpdate) -> pd.DataFrame:
        self.last_update = update
        frame = cycle_frame(update.strides)
        # Number the strides over the whole stream, per side, as a batch table would.
        for side, rows in frame.groupby("side").groups.items():
            start = self._strides_by_side.get(str(side), 0)
            frame.loc[rows, "cycle"] = np.arange(start, start + len(rows))
            self._strides_by_side[str(side)] = start + len(rows)
        frame.insert(frame.columns.get_loc("valid") + 1, "warming_up", np.asarray(update.stride_warming_up, dtype=bool))
        return frame

    def close(self) -> pd.DataFrame:
        """Flushes the window: the strides not emitted yet. The stream takes no more samples."""
        return self._frame(self._core.close())

    @property
    def warming_up(self) -> bool:
        return bool(self._core.warming_up)

    @property
    def samples_seen(self) -> int:
        return int(self._core.samples_seen)

    @property
    def new_flags(self) -> pd.DataFrame:
        """The quality flags raised by the last push() or close()."""
        return flags_frame(self.last_update.flags if self.last_update is not None else [])


class FootImuStream(_Stream):
    """One foot IMU. ``push(acc_mps2 (n, 3), gyr_dps (n, 3), timestamps_s=None) -> DataFrame``."""

    def __init__(
        self,
        sampling_rate_hz: float,
        side: str | _core.Side,
        *,
        pipeline: _core.FootImuPipelineParams | None = None,
        params: _core.StreamParams | None = None,
        frame: _core.AxesFrame = _core.AxesFrame.SENSOR,
    ) -> None:
        super().__init__(
            _core.FootImuStream(
                sampling_rate_hz, _side(side), pipeline or _core.FootImuPipelineParams(), params or _core.StreamParams(), frame
            )
        )

    def push(self, acc_mps2: np.ndarray, gyr_dps: np.ndarray, timestamps_s: np.ndarray | None = None) -> pd.DataFrame:
        """Takes a chunk; returns the strides that became final (often none)."""
        return self._frame(self._core.push(np.asarray(acc_mps2, dtype=float), np.asarray(gyr_dps, dtype=float), timestamps_s))


class ShankImuStream(_Stream):
    """One shank IMU. ``push(acc_mps2 (n, 3), gyr_dps (n, 3), timestamps_s=None) -> DataFrame``."""

    def __init__(
        self,
        sampling_rate_hz: float,
        side: str | _core.Side,
        *,
        pipeline: _core.ShankPipelineParams | None = None,
        params: _core.StreamParams | None = None,
        frame: _core.AxesFrame = _core.AxesFrame.SENSOR,
    ) -> None:
        super().__init__(
            _core.ShankImuStream(
                sampling_rate_hz, _side(side), pipeline or _core.ShankPipelineParams(), params or _core.StreamParams(), frame
            )
        )

    def push(self, acc_mps2: np.ndarray, gyr_dps: np.ndarray, timestamps_s: np.ndarray | None = None) -> pd.DataFrame:
        """Takes a chunk; returns the strides that became final (often none)."""
        return self._frame(self._core.push(np.asarray(acc_mps2, dtype=float), np.asarray(gyr_dps, dtype=float), timestamps_s))


class InsoleStream(_Stream):
    """One insole. ``push(cell_force_n (n, cells), timestamps_s=None) -> DataFrame``."""

    def __init__(
        self,
        sampling_rate_hz: float,
        side: str | _core.Side,
        cell_position_m: np.ndarray,
        *,
        foot_length_m: float = 0.26,
        pipeline: _core.InsolePipelineParams | None = None,
        params: _core.StreamParams | None = None,
    ) -> None:
        super().__init__(
            _core.InsoleStream(
                sampling_rate_hz,
                _side(side),
                np.asarray(cell_position_m, dtype=float),
                foot_length_m,
                pipeline or _core.InsolePipelineParams(),
                params or _core.StreamParams(),
            )
        )

    def push(self, cell_force_n: np.ndarray, timestamps_s: np.ndarray | None = None) -> pd.DataFrame:
        """Takes a chunk; returns the strides that became final (often none)."""
        return self._frame(self._core.push(np.asarray(cell_force_n, dtype=float), timestamps_s))


class ActivityStream:
    """Walking bouts and clock hours, each once final, from the strides of the sensor streams of one
    session (C++ ``stream::ActivityStream``; docs/stream.md "Bouts and hours").

        feet = {s: FootImuStream(100, s) for s in ("left", "right")}
        activity = ActivityStream(100, ["left", "right"])
        for side, stream in feet.items():
            stream.push(acc[side], gyr[side])
            bouts, hours = activity.push(stream.last_update)   # DataFrames, often empty

    ``bouts`` and ``hours`` have the columns of the batch :class:`~secondheart.activity.DayActivity`
    tables. Streamed hours have no postures or exercises: ``sedentary_min`` and ``leg_elevated_min``
    are NaN, ``exercise_repetitions`` and ``calf_intensive_strides`` 0. ``activity`` is an
    ``ActivityParams`` (bout rule, clock_offset_s, habit); ``ic_latency_s`` the sensor streams'
    window_s + 1 s (0 when you push contacts in time order yourself).
    """

    def __init__(
        self,
        sampling_rate_hz: float,
        sides: list[str | _core.Side],
        *,
        activity: _core.ActivityParams | None = None,
        ic_latency_s: float = 31.0,
    ) -> None:
        params = _core.ActivityStreamParams(activity or _core.ActivityParams(), ic_latency_s)
        self._core = _core.ActivityStream(sampling_rate_hz, [_side(s) for s in sides], params)

    @staticmethod
    def _frames(update: _core.ActivityUpdate) -> tuple[pd.DataFrame, pd.DataFrame]:
        return bouts_frame(update.bouts), hours_frame(update.hours)

    def push(self, update: _core.StreamUpdate) -> tuple[pd.DataFrame, pd.DataFrame]:
        """A sensor stream's update (its ``last_update``); returns the bouts and hours that became final."""
        return self._frames(self._core.push(update))

    def push_stride(
        self, side: str | _core.Side, ic_sample: int, status: _core.CycleStatus = _core.CycleStatus.VALID,
        speed_mps: float = float("nan"),
    ) -> None:
        """One stride's initial contact (sample on the stream clock), status and speed; see advance()."""
        self._core.push_stride(_side(side), int(ic_sample), status, float(speed_mps))

    def advance(self, side: str | _core.Side, samples_seen: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The sensor on ``side`` has been seen up to ``samples_seen``: the bouts and hours now final."""
        return self._frames(self._core.advance(_side(side), int(samples_seen)))

    def close(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The open bout (when it has enough strides) and the open hours."""
        return self._frames(self._core.close())

    @property
    def buffered(self) -> int:
        """Contacts, strides and open hours held (bounded whatever the duration)."""
        return int(self._core.buffered)


__all__ = ["ActivityStream", "FootImuStream", "InsoleStream", "ShankImuStream", "stream_params"]
