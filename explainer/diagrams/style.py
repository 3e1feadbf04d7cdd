"""One visual language for the whole collection.

The Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design") is safe for the common forms of
colour-vision deficiency. Every colour has one meaning across all notebooks (CAR-T cells are always
blue, tumour cells always vermillion, ...). Colour is never the only cue: pair it with line styles,
markers, hatching or direct labels (``LINESTYLES``, ``MARKERS``, ``HATCHES``).

Three matplotlib styles ship inside the package: ``notebook``, ``slides`` (large fonts for a
projector) and ``phone`` (a narrow, portrait figure whose text is at least 10 CSS px on a 390 px
phone; diagrams stack their panels in it). ``use("slides")`` switches the collection;
explorers read ``current()``.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import matplotlib as mpl
import matplotlib.style  # noqa: F401  (makes mpl.style available)

__all__ = [
    "OKABE_ITO", "COLORS", "LINESTYLES", "MARKERS", "HATCHES", "STYLES",
    "style_path", "use", "current", "context", "figsize", "font_size",
]

_HERE = Path(__file__).resolve().parent

#: The eight Okabe-Ito colours by their usual names.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Semantic colours: use these names in diagrams, never raw hex codes.
COLORS = {
    "car_t": OKABE_ITO["blue"],            # CAR-T cells
    "tumour": OKABE_ITO["vermillion"],     # cancer / tumour cells
    "normal_b": OKABE_ITO["bluish_green"], # healthy B cells (also killed by CD19 CAR-T)
    "normal_t": OKABE_ITO["sky_blue"],     # the patient's own, unmodified T cells
    "cytokine": OKABE_ITO["orange"],       # cytokines, CRS
    "chemo": OKABE_ITO["reddish_purple"],  # lymphodepleting chemotherapy, drugs
    "highlight": OKABE_ITO["yellow"],      # "you are here", current selection (fill only)
    "memory": OKABE_ITO["reddish_purple"], # memory CAR-T cells (with a dashed line)
    "text": OKABE_ITO["black"],
    "neutral": "#8C8C8C",                  # backgrounds, not-yet, inactive
    "light": "#E8E8E8",                    # panels, membranes
    "plasma": "#F3E3A0",                   # plasma layer (pale yellow)
    "red_cells": "#9E2A2B",                # red blood cell layer (paired with hatching)
}

#: Line styles that carry the same meaning as the colours (for greyscale and colour-blind readers).
LINESTYLES = {"car_t": "-", "tumour": "--", "normal_b": "-.", "normal_t": ":",
              "memory": (0, (5, 2, 1, 2)), "cytokine": "-"}
MARKERS = {"car_t": "o", "tumour": "s", "normal_b": "^", "normal_t": "D", "memory": "v",
           "cytokine": "*"}
HATCHES = {"tumour": "//", "chemo": "xx", "cytokine": "..", "red_cells": "\\\\", "normal_b": "--"}

STYLES = ("notebook", "slides", "phone")
#: Start in the style named by the environment variable CART_STYLE ("notebook" or "slides"), so a
#: presenter can run ``CART_STYLE=slides make app`` (or set it before starting JupyterLab) and
#: get projector-sized figures without touching the notebooks.
_current = os.environ.get("CART_STYLE", "notebook")
if _current not in STYLES:
    raise ValueError(f"CART_STYLE must be one of {', '.join(STYLES)}; got {_current!r}")

#: Figure sizes in inches (at 100 dpi) for each style; slides are wider for 16:9 screens.
_FIGSIZE = {"notebook": {"wide": (9.0, 4.2), "square": (6.0, 5.0), "tall": (9.0, 5.6)},
            "slides": {"wide": (12.0, 5.6), "square": (8.0, 6.4), "tall": (12.0, 7.0)},
            # phones show the figure about 358 CSS px wide: drawn 480 px wide, 10 pt text is
            # 10.4 CSS px there (explainer.diagrams.check); portrait, so panels stack
            "phone": {"wide": (4.8, 4.4), "square": (4.8, 4.8), "tall": (4.8, 6.0)}}


def style_path(name: str) -> Path:
    """Path of the ``.mplstyle`` file shipped inside the package for style ``name``."""
    if name not in STYLES:
        raise ValueError(f"style must be one of {', '.join(STYLES)}; got {name!r}")
    return _HERE / f"{name}.mplstyle"


def use(name: str = "notebook") -> None:
    """Make ``name`` ("notebook" or "slides") the style for explorers created from now on."""
    global _current
    path = style_path(name)
    mpl.style.use(path)
    _current = name


def current() -> str:
    """The name of the style in use ("notebook" or "slides")."""
    return _current


_RC: dict[str, dict] = {}


@contextmanager
def context(name: str | None = None):
    """Temporarily apply a style (default: the current one) while building a figure."""
    name = name or _current
    if name not in _RC:
        _RC[name] = dict(mpl.rc_params_from_file(style_path(name),
                                                 use_default_template=False))
    rc_style = _RC[name]
    rc = mpl.rcParams
    # Swap only the style's own keys, through the public mapping API: rc_context copies and
    # re-validates all ~300 rcParams, which cost about 1 ms per slider step.
    saved = {key: rc[key] for key in rc_style}
    try:
        rc.update(rc_style)
        yield name
    finally:
        rc.update(saved)


def figsize(shape: str = "wide", name: str | None = None) -> tuple[float, float]:
    """Figure size in inches for a ``shape`` ("wide", "square", "tall") in a style."""
    name = name or _current
    if name not in STYLES:
        raise ValueError(f"style must be one of {', '.join(STYLES)}; got {name!r}")
    sizes = _FIGSIZE[name]
    if shape not in sizes:
        raise ValueError(f"shape must be one of {', '.join(sizes)}; got {shape!r}")
    return sizes[shape]


def font_size(name: str | None = None) -> float:
    """Base font size in points of a style."""
    name = name or _current
    return float(mpl.rc_params_from_file(style_path(name), use_default_template=False)["font.size"])
