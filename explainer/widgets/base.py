"""The ``Explorer`` base: controls -> model -> diagram -> image in an ``ipywidgets.Image``.

An explorer owns its controls, its model call and its diagram. Subclasses implement

* ``make_controls()`` -> ordered dict ``name -> widget`` (sliders, dropdowns, toggles, checkboxes);
* ``make_diagram(style)`` -> a :class:`explainer.diagrams.Diagram`;
* ``compute(**values)`` -> a model result (call into ``explainer.models``; no science here);
* ``describe_result(result)`` -> one plain-language sentence of what the figure shows now.

The base class gives every slider a labelled, keyboard-typable numeric twin (a text box: type a
value and press Enter), a Reset button, a live text description (the figure's text alternative)
and a status line. Errors in a callback never escape into the void and never half-update the
page: the figure, description and twin keep their last good state and the status line says what
went wrong and what is allowed. ``explorer.set(**params)`` drives it from Python, which is how
tests drive it.

``describe_result`` and ``panel_html`` read the result only: whatever they show is in what
``compute`` returned. Frames are kept and drawn ahead by the pieces in :mod:`.frames`.
"""

from __future__ import annotations

import base64
import html
import math
from contextlib import contextmanager
from numbers import Real

import ipywidgets as widgets

from ..diagrams import style as _style
from . import layout as _layout
from .frames import SLIDERS as _SLIDERS
from .frames import (
    FrameCache,
    Prefetcher,
    SharedFrames,
    cache_size_from_env,
    frame_key,
    neighbour,
    other_options,
    snap,
)
from .frames import slider_bounds as _bounds
from .layout import fmt as _fmt
from .layout import parse_number as _parse_number


def _tree(w) -> list:
    """``w`` and every widget inside it (boxes' children, depth first)."""
    out = [w]
    for child in getattr(w, "children", ()):
        out += _tree(child)
    return out


def _option_values(w) -> list:
    out = []
    for opt in w.options:
        out.append(opt[1] if isinstance(opt, tuple) else opt)
    return out


class Explorer:
    """Base class for every interactive in the collection (see the module docstring)."""

    #: Heading shown above the figure (plain text).
    title = ""
    #: How many frames an explorer keeps (about 80 kB each; 0: no cache and no prefetch).
    frame_cache_size = cache_size_from_env()
    #: Registry of live explorers: re-running a notebook cell replaces, not piles up.
    _live: dict[str, Explorer] = {}

    def __init__(self, *, style: str | None = None, key: str | None = None):
        if style is not None and style not in _style.STYLES:
            raise ValueError(f"style must be one of {', '.join(_style.STYLES)}; got {style!r}")
        self.style = style or _style.current()
        self._key = f"{type(self).__module__}.{type(self).__qualname__}:{key or ''}"
        old = Explorer._live.pop(self._key, None)
        if old is not None:
            old.close()
        self._holding = False
        self._closed = False
        self.result = None
        self.error: Exception | None = None
        self._diagram = self.make_diagram(self.style)
        self._diagram_key = None  # the values whose state the diagram's artists hold
        self.frame_cache = FrameCache(self.frame_cache_size)  # frame key -> (result, image bytes)
        #: frames shared with the other kernels of the server (None: not shared)
        self.shared_frames = SharedFrames.from_env() if self.frame_cache_size else None
        self.prefetcher = Prefetcher(self._frame)  # draws frames ahead (in a kernel only)
        self.controls: dict[str, widgets.Widget] = dict(self.make_controls())
        self.defaults = {name: w.value for name, w in self.controls.items()}
        self.twins: dict[str, widgets.Text] = {}
        self._build_layout()
        for name, w in self.controls.items():
            w.observe(self._on_control, names="value")
            if name in self.twins:
                self.twins[name].observe(self._make_twin_handler(name), names="value")
        if not self._refresh():
            raise self.error  # a broken default state is a programming error: fail loudly
        Explorer._live[self._key] = self
        # in a kernel: draw one step up each slider while the user reads the page
        self._prefetch([(name, +1) for name in self.controls], delay=1.0)

    # -- to implement -----------------------------------------------------------------------------
    def make_controls(self) -> dict[str, widgets.Widget]:  # pragma: no cover - abstract
        raise NotImplementedError

    def make_diagram(self, style: str):  # pragma: no cover - abstract
        raise NotImplementedError

    def compute(self, **values):  # pragma: no cover - abstract
        raise NotImplementedError

    def describe_result(self, result) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def sync_controls(self, values: dict) -> None:
        """Hook: enable/disable controls that only matter for some values (default: nothing).

        A disabled control is skipped by keyboard users and tests, so a control that cannot
        change the figure right now should be disabled here.
        """

    def follow(self, changed: str, values: dict) -> dict:
        """Hook: the values other controls take when the user moves ``changed`` to
        ``values[changed]`` (a preset loads its parts, a part makes the preset "custom").
        They are set before the one redraw. Default: none."""
        return {}

    def panel_html(self, result) -> str | None:
        """Optional HTML shown beside the figure (e.g. readouts). None: no side panel."""
        return None

    @property
    def diagram(self):
        """The explorer's :class:`~explainer.diagrams.Diagram`, in the state shown on screen."""
        key = frame_key(self.controls, self.values)
        if self._diagram_key != key and self.result is not None:
            self._diagram.apply(self.result)
            self._diagram_key = key
        return self._diagram

    # -- layout ---------------------------------------------------------------------------------
    def use_style(self, name: str) -> Explorer:
        """Switch this explorer live to the ``"notebook"`` or ``"slides"`` (projector) style:
        the figure is drawn again in that style and the text grows to 18 px and more."""
        if name not in _style.STYLES:
            raise ValueError(f"style must be one of {', '.join(_style.STYLES)}; got {name!r}")
        if name != self.style:
            # frames of the other style must go (the frame key is the control values only)
            self.frame_cache.clear()
            self.prefetcher.cancel()
            self.style = name
            self._diagram = self.make_diagram(name)
            self._diagram_key = None
            self._refresh()
        for toggle, style in ((self.projector, "slides"), (self.phone, "phone")):
            if toggle.value != (name == style):
                toggle.value = name == style
        on = name == "slides"
        (self.widget.add_class if on else self.widget.remove_class)("explorer-projector")
        return self

    def _toggle_style(self, style: str, on: bool) -> None:
        # pressing one style button releases the other; releasing goes back to the notebook style
        if on:
            self.use_style(style)
        elif self.style == style:
            self.use_style("notebook")

    def _build_layout(self) -> None:
        """Figure, description, panel, controls and footer (:func:`.layout.build`)."""
        _layout.build(self)

    # -- updating -------------------------------------------------------------------------------
    @property
    def values(self) -> dict:
        """Current value of every control, by name."""
        return {name: w.value for name, w in self.controls.items()}

    def _on_control(self, change) -> None:
        name = next((n for n, w in self.controls.items() if w is change["owner"]), None)
        if not self._holding:
            linked = self.follow(name, self.values) if name in self.controls else {}
            with self.hold_updates():
                for other, value in linked.items():
                    self.controls[other].value = value
            if self._refresh() and name in self.controls:
                # draw the next step in the same direction while the user is between key
                # presses, then the step back: an arrow key then finds its frame ready
                old, new = change["old"], change["new"]
                ahead = +1 if not isinstance(new, Real) or new >= old else -1
                # a product or preset chosen: the others are drawn too (their static picture
                # is a full draw, about 50 ms, then kept by the diagram)
                self._prefetch([(name, ahead), (name, -ahead)], delay=0.01,
                               also=other_options(self.controls, self.values, name))
        # The twin follows after the frame: the browser gets the figure first, and nothing else
        # is relayed (server, browser) while the kernel draws on this 2-core machine.
        if name in self.twins:
            self.twins[name].value = _fmt(change["new"])

    # -- frames: drawn once, kept, and drawn ahead in idle time (see .frames) --------------------
    def _frame(self, values: dict):
        """(result, image bytes) for these control values: from the cache, from the frames
        the class shares (``CART_SHARED_FRAMES``), or drawn now."""
        key = frame_key(self.controls, values)
        frame = self.frame_cache.get(key)
        if frame is None:
            shared_key = (type(self).__module__, type(self).__qualname__, self.style, key)
            frame = self.shared_frames.get(shared_key) if self.shared_frames else None
            if frame is None:
                result = self.compute(**snap(self.controls, values))
                self._diagram.apply(result)
                self._diagram_key = key
                frame = (result, self._diagram.render())
                if self.shared_frames:
                    self.shared_frames.put(shared_key, frame)
            self.frame_cache.put(key, frame)
        return frame

    def _prefetch(self, steps, *, delay: float, also=()) -> None:
        """Draw, when the kernel is idle, the frames one slider step away (``steps`` are
        ``(control name, +1 or -1)``), then the control values in ``also``; frames already
        kept are skipped."""
        if not self.frame_cache.maxsize or self._closed:
            return
        values = self.values
        ahead = [*(neighbour(self.controls, values, name, d) for name, d in steps), *also]
        self.prefetcher.schedule([v for v in ahead if v is not None
                                  and frame_key(self.controls, v) not in self.frame_cache],
                                 delay=delay)

    def _refresh(self) -> bool:
        """Model, diagram, text: all or nothing. Returns True on success."""
        try:
            values = self.values
            self.sync_controls(values)
            result, png = self._frame(values)
            text = self.describe_result(result)
            panel = self.panel_html(result)
        except Exception as exc:  # shown to the user, never lost
            self.error = exc
            self._show_status(f"Could not update: {exc}", error=True)
            return False
        self.result = result
        self.error = None
        self.image.value = png
        if panel is not None:
            self.panel.value = panel
        self.panel.layout.display = None if panel is not None else "none"
        self.description.value = (
            # the live region is the HTML widget's stable container (set by the page script)
            "<p class='explorer-description-text'>"
            f"{html.escape(text)}</p>"
        )
        self._show_status("")
        return True

    def _show_status(self, message: str, *, error: bool = False) -> None:
        if not message:
            self.status.value = ""
            return
        role = "alert" if error else "status"
        colour = "#D55E00" if error else "#000000"
        prefix = "⚠ " if error else ""
        self.status.value = (
            f"<span role='{role}' style='color:{colour}; font-weight:bold'>{prefix}"
            f"{html.escape(message)}</span>"
        )

    def _make_twin_handler(self, name: str):
        def handler(change):
            slider = self.controls[name]
            text = str(change["new"]).strip()
            if text == _fmt(slider.value):
                return
            lo, hi = _bounds(slider)
            label = slider.description or name
            try:
                value = _parse_number(text)
            except ValueError:
                value = math.nan
            ok = math.isfinite(value) and lo <= value <= hi
            if ok and isinstance(slider, widgets.IntSlider):
                ok = value == int(value)
                value = int(value) if ok else value
            if not ok:
                self.twins[name].value = _fmt(slider.value)  # keep the last good state
                kind = "a whole number" if isinstance(slider, widgets.IntSlider) else "a number"
                self._show_status(
                    f"{label} must be {kind} from {_fmt(lo)} to {_fmt(hi)}; got {text!r}. "
                    "Kept the previous value.", error=True)
                return
            slider.value = value
            self.twins[name].value = _fmt(slider.value)
        return handler

    @contextmanager
    def hold_updates(self):
        """Change controls inside this block without a redraw per change (nests); the change
        being handled, or a following :meth:`set`, draws once."""
        was, self._holding = self._holding, True
        try:
            yield
        finally:
            self._holding = was

    # -- public API -----------------------------------------------------------------------------
    def set(self, **params) -> Explorer:
        """Set several controls at once and redraw once. Raises on unknown names or bad values.

        Values are checked before anything changes, so a bad call leaves the explorer as it was.
        Controls that follow one set here move as if it were moved by hand (:meth:`follow`, in
        the order given): ``set(preset="Yescarta")`` loads Yescarta's parts.
        """
        for name, value in params.items():
            self._check(name, value)
        old = self.values
        state = dict(old)
        for name, value in params.items():
            state[name] = value
            state.update(self.follow(name, state))
        params = {k: v for k, v in state.items() if k in params or v != old[k]}
        with self.hold_updates():
            for name, value in params.items():
                self.controls[name].value = value
        if not self._refresh():
            with self.hold_updates():
                for name, value in old.items():
                    self.controls[name].value = value
            self._refresh()
            raise ValueError(f"could not apply {params}: {self.error}") from self.error
        return self

    def _check(self, name: str, value) -> None:
        if name not in self.controls:
            raise TypeError(
                f"{type(self).__name__}.set() got an unknown control {name!r}; "
                f"allowed: {', '.join(self.controls)}")
        w = self.controls[name]
        if isinstance(w, _SLIDERS):
            if isinstance(value, bool) or not isinstance(value, Real):
                raise TypeError(f"{name} must be a number; got {value!r}")
            lo, hi = _bounds(w)
            if not (math.isfinite(value) and lo <= value <= hi):
                raise ValueError(f"{name} must be from {_fmt(lo)} to {_fmt(hi)}; got {value!r}")
            if isinstance(w, widgets.IntSlider) and value != int(value):
                raise ValueError(f"{name} must be a whole number; got {value!r}")
        elif isinstance(w, (widgets.Checkbox, widgets.ToggleButton)):
            if not isinstance(value, bool):
                raise TypeError(f"{name} must be True or False; got {value!r}")
        elif hasattr(w, "options"):
            allowed = _option_values(w)
            if isinstance(w, widgets.SelectMultiple):
                bad = [v for v in value if v not in allowed]
                if bad:
                    raise ValueError(f"{name} must be chosen from {allowed}; got {bad!r}")
            elif value not in allowed:
                raise ValueError(f"{name} must be one of {allowed}; got {value!r}")

    def reset(self) -> Explorer:
        """Put every control back to its starting value."""
        return self.set(**self.defaults)

    def describe(self) -> str:
        """One sentence saying what the figure shows now."""
        return self.describe_result(self.result)

    def image_bytes(self) -> bytes:
        """The image bytes currently shown (the diagram's ``image_format``, JPEG by default)."""
        return bytes(self.image.value)

    def close(self) -> None:
        """Close every widget of this explorer (frees the kernel-side comms)."""
        self._closed = True
        self.prefetcher.cancel()
        self.frame_cache.clear()
        for w in [*self.controls.values(), *self.twins.values()]:
            w.unobserve_all()
        for w in [*_tree(self.widget), *self.controls.values(), *self.twins.values()]:
            w.close()
        if Explorer._live.get(self._key) is self:
            del Explorer._live[self._key]

    # -- without a kernel: the static fallback ---------------------------------------------------
    def settings_text(self) -> list[tuple[str, str]]:
        """(label, value) of every control as shown now, for the static fallback."""
        out = []
        for name, w in self.controls.items():
            label = (w.description or name).rstrip(": ")
            if hasattr(w, "options") and not isinstance(w, widgets.SelectMultiple):
                value = str(getattr(w, "label", None) or w.value)
            elif isinstance(w, (widgets.Checkbox, widgets.ToggleButton)):
                value = "yes" if w.value else "no"
            else:
                value = _fmt(w.value)
            out.append((label, value))
        return out

    def static_image(self) -> tuple[str, bytes, str]:
        """(MIME type, bytes, text alternative) of the picture shown without a kernel."""
        return f"image/{self._diagram.image_format}", self.image_bytes(), self.describe()

    def static_html(self) -> str:
        """The explorer as plain HTML: figure with its text alternative, panel, settings.

        It is what GitHub, nbviewer, ``jupyter nbconvert``, the pages and the decks show when
        no kernel (or no widget JavaScript) is there, the way ipympl's figures fall back to an
        image. Nothing in it needs JavaScript or the network.
        """
        mime, data, alt = self.static_image()
        src = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        w_px, _ = self._diagram.size_px
        title = (f"<h4 class='explorer-title'>{html.escape(self.title)}</h4>"
                 if self.title else "")
        panel = self.panel_html(self.result) if self.result is not None else None
        panel_div = f"<div class='explorer-panel'>{panel}</div>" if panel else ""
        rows = "".join(f"<li>{html.escape(k)}: <b>{html.escape(v)}</b></li>"
                       for k, v in self.settings_text())
        return (
            "<div class='explorer explorer-static'>" + title +
            f"<img class='explorer-figure' src='{src}' alt='{html.escape(alt, quote=True)}' "
            f"style='max-width:100%; width:{w_px}px; height:auto'>"
            f"<p class='explorer-description'>{html.escape(alt)}</p>" + panel_div +
            f"<details class='explorer-settings'><summary>Settings shown</summary><ul>{rows}</ul>"
            "<p>Static copy: move the controls in JupyterLab, on Binder or in the app view.</p>"
            "</details></div>"
        )

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        bundle = dict(bundle)
        bundle["text/plain"] = f"{self.title}: {self.describe()}" if self.title else self.describe()
        bundle["text/html"] = self.static_html()
        return bundle
