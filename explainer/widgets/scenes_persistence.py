"""Scenes of notebook 05 (persistence): memory CAR-T cells stay, B cells go, antibodies fall."""

from __future__ import annotations

import functools

import ipywidgets as widgets

from ..diagrams import scene_memory
from .scene import SceneExplorer


@functools.lru_cache(maxsize=8)
def _board(persistence: str, ivig: bool):
    return scene_memory.storyboard(persistence=persistence, ivig=ivig)


class MemoryScene(SceneExplorer):
    """After the peak: effector CAR-T cells fade, memory cells stay, B cells and IgG fall."""

    title = "Memory and B-cell aplasia"
    diagram_class = scene_memory.MemoryDiagram

    def options(self):
        return {
            "persistence": widgets.ToggleButtons(
                options=[("Long", "long"), ("Short", "short")], value="long",
                description="CAR-T persistence:",
                tooltips=["The CAR-T cells last for months to years",
                          "The CAR-T cells are lost within months"]),
            "ivig": widgets.Checkbox(value=False,
                                     description="Immunoglobulin replacement (IVIG)"),
        }

    def storyboard(self, *, persistence: str, ivig: bool):
        return _board(persistence, ivig)
