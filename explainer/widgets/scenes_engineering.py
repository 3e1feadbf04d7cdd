"""Scenes of notebook 02 (engineering): how the receptor recognises, how the gene gets in."""

from __future__ import annotations

import ipywidgets as widgets

from ..diagrams import scene_tcr_car
from .scene import SceneExplorer


class TcrCarScene(SceneExplorer):
    """An ordinary T cell's TCR needs a peptide on HLA; a CAR grips CD19 directly."""

    title = "TCR or CAR"
    diagram_class = scene_tcr_car.TcrCarDiagram

    def options(self):
        return {"hide_mhc": widgets.Checkbox(value=False,
                                             description="Tumour hides its HLA (MHC)")}

    def storyboard(self, *, hide_mhc: bool):
        return scene_tcr_car.storyboard(hide_mhc=hide_mhc)
