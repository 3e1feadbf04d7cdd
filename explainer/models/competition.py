"""Normal T cells, CAR-T cells and tumour competing after lymphodepletion.

Source: Kimmel GJ, Locke FL, Altrock PM. *The roles of T cell competition and stochastic
extinction events in chimeric antigen receptor T cell therapy.* Proc R Soc B 2021;288:20210229
(source key ``kimmel2021``), equations (2.1)-(2.3) and Table 1. Deterministic (mean-field) form:

    dN/dt = -r_N · N · ln((N + C) / K_N)             normal T cells
    dC/dt = -r_C(T) · C · ln((N + C) / K_C)          CAR-T cells, T = N + C
    dB/dt =  r_B · B - γ_B · B · C / (k_B + C)       CD19+ tumour cells
    r_C(T) = ρ_C + b·(T - K_N)² / (a·T² + (T - K_N)²)

What was verified (2026-11-25, paper text in repository ``marcozardo/patterns``, file
``pipeline/From_text_to_Antimony/workdir/inputs_1/Kimmel2021.md``): equations (2.1)-(2.3) and all
Table 1 values below match the paper. The paper's main text prints the growth-rate function as
``ρ_C + b(T − K_N)² / (a / (T² + (T − K_N)²))``, which is dimensionally inconsistent (an OCR or
typesetting error); the inset of its Fig. 2b prints ``ρ_C + b(N+C−K_N)² / (a(N+C)² + (N+C−K_N)²)``,
which is the form used here. With Table 1 values this form reproduces the paper's qualitative
behaviour and the facts sheet's derived check (CAR-T peak ≈1.5×10¹⁰ cells near day 7; with
r_B = 0.19/day the tumour falls to ≈10³ cells near day 63, then regrows): see
``tests/test_competition.py``. The ESM (section 3) was not available to check further.

Assumptions, stated plainly:

* Lymphodepletion enters only through a low number of normal T cells at infusion, N(0).
* The tumour is deterministic here. The paper simulates it stochastically once it is below about
  100 cells, so a deterministic minimum far below one cell means "cure is likely", not "cured";
  a minimum of thousands of cells means regrowth ("deterministically unstable eradication").
* Cell numbers are whole-body counts. Solved in log variables (ln N, ln C, ln B), which is
  mathematically the same system and keeps tiny tumour numbers accurate; LSODA (stiff-aware).
* Results are cached on the inputs rounded to 4 significant figures (one slider step).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ._validate import integer, real

__all__ = ["CompetitionResult", "simulate_competition", "TABLE1"]

#: Kimmel et al. 2021, Table 1 (fitted values; r_B is given there as a literature range 0.01-0.5).
TABLE1 = {
    "K_N": 2.50e11,      # normal T-cell carrying capacity (cells)
    "K_C": 6.96e10,      # CAR-T carrying capacity (cells)
    "r_N": 1.70e-1,      # normal T-cell net growth rate (per day)
    "rho_C": 2.51e-2,    # baseline CAR-T net growth rate (per day)
    "a": 4.23e-1,        # "signalling inefficiency" factor in r_C
    "b": 5.25e-1,        # "immune reconstitution impact" in r_C (per day)
    "gamma_B": 1.15,     # maximal tumour-killing rate (per day)
    "k_B": 2.024e9,      # killing saturation constant (cells)
    "N0": 3.00e9,        # median normal T cells at infusion
    "C0": 1.80e8,        # CAR-T cells infused
    "B0": 9.486e10,      # median tumour cells
}
#: Tumour growth rates used for the paper's slow / medium / fast PFS simulations (per day).
TUMOUR_GROWTH_PFS = (0.105, 0.19, 0.265)
#: Below this many tumour cells the paper switches to a stochastic simulation.
STOCHASTIC_THRESHOLD = 100.0


@dataclass(frozen=True)
class CompetitionResult:
    """Cell numbers over time (whole body). Arrays are read-only."""

    t_days: np.ndarray
    normal: np.ndarray
    car_t: np.ndarray
    tumour: np.ndarray
    params: tuple = ()

    @property
    def car_peak_day(self) -> float:
        return float(self.t_days[int(np.argmax(self.car_t))])

    @property
    def car_peak(self) -> float:
        return float(np.max(self.car_t))

    @property
    def tumour_nadir_day(self) -> float:
        return float(self.t_days[int(np.argmin(self.tumour))])

    @property
    def tumour_nadir(self) -> float:
        return float(np.min(self.tumour))

    @property
    def expansion_fold(self) -> float:
        return self.car_peak / float(self.car_t[0])


def _sig(x: float, n: int = 4) -> float:
    return float(f"{x:.{n}g}")


def simulate_competition(*, days: int = 180, normal_t0: float = 3e9, car_t0: float = 1.8e8,
                         tumour0: float = 9.486e10, tumour_growth_per_day: float = 0.19,
                         car_capacity: float = 6.96e10,
                         kill_rate_per_day: float = 1.15) -> CompetitionResult:
    """Simulate the Kimmel et al. 2021 model from infusion (day 0) to ``days``.

    Arguments (cells are whole-body counts): ``normal_t0`` normal T cells at infusion (lower =
    deeper lymphodepletion), ``car_t0`` CAR-T cells infused, ``tumour0`` tumour cells,
    ``tumour_growth_per_day`` r_B, ``car_capacity`` K_C, ``kill_rate_per_day`` γ_B. Other
    parameters: Table 1. Output every 0.25 day.
    """
    days = integer("days", days, lo=7, hi=1000)
    normal_t0 = real("normal_t0", normal_t0, lo=1e6, hi=2.5e11)
    car_t0 = real("car_t0", car_t0, lo=1e5, hi=1e10)
    tumour0 = real("tumour0", tumour0, lo=1.0, hi=1e13)
    tumour_growth_per_day = real("tumour_growth_per_day", tumour_growth_per_day, lo=0.0, hi=1.0)
    car_capacity = real("car_capacity", car_capacity, lo=1e9, hi=2.5e11)
    kill_rate_per_day = real("kill_rate_per_day", kill_rate_per_day, lo=0.0, hi=5.0)
    res = _solve(days, _sig(normal_t0), _sig(car_t0), _sig(tumour0),
                 _sig(tumour_growth_per_day), _sig(car_capacity), _sig(kill_rate_per_day))
    if not np.all(np.isfinite(res.tumour)):
        # the tumour grows by up to e^(r_B·days): beyond about 1e308 cells a float overflows
        raise ValueError("tumour_growth_per_day and days are too large together: the tumour "
                         "would exceed 1e308 cells (keep tumour_growth_per_day * days below "
                         f"about 650); got tumour_growth_per_day={tumour_growth_per_day!r}, "
                         f"days={days!r}")
    return res


@functools.lru_cache(maxsize=512)
def _solve(days, n0, c0, b0, r_b, k_c, gamma_b) -> CompetitionResult:
    p = TABLE1
    k_n, r_n, rho, a, b, k_b = p["K_N"], p["r_N"], p["rho_C"], p["a"], p["b"], p["k_B"]

    def rhs(_t, y):
        n, c = np.exp(y[0]), np.exp(y[1])
        tot = n + c
        r_c = rho + b * (tot - k_n) ** 2 / (a * tot * tot + (tot - k_n) ** 2)
        return [-r_n * np.log(tot / k_n), -r_c * np.log(tot / k_c),
                r_b - gamma_b * c / (k_b + c)]

    t = np.linspace(0.0, days, days * 4 + 1)
    # imported here, not at the top: a kernel that shows frames another kernel drew
    # (CART_SHARED_FRAMES) never solves, and scipy.integrate costs ~330 ms to import
    from scipy.integrate import solve_ivp

    sol = solve_ivp(rhs, (0.0, float(days)), np.log([n0, c0, b0]), method="LSODA", t_eval=t,
                    rtol=1e-6, atol=1e-8)
    if not sol.success:  # pragma: no cover - defensive
        raise RuntimeError(f"competition model failed to solve: {sol.message}")
    with np.errstate(over="ignore"):  # an overflowing tumour is reported by the caller
        n, c, b_ = np.exp(sol.y)
    for arr in (t, n, c, b_):
        arr.setflags(write=False)
    return CompetitionResult(t_days=t, normal=n, car_t=c, tumour=b_,
                             params=(days, n0, c0, b0, r_b, k_c, gamma_b))
