"""The explorer's page CSS and its small naming script (no network, no kernel).

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

import ipywidgets as widgets

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
.explorer .explorer-human{font-size:13px;color:#333;margin:-2px 0 2px 12px}
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
