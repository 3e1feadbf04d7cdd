"""Property-based tests (hypothesis) for every public model function (issue 7, "bad input").

Each function gets at least 1,000 generated cases over valid, edge and invalid inputs:

* invalid input (wrong types, NaN/inf, huge or negative numbers, unknown names, values just
  outside the allowed range) raises only ValueError/TypeError/KeyError, and the message names
  the argument;
* valid input gives finite numbers everywhere in the result;
* the model's own properties hold (monotone grades, Poisson sums, continuity of the CK curve,
  non-negative trajectories, ...).

The ODE models (competition, CARTmath) draw parameters from coarse grids so that their caches
make repeated calls cheap; they run 1,000 validation cases plus fewer valid simulations.
The number of cases per function is written to ``tests/.hypothesis_counts.json``.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainer import facts
from explainer.models import (
    collection,
    engineering,
    expansion,
    journey,
    kinetics,
    outcomes,
    toxicity,
    tumour,
)
from explainer.models import multiphasic as mp

COUNTS: Counter = Counter()
COUNTS_FILE = Path(__file__).parent / ".hypothesis_counts.json"
ERRORS = (ValueError, TypeError, KeyError)

N = 1000
FAST = settings(max_examples=N, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])


def slow(n):
    return settings(FAST, max_examples=n)


@pytest.fixture(autouse=True, scope="module")
def _write_counts():
    yield
    old = json.loads(COUNTS_FILE.read_text()) if COUNTS_FILE.exists() else {}
    old.update({k: v for k, v in sorted(COUNTS.items()) if k.startswith("models.")})
    COUNTS_FILE.write_text(json.dumps(old, indent=1, sort_keys=True) + "\n")
    print("\nhypothesis cases per function:", json.dumps(dict(sorted(COUNTS.items())), indent=1))


def count(name: str) -> None:
    COUNTS[f"models.{name}"] += 1


# -- helpers -----------------------------------------------------------------------------------

NAN, INF = float("nan"), float("inf")
BAD_ANY = [None, "1", "", b"1", [], [1.0], (1,), {}, 1 + 2j, object()]
BAD_REAL = BAD_ANY + [True, False, NAN, INF, -INF, 10 ** 400, -(10 ** 400), "nan"]
BAD_INT = BAD_REAL + [1.5, 2.0, np.float64(3.0), -1.0e308, 1e308]
BAD_BOOL = BAD_ANY + [0, 1, 1.0, "True", "False", np.nan]
BAD_STR = [None, 0, 1.5, True, [], ["Kymriah"], b"Kymriah", 1 + 2j, NAN]


def finite_everywhere(obj, path="result"):
    """Every number, numpy array and nested dataclass/dict/tuple field is finite."""
    if obj is None or isinstance(obj, (str, bool)):
        return
    if isinstance(obj, (int, float, np.integer, np.floating)):
        assert math.isfinite(float(obj)), f"{path} = {obj!r}"
    elif isinstance(obj, np.ndarray):
        if obj.dtype.kind in "iuf":
            assert np.all(np.isfinite(obj)), f"{path} has non-finite values"
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            finite_everywhere(getattr(obj, f.name), f"{path}.{f.name}")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            finite_everywhere(v, f"{path}[{k!r}]")
    elif isinstance(obj, (tuple, list)):
        for i, v in enumerate(obj):
            finite_everywhere(v, f"{path}[{i}]")


def rejects(fn, names, *args, **kwargs):
    """``fn`` raises ValueError/TypeError/KeyError whose message names one of ``names``."""
    names = (names,) if isinstance(names, str) else names
    with pytest.raises(ERRORS) as info:
        fn(*args, **kwargs)
    msg = str(info.value)
    assert any(n in msg for n in names), f"message does not name {names}: {msg!r}"
    return info.value


def real_arg(lo, hi, *, lo_open=False, hi_open=False, grid=None):
    """(valid strategy, invalid strategy) for a real-number argument in [lo, hi]."""
    if grid is not None:
        valid = st.sampled_from(grid)
    else:
        inner = st.floats(lo, hi, exclude_min=lo_open, exclude_max=hi_open,
                          allow_nan=False, allow_infinity=False)
        edges = [x for x, ok in ((lo, not lo_open), (hi, not hi_open)) if ok]
        valid = st.one_of(inner, st.sampled_from(edges)) if edges else inner
    outside = []
    if lo is not None:
        outside.append(-1e308)
        outside += [lo - max(1.0, abs(lo)) * 1e-3, lo - 1] + ([lo] if lo_open else [])
    if hi is not None:
        outside.append(1e308)
        outside += [hi + max(1.0, abs(hi)) * 1e-3, hi * 10 + 1] + ([hi] if hi_open else [])
    if lo is not None and not lo_open:
        outside.append(np.nextafter(lo, -INF))
    bad = [b for b in BAD_REAL if hi is not None or not (type(b) is int and b > 10 ** 300)]
    return valid, st.sampled_from(bad + outside)


def int_arg(lo, hi, grid=None):
    valid = st.sampled_from(grid) if grid is not None else st.integers(lo, hi)
    outside = [lo - 1, -(10 ** 30)] + ([hi + 1, 10 ** 30] if hi is not None else [])
    bad = [b for b in BAD_INT if hi is not None
           or not (type(b) in (int, float) and not isinstance(b, bool) and b >= 1e308)]
    return valid, st.sampled_from(bad + outside)


def bool_arg():
    return st.booleans(), st.sampled_from(BAD_BOOL)


def choice_arg(options):
    options = list(options)
    wrong = ["", "unknown", "none_of_these", " " + options[0], options[0].upper() + "x",
             options[0] + " "]
    wrong = [w for w in wrong if w not in options]
    return st.sampled_from(options), st.sampled_from(BAD_STR + wrong)


def run_spec(data, name, fn, args: dict, *, positional=(), check=None, fix=None, aliases=None):
    """Draw valid values for every argument; then either corrupt one (expect a clear error)
    or call with all valid values (expect finite results and ``check`` to pass)."""
    count(name)
    kwargs = {k: data.draw(v[0], label=k) for k, v in args.items()}
    if fix is not None:
        kwargs = fix(kwargs)
    if data.draw(st.booleans(), label="corrupt"):
        bad = data.draw(st.sampled_from(sorted(args)), label="which")
        kwargs[bad] = data.draw(args[bad][1], label="bad value")
        pos = [kwargs.pop(p) for p in positional]
        rejects(fn, (bad,) + (aliases or {}).get(bad, ()), *pos, **kwargs)
    else:
        pos = [kwargs.pop(p) for p in positional]
        res = fn(*pos, **kwargs)
        finite_everywhere(res)
        if check is not None:
            check(res, *pos, **kwargs)


# -- journey -----------------------------------------------------------------------------------

JOURNEY = journey.journey_products()
ALL_PRODUCTS = [p for pr in facts.products() for p in (pr.brand, pr.generic, pr.short_generic)]


def case_variants(names):
    return st.sampled_from(names).flatmap(lambda s: st.lists(
        st.booleans(), min_size=len(s), max_size=len(s)).map(
        lambda flips: "".join(c.upper() if f else c.lower()
                              for c, f in zip(s, flips, strict=True))))


@FAST
@given(data=st.data())
def test_timeline(data):
    count("journey.timeline")
    kind = data.draw(st.sampled_from(["ok", "case", "unknown", "unsupported", "type"]))
    if kind in ("ok", "case"):
        name = data.draw(st.sampled_from(JOURNEY) if kind == "ok" else case_variants(JOURNEY))
        tl = journey.timeline(name)
        finite_everywhere(tl)
        assert tl.product == facts.product(name).brand
        assert tl.phases and all(p.start_day <= p.end_day for p in tl.phases)
        assert all(journey.DAY_MIN <= p.start_day and p.end_day <= journey.DAY_MAX
                   for p in tl.phases)
    elif kind == "unknown":
        name = data.draw(st.text(max_size=12))
        if name.strip().casefold() in {p.casefold() for p in ALL_PRODUCTS}:
            return
        rejects(journey.timeline, "product", name)
    elif kind == "unsupported":
        others = [p.brand for p in facts.products() if p.brand not in JOURNEY]
        if others:
            rejects(journey.timeline, "product", data.draw(st.sampled_from(others)))
    else:
        rejects(journey.timeline, "product", data.draw(st.sampled_from(BAD_STR)))


DAY = real_arg(journey.DAY_MIN, journey.DAY_MAX)


@FAST
@given(data=st.data())
def test_on_day(data):
    count("journey.journey_products")
    assert journey.journey_products() == JOURNEY

    def check(state, product, day):
        assert state.product == facts.product(product).brand
        assert state.day == float(day) and state.headline and state.patient and state.cells
        assert set(state.highlight) <= set(state.active)

    run_spec(data, "journey.on_day", journey.on_day,
             {"product": (st.one_of(st.sampled_from(JOURNEY), case_variants(JOURNEY)),
                          st.sampled_from(BAD_STR + ["Provenge", ""])),
              "day": (st.one_of(DAY[0], st.integers(-60, 365)), DAY[1])},
             positional=("product", "day"), check=check)


# -- collection --------------------------------------------------------------------------------

def _aph_args():
    lim = collection.LIMITS
    out = {k: real_arg(*lim[k]) for k in lim}
    out["cd3_fraction"] = real_arg(0.0, 1.0, lo_open=True)
    out["collection_efficiency"] = real_arg(0.0, 1.0, lo_open=True)
    return out


@FAST
@given(data=st.data())
def test_apheresis(data):
    count("collection.reference_levels")
    ref = collection.reference_levels()
    finite_everywhere(ref)
    assert ref["minimum"] < ref["target"]

    def check(r, **kw):
        assert r.cd3_cells_collected <= r.cd3_cells_passing
        assert r.cd3_cells_collected >= 0 and r.procedure_minutes > 0
        assert math.isclose(r.litres_processed,
                            kw["weight_kg"] * kw["ml_per_kg"] / 1000
                            * kw["blood_volumes_processed"])
        finite_everywhere([r.procedure_hours, r.fraction_of_target])
        assert r.meets_target <= r.meets_minimum  # target implies minimum

    run_spec(data, "collection.apheresis", collection.apheresis, _aph_args(), check=check)


# -- engineering -------------------------------------------------------------------------------

MOI = real_arg(0.0, engineering.MOI_MAX, lo_open=True)
MOI_VALID = st.one_of(MOI[0], st.sampled_from([1e-300, 5e-324, 1e-9, 0.1, 1.0, 20.0]))


@FAST
@given(data=st.data())
def test_transduction(data):
    def check(t, moi):
        assert 0 < t.fraction_transduced <= 1 and t.mean_vcn_transduced >= 1
        assert math.isclose(t.fraction_transduced, -math.expm1(-moi), rel_tol=1e-9)
        # rises with MOI
        higher = min(engineering.MOI_MAX, moi * 1.5 + 1e-3)
        assert engineering.transduction(moi=higher).fraction_transduced >= t.fraction_transduced

    run_spec(data, "engineering.transduction", engineering.transduction,
             {"moi": (MOI_VALID, MOI[1])}, check=lambda t, moi: check(t, moi))


@FAST
@given(data=st.data())
def test_vcn_probability(data):
    count("engineering.Transduction.vcn_probability")
    t = engineering.transduction(moi=data.draw(MOI_VALID))
    if data.draw(st.booleans()):
        rejects(t.vcn_probability, "k", data.draw(int_arg(0, 1000)[1]))
        return
    k = data.draw(st.integers(0, 1000))
    p = t.vcn_probability(k)
    assert math.isfinite(p) and 0.0 <= p <= 1.0
    ps = [t.vcn_probability(i) for i in range(0, 120)]
    assert sum(ps) <= 1 + 1e-9
    assert sum(ps) == pytest.approx(1.0, abs=1e-9)  # approaches 1 (MOI <= 20)
    assert math.isclose(ps[0], math.exp(-t.moi), rel_tol=1e-9)


@FAST
@given(data=st.data())
def test_fraction_above(data):
    count("engineering.Transduction.fraction_above")
    moi = data.draw(MOI_VALID)
    t = engineering.transduction(moi=moi)
    if data.draw(st.booleans()):
        rejects(t.fraction_above, "limit", data.draw(int_arg(0, 1000)[1]))
        return
    limit = data.draw(st.integers(0, 999))
    f = t.fraction_above(limit)
    assert 0.0 <= f <= 1.0
    assert t.fraction_above(0) == 1.0
    assert t.fraction_above(limit + 1) <= f  # fewer cells above a higher limit
    higher = engineering.transduction(moi=min(engineering.MOI_MAX, moi * 2 + 1e-3))
    assert higher.fraction_above(limit) >= f - 1e-12  # more copies at a higher MOI


@FAST
@given(data=st.data())
def test_distribution(data):
    count("engineering.Transduction.distribution")
    t = engineering.transduction(moi=data.draw(MOI_VALID))
    if data.draw(st.booleans()):
        rejects(t.distribution, "k_max", data.draw(int_arg(1, engineering.K_MAX)[1]))
        return
    k_max = data.draw(st.integers(1, engineering.K_MAX))
    d = t.distribution(k_max)
    finite_everywhere(d)
    assert len(d) == k_max + 1 and np.all(d >= 0) and d.sum() == pytest.approx(1.0)


@FAST
@given(data=st.data())
def test_copies_for_cells(data):
    def check(c, moi, n_cells, seed):
        assert c.shape == (n_cells,) and c.min() >= 0 and c.max() <= engineering.K_MAX
        more = engineering.copies_for_cells(moi=min(20.0, moi * 2), n_cells=n_cells, seed=seed)
        assert np.all(more >= c)  # raising the MOI never takes copies away

    run_spec(data, "engineering.copies_for_cells", engineering.copies_for_cells,
             {"moi": (MOI_VALID, MOI[1]),
              "n_cells": int_arg(1, 100_000, grid=[1, 2, 50, 400, 100_000]),
              "seed": (st.sampled_from([0, 1, 2026, 10 ** 20]), int_arg(0, None)[1])},
             check=lambda c, **kw: check(c, **kw))


KINDS = ["binder", "hinge", "transmembrane", "costimulatory", "vector", "signal"]


@FAST
@given(data=st.data())
def test_parts_and_part(data):
    count("engineering.parts")
    count("engineering.part")
    kinds = sorted({p.part for p in engineering._parts()})
    if data.draw(st.booleans()):
        bad = data.draw(choice_arg(kinds)[1])
        rejects(engineering.parts, "kind", bad)
        rejects(engineering.part, "kind", bad, "x")
        kind = data.draw(st.sampled_from(kinds))
        rejects(engineering.part, "key", kind,
                data.draw(choice_arg([p.key for p in engineering.parts(kind)])[1]))
        return
    kind = data.draw(st.sampled_from(kinds))
    ps = engineering.parts(kind)
    assert ps and all(p.part == kind for p in ps)
    p = data.draw(st.sampled_from(ps))
    assert engineering.part(kind, p.key) == p
    finite_everywhere(p)


@FAST
@given(data=st.data())
def test_preset_parts_and_vector_info(data):
    count("engineering.preset_parts")
    count("engineering.vector_info")
    if data.draw(st.booleans()):
        rejects(engineering.preset_parts, "product",
                data.draw(st.sampled_from(BAD_STR + ["Provenge", "nope"])))
        rejects(engineering.vector_info, "name",
                data.draw(choice_arg(["lentiviral", "gamma-retroviral"])[1]))
        return
    name = data.draw(st.one_of(st.sampled_from(ALL_PRODUCTS), case_variants(ALL_PRODUCTS)))
    settings_ = engineering.preset_parts(name)
    settings_["binder"] = "mutated"  # a copy: the cache must not change
    again = engineering.preset_parts(name)
    assert again["binder"] != "mutated" and again["generation"] == 2
    c = engineering.car_construct(**again, preset=facts.product(name).brand)
    assert facts.product(name).brand in c.matches
    v, users = engineering.vector_info(data.draw(st.sampled_from(["lentiviral",
                                                                  "gamma-retroviral"])))
    assert v.part == "vector" and users


def _construct_args():
    return {k: choice_arg([p.key for p in engineering.parts(k)])
            for k in ("binder", "hinge", "transmembrane", "costimulatory")} | {
        "generation": int_arg(1, 5),
        "preset": choice_arg(("custom",) + engineering.PRESETS)}


@FAST
@given(data=st.data())
def test_car_construct(data):
    def check(c, **kw):
        n_costim = {1: 0, 3: 2}.get(kw["generation"], 1)
        assert len(c.costimulatory) == n_costim
        assert c.domains[0].kind == "binder" and c.domains[-1].kind == "signal"
        assert c.name

    run_spec(data, "engineering.car_construct", engineering.car_construct, _construct_args(),
             check=check)


# -- expansion ---------------------------------------------------------------------------------

@FAST
@given(data=st.data())
def test_sci(data):
    def check(s, x):
        assert isinstance(s, str) and "nan" not in s and "inf" not in s
        if x > 0:
            mant = float(s.split(" ")[0])
            assert 1 <= mant < 10

    run_spec(data, "expansion.sci", expansion.sci,
             {"x": (st.one_of(st.floats(0, 1.7976931348623157e308),
                              st.sampled_from([0, 1, 9.96e8, 5e-324, 1e-320])),
                    real_arg(0.0, None)[1])},
             positional=("x",), check=check)


REGIMENS = expansion.regimens()


@FAST
@given(data=st.data())
def test_label_dose(data):
    count("expansion.regimens")
    assert expansion.regimens() == REGIMENS

    def check(d, regimen, weight_kg):
        assert 0 < d.low_cells <= d.high_cells and d.text and d.regimen == regimen

    run_spec(data, "expansion.label_dose", expansion.label_dose,
             {"regimen": choice_arg(REGIMENS), "weight_kg": real_arg(5.0, 200.0)},
             positional=("regimen", "weight_kg"), check=check)


@FAST
@given(data=st.data())
def test_weight_matters(data):
    def check(r, regimen):
        assert isinstance(r, bool)
        # a dose that does not depend on weight is the same at 40 and at 120 kg
        if not r:
            assert (expansion.label_dose(regimen, 40).low_cells
                    == expansion.label_dose(regimen, 120).low_cells)

    run_spec(data, "expansion.weight_matters", expansion.weight_matters,
             {"regimen": choice_arg(REGIMENS)}, positional=("regimen",), check=check)


@FAST
@given(data=st.data())
def test_grow(data):
    def check(r, **kw):
        assert np.all(np.diff(r.car_cells) > 0) and r.fold_expansion >= 1
        assert r.final_car_cells == pytest.approx(r.car_cells[-1])
        for d in (r.day_low_reached, r.day_high_reached):
            assert d is None or 0 <= d <= r.days_in_culture + 1e-9
        if r.day_low_reached is not None and r.day_high_reached is not None:
            assert r.day_low_reached <= r.day_high_reached

    run_spec(data, "expansion.grow", expansion.grow,
             {"starting_cells": real_arg(1e5, 1e11), "transduction_percent": real_arg(1, 100),
              "doubling_time_days": real_arg(0.25, 10), "days_in_culture": real_arg(1, 30),
              "regimen": choice_arg(REGIMENS), "weight_kg": real_arg(5.0, 200.0)}, check=check)


LABELS = expansion.v2v_labels()


@FAST
@given(data=st.data())
def test_wait(data):
    count("expansion.v2v_rows")
    count("expansion.v2v_labels")
    rows = expansion.v2v_rows()
    assert [r["median_days"] for r in rows] == sorted(r["median_days"] for r in rows)
    assert expansion.v2v_labels() == LABELS

    def check(w, **kw):
        assert w.fold_growth >= 1 and w.wait_days >= w.row["median_days"]
        assert w.doublings == pytest.approx(w.wait_days / w.disease_doubling_days)

    run_spec(data, "expansion.wait", expansion.wait,
             {"setting": choice_arg(LABELS), "disease_doubling_days": real_arg(2.0, 365.0),
              "extra_delay_days": real_arg(0.0, 90.0)}, check=check)


# -- toxicity ----------------------------------------------------------------------------------

TEMPS = real_arg(30.0, 44.0)
OXY = [k for k in toxicity.OXYGEN if k != "nasal_cannula"]


def _crs_args():
    return {"temperature_c": TEMPS, "hypotension": bool_arg(),
            "vasopressors": int_arg(0, 5), "vasopressin": bool_arg(),
            "oxygen": choice_arg(toxicity.OXYGEN),
            "oxygen_flow_l_min": real_arg(0.0, 80.0),
            "fever_other_cause": bool_arg(), "after_anticytokine": bool_arg()}


def _crs_fix(kw):
    if kw["oxygen"] == "nasal_cannula" and kw["oxygen_flow_l_min"] <= 0:
        kw["oxygen_flow_l_min"] = 0.5
    return kw


def _oxy_grade(oxygen, flow):
    g = toxicity.OXYGEN[oxygen][0]
    return g if g is not None else (2 if flow <= toxicity.LOW_FLOW_MAX_L_MIN else 3)


def _crs_check(r, **kw):
    assert 0 <= r.grade <= 4 and r.kind == "CRS" and r.reasons
    febrile = kw["temperature_c"] >= 38 and not kw["fever_other_cause"]
    if not febrile and not kw["after_anticytokine"]:
        assert r.grade == 0
    else:
        assert r.grade == max(int(febrile), _oxy_grade(kw["oxygen"], kw["oxygen_flow_l_min"]),
                              4 if kw["vasopressors"] >= 2 else
                              3 if kw["vasopressors"] == 1 or kw["vasopressin"] else
                              2 if kw["hypotension"] else 0)
    assert set(r.deciding) <= {"fever", "hypotension", "hypoxia"}


@FAST
@given(data=st.data())
def test_grade_crs(data):
    run_spec(data, "toxicity.grade_crs", toxicity.grade_crs, _crs_args(), fix=_crs_fix,
             check=_crs_check)


@slow(500)  # plus the 1,000 cases of test_grade_crs
@given(data=st.data())
def test_grade_crs_never_falls_as_findings_worsen(data):
    count("toxicity.grade_crs")
    kw = _crs_fix({k: data.draw(v[0], label=k) for k, v in _crs_args().items()})
    base = toxicity.grade_crs(**kw).grade
    worse = dict(kw)
    what = data.draw(st.sampled_from(["temperature_c", "hypotension", "vasopressors",
                                      "vasopressin", "oxygen", "after_anticytokine"]))
    if what == "temperature_c":
        worse["temperature_c"] = data.draw(st.floats(kw["temperature_c"], 44.0))
    elif what == "vasopressors":
        worse["vasopressors"] = data.draw(st.integers(kw["vasopressors"], 5))
    elif what == "oxygen":
        g0 = _oxy_grade(kw["oxygen"], kw["oxygen_flow_l_min"])
        o = data.draw(st.sampled_from(list(toxicity.OXYGEN)))
        f = data.draw(st.floats(0.5, 80.0)) if o == "nasal_cannula" else kw["oxygen_flow_l_min"]
        if _oxy_grade(o, f) < g0:
            return
        worse["oxygen"], worse["oxygen_flow_l_min"] = o, f
    else:
        worse[what] = True
    assert toxicity.grade_crs(**worse).grade >= base
    # higher nasal-cannula flow never lowers the grade
    lo_f, hi_f = sorted(data.draw(st.lists(st.floats(0.1, 80.0), min_size=2, max_size=2)))
    kw2 = dict(kw, oxygen="nasal_cannula")
    assert (toxicity.grade_crs(**dict(kw2, oxygen_flow_l_min=hi_f)).grade
            >= toxicity.grade_crs(**dict(kw2, oxygen_flow_l_min=lo_f)).grade)


ICE_ARGS = {"orientation": int_arg(0, 4), "naming": int_arg(0, 3),
            "follows_commands": bool_arg(), "writing": bool_arg(), "attention": bool_arg()}


@FAST
@given(data=st.data())
def test_ice_score(data):
    def check(s, **kw):
        assert isinstance(s, int) and 0 <= s <= 10
        assert s == kw["orientation"] + kw["naming"] + sum(
            int(kw[k]) for k in ("follows_commands", "writing", "attention"))

    run_spec(data, "toxicity.ice_score", toxicity.ice_score, ICE_ARGS, check=check)


def _icans_args():
    not_none = lambda s: s.filter(lambda v: v is not None)  # noqa: E731 (None is allowed)
    return {"age_years": real_arg(0.0, 120.0), "ice": (int_arg(0, 10)[0],
                                                       not_none(int_arg(0, 10)[1])),
            "capd": (st.one_of(st.none(), st.integers(0, 32)), not_none(int_arg(0, 32)[1])),
            "consciousness": choice_arg(toxicity.CONSCIOUSNESS),
            "seizure": choice_arg(toxicity.SEIZURE), "motor_weakness": bool_arg(),
            "cerebral_edema": choice_arg(toxicity.CEREBRAL_EDEMA),
            "raised_icp_signs": bool_arg()}


def _icans_check(r, **kw):
    assert 0 <= r.grade <= 4 and r.kind == "ICANS" and r.reasons
    assert r.grade >= toxicity.CONSCIOUSNESS[kw["consciousness"]][0]
    assert r.grade >= toxicity.SEIZURE[kw["seizure"]][0]
    assert r.grade >= toxicity.CEREBRAL_EDEMA[kw["cerebral_edema"]][0]
    if kw["motor_weakness"] or kw["raised_icp_signs"]:
        assert r.grade == 4


@FAST
@given(data=st.data())
def test_grade_icans(data):
    # ``ice`` is also allowed to be None (then required only for age > 12)
    args = _icans_args()
    run_spec(data, "toxicity.grade_icans", toxicity.grade_icans, args, check=_icans_check)
    rejects(toxicity.grade_icans, "ice", age_years=data.draw(st.floats(12.001, 120.0)),
            ice=None)


ORDER = {"consciousness": toxicity.CONSCIOUSNESS, "seizure": toxicity.SEIZURE,
         "cerebral_edema": toxicity.CEREBRAL_EDEMA}


@slow(500)  # plus the 1,000 cases of test_grade_icans
@given(data=st.data())
def test_grade_icans_never_falls_as_findings_worsen(data):
    count("toxicity.grade_icans")
    kw = {k: data.draw(v[0], label=k) for k, v in _icans_args().items()}
    base = toxicity.grade_icans(**kw).grade
    worse = dict(kw)
    what = data.draw(st.sampled_from(["ice", "capd", "consciousness", "seizure",
                                      "cerebral_edema", "motor_weakness", "raised_icp_signs"]))
    if what == "ice":
        worse["ice"] = data.draw(st.integers(0, kw["ice"]))  # lower ICE is worse
    elif what == "capd":
        worse["capd"] = (None if kw["capd"] is None or data.draw(st.booleans())
                         else data.draw(st.integers(kw["capd"], 32)))  # higher/unable: worse
    elif what in ORDER:
        table = ORDER[what]
        worse[what] = data.draw(st.sampled_from(
            [k for k, (g, _) in table.items() if g >= table[kw[what]][0]]))
    else:
        worse[what] = True
    assert toxicity.grade_icans(**worse).grade >= base


# -- kinetics: competition ---------------------------------------------------------------------

COMP_GRIDS = {
    "days": [7, 30, 90, 180, 365, 1000],
    "normal_t0": list(np.geomspace(1e6, 2.5e11, 20)),
    "car_t0": list(np.geomspace(1e5, 1e10, 20)),
    "tumour0": list(np.geomspace(1.0, 1e13, 20)),
    "tumour_growth_per_day": list(np.linspace(0.0, 1.0, 21)),
    "car_capacity": list(np.geomspace(1e9, 2.5e11, 20)),
    "kill_rate_per_day": list(np.linspace(0.0, 5.0, 21)),
}
COMP_RANGES = {"days": (7, 1000), "normal_t0": (1e6, 2.5e11), "car_t0": (1e5, 1e10),
               "tumour0": (1.0, 1e13), "tumour_growth_per_day": (0.0, 1.0),
               "car_capacity": (1e9, 2.5e11), "kill_rate_per_day": (0.0, 5.0)}


def _comp_args():
    out = {k: real_arg(*COMP_RANGES[k], grid=COMP_GRIDS[k]) for k in COMP_RANGES}
    out["days"] = int_arg(7, 1000, grid=COMP_GRIDS["days"])
    return out


@FAST
@given(data=st.data())
def test_simulate_competition_rejects_bad_input(data):
    count("kinetics.simulate_competition")
    args = _comp_args()
    kw = {k: data.draw(v[0], label=k) for k, v in args.items()}
    bad = data.draw(st.sampled_from(sorted(args)))
    kw[bad] = data.draw(args[bad][1])
    rejects(kinetics.simulate_competition, bad, **kw)


@slow(150)
@given(data=st.data())
def test_simulate_competition_valid(data):
    count("kinetics.simulate_competition")
    kw = {k: data.draw(v[0], label=k) for k, v in _comp_args().items()}
    if kw["days"] >= 365 and data.draw(st.integers(0, 3)):
        kw["days"] = 180  # keep most runs short
    try:
        r = kinetics.simulate_competition(**kw)
    except ValueError as exc:  # only the documented overflow guard
        assert kw["tumour_growth_per_day"] * kw["days"] > 600 and "days" in str(exc)
        return
    finite_everywhere(r)
    for arr in (r.normal, r.car_t, r.tumour):
        assert np.all(arr >= 0) and arr.shape == r.t_days.shape
    finite_everywhere([r.car_peak, r.car_peak_day, r.tumour_nadir, r.expansion_fold])
    assert r.t_days[-1] == kw["days"]


# -- kinetics: multiphasic ---------------------------------------------------------------------

CK_GRIDS = {"cmax": [1e-3, 1.0, 1e3, 24000.0, 2e5, 1e9],
            "tmax_days": [1e-3, 0.5, 2.0, 9.3, 30.0, 365.0],
            "foldx": [1.0 + 1e-12, 1.5, 10.0, 3900.0, 1e5, 1e12],
            "alpha_per_day": [0.04, 0.16, 0.6, 5.0, 100.0],
            "fb": [0.0, 1e-4, 0.0079, 0.3, 0.5, 1.0],
            "beta_per_day": [1e-6, 1e-4, 0.0032, 0.03]}
CK_RANGES = {"cmax": (0.0, 1e9, True), "tmax_days": (0.0, 365.0, True),
             "foldx": (1.0, 1e12, True), "alpha_per_day": (0.0, 100.0, True),
             "fb": (0.0, 1.0, False), "beta_per_day": (0.0, 100.0, True)}


def _ck_args(grid=True):
    out = {}
    for k, (lo, hi, lo_open) in CK_RANGES.items():
        valid, bad = real_arg(lo, hi, lo_open=lo_open)
        vals = st.sampled_from(CK_GRIDS[k])
        out[k] = (vals if grid else st.one_of(vals, valid.filter(lambda v: v > 0)), bad)
    return out


def _ck_fix(kw):
    if not kw["alpha_per_day"] > kw["beta_per_day"]:
        kw["alpha_per_day"] = kw["beta_per_day"] * 10
    kw["cmax"] = min(max(kw["cmax"], 1e-3), 1e9)
    kw["tmax_days"] = min(max(kw["tmax_days"], 1e-3), 365.0)
    for k in ("alpha_per_day", "beta_per_day"):
        kw[k] = min(max(kw[k], 1e-6), 100.0)
    if not kw["alpha_per_day"] > kw["beta_per_day"]:
        kw["alpha_per_day"], kw["beta_per_day"] = 100.0, 1e-6
    return kw


T_BAD = st.sampled_from([None, "1", "", b"1", {}, 1 + 2j, object(), [None], ["1"], NAN, INF,
                         -1.0, -1e-9, [1.0, -1.0], [1.0, NAN], [[1.0], [2.0, 3.0]],
                         np.array([1 + 2j]), ["a"], True])


@FAST
@given(data=st.data())
def test_multiphasic_ck(data):
    count("kinetics.multiphasic_ck")
    args = _ck_args(grid=False)
    kw = _ck_fix({k: data.draw(v[0], label=k) for k, v in args.items()})
    mode = data.draw(st.sampled_from(["bad_param", "bad_t", "ok"]))
    if mode == "bad_param":
        bad = data.draw(st.sampled_from(sorted(args)))
        kw[bad] = data.draw(args[bad][1])
        rejects(kinetics.multiphasic_ck, bad, 1.0, **kw)
        return
    if mode == "bad_t":
        rejects(kinetics.multiphasic_ck, "t_days", data.draw(T_BAD), **kw)
        return
    tmax = kw["tmax_days"]
    t = data.draw(st.floats(0.0, 2000.0))
    c = kinetics.multiphasic_ck(t, **kw)
    assert isinstance(c, float) and math.isfinite(c) and c >= 0
    # continuous at tmax, equal to cmax there
    at = kinetics.multiphasic_ck(tmax, **kw)
    assert at == pytest.approx(kw["cmax"], rel=1e-9)
    just_before = kinetics.multiphasic_ck(np.nextafter(tmax, 0.0), **kw)
    assert just_before == pytest.approx(at, rel=1e-6)
    # positive, rising before tmax and falling after (on a bounded time window)
    ts = np.sort(np.concatenate([np.linspace(0, tmax, 50), tmax + np.linspace(0, 60, 50)]))
    cs = kinetics.multiphasic_ck(ts, **kw)
    assert cs.shape == ts.shape and np.all(np.isfinite(cs))
    before, after = cs[ts <= tmax], cs[ts >= tmax]
    assert np.all(np.diff(before) >= -1e-12 * kw["cmax"])
    assert np.all(np.diff(after) <= 1e-12 * kw["cmax"])
    if kw["cmax"] >= 1 and kw["foldx"] <= 1e5 and kw["alpha_per_day"] <= 5 and kw["fb"] > 0:
        assert np.all(cs > 0)


@FAST
@given(data=st.data())
def test_ck_auc_and_readouts(data):
    count("kinetics._multiphasic.ck_auc")
    count("kinetics._multiphasic.ck_readouts")
    args = _ck_args()
    kw = _ck_fix({k: data.draw(v[0], label=k) for k, v in args.items()})
    mode = data.draw(st.sampled_from(["bad_param", "bad_t", "bad_kw", "ok"]))
    if mode == "bad_param":
        bad = data.draw(st.sampled_from(sorted(args)))
        kw[bad] = data.draw(args[bad][1])
        rejects(mp.ck_auc, bad, 10.0, **kw)
        rejects(mp.ck_readouts, bad, **kw)
        return
    if mode == "bad_t":
        rejects(mp.ck_auc, "t_end_days", data.draw(real_arg(0.0, None)[1]), **kw)
        return
    if mode == "bad_kw":
        name = data.draw(st.sampled_from(["Cmax", "tmax", "t_days", "band", "x"]))
        rejects(mp.ck_readouts, name, **kw, **{name: 1.0})
        return
    t_end = data.draw(st.sampled_from([0.0, 1e-3, 1.0, 9.3, 28.0, 365.0, 1e6]))
    auc = mp.ck_auc(t_end, **kw)
    assert math.isfinite(auc) and auc >= 0
    assert mp.ck_auc(t_end * 2 + 1, **kw) >= auc  # never decreases with time
    r = mp.ck_readouts(**kw)
    finite_everywhere(r)
    assert r.auc_0_28 == pytest.approx(mp.ck_auc(28.0, **kw))


@FAST
@given(data=st.data())
def test_simulate_ck_and_virtual_patients(data):
    count("kinetics._multiphasic.simulate_ck")
    count("kinetics._multiphasic.virtual_patients")
    args = _ck_args()
    kw = _ck_fix({k: data.draw(v[0], label=k) for k, v in args.items()})
    extra = {"band": bool_arg(), "n_virtual": int_arg(1, 5000, grid=[1, 5, 50]),
             "seed": int_arg(0, None, grid=[0, 2019])}
    ex = {k: data.draw(v[0], label=k) for k, v in extra.items()}
    mode = data.draw(st.sampled_from(["bad", "bad_vp", "ok"]))
    if mode == "bad":
        allargs = args | extra
        bad = data.draw(st.sampled_from(sorted(allargs)))
        full = kw | ex
        full[bad] = data.draw(allargs[bad][1])
        rejects(mp.simulate_ck, bad, **full)
        return
    if mode == "bad_vp":
        which = data.draw(st.sampled_from(["n", "seed", "t_days"]))
        if which == "t_days":
            rejects(mp.virtual_patients, "t_days", 3,
                    t_days=data.draw(T_BAD.filter(lambda v: v is not None)), **kw)
        else:
            lim = (1, 5000) if which == "n" else (0, None)
            rejects(mp.virtual_patients, which, **{which: data.draw(int_arg(*lim)[1])}, **kw)
        return
    r = mp.simulate_ck(**kw, **ex)
    finite_everywhere(r)
    assert np.all(r.copies >= 0)
    if ex["band"]:
        assert np.all(r.band_low <= r.band_median) and np.all(r.band_median <= r.band_high)
    vp = mp.virtual_patients(ex["n_virtual"], seed=ex["seed"], t_days=[0.0, 10.0, 100.0], **kw)
    assert vp.shape == (ex["n_virtual"], 3) and np.all(np.isfinite(vp)) and np.all(vp >= 0)


# -- tumour (CARTmath) -------------------------------------------------------------------------

CART_DAYS = {"HDLM-2": [1.0, 50.0, 120.0, 200.0, 258.0, 300.0],
             "RAJI": [1.0, 8.0, 15.0, 22.0, 30.0, 40.0]}
DOSES = [0.0, 1e5, 1e6, 1.5e6, 1e7, 1e8, 1e10]


def _cart_draw(data):
    preset = data.draw(st.sampled_from(sorted(tumour.PRESETS)))
    days = data.draw(st.sampled_from(CART_DAYS[preset]))
    dose_day = data.draw(st.sampled_from([d for d in (0.0, 1.0, 7.0, 14.0, 42.0, 100.0,
                                                       days * 0.5, days * 0.95) if d < days]))
    return preset, {"days": days, "dose_day": dose_day,
                    "dose_cells": data.draw(st.sampled_from(DOSES))}


def _cart_bad(data, preset):
    lim = tumour.MAX_DAYS[preset]
    which = data.draw(st.sampled_from(["preset", "days", "dose_cells", "dose_day", "method",
                                       "n_points"]))
    not_none = lambda s: s.filter(lambda v: v is not None)  # noqa: E731 (None: the default)
    value = {
        "preset": choice_arg(tumour.PRESETS)[1],
        "days": not_none(real_arg(0.0, lim, lo_open=True)[1]),
        "dose_cells": not_none(real_arg(0.0, 1e10)[1]),
        "dose_day": not_none(st.sampled_from(BAD_REAL + [-1.0, -1e-9, lim, lim + 1, 1e308])),
        "method": choice_arg(tumour.METHODS)[1],
        "n_points": int_arg(10, 5000)[1],
    }[which]
    return which, data.draw(value)


@FAST
@given(data=st.data())
def test_simulate_cartmath_rejects_bad_input(data):
    count("tumour.simulate_cartmath")
    preset, kw = _cart_draw(data)
    which, value = _cart_bad(data, preset)
    if which == "preset":
        preset = value
    else:
        kw[which] = value
    rejects(tumour.simulate_cartmath, which, preset, **kw)


@slow(300)
@given(data=st.data())
def test_simulate_cartmath_valid(data):
    count("tumour.simulate_cartmath")
    preset, kw = _cart_draw(data)
    method = data.draw(st.sampled_from(["LSODA"] * 4 + ["Radau", "BDF"]))
    if method != "LSODA":
        kw = {"days": tumour.PRESETS[preset].days}  # the slower solvers: published scenario
    r = tumour.simulate_cartmath(preset, method=method, **kw)
    finite_everywhere(r)
    for arr in (r.effector, r.memory, r.tumour):
        assert arr.shape == r.t_days.shape and np.all(arr >= 0)
    assert np.all(np.diff(r.t_days) >= 0) and r.t_days[-1] == pytest.approx(r.days)
    assert np.all(r.effector[r.t_days < r.dose_day] == 0)
    finite_everywhere([r.peak_effector, r.peak_effector_day, r.tumour_final])


@FAST
@given(data=st.data())
def test_rk4_and_compare_solvers(data):
    count("tumour.rk4_fixed_step")
    count("tumour.compare_solvers")
    preset, kw = _cart_draw(data)
    mode = data.draw(st.integers(0, 19))
    if mode < 9:
        which, value = _cart_bad(data, preset)
        if which in ("method", "n_points"):
            which, value = "dt_days", data.draw(real_arg(1e-6, 0.5)[1])
        if which == "preset":
            preset = value
        else:
            kw[which] = value
        kw.setdefault("dt_days", 0.5)
        rejects(tumour.rk4_fixed_step, which, preset, **kw)
        return
    if mode < 18:
        bad = data.draw(st.sampled_from(BAD_STR + [(), (0.0,), (1.0,), (NAN,), ("a",), 0.1]))
        which = "dts_days"
        if isinstance(bad, str) and data.draw(st.booleans()):
            rejects(tumour.compare_solvers, "preset", bad, (0.5,))
            return
        rejects(tumour.compare_solvers, which, "RAJI", bad)
        return
    # valid (cheap: short horizons, coarse steps; the Radau reference is cached)
    kw["days"] = min(kw["days"], 15.0)
    kw["dose_day"] = min(kw["dose_day"], kw["days"] / 2)
    dt = data.draw(st.sampled_from([0.05, 0.1, 0.25, 0.5]))
    try:
        r = tumour.rk4_fixed_step(preset, dt_days=dt, **kw)
    except ValueError as exc:  # an unstable explicit step is refused, never returned as NaN
        assert "dt_days" in str(exc) and "too large" in str(exc)
        return
    assert r.t_days[-1] == pytest.approx(kw["days"], abs=dt)
    if preset == "HDLM-2" or dt <= 0.1:
        finite_everywhere(r)
    cmp = tumour.compare_solvers(preset, (dt,))
    assert len(cmp.summary()) == 2


# -- outcomes ----------------------------------------------------------------------------------

@FAST
@given(data=st.data())
def test_solid_tumour_view(data):
    def check(v, **kw):
        assert v.cells_working + v.cells_switched_off == v.cells_in_tumour
        assert 0 <= v.cells_working <= 20 and v.headline and v.short

    run_spec(data, "outcomes.solid_tumour_view", outcomes.solid_tumour_view,
             {"trafficking": bool_arg(), "hostile": bool_arg(),
              "antigen_positive_fraction": real_arg(0.0, 1.0)}, check=check)


@FAST
@given(data=st.data())
def test_trial_names_and_check_trial(data):
    count("outcomes.trial_names")
    names = outcomes.trial_names()
    assert sorted(names) == sorted([t.name for t in facts.trials()]
                                   + [t.name for t in facts.randomised_trials()])

    def check(r, name):
        assert r == name and facts.trial(r).name == name

    run_spec(data, "outcomes.check_trial", outcomes.check_trial,
             {"name": (st.sampled_from(names),
                       st.one_of(choice_arg(names)[1],
                                 st.text(max_size=12).filter(lambda t: t not in names)))},
             positional=("name",),
             check=check, aliases={"name": ("trial",)})  # the widget's control is "trial"
