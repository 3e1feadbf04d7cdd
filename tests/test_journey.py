"""Patient-journey model (notebook 00) and its explorer, driven from Python."""

import ipywidgets as widgets
import pytest

from explainer import facts
from explainer.models import journey
from explainer.widgets.journey import JourneyExplorer


def test_journey_covers_the_five_required_products():
    assert {"Kymriah", "Yescarta", "Breyanzi", "Abecma", "Carvykti"} <= set(
        journey.journey_products())


@pytest.mark.parametrize("product", journey.journey_products())
def test_timeline_follows_the_data_file(product):
    row = {r["product"]: r for r in facts.load_table("journey")}[product]
    tl = journey.timeline(product)
    assert tl.phase("leukapheresis").start_day == -round(float(row["v2v_days"]))
    assert tl.phase("infusion").start_day == 0
    assert tl.phase("lymphodepletion").start_day == float(row["ld_start_day"])
    crs = tl.phase("crs")
    if not row["crs_duration_days"]:  # no sourced median duration: a one-day onset mark
        assert crs.end_day - crs.start_day == 1 and "not in our sources" in crs.text
        return
    assert crs.start_day == float(row["crs_onset_day"])
    assert crs.end_day - crs.start_day == float(row["crs_duration_days"])
    assert set(tl.sources) == set(row["sources"])


@pytest.mark.parametrize("product", journey.journey_products())
def test_phases_are_in_order_and_cover_every_day(product):
    tl = journey.timeline(product)
    for p in tl.phases:
        assert p.start_day < p.end_day, p
        assert journey.DAY_MIN <= p.start_day and p.end_day <= journey.DAY_MAX, p
    order = ["referral", "leukapheresis", "waiting", "lymphodepletion", "rest", "infusion"]
    starts = [tl.phase(k).start_day for k in order]
    assert starts == sorted(starts)
    for day in range(int(journey.DAY_MIN), int(journey.DAY_MAX) + 1):
        state = journey.on_day(product, day)
        assert state.patient and state.cells, (product, day)


def test_what_happens_on_key_days():
    # Yescarta: lymphodepletion on days -5..-3 (ld_regimens_table), median CRS onset day 2
    # lasting 7 days and neurotoxicity onset day 4 (yescarta_isi_acn_2018).
    assert "lymphodepletion" in journey.on_day("Yescarta", -4).active
    assert "infusion" in journey.on_day("Yescarta", 0).active
    assert "crs" not in journey.on_day("Yescarta", 1).active
    assert "crs" in journey.on_day("Yescarta", 2).active
    assert "neuro" in journey.on_day("Yescarta", 4).active
    assert "crs" not in journey.on_day("Yescarta", 9).active
    # Carvykti: median CRS onset day 7 (karmma_cartitude_table)
    assert "crs" not in journey.on_day("Carvykti", 6).active
    assert "crs" in journey.on_day("Carvykti", 7).active
    # stay near the centre for 14 days (orosco_2025_cancers)
    assert "monitoring" in journey.on_day("Kymriah", 13).active
    assert "monitoring" not in journey.on_day("Kymriah", 14).active
    # the last day of the year is still covered
    assert "followup" in journey.on_day("Kymriah", 365).active


def test_lookup_by_generic_name_and_case():
    assert journey.timeline("axicabtagene ciloleucel").product == "Yescarta"
    assert journey.on_day("YESCARTA", 0).product == "Yescarta"


@pytest.mark.parametrize("day,exc,match", [
    (-61, ValueError, "day must be >= -60"), (366, ValueError, "<= 365"),
    ("3", TypeError, "day must be a real number"), (float("nan"), ValueError, "finite"),
    (True, TypeError, "day must be a real number"),
])
def test_bad_day_is_rejected_with_a_clear_message(day, exc, match):
    with pytest.raises(exc, match=match):
        journey.on_day("Kymriah", day)


def test_unknown_or_unsupported_product():
    with pytest.raises(KeyError, match="known products"):
        journey.timeline("Provenge")
    with pytest.raises(ValueError, match="product must be one of"):
        journey.timeline("Tecartus")  # approved, but no sourced vein-to-vein time yet
    with pytest.raises(TypeError, match="name must be a string"):
        journey.on_day(None, 0)


# -- the explorer -------------------------------------------------------------------------------

@pytest.fixture
def explorer():
    e = JourneyExplorer(product="Kymriah", day=0)
    yield e
    e.close()


def test_day_change_updates_figure_description_and_panel(explorer):
    png0, text0, panel0 = explorer.image_bytes(), explorer.describe(), explorer.panel.value
    explorer.set(day=5)
    assert explorer.image_bytes() != png0 and explorer.image_bytes().startswith(b"\xff\xd8\xff")
    assert explorer.describe() != text0 and "day +5" in explorer.describe()
    assert explorer.panel.value != panel0 and "CRS" in explorer.panel.value
    assert explorer.twins["day"].value == "5"


def test_product_change_redraws_the_static_timeline(explorer):
    png0 = explorer.image_bytes()
    explorer.set(product="Carvykti")
    assert explorer.image_bytes() != png0
    assert explorer.result.timeline.product == "Carvykti"
    assert "Carvykti" in explorer.describe()
    # the diagram's title says which product and setting is shown
    assert "Carvykti" in explorer.diagram.title.get_text()


def test_marker_moves_with_the_day(explorer):
    from explainer.diagrams.timeline import day_to_x
    explorer.set(day=-30)
    assert explorer.diagram.marker.get_xdata()[0] == pytest.approx(day_to_x(-30))
    explorer.set(day=200)
    assert explorer.diagram.marker.get_xdata()[0] == pytest.approx(day_to_x(200))


def test_typing_into_the_twin_sets_the_slider(explorer):
    explorer.twins["day"].value = "12"
    assert explorer.controls["day"].value == 12
    assert "day +12" in explorer.describe()


@pytest.mark.parametrize("typed", ["abc", "400", "-100", "2.5", ""])
def test_twin_refuses_bad_values_and_keeps_the_last_good_state(explorer, typed):
    explorer.set(day=7)
    png, text = explorer.image_bytes(), explorer.describe()
    explorer.twins["day"].value = typed
    assert explorer.controls["day"].value == 7
    assert explorer.twins["day"].value == "7"
    assert explorer.image_bytes() == png and explorer.describe() == text
    assert "must be a whole number from -60 to 365" in explorer.status.value


def test_set_rejects_bad_input_without_changing_anything(explorer):
    explorer.set(day=3)
    png = explorer.image_bytes()
    with pytest.raises(TypeError, match="unknown control 'weight'.*allowed: product, day"):
        explorer.set(weight=70)
    with pytest.raises(ValueError, match="day must be from -60 to 365"):
        explorer.set(day=1000)
    with pytest.raises(ValueError, match="product must be one of"):
        explorer.set(product="Tecartus")
    with pytest.raises(TypeError, match="day must be a number"):
        explorer.set(day="5")
    assert explorer.values == {"product": "Kymriah", "day": 3} and explorer.image_bytes() == png


def test_reset_restores_defaults(explorer):
    explorer.set(product="Abecma", day=100)
    explorer.reset_button.click()
    assert explorer.values == {"product": "Kymriah", "day": 0}


def test_constructor_validates():
    with pytest.raises(ValueError, match="product must be one of"):
        JourneyExplorer(product="Nope")
    with pytest.raises(ValueError, match="day must be a whole number"):
        JourneyExplorer(day=500)


def test_rerunning_the_cell_replaces_the_old_explorer():
    a = JourneyExplorer()
    b = JourneyExplorer()
    assert a.widget.comm is None  # closed
    assert b.widget.comm is not None or isinstance(b.widget, widgets.VBox)
    b.close()


def test_every_control_is_labelled_and_every_slider_has_a_twin(explorer):
    for name, w in explorer.controls.items():
        assert w.description, name
    assert set(explorer.twins) == {"day"}
    assert explorer.reset_button.description == "Reset"


def test_text_repr_is_the_description(explorer):
    bundle = explorer._repr_mimebundle_()
    assert bundle["text/plain"].endswith(explorer.describe())
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_slide_style_is_larger(explorer):
    big = JourneyExplorer(style="slides", key="slides")
    try:
        assert big.diagram.size_px[0] > explorer.diagram.size_px[0]
        assert big.diagram.ax.xaxis.get_ticklabels()[0].get_fontsize() >= 16
    finally:
        big.close()
    with pytest.raises(ValueError, match="style must be one of"):
        JourneyExplorer(style="poster")


def _sentences(text):
    import re
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


@pytest.mark.parametrize("product", ["Kymriah", "Carvykti", "Breyanzi"])
@pytest.mark.parametrize("day", [-60, -30, -4, 0, 5, 9, 28, 100, 365])
def test_description_and_panel_are_complementary(explorer, product, day):
    """The description says what the figure shows (one or two sentences); the panel gives the
    details: no sentence is in both."""
    import html
    import re

    explorer.set(product=product, day=day)
    text = explorer.describe()
    panel = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", explorer.panel.value)).split())
    said = _sentences(text)
    assert 1 <= len(said) <= 2, said
    for sentence in said:
        assert sentence not in panel, (sentence, panel)
    for sentence in _sentences(panel):
        assert sentence not in text, (sentence, text)
    # the description names the day and the highlighted bars, as the figure shows them
    assert (f"day {day:+d}" if day else "infusion day") in text
    tl = explorer.result.timeline
    for key in explorer.result.state.highlight:
        assert ("neurotoxicity" if key == "neuro" else tl.phase(key).label) in text, key
