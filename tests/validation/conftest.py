"""Validation on real recordings. The data root is $SECONDHEART_DATA (default ../shared/data next to
the repository); tests skip with a clear message when a dataset is absent, as in a user's clone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def data_root() -> Path:
    return Path(os.environ.get("SECONDHEART_DATA", REPO_ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def dataset():
    """``dataset("physionet_gaitpdb/dev")`` -> Path, or skip when it is not there."""

    def get(name: str) -> Path:
        path = data_root() / name
        if not path.exists():
            pytest.skip(f"validation data {path} not found: set SECONDHEART_DATA to the shared data root")
        return path

    return get
