"""Notebook 05 explorers: CAR-T kinetics (Stein 2019) and tumour/effector/memory (CARTmath)."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import ipywidgets as widgets

from .. import facts
from ..diagrams.curves import CARTmathCurves, KineticsCurve
from ..models import multiphasic as ck
from ..models import tumour
from ..models.expansion import sci
from .base import Explorer


@dataclass(frozen=True)
class KineticsView:
    """A CK result plus what the figure overlays (published summary values)."""

    result: ck.CKResult
    published: dict = field(default_factory=dict)

    def __getattr__(self, name):  # delegate t_days, copies, readouts, band_* ...
        return getattr(self.result, name)


def published_peaks() -> dict:
    """Published Cmax at median Tmax for responders and non-responders (kymriah_smpc)."""
    rows = facts.load_table("ck_responders")
    get = {(r["group"], r["metric"]): float(r["value"]) for r in rows}
    return {g: (get[(g, "tmax_days")], get[(g, "cmax")])
            for g in ("responders", "non_responders")}


class KineticsExplorer(Explorer):
    """Expansion, contraction and persistence of tisagenlecleucel (Stein et al. 2019)."""

    title = "A living drug: CAR-T cells in the blood over one year"

    def make_controls(self):
        T = ck.TYPICAL
        return {
            "cmax": widgets.FloatLogSlider(value=T["cmax"], base=10, min=3, max=5.3, step=0.05,
                                           description="Peak level Cmax (copies/µg):"),
            "tmax_days": widgets.FloatSlider(value=T["tmax_days"], min=2, max=30, step=0.1,
                                             description="Day of the peak Tmax (days):"),
            "foldx": widgets.FloatLogSlider(value=T["foldx"], base=10, min=1, max=5, step=0.05,
                                            description="Fold expansion (×):"),
            "alpha_per_day": widgets.FloatSlider(value=T["alpha_per_day"], min=0.04, max=0.6,
                                                 step=0.01,
                                                 description="Fast contraction α (per day):"),
            "fb": widgets.FloatLogSlider(value=T["fb"], base=10, min=-4, max=-0.5, step=0.05,
                                         description="Fraction to slow phase FB:"),
            "beta_per_day": widgets.FloatLogSlider(value=T["beta_per_day"], base=10, min=-4,
                                                   max=-1.5, step=0.05,
                                                   description="Slow decline β (per day):"),
            "band": widgets.Checkbox(value=False,
                                     description="Show 200 virtual patients (90% band)"),
            "published": widgets.Checkbox(value=True,
                                          description="Show published responders vs "
                                                      "non-responders"),
        }

    def make_diagram(self, style):
        return KineticsCurve(style)

    def compute(self, *, band, published, **params):
        res = ck.simulate_ck(**params, band=band)
        return KineticsView(res, published_peaks() if published else {})

    def describe_result(self, v) -> str:
        p, r = v.params, v.readouts
        band = (f" The shaded band holds 90% of {v.n_virtual} virtual patients." if v.n_virtual
                else "")
        return (f"With a peak of {p['cmax']:,.0f} copies/µg on day {p['tmax_days']:.3g} after a "
                f"{p['foldx']:,.0f}-fold expansion (doubling every {r.doubling_time_days:.2f} "
                f"days), the level falls with a half-life of {r.half_life_fast_days:.1f} days, "
                f"then {r.half_life_slow_days:.0f} days: {r.c_day28:,.0f} on day 28, "
                f"{r.c_day90:,.1f} on day 90 and {r.c_day365:,.1f} on day 365 "
                f"(FB {p['fb']:.3g}).{band}"
                + (" Triangles: published peaks of responders and non-responders."
                   if v.published else ""))

    def panel_html(self, v) -> str:
        r = v.readouts
        rows = [("Doubling time (expansion)", f"{r.doubling_time_days:.2f} days"),
                ("Half-life, fast contraction", f"{r.half_life_fast_days:.1f} days"),
                ("Half-life, slow persistence", f"{r.half_life_slow_days:.0f} days"),
                ("Level on day 28", f"{r.c_day28:,.0f} copies/µg"),
                ("Level on day 90", f"{r.c_day90:,.1f} copies/µg"),
                ("Level on day 365", f"{r.c_day365:,.1f} copies/µg"),
                ("AUC days 0-28", f"{r.auc_0_28:,.0f} copies·day/µg")]
        body = "".join(f"<tr><td>{html.escape(a)}</td><td style='text-align:right'><b>"
                       f"{html.escape(b)}</b></td></tr>" for a, b in rows)
        return ("<table class='readouts'>" + body + "</table><p style='font-size:0.9em'>"
                "Published (responders / non-responders, geometric means): AUC 0-28 300,000 / "
                "210,000 copies·day/µg; half-life 21.7 / 2.7 days [EU SmPC].</p>")


@dataclass(frozen=True)
class CARTmathView:
    """A CARTmath result plus the x-axis length to draw it on."""

    result: tumour.CARTmathResult
    axis_days: float

    def __getattr__(self, name):
        return getattr(self.result, name)


class CARTmathExplorer(Explorer):
    """Effector and memory CAR-T cells against a tumour (CARTmath, mouse presets).

    Switching the experiment loads its published scenario (dose and dose day). Each run lasts
    as long after the dose as the published scenario (HDLM-2: 158 days; RAJI: 8 days).
    """

    title = "Tumour, effector and memory CAR-T cells (CARTmath, mouse experiments)"
    #: largest dose day offered per experiment (RAJI grows without limit in the model)
    MAX_DOSE_DAY = {"HDLM-2": 100, "RAJI": 14}

    def make_controls(self):
        preset = widgets.ToggleButtons(
            options=[("HDLM-2 + CAR-T123", "HDLM-2"), ("RAJI + CAR-T19", "RAJI")],
            value="HDLM-2", description="Experiment:")
        # registered before the base class's observer, so it runs first
        preset.observe(self._on_preset, names="value")
        self._dose_day = widgets.IntSlider(value=42, min=0, max=self.MAX_DOSE_DAY["HDLM-2"],
                                           step=1, description="Dose day (day):")
        self._dose = widgets.FloatLogSlider(value=1.5e6, base=10, min=5, max=8, step=0.25,
                                            description="CAR-T dose (cells):")
        return {"preset": preset, "dose_cells": self._dose, "dose_day": self._dose_day}

    def _on_preset(self, change) -> None:
        p = tumour.PRESETS[change["new"]]
        with self.hold_updates():  # the preset change itself then draws once
            self._dose_day.max = max(self.MAX_DOSE_DAY[p.key], self._dose_day.min)
            self._dose_day.value = int(p.dose_day)
            self._dose.value = p.dose_cells

    def set(self, **params):
        """As :meth:`Explorer.set`; a new experiment is applied first (it sets the dose-day
        range), then the other values."""
        if "preset" in params and len(params) > 1:
            rest = dict(params)
            preset = rest.pop("preset")
            old = self.values
            super().set(preset=preset)
            try:
                return super().set(**rest)
            except (TypeError, ValueError):
                super().set(preset=old["preset"])
                super().set(dose_cells=old["dose_cells"], dose_day=old["dose_day"])
                raise
        return super().set(**params)

    @staticmethod
    def horizon(preset: str, dose_day: float) -> float:
        p = tumour.PRESETS[preset]
        return max(p.days, dose_day + (p.days - p.dose_day))

    def make_diagram(self, style):
        return CARTmathCurves(style)

    def compute(self, *, preset, dose_cells, dose_day):
        res = tumour.simulate_cartmath(preset, dose_cells=dose_cells, dose_day=dose_day,
                                       days=self.horizon(preset, dose_day))
        # a fixed x axis per experiment (no full redraw when the dose day moves)
        return CARTmathView(res, self.horizon(preset, self.MAX_DOSE_DAY[preset]))

    def describe_result(self, r) -> str:
        fate = ("the tumour is eliminated" if r.tumour_eliminated else
                f"the tumour escapes, reaching {sci(r.tumour_final)} cells")
        memory = float(r.memory[-1])
        left = ("fewer than one memory cell left" if memory < 1 else
                f"{sci(memory)} memory cells left")
        return (f"{r.preset}: {sci(r.dose_cells)} CAR-T cells injected on day {r.dose_day:g}; "
                f"effector cells peak at {sci(r.peak_effector)} cells on day "
                f"{r.peak_effector_day:.0f} and by day {r.days:g} {fate} ({left}).")
