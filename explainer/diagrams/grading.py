"""Which finding sets the grade: one bar per domain of an ASTCT table (CRS or ICANS).

Each bar's length is the grade that finding alone would give (0-4). The bars that set the overall
grade are filled orange (cytokine colour), hatched and marked "◀ sets the grade"; the others are
light grey with a grey edge. The words for each finding are in the explorer's side panel and
description (text is the slow part of a frame), so the figure carries only the shape.

Phone style: a portrait figure (square for CRS's three domains, tall for ICANS's five) with the
findings in one column under the headline, the bars below them and "◀ sets / the grade" on two
lines beside a bar, every text 10 pt or more.
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
        if (style_name or style.current()) == "phone":
            # a portrait figure: one finding per line above the bars
            self.shape = "square" if len(self.domains) <= 3 else "tall"
        super().__init__(style_name)

    def build(self) -> None:
        if self.style == "phone":
            return self._build_phone()
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

    #: phone: the smallest text size (10 pt = 10.4 CSS px on a 390 px phone)
    PHONE_PT = 10
    #: phone: characters per line of a finding, and the lines kept for findings that wrap
    PHONE_WIDTH = 57
    PHONE_EXTRA_LINES = 3

    def _build_phone(self) -> None:
        fig, c = self.fig, style.COLORS
        n = len(self.domains)
        h_px = fig.get_figheight() * fig.dpi
        line = 19 / h_px  # one 10 pt line, in figure fractions
        rows = n + 1  # a note, then one text per finding
        self._phone_lines = rows + self.PHONE_EXTRA_LINES
        self._phone_line = line
        top = 1 - 8 / h_px
        self.headline = self.dynamic(fig.text(0.02, top, "", ha="left", va="top",
                                              fontweight="bold", fontsize=14))
        fig.text(0.02, top - 26 / h_px, f"ASTCT 2019 {self.kind} grading · teaching tool, "
                 "not for clinical use", ha="left", va="top", fontsize=self.PHONE_PT,
                 color=c["text"])
        first = top - 52 / h_px
        self.finding_texts = [
            self.dynamic(fig.text(0.02, first - line * i, "", ha="left", va="top",
                                  fontsize=self.PHONE_PT, color=c["text"]))
            for i in range(rows)]
        self._phone_first = first
        ax_top = first - line * self._phone_lines - 14 / h_px
        ax_bottom = 62 / h_px
        self.ax = ax = fig.add_axes([0.27, ax_bottom, 0.70, ax_top - ax_bottom])
        ax.set_xlim(0, 5.75)
        ax.set_ylim(n - 0.4, -0.6)
        ax.set_xticks(range(5))
        ax.set_xticklabels(["0", "1", "2", "3", "4"])
        ax.spines["bottom"].set_bounds(0, 4)
        ax.set_xlabel("grade this finding alone would give", x=4 / 5.75 / 2)
        ax.set_yticks(range(n))
        ax.set_yticklabels(list(self.domains))
        ax.tick_params(axis="y", length=0)
        for g in range(1, 5):
            ax.axvline(g, color=c["light"], lw=1, zorder=0)
        self.bars, self.marks = [], []
        for i in range(n):
            self.bars.append(self.dynamic(ax.add_patch(Rectangle((0, i - 0.32), 0, 0.64,
                                                                 lw=1.5))))
            self.marks.append(self.dynamic(ax.text(0, i, "◀ sets\nthe grade", va="center",
                                                   ha="left", fontsize=self.PHONE_PT,
                                                   fontweight="bold", linespacing=1.1)))

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
        width = {"notebook": 62, "phone": 60}.get(self.style, 56)
        items = ([r.note[:1].upper() + r.note[1:]] if r.note else []) + [
            # "ICE score 10 (normal)", not "ICE score: ICE score 10 (normal)"
            f.text if f.domain.lower() in f.text.lower() else f"{f.domain}: {f.text}"
            for f in r.findings]
        if self.style == "phone":
            self._set_phone_findings(items)
            self.alt = f"{head}: " + "; ".join(r.reasons)
            return
        for text, item in zip(self.finding_texts,
                              (items + [""] * len(self.finding_texts))[:len(self.finding_texts)],
                              strict=True):
            text.set_text(textwrap.shorten(item, width) if item else "")
        self.alt = f"{head}: " + "; ".join(r.reasons)

    def _set_phone_findings(self, items: list[str]) -> None:
        """One finding per text, wrapped to two lines where the reserved lines allow (the last
        findings that do not fit are shortened to one line), stacked from the top."""
        w = self.PHONE_WIDTH
        # a bullet per finding and a hanging indent, so a wrapped line reads as a continuation
        wrap = dict(width=w, initial_indent="• ", subsequent_indent="   ")
        wrapped = [textwrap.wrap(item, **wrap) for item in items]
        wrapped = [lines if len(lines) <= 2 else
                   [lines[0], "   " + textwrap.shorten(" ".join(lines[1:]), w - 3)]
                   for lines in wrapped]
        for i in reversed(range(len(wrapped))):
            if sum(map(len, wrapped)) <= self._phone_lines:
                break
            if len(wrapped[i]) == 2:
                wrapped[i] = ["• " + textwrap.shorten(items[i], w - 2)]
        y = self._phone_first
        padded = (wrapped + [[]] * len(self.finding_texts))[:len(self.finding_texts)]
        for text, lines in zip(self.finding_texts, padded, strict=True):
            text.set_text("\n".join(lines))
            text.set_y(y)
            y -= self._phone_line * len(lines)
