"""Corrupted copies of real recordings, for the "never a traceback" check (issue 18).

Each base recording is a short excerpt of a real file read from ``$SECONDHEART_DATA`` at run time
(or the synthetic Moticon sample in tests/data); nothing derived from the data sets is written into
the repository. A corruption is a seeded sequence of 1-3 operations (truncate, flip bytes, delete or
repeat lines, junk lines, another delimiter, decimal comma, NaN/inf/huge values, BOM, UTF-16, Latin-1
bytes, empty, binary), so a seed always gives the same bytes.

Used by tests/python/test_corrupted_files.py (a fixed, small seed set) and runnable on its own for
the larger check of the issue::

    SECONDHEART_DATA=../shared/data .venv/bin/python tests/python/_corrupt.py --copies 200 --seed 1

which writes each corrupted copy to a temporary folder, runs ``secondheart analyze`` on it in a fresh
process and counts analysed files, one-line errors and anything else (tracebacks, crashes, hangs).
"""

from __future__ import annotations

import os
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def data_root() -> Path | None:
    root = os.environ.get("SECONDHEART_DATA")
    if root and Path(root).is_dir():
        return Path(root)
    default = TESTS.parents[1] / "shared" / "data"
    return default if default.is_dir() else None


@dataclass(frozen=True)
class Base:
    """A recording to corrupt: its format, the excerpt's bytes and the companion files it needs."""

    name: str
    format: str
    filename: str
    data: bytes
    companions: tuple[tuple[str, bytes], ...] = ()


def _head_lines(path: Path, lines: int) -> bytes:
    with path.open("rb") as handle:
        return b"".join(handle.readline() for _ in range(lines))


def bases(root: Path | None) -> list[Base]:
    """The base recordings: real excerpts when the data folder is there, else only the synthetic one."""
    out = [Base("moticon", "moticon", "moticon_sample.txt", (TESTS / "data" / "moticon_sample.txt").read_bytes())]
    if root is None:
        return out
    gaitpdb = root / "physionet_gaitpdb" / "dev" / "GaCo01_01.txt"
    if gaitpdb.is_file():  # ODC-By; 20 s of walking
        out.append(Base("gaitpdb", "gaitpdb", "GaCo01_01.txt", _head_lines(gaitpdb, 2000)))
    gaitmap = root / "gaitmap_example" / "imu_sample.csv"
    if gaitmap.is_file():  # MIT; ~10 s at 204.8 Hz
        out.append(Base("gaitmap", "gaitmap", "imu_sample.csv", _head_lines(gaitmap, 2002)))
    moving = root / "movingreality_stroke_imu" / "pp02_1Reg.csv"
    if moving.is_file():  # MIT; 20 s at 100 Hz
        out.append(Base("movingreality", "movingreality", "pp02_1Reg.csv", _head_lines(moving, 2001)))
    voisard = root / "voisard_healthy_imu" / "GaitData"
    if (voisard / "1-1_lf.txt").is_file():  # AGPL: read here, corrupted in a temporary folder, never copied
        companions = tuple(
            (f"1-1{suffix}", (voisard / f"1-1{suffix}").read_bytes())
            for suffix in ("_rf.txt", ".json", "_lb.txt")
            if (voisard / f"1-1{suffix}").is_file()
        )
        out.append(Base("voisard", "voisard", "1-1_lf.txt", (voisard / "1-1_lf.txt").read_bytes(), companions))
    return out


# --- operations: bytes -> bytes, each drawing from rng ---------------------------------------------

_NUMBER = re.compile(rb"-?\d+\.\d+(?:[eE][-+]?\d+)?")
_SPECIAL = [b"NaN", b"nan", b"inf", b"-inf", b"1e308", b"1e400", b"-1e300", b"", b"NA", b"-0", b"1e-320", b"0x1p3"]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def latin1_bytes(data: bytes, rng: random.Random) -> bytes:
    """Non-UTF-8 text as a Windows export would write it (e.g. '²' or 'é' in Latin-1)."""
    lines = _lines(data)
    if not lines:
        return data
    i = rng.randrange(min(len(lines), 12))  # mostly the header, where names and units are
    junk = rng.choice([b"\xb2", b"\xe9", b"\xff\xfe", b"\x80", b"\xc3", b"caf\xe9"])
    pos = rng.randrange(len(lines[i]) + 1)
    lines[i] = lines[i][:pos] + junk + lines[i][pos:]
    return b"".join(lines)


def delete_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 20)):
        if not lines:
            break
        start = rng.randrange(len(lines))
        del lines[start : start + rng.randint(1, 5)]
    return b"".join(lines)


def repeat_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 20)):
        if not lines:
            break
        i = rng.randrange(len(lines))
        lines[i:i] = [lines[i]] * rng.randint(1, 3)
    return b"".join(lines)


def junk_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 5)):
        junk = rng.choice(
            [
                b"garbage line\n",
                b"# a comment\n",
                b"\n",
                b",,,,\n",
                bytes(rng.randrange(256) for _ in range(rng.randint(1, 60))) + b"\n",
                b"\x00\x00\x00\n",
            ]
        )
        lines.insert(rng.randrange(len(lines) + 1), junk)
    return b"".join(lines)


def other_delimiter(data: bytes, rng: random.Random) -> bytes:
    old = b"\t" if data.count(b"\t") > data.count(b",") else b","
    new = rng.choice([d for d in (b";", b",", b"\t", b" ", b"|") if d != old])
    return data.replace(old, new)


def decimal_comma(data: bytes, rng: random.Random) -> bytes:
    if data.count(b",") > data.count(b"\t"):
        data = data.replace(b",", b";")
    return _NUMBER.sub(lambda m: m.group(0).replace(b".", b","), data)


def special_values(data: bytes, rng: random.Random) -> bytes:
    matches = list(_NUMBER.finditer(data))
    if not matches:
        return data
    chosen = sorted(rng.sample(matches, min(len(matches), rng.randint(1, 40))), key=lambda m: m.start())
    out, last = [], 0
    for m in chosen:
        out += [data[last : m.start()], rng.choice(_SPECIAL)]
        last = m.end()
    out.append(data[last:])
    return b"".join(out)


def bom(data: bytes, rng: random.Random) -> bytes:
    return b"\xef\xbb\xbf" + data


def utf16(data: bytes, rng: random.Random) -> bytes:
    """The whole file re-encoded as UTF-16 with a BOM (a 'Unicode text' export)."""
    return data.decode("utf-8", errors="replace").encode("utf-16")


def empty(data: bytes, rng: random.Random) -> bytes:
    return b""


def binary(data: bytes, rng: random.Random) -> bytes:
    return bytes(rng.randrange(256) for _ in range(rng.randint(1, 4096)))


OPERATIONS = {
    "truncate": truncate,
    "flip_bytes": flip_bytes,
    "latin1_bytes": latin1_bytes,
    "delete_lines": delete_lines,
    "repeat_lines": repeat_lines,
    "junk_lines": junk_lines,
    "other_delimiter": other_delimiter,
    "decimal_comma": decimal_comma,
    "special_values": special_values,
    "bom": bom,
    "utf16": utf16,
    "empty": empty,
    "binary": binary,
}


def corrupt(data: bytes, seed: int) -> tuple[bytes, list[str]]:
    """1-3 operations drawn by ``seed``; returns the bytes and the operations' names."""
    rng = random.Random(seed)
    names = rng.sample(sorted(OPERATIONS), rng.choices([1, 2, 3], weights=[6, 3, 1])[0])
    for name in names:
        data = OPERATIONS[name](data, rng)
    return data, names


def write_case(base: Base, seed: int, folder: Path) -> tuple[Path, list[str]]:
    """Writes the corrupted copy (and its untouched companions) into ``folder``; returns the file."""
    folder.mkdir(parents=True, exist_ok=True)
    files = [(base.filename, base.data), *base.companions]
    # A trial of several files (Voisard): a third of the seeds damage one of the others instead.
    pick = random.Random(seed + 1)
    target = 0 if len(files) == 1 or pick.random() < 2 / 3 else pick.randrange(1, len(files))
    names: list[str] = []
    for k, (name, content) in enumerate(files):
        if k == target:
            content, names = corrupt(content, seed)
            names = names if k == 0 else [f"{name}: {n}" for n in names]
        (folder / name).write_bytes(content)
    return folder / base.filename, names


def _main() -> int:
    import argparse
    import subprocess
    import sys
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    all_bases = bases(data_root())
    counts = {"analysed": 0, "error": 0, "other": 0}
    work = Path(tempfile.mkdtemp(prefix="secondheart-corrupt-"))
    try:
        for k in range(args.copies):
            base = all_bases[k % len(all_bases)]
            seed = args.seed * 100_003 + k
            path, names = write_case(base, seed, work / f"{k:04d}")
            try:
                run = subprocess.run(
                    [sys.executable, "-m", "secondheart.cli", "analyze", str(path)],
                    capture_output=True, text=True, errors="replace", timeout=args.timeout, check=False,
                )
            except subprocess.TimeoutExpired:
                counts["other"] += 1
                print(f"{k} {base.name} seed {seed} {names}: HANG")
                continue
            err = run.stderr.strip().splitlines()
            if run.returncode == 0:
                counts["analysed"] += 1
            elif run.returncode == 2 and len(err) == 1 and err[0].startswith("secondheart: "):
                counts["error"] += 1
            else:
                counts["other"] += 1
                print(f"{k} {base.name} seed {seed} {names}: exit {run.returncode}\n    " + "\n    ".join(err[-5:]))
            shutil.rmtree(work / f"{k:04d}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{args.copies} copies: {counts['analysed']} analysed, {counts['error']} one-line errors, "
          f"{counts['other']} other (tracebacks, crashes, hangs)")
    return 1 if counts["other"] else 0


if __name__ == "__main__":
    raise SystemExit(_main())
