"""Apheresis model and explorer: hand-computed values, properties, validation."""

import math

import pytest

from benchmarks.explorers import user_changes
from explainer.models import collection
from explainer.widgets.collection import ApheresisExplorer

BASE = dict(weight_kg=70, blood_volumes_processed=2, alc_per_ul=1000, cd3_fraction=0.7,
            collection_efficiency=0.5, flow_ml_min=60)


def test_hand_computed_example():
    r = collection.apheresis(**BASE)
    assert r.total_blood_volume_l == pytest.approx(4.9)          # 70 kg x 70 mL/kg
    assert r.litres_processed == pytest.approx(9.8)
    assert r.cd3_cells_passing == pytest.approx(9.8e6 * 1000 * 0.7)
    assert r.cd3_cells_collected == pytest.approx(3.43e9)
    assert r.procedure_minutes == pytest.approx(9800 / 60)
    assert r.meets_minimum and r.meets_target
    assert r.fraction_of_target == pytest.approx(3.43e9 / 2e9)


def test_sourced_reference_levels():
    ref = collection.reference_levels()
    assert ref["minimum"] == 0.6e9 and ref["target"] == 2e9       # Allen 2017
    assert ref["uk_median"] == 2.6e9 and (ref["uk_q1"], ref["uk_q3"]) == (1.2e9, 4.1e9)


@pytest.mark.parametrize("name", ["blood_volumes_processed", "alc_per_ul", "cd3_fraction",
                                  "collection_efficiency", "weight_kg"])
def test_collected_cells_scale_linearly(name):
    lo = collection.apheresis(**BASE).cd3_cells_collected
    hi = collection.apheresis(**{**BASE, name: BASE[name] * 1.2}).cd3_cells_collected
    assert hi == pytest.approx(lo * 1.2)


def test_faster_flow_shortens_the_procedure_only():
    a = collection.apheresis(**BASE)
    b = collection.apheresis(**{**BASE, "flow_ml_min": 120})
    assert b.procedure_minutes == pytest.approx(a.procedure_minutes / 2)
    assert b.cd3_cells_collected == a.cd3_cells_collected


def test_child_blood_volume_rule():
    r = collection.apheresis(**{**BASE, "weight_kg": 20, "ml_per_kg": 85})
    assert r.total_blood_volume_l == pytest.approx(1.7)


@pytest.mark.parametrize("name,value", [("weight_kg", 5), ("weight_kg", math.nan),
                                        ("blood_volumes_processed", 10), ("alc_per_ul", -1),
                                        ("cd3_fraction", 0), ("cd3_fraction", 1.5),
                                        ("collection_efficiency", 0),
                                        ("flow_ml_min", 0), ("ml_per_kg", 200)])
def test_bad_values_raise_naming_the_argument(name, value):
    with pytest.raises(ValueError, match=name):
        collection.apheresis(**{**BASE, name: value})


@pytest.mark.parametrize("name,value", [("weight_kg", "70"), ("alc_per_ul", None),
                                        ("cd3_fraction", True)])
def test_bad_types_raise_naming_the_argument(name, value):
    with pytest.raises(TypeError, match=name):
        collection.apheresis(**{**BASE, name: value})


def test_arguments_are_keyword_only():
    with pytest.raises(TypeError):
        collection.apheresis(70, 2, 1000, 0.7, 0.5, 60)


def test_explorer_drives_the_model_figure_and_text():
    e = ApheresisExplorer(key="test")
    png0, text0 = e.image_bytes(), e.describe()
    assert png0.startswith(b"\xff\xd8\xff")
    e.set(alc_per_ul=300, blood_volumes_processed=1.0)
    assert e.result.cd3_cells_collected == pytest.approx(4.9e6 * 300 * 0.7 * 0.5)
    assert not e.result.meets_minimum
    assert e.image_bytes() != png0 and e.describe() != text0
    assert "below the NIH minimum" in e.describe()
    for change in user_changes(e, 12):
        before, old = e.describe(), e.values
        e.set(**change)
        name, value = next(iter(change.items()))
        if value != old[name]:
            assert e.describe() != before, change
    with pytest.raises(ValueError, match="alc_per_ul"):
        e.set(alc_per_ul=1e6)
    with pytest.raises(TypeError):
        e.set(no_such_control=1)
    e.close()


def test_explorer_in_slide_style():
    e = ApheresisExplorer(style="slides", key="test-slides")
    assert e.diagram.size_px[0] > 1000
    e.close()
