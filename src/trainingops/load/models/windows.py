"""Vectorised window kernels along the last axis (days) of a 1-D series or an athletes × days matrix.

Everything here works on whole matrices at once: no Python loop over athletes or days on the hot path
(the exponential average loops over blocks of 64 days, a dozen iterations for two years).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

# The exponential average is evaluated as y_t = r^t·(r·y_(−1) + α·Σ_(s≤t) r^(−s)·x_s), a cumulative sum
# instead of a day-by-day loop. r^(−s) must stay far from overflow, so a block spans at most this many
# e-folds of decay (e^±600 ≈ 10^±260; float64 reaches 10^308) and the state is carried between blocks.
EWMA_MAX_EFOLDS_PER_BLOCK = 600.0
_EPS = float(np.finfo(np.float64).eps)


def ewma(values: FloatArray, alpha: float, initial: FloatArray | float | None = None) -> FloatArray:
    """Exponentially weighted average y_t = α·x_t + (1 − α)·y_(t−1) along the last axis.

    ``initial`` is y on the day *before* the series starts. ``None`` seeds with the first day's value,
    so y_0 = x_0 — the convention of Williams et al. 2017 and of pandas ``ewm(adjust=False)``.
    Pass 0 to start from nothing (the Performance Management Chart convention).
    """
    return ewma_many(values, [(alpha, initial)])[0]


def ewma_many(values: FloatArray, specs: list[tuple[float, FloatArray | float | None]]) -> list[FloatArray]:
    """Several exponential averages, one per (alpha, initial) in ``specs``, of the same series.

    Vectorised over athletes and days: a cumulative sum of decay-weighted loads per block of days (the whole
    two years in one block for the usual time constants), no Python loop over days and no BLAS call.
    Relative rounding error grows like (block length)·ε ≈ 1e-13.
    """
    x = np.asarray(values, dtype=np.float64)
    return [_ewma(x, alpha, initial) for alpha, initial in specs]


def _ewma(x: FloatArray, alpha: float, initial: FloatArray | float | None) -> FloatArray:
    if not 0.0 < alpha <= 1.0:
        raise ValueError("alpha must be in (0, 1]")
    n = x.shape[-1]
    if alpha == 1.0 or n == 0:
        return x.copy()
    decay = 1.0 - alpha
    block = max(1, min(n, int(EWMA_MAX_EFOLDS_PER_BLOCK / -np.log(decay))))
    steps = np.arange(block, dtype=np.float64)
    grow = decay**-steps  # r^(−s)
    shrink = decay**steps  # r^t
    out = np.empty_like(x)
    prev = np.array(x[..., 0] if initial is None else np.broadcast_to(initial, x.shape[:-1]), dtype=np.float64)
    for start in range(0, n, block):
        m = min(block, n - start)
        y = out[..., start : start + m]  # computed in place: no temporaries of the matrix's size
        np.multiply(x[..., start : start + m], grow[:m], out=y)
        np.cumsum(y, axis=-1, out=y)
        y *= alpha
        y += (decay * prev)[..., None]
        y *= shrink[:m]
        prev = y[..., -1].copy()
    return out


def prefix_sum(values: FloatArray) -> FloatArray:
    """Running total with a leading 0 along the last axis: window sums are then one subtraction each."""
    x = np.asarray(values, dtype=np.float64)
    out = np.empty((*x.shape[:-1], x.shape[-1] + 1))
    out[..., 0] = 0.0
    np.cumsum(x, axis=-1, out=out[..., 1:])
    return out


def trailing_sum(
    values: FloatArray, window: int, *, prefix: FloatArray | None = None, snap_zero: bool = True
) -> FloatArray:
    """Sum of the last ``window`` days including today (fewer days at the start of the series).

    Computed as a difference of running totals. For non-negative series (loads, distances) a window of
    rest days must come out as exactly 0, not as rounding residue of two large totals — or 0/0 would turn
    into noise instead of "undefined". The residue of c[t] − c[t−w] is at most 2·n·ε·c[n] (n days, ε
    machine epsilon, c[n] the series total), so ``snap_zero`` sets anything within that bound to 0.
    Integer-valued series (counts) are exact and signed series must not be snapped: pass False.
    """
    if window < 1:
        raise ValueError("window must be at least 1 day")
    c = prefix_sum(values) if prefix is None else prefix
    n = c.shape[-1] - 1
    out = np.empty((*c.shape[:-1], n))
    w = min(window, n)
    out[..., :w] = c[..., 1 : w + 1]
    np.subtract(c[..., w + 1 :], c[..., 1 : n + 1 - w], out=out[..., w:])
    if snap_zero:
        # copyto with a mask: the same zeros as boolean-index assignment, at half the cost on a roster matrix.
        np.copyto(out, 0.0, where=out <= c[..., -1:] * (2.0 * n * _EPS))
    return out


def rolling_sum(values: FloatArray, window: int, *, prefix: FloatArray | None = None) -> FloatArray:
    """Sum of the last ``window`` days including today; NaN until the window is full (pandas' default)."""
    out = trailing_sum(values, window, prefix=prefix)
    out[..., : window - 1] = np.nan
    return out


def rolling_mean(values: FloatArray, window: int, *, prefix: FloatArray | None = None) -> FloatArray:
    """Mean of the last ``window`` days including today; NaN until the window is full."""
    out = rolling_sum(values, window, prefix=prefix)
    out /= window
    return out


def rolling_std(values: FloatArray, window: int, ddof: int) -> FloatArray:
    """SD over the last ``window`` days; exactly 0 when the window holds one value repeated."""
    x = np.asarray(values, dtype=np.float64)
    if window - ddof <= 0:
        raise ValueError("window must exceed ddof")
    n = x.shape[-1]
    sd = np.full(x.shape, np.nan)
    if n >= window:
        # Each window's SD from its own values only (two passes over the window's days, no running totals): a day's
        # value cannot depend on how far the series reaches, and Σx² − (Σx)²/w cannot cancel on large loads.
        # Windows are a week or so: 2 × window vectorised passes, no copy of the series per window.
        m = n - window + 1
        mean = np.zeros((*x.shape[:-1], m))
        for k in range(window):
            mean += x[..., k : k + m]
        mean /= window
        squares, deviation = np.zeros_like(mean), np.empty_like(mean)
        for k in range(window):
            np.subtract(x[..., k : k + m], mean, out=deviation)
            deviation *= deviation
            squares += deviation
        squares /= window - ddof
        sd[..., window - 1 :] = np.sqrt(squares)
    # Exact test for a constant window: no day differs from the day before it inside the window.
    changes = np.zeros_like(x)
    changes[..., 1:] = x[..., 1:] != x[..., :-1]
    if window > 1:
        sd[trailing_sum(changes, window - 1, snap_zero=False) == 0] = 0.0
    sd[..., : window - 1] = np.nan
    return sd


def lagged(values: FloatArray, days: int, fill: float = np.nan) -> FloatArray:
    """The series shifted ``days`` later: out[t] = x[t − days], ``fill`` where t − days < 0."""
    x = np.asarray(values, dtype=np.float64)
    out = np.full_like(x, fill)
    if days < x.shape[-1]:
        out[..., days:] = x[..., : x.shape[-1] - days]
    return out


def safe_ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    """numerator / denominator for a non-negative denominator (a load, an SD, a count).

    NaN (undefined) where the denominator is 0 or NaN — never ±inf.
    """
    num = np.asarray(numerator, dtype=np.float64)
    den = np.asarray(denominator, dtype=np.float64)
    out: FloatArray = np.divide(num, den, out=np.full(np.broadcast(num, den).shape, np.nan), where=den > 0)
    return out


def trailing_max(values: FloatArray, window: int) -> FloatArray:
    """Largest value over the last ``window`` days including today, NaN ignored (NaN where the window holds none).

    Van Herk / Gil–Werman: running maxima forward and backward inside blocks of ``window`` days, so each day costs
    a constant number of operations whatever the window.
    """
    if window < 1:
        raise ValueError("window must be at least 1 day")
    x = np.asarray(values, dtype=np.float64)
    n = x.shape[-1]
    if n == 0:
        return x.copy()
    w = min(window, n)
    lead = x.shape[:-1]
    m = n + w - 1  # w − 1 empty days in front: out[t] = max(y[t : t + w])
    y = np.full((*lead, m + (-m) % w), np.nan)
    y[..., w - 1 : w - 1 + n] = x
    blocks = y.reshape(*lead, -1, w)
    forward = np.fmax.accumulate(blocks, axis=-1).reshape(y.shape)
    backward = np.fmax.accumulate(blocks[..., ::-1], axis=-1)[..., ::-1].reshape(y.shape)
    out: FloatArray = np.fmax(backward[..., :n], forward[..., w - 1 : w - 1 + n])
    return out
