"""Apheresis explorer (notebook 01): how many T cells does one collection give, and how long?"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..diagrams.apheresis import ApheresisDiagram
from ..models import collection
from .base import Explorer


def _sci(x: float) -> str:
    return f"{x / 1e9:.2f} × 10⁹"


class ApheresisExplorer(Explorer):
    """Body weight, blood volumes, lymphocyte count, CD3+ share, efficiency and flow rate."""

    title = "Leukapheresis: how many T cells, and how long?"

    def make_controls(self):
        return {
            "weight_kg": widgets.FloatSlider(value=70, min=20, max=150, step=1,
                                             description="Body weight (kg):"),
            "blood_volumes_processed": widgets.FloatSlider(
                value=2.0, min=1.0, max=4.0, step=0.25,
                description="Blood volumes processed:"),
            "alc_per_ul": widgets.FloatSlider(
                value=1000, min=100, max=4000, step=50,
                description="Lymphocyte count, ALC (cells/µL):"),
            "cd3_fraction": widgets.FloatSlider(
                value=0.7, min=0.1, max=0.95, step=0.05,
                description="CD3+ share of lymphocytes (illustrative):"),
            "collection_efficiency": widgets.FloatSlider(
                value=0.5, min=0.2, max=0.8, step=0.05,
                description="Collection efficiency (illustrative):"),
            "flow_ml_min": widgets.FloatSlider(
                value=60, min=30, max=120, step=5,
                description="Flow rate (mL/min, illustrative):"),
        }

    def make_diagram(self, style):
        return ApheresisDiagram(style)

    def compute(self, **values):
        return collection.apheresis(**values)

    def describe_result(self, r) -> str:
        verdict = ("above the NIH target" if r.meets_target else
                   "above the NIH minimum but below the target" if r.meets_minimum else
                   "below the NIH minimum")
        return (f"A {r.weight_kg:g} kg adult has about {r.total_blood_volume_l:.1f} L of blood; "
                f"processing {r.blood_volumes_processed:g} blood volumes "
                f"({r.litres_processed:.1f} L) at {r.flow_ml_min:g} mL/min takes about "
                f"{r.procedure_hours:.1f} hours. With {r.alc_per_ul:,.0f} lymphocytes/µL, "
                f"{r.cd3_fraction:.0%} of them CD3+ and {r.collection_efficiency:.0%} "
                f"collection efficiency, the bag holds about {_sci(r.cd3_cells_collected)} "
                f"CD3+ T cells, {verdict}.")

    def panel_html(self, r) -> str:
        rows = [
            ("Blood volume (70 mL/kg rule)", f"{r.total_blood_volume_l:.2f} L"),
            ("Blood processed", f"{r.litres_processed:.1f} L"),
            ("CD3+ cells passing through", _sci(r.cd3_cells_passing)),
            ("CD3+ cells collected", _sci(r.cd3_cells_collected)),
            ("Share of NIH target (2 × 10⁹)", f"{r.fraction_of_target:.0%}"),
            ("Procedure time", f"{r.procedure_minutes:.0f} min ({r.procedure_hours:.1f} h)"),
        ]
        body = "".join(f"<tr><td>{html.escape(a)}</td><td><b>{html.escape(b)}</b></td></tr>"
                       for a, b in rows)
        return ("<table class='explorer-readout'>" + body + "</table>"
                "<p style='font-size:0.9em'>Illustrative settings are marked. A teaching "
                "estimate, not a plan for any patient.</p>")
