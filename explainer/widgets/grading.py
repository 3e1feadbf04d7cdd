"""CRS and ICANS graders (notebook 04), an ICE-score sheet and graded clinical vignettes.

Teaching tools that show how the ASTCT 2019 consensus combines findings into a grade. The rules
live in :mod:`explainer.models.toxicity`; nothing here is a clinical tool.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets

from ..diagrams.grading import GradingDiagram
from ..models import toxicity
from .base import Explorer
from .quiz import Quiz

_OXYGEN_LABELS = [
    ("room air", "room_air"), ("blow-by", "blow_by"), ("nasal cannula", "nasal_cannula"),
    ("high-flow nasal cannula", "high_flow_nasal_cannula"), ("facemask", "facemask"),
    ("non-rebreather mask", "non_rebreather"), ("Venturi mask", "venturi"), ("CPAP", "cpap"),
    ("BiPAP", "bipap"), ("intubated, mechanical ventilation", "mechanical_ventilation"),
]
_CONSCIOUSNESS_LABELS = [
    ("alert", "alert"), ("drowsy, awakens spontaneously", "awakens_spontaneously"),
    ("awakens to voice", "awakens_to_voice"), ("awakens only to touch", "awakens_to_touch"),
    ("unarousable", "unarousable"),
]
_SEIZURE_LABELS = [
    ("none", "none"), ("clinical seizure, resolved rapidly", "brief"),
    ("EEG seizure, resolved with treatment", "eeg_resolved"),
    ("prolonged > 5 min", "prolonged"), ("repetitive, no recovery between", "repetitive"),
]
_EDEMA_LABELS = [("none", "none"), ("focal oedema on imaging", "focal"),
                 ("diffuse oedema on imaging", "diffuse")]

#: What each CRS grade needs (ASTCT 2019), for vignette feedback.
CRS_NEEDS = {
    0: "not CRS: ASTCT needs a fever of 38.0 °C or more (unless tocilizumab or steroids were "
       "already given)",
    1: "grade 1: fever only, with no hypotension and no oxygen need",
    2: "grade 2: hypotension without vasopressors, or low-flow oxygen (nasal cannula ≤ 6 L/min "
       "or blow-by)",
    3: "grade 3: one vasopressor (with or without vasopressin), or high-flow oxygen (> 6 L/min, "
       "facemask, non-rebreather, Venturi)",
    4: "grade 4: several vasopressors (vasopressin not counted), or positive pressure (CPAP, "
       "BiPAP, ventilation)",
}
ICANS_NEEDS = {
    0: "no ICANS: ICE 10 (or CAPD below 9 in a child), alert, no seizure, weakness or oedema",
    1: "grade 1: ICE 7-9, or awakens spontaneously",
    2: "grade 2: ICE 3-6, or awakens to voice",
    3: "grade 3: ICE 0-2 (or CAPD 9 or more), awakens only to touch, a seizure that resolves "
       "rapidly, or focal oedema",
    4: "grade 4: unarousable, life-threatening or repetitive seizures, deep focal weakness, "
       "diffuse oedema or signs of raised pressure in the skull, or unable to do the CAPD",
}


@dataclass(frozen=True)
class GradedFindings:
    """A grade (``toxicity.GradeResult``) with the control values it was graded from, so the
    description and the panel read everything from the result; ``ice`` is the ICANS sheet's
    score (None for CRS)."""

    graded: toxicity.GradeResult
    inputs: dict
    ice: int | None = None

    def __getattr__(self, name):  # delegate grade, reasons, findings, deciding, kind ...
        if name.startswith("_") or name == "graded":
            raise AttributeError(name)
        return getattr(self.graded, name)


class CRSGrader(Explorer):
    """Set the findings; see the ASTCT CRS grade and which finding sets it."""

    title = "CRS grader (ASTCT 2019 consensus; teaching tool, not for clinical use)"

    def make_controls(self):
        return {
            "temperature_c": widgets.FloatSlider(value=38.5, min=36.0, max=41.0, step=0.1,
                                                 description="Temperature, °C:"),
            "fever_other_cause": widgets.Checkbox(value=False,
                                                  description="Fever explained by another cause"),
            "after_anticytokine": widgets.Checkbox(
                value=False, description="Tocilizumab or steroids already given"),
            "hypotension": widgets.Checkbox(value=False, description="Low blood pressure"),
            "vasopressors": widgets.IntSlider(value=0, min=0, max=3, step=1,
                                              description="Vasopressors (not vasopressin):"),
            "vasopressin": widgets.Checkbox(value=False, description="Vasopressin"),
            "oxygen": widgets.Dropdown(options=_OXYGEN_LABELS, value="room_air",
                                       description="Oxygen support:"),
            "oxygen_flow_l_min": widgets.FloatSlider(value=2.0, min=0.5, max=15.0, step=0.5,
                                                     description="Nasal cannula flow, L/min:"),
        }

    def make_diagram(self, style):
        return GradingDiagram(("fever", "hypotension", "hypoxia"), "CRS", style)

    def sync_controls(self, values) -> None:
        # the flow only matters for a nasal cannula (<= 6 L/min low flow, > 6 high flow)
        self.controls["oxygen_flow_l_min"].disabled = values["oxygen"] != "nasal_cannula"
        # a vasopressor (or vasopressin) means hypotension is being treated: the box is implied
        self.controls["hypotension"].disabled = bool(values["vasopressors"] or
                                                     values["vasopressin"])

    def compute(self, **v):
        return GradedFindings(toxicity.grade_crs(**v), v)

    def describe_result(self, r) -> str:
        v = r.inputs
        oxy = dict((b, a) for a, b in _OXYGEN_LABELS)[v["oxygen"]]
        flow = (f" at {v['oxygen_flow_l_min']:g} L/min" if v["oxygen"] == "nasal_cannula" else
                f" (cannula flow setting {v['oxygen_flow_l_min']:g} L/min not used)")
        what = (f"temperature {v['temperature_c']:.1f} °C"
                + (" (explained by another cause)" if v["fever_other_cause"] else "")
                + (", after tocilizumab or steroids" if v["after_anticytokine"] else "")
                + f", {'hypotension' if v['hypotension'] else 'no hypotension'}, "
                f"{v['vasopressors']} vasopressor(s)"
                + (" + vasopressin" if v["vasopressin"] else "") + f", oxygen: {oxy}{flow}")
        head = "not CRS by ASTCT" if r.grade == 0 else f"CRS grade {r.grade}"
        return f"With {what}: {head}, set by {'; '.join(r.reasons)}."

    def panel_html(self, r) -> str:
        rows = "".join(f"<li>{html.escape(CRS_NEEDS[g])}</li>" for g in range(5))
        return (f"<p style='font-size:1.2em'><b>{'No CRS' if r.grade == 0 else f'Grade {r.grade}'}"
                f"</b></p><p>The <b>worse</b> of hypotension and oxygen need sets the grade.</p>"
                f"<ul>{rows}</ul>")


class ICANSGrader(Explorer):
    """ICE-score sheet plus the other ICANS domains; see the grade and which domain sets it."""

    title = "ICANS grader with ICE-score sheet (ASTCT 2019; teaching tool, not for clinical use)"

    def make_controls(self):
        return {
            "age_years": widgets.IntSlider(value=45, min=1, max=90, step=1,
                                           description="Age, years:"),
            "orientation": widgets.IntSlider(
                value=4, min=0, max=4, step=1,
                description="ICE: orientation (year, month, city, hospital), 0-4:"),
            "naming": widgets.IntSlider(value=3, min=0, max=3, step=1,
                                        description="ICE: names 3 objects, 0-3:"),
            "follows_commands": widgets.Checkbox(value=True,
                                                 description="ICE: follows simple commands"),
            "writing": widgets.Checkbox(value=True, description="ICE: writes a standard sentence"),
            "attention": widgets.Checkbox(value=True,
                                          description="ICE: counts back from 100 by 10"),
            "capd": widgets.IntSlider(value=0, min=0, max=32, step=1,
                                      description="CAPD score (age 12 or under), 0-32:"),
            "capd_unable": widgets.Checkbox(value=False, description="Unable to perform CAPD"),
            "consciousness": widgets.Dropdown(options=_CONSCIOUSNESS_LABELS, value="alert",
                                              description="Level of consciousness:"),
            "seizure": widgets.Dropdown(options=_SEIZURE_LABELS, value="none",
                                        description="Seizure:"),
            "motor_weakness": widgets.Checkbox(value=False,
                                               description="Deep focal motor weakness"),
            "cerebral_edema": widgets.Dropdown(options=_EDEMA_LABELS, value="none",
                                               description="Cerebral oedema:"),
            "raised_icp_signs": widgets.Checkbox(
                value=False, description="Posturing, CN VI palsy, papilloedema or Cushing's triad"),
        }

    def sync_controls(self, values) -> None:
        # the ICE score is used above age 12, the CAPD at 12 or under ("children age ≤12 years",
        # Lee et al. 2019; toxicity.CHILD_MAX_AGE)
        child = values["age_years"] <= toxicity.CHILD_MAX_AGE
        for name in ("orientation", "naming", "follows_commands", "writing", "attention"):
            self.controls[name].disabled = child
        self.controls["capd_unable"].disabled = not child
        self.controls["capd"].disabled = (not child) or values["capd_unable"]

    def make_diagram(self, style):
        return GradingDiagram(("ICE / CAPD", "consciousness", "seizure", "motor",
                               "ICP / oedema"), "ICANS", style)

    def compute(self, **v):
        ice = toxicity.ice_score(orientation=v["orientation"], naming=v["naming"],
                                 follows_commands=v["follows_commands"], writing=v["writing"],
                                 attention=v["attention"])
        graded = toxicity.grade_icans(age_years=v["age_years"], ice=ice,
                                      capd=None if v["capd_unable"] else v["capd"],
                                      consciousness=v["consciousness"], seizure=v["seizure"],
                                      motor_weakness=v["motor_weakness"],
                                      cerebral_edema=v["cerebral_edema"],
                                      raised_icp_signs=v["raised_icp_signs"])
        return GradedFindings(graded, v, ice)

    def describe_result(self, r) -> str:
        v = r.inputs
        yn = {True: "yes", False: "no"}
        ice = (f"ICE {r.ice}/10 (orientation {v['orientation']}/4, naming {v['naming']}/3, "
               f"commands {yn[v['follows_commands']]}, writing {yn[v['writing']]}, attention "
               f"{yn[v['attention']]})")
        capd = (f"CAPD not possible (score box at {v['capd']})" if v["capd_unable"]
                else f"CAPD {v['capd']}")
        tool = (f"{ice}; {capd} not used" if v["age_years"] > toxicity.CHILD_MAX_AGE else
                f"{capd}; {ice} not used")
        extras = [dict((b, a) for a, b in _CONSCIOUSNESS_LABELS)[v["consciousness"]],
                  "seizure: " + dict((b, a) for a, b in _SEIZURE_LABELS)[v["seizure"]],
                  "focal weakness" if v["motor_weakness"] else "no focal weakness",
                  "oedema: " + dict((b, a) for a, b in _EDEMA_LABELS)[v["cerebral_edema"]],
                  "raised-pressure signs" if v["raised_icp_signs"] else "no raised-pressure signs"]
        head = "no ICANS" if r.grade == 0 else f"ICANS grade {r.grade}"
        return (f"Age {v['age_years']}, {tool}, {', '.join(extras)}: {head}, set by "
                f"{'; '.join(r.reasons)}.")

    def panel_html(self, r) -> str:
        v = r.inputs
        child = v["age_years"] <= toxicity.CHILD_MAX_AGE
        sheet = [("Orientation (year, month, city, hospital)", v["orientation"], 4),
                 ("Naming 3 objects", v["naming"], 3),
                 ("Following commands", int(v["follows_commands"]), 1),
                 ("Writing a standard sentence", int(v["writing"]), 1),
                 ("Attention: count back from 100 by 10", int(v["attention"]), 1)]
        rows = "".join(f"<tr><td>{html.escape(t)}</td><td style='text-align:right'>{p}/{m}</td>"
                       "</tr>" for t, p, m in sheet)
        used = ("<p><b>Age 12 or under:</b> the CAPD is used and the ICE sheet is ignored.</p>"
                if child else "<p>Age over 12: the ICE score is used.</p>")
        head = "No ICANS" if r.grade == 0 else f"Grade {r.grade}"
        return (f"<p style='font-size:1.2em'><b>{head}</b></p><table>"
                f"<caption><b>ICE score sheet</b></caption>{rows}"
                f"<tr><td><b>ICE score</b></td><td style='text-align:right'><b>{r.ice}/10"
                f"</b></td></tr></table>{used}<p>The <b>worst</b> domain sets the grade.</p>")


_GRADE_OPTIONS = ["grade 0 (not CRS / no ICANS)", "grade 1", "grade 2", "grade 3", "grade 4"]


def _vignette(question: str, result, needs: dict[int, str], kind: str) -> Quiz:
    g = result.grade
    why = "; ".join(result.reasons)
    choices = []
    for option in range(5):
        if option == g:
            fb = f"Yes. The deciding finding: {why}. That is {needs[g]}."
        elif option < g:
            fb = (f"Too low. {why[0].upper() + why[1:]} already gives {kind} {needs[g]}. The "
                  "worst finding sets the grade.")
        else:
            fb = (f"Too high. {needs[option][0].upper() + needs[option][1:]}; here the worst "
                  f"finding is: {why}.")
        label = _GRADE_OPTIONS[option].replace("not CRS / no ICANS",
                                               "not CRS" if kind == "CRS" else "no ICANS")
        choices.append((label, option == g, fb))
    return Quiz(question, choices)


def crs_vignette(story: str, **findings) -> Quiz:
    """A clinical vignette to grade: the answer and the feedback come from ``grade_crs``."""
    return _vignette(story + " What is the ASTCT CRS grade?",
                     toxicity.grade_crs(**findings), CRS_NEEDS, "CRS")


def icans_vignette(story: str, **findings) -> Quiz:
    """A clinical vignette to grade: the answer and the feedback come from ``grade_icans``."""
    return _vignette(story + " What is the ASTCT ICANS grade?",
                     toxicity.grade_icans(**findings), ICANS_NEEDS, "ICANS")
