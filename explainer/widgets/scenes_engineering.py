"""Scenes of notebook 02 (engineering): how the receptor recognises, how the gene gets in."""

from __future__ import annotations

import ipywidgets as widgets

from ..diagrams import scene_tcr_car, scene_vector
from ..diagrams.scenekit import SceneFrame
from ..models.engineering import transduction
from .scene import SceneExplorer


class _TcrCarDiagram(scene_tcr_car.TcrCarDiagram):
    """The worked example's diagram, with one readability fix made here (its module belongs to
    the shared kit): a CAR part label whose part is still below the drawing area (the cell far
    away, first steps) is hidden instead of being drawn over the caption, and two-line captions
    sit a little higher, clear of the "Cartoon, not to scale" note."""

    def build_scene(self, ax) -> None:
        super().build_scene(ax)
        if not self.phone:  # phones keep the caption in its own strip under the picture
            self.caption.set_position((0.5, 0.1))

    def draw_scene(self, frame: SceneFrame) -> None:
        super().draw_scene(frame)
        for t in self.part_labels:
            t.set_visible(t.get_position()[1] > 1.0)


class TcrCarScene(SceneExplorer):
    """An ordinary T cell's TCR needs a peptide on HLA; a CAR grips CD19 directly."""

    title = "TCR or CAR"
    diagram_class = _TcrCarDiagram

    def options(self):
        return {"hide_mhc": widgets.Checkbox(value=False,
                                             description="Tumour hides its HLA (MHC)")}

    def storyboard(self, *, hide_mhc: bool):
        return scene_tcr_car.storyboard(hide_mhc=hide_mhc)


class VectorScene(SceneExplorer):
    """From virus to receptor: a lentiviral vector writes the CAR gene into one T cell.

    Controls: the multiplicity of infection (MOI, vector particles per cell) and how many vector
    copies this one cell received (0-3). How likely that copy number is at that MOI comes from
    the Poisson transduction model, :func:`explainer.models.engineering.transduction`.
    """

    title = "From virus to receptor"
    diagram_class = scene_vector.VectorDiagram
    #: The animated fallback keeps every second frame (shown twice as long): the same motion
    #: in about half the bytes, since many small parts move at once in this scene.
    gif_every = 2
    gif_frame_ms = 2 * SceneExplorer.gif_frame_ms

    def options(self):
        return {
            "moi": widgets.FloatSlider(value=1.0, min=0.1, max=5.0, step=0.1,
                                       description="MOI (particles per cell):",
                                       continuous_update=False,
                                       style={"description_width": "initial"}),
            "copies": widgets.ToggleButtons(options=[0, 1, 2, 3], value=1,
                                            description="Copies in this cell:",
                                            style={"description_width": "initial"}),
        }

    def storyboard(self, *, moi: float, copies: int):
        return scene_vector.storyboard(copies=copies)

    def compute(self, **values) -> SceneFrame:
        frame = values.pop(self.frame_control)
        moi, copies = values["moi"], values["copies"]
        model = transduction(moi=moi)
        board = self.checked_storyboard(values)
        return board.at(frame, moi=model.moi, copies=copies,
                        probability=model.vcn_probability(copies),
                        fraction_transduced=model.fraction_transduced).with_settings(
                            self.settings_words(values))

    def describe_result(self, result: SceneFrame) -> str:
        o = result.options
        k = o["copies"]
        return (f"Step {result.step} of {result.n_steps} (frame {result.frame + 1} of "
                f"{result.n_frames}): {result.caption} "
                f"(At MOI {o['moi']:.1f} the Poisson model gives "
                f"{scene_vector.percent(o['probability'])} "
                f"of cells exactly {k} cop{'y' if k == 1 else 'ies'}.)")

    def panel_html(self, result: SceneFrame) -> str:
        o = result.options
        k = o["copies"]
        word = "copy" if k == 1 else "copies"
        pct = scene_vector.percent
        return (f"<b>This cell: {k} vector {word}</b><br>"
                f"At MOI {o['moi']:.1f}, the Poisson model says {pct(o['probability'])} "
                f"of cells receive exactly {k} {word}, and "
                f"{pct(o['fraction_transduced'])} receive at least one.<br>"
                f"<i>0 copies: no CAR. More copies: more CAR molecules drawn "
                f"(illustrative).</i>")
