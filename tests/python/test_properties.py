"""Property tests (Hypothesis) on the public Python API with arrays of any shape, dtype, NaN/inf
pattern and length, and any sampling rate (issue 18, item 2).

The contract checked (docs/bad_input.md):
- an array that cannot be an (n, 3) / (n, k) float array raises TypeError when assigned (pybind11's
  conversion); complex arrays lose their imaginary part with NumPy's ComplexWarning;
- ``secondheart.analyze`` and the stage functions then return a result, or raise
  ``secondheart.InvalidArgumentError`` (a ValueError) saying what was expected and what was got;
- a result never holds an infinite metric, and a result without a valid cycle says why in a
  warning flag.

Examples are derandomised and no example database is written, so a run is the same everywhere
(CI included); sizes keep the whole file well under a minute.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, event, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402

import secondheart as sh  # noqa: E402
from secondheart import _core, synth  # noqa: E402

def profile(max_examples: int, *checks: HealthCheck) -> settings:
    """Derandomised, no example database, no deadline (a shared CI machine is slow at times)."""
    return settings(
        max_examples=max_examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, *checks],
    )

RATES = st.one_of(
    st.sampled_from([0.0, -100.0, math.nan, math.inf, -math.inf, 1e-9, 1e12, 1e300, 5e-324]),
    st.floats(min_value=1.0, max_value=2000.0),
    st.floats(allow_nan=True, allow_infinity=True),
)

DTYPES = st.sampled_from(
    [np.float64, np.float32, np.float16, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint64, np.bool_]
)


def _values(draw, n: int, columns: int, scale: float) -> np.ndarray:
    """A plausible-to-absurd signal: a sine with noise at some scale, with NaN/inf runs and spikes."""
    t = np.arange(n)
    base = draw(st.sampled_from(["walk_like", "constant", "noise", "zeros", "huge", "tiny"]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    if base == "walk_like":
        x = scale * np.sin(2 * np.pi * t[:, None] / 100.0 + np.arange(columns)) + rng.normal(0, 0.1 * scale, (n, columns))
    elif base == "constant":
        x = np.full((n, columns), draw(st.floats(-1e6, 1e6)))
    elif base == "noise":
        x = rng.normal(0, scale, (n, columns))
    elif base == "zeros":
        x = np.zeros((n, columns))
    elif base == "huge":
        x = rng.normal(0, 1e200, (n, columns))
    else:
        x = rng.normal(0, 1e-200, (n, columns))
    if n:
        for _ in range(draw(st.integers(0, 3))):  # NaN / inf runs and single spikes
            start = draw(st.integers(0, n - 1))
            length = draw(st.integers(1, max(1, n // 4)))
            x[start : start + length, draw(st.integers(0, columns - 1))] = draw(
                st.sampled_from([math.nan, math.inf, -math.inf, 1e308])
            )
    return x


@st.composite
def imu_arrays(draw, max_n: int = 3000):
    n = draw(st.one_of(st.integers(0, 20), st.integers(0, max_n)))
    acc = _values(draw, n, 3, 9.81)
    gyr = _values(draw, n, 3, 300.0)
    if draw(st.booleans()):
        acc[:, 2] += 9.81  # gravity on z
    return acc, gyr


def _recording(side, acc, gyr, fs, placement=sh.Placement.FOOT) -> _core.ImuRecording:
    rec = _core.ImuRecording()
    rec.side = side
    rec.placement = placement
    rec.sampling_rate_hz = fs
    rec.acc_mps2 = acc
    rec.gyr_dps = gyr
    return rec


def _check_analysis(analysis: sh.Analysis) -> None:
    """A result: finite or NaN metrics (never inf), and a warning flag when no cycle is valid."""
    cycles = analysis.cycles
    numeric = cycles.select_dtypes(include=[np.number])
    assert not np.isinf(numeric.to_numpy(dtype=float)).any(), "an infinite metric"
    if cycles.empty or not cycles["valid"].any():
        assert (analysis.flags["severity"] == "warning").any(), "no valid cycle and no warning flag"


def _analyze_or_invalid(session: _core.Session) -> sh.Analysis | None:
    try:
        analysis = sh.analyze(session)
    except sh.InvalidArgumentError as error:
        event("InvalidArgumentError")
        text = str(error)
        assert "expected" in text and "got" in text, text  # says what was expected and what was got
        return None
    event("analysed, a valid cycle" if analysis.cycles.get("valid", []).any() else "analysed, no valid cycle")
    _check_analysis(analysis)
    return analysis


@profile(60)
@given(arrays=imu_arrays(), fs=RATES, both=st.booleans(), placement=st.sampled_from([sh.Placement.FOOT, sh.Placement.SHANK]))
def test_analyze_imu_arrays_give_a_result_or_invalid_argument(arrays, fs, both, placement):
    acc, gyr = arrays
    session = _core.Session()
    imus = [_recording(sh.Side.LEFT, acc, gyr, fs, placement)]
    if both:
        imus.append(_recording(sh.Side.RIGHT, acc[::-1].copy(), -gyr, fs, placement))
    session.imus = imus
    _analyze_or_invalid(session)


@profile(40)
@given(
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=6),
    dtype=DTYPES,
)
def test_imu_arrays_of_any_shape_and_dtype_convert_or_raise_type_error(shape, dtype):
    array = np.ones(shape, dtype=dtype)
    rec = _core.ImuRecording()
    try:
        rec.acc_mps2 = array
    except TypeError:
        # Only arrays that cannot be (n, 3): pybind11 names the expected type.
        assert not (array.ndim == 2 and array.shape[1] == 3)
        return
    stored = rec.acc_mps2
    assert stored.dtype == np.float64 and stored.ndim == 2 and stored.shape[1] == 3
    assert stored.size == array.size
    rec.gyr_dps = np.zeros_like(stored)
    rec.sampling_rate_hz = 100.0
    session = _core.Session()
    session.imus = [rec]
    _analyze_or_invalid(session)


def test_complex_arrays_lose_the_imaginary_part_with_a_warning():
    rec = _core.ImuRecording()
    with pytest.warns(np.exceptions.ComplexWarning):
        rec.acc_mps2 = np.full((4, 3), 1 + 2j)
    np.testing.assert_array_equal(rec.acc_mps2, np.ones((4, 3)))


@st.composite
def insole_arrays(draw, max_n: int = 3000):
    n = draw(st.one_of(st.integers(0, 20), st.integers(0, max_n)))
    cells = _values(draw, n, 8, 100.0)
    if draw(st.booleans()):
        cells = np.abs(cells)
    return cells


@profile(40)
@given(cells=insole_arrays(), fs=RATES, with_total=st.booleans())
def test_analyze_insole_arrays_give_a_result_or_invalid_argument(cells, fs, with_total):
    session = _core.Session()
    insoles = []
    for side in (sh.Side.LEFT, sh.Side.RIGHT):
        rec = _core.InsoleRecording()
        rec.side = side
        rec.sampling_rate_hz = fs
        rec.cell_force_n = cells
        rec.cell_position_m = _core.gaitpdb_cell_positions(side, 0.26)
        rec.foot_length_m = 0.26
        if with_total:
            rec.total_force_n = np.nansum(cells, axis=1) if len(cells) else np.zeros(0)
        insoles.append(rec)
    session.insoles = insoles
    _analyze_or_invalid(session)


@profile(60)
@given(
    x=hnp.arrays(np.float64, st.integers(0, 600), elements=st.floats(allow_nan=True, allow_infinity=True, width=64)),
    fs=RATES,
    cutoff=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.floats(0.1, 50)),
)
def test_dsp_on_any_series_returns_same_length_or_invalid_argument(x, fs, cutoff):
    for call in (
        lambda: sh.dsp.lowpass(x, cutoff, fs),
        lambda: sh.dsp.highpass(x, cutoff, fs),
        lambda: sh.dsp.moving_average(x, 5),
        lambda: sh.dsp.fill_gaps_linear(x, 10),
    ):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                y = call()
        except sh.InvalidArgumentError:
            continue
        assert np.asarray(y).shape == x.shape
    runs = sh.dsp.find_gaps(x)
    assert sum(r.end - r.begin for r in runs) == int((~np.isfinite(x)).sum())
    # The robust statistics skip non-finite values: the median lies between the middle finite values.
    finite = np.sort(x[np.isfinite(x)])
    try:
        median = sh.dsp.median(x)
    except sh.InvalidArgumentError:
        assert x.size == 0  # "expected at least one value"
    else:
        if finite.size == 0:
            assert math.isnan(median)
        else:
            assert finite[(finite.size - 1) // 2] <= median <= finite[finite.size // 2]


@profile(80)
@given(t=hnp.arrays(np.float64, st.integers(0, 500), elements=st.floats(allow_nan=True, allow_infinity=True, width=64)))
def test_sampling_rate_from_time_is_positive_or_invalid_argument(t):
    try:
        fs = sh.sampling_rate_from_time(t)
    except sh.InvalidArgumentError as error:
        assert "time" in str(error)
        return
    assert len(t) >= 2 and np.isfinite(t).all() and (np.diff(t) > 0).all()
    assert math.isfinite(fs) and fs > 0


@pytest.fixture(scope="module")
def walk_session() -> _core.Session:
    return synth.walk(seed=3, schedule=[("stand", 2.0), ("walk", 10.0), ("stand", 2.0)]).session


@profile(40, HealthCheck.function_scoped_fixture)
@given(
    fs=st.one_of(st.just(None), RATES),
    seconds=st.sampled_from([0.0, 0.05, 1.0, 4.0]),
    gap=st.one_of(st.none(), st.tuples(st.integers(0, 1399), st.integers(1, 600))),
)
def test_synthetic_walk_at_any_rate_gives_a_result_or_invalid_argument(walk_session, fs, seconds, gap):
    """The synthetic walker's recordings (100 Hz) with their rate replaced (None: kept), cut short
    and with a NaN run: the pipelines take any finite positive rate (with flags when it makes no
    sense) and name any other."""
    session = _core.Session()
    imus = []
    for imu in walk_session.imus:
        n = int(seconds * 100) if seconds else len(imu)
        acc, gyr = imu.acc_mps2[:n].copy(), imu.gyr_dps[:n].copy()
        if gap is not None:
            acc[gap[0] : gap[0] + gap[1]] = np.nan
        imus.append(_recording(imu.side, acc, gyr, imu.sampling_rate_hz if fs is None else fs, imu.placement))
    session.imus = imus
    insoles = []
    for insole in walk_session.insoles:
        rec = _core.InsoleRecording()
        rec.side = insole.side
        rec.sampling_rate_hz = insole.sampling_rate_hz if fs is None else fs
        rec.cell_force_n = insole.cell_force_n
        rec.cell_position_m = insole.cell_position_m
        rec.foot_length_m = insole.foot_length_m
        insoles.append(rec)
    session.insoles = insoles
    _analyze_or_invalid(session)
