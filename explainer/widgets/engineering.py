"""Notebook 02 explorers: the CAR builder and transduction; plus the approved-products table."""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from .. import facts
from ..diagrams.construct import ConstructDiagram
from ..diagrams.transduction import TransductionDiagram
from ..models import engineering as eng
from .base import Explorer


def _names(xs) -> str:
    xs = list(xs)
    if not xs:
        return "no approved product"
    return ", ".join(xs[:-1]) + (" and " if len(xs) > 1 else "") + xs[-1]


@dataclass(frozen=True)
class CarDesign:
    """What the CAR builder shows: the construct and, for each costimulatory part drawn, the
    approved products that use it."""

    construct: eng.Construct
    costimulatory_users: tuple[tuple[str, ...], ...]

    def __getattr__(self, name):  # delegate binder, domains, matches, used_by ...
        if name.startswith("_") or name == "construct":
            raise AttributeError(name)
        return getattr(self.construct, name)


class CarBuilderExplorer(Explorer):
    """Choose the parts of a CAR (or a product preset) and see it drawn across the membrane."""

    title = "Build a chimeric antigen receptor"
    _PARTS = ("binder", "hinge", "transmembrane", "costimulatory", "generation")

    def __init__(self, preset: str = "Kymriah", **kwargs):
        if preset != "custom" and preset not in eng.PRESETS:
            raise ValueError(f"preset must be 'custom' or one of {', '.join(eng.PRESETS)}; "
                             f"got {preset!r}")
        self._initial = preset
        super().__init__(**kwargs)

    def make_controls(self):
        start = eng.preset_parts(self._initial if self._initial != "custom" else "Kymriah")

        def dd(kind, desc):
            return widgets.Dropdown(options=[(p.label, p.key) for p in eng.parts(kind)],
                                    value=start[kind], description=desc)

        return {
            "preset": widgets.Dropdown(options=[("custom design", "custom")]
                                       + [(b, b) for b in eng.PRESETS],
                                       value=self._initial, description="Load a product:"),
            "binder": dd("binder", "Binder:"),
            "hinge": dd("hinge", "Hinge/spacer:"),
            "transmembrane": dd("transmembrane", "Transmembrane:"),
            "costimulatory": widgets.Dropdown(
                options=[(p.label, p.key) for p in eng.parts("costimulatory")],
                value=start["costimulatory"], description="Costimulatory domain:"),
            "generation": widgets.Dropdown(options=[(f"generation {g}", g) for g in
                                                    eng.GENERATIONS],
                                           value=start["generation"], description="Generation:"),
        }

    def follow(self, changed: str, values: dict) -> dict:
        """Keep the preset and the parts consistent (presentation only; no science here):
        choosing a product loads its parts; changing a part of a loaded product makes the
        design "custom"."""
        if changed == "preset":
            return {} if values["preset"] == "custom" else eng.preset_parts(values["preset"])
        if changed in self._PARTS and values["preset"] != "custom" and \
                eng.preset_parts(values["preset"]) != {k: values[k] for k in self._PARTS}:
            return {"preset": "custom"}
        return {}

    def make_diagram(self, style):
        return ConstructDiagram(style)

    def compute(self, *, preset, binder, hinge, transmembrane, costimulatory, generation):
        k = eng.car_construct(binder=binder, hinge=hinge, transmembrane=transmembrane,
                              costimulatory=costimulatory, generation=generation, preset=preset)
        return CarDesign(k, tuple(eng.part_users("costimulatory", p.key) for p in k.costimulatory))

    def describe_result(self, k) -> str:
        who = k.preset or "This custom design"
        same = (f" Approved products with exactly this design: {_names(k.matches)}."
                if k.matches else " No approved product has exactly this design.")
        costim = " and ".join(p.label.split(" costim.")[0]
                              for p in k.costimulatory) or "no costimulatory domain"
        note = (" (* hinge and transmembrane of this product were not confirmed in a retrieved "
                "source)" if k.unverified else "")
        return (f"{who}: a generation-{k.generation} CAR against {k.target} with "
                f"{k.binder.label}, {k.hinge.label}, {k.transmembrane.label} and {costim}."
                f"{same}{note}")

    def panel_html(self, k) -> str:
        rows = [("Binder", k.binder, k.used_by["binder"]),
                ("Hinge", k.hinge, k.used_by["hinge"]),
                ("Transmembrane", k.transmembrane, k.used_by["transmembrane"])]
        rows += [("Costimulation", p, users)
                 for p, users in zip(k.costimulatory, k.costimulatory_users, strict=True)]
        body = "".join(
            f"<p><b>{html.escape(h)}: {html.escape(p.label)}.</b> {html.escape(p.what_it_does)}"
            f" <i>Used by: {html.escape(_names(users))}.</i></p>" for h, p, users in rows)
        return (f"<div><p><b>{html.escape(k.generation_text)}</b></p>{body}</div>")


@dataclass(frozen=True)
class TransductionView:
    """What the transduction explorer shows: the model, the vector and the cell field."""

    vector: str
    vector_label: str
    vector_text: str
    vector_users: tuple[str, ...]
    transduction: eng.Transduction
    vcn_limit: int
    copies: np.ndarray


#: What the transduction figure's strip draws for each vector, with its sources (panel text).
_VECTOR_BIOLOGY = {
    "lentiviral": (
        "A lentiviral vector's DNA crosses the intact nuclear envelope, through its pores, so an "
        "activated T cell does not have to divide for the gene to get in (HIV integrates in "
        "cells stopped in the cell cycle: Lewis &amp; Emerman 1994). Resting T cells are "
        "transduced poorly even so, until they are activated (Maurice et al. 2002). Lentiviral "
        "copies land anywhere along active genes (Schröder et al. 2002; Wu et al. 2003)."),
    "gamma-retroviral": (
        "A γ-retroviral vector's DNA gets to the cell's own DNA only after the cell passes "
        "through mitosis, when the nuclear envelope breaks down (MLV: Roe et al. 1993; Lewis "
        "&amp; Emerman 1994), so the T cells must be activated and dividing. γ-retroviral "
        "copies cluster near the starts of genes (Wu et al. 2003) and at enhancers and "
        "promoters (Cattoglio et al. 2010)."),
}


class TransductionExplorer(Explorer):
    """MOI, vector and an illustrative copy-number limit -> copies per cell (Poisson model)."""

    title = "Delivering the CAR gene: vector copies per cell"

    def make_controls(self):
        return {
            "vector": widgets.ToggleButtons(options=[("lentiviral", "lentiviral"),
                                                     ("γ-retroviral", "gamma-retroviral")],
                                            value="lentiviral", description="Vector:"),
            "moi": widgets.FloatSlider(value=1.0, min=0.1, max=10.0, step=0.1,
                                       description="MOI (vector particles per cell):"),
            "vcn_limit": widgets.IntSlider(value=5, min=1, max=9, step=1,
                                           description="Copy-number limit (illustrative):"),
        }

    def make_diagram(self, style):
        return TransductionDiagram(style)

    def compute(self, *, vector, moi, vcn_limit):
        v, users = eng.vector_info(vector)
        return TransductionView(vector=vector, vector_label=v.label,
                                vector_text=v.what_it_does, vector_users=users,
                                transduction=eng.transduction(moi=moi), vcn_limit=vcn_limit,
                                copies=eng.copies_for_cells(moi=moi))

    def describe_result(self, v) -> str:
        t = v.transduction
        return (f"With a {v.vector_label} at MOI {t.moi:g}, the Poisson model gives "
                f"{t.fraction_transduced:.0%} of cells at least one copy of the CAR gene; "
                f"transduced cells carry {t.mean_vcn_transduced:.2f} copies on average and "
                f"{t.fraction_above(v.vcn_limit):.1%} of them carry more than {v.vcn_limit} "
                f"(an illustrative limit).")

    def panel_html(self, v) -> str:
        t = v.transduction
        return (f"<p><b>{html.escape(v.vector_label)}.</b> {html.escape(v.vector_text)} "
                f"<i>Used by {html.escape(_names(v.vector_users))}.</i></p>"
                f"<p>P(0 copies) = e<sup>−MOI</sup> = {t.vcn_probability(0):.3f}<br>"
                f"transduced = 1 − e<sup>−MOI</sup> = {t.fraction_transduced:.3f}<br>"
                f"mean copies if transduced = MOI / (1 − e<sup>−MOI</sup>) = "
                f"{t.mean_vcn_transduced:.3f}</p>"
                f"<p><b>What the strip under the chart shows.</b> {_VECTOR_BIOLOGY[v.vector]}</p>"
                "<p style='font-size:0.9em'>The Poisson model is the same for both vectors: "
                "what differs between them is biology, not this arithmetic. The biology comes "
                "from studies of HIV and of murine leukaemia virus (MLV), the viruses these "
                "vectors are made from: Roe et al. 1993 (EMBO J 12:2099), Lewis &amp; Emerman "
                "1994 (J Virol 68:510), Schröder et al. 2002 (Cell 110:521), Wu et al. 2003 "
                "(Science 300:1749), Cattoglio et al. 2010 (Blood 116:5507); resting T cells: "
                "Maurice et al. 2002 (Blood 99:2342).</p>")


#: The product table's columns and their headings.
PRODUCT_COLUMNS = {"brand": "Product", "generic": "Generic name", "target": "Target",
                   "binder": "Binder", "hinge": "Hinge", "transmembrane": "Transmembrane",
                   "costimulatory": "Costimulation", "vector": "Vector",
                   "first_approval": "First FDA approval",
                   "first_indication": "First indication"}


def product_table() -> facts.Table:
    """A table of every approved product from ``explainer/data/products.csv``, with sources."""
    return facts.table("products", columns=list(PRODUCT_COLUMNS), headers=PRODUCT_COLUMNS)
