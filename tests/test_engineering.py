"""Transduction (Poisson) model, CAR builder, products table and explorers."""

import math

import pytest

from benchmarks.explorers import user_changes
from explainer import facts
from explainer.models import engineering as eng
from explainer.widgets.engineering import CarBuilderExplorer, TransductionExplorer, product_table


def test_transduction_hand_computed_at_moi_1():
    t = eng.transduction(moi=1.0)
    assert t.fraction_transduced == pytest.approx(1 - math.exp(-1))          # 0.632
    assert t.mean_vcn_transduced == pytest.approx(1 / (1 - math.exp(-1)))    # 1.582
    assert t.vcn_probability(0) == pytest.approx(math.exp(-1))
    assert t.vcn_probability(2) == pytest.approx(math.exp(-1) / 2)
    # P(k > 1 | k >= 1) = (1 - e^-1 - e^-1) / (1 - e^-1)
    assert t.fraction_above(1) == pytest.approx((1 - 2 * math.exp(-1)) / (1 - math.exp(-1)))
    assert t.fraction_above(0) == pytest.approx(1.0)


def test_transduction_at_moi_3():
    t = eng.transduction(moi=3.0)
    assert t.fraction_transduced == pytest.approx(0.950213, abs=1e-6)
    assert t.mean_vcn_transduced == pytest.approx(3.157187, abs=1e-6)


@pytest.mark.parametrize("moi", [0.01, 0.5, 1, 4, 20])
def test_probabilities_sum_to_one_and_mean_is_moi(moi):
    t = eng.transduction(moi=moi)
    ps = [t.vcn_probability(k) for k in range(200)]
    assert sum(ps) == pytest.approx(1.0)
    assert sum(k * p for k, p in enumerate(ps)) == pytest.approx(moi)
    assert t.distribution(10).sum() == pytest.approx(1.0)


def test_monotone_in_moi():
    ts = [eng.transduction(moi=m) for m in (0.1, 0.5, 1, 2, 5, 10, 20)]
    for a, b in zip(ts, ts[1:], strict=False):
        assert b.fraction_transduced > a.fraction_transduced
        assert b.mean_vcn_transduced > a.mean_vcn_transduced
        assert b.fraction_above(5) > a.fraction_above(5)


def test_low_moi_limit():
    t = eng.transduction(moi=1e-6)
    assert t.mean_vcn_transduced == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("moi", [0, -1, 20.5, math.inf, math.nan])
def test_bad_moi_raises_value_error_with_range(moi):
    with pytest.raises(ValueError, match=r"moi must be .*20"):
        eng.transduction(moi=moi)


@pytest.mark.parametrize("moi", ["1", None, True])
def test_bad_moi_type(moi):
    with pytest.raises(TypeError, match="moi"):
        eng.transduction(moi=moi)


def test_k_and_limit_are_validated():
    t = eng.transduction(moi=1)
    with pytest.raises(ValueError, match="k"):
        t.vcn_probability(-1)
    with pytest.raises(TypeError, match="k"):
        t.vcn_probability(1.5)
    with pytest.raises(ValueError, match="limit"):
        t.fraction_above(-2)
    with pytest.raises(TypeError, match="limit"):
        t.fraction_above("5")


def test_cell_field_is_seeded_and_monotone():
    a = eng.copies_for_cells(moi=1.0)
    assert (a == eng.copies_for_cells(moi=1.0)).all()
    b = eng.copies_for_cells(moi=2.0)
    assert (b >= a).all()
    assert abs((a > 0).mean() - (1 - math.exp(-1))) < 0.08


def test_presets_reproduce_products_csv():
    for brand in eng.PRESETS:
        p = facts.product(brand)
        k = eng.car_construct(preset=brand, **eng.preset_parts(brand))
        assert k.target == p.target
        assert brand in k.matches
        assert [c.match for c in k.costimulatory] == [p.costimulatory]
    assert eng.preset_parts("Breyanzi")["hinge"] == "igg4"
    assert eng.car_construct(preset="Aucatzyl", **eng.preset_parts("Aucatzyl")).unverified


def test_generations_change_the_domains():
    base = dict(binder="fmc63_scfv", hinge="cd8a", transmembrane="cd8a", costimulatory="cd28")
    kinds = {g: [d.kind for d in eng.car_construct(generation=g, **base).domains]
             for g in range(1, 6)}
    assert kinds[1].count("costimulatory") == 0
    assert kinds[2].count("costimulatory") == 1
    assert kinds[3].count("costimulatory") == 2
    assert eng.car_construct(generation=4, **base).payload
    assert "extra" in kinds[5]
    assert kinds[2][-1] == "signal"
    with pytest.raises(ValueError, match="generation"):
        eng.car_construct(generation=6, **base)
    with pytest.raises(ValueError, match="binder"):
        eng.car_construct(generation=2, **{**base, "binder": "nanobody"})


def test_product_table_has_every_product_and_its_sources():
    t = product_table()
    md, html = t._repr_markdown_(), t._repr_html_()
    for p in facts.products():
        assert p.brand in md and p.brand in html
        row = next(r for r in t.rows if r[0] == p.brand)
        assert row[-1] == ", ".join(p.sources)
    assert md.count("\n") == len(facts.products()) + 1
    assert t.headers[0] == "Product" and t.headers[-1] == "Sources"


def test_car_builder_explorer():
    e = CarBuilderExplorer(key="test")
    png0, text0 = e.image_bytes(), e.describe()
    e.set(preset="Yescarta")
    assert e.values["costimulatory"] == "cd28" and e.values["hinge"] == "cd28"
    assert "Yescarta" in e.result.matches and e.image_bytes() != png0 and e.describe() != text0
    e.set(generation=3)
    assert e.values["preset"] == "custom"
    assert len(e.result.costimulatory) == 2
    with pytest.raises(ValueError, match="generation"):
        e.set(generation=7)
    for change in user_changes(e, 10):
        e.set(**change)
        assert e.image_bytes().startswith(b"\xff\xd8\xff")
    e.close()


def test_transduction_explorer():
    e = TransductionExplorer(key="test")
    png0, text0 = e.image_bytes(), e.describe()
    e.set(moi=3.0)
    assert e.result.transduction.fraction_transduced == pytest.approx(1 - math.exp(-3))
    assert e.image_bytes() != png0 and e.describe() != text0
    text1 = e.describe()
    e.set(vector="gamma-retroviral")
    assert "γ-retroviral" in e.describe() and e.describe() != text1
    assert set(e.result.vector_users) == {"Yescarta", "Tecartus"}
    text2 = e.describe()
    e.set(vcn_limit=2)
    assert e.describe() != text2
    with pytest.raises(ValueError, match="moi"):
        e.set(moi=50)
    e.close()


def test_part_users_is_public_and_checked():
    assert "part_users" in eng.__all__
    assert eng.part_users("hinge", "igg4") == ("Breyanzi",)
    assert set(eng.part_users("costimulatory", "cd28")) == {"Yescarta", "Tecartus"}
    assert eng.part_users("binder", "bcma_vhh2") == ("Carvykti",)
    with pytest.raises(ValueError, match="kind"):
        eng.part_users("vector", "lentiviral")
    with pytest.raises(ValueError, match="hinge key"):
        eng.part_users("hinge", "cd4")


def test_car_builder_keeps_preset_and_parts_consistent_through_follow():
    assert "_on_control" not in CarBuilderExplorer.__dict__  # the public hook does it
    e = CarBuilderExplorer(key="test-follow")
    try:
        # as a user moves the dropdowns (not through set)
        e.controls["preset"].value = "Breyanzi"
        assert {k: e.values[k] for k in eng.preset_parts("Breyanzi")} == \
            eng.preset_parts("Breyanzi")
        assert e.result.preset == "Breyanzi" and "Breyanzi" in e.result.matches
        e.controls["hinge"].value = "cd8a"
        assert e.values["preset"] == "custom" and e.result.preset is None
        assert e.values["binder"] == eng.preset_parts("Breyanzi")["binder"]
        e.controls["preset"].value = "custom"  # nothing follows "custom"
        assert e.values["hinge"] == "cd8a"
        # a part moved back to the preset's own value: the preset stays
        assert e.follow("hinge", {**eng.preset_parts("Kymriah"), "preset": "Kymriah"}) == {}
        # set(): in the order given, as if moved by hand
        e.set(preset="Carvykti", generation=3)
        assert e.values["binder"] == "bcma_vhh2" and e.values["preset"] == "custom"
    finally:
        e.close()


def _region(diagram, ax):
    """The pixels of one axes' box as drawn now."""
    import numpy as np

    diagram.render()
    rgba = np.asarray(diagram.canvas.buffer_rgba())
    h = rgba.shape[0]
    x0, y0, x1, y1 = (int(round(v)) for v in ax.get_window_extent().extents)
    return rgba[h - y1:h - y0, x0:x1, :3].copy()


@pytest.mark.parametrize("style", ["notebook", "slides", "phone"])
def test_the_two_vectors_draw_different_biology(style):
    e = TransductionExplorer(style=style, key=f"test-vectors-{style}")
    try:
        d = e.diagram
        lenti = {name: _region(d, getattr(d, name)) for name in ("nx", "gx", "ax")}
        alt_lenti, panel_lenti = d.alt, e.panel.value
        e.set(vector="gamma-retroviral")
        d = e.diagram
        gamma = {name: _region(d, getattr(d, name)) for name in ("nx", "gx", "ax")}
        # the nucleus (pores vs mitosis) and the integration sites differ ...
        for name in ("nx", "gx"):
            changed = (lenti[name] != gamma[name]).any(axis=2).mean()
            assert changed > 0.02, f"{name}: only {changed:.1%} of the pixels differ"
        # ... the Poisson bars do not (same arithmetic for both vectors)
        assert (lenti["ax"] == gamma["ax"]).all()
        assert d.alt != alt_lenti
        assert "mitosis" in d.alt and "gene starts" in d.alt
        assert "pores" in alt_lenti and "active genes" in alt_lenti
        assert "Roe et al. 1993" in e.panel.value and e.panel.value != panel_lenti
    finally:
        e.close()
