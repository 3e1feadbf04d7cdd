"""ASTCT 2019 consensus grading (Lee et al., BBMT 2019; key lee2019_astct).

Every test names the rule it checks. CRS rules: astct_crs_table (PMC8021214 Table 1 and its
footnotes). ICANS rules: astct_icans_table (PMC8403007 Table 4 and notes). ICE score:
ice_score_table (PMC8153820 Table 2). Paediatric CAPD rows: capd_icans_mdedge. Age boundary
(CAPD for children 12 and under, or with developmental delay): lee2019_astct as read for issue 11,
ncit_icans_grade1 (see the toxicity module docstring for the open point at exactly 12).
"""

import itertools

import pytest

from explainer.models.toxicity import grade_crs, grade_icans, ice_score

FEVER = 38.5

# --------------------------------------------------------------------------------------------
# CRS: every cell of the table
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs,grade", [
    # Fever row: grade 1 = fever with no hypotension and no hypoxia
    ({}, 1),
    # Hypotension row: grade 2 not requiring vasopressors
    ({"hypotension": True}, 2),
    # grade 3 requiring a vasopressor with or without vasopressin
    ({"hypotension": True, "vasopressors": 1}, 3),
    ({"hypotension": True, "vasopressors": 1, "vasopressin": True}, 3),
    # grade 4 requiring multiple vasopressors (excluding vasopressin)
    ({"hypotension": True, "vasopressors": 2}, 4),
    ({"hypotension": True, "vasopressors": 3, "vasopressin": True}, 4),
    # Hypoxia row: grade 2 low-flow nasal cannula (<= 6 L/min) or blow-by
    ({"oxygen": "nasal_cannula", "oxygen_flow_l_min": 2.0}, 2),
    ({"oxygen": "blow_by"}, 2),
    # grade 3 high-flow nasal cannula, facemask, non-rebreather or Venturi mask
    ({"oxygen": "high_flow_nasal_cannula"}, 3),
    ({"oxygen": "facemask"}, 3),
    ({"oxygen": "non_rebreather"}, 3),
    ({"oxygen": "venturi"}, 3),
    # grade 4 positive pressure: CPAP, BiPAP, intubation and mechanical ventilation
    ({"oxygen": "cpap"}, 4),
    ({"oxygen": "bipap"}, 4),
    ({"oxygen": "mechanical_ventilation"}, 4),
])
def test_crs_table_cells(kwargs, grade):
    """Each cell of the ASTCT CRS table (fever plus the hypotension or hypoxia criterion)."""
    r = grade_crs(temperature_c=FEVER, **kwargs)
    assert r.grade == grade
    assert r.reasons


def test_fever_boundary_38_0():
    """Footnote: fever is a temperature >= 38 °C. 38.0 counts, 37.9 does not (grade 0 = not CRS)."""
    assert grade_crs(temperature_c=38.0).grade == 1
    r = grade_crs(temperature_c=37.9, oxygen="facemask")
    assert r.grade == 0 and "not CRS" in r.reasons[0]


def test_fever_attributable_to_another_cause_does_not_count():
    """Footnote: fever must not be attributable to any other cause."""
    assert grade_crs(temperature_c=39.0, fever_other_cause=True).grade == 0


def test_low_flow_boundary_6_l_min():
    """Footnote: low-flow nasal cannula is <= 6 L/min; above 6 L/min is high flow (grade 3)."""
    assert grade_crs(temperature_c=FEVER, oxygen="nasal_cannula", oxygen_flow_l_min=6.0).grade == 2
    assert grade_crs(temperature_c=FEVER, oxygen="nasal_cannula", oxygen_flow_l_min=6.5).grade == 3


def test_worse_component_governs_astct_example():
    """Rule: grade by the more severe of hypotension or hypoxia. ASTCT example: fever, one
    vasopressor and low-flow nasal cannula is grade 3."""
    r = grade_crs(temperature_c=FEVER, hypotension=True, vasopressors=1,
                  oxygen="nasal_cannula", oxygen_flow_l_min=3.0)
    assert r.grade == 3 and r.deciding == ("hypotension",)
    r = grade_crs(temperature_c=FEVER, hypotension=True, oxygen="cpap")
    assert r.grade == 4 and r.deciding == ("hypoxia",)


@pytest.mark.parametrize("press,oxygen", list(itertools.product(range(3), ["room_air", "blow_by",
                                                                       "facemask", "bipap"])))
def test_worse_component_governs_every_combination(press, oxygen):
    """Rule: the overall grade is the maximum of the fever, hypotension and hypoxia grades."""
    hyp = {0: 2, 1: 3, 2: 4}[press]
    oxy = {"room_air": 0, "blow_by": 2, "facemask": 3, "bipap": 4}[oxygen]
    r = grade_crs(temperature_c=FEVER, hypotension=True, vasopressors=press, oxygen=oxygen)
    assert r.grade == max(1, hyp, oxy)


def test_vasopressin_does_not_count_towards_multiple_vasopressors():
    """Grade 4 is 'multiple vasopressors (excluding vasopressin)': one + vasopressin is grade 3."""
    r = grade_crs(temperature_c=FEVER, hypotension=True, vasopressors=1, vasopressin=True)
    assert r.grade == 3
    assert grade_crs(temperature_c=FEVER, hypotension=True, vasopressin=True).grade == 3


def test_fever_not_required_after_anticytokine_therapy():
    """Footnote: after antipyretic or anticytokine therapy (tocilizumab, steroids) fever is no
    longer required; hypotension and hypoxia drive the grade."""
    assert grade_crs(temperature_c=36.8, oxygen="facemask").grade == 0
    r = grade_crs(temperature_c=36.8, oxygen="facemask", after_anticytokine=True)
    assert r.grade == 3 and r.deciding == ("hypoxia",)
    assert grade_crs(temperature_c=36.8, hypotension=True, after_anticytokine=True).grade == 2
    assert grade_crs(temperature_c=36.8, after_anticytokine=True).grade == 0


@pytest.mark.parametrize("kwargs,exc,word", [
    ({"temperature_c": "38"}, TypeError, "temperature_c"),
    ({"temperature_c": 50.0}, ValueError, "temperature_c"),
    ({"temperature_c": float("nan")}, ValueError, "temperature_c"),
    ({"temperature_c": 38.5, "vasopressors": -1}, ValueError, "vasopressors"),
    ({"temperature_c": 38.5, "vasopressors": 1.5}, TypeError, "vasopressors"),
    ({"temperature_c": 38.5, "hypotension": 1}, TypeError, "hypotension"),
    ({"temperature_c": 38.5, "oxygen": "mask"}, ValueError, "oxygen"),
    ({"temperature_c": 38.5, "oxygen": "nasal_cannula"}, ValueError, "oxygen_flow_l_min"),
    ({"temperature_c": 38.5, "oxygen_flow_l_min": -1.0}, ValueError, "oxygen_flow_l_min"),
])
def test_crs_bad_inputs_name_the_argument(kwargs, exc, word):
    with pytest.raises(exc, match=word):
        grade_crs(**kwargs)


def test_crs_arguments_are_keyword_only():
    with pytest.raises(TypeError):
        grade_crs(38.5)  # noqa


# --------------------------------------------------------------------------------------------
# ICE score
# --------------------------------------------------------------------------------------------

def test_ice_score_items_add_up_to_10():
    """ICE: orientation 4, naming 3, following commands 1, writing 1, attention 1 point."""
    assert ice_score(orientation=4, naming=3, follows_commands=True, writing=True,
                     attention=True) == 10
    assert ice_score(orientation=0, naming=0, follows_commands=False, writing=False,
                     attention=False) == 0
    assert ice_score(orientation=2, naming=1, follows_commands=True, writing=False,
                     attention=True) == 5


@pytest.mark.parametrize("kwargs,exc,word", [
    ({"orientation": 5}, ValueError, "orientation"),
    ({"orientation": -1}, ValueError, "orientation"),
    ({"naming": 4}, ValueError, "naming"),
    ({"naming": 2.0}, TypeError, "naming"),
    ({"writing": 1}, TypeError, "writing"),
])
def test_ice_score_rejects_out_of_range(kwargs, exc, word):
    """Out-of-range values are rejected, not clipped."""
    base = dict(orientation=4, naming=3, follows_commands=True, writing=True, attention=True)
    with pytest.raises(exc, match=word):
        ice_score(**{**base, **kwargs})


# --------------------------------------------------------------------------------------------
# ICANS, adults and children > 12 (ICE score)
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("ice,grade", [(10, 0), (9, 1), (7, 1), (6, 2), (3, 2), (2, 3), (0, 3)])
def test_ice_boundaries(ice, grade):
    """ICANS table, ICE row: 7-9 grade 1, 3-6 grade 2, 0-2 grade 3 (boundaries 7/6/3/2)."""
    assert grade_icans(age_years=40, ice=ice).grade == grade


def test_ice_0_unarousable_is_grade_4_awake_is_grade_3():
    """Note: ICE 0 is grade 3 if awake with global aphasia, grade 4 if unarousable."""
    assert grade_icans(age_years=40, ice=0).grade == 3
    assert grade_icans(age_years=40, ice=0, consciousness="unarousable").grade == 4


@pytest.mark.parametrize("consciousness,grade", [
    ("alert", 0), ("awakens_spontaneously", 1), ("awakens_to_voice", 2), ("awakens_to_touch", 3),
    ("unarousable", 4)])
def test_consciousness_row(consciousness, grade):
    """ICANS table, depressed level of consciousness row."""
    assert grade_icans(age_years=40, ice=10, consciousness=consciousness).grade == grade


@pytest.mark.parametrize("seizure,grade", [("none", 0), ("brief", 3), ("eeg_resolved", 3),
                                           ("prolonged", 4), ("repetitive", 4)])
def test_seizure_row(seizure, grade):
    """ICANS table, seizure row: rapidly resolving or EEG seizure resolving with intervention is
    grade 3; prolonged (> 5 min) or repetitive without return to baseline is grade 4."""
    assert grade_icans(age_years=40, ice=10, seizure=seizure).grade == grade


def test_motor_row():
    """ICANS table, motor findings row: deep focal motor weakness is grade 4."""
    assert grade_icans(age_years=40, ice=10, motor_weakness=True).grade == 4


@pytest.mark.parametrize("edema,signs,grade", [("none", False, 0), ("focal", False, 3),
                                               ("diffuse", False, 4), ("none", True, 4),
                                               ("focal", True, 4)])
def test_raised_icp_row(edema, signs, grade):
    """ICANS table, raised ICP/cerebral oedema row: focal oedema grade 3; diffuse oedema,
    posturing, cranial nerve VI palsy, papilloedema or Cushing's triad grade 4."""
    r = grade_icans(age_years=40, ice=10, cerebral_edema=edema, raised_icp_signs=signs)
    assert r.grade == grade


def test_icans_worst_domain_governs_astct_example():
    """Note: the grade is set by the most severe event; ASTCT example: ICE 3 with a generalised
    seizure is grade 3."""
    r = grade_icans(age_years=40, ice=3, seizure="brief")
    assert r.grade == 3 and r.deciding == ("seizure",)
    r = grade_icans(age_years=40, ice=8, consciousness="awakens_to_voice")
    assert r.grade == 2 and r.deciding == ("consciousness",)


# --------------------------------------------------------------------------------------------
# ICANS, children <= 12 (CAPD)
# --------------------------------------------------------------------------------------------

def test_capd_boundary_9():
    """Paediatric rows: CAPD >= 9 is grade 3; below 9 with awakening spontaneously is grade 1."""
    assert grade_icans(age_years=8, capd=9).grade == 3
    assert grade_icans(age_years=8, capd=8).grade == 0
    assert grade_icans(age_years=8, capd=8, consciousness="awakens_spontaneously").grade == 1
    assert grade_icans(age_years=8, capd=8, consciousness="awakens_to_voice").grade == 2


def test_unable_to_perform_capd_is_grade_4():
    """Paediatric rows: unable to perform CAPD is grade 4."""
    r = grade_icans(age_years=5, capd=None)
    assert r.grade == 4 and r.deciding == ("CAPD",)


def test_age_12_boundary_switches_tool():
    """ICE is for adults and children > 12; CAPD for children <= 12."""
    # age 12: CAPD used, ICE ignored
    assert grade_icans(age_years=12, ice=0, capd=2).grade == 0
    assert grade_icans(age_years=12, ice=10, capd=12).grade == 3
    # just over 12: ICE used, CAPD ignored
    assert grade_icans(age_years=12.5, ice=0, capd=2).grade == 3
    assert grade_icans(age_years=13, ice=10, capd=12).grade == 0
    with pytest.raises(ValueError, match="ice"):
        grade_icans(age_years=13)


def test_boundary_constant_and_uses_capd_follow_lee2019():
    """Lee 2019 (as read for issue 11): CAPD for "children age <=12 years", ICE above."""
    from explainer.models.toxicity import CHILD_MAX_AGE, uses_capd
    assert CHILD_MAX_AGE == 12
    assert uses_capd(12) and uses_capd(0.5) and not uses_capd(12.01) and not uses_capd(40)
    r = grade_icans(age_years=12, capd=9)
    assert r.grade == 3 and "CAPD used" in r.note


def test_developmental_delay_uses_capd_at_any_age():
    """The CAPD may also be used in older patients with developmental delay (Lee 2019)."""
    r = grade_icans(age_years=30, capd=10, developmental_delay=True)
    assert r.grade == 3 and r.deciding == ("CAPD",) and "developmental delay" in r.note
    # the ICE score is then not needed, and is ignored if given
    assert grade_icans(age_years=30, ice=0, capd=2, developmental_delay=True).grade == 0
    with pytest.raises(TypeError, match="developmental_delay"):
        grade_icans(age_years=30, ice=10, developmental_delay="yes")


@pytest.mark.parametrize("kwargs,exc,word", [
    ({"age_years": -1, "ice": 10}, ValueError, "age_years"),
    ({"age_years": "40", "ice": 10}, TypeError, "age_years"),
    ({"age_years": 40, "ice": 11}, ValueError, "ice"),
    ({"age_years": 8, "capd": 33}, ValueError, "capd"),
    ({"age_years": 40, "ice": 10, "consciousness": "sleepy"}, ValueError, "consciousness"),
    ({"age_years": 40, "ice": 10, "seizure": "long"}, ValueError, "seizure"),
    ({"age_years": 40, "ice": 10, "cerebral_edema": "some"}, ValueError, "cerebral_edema"),
    ({"age_years": 40, "ice": 10, "motor_weakness": "yes"}, TypeError, "motor_weakness"),
])
def test_icans_bad_inputs_name_the_argument(kwargs, exc, word):
    with pytest.raises(exc, match=word):
        grade_icans(**kwargs)
