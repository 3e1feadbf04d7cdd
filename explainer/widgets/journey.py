"""Patient-journey explorer (notebook 00): choose a product, move the day, read what happens."""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets

from ..diagrams.timeline import JourneyTimeline
from ..models import journey
from .base import Explorer


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
        s = result.state
        return f"{s.headline}. {s.patient}"

    def panel_html(self, result) -> str:
        s = result.state
        rows = [("For the patient", s.patient), ("For their cells", s.cells),
                ("Side effects to watch", s.risks)]
        body = "".join(f"<p><b>{html.escape(h)}.</b> {html.escape(t)}</p>" for h, t in rows)
        return (f"<div class='journey-panel'><p style='font-size:1.15em'><b>"
                f"{html.escape(s.headline)}</b></p>{body}</div>")
