"""Grading cytokine release syndrome (CRS) and neurotoxicity (ICANS) by the ASTCT 2019 consensus.

Source: Lee DW, Santomasso BD, Locke FL, et al. *ASTCT consensus grading for cytokine release
syndrome and neurologic toxicity associated with immune effector cells.* Biol Blood Marrow
Transplant 2019;25:625-638 (key ``lee2019_astct``). The rules were checked in faithful
reproductions of its tables: ``astct_crs_table`` (CRS with footnotes), ``astct_icans_table``
(ICANS, adults and children over 12, with notes), ``ice_score_table`` (ICE score) and, for
children aged 12 or younger, summaries of the CAPD rows (see ``/work/shared/science/facts.md``
section b). Checked 2026-11-25; age boundary re-checked 2026-12-01 (issue 11).

Which tool at which age (``CHILD_MAX_AGE``, ``uses_capd``): Lee et al. 2019 grade encephalopathy in
children with the Cornell Assessment of Pediatric Delirium (CAPD), in the paediatric ICANS
consensus grading table and its encephalopathy-assessment table (read for issue 11 as "children
age ≤12 years"), and with the ICE score in adults and older children; the CAPD may also be used in
older patients with developmental delay. The model follows that: CAPD at age 12 or under
(``age_years <= CHILD_MAX_AGE``) or with ``developmental_delay=True``, ICE otherwise. **Open:**
the paper's table text could not be retrieved in the 2026-12 check, so the table number and exact
words are not confirmed here. Derivatives agree on "12 and under" / "over 12" (NCI Thesaurus
C188936, ``ncit_icans_grade1``) but not all: a news summary (``capd_icans_mdedge``) says "younger
than 12" and the ASCO guideline table (``asco_icans_guideline_table``) "age <12" and "age >12 with
developmental delay", leaving exactly 12 open. Age 12 is the only age where they differ; see
docs/research/edition_2026_12.md, item 6.

**For teaching only.** These functions show how the published rules combine findings into a grade.
They are not a clinical tool: real grading needs a clinician, who also judges whether a finding has
another cause.

Rules implemented (each is tested in ``tests/test_toxicity.py``):

CRS
  * Fever is a temperature of 38.0 °C or more not attributable to any other cause. Without it the
    syndrome is not CRS by ASTCT (grade 0), unless antipyretic or anticytokine therapy
    (tocilizumab, corticosteroids) has been given, after which fever is no longer required and
    hypotension and hypoxia drive the grade.
  * Grade 1: fever alone. Grade 2: hypotension not needing vasopressors, and/or low-flow nasal
    cannula (≤ 6 L/min) or blow-by oxygen. Grade 3: one vasopressor with or without vasopressin,
    and/or high-flow nasal cannula (> 6 L/min), facemask, non-rebreather or Venturi mask.
    Grade 4: multiple vasopressors (vasopressin does not count), and/or positive pressure (CPAP,
    BiPAP, intubation and mechanical ventilation).
  * The more severe of hypotension and hypoxia sets the grade.
  * Using a vasopressor implies hypotension (it is given for hypotension).

ICANS
  * Domains: ICE score (age > 12) or CAPD (age ≤ 12, or any age with developmental delay), level
    of consciousness, seizure, motor
    findings, raised intracranial pressure (ICP) / cerebral oedema. The most severe domain sets the
    grade.
  * ICE 10 normal; 7-9 grade 1; 3-6 grade 2; 0-2 grade 3 (ICE 0 with an unarousable patient is
    grade 4 through the consciousness domain).
  * CAPD (children ≤ 12 years): 9 or more is grade 3; unable to perform CAPD is grade 4. A CAPD
    below 9 does not set a grade by itself: grades 1 and 2 pair it with a depressed level of
    consciousness (awakens spontaneously / to voice). This is how the retrieved summaries state it;
    the original table was not seen.
  * Tremor, myoclonus and intracranial haemorrhage do not count (graded by CTCAE instead), so they
    are not inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._validate import boolean, choice, integer, real

__all__ = ["OXYGEN", "CONSCIOUSNESS", "SEIZURE", "CEREBRAL_EDEMA", "Finding", "GradeResult",
           "grade_crs", "ice_score", "grade_icans", "uses_capd", "FEVER_C", "LOW_FLOW_MAX_L_MIN",
           "CAPD_GRADE3", "CHILD_MAX_AGE"]

FEVER_C = 38.0
LOW_FLOW_MAX_L_MIN = 6.0
#: CAPD score from which encephalopathy counts as grade 3 ICANS (Lee 2019, paediatric table).
CAPD_GRADE3 = 9
#: Oldest age (years, inclusive) graded with the CAPD: children 12 and under (Lee 2019 as read for
#: issue 11; NCI Thesaurus C188936). Exactly 12 is disputed between derivatives (module docstring).
CHILD_MAX_AGE = 12


def uses_capd(age_years, developmental_delay=False) -> bool:
    """True if the CAPD (not the ICE score) grades encephalopathy: age ≤ ``CHILD_MAX_AGE`` years,
    or an older patient with developmental delay (Lee 2019; see the module docstring)."""
    age = real("age_years", age_years, lo=0.0, hi=120.0)
    return age <= CHILD_MAX_AGE or boolean("developmental_delay", developmental_delay)

#: oxygen support -> (CRS grade it implies, plain-language label)
OXYGEN = {
    "room_air": (0, "room air"),
    "blow_by": (2, "blow-by oxygen"),
    "nasal_cannula": (None, "nasal cannula"),  # depends on the flow
    "high_flow_nasal_cannula": (3, "high-flow nasal cannula"),
    "facemask": (3, "facemask"),
    "non_rebreather": (3, "non-rebreather mask"),
    "venturi": (3, "Venturi mask"),
    "cpap": (4, "CPAP (positive pressure)"),
    "bipap": (4, "BiPAP (positive pressure)"),
    "mechanical_ventilation": (4, "intubation and mechanical ventilation"),
}
CONSCIOUSNESS = {
    "alert": (0, "alert"),
    "awakens_spontaneously": (1, "drowsy, awakens spontaneously"),
    "awakens_to_voice": (2, "awakens to voice"),
    "awakens_to_touch": (3, "awakens only to touch"),
    "unarousable": (4, "unarousable, or needs vigorous or repeated touch to arouse"),
}
SEIZURE = {
    "none": (0, "no seizure"),
    "brief": (3, "a clinical seizure that resolved rapidly"),
    "eeg_resolved": (3, "non-convulsive seizure on EEG that resolved with intervention"),
    "prolonged": (4, "life-threatening prolonged seizure (> 5 min)"),
    "repetitive": (4, "repetitive seizures without return to baseline in between"),
}
CEREBRAL_EDEMA = {
    "none": (0, "no cerebral oedema"),
    "focal": (3, "focal/local oedema on neuroimaging"),
    "diffuse": (4, "diffuse cerebral oedema on neuroimaging"),
}


@dataclass(frozen=True)
class Finding:
    """One domain of a grading table: the grade this finding alone implies and why."""

    domain: str
    grade: int
    text: str


@dataclass(frozen=True)
class GradeResult:
    """``grade`` (0-4; 0 = no CRS/ICANS by ASTCT), ``reasons`` (the findings that set it) and
    ``findings`` (every domain, with the grade it alone implies)."""

    kind: str
    grade: int
    reasons: tuple[str, ...]
    findings: tuple[Finding, ...]
    note: str = ""

    @property
    def deciding(self) -> tuple[str, ...]:
        """The domains that set the grade (the worst ones)."""
        if self.grade == 0:
            return ()
        return tuple(f.domain for f in self.findings if f.grade == self.grade)


def _pack(kind: str, findings: list[Finding], note: str = "") -> GradeResult:
    grade = max(f.grade for f in findings)
    if grade == 0:
        reasons = (("no fever, hypotension or hypoxia",) if kind == "CRS"
                   else ("no finding in any domain",))
    else:
        reasons = tuple(f.text for f in findings if f.grade == grade)
    return GradeResult(kind=kind, grade=grade, reasons=reasons, findings=tuple(findings),
                       note=note)


def grade_crs(*, temperature_c, hypotension=False, vasopressors=0, vasopressin=False,
              oxygen="room_air", oxygen_flow_l_min=0.0, fever_other_cause=False,
              after_anticytokine=False) -> GradeResult:
    """ASTCT 2019 CRS grade (0-4) from the findings at one moment (see the module docstring).

    ``vasopressors`` counts vasopressors other than vasopressin; ``vasopressin`` says whether
    vasopressin is also in use. ``oxygen_flow_l_min`` matters only for ``"nasal_cannula"``.
    """
    t = real("temperature_c", temperature_c, lo=30.0, hi=44.0)
    hypotension = boolean("hypotension", hypotension)
    n_press = integer("vasopressors", vasopressors, lo=0, hi=5)
    vasopressin = boolean("vasopressin", vasopressin)
    oxygen = choice("oxygen", oxygen, OXYGEN)
    flow = real("oxygen_flow_l_min", oxygen_flow_l_min, lo=0.0, hi=80.0)
    other = boolean("fever_other_cause", fever_other_cause)
    after = boolean("after_anticytokine", after_anticytokine)
    if oxygen == "nasal_cannula" and flow <= 0:
        raise ValueError("oxygen_flow_l_min must be > 0 when oxygen is 'nasal_cannula' "
                         f"(≤ {LOW_FLOW_MAX_L_MIN:g} L/min is low flow); got {oxygen_flow_l_min!r}")

    febrile = t >= FEVER_C and not other
    if t >= FEVER_C and other:
        fever_text = f"fever {t:.1f} °C attributed to another cause (does not count)"
    elif febrile:
        fever_text = f"fever {t:.1f} °C (≥ {FEVER_C:.1f} °C)"
    else:
        fever_text = f"no fever ({t:.1f} °C is below {FEVER_C:.1f} °C)"

    # hypotension domain
    if n_press >= 2:
        hyp = Finding("hypotension", 4, f"hypotension needing {n_press} vasopressors"
                      + (" (plus vasopressin, which does not count)" if vasopressin else ""))
    elif n_press == 1 or vasopressin:
        what = "one vasopressor" + (" with vasopressin" if n_press == 1 and vasopressin else "")
        if n_press == 0:
            what = "vasopressin as the only vasopressor"
        hyp = Finding("hypotension", 3, f"hypotension needing {what}")
    elif hypotension:
        hyp = Finding("hypotension", 2, "hypotension not needing vasopressors")
    else:
        hyp = Finding("hypotension", 0, "no hypotension")

    # hypoxia domain
    g, label = OXYGEN[oxygen]
    if oxygen == "nasal_cannula":
        g = 2 if flow <= LOW_FLOW_MAX_L_MIN else 3
        kind = "low-flow" if g == 2 else "high-flow"
        label = f"{kind} nasal cannula at {flow:g} L/min (low flow is ≤ {LOW_FLOW_MAX_L_MIN:g})"
    hyx = Finding("hypoxia", g, "no oxygen needed (room air)" if g == 0 else
                  f"hypoxia needing {label}")

    if not febrile and not after:
        findings = [Finding("fever", 0, fever_text), Finding(hyp.domain, 0, hyp.text),
                    Finding(hyx.domain, 0, hyx.text)]
        return GradeResult(kind="CRS", grade=0,
                           reasons=(f"{fever_text}: not CRS by ASTCT, which requires fever "
                                    "unless tocilizumab, steroids or antipyretics were given",),
                           findings=tuple(findings),
                           note="fever is required before anticytokine therapy")
    fever = Finding("fever", 1 if febrile else 0, fever_text)
    note = ("after anticytokine/antipyretic therapy fever is no longer required; hypotension and "
            "hypoxia drive the grade") if after else ""
    return _pack("CRS", [fever, hyp, hyx], note)


def ice_score(*, orientation, naming, follows_commands, writing, attention) -> int:
    """Immune effector cell-associated encephalopathy (ICE) score, 0-10 (10 is normal).

    ``orientation``: year, month, city, hospital (0-4 points); ``naming``: three objects (0-3);
    ``follows_commands``, ``writing`` (a standard sentence), ``attention`` (count back from 100 by
    10): 1 point each. Out-of-range values are rejected, not clipped.
    """
    o = integer("orientation", orientation, lo=0, hi=4)
    n = integer("naming", naming, lo=0, hi=3)
    f = boolean("follows_commands", follows_commands)
    w = boolean("writing", writing)
    a = boolean("attention", attention)
    return o + n + int(f) + int(w) + int(a)


def _ice_finding(ice: int) -> Finding:
    if ice == 10:
        return Finding("ICE score", 0, "ICE score 10 (normal)")
    if ice >= 7:
        return Finding("ICE score", 1, f"ICE score {ice} (7-9)")
    if ice >= 3:
        return Finding("ICE score", 2, f"ICE score {ice} (3-6)")
    return Finding("ICE score", 3, f"ICE score {ice} (0-2)")


def grade_icans(*, age_years, ice=None, capd=None, consciousness="alert", seizure="none",
                motor_weakness=False, cerebral_edema="none",
                raised_icp_signs=False, developmental_delay=False) -> GradeResult:
    """ASTCT 2019 ICANS grade (0-4) from the findings at one moment (see the module docstring).

    ``ice`` (0-10) is required and used when ``age_years`` > 12 (without developmental delay);
    ``capd`` (Cornell Assessment of Pediatric Delirium, 0-32; None = unable to perform) is used
    when ``age_years`` ≤ 12, or at any age when ``developmental_delay`` is True.
    """
    age = real("age_years", age_years, lo=0.0, hi=120.0)
    delay = boolean("developmental_delay", developmental_delay)
    if ice is not None:
        ice = integer("ice", ice, lo=0, hi=10)
    if capd is not None:
        capd = integer("capd", capd, lo=0, hi=32)
    consciousness = choice("consciousness", consciousness, CONSCIOUSNESS)
    seizure = choice("seizure", seizure, SEIZURE)
    motor_weakness = boolean("motor_weakness", motor_weakness)
    cerebral_edema = choice("cerebral_edema", cerebral_edema, CEREBRAL_EDEMA)
    raised_icp_signs = boolean("raised_icp_signs", raised_icp_signs)

    if not uses_capd(age, delay):
        if ice is None:
            raise ValueError(f"ice must be a whole number from 0 to 10 when age_years > "
                             f"{CHILD_MAX_AGE} (the ICE score is used); got None")
        enc = _ice_finding(ice)
        note = f"age {age:g} > {CHILD_MAX_AGE}: ICE score used"
    else:
        if capd is None:
            enc = Finding("CAPD", 4, "unable to perform CAPD")
        elif capd >= CAPD_GRADE3:
            enc = Finding("CAPD", 3, f"CAPD {capd} (≥ {CAPD_GRADE3})")
        else:
            enc = Finding("CAPD", 0, f"CAPD {capd} (< {CAPD_GRADE3})")
        note = (f"age {age:g} ≤ {CHILD_MAX_AGE}: CAPD used instead of the ICE score"
                if age <= CHILD_MAX_AGE else
                f"age {age:g} with developmental delay: CAPD used instead of the ICE score")
    g, text = CONSCIOUSNESS[consciousness]
    con = Finding("consciousness", g, text if g else "alert (normal level of consciousness)")
    g, text = SEIZURE[seizure]
    sei = Finding("seizure", g, text)
    mot = Finding("motor", 4 if motor_weakness else 0,
                  "deep focal motor weakness (e.g. hemiparesis)" if motor_weakness
                  else "no deep focal motor weakness")
    g, text = CEREBRAL_EDEMA[cerebral_edema]
    if raised_icp_signs and g < 4:
        g, text = 4, ("signs of raised intracranial pressure (posturing, cranial nerve VI palsy, "
                      "papilloedema or Cushing's triad)"
                      + (f" with {text}" if cerebral_edema != "none" else ""))
    elif raised_icp_signs:
        text += " with signs of raised intracranial pressure"
    icp = Finding("ICP / oedema", g, text)
    return _pack("ICANS", [enc, con, sei, mot, icp], note)
