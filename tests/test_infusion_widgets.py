"""Explorers of notebooks 03 and 04: driven with .set(); result, PNG and description change; bad
values raise and leave the explorer as it was; kernel-side update is fast."""

import re
import statistics
import time

import ipywidgets as widgets
import pytest

from benchmarks.explorers import explorers, user_changes
from explainer.widgets.expansion import ExpansionExplorer, WaitingExplorer
from explainer.widgets.grading import CRSGrader, ICANSGrader, crs_vignette, icans_vignette
from explainer.widgets.infusion import LymphodepletionExplorer

PNG = b"\xff\xd8\xff"  # the frame is a JPEG (see Diagram.image_format)

CASES = [
    (ExpansionExplorer, {"doubling_time_days": 1.0, "regimen": "Abecma, myeloma"},
     lambda r: r.dose.regimen == "Abecma, myeloma" and r.doubling_time_days == 1.0),
    (WaitingExplorer, {"setting": "Abecma (myeloma, KarMMa-3 trial)",
                       "disease_doubling_days": 49.0},
     lambda r: r.fold_growth == pytest.approx(2.0)),
    (LymphodepletionExplorer, {"normal_t0": 3e10},
     lambda r: r.car_peak < 1e10),
    (CRSGrader, {"vasopressors": 2},
     lambda r: r.grade == 4),
    (ICANSGrader, {"orientation": 1, "naming": 1},
     lambda r: r.grade == 2),
]


@pytest.mark.parametrize("cls,change,check", CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_set_changes_result_png_and_description(cls, change, check):
    e = cls()
    png0, text0, res0 = e.image_bytes(), e.describe(), e.result
    assert png0.startswith(PNG) and text0
    e.set(**change)
    assert check(e.result)
    assert e.result is not res0
    assert e.image_bytes().startswith(PNG) and e.image_bytes() != png0
    assert e.describe() != text0
    assert e.status.value == ""
    e.reset()
    assert e.describe() == text0
    e.close()


@pytest.mark.parametrize("cls", [c[0] for c in CASES], ids=lambda c: c.__name__)
def test_every_control_change_changes_the_description(cls):
    e = cls()
    for change in user_changes(e, 30):
        before = e.describe()
        old = {k: e.values[k] for k in change}
        e.set(**change)
        if old != change:
            assert e.describe() != before, change
    e.close()


@pytest.mark.parametrize("cls,bad,exc", [
    (ExpansionExplorer, {"weight_kg": 500}, ValueError),
    (ExpansionExplorer, {"regimen": "Provenge"}, ValueError),
    (WaitingExplorer, {"disease_doubling_days": "slow"}, TypeError),
    (LymphodepletionExplorer, {"kill_rate_per_day": 10.0}, ValueError),
    (LymphodepletionExplorer, {"nope": 1}, TypeError),
    (CRSGrader, {"oxygen": "tent"}, ValueError),
    (CRSGrader, {"hypotension": 1}, TypeError),
    (ICANSGrader, {"orientation": 5}, ValueError),
    (ICANSGrader, {"seizure": "long"}, ValueError),
], ids=lambda x: getattr(x, "__name__", str(x)))
def test_bad_values_raise_and_keep_state(cls, bad, exc):
    e = cls()
    before = (e.values, e.describe(), e.image_bytes())
    with pytest.raises(exc):
        e.set(**bad)
    assert (e.values, e.describe(), e.image_bytes()) == before
    e.close()


def test_crs_grader_shows_the_deciding_finding():
    e = CRSGrader()
    e.set(vasopressors=1, oxygen="nasal_cannula", oxygen_flow_l_min=3.0)
    assert e.result.grade == 3 and "vasopressor" in e.describe()
    assert "sets the grade" not in e.describe() and "Grade 3" in e.panel.value
    e.set(vasopressors=0, oxygen="cpap")
    assert e.result.deciding == ("hypoxia",)
    e.close()


def test_icans_grader_uses_capd_for_children():
    e = ICANSGrader()
    e.set(age_years=8, capd=10, orientation=0)
    assert e.result.grade == 3 and "CAPD 10" in e.describe()
    e.set(capd_unable=True)
    assert e.result.grade == 4
    assert "ICE score sheet" in e.panel.value
    e.close()


def test_vignettes_have_one_right_answer_with_feedback():
    q = crs_vignette("A patient has 38.6 °C and needs 4 L/min by nasal cannula.",
                     temperature_c=38.6, oxygen="nasal_cannula", oxygen_flow_l_min=4.0)
    assert q.check("grade 2") is True
    assert q.check("grade 3") is False and "Too high" in q.feedback.value
    assert q.check("grade 1") is False and "Too low" in q.feedback.value
    assert all(fb for _, _, fb in q.choices)
    q = icans_vignette("A 9-year-old has a CAPD of 12 and is alert.", age_years=9, capd=12)
    assert q.check("grade 3") is True


@pytest.mark.parametrize("cls", [c[0] for c in CASES], ids=lambda c: c.__name__)
def test_kernel_side_update_is_fast(cls):
    """Budget: <= 25 ms median per update (model + draw + encode). The test allows 2x for a
    loaded CI machine; the measured numbers are in the issue report."""
    e = cls()
    times = []
    for change in user_changes(e, 50):
        t = time.perf_counter()
        e.set(**change)
        times.append(time.perf_counter() - t)
    assert statistics.median(times) < 0.050
    e.close()


#: a number written the computer's way: 1.8e+06, 5e+07, 3.2e-05
_E_NOTATION = re.compile(r"\d(\.\d*)?[eE][+-]?\d")


def _ends(e):
    """The starting values, then each control at its ends (sliders) or at each option."""
    yield {}
    for name, w in e.controls.items():
        if isinstance(w, widgets.FloatLogSlider):
            yield from ({name: w.base ** x} for x in (w.min, w.max))
        elif isinstance(w, widgets.FloatSlider | widgets.IntSlider):
            yield from ({name: x} for x in (w.min, w.max))
        elif isinstance(w, widgets.Checkbox):
            yield {name: not w.value}
        elif hasattr(w, "options"):
            yield from ({name: o[1] if isinstance(o, tuple) else o} for o in w.options)


@pytest.mark.parametrize("cls", explorers(), ids=lambda c: c.__name__)
def test_numbers_are_written_for_students_not_in_e_notation(cls):
    """Students read "1.8 × 10⁶ cells", never "1.8e+06" (issue 13): the description, the
    side panel, the typed-value boxes, the settings of the static fallback and every text of
    the figure, at the starting values and at each control's ends."""
    from explainer.diagrams.check import text_boxes

    e = cls()
    try:
        for change in _ends(e):
            e.reset()
            e.set(**change)
            e.diagram.render()
            texts = [e.describe(), e.panel_html(e.result) or "",
                     *(t.value for t in e.twins.values()),
                     *(v for _, v in e.settings_text()),
                     *(b.text for b in text_boxes(e.diagram))]
            for text in texts:
                assert not _E_NOTATION.search(text), (change, text)
    finally:
        e.close()


@pytest.mark.parametrize("typed", ["1.8 × 10⁸", "1.8e8", "1.8x10^8", "180,000,000",
                                   "1.8 * 10**8"])
def test_a_large_number_can_be_typed_as_it_is_shown(typed):
    e = LymphodepletionExplorer()
    try:
        name = next(n for n, w in e.controls.items()
                    if isinstance(w, widgets.FloatLogSlider) and w.base ** w.max >= 1e9)
        slider = e.controls[name]
        e.twins[name].value = typed
        assert e.error is None and slider.value == pytest.approx(1.8e8, rel=1e-3), typed
        assert e.twins[name].value == "1.8 × 10⁸"
        e.twins[name].value = "1.8 × 10⁹⁹"  # out of range: a clear message, value kept
        assert slider.value == pytest.approx(1.8e8, rel=1e-3)
        assert "must be a number from" in e.status.value and "× 10" in e.status.value
    finally:
        e.close()
