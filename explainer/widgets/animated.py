"""Explorers that move: a step control driven by an ``ipywidgets.Play``.

``AnimatedExplorer`` is an :class:`~explainer.widgets.Explorer` with one integer control (named
by ``frame_control``, default ``"step"``) that a Play button advances in the browser. Play, Pause
and Repeat are the Play widget's own buttons; the step slider stays keyboard-operable (arrow keys
step one frame, Home/End jump to the ends) and Reset goes back to the first frame.

Playing smoothly on a 2-core machine:

* the Play widget is linked to the step slider in the browser (``jslink``), so the browser, not
  the kernel, keeps time;
* in a kernel, a change of the step control does not draw at once: it asks for a redraw on the
  next turn of the event loop, and changes that arrive before that turn only move the target.
  When the kernel falls behind, stale frames are dropped rather than queued, so the figure never
  lags seconds behind the control;
* every frame, once drawn, is kept (the frame cache is enlarged to hold a whole run), so a second
  play-through only sends bytes.

Without a kernel, :meth:`static_image` is an animated GIF of every step (Pillow), with the
captions of all steps as its text alternative: pages and decks still move.
"""

from __future__ import annotations

import asyncio
import io
import os

import ipywidgets as widgets

from .base import Explorer
from .frames import Prefetcher, frame_key


class AnimatedExplorer(Explorer):
    """Base for scenes and simulations. Subclasses put an ``IntSlider`` under ``frame_control``
    in ``make_controls()`` and implement the usual ``compute``/``describe_result``."""

    #: Name of the integer control the Play button advances.
    frame_control = "step"
    #: Milliseconds between frames while playing. The Play widget waits this long AFTER each
    #: step it sets, so 33 ms (30 a second asked for) set only 20-29 steps a second on the
    #: shared 2-core machine; 28 ms sets 29-31 (benchmarks/results/animation_fps.txt).
    interval_ms = 28
    #: Frames in the animated GIF fallback are this many ms apart.
    gif_frame_ms = 120
    #: Scale of the GIF fallback relative to the live figure (smaller files for pages and decks).
    gif_scale = 0.75
    #: The GIF fallback shows every n-th step (long simulations: keep the file small).
    gif_every = 1
    #: Seconds after the explorer appears (and after another control changes) before every
    #: frame of the run is drawn ahead in idle time, so Play only has to send kept bytes.
    run_prefetch_delay = 1.0
    #: Seconds between two frames drawn ahead: one frame per turn of the kernel's event loop,
    #: so a message from the browser waits for at most one frame.
    run_prefetch_pause = 0.02
    #: At most this many frames after the one shown are drawn ahead (a scene's whole run; for a
    #: long simulation a window that moves with Play: 241 microscope frames would hold 44 MB and
    #: 4-9 s of CPU per kernel when the page opens).
    run_prefetch_frames = 64

    def __init__(self, **kwargs):
        self._pending = None  # handle of a scheduled redraw (kernel only)
        self.run_prefetcher = None  # draws the whole run ahead (kernel only); set below
        self._run_settings = None  # (style, other controls) of the run being drawn ahead
        super().__init__(**kwargs)
        n = self.controls[self.frame_control].max - self.controls[self.frame_control].min + 1
        cache = self.frame_cache
        cache.maxsize = max(cache.maxsize, 4 * n) if cache.maxsize else 0
        self.run_prefetcher = Prefetcher(self._idle_frame, pause=self.run_prefetch_pause)
        self._follow_run()

    # -- layout: Play beside the step slider -------------------------------------------------------
    def _build_layout(self) -> None:
        step = self.controls[self.frame_control]
        if not isinstance(step, widgets.IntSlider):
            raise TypeError(f"{type(self).__name__}.{self.frame_control} must be an IntSlider")
        super()._build_layout()
        self.play = widgets.Play(
            value=step.value, min=step.min, max=step.max, step=1, interval=self.interval_ms,
            description="Play", tooltip="Play or pause the animation", show_repeat=True,
            layout=widgets.Layout(width="auto"))
        self.play.add_class("explorer-play")
        self._links = [widgets.jslink((self.play, "value"), (step, "value")),
                       widgets.jsdlink((step, "min"), (self.play, "min")),
                       widgets.jsdlink((step, "max"), (self.play, "max"))]
        row = next(r for r in self.controls_box.children
                   if r is step or (isinstance(r, widgets.HBox) and step in r.children))
        i = list(self.controls_box.children).index(row)
        kids = list(self.controls_box.children)
        play_row = widgets.HBox([self.play, row])
        play_row.add_class("explorer-play-row")  # Play, then the step slider under it
        kids[i] = play_row
        self.controls_box.children = kids

    # -- drop stale frames while playing -------------------------------------------------------
    def _on_control(self, change) -> None:
        if change["owner"] is not self.controls[self.frame_control] or self._holding:
            super()._on_control(change)
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # plain Python, tests: draw now
            super()._on_control(change)
            return
        # In a kernel: draw on the next turn of the loop; changes arriving before then only
        # move the target (the newest value wins), so a slow frame never builds a queue.
        if self._pending is None:
            self._pending = loop.call_soon(self._draw_pending, change)

    def _draw_pending(self, change) -> None:
        self._pending = None
        if self._closed:
            return
        _IDLE.active(self)  # the user moves this one: the others' idle drawing waits
        step = self.controls[self.frame_control]
        super()._on_control({**change, "new": step.value})

    # -- the whole run drawn ahead in idle time (kernel only) ------------------------------------
    def _refresh(self) -> bool:
        ok = super()._refresh()
        if ok:
            self._follow_run()
        return ok

    def _follow_run(self) -> None:
        """Keep the run drawn ahead in step with what is shown: new settings (another control,
        the other style) start a new run after ``run_prefetch_delay``; while a run is still being
        drawn, its queue restarts just after the frame shown, so it stays ahead of Play."""
        rp = self.run_prefetcher
        if rp is None or self._closed or not self.frame_cache.maxsize:
            return
        others = {n: v for n, v in self.values.items() if n != self.frame_control}
        settings = (self.style, frame_key(self.controls, others))
        if settings != self._run_settings:
            self._run_settings = settings
            self._prefetch_run(delay=self.run_prefetch_delay)
        else:  # still drawing, or the window moved on: go on from just after the frame shown
            ahead = self.run_ahead()
            if ahead:
                rp.schedule(ahead, delay=rp.pause)

    def run_ahead(self) -> list[dict]:
        """The control values of the frames of the run (other controls as now) that are not
        kept yet, in play order from the frame after the one shown (wrapping round), within the
        next ``run_prefetch_frames`` frames."""
        w = self.controls[self.frame_control]
        values, start = self.values, w.value + 1
        order = [*range(start, w.max + 1), *range(w.min, min(start, w.max + 1))]
        out = []
        for k in order[:self.run_prefetch_frames]:
            v = {**values, self.frame_control: k}
            if frame_key(self.controls, v) not in self.frame_cache:
                out.append(v)
        return out

    def _prefetch_run(self, *, delay: float) -> None:
        self.run_prefetcher.schedule(self.run_ahead(), delay=delay)

    def _idle_frame(self, values: dict) -> None:
        """Draw one frame ahead, unless another explorer's idle frame was just drawn or another
        explorer is being played or stepped: then the frame goes back to the front of the queue
        (tried again a pause later). A page with several scenes draws ONE frame ahead per turn
        of the kernel's loop, not one per scene, and the one in use comes first."""
        if not _IDLE.may_draw(self, self.run_prefetch_pause):
            self.run_prefetcher.queue.insert(0, values)
            return
        try:
            self._frame(values)
        finally:
            _IDLE.drew()

    def close(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
        if self.run_prefetcher is not None:
            self.run_prefetcher.cancel()
        _IDLE.forget(self)
        for link in getattr(self, "_links", []):
            link.close()
        if hasattr(self, "play"):
            self.play.close()
        super().close()

    # -- stepping from Python -------------------------------------------------------------------
    @property
    def n_frames(self) -> int:
        w = self.controls[self.frame_control]
        return w.max - w.min + 1

    def frames(self, every: int = 1):
        """Yield ``(step, image bytes, description)`` for every ``every``-th step (and the last)
        with the other controls as they are now; puts the step control back afterwards."""
        start = self.controls[self.frame_control].value
        w = self.controls[self.frame_control]
        steps = sorted({*range(w.min, w.max + 1, every), w.max})
        try:
            for k in steps:
                self.set(**{self.frame_control: k})
                yield k, self.image_bytes(), self.describe()
        finally:
            self.set(**{self.frame_control: start})

    def captions(self) -> list[str]:
        """The text alternative of every step (default: each step's description)."""
        return [text for _, _, text in self.frames()]

    # -- without a kernel: an animated GIF of the whole run -------------------------------------
    def animation_gif(self) -> bytes:
        """Every step as one animated GIF (Pillow), looping; a pause on the last frame."""
        from PIL import Image

        images = []
        for _, data, _ in self.frames(self.gif_every):
            im = Image.open(io.BytesIO(data)).convert("RGB")
            if self.gif_scale != 1:
                size = (round(im.width * self.gif_scale), round(im.height * self.gif_scale))
                im = im.resize(size, Image.LANCZOS)
            # fast octree keeps small coloured parts in colour (median cut turned them grey)
            images.append(im.quantize(colors=128, method=Image.Quantize.FASTOCTREE, dither=0))
        durations = [self.gif_frame_ms] * len(images)
        durations[-1] = max(1500, self.gif_frame_ms)
        buf = io.BytesIO()
        images[0].save(buf, format="GIF", save_all=True, append_images=images[1:], loop=0,
                       duration=durations, disposal=1, optimize=False)
        return buf.getvalue()

    def animation_alt(self) -> str:
        """Text alternative of the animation: the caption of every step, in order."""
        seen, parts = set(), []
        for text in self.captions():
            if text not in seen:
                seen.add(text)
                parts.append(text)
        return f"Animation in {len(parts)} steps. " + " ".join(
            f"Step {i}: {t}" for i, t in enumerate(parts, 1))

    def static_image(self) -> tuple[str, bytes, str]:
        if static_fallback() == "still":  # a live view (Voila) never shows the fallback
            return super().static_image()
        return "image/gif", self.animation_gif(), self.animation_alt()


class _IdleGate:
    """Kernel-wide turn-taking for the frames scenes draw ahead (see ``_idle_frame``)."""

    #: Seconds after a user's change to one explorer during which the others draw nothing ahead.
    quiet_s = 1.0

    def __init__(self):
        self._last_draw = -1e9
        self._active, self._active_at = None, -1e9

    @staticmethod
    def _now() -> float:
        try:
            return asyncio.get_running_loop().time()
        except RuntimeError:
            return 0.0

    def active(self, explorer) -> None:
        self._active, self._active_at = explorer, self._now()

    def may_draw(self, explorer, pause: float) -> bool:
        now = self._now()
        if self._active is not None and self._active is not explorer and \
                now - self._active_at < self.quiet_s:
            return False
        return now - self._last_draw >= pause

    def forget(self, explorer) -> None:
        if self._active is explorer:
            self._active = None

    def drew(self) -> None:
        self._last_draw = self._now()


_IDLE = _IdleGate()


def static_fallback() -> str:
    """How scenes and simulations fall back without a kernel: ``"animated"`` (the GIF of every
    step, what saved notebooks, pages and decks show) or ``"still"`` (the frame shown now).

    ``CART_STATIC_FALLBACK`` chooses; unset, it is ``"still"`` inside a Voila kernel (Voila sets
    ``VOILA_PREHEAT`` in every kernel it starts) because the app view renders the live widgets
    and never shows the fallback, and the GIF costs about 0.6-1.2 s of CPU per scene when a page
    opens. ``make app`` and ``make class`` set it to ``still``.
    """
    value = os.environ.get("CART_STATIC_FALLBACK") or (
        "still" if "VOILA_PREHEAT" in os.environ else "animated")
    if value not in ("animated", "still"):
        raise ValueError(f"CART_STATIC_FALLBACK must be 'animated' or 'still'; got {value!r}")
    return value
