"""Long recordings in constant memory: a file read in blocks and streamed, stride by stride, to its
cycle table and summary (issue 17, item 2; docs/long_files.md)."""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike

import pandas as pd

from . import _core, _tables


@dataclass
class StreamedFile:
    """The strides of a file analysed in blocks (foot IMUs): what ``analyze(...).cycles`` and
    ``.summary`` give for a whole file, from the streams (their double-support columns are NaN: each
    foot is streamed alone)."""

    name: str
    samples: int
    missing_samples: int
    cycles: pd.DataFrame
    summary: pd.DataFrame
    flags: pd.DataFrame
    core: _core.StreamedImuFile

    def report(self) -> str:
        """A short text: samples, strides per side, and the median of the main metrics."""
        lines = [
            f"{self.name}: {self.samples} samples per foot ({self.missing_samples} missing), "
            f"{len(self.cycles)} strides streamed"
        ]
        if not self.summary.empty:
            main = self.summary[self.summary["metric"].isin(
                ["stride_time_s", "stride_length_m", "gait_speed_mps", "toe_off_angle_deg", "cadence_steps_per_min"]
            )]
            for row in main.itertuples():
                lines.append(f"  {row.side:5s} {row.metric:24s} median {row.median:9.3f}  (n = {row.n_cycles})")
        return "\n".join(lines)


def analyze_file_streaming(
    path: str | PathLike[str], *, block_rows: int = 4096, **spec
) -> StreamedFile:
    """Analyse a long IMU file without holding it: blocks of ``block_rows`` samples are pushed into one
    foot stream per foot, and only the strides are kept.

    ``path`` is a MovingReality-style CSV (``time_s``, ``left_foot_acc_x_mps2`` ...), or any CSV with the
    column map of :func:`secondheart.read_imu_csv` given as keyword arguments (``sensors=[...]``, ``time_column``
    or ``sampling_rate_hz``, units ...).
    """
    core = _core.analyze_imu_csv_streaming(str(path), block_rows=block_rows, **spec)
    cycles = _tables.cycle_frame(core.cycles)
    cycles.insert(len(cycles.columns), "warming_up", list(core.warming_up))
    return StreamedFile(
        name=core.header.name,
        samples=core.samples,
        missing_samples=core.missing_samples,
        cycles=cycles,
        summary=_tables.summary_frame([core.cycles]),
        flags=_tables.flags_frame(core.flags, "stream"),
        core=core,
    )
