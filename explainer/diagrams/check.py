"""Layout checks for figures: text large enough where it is shown, inside the figure, and not
on top of other text. Used by the tests and by authors (``python -m explainer.diagrams.check``).

A figure drawn ``W`` pixels wide and shown ``display_px`` CSS pixels wide shows a ``s``-point
font at ``s * dpi / 72 * display_px / W`` CSS pixels. A phone (390 px, Voilà's margins) shows
the figure about 358 px wide, so the phone style is drawn 480 px wide with text of 10 pt and
more (10.4 CSS px).
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.text import Text

__all__ = ["PHONE_DISPLAY_PX", "MIN_CSS_PX", "DECK_MIN_CSS_PX", "deck_display_px", "TextBox",
           "text_boxes", "layout_problems"]

#: Width at which a phone (390 × 844) shows an explorer figure in Voilà, in CSS pixels.
PHONE_DISPLAY_PX = 358
#: Smallest figure text on a phone, in CSS pixels (issue 13).
MIN_CSS_PX = 10.0

#: Screens a deck must be readable on (issue 13). reveal.js keeps the canvas 1280 px wide and
#: tools/build_slides.py makes it as tall as the screen's shape allows (960 px on 4:3, 720 on
#: 16:9), then scales it to the screen. Beside its panel (at least 300 px and a 16 px gap) an
#: explorer's figure gets at most 964 canvas px of width, and the canvas height minus 190 px for
#: the title and description (assets/slides.css).
DECK_SCREENS = ((1024, 768), (1280, 720))
DECK_CANVAS_W, DECK_PANEL_PX = 1280, 316
#: Smallest figure text in a deck on a 1024 × 768 projector, in CSS pixels: the slide style's
#: tick labels (16 pt) come to 13.5-14.2 px; nothing may be under 12 (its "x-small", 11.8 pt,
#: came to 9.9-10.5 px; issue 13).
DECK_MIN_CSS_PX = 12.0


def deck_display_px(width_px: float, height_px: float) -> float:
    """The fewest CSS pixels of width at which a deck shows a figure of this size on the
    screens of ``DECK_SCREENS`` (shrunk to fit beside the panel and under the title, never
    enlarged)."""
    shown = []
    for sw, sh in DECK_SCREENS:
        canvas_h = min(round(DECK_CANVAS_W * sh / sw), round(DECK_CANVAS_W * 0.8))
        canvas_h = max(canvas_h, 720)
        fit = min(width_px, DECK_CANVAS_W - DECK_PANEL_PX, (canvas_h - 190) * width_px / height_px)
        shown.append(fit * sw / DECK_CANVAS_W)
    return min(shown)


@dataclass
class TextBox:
    text: str
    points: float
    bbox: tuple  # x0, y0, x1, y1 in figure pixels


def text_boxes(diagram) -> list[TextBox]:
    """Every visible, non-empty text of the diagram's figure as drawn now (dynamic text too)."""
    fig = diagram.fig
    renderer = diagram.canvas.get_renderer()
    out = []
    hidden = _undrawn_tick_labels(fig)
    for t in fig.findobj(Text):
        if id(t) in hidden:
            continue
        if not t.get_visible() or not t.get_text().strip() or t.get_alpha() == 0:
            continue
        if t.axes is not None and not t.axes.get_visible():
            continue
        if any(a is not None and not a.get_visible() for a in _ancestors(t)):
            continue
        bb = t.get_window_extent(renderer)
        if bb.width <= 0 or bb.height <= 0:
            continue
        out.append(TextBox(t.get_text(), float(t.get_fontsize()), tuple(bb.extents)))
    return out


def _undrawn_tick_labels(fig) -> set:
    """Tick labels matplotlib keeps but does not draw (their tick is outside the view)."""
    hidden = set()
    for ax in fig.axes:
        if not ax.get_visible():  # a hidden panel: its axis labels and ticks are not drawn
            hidden.update(id(t) for t in ax.findobj(Text))
            continue
        for axis in (ax.xaxis, ax.yaxis):
            # compare in the axis' own scale (a log axis from 1 to 1e13 would otherwise allow
            # a margin of 1e4 and count the undrawn 1e-2 tick as drawn)
            fwd = axis.get_transform().transform
            lo, hi = sorted(float(fwd(v)) for v in axis.get_view_interval())
            tol = (hi - lo) * 1e-9
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                loc = tick.get_loc()
                inside = loc is not None and loc > 0 if axis.get_scale() == "log" else \
                    loc is not None
                if not inside or not (lo - tol <= float(fwd(loc)) <= hi + tol):
                    hidden.update((id(tick.label1), id(tick.label2)))
    return hidden


def _ancestors(t):
    # a legend's texts sit in the legend; a hidden legend hides them
    leg = getattr(t, "_legend", None) or next(
        (a.get_legend() for a in [t.axes] if a is not None and a.get_legend() is not None
         and t in a.get_legend().get_texts()), None)
    return [leg]


def layout_problems(diagram, *, display_px: float = PHONE_DISPLAY_PX,
                    min_css_px: float = MIN_CSS_PX, overlap_px: float = 2.0) -> list[str]:
    """What is wrong with the figure as shown ``display_px`` wide: text under ``min_css_px``,
    text past the figure's edge, texts on top of each other (by more than ``overlap_px``)."""
    # draw with the dynamic artists visible, as render() shows them; then lay out the static
    # artists for the current state too (a kept background was drawn once, and the tick
    # labels matplotlib holds may still be placed for another state's axis limits)
    diagram.render()
    from . import style
    with style.context(diagram.style):
        diagram.canvas.draw()
    w, h = diagram.fig.canvas.get_width_height()
    scale = diagram.fig.dpi / 72 * display_px / w
    boxes = text_boxes(diagram)
    problems = []
    for b in boxes:
        px = b.points * scale
        if px < min_css_px - 1e-6:
            problems.append(f"{b.text!r}: {px:.1f} CSS px ({b.points:g} pt) < {min_css_px:g}")
        x0, y0, x1, y1 = b.bbox
        if x0 < -1 or y0 < -1 or x1 > w + 1 or y1 > h + 1:
            problems.append(f"{b.text!r} runs past the figure edge "
                            f"({x0:.0f}..{x1:.0f} x {y0:.0f}..{y1:.0f} in {w} x {h})")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            dx = min(a.bbox[2], b.bbox[2]) - max(a.bbox[0], b.bbox[0])
            dy = min(a.bbox[3], b.bbox[3]) - max(a.bbox[1], b.bbox[1])
            if dx > overlap_px and dy > overlap_px:
                problems.append(f"{a.text!r} overlaps {b.text!r}")
    return problems
