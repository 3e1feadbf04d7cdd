"""Two ways to point T cells at cancer (notebook 06): "release the brakes" vs "a new receptor".

Left: a checkpoint inhibitor (an antibody) blocks PD-1 on a T cell that already recognises the
tumour through its own T-cell receptor and HLA; the brake is released. Right: a CAR-T cell binds
a surface molecule (CD19) directly with its chimeric antigen receptor. Schematic, not to scale.
"""

from __future__ import annotations

from matplotlib.patches import Circle, FancyArrowPatch, Rectangle

from . import style
from .base import Diagram

C = style.COLORS


class CheckpointVsCART(Diagram):
    shape = "wide"

    def _cell(self, ax, x, y, r, fc, label, hatch=None, text_colour="white"):
        ax.add_patch(Circle((x, y), r, fc=fc, ec="black", lw=1.2, hatch=hatch))
        ax.text(x, y, label, ha="center", va="center", color=text_colour, fontweight="bold",
                fontsize="small")

    def build(self) -> None:
        fig = self.fig
        for i, (title, sub) in enumerate((
                ("Checkpoint inhibitor: release the brakes",
                 "The patient's own T cell already sees the tumour\n(T-cell receptor + HLA). "
                 "The drug blocks PD-1,\nso PD-L1 can no longer switch the T cell off."),
                ("CAR-T: give T cells a new receptor",
                 "The CAR grips CD19 on the cancer cell directly,\nno HLA needed. "
                 "The T cell is activated,\nkills and multiplies."))):
            ax = fig.add_axes([0.01 + 0.5 * i, 0.02, 0.48, 0.80])
            ax.set_xlim(0, 10)
            ax.set_ylim(0, 7)
            ax.set_aspect("equal")
            ax.set_axis_off()
            fig.text(0.02 + 0.5 * i, 0.97, title, fontweight="bold", va="top",
                     fontsize="medium")
            ax.text(5, 0.1, sub, ha="center", va="bottom", fontsize="small")
            if i == 0:
                self._cell(ax, 2.2, 4.2, 1.5, C["normal_t"], "T cell", text_colour="black")
                self._cell(ax, 7.8, 4.2, 1.5, C["tumour"], "tumour\ncell", hatch="//")
                # TCR-HLA contact (top)
                ax.add_patch(Rectangle((3.6, 4.9), 0.9, 0.25, fc=C["normal_t"], ec="black"))
                ax.add_patch(Rectangle((5.5, 4.9), 0.9, 0.25, fc=C["neutral"], ec="black"))
                ax.text(4.05, 5.35, "TCR", ha="center", fontsize="x-small")
                ax.text(5.95, 5.35, "HLA +\npeptide", ha="center", fontsize="x-small")
                # PD-1 / PD-L1 blocked by antibody (bottom)
                ax.add_patch(Rectangle((3.6, 3.3), 0.9, 0.25, fc="white", ec="black"))
                ax.add_patch(Rectangle((5.5, 3.3), 0.9, 0.25, fc="white", ec="black"))
                ax.text(4.05, 3.2, "PD-1\n(brake)", ha="center", va="top", fontsize="x-small")
                ax.text(5.95, 3.2, "PD-L1", ha="center", va="top", fontsize="x-small")
                ax.text(5.0, 3.42, "Y", ha="center", va="center", fontsize="xx-large",
                        fontweight="bold", color=C["chemo"], rotation=90)
                ax.text(5.0, 3.85, "antibody drug\nblocks the brake", ha="center", va="bottom",
                        fontsize="x-small", color="black")
            else:
                self._cell(ax, 2.2, 4.2, 1.5, C["car_t"], "CAR-T\ncell")
                self._cell(ax, 7.8, 4.2, 1.5, C["tumour"], "cancer\ncell", hatch="//")
                ax.add_patch(Rectangle((3.6, 4.05), 1.6, 0.3, fc=C["car_t"], ec="black"))
                ax.text(4.4, 4.65, "CAR", ha="center", fontsize="x-small", fontweight="bold")
                ax.add_patch(Rectangle((5.3, 3.95), 0.9, 0.5, fc=C["highlight"], ec="black",
                                       hatch=".."))
                ax.text(5.75, 3.5, "CD19", ha="center", fontsize="x-small", fontweight="bold")
                ax.add_patch(FancyArrowPatch((2.2, 5.9), (7.2, 5.9), arrowstyle="-|>",
                                             mutation_scale=18, color="black",
                                             connectionstyle="arc3,rad=-0.3"))
                ax.text(4.7, 6.65, "kill signal", ha="center", fontsize="x-small")
        self.alt = ("Two panels: left, a checkpoint inhibitor (an antibody) blocks PD-1 on the "
                    "patient's existing T cell, releasing its brake; right, the CAR on a CAR-T "
                    "cell binds CD19 on a cancer cell directly, without HLA.")

    def update(self, result) -> None:  # static
        pass
