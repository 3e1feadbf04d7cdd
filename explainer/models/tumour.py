"""CARTmath: effector CAR-T cells, memory CAR-T cells and tumour (Barros et al. 2021).

Source: Barros LRC, Paixão EA, Valli AMP, Naozuka GT, Fassoni AC, Almeida RC. *CARTmath - a
mathematical model of CAR-T immunotherapy in preclinical studies of hematological cancers.*
Cancers 2021 (key ``barros2021``); equations and the two preset parameter sets are those of the
authors' public app (github.com/tmglncc/CARTmath, ``server.R``), reimplemented here from the
published equations::

    dC_T/dt = φ·C_T − ρ·C_T + θ·T·C_M − α·T·C_T      effector CAR-T cells
    dC_M/dt = ε·C_T − θ·T·C_M − μ·C_M                 memory CAR-T cells
    dT/dt   = r·T·(1 − b·T) − γ·C_T·T                 tumour cells

The dose is an instantaneous jump in C_T on the injection day. The presets are mouse xenograft
fits (Rodrigues et al. 2020 data): HDLM-2 Hodgkin lymphoma cells with CAR-T123 (the tumour is
eliminated) and RAJI Burkitt lymphoma cells with CAR-T19 (the tumour escapes). These are
*mouse* experiments, not patients.

Numerics: the RAJI set is stiff (θ·T reaches ~10⁴ per day), so the model is solved with a
stiff solver (``scipy.integrate.solve_ivp``): LSODA by default (it switches to an implicit BDF
method when the problem is stiff; about 3 ms per run), or Radau/BDF (fully implicit) on request;
the tests check that they agree. :func:`rk4_fixed_step` reproduces the
app's fixed-step explicit RK4 (states below 10⁻⁶ cells set to 0) *only* to show that a step that
is too large gives a false cure.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from ._validate import choice, integer, real

__all__ = ["METHODS", "PRESETS", "MAX_DAYS", "Preset", "CARTmathResult", "SolverComparison",
           "simulate_cartmath", "rk4_fixed_step", "compare_solvers"]


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    r: float        # tumour growth rate (1/day)
    b: float        # inverse carrying capacity (1/cell)
    gamma: float    # tumour kill by effector CAR-T (1/(cell·day))
    phi: float      # effector proliferation (1/day)
    rho: float      # effector reduction: death + differentiation (1/day)
    alpha: float    # CAR-T inhibition by tumour (1/(cell·day))
    epsilon: float  # effector -> memory conversion (1/day)
    mu: float       # memory death rate (1/day)
    theta: float    # memory -> effector reactivation on tumour contact (1/(cell·day))
    tumour0: float  # tumour cells at day 0
    dose_cells: float
    dose_day: float
    days: float
    app_dt_days: float  # the app's default RK4 step


PRESETS = {
    "HDLM-2": Preset("HDLM-2", "HDLM-2 Hodgkin lymphoma cells + CAR-T123 (mice)",
                     r=5.650026e-2, b=1.404029e-12, gamma=3.715843e-6, phi=0.265, rho=0.35,
                     alpha=4.5e-8, epsilon=0.15, mu=5.0e-3, theta=6.0e-6,
                     tumour0=2e6, dose_cells=1.5e6, dose_day=42.0, days=200.0, app_dt_days=1e-3),
    "RAJI": Preset("RAJI", "RAJI Burkitt lymphoma cells + CAR-T19 (mice)",
                   r=5.071721e-1, b=0.0, gamma=3.365388e-8, phi=0.83, rho=0.8300536,
                   alpha=1.248506e-8, epsilon=1.59795, mu=6.89e-7, theta=2.3e-4,
                   tumour0=3e6, dose_cells=10e6, dose_day=7.0, days=15.0, app_dt_days=1e-5),
}

#: Longest simulation allowed per preset (days). RAJI's tumour grows without limit (b = 0), and
#: beyond these horizons the stiff solvers fail or return NaN for some doses.
MAX_DAYS = {"HDLM-2": 300.0, "RAJI": 40.0}

#: Below this many cells a population counts as gone (the app sets states < 1e-6 to 0).
EXTINCT_CELLS = 1.0


@dataclass(frozen=True)
class CARTmathResult:
    preset: str
    label: str
    dose_cells: float
    dose_day: float
    days: float
    t_days: np.ndarray
    effector: np.ndarray
    memory: np.ndarray
    tumour: np.ndarray

    @property
    def tumour_final(self) -> float:
        return float(self.tumour[-1])

    @property
    def tumour_eliminated(self) -> bool:
        """True if the tumour falls below one cell by the end of the simulation."""
        return self.tumour_final < EXTINCT_CELLS

    @property
    def peak_effector(self) -> float:
        return float(self.effector.max())

    @property
    def peak_effector_day(self) -> float:
        return float(self.t_days[int(np.argmax(self.effector))])


def _rhs(p: Preset):
    def f(_t, y):
        ct, cm, tu = y
        return [p.phi * ct - p.rho * ct + p.theta * tu * cm - p.alpha * tu * ct,
                p.epsilon * ct - p.theta * tu * cm - p.mu * cm,
                p.r * tu * (1 - p.b * tu) - p.gamma * ct * tu]
    return f


def _jac(p: Preset):
    def j(_t, y):
        ct, cm, tu = y
        return [[p.phi - p.rho - p.alpha * tu, p.theta * tu, p.theta * cm - p.alpha * ct],
                [p.epsilon, -p.theta * tu - p.mu, -p.theta * cm],
                [-p.gamma * tu, 0.0, p.r * (1 - 2 * p.b * tu) - p.gamma * ct]]
    return j


def _tumour_before_dose(p: Preset, t):
    """Logistic (or exponential if b = 0) tumour growth without CAR-T cells: exact."""
    t = np.asarray(t, dtype=float)
    if p.b == 0:
        return p.tumour0 * np.exp(p.r * t)
    k = 1.0 / p.b
    return k / (1 + (k / p.tumour0 - 1) * np.exp(-p.r * t))


METHODS = ("LSODA", "Radau", "BDF")


@functools.lru_cache(maxsize=4096)
def _solve(preset: str, dose_cells: float, dose_day: float, days: float, n_points: int,
           method: str = "LSODA"):
    p = PRESETS[preset]
    t_pre = np.linspace(0.0, dose_day, max(2, int(n_points * dose_day / days) + 1)) \
        if dose_day > 0 else np.array([0.0])
    tumour_pre = _tumour_before_dose(p, t_pre)
    y0 = [dose_cells, 0.0, float(tumour_pre[-1])]
    n_post = max(2, n_points - len(t_pre) + 1)
    t_eval = np.linspace(dose_day, days, n_post)
    # imported here, not at the top: a kernel that shows frames another kernel drew
    # (CART_SHARED_FRAMES) never solves, and scipy.integrate costs ~330 ms to import
    from scipy.integrate import solve_ivp

    sol = solve_ivp(_rhs(p), (dose_day, days), y0, method=method, jac=_jac(p),
                    t_eval=t_eval, rtol=1e-6, atol=1e-3)
    if not sol.success:  # pragma: no cover - defensive
        raise RuntimeError(f"CARTmath solver failed: {sol.message}")
    y = np.maximum(sol.y, 0.0)
    t = np.concatenate([t_pre[:-1], sol.t])
    zeros = np.zeros(len(t_pre) - 1)
    out = (t, np.concatenate([zeros, y[0]]), np.concatenate([zeros, y[1]]),
           np.concatenate([tumour_pre[:-1], y[2]]))
    for a in out:
        a.setflags(write=False)
    return out


def _check_scenario(preset: str, days, dose_cells, dose_day) -> tuple[float, float, float]:
    p = PRESETS[preset]
    days = p.days if days is None else real("days", days, lo=0, lo_open=True,
                                            hi=MAX_DAYS[preset])
    dose_cells = p.dose_cells if dose_cells is None else real("dose_cells", dose_cells, lo=0,
                                                              hi=1e10)
    dose_day = p.dose_day if dose_day is None else real("dose_day", dose_day, lo=0)
    if dose_day >= days:
        raise ValueError(f"dose_day must be < days ({days:g}); got {dose_day!r}")
    return days, dose_cells, dose_day


def simulate_cartmath(preset: str = "HDLM-2", *, days=None, dose_cells=None, dose_day=None,
                      n_points: int = 400, method: str = "LSODA") -> CARTmathResult:
    """Effector and memory CAR-T cells and tumour cells over time for one preset.

    ``preset`` is "HDLM-2" or "RAJI"; ``days`` (simulation length), ``dose_cells`` (CAR-T cells
    injected) and ``dose_day`` (injection day) default to the preset's own scenario.
    ``method`` is a stiff solver: "LSODA" (default), "Radau" or "BDF". Results are cached.
    """
    choice("preset", preset, PRESETS)
    choice("method", method, METHODS)
    n_points = integer("n_points", n_points, lo=10, hi=5000)
    p = PRESETS[preset]
    days, dose_cells, dose_day = _check_scenario(preset, days, dose_cells, dose_day)
    try:
        t, ct, cm, tu = _solve(preset, float(dose_cells), float(dose_day), float(days),
                               int(n_points), method)
        ok = all(np.all(np.isfinite(a)) for a in (ct, cm, tu))
    except RuntimeError:
        ok = False
    if not ok:  # safety net; not seen inside MAX_DAYS
        raise ValueError(f"the {method} solver failed for preset {preset!r} with days={days:g}, "
                         f"dose_day={dose_day:g}, dose_cells={dose_cells:g}; try a shorter "
                         "days or another method")
    return CARTmathResult(preset=preset, label=p.label, dose_cells=dose_cells, dose_day=dose_day,
                          days=days, t_days=t, effector=ct, memory=cm, tumour=tu)


def rk4_fixed_step(preset: str = "RAJI", *, dt_days: float, days=None, dose_cells=None,
                   dose_day=None, floor_cells: float = 1e-6) -> CARTmathResult:
    """The app's explicit method: classic RK4 with a fixed step ``dt_days``, states below
    ``floor_cells`` set to 0 after each step. For demonstrating step-size errors only.

    Returns one point per day (plus the end). Slow for small steps (pure Python).
    """
    choice("preset", preset, PRESETS)
    p = PRESETS[preset]
    dt = real("dt_days", dt_days, lo=1e-6, hi=0.5)
    days, dose_cells, dose_day = _check_scenario(preset, days, dose_cells, dose_day)
    floor_cells = real("floor_cells", floor_cells, lo=0)
    n_steps = int(round(days / dt))
    dose_step = int(round(dose_day / dt))
    phi, rho, theta, alpha = p.phi, p.rho, p.theta, p.alpha
    eps, mu, r, b, gam = p.epsilon, p.mu, p.r, p.b, p.gamma

    def f(ct, cm, tu):
        return (phi * ct - rho * ct + theta * tu * cm - alpha * tu * ct,
                eps * ct - theta * tu * cm - mu * cm,
                r * tu * (1 - b * tu) - gam * ct * tu)

    ct, cm, tu = 0.0, 0.0, p.tumour0
    per_day = max(1, int(round(1.0 / dt)))
    ts, cts, cms, tus = [0.0], [ct], [cm], [tu]
    h = dt
    for i in range(n_steps):
        if i == dose_step:
            ct += dose_cells
        k1 = f(ct, cm, tu)
        k2 = f(ct + h / 2 * k1[0], cm + h / 2 * k1[1], tu + h / 2 * k1[2])
        k3 = f(ct + h / 2 * k2[0], cm + h / 2 * k2[1], tu + h / 2 * k2[2])
        k4 = f(ct + h * k3[0], cm + h * k3[1], tu + h * k3[2])
        ct += h / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0])
        cm += h / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1])
        tu += h / 6 * (k1[2] + 2 * k2[2] + 2 * k3[2] + k4[2])
        ct = 0.0 if ct < floor_cells else ct
        cm = 0.0 if cm < floor_cells else cm
        tu = 0.0 if tu < floor_cells else tu
        if not (math.isfinite(ct) and math.isfinite(cm) and math.isfinite(tu)):
            raise ValueError(
                f"dt_days={dt:g} is too large for the explicit RK4 method here: the solution "
                f"blew up (became non-finite) at day {(i + 1) * h:g}; use a smaller dt_days "
                "or the implicit solver (simulate_cartmath)")
        if (i + 1) % per_day == 0 or i + 1 == n_steps:
            ts.append((i + 1) * h)
            cts.append(ct)
            cms.append(cm)
            tus.append(tu)
    return CARTmathResult(preset=preset, label=p.label + f" (RK4, dt={dt:g} d)",
                          dose_cells=dose_cells, dose_day=dose_day, days=days,
                          t_days=np.array(ts), effector=np.array(cts), memory=np.array(cms),
                          tumour=np.array(tus))


@dataclass(frozen=True)
class SolverComparison:
    implicit: CARTmathResult
    explicit: tuple[CARTmathResult, ...]

    def summary(self) -> list[tuple[str, float, bool]]:
        """(method, tumour cells at the end, tumour eliminated?) for each solver."""
        rows = [("Radau (implicit, adaptive)", self.implicit.tumour_final,
                 self.implicit.tumour_eliminated)]
        for r in self.explicit:
            rows.append((r.label.split("(")[-1].rstrip(")"), r.tumour_final, r.tumour_eliminated))
        return rows


def compare_solvers(preset: str = "RAJI", dts_days: tuple = (1e-4,)) -> SolverComparison:
    """Radau against fixed-step RK4 at each step size in ``dts_days`` (cached)."""
    choice("preset", preset, PRESETS)
    if isinstance(dts_days, (str, bytes)) or not hasattr(dts_days, "__iter__"):
        raise TypeError(f"dts_days must be a tuple of step sizes (days); got "
                        f"{type(dts_days).__name__} {dts_days!r:.60}")
    dts = tuple(dts_days)
    if not dts:
        raise ValueError("dts_days must hold at least one step size (days); got ()")
    for dt in dts:
        real("dts_days", dt, lo=1e-6, hi=0.5)
    return _compare_solvers(preset, dts)


@functools.lru_cache(maxsize=8)
def _compare_solvers(preset: str, dts_days: tuple) -> SolverComparison:
    return SolverComparison(implicit=simulate_cartmath(preset, method="Radau"),
                            explicit=tuple(rk4_fixed_step(preset, dt_days=dt)
                                           for dt in dts_days))
