"""Kimmel, Locke & Altrock 2021 competition model (key kimmel2021): paper behaviour and the facts
sheet's derived check (facts.md section a4)."""

import time

import numpy as np
import pytest

from explainer.models.kinetics import CompetitionResult, simulate_competition


@pytest.fixture(scope="module")
def default():
    return simulate_competition()


def test_result_shape_and_types(default):
    r = default
    assert isinstance(r, CompetitionResult)
    for arr in (r.t_days, r.normal, r.car_t, r.tumour):
        assert isinstance(arr, np.ndarray) and arr.shape == r.t_days.shape
        assert np.all(np.isfinite(arr))
    for arr in (r.normal, r.car_t, r.tumour):
        assert np.all(arr > 0)
    assert r.t_days[0] == 0 and r.t_days[-1] == 180
    assert r.normal[0] == pytest.approx(3e9) and r.car_t[0] == pytest.approx(1.8e8)
    assert r.tumour[0] == pytest.approx(9.486e10)


def test_derived_check_car_peak_day_7_about_1_5e10(default):
    """facts.md a4 [D]: Table 1 defaults, Fig. 2b form -> CAR-T peak at day ~7.0, C ~1.51e10
    (~84-fold over C(0))."""
    assert default.car_peak_day == pytest.approx(7.0, abs=0.5)
    assert default.car_peak == pytest.approx(1.51e10, rel=0.03)
    assert default.expansion_fold == pytest.approx(84, rel=0.05)


def test_derived_check_contraction_ratios(default):
    """facts.md a4 [D]: C(14)/C(7) = 0.30, C(28)/C(7) = 0.083, C(90)/C(7) = 0.011 (the paper's
    Moffitt medians are 0.33, 0.076 and 0.0036: the model contracts more slowly by day 90)."""
    c = dict(zip(default.t_days, default.car_t, strict=True))
    assert c[14.0] / c[7.0] == pytest.approx(0.30, abs=0.02)
    assert c[28.0] / c[7.0] == pytest.approx(0.083, abs=0.008)
    assert c[90.0] / c[7.0] == pytest.approx(0.011, abs=0.002)


def test_derived_check_tumour_minimum_1e3_near_day_63(default):
    """facts.md a4 [D]: with r_B = 0.19/day the deterministic tumour falls to ~1e3 cells near
    day 63 and then regrows ("deterministically unstable eradication", paper section 3d)."""
    assert default.tumour_nadir_day == pytest.approx(63, abs=2)
    assert 5e2 < default.tumour_nadir < 2e3
    assert default.tumour[-1] > 1e3 * default.tumour_nadir


def test_normal_t_cells_recover_towards_capacity(default):
    """Paper Fig. 2a: normal T cells reconstitute towards K_N = 2.5e11 (Gompertz)."""
    assert default.normal[-1] == pytest.approx(2.5e11, rel=0.05)
    assert np.all(np.diff(default.normal) > -1e-3 * default.normal[1:])


def test_deeper_lymphodepletion_gives_higher_car_peak():
    """Paper sections 3e/3g and Fig. 3d: fewer normal T cells at infusion -> more expansion and
    a better chance of cure."""
    peaks = [simulate_competition(normal_t0=n).car_peak for n in (3e8, 3e9, 3e10)]
    assert peaks[0] > peaks[1] > peaks[2]
    nadirs = [simulate_competition(normal_t0=n).tumour_nadir for n in (3e8, 3e9, 3e10)]
    assert nadirs[0] < nadirs[1] < nadirs[2]


def test_lower_killing_gives_shallower_nadir():
    """Paper Fig. 2c / discussion: the killing rate gamma_B is among the most sensitive
    parameters; lower killing -> shallower tumour nadir."""
    nadirs = [simulate_competition(kill_rate_per_day=g).tumour_nadir for g in (1.35, 1.15, 0.64)]
    assert nadirs[0] < nadirs[1] < nadirs[2]


def test_higher_car_capacity_deepens_response():
    """Paper Fig. 3c: a higher CAR-T carrying capacity K_C improves the chance of cure."""
    low = simulate_competition(car_capacity=6.15e10).tumour_nadir
    high = simulate_competition(car_capacity=9.65e10).tumour_nadir
    assert high < low


def test_faster_tumour_growth_gives_higher_nadir():
    """Paper Fig. 3b: faster-growing tumours (0.105 < 0.19 < 0.265/day) progress sooner."""
    nadirs = [simulate_competition(tumour_growth_per_day=r).tumour_nadir
              for r in (0.105, 0.19, 0.265)]
    assert nadirs[0] < nadirs[1] < nadirs[2]


def test_fast_enough_for_a_slider():
    times = []
    for i in range(10):
        t = time.perf_counter()
        simulate_competition(normal_t0=1e9 * (1.37 + i * 0.111))
        times.append(time.perf_counter() - t)
    assert np.median(times) < 0.02


@pytest.mark.parametrize("kwargs,exc,word", [
    ({"normal_t0": -1.0}, ValueError, "normal_t0"),
    ({"normal_t0": "3e9"}, TypeError, "normal_t0"),
    ({"car_t0": 0.0}, ValueError, "car_t0"),
    ({"tumour0": float("inf")}, ValueError, "tumour0"),
    ({"tumour_growth_per_day": 2.0}, ValueError, "tumour_growth_per_day"),
    ({"kill_rate_per_day": -0.1}, ValueError, "kill_rate_per_day"),
    ({"car_capacity": 1.0}, ValueError, "car_capacity"),
    ({"days": 30.5}, TypeError, "days"),
    ({"days": 2}, ValueError, "days"),
])
def test_bad_inputs_name_the_argument(kwargs, exc, word):
    with pytest.raises(exc, match=word):
        simulate_competition(**kwargs)


def test_keyword_only():
    with pytest.raises(TypeError):
        simulate_competition(180)  # noqa
