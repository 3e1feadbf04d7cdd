"""Stein 2019 multiphasic CK model: published derived quantities and structure."""

import math

import numpy as np
import pytest

from explainer.models.kinetics import multiphasic_ck
from explainer.models.multiphasic import (
    TYPICAL,
    ck_auc,
    ck_readouts,
    simulate_ck,
    virtual_patients,
)


def test_published_derived_quantities():
    r = ck_readouts()
    assert r.doubling_time_days == pytest.approx(0.78, abs=0.005)     # abstract: 0.78 d
    assert r.half_life_fast_days == pytest.approx(4.3, abs=0.05)      # abstract: 4.3 d
    assert r.half_life_slow_days == pytest.approx(220, rel=0.02)      # abstract: 220 d
    assert r.r0 == pytest.approx(24000 / 3900)
    assert r.rho_per_day == pytest.approx(0.889, abs=0.001)


def test_fact_sheet_levels_and_auc():
    assert multiphasic_ck(28.0) == pytest.approx(1374, rel=1e-3)
    assert multiphasic_ck(90.0) == pytest.approx(146.5, rel=1e-3)
    assert multiphasic_ck(365.0) == pytest.approx(60.7, rel=1e-3)
    assert ck_auc(28.0) == pytest.approx(171774, rel=1e-4)
    assert ck_readouts().crossover_day == pytest.approx(40.1, abs=0.05)


def test_auc_matches_numerical_integration():
    t = np.linspace(0, 28, 200001)
    c = multiphasic_ck(t)
    assert np.trapezoid(c, t) == pytest.approx(ck_auc(28.0), rel=1e-5)


def test_scalar_and_array():
    assert isinstance(multiphasic_ck(5.0), float)
    out = multiphasic_ck([0.0, 5.0, 100.0])
    assert isinstance(out, np.ndarray) and out.shape == (3,)
    assert multiphasic_ck(0.0) == pytest.approx(24000 / 3900)


def test_continuous_at_peak_rising_before_falling_after():
    tmax = TYPICAL["tmax_days"]
    assert multiphasic_ck(tmax) == pytest.approx(24000)
    assert multiphasic_ck(tmax - 1e-9) == pytest.approx(24000, rel=1e-6)
    before = multiphasic_ck(np.linspace(0, tmax, 50, endpoint=False))
    after = multiphasic_ck(np.linspace(tmax, 365, 50))
    assert np.all(np.diff(before) > 0)
    assert np.all(np.diff(after) < 0)


def test_parameters_move_the_curve_the_right_way():
    assert multiphasic_ck(365.0, fb=0.02) > multiphasic_ck(365.0)
    assert multiphasic_ck(20.0, alpha_per_day=0.3) < multiphasic_ck(20.0)
    assert multiphasic_ck(9.3, cmax=50000.0) == pytest.approx(50000)
    # fb = 0: no persistence at all; fb = 1: only the slow phase
    assert multiphasic_ck(365.0, fb=0.0) < 1e-10
    assert multiphasic_ck(100.0, fb=1.0) == pytest.approx(24000 * math.exp(-0.0032 * 90.7))


@pytest.mark.parametrize("kwargs, match", [
    ({"t_days": -1.0}, "t_days must be >= 0"),
    ({"t_days": [1.0, -2.0]}, "t_days must be >= 0"),
    ({"t_days": 1.0, "cmax": 0.0}, "cmax must be > 0"),
    ({"t_days": 1.0, "tmax_days": -3.0}, "tmax_days must be > 0"),
    ({"t_days": 1.0, "foldx": 1.0}, "foldx must be > 1"),
    ({"t_days": 1.0, "alpha_per_day": 0.0}, "alpha_per_day must be > 0"),
    ({"t_days": 1.0, "beta_per_day": -0.1}, "beta_per_day must be > 0"),
    ({"t_days": 1.0, "fb": 1.5}, "fb must be >= 0 and <= 1"),
    ({"t_days": 1.0, "alpha_per_day": 0.003, "beta_per_day": 0.0032},
     "alpha_per_day must be > beta_per_day"),
])
def test_bad_values_raise_naming_the_argument(kwargs, match):
    t = kwargs.pop("t_days")
    with pytest.raises(ValueError, match=match):
        multiphasic_ck(t, **kwargs)


def test_bad_types_raise():
    with pytest.raises(TypeError, match="cmax must be a real number"):
        multiphasic_ck(1.0, cmax="big")


def test_virtual_patients_are_seeded_and_centred():
    a = virtual_patients(300, seed=1)
    b = virtual_patients(300, seed=1)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, virtual_patients(300, seed=2))
    res = simulate_ck(band=True)
    assert np.all(res.band_low <= res.band_high)
    # the typical curve lies inside the band over the year
    typ = multiphasic_ck(res.band_t)
    inside = (typ >= res.band_low) & (typ <= res.band_high)
    assert inside.mean() > 0.95
