"""Property tests (hypothesis) for the microscope model's input validation (issue 15).

Invalid input of every kind raises only TypeError/ValueError naming the argument, before any
simulation runs; valid input (tiny fields, 0-3 steps) gives consistent, finite counts.
Each test runs 1,000 generated cases.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainer.models.microscope import MAX_AGENTS, simulate_field

FAST = settings(max_examples=1000, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

VALID = dict(seed=0, car_t_cells=3, tumour_cells=4, antigen_negative_fraction=0.25,
             antigen_density=1.0, exhaustion=0.0, steps=1, field_um=100.0)

not_a_number = st.one_of(st.none(), st.text(max_size=3), st.booleans(), st.lists(st.integers(),
                         max_size=2), st.complex_numbers(allow_nan=False))
non_finite = st.sampled_from([math.nan, math.inf, -math.inf])


def bad_value(name):
    """(value, expected exception) pairs that are wrong for argument ``name``."""
    ints = name in ("seed", "car_t_cells", "tumour_cells", "steps")
    if ints:
        lo = {"seed": 0, "car_t_cells": 0, "tumour_cells": 0, "steps": 0}[name]
        hi = {"seed": 2 ** 63 - 1, "car_t_cells": MAX_AGENTS, "tumour_cells": MAX_AGENTS,
              "steps": 2000}[name]
        return st.one_of(
            st.tuples(not_a_number, st.just(TypeError)),
            st.tuples(st.floats(allow_nan=True), st.just(TypeError)),
            st.tuples(st.integers(max_value=lo - 1), st.just(ValueError)),
            st.tuples(st.integers(min_value=hi + 1), st.just(ValueError)))
    lo, hi, lo_open = {"antigen_negative_fraction": (0.0, 1.0, False),
                       "antigen_density": (0.0, 1.0, True), "exhaustion": (0.0, 1.0, False),
                       "field_um": (100.0, 2000.0, False)}[name]
    below = (st.floats(max_value=lo, allow_nan=False, allow_infinity=False) if lo_open
             else st.floats(max_value=lo, exclude_max=True, allow_nan=False,
                            allow_infinity=False))
    return st.one_of(
        st.tuples(not_a_number, st.just(TypeError)),
        st.tuples(non_finite, st.just(ValueError)),
        st.tuples(below, st.just(ValueError)),
        st.tuples(st.floats(min_value=hi, exclude_min=True, allow_nan=False,
                            allow_infinity=False), st.just(ValueError)))


NAMES = ["seed", "car_t_cells", "tumour_cells", "steps", "antigen_negative_fraction",
         "antigen_density", "exhaustion", "field_um"]


@FAST
@given(data=st.data(), name=st.sampled_from(NAMES))
def test_invalid_input_raises_naming_the_argument(data, name):
    value, exc = data.draw(bad_value(name))
    try:
        simulate_field(**{**VALID, name: value})
    except (TypeError, ValueError) as err:
        assert isinstance(err, exc), (name, value, err)
        assert name in str(err)
    else:
        raise AssertionError(f"{name}={value!r} was accepted")


@FAST
@given(car=st.integers(0, MAX_AGENTS), tum=st.integers(0, MAX_AGENTS))
def test_agent_limit(car, tum):
    kw = {**VALID, "car_t_cells": car, "tumour_cells": tum, "steps": 0}
    if car + tum > MAX_AGENTS:
        try:
            simulate_field(**kw)
        except ValueError as err:
            assert "car_t_cells + tumour_cells" in str(err) and str(MAX_AGENTS) in str(err)
        else:
            raise AssertionError("over the agent limit was accepted")
    elif car + tum <= 60:  # keep the valid runs tiny
        r = simulate_field(**kw)
        assert r.car_t[0] == car and r.tumour[0] == tum


@FAST
@given(seed=st.integers(0, 2 ** 63 - 1), car=st.integers(0, 30), tum=st.integers(0, 30),
       neg=st.floats(0.0, 1.0), dens=st.floats(0.0, 1.0, exclude_min=True),
       exh=st.floats(0.0, 1.0), steps=st.integers(0, 3),
       field_um=st.floats(100.0, 2000.0), td=st.floats(6.0, 240.0))
def test_valid_input_gives_consistent_counts(seed, car, tum, neg, dens, exh, steps, field_um, td):
    r = simulate_field(seed=seed, car_t_cells=car, tumour_cells=tum,
                       antigen_negative_fraction=neg, antigen_density=dens, exhaustion=exh,
                       steps=steps, field_um=field_um, tumour_doubling_hours=td)
    for arr in (r.tumour_positive, r.tumour_negative, r.car_t, r.kills):
        assert arr.shape == (steps + 1,) and (arr >= 0).all()
    assert r.tumour_negative[0] == round(neg * tum)
    assert r.tumour[0] == tum and r.car_t[0] == car and r.kills[0] == 0
    assert (np.diff(r.kills) >= 0).all()
    f = r.field_at(steps)
    assert sum(len(v) for v in f.positions.values()) == r.tumour[-1] + r.car_t[-1]
    assert all(np.isfinite(v).all() for v in f.positions.values())
