"""Input checks shared by every model: clear errors that name the argument and what is allowed."""

from __future__ import annotations

import math
from numbers import Integral, Real

__all__ = ["real", "integer", "boolean", "choice"]


def real(name: str, value, *, lo: float | None = None, hi: float | None = None,
         lo_open: bool = False, hi_open: bool = False) -> float:
    """``value`` as a float, checked to be a finite real number in the allowed range."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number; got {type(value).__name__} {value!r}")
    try:
        v = float(value)
    except OverflowError:  # an int too large for a float
        raise ValueError(f"{name} must be finite; got a number too large ({value!r:.40}...)") \
            from None
    if not math.isfinite(v):
        raise ValueError(f"{name} must be finite; got {value!r}")
    lo_ok = lo is None or (v > lo if lo_open else v >= lo)
    hi_ok = hi is None or (v < hi if hi_open else v <= hi)
    if not (lo_ok and hi_ok):
        left = "any" if lo is None else (f"> {lo:g}" if lo_open else f">= {lo:g}")
        right = "" if hi is None else (f" and < {hi:g}" if hi_open else f" and <= {hi:g}")
        raise ValueError(f"{name} must be {left}{right}; got {value!r}")
    return v


def integer(name: str, value, *, lo: int | None = None, hi: int | None = None) -> int:
    """``value`` as an int, checked to be a whole number in [lo, hi]."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be a whole number; got {type(value).__name__} {value!r}")
    v = int(value)
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        if hi is None:
            raise ValueError(f"{name} must be >= {lo}; got {value!r}")
        if lo is None:
            raise ValueError(f"{name} must be <= {hi}; got {value!r}")
        raise ValueError(f"{name} must be from {lo} to {hi}; got {value!r}")
    return v


def boolean(name: str, value) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False; got {type(value).__name__} {value!r}")
    return value


def choice(name: str, value, allowed) -> str:
    """``value`` checked to be one of ``allowed`` (exact match)."""
    allowed = tuple(allowed)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {', '.join(map(repr, allowed))}; "
                        f"got {type(value).__name__} {value!r}")
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")
    return value
