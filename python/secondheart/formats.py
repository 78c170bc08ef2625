"""``secondheart.read(path)``: recognise a supported file by its content and read it into a Session.

Recognised (by content, not only by name):

========================  ==========================================================
format                    how it is recognised
========================  ==========================================================
``gaitpdb``               PhysioNet gaitpdb text: 19 numeric tab-separated columns
``moticon``               Moticon OpenGo text export: ``# time`` header with pressure columns
``movingreality``         CSV with ``left_foot_acc_x_mps2``-style columns
``gaitmap``               gaitmap CSV: 2 header rows ``sensor`` / ``axis``
``voisard``               Voisard et al. ``S-T_lf.txt``: first line ``Acquisition frequency``
========================  ==========================================================

Anything else: use the column-mapped readers ``read_csv`` (insoles) or ``read_imu_csv`` (IMUs).
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from . import _core

FORMATS = ("gaitpdb", "moticon", "movingreality", "gaitmap", "voisard")


def _head(path: Path, lines: int = 12) -> list[str]:
    out = []
    with path.open("r", encoding="utf-8", errors="replace") as handle:
        for _ in range(lines):
            line = handle.readline()
            if not line:
                break
            out.append(line.rstrip("\r\n"))
    return out


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def detect_format(path: str | PathLike[str]) -> str:
    """Name of the format of ``path`` (one of ``FORMATS``).

    Raises
    ------
    secondheart.FormatError
        When the content matches none of them (the message lists what was tried).
    FileNotFoundError
        When the file does not exist.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    head = _head(path)
    first = head[0] if head else ""
    if first.startswith("Acquisition frequency"):
        return "voisard"
    if any(line.startswith("# time") and "pressure" in line for line in head):
        return "moticon"
    if "left_foot_acc_x_mps2" in first or "right_foot_acc_x_mps2" in first or "_shank_acc_x_mps2" in first:
        return "movingreality"
    if len(head) >= 2 and "sensor" in first.split(",")[:2] + [first.split(",")[0]] and head[1].split(",")[0] in (
        "axis",
        "",
    ):
        return "gaitmap"
    fields = first.split("\t")
    if len(fields) == 19 and all(_is_number(f) for f in fields):
        return "gaitpdb"
    raise _core.FormatError(
        f"{path}:1: unrecognised file (tried {', '.join(FORMATS)}); read it with secondheart.read_csv "
        "(insoles) or secondheart.read_imu_csv (IMUs) and a column map"
    )


def read(path: str | PathLike[str], format: str | None = None, **options) -> _core.Session:  # noqa: A002
    """Read a recording into a :class:`secondheart.Session`, recognising its format by content.

    Parameters
    ----------
    path
        The file. Voisard trials are read from their ``S-T_lf.txt`` (the other files are found beside it).
    format
        One of ``FORMATS`` to skip recognition.
    **options
        Passed to the format's reader (e.g. ``subject=SubjectInfo(...)`` for movingreality,
        ``foot_length_m=`` for gaitpdb).
    """
    fmt = format or detect_format(path)
    path = str(path)
    if fmt == "gaitpdb":
        return _core.read_gaitpdb(path, **options)
    if fmt == "moticon":
        return _core.read_moticon(path, **options)
    if fmt == "movingreality":
        return _core.read_movingreality(path, **options)
    if fmt == "gaitmap":
        return _core.read_gaitmap_csv(path, **options)
    if fmt == "voisard":
        return _core.read_voisard(path, **options).session
    raise _core.InvalidArgumentError(f"read: expected format in {FORMATS}, got {fmt!r}")
