"""The ``Explorer`` base: controls -> model -> diagram -> PNG in an ``ipywidgets.Image``.

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
"""

from __future__ import annotations

import html
import math
from contextlib import contextmanager
from numbers import Real

import ipywidgets as widgets

from ..diagrams import style as _style

_SLIDERS = (widgets.FloatSlider, widgets.IntSlider, widgets.FloatLogSlider)


def _fmt(value: float) -> str:
    """Compact, stable text for a number (used by twins and messages)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if value == 0:
        return "0"
    if abs(value) >= 1e5 or abs(value) < 1e-3:
        return f"{value:.3g}"
    return f"{value:.4g}"


def _bounds(slider) -> tuple[float, float]:
    if isinstance(slider, widgets.FloatLogSlider):
        return slider.base ** slider.min, slider.base ** slider.max
    return slider.min, slider.max


def _option_values(w) -> list:
    out = []
    for opt in w.options:
        out.append(opt[1] if isinstance(opt, tuple) else opt)
    return out


class Explorer:
    """Base class for every interactive in the collection (see the module docstring)."""

    #: Heading shown above the figure (plain text).
    title = ""
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
        self.result = None
        self.error: Exception | None = None
        self.diagram = self.make_diagram(self.style)
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

    def panel_html(self, result) -> str | None:
        """Optional HTML shown beside the figure (e.g. readouts). None: no side panel."""
        return None

    # -- layout ---------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        w_px, h_px = self.diagram.size_px
        self.image = widgets.Image(
            format=self.diagram.image_format,
            layout=widgets.Layout(width="100%", max_width=f"{w_px}px", height="auto"),
        )
        self.image.add_class("explorer-figure")
        self.header = widgets.HTML(
            f"<h4 class='explorer-title'>{html.escape(self.title)}</h4>" if self.title else ""
        )
        self.description = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.description.add_class("explorer-description")
        self.panel = widgets.HTML(layout=widgets.Layout(flex="1 1 300px", min_width="260px",
                                                        padding="0 0 0 12px"))
        self.panel.add_class("explorer-panel")
        self.status = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.status.add_class("explorer-status")
        self.reset_button = widgets.Button(
            description="Reset", tooltip="Put every control back to its starting value",
            icon="undo", layout=widgets.Layout(width="auto", min_width="100px"),
        )
        self.reset_button.on_click(lambda _b: self.reset())
        rows = []
        for name, w in self.controls.items():
            w.style = {"description_width": "initial"}
            if isinstance(w, _SLIDERS):
                w.readout = False
                w.continuous_update = True
                w.layout = widgets.Layout(width="min(420px, 60%)")
                label = w.description or name
                twin = widgets.Text(
                    value=_fmt(w.value if not isinstance(w, widgets.FloatLogSlider) else w.value),
                    description="value:", continuous_update=False,
                    tooltip=f"Type a value for {label} and press Enter",
                    placeholder=_fmt(w.value),
                    layout=widgets.Layout(width="150px"), style={"description_width": "45px"},
                )
                twin.add_class("explorer-twin")
                self.twins[name] = twin
                w.observe(lambda ch, t=twin: setattr(t, "disabled", ch["new"]), names="disabled")
                rows.append(widgets.HBox([w, twin]))
            else:
                if isinstance(w, widgets.Dropdown):  # room for the longest option's text
                    w.layout = widgets.Layout(width="min(600px, 95%)")
                rows.append(w)
        self.image.layout.flex = f"3 1 {min(w_px, 560)}px"
        self.figure_row = widgets.HBox([self.image, self.panel],
                                       layout=widgets.Layout(flex_flow="row wrap",
                                                             align_items="flex-start",
                                                             width="100%"))
        self.controls_box = widgets.VBox(rows)
        self.controls_box.add_class("explorer-controls")
        self.widget = widgets.VBox(
            [self.header, self.figure_row, self.description, self.controls_box,
             widgets.HBox([self.reset_button, self.status])],
            layout=widgets.Layout(width="100%"),
        )
        self.widget.add_class("explorer")

    # -- updating -------------------------------------------------------------------------------
    @property
    def values(self) -> dict:
        """Current value of every control, by name."""
        return {name: w.value for name, w in self.controls.items()}

    def _on_control(self, change) -> None:
        name = next((n for n, w in self.controls.items() if w is change["owner"]), None)
        if not self._holding:
            self._refresh()
        # The twin follows after the frame: the browser gets the figure first, and nothing else
        # is relayed (server, browser) while the kernel draws on this 2-core machine.
        if name in self.twins:
            self.twins[name].value = _fmt(change["new"])

    def _refresh(self) -> bool:
        """Model, diagram, text: all or nothing. Returns True on success."""
        try:
            self.sync_controls(self.values)
            result = self.compute(**self.values)
            self.diagram.apply(result)
            png = self.diagram.render()
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
            "<p class='explorer-description-text' role='status' aria-live='polite'>"
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
                value = float(text.replace(",", ""))
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
    def _hold(self):
        self._holding = True
        try:
            yield
        finally:
            self._holding = False

    # -- public API -----------------------------------------------------------------------------
    def set(self, **params) -> Explorer:
        """Set several controls at once and redraw once. Raises on unknown names or bad values.

        Values are checked before anything changes, so a bad call leaves the explorer as it was.
        """
        for name, value in params.items():
            self._check(name, value)
        old = self.values
        with self._hold():
            for name, value in params.items():
                self.controls[name].value = value
        if not self._refresh():
            with self._hold():
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

    def bench_changes(self, n: int = 50) -> list[dict]:
        """``n`` single-control changes a user might make, for benchmarks and tests.

        Default: walk each slider across its range, cycle dropdowns and toggle checkboxes,
        round-robin over the controls. Override when a subclass knows better.
        """
        import numpy as np

        per_control = {}
        for name, w in self.controls.items():
            if isinstance(w, _SLIDERS):
                lo, hi = (w.min, w.max)
                vals = np.linspace(lo, hi, max(n, 2))
                if isinstance(w, widgets.IntSlider):
                    vals = np.unique(np.round(vals).astype(int))
                elif isinstance(w, widgets.FloatLogSlider):
                    vals = w.base ** vals
                per_control[name] = [v.item() if hasattr(v, "item") else v for v in vals]
            elif isinstance(w, (widgets.Checkbox, widgets.ToggleButton)):
                per_control[name] = [not w.value, w.value]
            elif hasattr(w, "options") and not isinstance(w, widgets.SelectMultiple):
                per_control[name] = _option_values(w)
        out: list[dict] = []
        i = 0
        names = list(per_control)
        while len(out) < n and names:
            name = names[i % len(names)]
            vals = per_control[name]
            out.append({name: vals[(i // len(names)) % len(vals)]})
            i += 1
        return out

    def describe(self) -> str:
        """One sentence saying what the figure shows now."""
        return self.describe_result(self.result)

    def png(self) -> bytes:
        """The image bytes currently shown (the diagram's ``image_format``, JPEG by default)."""
        return bytes(self.image.value)

    def close(self) -> None:
        """Close every widget of this explorer (frees the kernel-side comms)."""
        for w in [*self.controls.values(), *self.twins.values()]:
            w.unobserve_all()
        for w in [self.widget, self.image, self.description, self.status, self.reset_button,
                  self.header, self.controls_box, self.panel, self.figure_row,
                  *self.controls.values(), *self.twins.values()]:
            w.close()
        if Explorer._live.get(self._key) is self:
            del Explorer._live[self._key]

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        bundle = dict(bundle)
        bundle["text/plain"] = f"{self.title}: {self.describe()}" if self.title else self.describe()
        return bundle
