"""Lymphodepletion explorer (notebook 04): the Kimmel et al. 2021 competition model."""

from __future__ import annotations

import ipywidgets as widgets

from ..diagrams.competition import CompetitionDiagram
from ..models.expansion import sci
from ..models.kinetics import simulate_competition
from .base import Explorer


class LymphodepletionExplorer(Explorer):
    """Normal T cells at infusion, CAR-T dose, tumour growth, killing -> three populations."""

    title = "Why clear space first? Normal T cells, CAR-T cells and tumour compete"

    def make_controls(self):
        return {
            "normal_t0": widgets.FloatLogSlider(value=3e9, base=10, min=8, max=11, step=0.05,
                                                description="Normal T cells at infusion:"),
            "car_t0": widgets.FloatLogSlider(value=1.8e8, base=10, min=7, max=9.5, step=0.05,
                                             description="CAR-T dose, cells:"),
            "tumour_growth_per_day": widgets.FloatSlider(value=0.19, min=0.01, max=0.5,
                                                         step=0.005,
                                                         description="Tumour growth, /day:"),
            "kill_rate_per_day": widgets.FloatSlider(value=1.15, min=0.2, max=2.0, step=0.05,
                                                     description="Killing rate, /day:"),
        }

    def make_diagram(self, style):
        return CompetitionDiagram(style)

    def compute(self, **v):
        return simulate_competition(**v)

    def describe_result(self, r) -> str:
        _d, n0, c0, _b0, r_b, _kc, g = r.params
        nadir = ("falls below one cell" if r.tumour_nadir < 1 else
                 f"falls to {sci(r.tumour_nadir)} cells")
        return (f"With {sci(n0)} normal T cells at infusion, a dose of {sci(c0)} CAR-T cells, "
                f"tumour growth {r_b:.3g}/day and killing rate {g:.3g}/day, CAR-T cells peak at "
                f"{sci(r.car_peak)} on day {r.car_peak_day:.0f} and the tumour {nadir} "
                f"(lowest on day {r.tumour_nadir_day:.0f}).")

    def panel_html(self, r) -> str:
        regrow = float(r.tumour[-1]) > r.tumour_nadir * 10
        fate = ("The model tumour shrinks, then <b>regrows</b>: in the paper's stochastic version "
                "cure needs the last cells to die out by chance while CAR-T cells are high."
                if regrow and r.tumour_nadir >= 100 else
                "The tumour falls into the zone (&lt;100 cells) where chance decides; in the "
                "paper this is where cures happen." if r.tumour_nadir < 100 else
                "The tumour does not shrink much: CAR-T cells are too few or too weak.")
        low = sci(r.tumour_nadir) if r.tumour_nadir >= 1e-3 else "< 0.001"
        return (f"<p><b>CAR-T peak:</b> {sci(r.car_peak)} cells on day {r.car_peak_day:.0f} "
                f"(×{r.expansion_fold:,.0f} the dose)</p>"
                f"<p><b>Tumour lowest:</b> {low}"
                f" cells on day {r.tumour_nadir_day:.0f}</p><p>{fate}</p>"
                "<p><i>A model fitted to median ZUMA-1 (axi-cel) data; not a prediction for any "
                "patient.</i></p>")
