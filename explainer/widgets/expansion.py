"""Explorers for notebook 03: growing the cells (expansion) and the wait (vein-to-vein)."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..diagrams.growth import GrowthDiagram
from ..diagrams.waiting import WaitingDiagram
from ..models import expansion
from ..models.expansion import sci
from .base import Explorer


class ExpansionExplorer(Explorer):
    """Illustrative growth of CAR-positive cells in culture against a product's label dose."""

    title = "Growing a living drug: how long until there are enough cells?"

    def __init__(self, regimen: str = "Yescarta, LBCL", weight_kg: float = 70.0, **kwargs):
        self._initial = {"regimen": regimen, "weight_kg": weight_kg}
        super().__init__(**kwargs)

    def make_controls(self):
        regs = expansion.regimens()
        reg, w = self._initial["regimen"], self._initial["weight_kg"]
        if reg not in regs:
            raise ValueError(f"regimen must be one of {', '.join(regs)}; got {reg!r}")
        return {
            "starting_cells": widgets.FloatLogSlider(
                value=5e7, base=10, min=6, max=9, step=0.1,
                description="T cells at start (illustrative):"),
            "transduction_percent": widgets.FloatSlider(
                value=30, min=5, max=90, step=1, description="Transduced, % (illustrative):"),
            "doubling_time_days": widgets.FloatSlider(
                value=1.5, min=0.5, max=4.0, step=0.1,
                description="Doubling time, days (illustrative):"),
            "days_in_culture": widgets.IntSlider(value=10, min=1, max=21, step=1,
                                                 description="Days in culture:"),
            "regimen": widgets.Dropdown(options=regs, value=reg, description="Product, disease:"),
            "weight_kg": widgets.FloatSlider(value=w, min=10, max=150, step=1,
                                             description="Patient weight, kg:"),
        }

    def sync_controls(self, values: dict) -> None:
        # a flat dose is the same for every weight: the weight slider would change nothing
        self.controls["weight_kg"].disabled = not expansion.weight_matters(values["regimen"])

    def make_diagram(self, style):
        return GrowthDiagram(style)

    def compute(self, **v):
        return expansion.grow(**v)

    def describe_result(self, r) -> str:
        if r.day_low_reached is None:
            reached = "the minimum label dose is not reached"
        elif r.day_low_reached == 0:
            reached = (f"the culture already starts above the minimum label dose "
                       f"({sci(r.dose.low_cells)})")
        else:
            reached = (f"the minimum label dose ({sci(r.dose.low_cells)}) is reached on day "
                       f"{r.day_low_reached:.1f}")
        return (f"Starting from {sci(r.starting_car_cells)} CAR-positive cells doubling every "
                f"{r.doubling_time_days:g} days, {r.days_in_culture:g} days of culture give "
                f"{sci(r.final_car_cells)} cells (×{r.fold_expansion:,.0f}); for "
                f"{r.dose.regimen} at {r.dose.weight_kg:g} kg {reached}.")

    def panel_html(self, r) -> str:
        d = r.dose
        note = f" ({html.escape(d.note)})" if d.note else ""
        return (f"<p><b>Label dose</b> for {html.escape(d.regimen)}: {html.escape(d.text)}{note}."
                f"</p><p>For {d.weight_kg:g} kg: {sci(d.low_cells)} to {sci(d.high_cells)} "
                "CAR-positive viable T cells.</p><p><i>Growth settings are illustrative, not "
                "any product's real process.</i></p>")


class WaitingExplorer(Explorer):
    """Vein-to-vein times side by side, and illustrative disease growth during the wait."""

    title = "The wait: vein-to-vein time and what it can mean"

    def __init__(self, setting: str | None = None, **kwargs):
        self._initial = {"setting": setting}
        super().__init__(**kwargs)

    def make_controls(self):
        labels = expansion.v2v_labels()
        s = self._initial["setting"] or labels[0]
        if s not in labels:
            raise ValueError(f"setting must be one of {', '.join(labels)}; got {s!r}")
        return {
            "setting": widgets.Dropdown(options=labels, value=s, description="Product (setting):",
                                        layout=widgets.Layout(width="auto")),
            "disease_doubling_days": widgets.FloatSlider(
                value=30, min=7, max=120, step=1,
                description="Disease doubling time, days (illustrative):"),
            "extra_delay_days": widgets.IntSlider(
                value=0, min=0, max=60, step=1,
                description="Extra delay, days (e.g. re-manufacture):"),
        }

    def make_diagram(self, style):
        return WaitingDiagram(style)

    def compute(self, **v):
        return expansion.wait(**v)

    def describe_result(self, r) -> str:
        extra = (f" plus {r.extra_delay_days:g} days of extra delay" if r.extra_delay_days
                 else "")
        return (f"{r.label}: median wait {r.row['median_days']:g} days{extra}; a disease "
                f"doubling every {r.disease_doubling_days:g} days (illustrative) would grow "
                f"{r.fold_growth:,.1f}-fold before infusion.")

    def panel_html(self, r) -> str:
        row = r.row
        spread = (f" ({row['spread_kind']} {row['spread_low']}-{row['spread_high']} days)"
                  if row["spread_low"] else "")
        return (f"<p><b>{html.escape(r.label)}</b><br>median {row['median_days']:g} days{spread}"
                f"<br><i>{html.escape(row['measure'])}</i></p>"
                f"<p>Sources: {html.escape(', '.join(row['sources']))}</p>"
                "<p>Bridging therapy during the wait aims to keep the disease in check; the curve "
                "shows what could happen without it.</p>")
