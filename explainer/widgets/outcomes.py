"""Notebook 06 explorers: pivotal and randomised trials, and the solid-tumour barriers (with
where solid-tumour trials stand now)."""

from __future__ import annotations

import html

import ipywidgets as widgets

from .. import facts
from ..diagrams.icons import TrialIcons, _per100
from ..diagrams.solid import SolidTumourDiagram
from ..models import outcomes
from .base import Explorer


class TrialExplorer(Explorer):
    """Choose a pivotal trial: 100 people by response, and the main side effects."""

    title = "What happened to 100 people in each pivotal trial"

    def make_controls(self):
        return {"trial": widgets.Dropdown(options=outcomes.trial_options(), value="ELIANA",
                                          description="Trial:")}

    def make_diagram(self, style):
        return TrialIcons(style)

    def compute(self, *, trial):
        return facts.trial(outcomes.check_trial(trial))

    def describe_result(self, t) -> str:
        def pct(x):
            return "not verified" if x is None else _per100(x) + "%"
        if t.randomised:
            return outcomes.randomised_sentence(t)
        return (f"{t.name} ({t.product}, {t.n_infused} people treated): response {pct(t.orr)}, "
                f"complete response {pct(t.cr)}"
                + (f", complete remission with incomplete blood count recovery {pct(t.cri)}"
                   if t.cri else "")
                + f"; CRS {pct(t.crs_any)} (grade 3 or more "
                f"{pct(t.crs_grade3plus)}), neurotoxicity {pct(t.neuro_any)} (grade 3 or more "
                f"{pct(t.neuro_grade3plus)}).")

    def panel_html(self, t) -> str:
        if t.randomised:
            return self._randomised_panel(t)
        e = t.extra
        rows = [("Disease", t.disease), ("Product", t.product),
                ("People treated (infused)", str(t.n_infused)),
                ("What counts as a response", e.get("response_note", "")),
                ("Median follow-up", f"{e['follow_up_months']} months"
                 if e.get("follow_up_months") else "not verified"),
                ("Longer term", e.get("long_term", "")),
                ("Grading", t.grading_scale), ("Notes", e.get("notes", "")),
                ("Sources", ", ".join(t.sources))]
        body = "".join(f"<p><b>{html.escape(a)}:</b> {html.escape(b)}</p>" for a, b in rows if b)
        return ("<div class='trial-panel'>" + body + "<p><i>Trial patients are selected (fit "
                "enough, specific disease stage); grading scales differ between trials, so "
                "compare side-effect rates with care.</i></p></div>")


    @staticmethod
    def _randomised_panel(t) -> str:
        rows = [("Compared", f"{t.product} versus standard care ({t.line})"),
                ("Disease", t.disease), ("People randomised", str(t.n_randomised)),
                ("Primary endpoint", t.endpoint),
                ("Result", "positive: CAR-T did better than standard care" if t.positive else
                 "negative: no benefit over standard care"),
                ("Notes", t.notes), ("Sources", ", ".join(t.sources))]
        body = "".join(f"<p><b>{html.escape(a)}:</b> {html.escape(b)}</p>" for a, b in rows if b)
        return ("<div class='trial-panel'>" + body + "<p><i>A randomised trial decides by "
                "chance who gets CAR-T and who gets standard care, so the two groups can be "
                "compared fairly. Hazard ratio below 1: events were less frequent with CAR-T "
                "at any time point. Event-free survival counts progression, a new treatment "
                "or death as events.</i></p></div>")


class SolidTumourExplorer(Explorer):
    """Switch the three barriers on and off (an illustrative picture, not data)."""

    title = "Why solid tumours are harder (illustrative)"

    def make_controls(self):
        return {
            "trafficking": widgets.Checkbox(value=False,
                                            description="Barrier 1: trafficking (getting in)"),
            "antigen_positive_fraction": widgets.FloatSlider(
                value=1.0, min=0.0, max=1.0, step=0.05,
                description="Tumour cells carrying the target (fraction):"),
            "hostile": widgets.Checkbox(value=False,
                                        description="Barrier 3: hostile microenvironment"),
        }

    def make_diagram(self, style):
        return SolidTumourDiagram(style)

    def compute(self, **values):
        return outcomes.solid_tumour_view(**values)

    def describe_result(self, s) -> str:
        return (f"{s.headline}. Trafficking barrier {'on' if s.trafficking else 'off'}, "
                f"{s.antigen_positive_fraction:.0%} of tumour cells carry the target, hostile "
                f"microenvironment {'on' if s.hostile else 'off'}.")

    def panel_html(self, s) -> str:
        items = "".join(f"<li>{html.escape(text)} <small>({html.escape(', '.join(keys))})"
                        "</small></li>" for text, keys in outcomes.SOLID_TUMOUR_STATUS)
        return ("<div class='solid-panel'><p><b>The picture is illustrative. Where trials "
                "stand (2026):</b></p><ul>" + items + "</ul><p><i>Each barrier can be partly "
                "overcome (local injection into the brain fluid, new targets such as "
                "claudin-18.2), but most results still come from small, early trials."
                "</i></p></div>")


def data_table(name: str, *, columns: list[str] | None = None, headers: dict | None = None):
    """A data table from ``explainer/data/<name>.csv`` with its sources (see ``facts.table``)."""
    return facts.table(name, columns=columns, headers=headers)
