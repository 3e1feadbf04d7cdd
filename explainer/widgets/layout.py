"""The explorer's view: its widgets (:func:`build`), page CSS and small naming script (no
network, no kernel).

Injected as one ``<style>`` (and a tiny script run by an ``<img onerror>``, because the HTML
widget does not run ``<script>`` tags) into every explorer's root, so the layout works offline
in JupyterLab and Voilà. Figure beside the controls; controls stacked label-over-slider in a
side column; phones (< 700 px) stack everything; ``projector`` puts the figure full width with
the controls in a strip below and 18 px text. The script names slider handles after their
labels, names the Play buttons, keeps one stable ``role=status`` region per explorer, sets the
figure's alt text to the live description, and on a screen under 700 px presses the explorer's
"Phone figure" button once (a narrow figure drawn in the ``phone`` style).
"""

from __future__ import annotations

import html
import math
import re

import ipywidgets as widgets

from .frames import SLIDERS

#: Page CSS of every explorer (scoped to ``.explorer``).
CSS = """
.explorer{--jp-widgets-font-size:14px;--jp-widgets-inline-height:28px;
  --jp-widgets-slider-handle-size:24px;font-size:14px;max-width:100%;box-sizing:border-box}
.explorer .explorer-header{align-items:center;flex-wrap:wrap}
.explorer .explorer-title{font-size:18px;margin:0 12px 4px 0;line-height:1.25}
.explorer .explorer-body{flex-flow:row wrap;gap:6px 16px;align-items:flex-start;width:100%}
.explorer .explorer-figcol{flex:1 1 480px;min-width:0;max-width:100%}
.explorer .explorer-side{flex:0 1 330px;min-width:250px;max-width:100%}
.explorer img.explorer-figure{width:100%;height:auto;max-height:50vh;
  object-fit:contain;object-position:left top;display:block}
.explorer .explorer-description,.explorer .explorer-panel{font-size:14px;line-height:1.4}
.explorer .explorer-description p,.explorer .explorer-panel p{margin:2px 0 4px 0}
.explorer .explorer-panel table{font-size:14px}
.explorer .explorer-figcol .explorer-panel{max-height:28vh;overflow-y:auto}
.explorer.explorer-projector .explorer-figcol .explorer-panel{max-height:none}
.explorer .widget-html,.explorer .widget-html-content{height:auto;line-height:1.4}
.explorer .widget-label,.explorer .widget-label-basic,.explorer .widget-label-basic span{
  white-space:normal;overflow:visible;text-overflow:clip;height:auto;line-height:1.3}
.explorer .explorer-controls{gap:2px;width:100%}
.explorer .explorer-controls .widget-hslider,.explorer .explorer-controls .widget-dropdown,
.explorer .explorer-controls .widget-toggle-buttons{flex-direction:column;align-items:stretch;
  height:auto;width:100%;margin:2px 0}
.explorer .explorer-controls .widget-hslider>.widget-label,
.explorer .explorer-controls .widget-dropdown>.widget-label,
.explorer .explorer-controls .widget-toggle-buttons>.widget-label{width:auto!important;
  text-align:left;margin:0 0 2px 0;max-width:none}
.explorer .explorer-controls .widget-hslider .slider-container{flex:0 0 auto;height:28px;
  margin:4px 12px 0 12px}
.explorer .explorer-controls .widget-dropdown>select{flex:0 0 auto;width:100%;height:30px}
.explorer .explorer-slider-row{align-items:flex-end;gap:6px;width:100%;margin:0;flex-wrap:nowrap}
.explorer .explorer-slider-row .widget-hslider{flex:1 1 auto;min-width:0;width:auto}
.explorer .explorer-twin{flex:0 0 92px;width:92px!important;margin:2px 0}
.explorer .explorer-twin input{width:100%;min-height:28px;box-sizing:border-box}
.explorer .explorer-twin>.widget-label{position:absolute!important;width:1px!important;
  height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;margin:0;padding:0}
.explorer .widget-checkbox{height:auto;min-height:28px;width:100%!important;margin:2px 0}
.explorer .widget-checkbox input[type=checkbox]{width:20px;height:20px;margin:2px 8px 2px 0;
  flex:0 0 auto}
.explorer .widget-checkbox label{align-items:flex-start;display:flex}
.explorer .widget-toggle-buttons .widget-toggle-button{width:auto!important;min-width:0;
  padding:0 10px;min-height:28px;height:auto;white-space:normal;line-height:1.2}
.explorer .widget-toggle-buttons>div{display:flex;flex-wrap:wrap;gap:4px}
.explorer .noUi-handle{border-radius:50%}
.explorer input:focus-visible,.explorer select:focus-visible,.explorer button:focus-visible,
.explorer .noUi-handle:focus-visible,.explorer input:focus,.explorer select:focus{
  outline:3px solid #0072B2!important;outline-offset:1px}
.explorer input,.explorer select{border-color:#767676!important}
.explorer .jupyter-button,.explorer .widget-button,.explorer .widget-toggle-button{
  min-height:28px;font-size:14px}
.explorer .explorer-footer{flex-wrap:wrap;gap:6px;align-items:center;margin-top:4px;width:100%}
.explorer .explorer-footer .widget-html{flex:1 1 100%}
.explorer .explorer-play-row{flex-wrap:wrap;align-items:center;gap:4px;width:100%}
.explorer .explorer-play-row .widget-play{width:auto}
.explorer .explorer-play-row>.explorer-slider-row{flex:1 1 100%}
.explorer.explorer-projector{font-size:18px;--jp-widgets-font-size:16px}
.explorer.explorer-projector .explorer-title{font-size:24px}
.explorer.explorer-projector .explorer-description,.explorer.explorer-projector .explorer-panel,
.explorer.explorer-projector .explorer-panel table{font-size:18px}
.explorer.explorer-projector .explorer-figcol{flex:1 1 100%}
.explorer.explorer-projector .explorer-side{flex:1 1 100%}
.explorer.explorer-projector .explorer-controls{display:grid;
  grid-template-columns:repeat(auto-fill,minmax(300px,1fr));column-gap:16px}
.explorer.explorer-projector img.explorer-figure{max-height:calc(100vh - 230px)}
.explorer .explorer-phone-toggle{display:none}
@media (max-width:700px){
  .explorer .explorer-phone-toggle{display:inline-flex}
  .explorer .explorer-side,.explorer .explorer-figcol{flex:1 1 100%;min-width:0}
  .explorer .explorer-slider-row{flex-direction:column;align-items:stretch}
  .explorer .explorer-twin{flex:0 0 auto;width:100%!important}
  .explorer .explorer-controls .widget-hslider .slider-container{margin:0 14px}
  .explorer img.explorer-figure{max-height:none}
}
.celltag_speaker-notes{display:none!important}
.jp-RenderedHTMLCommon a,.jp-RenderedHTMLCommon a:link,.jp-RenderedHTMLCommon a:visited{
  text-decoration:underline!important}
"""

#: Runs once per explorer view (an ``<img onerror>``: ipywidgets' HTML widget sets
#: innerHTML, where a ``<script>`` would not run). It gives each slider handle the name of its
#: visible label, makes the description's stable container the one ``role=status`` live
#: region, and keeps the figure's ``alt`` equal to the live description, in Lab and Voilà.
JS = (
        "(function(img){var tries=0;function go(){var root=img.closest('.explorer');"
        "if(!root){if(tries++<50){setTimeout(go,100)}return}"
        "function fix(){var ph=root.querySelector('button.explorer-phone-toggle');"
        "if(ph&&!root.dataset.phoneAuto&&window.matchMedia('(max-width:700px)').matches){"
        "root.dataset.phoneAuto='1';if(!ph.classList.contains('mod-active'))ph.click()}"
        "root.querySelectorAll('.explorer-slider-row').forEach(function(row){"
        "var lab=row.querySelector('.widget-hslider>.widget-label');"
        "var h=row.querySelector('.noUi-handle');if(!lab||!h)return;"
        "var t=lab.textContent.replace(/[:\\s]+$/,'');"
        "if(h.getAttribute('aria-label')!==t)h.setAttribute('aria-label',t)});"
        "var live=root.querySelector('.explorer-description>.widget-html-content');"
        "if(live){if(live.getAttribute('role')!=='status'){live.setAttribute('role','status');"
        "live.setAttribute('aria-live','polite');live.setAttribute('aria-atomic','true')}"
        "live.querySelectorAll('[role=status],[aria-live]').forEach(function(e){"
        "e.removeAttribute('role');e.removeAttribute('aria-live')});"
        "var fig=root.querySelector('img.explorer-figure');var a=live.textContent.trim();"
        "if(fig&&a&&fig.getAttribute('alt')!==a)fig.setAttribute('alt',a)}"
        "var pan=root.querySelector('.explorer-panel');if(pan&&!pan.hasAttribute('tabindex')){"
        "pan.setAttribute('tabindex','0');pan.setAttribute('role','region');"
        "pan.setAttribute('aria-label','Details')}"
        "var names=['Play or pause','Stop','Repeat'];root.querySelectorAll('.widget-play')"
        ".forEach(function(p){p.querySelectorAll('button').forEach(function(b,i){"
        "if(!b.getAttribute('aria-label')&&names[i])b.setAttribute('aria-label',names[i])})})}"
        "fix();new MutationObserver(fix).observe(root,{childList:true,subtree:true,"
        "characterData:true})}go()})(this)"
    )


def assets() -> widgets.HTML:
    """The explorer's ``<style>`` and its naming script, as one zero-height HTML widget."""
    out = widgets.HTML(
        f"<style>{CSS}</style><img alt='' hidden src='data:,' "
        f"onerror=\"{html.escape(JS, quote=True)}\">",
        layout=widgets.Layout(display="block", height="0px", margin="0", overflow="hidden"))
    out.add_class("explorer-assets")
    return out


_UNSUP = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
#: "3.16 × 10^9", "3.16x10^9", "3.16 * 10**9", "10^9" (superscripts are made "^9" first)
_TIMES_TEN = re.compile(r"^(?:([+-]?(?:\d+\.?\d*|\.\d+))\s*[×xX*·]\s*)?10\s*(?:\^|\*\*)\s*"
                        r"([+-]?\d+)$")


def fmt(value: float) -> str:
    """Compact, stable text for a number, written for students (twins, messages, settings):
    "5", "0.25", "50000", "3.16 × 10⁹", "2.5 × 10⁻⁴"; never "3.16e+09".
    :func:`parse_number` reads every form it writes."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) and abs(value) < 100_000:
        return str(value)
    if value == 0:
        return "0"
    if not math.isfinite(value):
        return str(value)
    if abs(value) >= 1e5 or abs(value) < 1e-3:
        from ..models.expansion import sci

        return ("-" if value < 0 else "") + sci(abs(value), digits=3)
    if abs(value) >= 1e4:
        return f"{value:.0f}"
    return f"{value:.4g}"


def parse_number(text: str) -> float:
    """The number a student typed: "0.25", "50,000", "3.16e9", "3.16 × 10⁹", "3.16x10^9",
    "2 × 10⁻³", "10⁹" (nothing is evaluated). ValueError when it is not one of these."""
    t = str(text).strip().replace(",", "").replace("\u2212", "-")
    t = re.sub("[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+", lambda m: "^" + m.group(0).translate(_UNSUP), t)
    m = _TIMES_TEN.match(t)
    if m:
        try:
            return float(m.group(1) or 1) * 10.0 ** int(m.group(2))
        except OverflowError:
            return math.inf  # far out of every range: the caller says what is allowed
    return float(t)


def slider_row(e, name: str, w) -> widgets.Widget:
    """Label over slider and the typable twin beside it (named after the slider); a large
    number shows as "5 × 10⁷" in the twin (:func:`fmt`), and can be typed so."""
    w.readout = False
    w.continuous_update = True
    w.layout = widgets.Layout(width="auto")
    label = (w.description or name).rstrip(": ")
    twin = widgets.Text(
        value=fmt(w.value), description=f"{label}, typed value",
        continuous_update=False, tooltip=f"Type a value for {label} and press Enter",
        placeholder=fmt(w.value), layout=widgets.Layout(width="92px"),
    )
    twin.add_class("explorer-twin")
    e.twins[name] = twin
    w.observe(lambda ch, t=twin: setattr(t, "disabled", ch["new"]), names="disabled")
    row = widgets.HBox([w, twin])
    row.add_class("explorer-slider-row")
    return row


def build(e) -> None:
    """Build explorer ``e``'s widgets: figure, title, description, panel (with its Hide
    details button), controls (label over slider, typed twin), Reset, Projector and Phone
    figure buttons, status line; sets them as attributes of ``e`` (``e.widget`` is the root)."""
    e.image = widgets.Image(format=e._diagram.image_format,
                            layout=widgets.Layout(width="100%", height="auto"))
    e.image.add_class("explorer-figure")
    e.header = widgets.HTML(
        f"<h4 class='explorer-title'>{html.escape(e.title)}</h4>" if e.title else ""
    )
    e.description = widgets.HTML(layout=widgets.Layout(width="100%"))
    e.description.add_class("explorer-description")
    e.panel = widgets.HTML(layout=widgets.Layout(width="100%"))
    e.panel.add_class("explorer-panel")
    e.status = widgets.HTML(layout=widgets.Layout(width="100%"))
    e.status.add_class("explorer-status")
    e.reset_button = widgets.Button(
        description="Reset", tooltip="Put every control back to its starting value",
        layout=widgets.Layout(width="auto", min_width="80px"),
    )
    e.reset_button.on_click(lambda _b: e.reset())
    e.projector = widgets.ToggleButton(
        value=e.style == "slides", description="Projector",
        tooltip="Large figure and text for a projector (slide style); press again to go back",
        layout=widgets.Layout(width="auto", min_width="90px"))
    e.projector.observe(lambda ch: e._toggle_style("slides", ch["new"]), names="value")
    # Shown on screens under 700 px only, and pressed there by the page script (.layout):
    # a narrow, portrait figure whose text stays 10 CSS px or more on a phone.
    e.phone = widgets.ToggleButton(
        value=e.style == "phone", description="Phone figure",
        tooltip="A narrow figure with larger text for a small screen; press again to go back",
        layout=widgets.Layout(width="auto", min_width="110px"))
    e.phone.add_class("explorer-phone-toggle")
    e.phone.observe(lambda ch: e._toggle_style("phone", ch["new"]), names="value")
    e.details = widgets.ToggleButton(
        value=True, description="Hide details", tooltip="Show or hide the readouts",
        layout=widgets.Layout(width="auto", min_width="110px"))
    panel_box = widgets.VBox([e.panel], layout=widgets.Layout(width="100%"))

    def show_details(change):
        panel_box.layout.display = None if change["new"] else "none"
        e.details.description = "Hide details" if change["new"] else "Show details"
    e.details.observe(show_details, names="value")
    # no panel (panel_html None): no details button either
    e.panel.layout.observe(lambda ch: setattr(e.details.layout, "display", ch["new"]),
                              names="display")
    rows = []
    for name, w in e.controls.items():
        w.style = {"description_width": "initial"}
        if isinstance(w, SLIDERS):
            rows.append(slider_row(e, name, w))
        else:
            if isinstance(w, (widgets.Dropdown, widgets.Checkbox)):
                w.layout = widgets.Layout(width="100%")
            rows.append(w)
    e.controls_box = widgets.VBox(rows)
    e.controls_box.add_class("explorer-controls")
    footer = widgets.HBox([e.reset_button, e.projector, e.phone, e.details,
                           e.status])
    footer.add_class("explorer-footer")
    figcol = widgets.VBox([e.image, e.description, panel_box])
    figcol.add_class("explorer-figcol")
    e.side = widgets.VBox([e.controls_box, footer])
    e.side.add_class("explorer-side")
    e.figure_row = widgets.HBox([figcol, e.side])
    e.figure_row.add_class("explorer-body")
    header = widgets.HBox([e.header])
    header.add_class("explorer-header")
    e.widget = widgets.VBox([assets(), header, e.figure_row],
                               layout=widgets.Layout(width="100%"))
    e.widget.add_class("explorer")
    if e.projector.value:
        e.widget.add_class("explorer-projector")

