"""The microscope: CAR-T cells meeting tumour cells in a patch of marrow, live (notebook 05).

Controls: Play / Pause / Repeat and the time step (arrow keys: 10 minutes; Home / End), the play
speed, "New patient" (another seed: the same settings, a different chance course), the CAR-T to
tumour ratio (the dose), the antigen-negative share, the antigen density and exhaustion. The
model is :func:`explainer.models.microscope.simulate_field`; a run is computed once per setting
(cached) and each frame draws one of its steps.
"""

from __future__ import annotations

import functools

import ipywidgets as widgets

from ..diagrams.microscope import MicroscopeDiagram, settings_words
from ..models import microscope as mic
from .animated import AnimatedExplorer

TUMOUR_CELLS = 1000


@functools.lru_cache(maxsize=16)
def _run(seed: int, ratio: float, negative: float, density: float, exhaustion: float):
    return mic.simulate_field(seed=seed, car_t_cells=int(round(ratio * TUMOUR_CELLS)),
                              tumour_cells=TUMOUR_CELLS, antigen_negative_fraction=negative,
                              antigen_density=density, exhaustion=exhaustion)


def _n(x: int) -> str:
    return f"{x:,}"


class MicroscopeExplorer(AnimatedExplorer):
    """Live agent-based simulation of a patch of marrow (see the module docstring)."""

    title = "The microscope: CAR-T cells meet tumour cells (a simulation)"
    frame_control = "step"
    gif_every = 10   # the stored animation: every 10th step (100 minutes apart)
    gif_frame_ms = 200
    gif_scale = 0.6

    SPEEDS = {"slow": 100, "normal": AnimatedExplorer.interval_ms, "fast": 16}

    def make_controls(self):
        return {
            "step": widgets.IntSlider(value=0, min=0, max=mic.DEFAULT_STEPS, step=1,
                                      description="Time step (10 min each):"),
            "seed": widgets.BoundedIntText(value=1, min=0, max=10_000, step=1,
                                           description="Patient number (seed):"),
            "ratio": widgets.FloatSlider(value=0.2, min=0.0, max=1.0, step=0.05,
                                         description="CAR-T cells per tumour cell (dose):"),
            "negative": widgets.FloatSlider(value=0.0, min=0.0, max=0.5, step=0.01,
                                            description="Antigen-negative tumour share:"),
            "density": widgets.FloatSlider(value=1.0, min=0.1, max=1.0, step=0.05,
                                           description="Antigen density (1 = CD19-high):"),
            "exhaustion": widgets.FloatSlider(value=0.0, min=0.0, max=1.0, step=0.05,
                                              description="Exhaustion (0 = none):"),
        }

    def make_diagram(self, style):
        return MicroscopeDiagram(style=style)

    def compute(self, *, step, seed, ratio, negative, density, exhaustion):
        result = _run(int(seed), round(float(ratio), 4), round(float(negative), 4),
                      round(float(density), 4), round(float(exhaustion), 4))
        return mic.FieldView(result=result, step=int(step))

    def describe_result(self, view) -> str:
        r, k = view.result, view.step
        hours = float(r.hours[k])
        pos, neg = int(r.tumour_positive[k]), int(r.tumour_negative[k])
        act, exh, mem = (int(r.car_t_active[k]), int(r.car_t_exhausted[k]),
                         int(r.car_t_memory[k]))
        text = (f"After {hours:.1f} hours: {_n(pos)} antigen-positive and {_n(neg)} "
                f"antigen-negative tumour cells; {_n(act + exh + mem)} CAR-T cells "
                f"({_n(act)} active, {_n(exh)} exhausted, {_n(mem)} memory); "
                f"{_n(int(r.kills[k]))} tumour cells killed so far.")
        if pos + neg == 0:
            text += " The tumour in this patch is cleared."
        elif pos == 0 and neg > 0:
            text += " Only antigen-negative cells are left: the CAR cannot see them (escape)."
        return f"{text} (Settings: {settings_words(r)}.)"

    def _build_layout(self) -> None:
        super()._build_layout()
        self.speed = widgets.ToggleButtons(options=list(self.SPEEDS), value="normal",
                                           description="Play speed:",
                                           tooltips=["4 frames a second", "30 frames a second",
                                                     "60 frames asked for (as fast as it goes)"])
        self.speed.observe(lambda ch: setattr(self.play, "interval", self.SPEEDS[ch["new"]]),
                           names="value")
        self.new_patient = widgets.Button(description="New patient",
                                          tooltip="Same settings, another chance course (seed)",
                                          layout=widgets.Layout(width="auto"))
        self.new_patient.on_click(lambda _b: self.set(
            seed=(self.controls["seed"].value + 1) % 10_001, step=0))
        # play speed and "new patient" are not figure controls: they sit beside Reset
        kids = list(self.side.children)
        kids.insert(kids.index(self.controls_box) + 1,
                    widgets.HBox([self.speed, self.new_patient],
                                 layout=widgets.Layout(flex_flow="row wrap")))
        self.side.children = kids

    def close(self) -> None:
        for w in (getattr(self, "speed", None), getattr(self, "new_patient", None)):
            if w is not None:
                w.close()
        super().close()
