"""Scenes of notebook 04 (infusion): how a CAR-T cell kills, and where CRS comes from."""

from __future__ import annotations

import ipywidgets as widgets

from ..diagrams import scene_synapse
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
