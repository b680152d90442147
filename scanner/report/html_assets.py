"""The HTML audit report's style sheet and its one script, both inline, and the Content-Security-Policy
that lets the page run that script and nothing else: no network, no other script, no font or image
fetched. The script only adds to a page that is complete without it: the model filter, expanding or
collapsing the shown models, opening the model a link points to, and opening every model to print.
"""

from __future__ import annotations

import base64
import hashlib

CSS = """
:root { --fg: #1d2630; --muted: #5d6d7e; --line: #d5dbe1; --bg: #ffffff; --panel: #f5f7f9; --prc: #b03a2e;
        --other: #2e6da4; --unknown: #95a5a6; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--fg); background: var(--bg); }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 20px; margin: 36px 0 10px;
  border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 17px; margin: 0; word-break: break-all; } h4 { font-size: 14px; margin: 16px 0 6px;
  text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
a { color: #1f5f99; }
p.lead { color: var(--muted); margin: 4px 0 16px; max-width: 900px; }
.verdict { padding: 14px 18px; border-radius: 6px; font-weight: 600; font-size: 17px; margin: 14px 0; }
.verdict.fail { background: #fdecea; border-left: 6px solid #c0392b; }
.verdict.pass { background: #e9f7ef; border-left: 6px solid #1e8449; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 10px; margin: 12px 0; }
.card { background: var(--panel); border-radius: 6px; padding: 10px 14px; }
.card .n { font-size: 26px; font-weight: 700; } .card .l { color: var(--muted); font-size: 13px; }
nav.toc { background: var(--panel); border-radius: 6px; padding: 10px 18px; margin: 14px 0; }
nav.toc h2 { font-size: 15px; border: 0; margin: 0 0 4px; padding: 0; }
nav.toc ol { margin: 0; padding-left: 20px; columns: 2; column-gap: 28px; } nav.toc li { break-inside: avoid; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(460px, 100%), 1fr)); gap: 18px; }
.chart { background: var(--panel); border-radius: 6px; padding: 10px 12px; margin: 0; }
.chart svg { display: block; width: 100%; height: auto; }
.chart h4 { margin-top: 2px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--panel); font-weight: 600; } td.num, th.num { text-align: right; }
table.kv th { width: 220px; background: none; color: var(--muted); font-weight: 500; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px;
  word-break: break-all; }
.sev { display: inline-block; min-width: 64px; text-align: center; color: #fff; border-radius: 4px;
  font-size: 12px; font-weight: 700; padding: 1px 6px; text-transform: uppercase; }
form.filter { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: center; background: var(--panel);
  border-radius: 6px; padding: 10px 14px; margin: 10px 0; position: sticky; top: 0; z-index: 1; }
form.filter[hidden] { display: none; }
form.filter input[type=search] { flex: 1 1 260px; font: inherit; padding: 4px 8px; }
form.filter select, form.filter button { font: inherit; }
form.filter output { color: var(--muted); font-size: 13px; }
details.model { border: 1px solid var(--line); border-radius: 8px; margin: 8px 0;
  content-visibility: auto; contain-intrinsic-size: auto 46px; }
details.model > summary { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; padding: 9px 16px;
  cursor: pointer; list-style: none; }
details.model > summary::-webkit-details-marker { display: none; }
details.model > summary::before { content: "\\25B8"; color: var(--muted); width: 10px; }
details.model[open] > summary::before { content: "\\25BE"; }
details.model[open] > summary { border-bottom: 1px solid var(--line); }
details.model h3 { font-size: 16px; }
details.model .kind { color: var(--muted); font-size: 14px; }
details.model > .body { padding: 4px 18px 14px; }
ul.duties { list-style: none; padding-left: 0; } ul.duties li { padding: 3px 0 3px 26px; position: relative; }
ul.duties li::before { content: ""; position: absolute; left: 2px; top: 7px; width: 13px; height: 13px;
  border: 1.5px solid var(--muted); border-radius: 2px; }
ul.duties li.fact::before { content: none; }
td.todo p { margin: 0 0 6px; }
.src { color: var(--muted); font-size: 13px; } p.carried { font-weight: 600; margin: 10px 0 2px; }
.verdicts > li { margin: 0 0 10px; } .verdicts ul { margin: 4px 0; padding-left: 20px; color: var(--fg); }
.status { font-size: 13px; color: var(--muted); } .status.gate { color: #c0392b; font-weight: 600; }
.legend { font-size: 12px; color: var(--muted); }
.lineage { max-width: 100%; overflow: hidden; } .lineage svg { display: block; max-width: 100%; height: auto; }
svg.defs { position: absolute; width: 0; height: 0; overflow: hidden; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
@media print { details.model { break-inside: avoid; content-visibility: visible; } main { padding: 0; }
  form.filter, nav.toc { display: none; } }
"""

# The filter reads data-filter (the words a model is found by) and data-severity (its worst open finding).
SCRIPT = """
(function () {
  "use strict";
  var form = document.getElementById("filter");
  if (!form) { return; }
  var models = Array.prototype.slice.call(document.querySelectorAll("details.model"));
  var text = form.elements.namedItem("q"), floor = form.elements.namedItem("severity");
  var count = document.getElementById("filter-count");
  var rank = {info: 0, low: 1, medium: 2, high: 3, critical: 4};
  function apply() {
    var words = text.value.toLowerCase().split(/\\s+/).filter(Boolean), least = rank[floor.value], shown = 0;
    models.forEach(function (model) {
      var found = model.getAttribute("data-filter"), worst = rank[model.getAttribute("data-severity")];
      var match = words.every(function (w) { return found.indexOf(w) >= 0; });
      match = match && (least === undefined || (worst !== undefined && worst >= least));
      model.hidden = !match;
      shown += match ? 1 : 0;
    });
    count.textContent = shown + " of " + models.length + " shown";
  }
  function setOpen(open) {
    models.forEach(function (model) { if (!model.hidden) { model.open = open; } });
  }
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1)), target = id && document.getElementById(id);
    var model = target && target.closest("details.model");
    if (!model) { return; }
    if (model.hidden) { form.reset(); apply(); }
    model.open = true;
    target.scrollIntoView();
  }
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  document.getElementById("expand-shown").addEventListener("click", function () { setOpen(true); });
  document.getElementById("collapse-all").addEventListener("click", function () { setOpen(false); });
  window.addEventListener("hashchange", reveal);
  window.addEventListener("beforeprint", function () { models.forEach(function (m) { m.open = true; }); });
  form.hidden = false;
  apply();
  reveal();
})();
"""


def _sha256(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


# Only the script above may run (by its hash); nothing may be fetched.
CSP = (
    f"default-src 'none'; script-src '{_sha256(SCRIPT)}'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


def page_head(title: str, csp: str, css: str) -> list[str]:
    """The opening of a self-contained page up to its body: its title (escaped by the caller), a Content-
    Security-Policy that lets it fetch nothing, and its one inline style sheet."""
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>{css}</style>",
        "</head>",
    ]
