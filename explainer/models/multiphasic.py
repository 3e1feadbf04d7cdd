"""Stein et al. 2019 multiphasic cellular-kinetic (CK) model of tisagenlecleucel.

Source: Stein AM, Grupp SA, Levine JE, et al. *Tisagenlecleucel model-based cellular kinetic
analysis of chimeric antigen receptor-T cells.* CPT Pharmacometrics Syst Pharmacol
2019;8(5):285-295 (key ``stein2019``), in the analytical form used by the nlmixr2lib
implementation (key ``nlmixr2lib_stein2019``). Data: 90 children and young adults with relapsed
or refractory B-ALL (ELIANA and ENSIGN); the measured quantity is transgene copies per µg of
genomic DNA in blood (qPCR).

Model (τ = t − Tmax)::

    C(t) = (Cmax / foldx) · exp(ρ·t),  ρ = ln(foldx) / Tmax            for 0 <= t < Tmax
    C(t) = (1 − FB)·Cmax·exp(−α·τ) + FB·Cmax·exp(−β·τ)                 for t >= Tmax

Defaults are the typical values of Stein 2019 Table 1. Assumptions stated plainly: the model
describes transgene levels in blood, not the tumour; tocilizumab and steroids (no significant
effect in the paper) are left out; the longest follow-up was about 1 year, so the terminal
half-life is an extrapolation. Virtual patients use log-normal inter-individual variability
with Table 1's random effects read as *variances* ω² (as nlmixr2lib enters them); whether the
paper's table gives ω or ω² was not checked against the paper itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._validate import boolean, integer, real

__all__ = ["TYPICAL", "OMEGA_SQ", "CKReadouts", "CKResult", "multiphasic_ck", "ck_auc",
           "ck_readouts", "simulate_ck", "virtual_patients"]

#: Stein 2019 Table 1 typical values (keyword names of :func:`multiphasic_ck`).
TYPICAL = {"cmax": 24000.0, "tmax_days": 9.3, "foldx": 3900.0, "alpha_per_day": 0.16,
           "fb": 0.0079, "beta_per_day": 0.0032}

#: Stein 2019 Table 1 random effects on the log scale, read as variances ω² (see module doc).
OMEGA_SQ = {"cmax": 0.65, "tmax_days": 0.38, "foldx": 2.4, "alpha_per_day": 0.91,
            "fb": 0.8, "beta_per_day": 0.86}


#: Allowed ranges (far wider than any patient's fit; they keep every readout a finite number).
LIMITS = {"cmax": (1e-3, 1e9), "tmax_days": (1e-3, 365.0), "foldx": (1.0, 1e12),
          "alpha_per_day": (1e-6, 100.0), "fb": (0.0, 1.0), "beta_per_day": (1e-6, 100.0)}


def _in_limits(name: str, value, open_low: float) -> float:
    """> ``open_low`` (the model's own condition, reported first), then within LIMITS."""
    v = real(name, value, lo=open_low, lo_open=True)
    lo, hi = LIMITS[name]
    if not lo <= v <= hi:
        raise ValueError(f"{name} must be > {open_low:g}, from {lo:g} to {hi:g}; got {value!r}")
    return v


def _check_kwargs(params: dict) -> None:
    unknown = sorted(set(params) - set(TYPICAL))
    if unknown:
        raise TypeError(f"unknown parameter {unknown[0]!r}; allowed: {', '.join(TYPICAL)}")


def _check_params(cmax, tmax_days, foldx, alpha_per_day, fb, beta_per_day) -> tuple:
    cmax = _in_limits("cmax", cmax, 0)
    tmax_days = _in_limits("tmax_days", tmax_days, 0)
    foldx = real("foldx", foldx, lo=1, lo_open=True, hi=LIMITS["foldx"][1])
    alpha = _in_limits("alpha_per_day", alpha_per_day, 0)
    fb = real("fb", fb, lo=0, hi=1)
    beta = _in_limits("beta_per_day", beta_per_day, 0)
    if not alpha > beta:
        raise ValueError(f"alpha_per_day must be > beta_per_day (the fast contraction must be "
                         f"faster than the slow persistence phase); got alpha_per_day={alpha!r}, "
                         f"beta_per_day={beta!r}")
    return cmax, tmax_days, foldx, alpha, fb, beta


def _curve(t, cmax, tmax, foldx, alpha, fb, beta):
    """The formula without checks; works on broadcast numpy arrays (virtual patients)."""
    # (Cmax/foldx)·exp(ρt) written as Cmax·foldx^(t/Tmax − 1): no overflow for tiny Tmax
    tau = np.maximum(t - tmax, 0.0)
    before = cmax * np.exp(np.log(foldx) * (np.minimum(t, tmax) / tmax - 1.0))
    after = (1.0 - fb) * cmax * np.exp(-alpha * tau) + fb * cmax * np.exp(-beta * tau)
    return np.where(t < tmax, before, after)


def multiphasic_ck(t_days, *, cmax=24000.0, tmax_days=9.3, foldx=3900.0, alpha_per_day=0.16,
                   fb=0.0079, beta_per_day=0.0032):
    """Transgene copies per µg genomic DNA at ``t_days`` (days after infusion, >= 0).

    A scalar in gives a float out; an array in gives a numpy array out. Raises ValueError
    (naming the argument and the allowed range) for negative times, non-positive rates or
    levels, ``foldx <= 1``, ``fb`` outside [0, 1] or ``alpha_per_day <= beta_per_day``.
    """
    params = _check_params(cmax, tmax_days, foldx, alpha_per_day, fb, beta_per_day)
    t = _check_times(t_days)
    scalar = t.ndim == 0
    out = _curve(t, *params)
    return float(out) if scalar else out


def _check_times(t_days) -> np.ndarray:
    """``t_days`` (a number or an array of numbers, finite, >= 0) as a float array."""
    if not isinstance(t_days, (list, tuple, np.ndarray)):
        real("t_days", t_days, lo=0)
    try:
        raw = np.asarray(t_days)
        if raw.dtype.kind not in "iuf" or raw.dtype == np.bool_:
            raise TypeError("not real numbers")
        t = raw.astype(float)
    except (TypeError, ValueError, OverflowError) as err:
        raise TypeError(f"t_days must be a real number or an array of real numbers; "
                        f"got {t_days!r:.80}") from err
    if not np.all(np.isfinite(t)):
        raise ValueError("t_days must be finite")
    if np.any(t < 0):
        raise ValueError(f"t_days must be >= 0 (days after infusion); got min {t.min():g}")
    return t


def ck_auc(t_end_days, *, cmax=24000.0, tmax_days=9.3, foldx=3900.0, alpha_per_day=0.16,
           fb=0.0079, beta_per_day=0.0032) -> float:
    """Area under the curve from day 0 to ``t_end_days`` (copies·day/µg), exact (analytical)."""
    cmax, tmax, foldx, alpha, fb, beta = _check_params(cmax, tmax_days, foldx, alpha_per_day,
                                                       fb, beta_per_day)
    t_end = real("t_end_days", t_end_days, lo=0)
    lf = math.log(foldx)
    r0 = cmax / foldx
    # r0/ρ · (exp(ρ·min(t, Tmax)) − 1) with ρ = ln(foldx)/Tmax, ordered to stay finite
    auc = r0 * (tmax / lf) * math.expm1(lf * (min(t_end, tmax) / tmax))
    if t_end > tmax:
        tau = t_end - tmax
        auc += (1 - fb) * cmax / alpha * -math.expm1(-alpha * tau)
        auc += fb * cmax / beta * -math.expm1(-beta * tau)
    return auc


@dataclass(frozen=True)
class CKReadouts:
    """Derived quantities of one parameter set (units in the names)."""

    doubling_time_days: float
    half_life_fast_days: float
    half_life_slow_days: float
    r0: float
    rho_per_day: float
    c_day28: float
    c_day90: float
    c_day365: float
    auc_0_28: float
    crossover_day: float | None  # when the slow (memory-like) term overtakes the fast one


def ck_readouts(**params) -> CKReadouts:
    """Doubling time, half-lives, levels at days 28/90/365 and AUC over days 0-28."""
    _check_kwargs(params)
    p = {**TYPICAL, **params}
    cmax, tmax, foldx, alpha, fb, beta = _check_params(**p)
    rho = math.log(foldx) / tmax
    cross = None
    if 0 < fb < 0.5:
        cross = tmax + math.log((1 - fb) / fb) / (alpha - beta)
    elif fb >= 0.5:
        cross = tmax
    c = multiphasic_ck(np.array([28.0, 90.0, 365.0]), **p)
    return CKReadouts(doubling_time_days=math.log(2) / rho,
                      half_life_fast_days=math.log(2) / alpha,
                      half_life_slow_days=math.log(2) / beta,
                      r0=cmax / foldx, rho_per_day=rho,
                      c_day28=float(c[0]), c_day90=float(c[1]), c_day365=float(c[2]),
                      auc_0_28=ck_auc(28.0, **p), crossover_day=cross)


@dataclass(frozen=True)
class CKResult:
    """One simulated curve, its readouts and (optionally) a band of virtual patients."""

    params: dict
    t_days: np.ndarray
    copies: np.ndarray
    readouts: CKReadouts
    band_low: np.ndarray | None = None
    band_high: np.ndarray | None = None
    band_median: np.ndarray | None = None
    band_t: np.ndarray | None = None
    n_virtual: int = 0
    seed: int = 0


_GRID = np.unique(np.concatenate([np.linspace(0, 40, 401), np.linspace(40, 365, 326)]))
#: a coarser grid for the virtual-patient band (percentiles over many curves are the slow part)
_BAND_GRID = np.unique(np.concatenate([np.linspace(0, 40, 121), np.linspace(40, 365, 66)]))


def virtual_patients(n: int = 200, *, seed: int = 2019, t_days=None, **params) -> np.ndarray:
    """Curves of ``n`` virtual patients (rows) drawn around the typical values ``params``.

    Each parameter is ``typical · exp(η)`` with ``η ~ Normal(0, ω²)`` (Table 1 values read as
    variances ω²). FB is capped at 1. Seeded: the same call always returns the same curves.
    """
    n = integer("n", n, lo=1, hi=5000)
    seed = integer("seed", seed, lo=0)
    _check_kwargs(params)
    p = {**TYPICAL, **params}
    _check_params(**p)
    t = _GRID if t_days is None else np.atleast_1d(_check_times(t_days))
    if t.ndim != 1:
        raise ValueError(f"t_days must be one-dimensional; got shape {t.shape}")
    eta = _etas(n, seed)
    keys = list(TYPICAL)
    ind = {k: p[k] * np.exp(eta[:, i:i + 1]) for i, k in enumerate(keys)}
    ind["fb"] = np.minimum(ind["fb"], 1.0)
    ind["foldx"] = np.maximum(ind["foldx"], 1.0 + 1e-9)
    return _curve(t[None, :], ind["cmax"], ind["tmax_days"], ind["foldx"],
                  ind["alpha_per_day"], ind["fb"], ind["beta_per_day"])


_ETA_CACHE: dict = {}


def _etas(n: int, seed: int) -> np.ndarray:
    key = (n, seed)
    if key not in _ETA_CACHE:
        rng = np.random.default_rng(seed)
        sd = np.sqrt([OMEGA_SQ[k] for k in TYPICAL])
        _ETA_CACHE[key] = rng.standard_normal((n, len(TYPICAL))) * sd
    return _ETA_CACHE[key]


def simulate_ck(*, cmax=24000.0, tmax_days=9.3, foldx=3900.0, alpha_per_day=0.16, fb=0.0079,
                beta_per_day=0.0032, band=False, n_virtual=200, seed=2019) -> CKResult:
    """The curve over days 0-365 with readouts; with ``band=True`` also the 5th-95th
    percentile band (and median) of ``n_virtual`` seeded virtual patients."""
    p = dict(cmax=cmax, tmax_days=tmax_days, foldx=foldx, alpha_per_day=alpha_per_day, fb=fb,
             beta_per_day=beta_per_day)
    _check_params(**p)
    band = boolean("band", band)
    n_virtual = integer("n_virtual", n_virtual, lo=1, hi=5000)
    seed = integer("seed", seed, lo=0)
    t = _GRID
    copies = _curve(t, *(p[k] for k in TYPICAL))
    lo = hi = med = None
    if band:
        curves = virtual_patients(n_virtual, seed=seed, t_days=_BAND_GRID, **p)
        lo, med, hi = np.percentile(curves, [5, 50, 95], axis=0)
    return CKResult(params=p, t_days=t, copies=copies, readouts=ck_readouts(**p),
                    band_low=lo, band_high=hi, band_median=med,
                    band_t=_BAND_GRID if band else None,
                    n_virtual=n_virtual if band else 0, seed=seed)
