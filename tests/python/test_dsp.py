"""secondheart.dsp against scipy.signal on random data, and its argument errors."""

from __future__ import annotations

import numpy as np
import pytest

import secondheart
from secondheart import dsp

signal = pytest.importorskip("scipy.signal")


@pytest.mark.parametrize("order", range(1, 9))
@pytest.mark.parametrize("btype", ["low", "high"])
def test_butterworth_sos_matches_scipy(order: int, btype: str) -> None:
    rng = np.random.default_rng(order)
    fs = float(rng.uniform(20.0, 500.0))
    fc = float(rng.uniform(0.02, 0.45) * fs)
    kind = dsp.FilterType.LOW_PASS if btype == "low" else dsp.FilterType.HIGH_PASS
    ours = dsp.butterworth(order, fc, fs, kind).sos
    ref = signal.butter(order, fc, btype, fs=fs, output="sos")
    np.testing.assert_allclose(ours, ref, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("order", range(1, 6))
@pytest.mark.parametrize("btype", ["bandpass", "bandstop"])
def test_band_sos_matches_scipy(order: int, btype: str) -> None:
    rng = np.random.default_rng(100 + order)
    fs = 100.0
    low, high = sorted(rng.uniform(0.5, 45.0, size=2))
    kind = dsp.FilterType.BAND_PASS if btype == "bandpass" else dsp.FilterType.BAND_STOP
    ours = dsp.butterworth_band(order, low, high, fs, kind)
    ref = signal.butter(order, [low, high], btype, fs=fs, output="sos")
    # Same cascade: identical responses, and identical sections.
    np.testing.assert_allclose(ours.sos, ref, rtol=1e-8, atol=1e-10)
    x = rng.normal(size=500)
    np.testing.assert_allclose(dsp.sosfilt(ours, x), signal.sosfilt(ref, x), rtol=1e-9, atol=1e-10)


@pytest.mark.parametrize("n", [1, 5, 13, 40, 3000])
@pytest.mark.parametrize("order", [1, 2, 3, 4, 7])
def test_filtfilt_matches_scipy(n: int, order: int) -> None:
    rng = np.random.default_rng(n * 10 + order)
    x = np.cumsum(rng.normal(size=n))
    sos = signal.butter(order, 6.0, fs=100.0, output="sos")
    ours = dsp.filtfilt(dsp.SosFilter(sos), x)
    padlen = 3 * (2 * len(sos) + 1 - min((sos[:, 2] == 0).sum(), (sos[:, 5] == 0).sum()))
    ref = signal.sosfiltfilt(sos, x, padlen=min(padlen, n - 1))
    np.testing.assert_allclose(ours, ref, rtol=1e-9, atol=1e-9)
    if n > padlen:  # scipy's default applies
        np.testing.assert_allclose(ours, signal.sosfiltfilt(sos, x), rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(dsp.lowpass(x, 6.0, 100.0, order), ours, rtol=1e-12, atol=1e-12)


def test_lowpass_columns() -> None:
    x = np.random.default_rng(3).normal(size=(400, 3))
    out = dsp.lowpass(x, 5.0, 100.0)
    assert out.shape == (400, 3)
    sos = signal.butter(4, 5.0, fs=100.0, output="sos")
    np.testing.assert_allclose(out, signal.sosfiltfilt(sos, x, axis=0), atol=1e-9)


@pytest.mark.parametrize("seed", range(6))
def test_find_peaks_matches_scipy(seed: int) -> None:
    rng = np.random.default_rng(seed)
    walk = np.cumsum(rng.normal(size=5000))
    x = np.round(walk, 1)  # rounding makes plateaus and equal heights
    for kwargs, ref_kwargs in [
        ({}, {}),
        ({"min_height": 0.0}, {"height": 0.0}),
        ({"min_prominence": 3.0}, {"prominence": 3.0}),
        ({"min_distance_samples": 25}, {"distance": 25}),
        ({"min_prominence": 1.0, "min_distance_samples": 10}, {"prominence": 1.0, "distance": 10}),
    ]:
        # numpy's unstable argsort orders equal heights arbitrarily, so the distance rule is compared on
        # unrounded data (unique heights); the plateau rules on the rounded data.
        data = walk if "distance" in ref_kwargs else x
        ref, _ = signal.find_peaks(data, **ref_kwargs)
        np.testing.assert_array_equal(dsp.find_peaks(data, **kwargs), ref)
    peaks, _ = signal.find_peaks(x)
    np.testing.assert_allclose(dsp.peak_prominences(x, list(peaks)), signal.peak_prominences(x, peaks)[0], atol=1e-12)


def test_find_peaks_distance_unique_heights() -> None:
    x = np.random.default_rng(9).normal(size=3000)
    ref, _ = signal.find_peaks(x, distance=7)
    np.testing.assert_array_equal(dsp.find_peaks(x, min_distance_samples=7), ref)


def test_resample_sine_amplitude() -> None:
    for src, dst in [(100.0, 200.0), (200.0, 100.0), (204.8, 100.0), (100.0, 60.0)]:
        t = np.arange(4000) / src
        y = dsp.resample(np.sin(2 * np.pi * 2.5 * t), src, dst)
        assert len(y) == round(4000 * dst / src)
        expected = np.sin(2 * np.pi * 2.5 * np.arange(len(y)) / dst)
        np.testing.assert_allclose(y[100:-100], expected[100:-100], atol=1e-3)


def test_runs_gaps_and_statistics() -> None:
    x = np.array([0, 2, 6, 7, 3, 6, 1, 0, 8, 8, 0], dtype=float)
    assert [tuple(r) for r in dsp.hysteresis(x, 5.0, 2.0)] == [(2, 6), (8, 10)]
    g = np.array([1.0, np.nan, 3.0, np.nan, np.nan, np.nan, 7.0])
    assert [tuple(r) for r in dsp.find_gaps(g)] == [(1, 2), (3, 6)]
    np.testing.assert_allclose(dsp.fill_gaps_linear(g, 1)[:3], [1.0, 2.0, 3.0])
    assert np.isnan(dsp.fill_gaps_linear(g, 1)[4])
    assert dsp.median([1.0, np.nan, 3.0, 2.0]) == 2.0
    assert dsp.percentile([1.0, 2.0, 3.0, 4.0, 100.0], 90.0) == pytest.approx(np.percentile([1, 2, 3, 4, 100], 90))
    z = np.random.default_rng(1).normal(size=1000)
    np.testing.assert_allclose(dsp.cumulative_trapezoid(z, 50.0)[1:], np.cumsum((z[1:] + z[:-1]) / 100.0), atol=1e-10)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: dsp.butterworth(0, 5.0, 100.0), "order"),
        (lambda: dsp.butterworth(4, 60.0, 100.0), "Nyquist"),
        (lambda: dsp.butterworth(4, 5.0, -1.0), "sampling rate"),
        (lambda: dsp.lowpass(np.array([1.0, np.nan, 2.0] * 20), 5.0, 100.0), "finite"),
        (lambda: dsp.filtfilt(dsp.butterworth(2, 5.0, 100.0), np.array([])), "non-empty"),
        (lambda: dsp.find_peaks(np.ones(5), min_distance_samples=0), "min_distance"),
        (lambda: dsp.hysteresis(np.ones(5), 1.0, 2.0), "low <= high"),
        (lambda: dsp.resample(np.ones(5), 0.0, 50.0), "source rate"),
        (lambda: dsp.moving_std(np.ones(5), 0), "window_samples"),
        (lambda: dsp.percentile([1.0], 120.0), "[0, 100]"),
    ],
)
def test_bad_arguments_raise(call, message: str) -> None:
    with pytest.raises(secondheart.InvalidArgumentError, match=message.replace("[", r"\[").replace("]", r"\]")):
        call()
    assert issubclass(secondheart.InvalidArgumentError, ValueError)
