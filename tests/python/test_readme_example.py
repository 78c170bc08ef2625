"""The README's example, run as written: its printed output must be the one the README shows.

The figures there (gait speed, toe-off angle, push-off score per side) come from the bundled MovingReality
excerpt; results are bit-repeatable (tests/data/repeatability), so the text is compared exactly, after
normalising trailing spaces.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_example_prints_what_the_readme_shows():
    code, expected = _blocks("python")[0], _blocks("text")[0]
    assert "sh.analyze(" in code, "the README's first Python block is expected to be the example"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(README), "exec"), {})  # noqa: S102 - the README's own example

    def lines(text: str) -> list[str]:
        return [line.rstrip() for line in text.strip().splitlines()]
    assert lines(out.getvalue()) == lines(expected)
