"""Patient-journey explorer (notebook 00): choose a product, move the day, read what happens."""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets

from ..diagrams.timeline import JourneyTimeline
from ..models import journey
from .base import Explorer

#: the side-effect bars' labels, spelled out for the description (default: "the CRS window")
_RISK_NAME = {"neurotox.": "the neurotoxicity window", "CRS onset": "the typical CRS onset day"}


@dataclass(frozen=True)
class JourneyResult:
    timeline: journey.Timeline
    state: journey.DayState


class JourneyExplorer(Explorer):
    """A vein-to-vein timeline from day -60 to day +365 for one CAR-T product."""

    title = "The patient journey, day by day"

    def __init__(self, product: str = "Kymriah", day: int = 0, **kwargs):
        self._initial = {"product": product, "day": day}
        super().__init__(**kwargs)

    def make_controls(self):
        products = journey.journey_products()
        product = self._initial["product"]
        if product not in products:
            raise ValueError(f"product must be one of {', '.join(products)}; got {product!r}")
        day = self._initial["day"]
        if isinstance(day, bool) or not isinstance(day, int) or not (
                journey.DAY_MIN <= day <= journey.DAY_MAX):
            raise ValueError(f"day must be a whole number from {journey.DAY_MIN:g} to "
                             f"{journey.DAY_MAX:g}; got {day!r}")
        return {
            "product": widgets.Dropdown(options=products, value=product,
                                        description="CAR-T product:"),
            "day": widgets.IntSlider(value=day, min=int(journey.DAY_MIN),
                                     max=int(journey.DAY_MAX), step=1,
                                     description="Day (0 = infusion):"),
        }

    def make_diagram(self, style):
        return JourneyTimeline(style)

    def compute(self, *, product, day):
        return JourneyResult(journey.timeline(product), journey.on_day(product, day))

    def describe_result(self, result) -> str:
        """What the figure shows now, in two sentences: where the marker is on which timeline,
        and the bars it picks out. The panel gives what they mean (no sentence in both)."""
        tl, s = result.timeline, result.state
        d = int(s.day) if float(s.day).is_integer() else s.day
        when = "infusion day (day 0)" if d == 0 else f"day {d:+g}"
        lit = {lane: [p for p in tl.phases if p.key in s.highlight and p.lane == lane]
               for lane in journey.LANES}
        risk = " and ".join(_RISK_NAME.get(p.label, f"the {p.label} window")
                            for p in lit["risks"]) or "no side-effect window"
        patient = lit["patient"][0].label if lit["patient"] else "nothing"
        cells = lit["cells"][0].label if lit["cells"] else "nothing"
        return (f"{tl.product}'s timeline, leukapheresis on day {-round(tl.v2v_days)} and "
                f"infusion on day 0, with the marker on {when}. Highlighted there: “{patient}” "
                f"for the patient, “{cells}” for their cells, and {risk}.")

    def panel_html(self, result) -> str:
        s = result.state
        rows = [("For the patient", s.patient), ("For their cells", s.cells),
                ("Side effects to watch", s.risks)]
        body = "".join(f"<p><b>{html.escape(h)}.</b> {html.escape(t)}</p>" for h, t in rows)
        return (f"<div class='journey-panel'><p style='font-size:1.15em'><b>"
                f"{html.escape(s.headline)}</b></p>{body}</div>")
