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

Before any reader runs, the start of the file is checked: a directory, a binary or UTF-16 file (NUL
bytes) and an empty file are FormatErrors that say so; a UTF-8 byte-order mark is skipped; text
that is not UTF-8 is read with its bytes escaped in messages (``\\xe9``). An unrecognised file's
message names what it found where that explains it (decimal commas, ``;`` or another delimiter).
"""

from __future__ import annotations

import re
from os import PathLike
from pathlib import Path

from . import _core

FORMATS = ("gaitpdb", "moticon", "movingreality", "gaitmap", "voisard")


HEAD_BYTES = 65536  # what recognition and the text checks read: a 2 GB file costs no more than a small one


def _start(path: Path) -> bytes:
    """The first ``HEAD_BYTES`` of ``path``, after checking it is a non-empty text file.

    Raises FileNotFoundError when it does not exist, FormatError for a directory, an empty file,
    a binary or UTF-16 file.
    """
    if path.is_dir():
        raise _core.FormatError(f"{path}: is a directory, expected a recording file")
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    with path.open("rb") as handle:
        start = handle.read(HEAD_BYTES)
    if not start:
        raise _core.FormatError(f"{path}: empty file, expected a recording")
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _core.FormatError(f"{path}:1: UTF-16 text, expected UTF-8 or ASCII text: save or export it as UTF-8")
    if b"\x00" in start:
        at = start.index(b"\x00")
        line = start.count(b"\n", 0, at) + 1
        raise _core.FormatError(
            f"{path}:{line}: a NUL byte at byte {at}: a binary file (or a damaged one), expected a text recording"
        )
    return start


def _head(path: Path, lines: int = 12) -> list[str]:
    """The first ``lines`` lines (of the first ``HEAD_BYTES``), a UTF-8 BOM removed, bytes that are not
    UTF-8 as U+FFFD."""
    text = _start(path).removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    return [line.rstrip("\r") for line in text.split("\n")[:lines]]


_DECIMAL_COMMA = re.compile(r"(?<![\d.,])-?\d+,\d+(?![\d.,])")


def _hint(head: list[str]) -> str:
    """What in an unrecognised file's first lines most likely explains it, or ''."""
    sample = [line for line in head[:12] if line.strip()]
    if not sample:
        return ""
    data = sample[-1]
    if ";" in data and _DECIMAL_COMMA.search(data):
        return f"; found ';'-separated fields with decimal commas ({data[:40]!r}): expected decimal points"
    if ("\t" in data or " " in data.strip()) and _DECIMAL_COMMA.search(data):
        return f"; found decimal commas ({data[:40]!r}): expected decimal points"
    if ";" in data and "," not in data and "\t" not in data:
        return f"; found ';'-separated fields ({data[:40]!r}): expected ',' (CSV) or tab-separated text"
    return ""


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
        f"{path}:1: unrecognised file (tried {', '.join(FORMATS)}){_hint(head)}; read it with secondheart.read_csv "
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

    Raises
    ------
    secondheart.FormatError
        A malformed file (file and line, what was expected and what was found), a directory, an empty,
        binary or UTF-16 file.
    secondheart.InvalidArgumentError
        A bad option, or data whose units contradict the format.
    FileNotFoundError
        When the file does not exist.
    """
    if format is None:
        fmt = detect_format(path)
    else:
        fmt = format
        if fmt != "voisard" or Path(path).suffix:  # a Voisard trial may be named by its stem "S-T"
            _start(Path(path))
    if fmt in ("movingreality", "gaitmap"):  # comma-separated by definition: say so for another delimiter
        first = _head(Path(path), 1)[0]
        if "," not in first:
            found = next((d for d in (";", "\t", "|", " ") if d in first.strip()), None)
            raise _core.FormatError(
                f"{path}:1: expected ','-separated columns ({fmt} CSV), found "
                + (f"{found!r}-separated ones" if found else "a single column")
            )
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
