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


__all__ = ["FootImuStream", "InsoleStream", "ShankImuStream", "stream_params"]
