"""The audit report as one self-contained HTML page: where people look rather than read.

The same content as the Markdown report (both render scanner.report.audit), plus pictures: the
inventory by origin country, lab and license class as bar charts, and each model's lineage as a
small graph. Everything is inline (CSS and SVG, no script, no font, no image fetched), and a
Content-Security-Policy forbids loading anything, so the page works offline and from an archive.
"""

from __future__ import annotations

from html import escape

from scanner.records import ScanReport
from scanner.report.audit import SEVERITY_MEANING, Audit, ModelSection, Node, Verdict, build_audit

SEVERITY_COLORS = {
    "critical": "#7b1010",
    "high": "#c0392b",
    "medium": "#d68910",
    "low": "#2e86c1",
    "info": "#7f8c8d",
}
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
MAX_PATHS = 25

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
p.lead { color: var(--muted); margin: 4px 0 16px; max-width: 900px; }
.verdict { padding: 14px 18px; border-radius: 6px; font-weight: 600; font-size: 17px; margin: 14px 0; }
.verdict.fail { background: #fdecea; border-left: 6px solid #c0392b; }
.verdict.pass { background: #e9f7ef; border-left: 6px solid #1e8449; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 10px; margin: 12px 0; }
.card { background: var(--panel); border-radius: 6px; padding: 10px 14px; }
.card .n { font-size: 26px; font-weight: 700; } .card .l { color: var(--muted); font-size: 13px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 18px; }
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
.model { border: 1px solid var(--line); border-radius: 8px; padding: 14px 18px; margin: 14px 0; }
.model header { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
.model .kind { color: var(--muted); }
ul.duties { list-style: none; padding-left: 0; } ul.duties li { padding: 3px 0 3px 26px; position: relative; }
ul.duties li::before { content: ""; position: absolute; left: 2px; top: 7px; width: 13px; height: 13px;
  border: 1.5px solid var(--muted); border-radius: 2px; }
.src { color: var(--muted); font-size: 13px; } p.carried { font-weight: 600; margin: 10px 0 2px; }
.verdicts > li { margin: 0 0 10px; } .verdicts ul { margin: 4px 0; padding-left: 20px; color: var(--fg); }
.status { font-size: 13px; color: var(--muted); } .status.gate { color: #c0392b; font-weight: 600; }
.legend { font-size: 12px; color: var(--muted); }
.lineage { overflow-x: auto; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
@media print { .model { break-inside: avoid; } main { padding: 0; } }
"""


def render_html(report: ScanReport) -> str:
    audit = build_audit(report)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>AI model audit: {escape(audit.project)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body><main>",
        _header(audit),
        _charts(audit),
        _findings(audit),
        '<section id="models"><h2>Models</h2>',
        '<p class="lead">Each model, API and SDK the project uses: where it comes from and how we know, what its '
        "license (and the licenses of the models it was built from) asks of you, and every verdict with its "
        "evidence.</p>",
        *(_model(s) for s in audit.models),
        "</section>",
        _mentioned(audit),
        _other(audit),
        _accepted(audit),
        _coverage(audit),
        _identity(audit),
        "</main></body></html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def _mentioned(audit: Audit) -> str:
    if not audit.mentioned:
        return ""
    rows = "".join(
        f"<tr><td>{escape(model_id)}</td><td>{escape(kind)}</td><td>{escape(origin)}</td>"
        f"<td>{escape(', '.join(where[:5]) + (f' and {len(where) - 5} more' if len(where) > 5 else ''))}</td></tr>"
        for model_id, kind, origin, where in audit.mentioned
    )
    return (
        '<section id="mentioned"><h2>Models only mentioned</h2><p class="lead">Named in comments, docstrings, help '
        "texts, messages or data records, and nowhere used: listed for the inventory, not evaluated, and never a "
        "reason for the verdict.</p><table><thead><tr><th>model</th><th>kind</th><th>origin</th><th>named at</th>"
        f"</tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _header(audit: Audit) -> str:
    open_counts = {s: live for s, live, _ in audit.by_severity}
    cards = [
        (str(len(audit.models)), "models, APIs and SDKs"),
        (str(sum(open_counts.values())), "open findings"),
        (str(audit.gating), "fail the gate"),
        (str(len(audit.accepted)), "accepted (waived, suppressed, baseline)"),
        (dict(audit.scope).get("Files read", "0"), "files read"),
        (str(sum(len(p) for _, p in audit.not_scanned)), "files not read"),
    ]
    unverified = (
        f"<p>{audit.unverified} finding(s) rest on facts the rules mark as unverified; they are shown but never "
        "fail the gate on their own.</p>"
        if audit.unverified
        else ""
    )
    return (
        f'<header id="summary"><h1>AI model audit: {escape(audit.project)}</h1>'
        f'<p class="lead">Generated {escape(audit.generated_at)} by modelorigin. This report lists every AI model '
        "that the project depends on (loaded in code, named in configuration, called as a hosted API or pulled in "
        "as a provider SDK), the lab that trained each model and that lab's country (following fine-tunes, "
        "quantizations and re-uploads back to the original), what each license requires, and the export-control, "
        "data-residency and security flags that apply under the organisation's policy.</p>"
        f'<div class="verdict {"pass" if audit.passed else "fail"}" id="verdict">{escape(audit.verdict)}</div>'
        f"{unverified}"
        '<div class="cards">'
        + "".join(
            f'<div class="card"><div class="n">{escape(n)}</div><div class="l">{escape(label)}</div></div>'
            for n, label in cards
        )
        + "</div>"
        '<h2 id="scope">What was scanned</h2><table class="kv">'
        + "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in audit.scope)
        + '</table><h4>Policy applied</h4><table class="kv">'
        + "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in audit.policy)
        + "</table></header>"
    )


def _charts(audit: Audit) -> str:
    severity_rows = [(s, live) for s, live, _ in audit.by_severity]
    return (
        '<section id="origins"><h2>Where the models come from</h2><div class="charts">'
        + _bar_chart("By country of the developing lab", audit.by_country, _country_color)
        + _bar_chart("By lab", audit.by_lab, lambda _: "#2e6da4")
        + _bar_chart("By license class", audit.by_license_class, lambda _: "#5b7083")
        + _bar_chart("Open findings by severity", severity_rows, lambda s: SEVERITY_COLORS.get(s, "#777"))
        + "</div></section>"
    )


def _country_color(label: str) -> str:
    if label.endswith("(CN)"):
        return "#b03a2e"
    return "#95a5a6" if label == "unknown" else "#2e6da4"


def _bar_chart(title: str, rows: tuple[tuple[str, int], ...] | list[tuple[str, int]], color: object) -> str:
    width, bar_h, gap, label_w = 480, 22, 8, 230
    rows = list(rows) or [("(none)", 0)]
    top = max(count for _, count in rows) or 1
    height = len(rows) * (bar_h + gap) + 4
    bars = []
    for i, (label, count) in enumerate(rows):
        y = i * (bar_h + gap) + 2
        w = max(2, round((width - label_w - 36) * count / top)) if count else 0
        short = label if len(label) <= 34 else label[:33] + "…"
        fill = color(label) if callable(color) else str(color)
        bars.append(
            f"<g><title>{escape(label)}: {count}</title>"
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" font-size="13" fill="#1d2630">'
            f"{escape(short)}</text>"
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" rx="3" fill="{fill}"></rect>'
            f'<text x="{label_w + w + 5}" y="{y + 15}" font-size="13" fill="#1d2630">{count}</text></g>'
        )
    return (
        f'<figure class="chart"><h4>{escape(title)}</h4>'
        f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg></figure>'
    )


def _sev(severity: str) -> str:
    return f'<span class="sev" style="background:{SEVERITY_COLORS.get(severity, "#777")}">{escape(severity)}</span>'


def _findings(audit: Audit) -> str:
    rows = "".join(
        f"<tr><td>{_sev(s)}</td><td class='num'>{live}</td><td class='num'>{accepted}</td>"
        f"<td>{escape(SEVERITY_MEANING[s])}</td></tr>"
        for s, live, accepted in audit.by_severity
    )
    out = (
        '<section id="findings"><h2>Findings by severity</h2>'
        "<table><tr><th>severity</th><th class='num'>open</th><th class='num'>accepted</th><th>meaning</th></tr>"
        f"{rows}</table>"
    )
    if not audit.summary_rows:
        return out + "<p>No open findings.</p></section>"
    body = "".join(
        f"<tr><td>{_sev(f.severity)}{'' if f.verified else ' <em>unverified</em>'}</td><td>{escape(f.rule_id)}</td>"
        f"<td><code>{escape(f.model_id or '-')}</code></td><td>{escape(f.title)}{f' (×{n})' if n > 1 else ''}</td>"
        f"<td><code>{escape(f'{f.path}:{f.line}' if f.path else '-')}</code></td></tr>"
        for f, n in audit.summary_rows
    )
    return (
        out + "<h4>Open findings, one row per check and model</h4>"
        "<table><tr><th>severity</th><th>check</th><th>model</th><th>what</th><th>where</th></tr>"
        f"{body}</table></section>"
    )


def _model(section: ModelSection) -> str:
    m = section.model
    facts = [
        ("What", section.kind + (f", family {m.family}" if m.family else "")),
        ("Origin", section.origin),
        ("License", f"{section.license} — {section.license_class}"),
    ]
    if m.uploader:
        facts.append(("Published by", m.uploader + (f" ({m.relation} of the original)" if m.relation else "")))
    rows = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in facts)
    if section.used_at:
        shown = ", ".join(f"<code>{escape(p)}</code>" for p in section.used_at[:MAX_PATHS])
        more = f" and {len(section.used_at) - MAX_PATHS} more" if len(section.used_at) > MAX_PATHS else ""
        rows += f"<tr><th>Used at</th><td>{shown}{more}</td></tr>"
    for how in section.origin_how:
        rows += f"<tr><th>How we know</th><td>{escape(how)}</td></tr>"
    badge = _sev(section.worst) if section.worst else '<span class="sev" style="background:#1e8449">ok</span>'
    out = [
        f'<article class="model" id="model-{escape(_anchor(m.id))}"><header>{badge}<h3>{escape(m.id)}</h3>'
        f'<span class="kind">{escape(section.kind)}</span></header><table class="kv">{rows}</table>'
    ]
    if len(section.lineage) > 1:
        out.append(f'<h4>Lineage</h4><div class="lineage">{lineage_svg(section.lineage)}</div>')
    if section.obligations:
        groups = []
        for group in section.obligations:
            items = "".join(f"<li><strong>{escape(d.kind)}</strong>: {escape(d.text)}</li>" for d in group.duties)
            css = "src" if group.superseded_by else "carried"
            groups.append(
                f'<p class="{css}">{escape(group.heading)}</p>' + (f'<ul class="duties">{items}</ul>' if items else "")
            )
        out.append("<h4>Obligations checklist</h4>" + "".join(groups))
    if section.verdicts:
        out.append('<h4>Verdicts</h4><ul class="verdicts">' + "".join(_verdict(v) for v in section.verdicts) + "</ul>")
    else:
        out.append("<h4>Verdicts</h4><p>No finding.</p>")
    out.append("</article>")
    return "".join(out)


def _verdict(verdict: Verdict) -> str:
    f = verdict.finding
    messages = list(dict.fromkeys(item.message for item in verdict.findings))
    count = f" ({len(verdict.findings)})" if len(verdict.findings) > 1 else ""
    head = f"{_sev(f.severity)} <strong>{escape(f.rule_id)}</strong> {escape(f.title)}{count}"
    body = [f"<li>{escape(m)}</li>" for m in messages] if len(messages) > 1 else []
    if len(body) > 3:
        body = [f"<li><details><summary>{len(body)} items</summary><ul>{''.join(body)}</ul></details></li>"]
    text = f": {escape(messages[0])}" if len(messages) == 1 else ""
    status_class = "status gate" if verdict.status == "fails the gate" else "status"
    details = [f'<li class="{status_class}">Status: {escape(verdict.status)}</li>']
    details += [f'<li class="status">Evidence: {escape(e)}</li>' for e in verdict.evidence]
    if verdict.remediation and f.waived_by is None:
        similar = " (likewise for each item)" if len({i.remediation for i in verdict.findings}) > 1 else ""
        details.append(f"<li>What to do: {escape(verdict.remediation)}{similar}</li>")
    return f"<li>{head}{text}<ul>{''.join(body + details)}</ul></li>"


def lineage_svg(nodes: tuple[Node, ...]) -> str:
    """The model (left) and its ancestors to the right, one column per generation; each edge says
    how the child was made from its base (finetune, quantized, distill, ...)."""
    box_w, box_h, col_gap, row_gap = 300, 44, 80, 14
    columns: dict[int, list[Node]] = {}
    for node in nodes:
        columns.setdefault(node.depth, []).append(node)
    position: dict[str, tuple[int, int]] = {}
    for depth, members in columns.items():
        for row, node in enumerate(members):
            position[node.id.lower()] = (depth * (box_w + col_gap) + 2, row * (box_h + row_gap) + 2)
    width = (max(columns) + 1) * (box_w + col_gap) - col_gap + 4
    height = max(len(m) for m in columns.values()) * (box_h + row_gap) - row_gap + 4
    edges, boxes = [], []
    for node in nodes:
        x, y = position[node.id.lower()]
        if node.parent is not None and node.parent.lower() in position:
            px, py = position[node.parent.lower()]
            x1, y1, x2, y2 = px + box_w, py + box_h // 2, x, y + box_h // 2
            mid = (x1 + x2) // 2
            edges.append(
                f'<path d="M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}" fill="none" stroke="#8395a7" '
                'stroke-width="1.5" marker-end="url(#arrow)"></path>'
                f'<text x="{mid}" y="{(y1 + y2) // 2 - 4}" text-anchor="middle" font-size="11" fill="#5d6d7e">'
                f"{escape(node.relation or '')}</text>"
            )
        color = "#b03a2e" if node.country == "CN" else "#95a5a6" if not node.country else "#2e6da4"
        dash = ' stroke-dasharray="4 3"' if not node.country else ""
        label = node.id if len(node.id) <= 42 else node.id[:41] + "…"
        sub = node.label if len(node.label) <= 46 else node.label[:45] + "…"
        boxes.append(
            f"<g><title>{escape(node.id)}: {escape(node.label)}</title>"
            f'<rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="6" fill="#ffffff" stroke="{color}" '
            f'stroke-width="{2.5 if node.depth == 0 else 1.5}"{dash}></rect>'
            f'<rect x="{x}" y="{y}" width="6" height="{box_h}" rx="2" fill="{color}"></rect>'
            f'<text x="{x + 14}" y="{y + 18}" font-size="12" font-weight="600" fill="#1d2630">{escape(label)}</text>'
            f'<text x="{x + 14}" y="{y + 35}" font-size="11" fill="#5d6d7e">{escape(sub)}</text></g>'
        )
    return (
        f'<svg role="img" aria-label="lineage" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'xmlns="http://www.w3.org/2000/svg"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#8395a7">'
        f"</path></marker></defs>{''.join(edges)}{''.join(boxes)}</svg>"
        '<div class="legend">Arrows point from a model to the model it was built from. Red: a lab in the PRC; '
        "blue: elsewhere; dashed grey: origin unknown.</div>"
    )


def _other(audit: Audit) -> str:
    if not audit.other:
        return ""
    return (
        '<section id="other"><h2>Other findings</h2><p class="lead">Findings about libraries, the policy or the '
        'code rather than one model.</p><ul class="verdicts">'
        + "".join(_verdict(v) for v in audit.other)
        + "</ul></section>"
    )


def _accepted(audit: Audit) -> str:
    out = ['<section id="waivers"><h2>Waivers and suppressions in effect</h2>']
    if audit.waivers:
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td>{escape(str(v))}</td>"
                for v in (
                    w.get("check"),
                    w.get("model") or "any",
                    w.get("path") or "any",
                    w.get("owner"),
                    w.get("reason"),
                    w.get("expires") or "never",
                )
            )
            + "</tr>"
            for w in audit.waivers
        )
        out.append(
            "<h4>Waivers declared in the policy</h4><table><tr><th>check</th><th>model</th><th>path</th>"
            f"<th>owner</th><th>reason</th><th>expires</th></tr>{rows}</table>"
        )
    if audit.expired_waivers:
        items = "".join(
            f"<li>{escape(str(w.get('check')))} for {escape(str(w.get('model') or 'any model'))}, owner "
            f"{escape(str(w.get('owner')))}, expired {escape(str(w.get('expires')))}: "
            f"{escape(str(w.get('reason')))}</li>"
            for w in audit.expired_waivers
        )
        out.append(f"<h4>Expired waivers (their findings are live again)</h4><ul>{items}</ul>")
    if audit.accepted:
        rows = "".join(
            f"<tr><td>{_sev(f.severity)}</td><td>{escape(f.rule_id)}</td>"
            f"<td><code>{escape(f.model_id or '-')}</code></td>"
            f"<td><code>{escape(f'{f.path}:{f.line}' if f.path else '-')}</code></td>"
            f"<td>{escape(f.waived_by or '')}</td></tr>"
            for f in audit.accepted
        )
        out.append(
            "<h4>Accepted findings</h4><table><tr><th>severity</th><th>check</th><th>model</th><th>where</th>"
            f"<th>accepted by</th></tr>{rows}</table>"
        )
    if not (audit.waivers or audit.expired_waivers or audit.accepted):
        out.append("<p>None: every finding above is open.</p>")
    return "".join(out) + "</section>"


def _coverage(audit: Audit) -> str:
    out = ['<section id="not-scanned"><h2>What was not scanned</h2>']
    if not audit.not_scanned and not audit.parse_problems:
        out.append("<p>Every file found was read.</p>")
    else:
        out.append(
            '<p class="lead">Files listed here were not looked at (or only partly): '
            "the report says nothing about them.</p><ul>"
        )
        for reason, paths in audit.not_scanned:
            shown = ", ".join(f"<code>{escape(p)}</code>" for p in paths[:MAX_PATHS])
            more = f" and {len(paths) - MAX_PATHS} more" if len(paths) > MAX_PATHS else ""
            out.append(f"<li><strong>{escape(reason)}</strong> ({len(paths)}): {shown}{more}</li>")
        out += [f"<li><strong>read with a problem</strong>: {escape(p)}</li>" for p in audit.parse_problems]
        out.append("</ul>")
    if audit.warnings:
        out.append("<h4>Warnings</h4><ul>" + "".join(f"<li>{escape(w)}</li>" for w in audit.warnings) + "</ul>")
    return "".join(out) + "</section>"


def _identity(audit: Audit) -> str:
    rows = "".join(f"<tr><th>{escape(k)}</th><td class='mono'>{escape(v)}</td></tr>" for k, v in audit.identity)
    meanings = "".join(f"<li>{_sev(s)} {escape(m)}</li>" for s, m in SEVERITY_MEANING.items())
    return (
        f'<section id="reproduce"><h2>How to reproduce this report</h2><table class="kv">{rows}</table>'
        "<p>The same tool version, rules (by SHA-256) and policy (by SHA-256) on the same files give the same "
        f'findings.</p><h4>Severities</h4><ul class="legend-list">{meanings}</ul></section>'
        "<footer>modelorigin audit report. Facts come from the bundled rules, each with its source and date; "
        "this report is not legal advice.</footer>"
    )


def _anchor(model_id: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in model_id.lower())
