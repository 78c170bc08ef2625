"""Corrupted copies of real recordings through ``secondheart analyze``: a result or one clear line, never
a traceback (issue 18).

The bases are short excerpts of real files read from ``$SECONDHEART_DATA`` (gaitpdb, gaitmap,
MovingReality, Voisard; the synthetic Moticon sample is in tests/data), corrupted in a temporary
folder by a fixed seed set (tests/python/_corrupt.py: truncate, flip bytes, Latin-1 bytes, delete or
repeat lines, junk lines, another delimiter, decimal comma, NaN/inf/huge values, BOM, UTF-16, empty,
binary; 1 to 3 of them). The CLI runs in-process: any exception other than its exit code is a failure
here (and pytest's filterwarnings = error makes a warning one too).
"""

from __future__ import annotations

import pytest

import _corrupt
import secondheart as sh
from secondheart import cli

BASES = _corrupt.bases(_corrupt.data_root())
SEEDS = range(40)  # per base: 40 seeds x 5 bases, a few seconds in all


@pytest.mark.parametrize("base", BASES, ids=[b.name for b in BASES])
def test_corrupted_copies_give_a_result_or_one_clear_line(base, tmp_path, capsys):
    outcomes = []
    for seed in SEEDS:
        path, operations = _corrupt.write_case(base, 1000 * seed + sum(map(ord, base.name)), tmp_path / str(seed))
        code = cli.main(["analyze", str(path)])  # anything raised here fails the test: a traceback
        out, err = capsys.readouterr()
        outcomes.append((seed, operations, code, err.strip()[-90:]))
        if code == 0:
            assert out.startswith("session: "), (seed, operations, out[:200])
            continue
        assert code == 2, (seed, operations, code, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1, (seed, operations, err)
        # One line that names the file (and the line, where the reader has one): the corrupted file or,
        # for a Voisard trial, the one of its files that is damaged.
        assert lines[0].startswith(f"secondheart: {path.parent}/"), (seed, operations, lines[0])
    print(f"\n{base.name}: {sum(o[2] == 0 for o in outcomes)} analysed, {sum(o[2] == 2 for o in outcomes)} errors")
    for outcome in outcomes:
        print("   ", outcome)


def test_error_text_with_bytes_that_are_not_utf8_is_printable(tmp_path):
    """The reported bug: a cell with bytes that are not UTF-8 gave UnicodeDecodeError instead of the
    FormatError quoting the cell. Now the bytes are shown as \\xNN."""
    row = "\t".join(["0.00"] + ["1.5"] * 18)
    bad = "\t".join(["0.01", "1\xff\xfe5"] + ["1.5"] * 17)
    path = tmp_path / "walk.txt"
    path.write_bytes((row + "\n").encode() + bad.encode("latin-1") + b"\n")
    with pytest.raises(sh.FormatError) as err:
        sh.analyze(path)
    assert str(err.value) == f"{path}:2: column '1': expected a number, got '1\\xff\\xfe5'"


def test_a_long_binary_field_is_cut_in_the_message(tmp_path):
    path = tmp_path / "walk.txt"
    first = ("\t".join(["0.00"] + ["1.5"] * 18) + "\n").encode()
    path.write_bytes(first + b"0.01\t" + b"\x9c\xff" * 500 + b"\t1.5" * 17 + b"\n")
    with pytest.raises(sh.FormatError) as err:
        sh.read(path, format="gaitpdb")
    assert str(err.value) == (
        f"{path}:2: column '1': expected a number, got '" + "\\x9c\\xff" * 30 + "'... (1000 bytes)"
    )


def test_a_moticon_name_with_latin1_bytes_is_printable(tmp_path):
    """Moticon's "# Name:" header becomes the session name: bytes that are not UTF-8 are escaped."""
    text = (_corrupt.TESTS / "data" / "moticon_sample.txt").read_bytes()
    path = tmp_path / "m.txt"
    path.write_bytes(text.replace(b"# Name: secondheart_sample", b"# Name: Jos\xe9 caf\xe9"))
    analysis = sh.analyze(path)
    assert analysis.core.session_name == "Jos\\xe9 caf\\xe9"
    assert analysis.report().startswith("session: Jos\\xe9 caf\\xe9")
    assert analysis.to_dict()["session"] == "Jos\\xe9 caf\\xe9"
