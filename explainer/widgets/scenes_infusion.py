"""Scenes of notebook 04 (infusion): how a CAR-T cell kills, and where CRS comes from."""

from __future__ import annotations

import ipywidgets as widgets

from ..diagrams import scene_crs, scene_synapse
from .scene import SceneExplorer


class SynapseScene(SceneExplorer):
    """The CAR binds CD19, a synapse forms, perforin and granzyme kill, the cell moves on."""

    title = "The immune synapse"
    diagram_class = scene_synapse.SynapseDiagram

    def options(self):
        return {"antigen": widgets.ToggleButtons(
            options=[("CD19 high", "high"), ("CD19 low", "low"), ("No CD19", "none")],
            value="high", description="CD19 on the tumour cells:",
            style={"description_width": "initial"})}

    def storyboard(self, *, antigen: str):
        return scene_synapse.storyboard(antigen=antigen)


class CrsScene(SceneExplorer):
    """CAR-T cytokines switch on macrophages; their IL-6 and IL-1 bring fever and low pressure."""

    title = "Where CRS comes from"
    diagram_class = scene_crs.CrsDiagram

    def options(self):
        return {"tocilizumab": widgets.Checkbox(value=False,
                                                description="Tocilizumab (blocks IL-6 receptor)",
                                                style={"description_width": "initial"}),
                "steroids": widgets.Checkbox(value=False, description="Corticosteroids",
                                             style={"description_width": "initial"})}

    def storyboard(self, *, tocilizumab: bool, steroids: bool):
        return scene_crs.storyboard(tocilizumab=tocilizumab, steroids=steroids)
