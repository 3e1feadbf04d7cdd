"""CARTmath (Barros 2021): both presets' outcomes with stiff solvers; RK4 false cure."""

import numpy as np
import pytest

from explainer.models.tumour import PRESETS, compare_solvers, rk4_fixed_step, simulate_cartmath


@pytest.mark.parametrize("method", ["Radau", "LSODA", "BDF"])
def test_hdlm2_tumour_is_eliminated(method):
    r = simulate_cartmath("HDLM-2", method=method)
    assert r.tumour_eliminated
    assert r.memory[-1] > 1e5  # memory CAR-T cells remain after the tumour is gone
    assert r.t_days[0] == 0 and r.t_days[-1] == pytest.approx(200)


@pytest.mark.parametrize("method", ["Radau", "LSODA", "BDF"])
def test_raji_tumour_escapes_as_in_the_fact_sheet(method):
    r = simulate_cartmath("RAJI", method=method)
    assert not r.tumour_eliminated
    assert r.tumour_final == pytest.approx(9.4e8, rel=0.01)   # facts.md a5: T ~ 9.4e8 on day 15
    assert r.effector.max() > 1e7


def test_solvers_agree():
    a = simulate_cartmath("RAJI", method="Radau")
    b = simulate_cartmath("RAJI", method="LSODA")
    assert np.allclose(a.tumour, b.tumour, rtol=1e-3, atol=1.0)


def test_fixed_step_rk4_gives_a_false_cure_with_a_large_step():
    cmp = compare_solvers("RAJI", (1e-4,))
    assert not cmp.implicit.tumour_eliminated
    assert cmp.explicit[0].tumour_eliminated  # the artefact shown in notebook 05


def test_fixed_step_rk4_agrees_with_a_small_step():
    r = rk4_fixed_step("RAJI", dt_days=1e-5)
    assert r.tumour_final == pytest.approx(simulate_cartmath("RAJI", method="Radau").tumour_final,
                                           rel=1e-3)


def test_dose_and_day_defaults_and_overrides():
    r = simulate_cartmath("RAJI")
    assert r.dose_cells == PRESETS["RAJI"].dose_cells and r.dose_day == 7
    assert np.all(r.effector[r.t_days < 7] == 0)
    early = simulate_cartmath("RAJI", dose_day=0.0, dose_cells=1e8)
    assert early.tumour_eliminated
    for arr in (r.t_days, r.effector, r.memory, r.tumour):
        assert isinstance(arr, np.ndarray) and arr.shape == r.t_days.shape


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"preset": "K562"}, ValueError, "preset must be one of"),
    ({"preset": "RAJI", "dose_cells": -1.0}, ValueError, "dose_cells must be"),
    ({"preset": "RAJI", "dose_day": -2.0}, ValueError, "dose_day must be"),
    ({"preset": "RAJI", "dose_day": 20.0}, ValueError, "dose_day must be < days"),
    ({"preset": "RAJI", "days": 0.0}, ValueError, "days must be"),
    ({"preset": "RAJI", "method": "RK45"}, ValueError, "method must be one of"),
    ({"preset": 3}, TypeError, "preset must be one of"),
])
def test_bad_values_raise(kwargs, exc, match):
    preset = kwargs.pop("preset")
    with pytest.raises(exc, match=match):
        simulate_cartmath(preset, **kwargs)
