"""Which finding sets the grade: one bar per domain of an ASTCT table (CRS or ICANS).

Each bar's length is the grade that finding alone would give (0-4). The bars that set the overall
grade are filled orange (cytokine colour), hatched and marked "◀ sets the grade"; the others are
light grey with a grey edge. The words for each finding are in the explorer's side panel and
description (text is the slow part of a frame), so the figure carries only the shape.
"""

from __future__ import annotations

import textwrap

from matplotlib.patches import Rectangle

from . import style
from .base import Diagram


class GradingDiagram(Diagram):
    shape = "wide"

    def __init__(self, domains: tuple[str, ...], kind: str, style_name: str | None = None):
        self.domains = tuple(domains)
        self.kind = kind
        super().__init__(style_name)

    def build(self) -> None:
        fig, c = self.fig, style.COLORS
        n = len(self.domains)
        self.ax = ax = fig.add_axes([0.19, 0.15, 0.78, 0.6])
        ax.set_xlim(0, 4.9)
        ax.set_ylim(n - 0.4, -0.6)
        ax.set_xticks(range(5))
        ax.set_xticklabels(["0", "1", "2", "3", "4"])
        ax.set_xlabel("grade this finding alone would give")
        ax.set_yticks(range(n))
        ax.set_yticklabels(list(self.domains))
        ax.tick_params(axis="y", length=0)
        for g in range(1, 5):
            ax.axvline(g, color=c["light"], lw=1, zorder=0)
        self.bars, self.marks = [], []
        for i in range(n):
            self.bars.append(self.dynamic(ax.add_patch(Rectangle((0, i - 0.32), 0, 0.64,
                                                                 lw=1.5))))
            self.marks.append(self.dynamic(ax.text(0, i, "◀ sets the grade", va="center",
                                                   ha="left", fontsize="small",
                                                   fontweight="bold")))
        self.headline = self.dynamic(fig.text(0.01, 0.985, "", ha="left", va="top",
                                              fontweight="bold", fontsize="large"))
        # the findings in words (one line, wrapped): every change of a control shows here
        # the findings in words, one short text per finding in a 2-column grid: every change of
        # a control shows here, and only the finding that changed is drawn anew (each text's
        # pixels are cached per state by the base class)
        self.finding_texts = [
            self.dynamic(fig.text(0.01 + 0.5 * (i % 2), 0.905 - 0.05 * (i // 2), "",
                                  ha="left", va="top", fontsize="small", color=c["text"]))
            for i in range(6)]
        fig.text(0.99, 0.985, f"ASTCT 2019 {self.kind} grading · teaching tool, not for "
                 "clinical use", ha="right", va="top", fontsize="small",
                 color=c["text"])

    def update(self, r) -> None:
        c = style.COLORS
        deciding = set(r.deciding)
        for bar, mark, f in zip(self.bars, self.marks, r.findings, strict=True):
            sets = f.domain in deciding
            bar.set_width(max(f.grade, 0.04))
            bar.set_facecolor(c["cytokine"] if sets else c["light"])
            bar.set_edgecolor(c["text"] if sets else c["neutral"])
            bar.set_hatch(style.HATCHES["cytokine"] if sets else None)
            mark.set_visible(sets)
            mark.set_x(f.grade + 0.06)
        if r.grade == 0:
            head = "Not CRS by ASTCT" if r.kind == "CRS" else "No ICANS"
        else:
            head = f"{r.kind} grade {r.grade}"
        self.headline.set_text(head)
        width = 62 if self.style == "notebook" else 56
        items = ([r.note[:1].upper() + r.note[1:]] if r.note else []) + [
            # "ICE score 10 (normal)", not "ICE score: ICE score 10 (normal)"
            f.text if f.domain.lower() in f.text.lower() else f"{f.domain}: {f.text}"
            for f in r.findings]
        for text, item in zip(self.finding_texts,
                              (items + [""] * len(self.finding_texts))[:len(self.finding_texts)],
                              strict=True):
            text.set_text(textwrap.shorten(item, width) if item else "")
        self.alt = f"{head}: " + "; ".join(r.reasons)
