"""The diagram on a report page: fitted to the page's width, with pan and zoom, and whole in print.

A small script of our own (no library, nothing fetched): buttons to zoom in,
out and back to the whole drawing; dragging pans; Ctrl or Cmd with the wheel
zooms at the pointer, and so does a double click. It moves the SVG's
``viewBox`` (keeping its proportions, so the box never changes size), and puts
the whole drawing back before printing. Without the script the diagram still
fits the page, and the link next to it opens the SVG file full size.
"""

from __future__ import annotations

__all__ = ["VIEWER_STYLE", "VIEWER_SCRIPT", "fitted_svg"]

import re

VIEWER_STYLE = """
.diagram { border: 1px solid #ddd; border-radius: 8px; position: relative; overflow: hidden; background: white; }
.diagram svg { display: block; width: 100%; height: auto; max-height: 85vh; cursor: grab; touch-action: none; }
.diagram svg.panning { cursor: grabbing; }
.diagram-tools { display: flex; gap: .4rem; align-items: center; margin: .4rem 0; flex-wrap: wrap; }
.diagram-tools button { font: inherit; padding: .15rem .7rem; border: 1px solid #bbb; border-radius: 6px;
                        background: #f7f7f7; cursor: pointer; }
.diagram-tools .hint { color: var(--muted); font-size: 90%; }
"""

VIEWER_SCRIPT = r"""
(function () {
  document.querySelectorAll(".diagram").forEach(function (box) {
    var svg = box.querySelector("svg");
    var tools = box.parentNode.querySelector(".diagram-tools");
    if (!svg || !svg.viewBox || !svg.viewBox.baseVal || !tools) return;
    var v = svg.viewBox.baseVal, home = [v.x, v.y, v.width, v.height];
    function show(x, y, w, h) { svg.setAttribute("viewBox", [x, y, w, h].join(" ")); }
    function fit() { show(home[0], home[1], home[2], home[3]); }
    function zoom(factor, fx, fy) {
      var w = Math.min(home[2], Math.max(home[2] / 40, v.width / factor)), h = w * home[3] / home[2];
      show(v.x + (v.width - w) * fx, v.y + (v.height - h) * fy, w, h);
    }
    function at(event) {
      var r = svg.getBoundingClientRect();
      return [(event.clientX - r.left) / r.width, (event.clientY - r.top) / r.height];
    }
    tools.hidden = false;
    tools.querySelector("[data-zoom=in]").onclick = function () { zoom(1.5, 0.5, 0.5); };
    tools.querySelector("[data-zoom=out]").onclick = function () { zoom(1 / 1.5, 0.5, 0.5); };
    tools.querySelector("[data-zoom=fit]").onclick = fit;
    svg.addEventListener("wheel", function (event) {
      if (!event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      var p = at(event);
      zoom(event.deltaY < 0 ? 1.25 : 0.8, p[0], p[1]);
    }, {passive: false});
    svg.addEventListener("dblclick", function (event) { var p = at(event); zoom(2, p[0], p[1]); });
    var last = null;
    svg.addEventListener("pointerdown", function (event) {
      last = [event.clientX, event.clientY];
      svg.setPointerCapture(event.pointerId);
      svg.classList.add("panning");
    });
    svg.addEventListener("pointermove", function (event) {
      if (!last) return;
      var r = svg.getBoundingClientRect(), scale = Math.max(v.width / r.width, v.height / r.height);
      show(v.x - (event.clientX - last[0]) * scale, v.y - (event.clientY - last[1]) * scale, v.width, v.height);
      last = [event.clientX, event.clientY];
    });
    function stop() { last = null; svg.classList.remove("panning"); }
    svg.addEventListener("pointerup", stop);
    svg.addEventListener("pointercancel", stop);
    window.addEventListener("beforeprint", fit);
  });
})();
"""

_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')


def fitted_svg(svg: str) -> str:
    """A Graphviz SVG document as an element that fits its box: no XML declaration or DOCTYPE, and no
    fixed ``width``/``height`` on the root (its ``viewBox`` keeps the proportions)."""
    if "<svg" not in svg:
        return ""
    element = svg[svg.index("<svg"):]
    end = element.index(">")
    return _SIZE.sub("", element[:end]) + ' preserveAspectRatio="xMidYMin meet"' + element[end:]
