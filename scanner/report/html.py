"""The audit report as one self-contained HTML page: where people look rather than read.

The same content as the Markdown report (both render scanner.report.audit), plus pictures: the
inventory by origin country, lab and license class as bar charts, and each model's lineage as a
small graph. Everything is inline (CSS, SVG and one script), and a Content-Security-Policy lets the
page run that script and fetch nothing, so it works offline and from an archive.

Built to stay usable at a thousand models: a table of contents; open findings grouped by check, each
model a link to its section; one collapsed section per model (open when the report has few), found with
a filter (the script; without it the filter is not shown and every section is still on the page); what
a check asks you to do said once, at the check, and in a model's verdict only where it differs.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from scanner.records import Finding, ScanReport
from scanner.report import LICENSE_FACTS
from scanner.report.audit import SEVERITY_MEANING, Audit, Duty, ModelSection, Obligations, Verdict, build_audit
from scanner.report.html_assets import CSP, CSS, SCRIPT, page_head
from scanner.report.lineage_svg import arrow_defs, lineage_svg

SEVERITY_COLORS = {
    "critical": "#7b1010",
    "high": "#c0392b",
    "medium": "#d68910",
    "low": "#2e86c1",
    "info": "#7f8c8d",
}
MAX_PATHS = 25
MAX_LINKS = 12  # models named in a row of the findings table before the rest fold away
MAX_REMEDIES = 3  # what-to-do texts shown in a row of the findings table
OPEN_UP_TO = 12  # a report of this many models or fewer shows every section open


def render_html(report: ScanReport) -> str:
    audit = build_audit(report)
    page = _Page(audit)
    parts = [
        *page_head(f"AI model audit: {escape(audit.project)}", CSP, CSS),
        f"<body>{arrow_defs()}<main>",
        _header(audit),
        _toc(audit),
        _scope(audit),
        _charts(audit),
        _findings(audit, page),
        _models(audit, page),
        _mentioned(audit),
        _other(audit, page),
        _accepted(audit),
        _coverage(audit),
        _identity(audit),
        f"</main><script>{SCRIPT}</script></body></html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


class _Page:
    """What the page's parts share: each model's anchor (unique in the page), and what each row of the
    findings table asks you to do (the distinct remediations of its open findings, most frequent first;
    the first MAX_REMEDIES are shown in the row, a verdict repeats its own only when the row does not)."""

    def __init__(self, audit: Audit) -> None:
        self.anchors: dict[str, str] = {}
        taken: set[str] = set()
        for section in audit.models:
            base = anchor = f"model-{_anchor(section.model.id)}"
            n = 1
            while anchor in taken:
                n += 1
                anchor = f"{base}-{n}"
            taken.add(anchor)
            self.anchors[section.model.id] = anchor
        remedies: dict[str, Counter[str]] = {}
        for verdict in [v for s in audit.models for v in s.verdicts] + list(audit.other):
            for f in verdict.findings:
                if f.waived_by is None and f.remediation:
                    remedies.setdefault(_check_anchor(f), Counter())[f.remediation] += 1
        self.remedies = {row: [text for text, _ in counts.most_common()] for row, counts in remedies.items()}
        self.open = len(audit.models) <= OPEN_UP_TO

    def model_link(self, model_id: str | None) -> str:
        anchor = self.anchors.get(model_id or "")
        if anchor is None:
            return f"<code>{escape(model_id or '-')}</code>"
        return f'<a href="#{anchor}"><code>{escape(model_id or "")}</code></a>'


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
        + "</div></header>"
    )


def _toc(audit: Audit) -> str:
    worst = Counter(s.worst or "ok" for s in audit.models)
    by_worst = ", ".join(
        f"{n} {label}" for label in ("critical", "high", "medium", "low", "info", "ok") if (n := worst[label])
    )
    entries = [
        ("scope", "What was scanned", ""),
        ("origins", "Where the models come from", ""),
        ("findings", "Findings", f" ({sum(live for _, live, _ in audit.by_severity)} open)"),
        ("models", "Models", f" ({len(audit.models)}{': ' + by_worst if by_worst else ''})"),
        *((("mentioned", "Models only mentioned", f" ({len(audit.mentioned)})"),) if audit.mentioned else ()),
        *((("other", "Other findings", f" ({len(audit.other)})"),) if audit.other else ()),
        ("waivers", "Waivers and suppressions", ""),
        ("not-scanned", "What was not scanned", ""),
        ("reproduce", "How to reproduce this report", ""),
    ]
    items = "".join(f'<li><a href="#{a}">{escape(title)}</a>{escape(extra)}</li>' for a, title, extra in entries)
    return f'<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>{items}</ol></nav>'


def _scope(audit: Audit) -> str:
    return (
        '<section id="scope"><h2>What was scanned</h2><table class="kv">'
        + "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in audit.scope)
        + '</table><h4>Policy applied</h4><table class="kv">'
        + "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in audit.policy)
        + "</table></section>"
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


def _findings(audit: Audit, page: _Page) -> str:
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
    return (
        out + "<h4>Open findings by check</h4><p class='lead'>One row per check and severity: the models it "
        "concerns (each a link to its section) and what it asks you to do.</p>"
        "<table><tr><th>severity</th><th>check</th><th>models and places</th><th>what to do</th></tr>"
        + "".join(_check_row(rows, page) for rows in _by_check(audit))
        + "</table></section>"
    )


def _by_check(audit: Audit) -> list[list[tuple[Finding, int]]]:
    """The open findings table's rows (one per check and model) grouped by check and severity, in order."""
    groups: dict[tuple[str, str, bool], list[tuple[Finding, int]]] = {}
    for finding, count in audit.summary_rows:
        groups.setdefault((finding.rule_id, finding.severity, finding.verified), []).append((finding, count))
    return list(groups.values())


def _check_row(rows: list[tuple[Finding, int]], page: _Page) -> str:
    first = rows[0][0]
    total = sum(count for _, count in rows)
    places = [
        (
            page.model_link(f.model_id)
            if f.model_id
            else f"<code>{escape(f'{f.path}:{f.line}' if f.path else '-')}</code>"
        )
        + (f" (×{n})" if n > 1 else "")
        for f, n in rows
    ]
    shown = ", ".join(places[:MAX_LINKS])
    if len(places) > MAX_LINKS:
        shown += (
            f"<details><summary>and {len(places) - MAX_LINKS} more</summary>{', '.join(places[MAX_LINKS:])}</details>"
        )
    unverified = "" if first.verified else " <em>unverified</em>"
    anchor = _check_anchor(first)
    remedies = page.remedies.get(anchor, [])
    todo = "".join(f"<p>{escape(text)}</p>" for text in remedies[:MAX_REMEDIES])
    if len(remedies) > MAX_REMEDIES:
        todo += f"<p class='status'>and {len(remedies) - MAX_REMEDIES} other(s), given with each model</p>"
    return (
        f'<tr id="{anchor}"><td>{_sev(first.severity)}{unverified}</td>'
        f"<td><strong>{escape(first.rule_id)}</strong> {escape(first.title)}"
        f"<div class='status'>{total} finding(s), {len(rows)} {'model(s)' if first.model_id else 'place(s)'}</div></td>"
        f"<td class='models'>{shown}</td><td class='todo'>{todo}</td></tr>"
    )


def _check_anchor(finding: Finding) -> str:
    """The id of a finding's row in the findings table (one row per check, severity and verification)."""
    return f"check-{_anchor(finding.rule_id)}-{finding.severity}" + ("" if finding.verified else "-unverified")


def _models(audit: Audit, page: _Page) -> str:
    return (
        '<section id="models"><h2>Models</h2>'
        '<p class="lead">Each model, API and SDK the project uses: where it comes from and how we know, what its '
        "license (and the licenses of the models it was built from) asks of you, and every verdict with its "
        "evidence. Worst first; open a model to read it.</p>"
        '<form class="filter" id="filter" role="search" hidden><input type="search" name="q" '
        'placeholder="Filter by model, lab, country, license or check (MO301)" aria-label="Filter models">'
        '<select name="severity" aria-label="Worst finding at least"><option value="">any finding or none</option>'
        + "".join(f'<option value="{s}">{s} or worse</option>' for s in ("critical", "high", "medium", "low", "info"))
        + '</select><button type="button" id="expand-shown">Open shown</button>'
        '<button type="button" id="collapse-all">Close all</button><output id="filter-count"></output></form>'
        + "".join(_model(s, page) for s in audit.models)
        + "</section>"
    )


def _model(section: ModelSection, page: _Page) -> str:
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
    said = _said(section)
    for how in said[1:]:
        rows += f"<tr><th>How we know</th><td>{escape(how)}</td></tr>"
    badge = _sev(section.worst) if section.worst else '<span class="sev" style="background:#1e8449">ok</span>'
    checks = " ".join(dict.fromkeys(v.finding.rule_id for v in section.verdicts))
    words = " ".join((m.id, section.kind, section.origin, section.license, checks)).lower()
    out = [
        f'<details class="model" id="{page.anchors[m.id]}" data-severity="{escape(section.worst or "")}" '
        f'data-filter="{escape(words)}"{" open" if page.open else ""}><summary>{badge}<h3>{escape(m.id)}</h3>'
        f'<span class="kind">{escape(section.kind)} · {escape(section.origin)} · {escape(section.license)}</span>'
        f'</summary><div class="body"><table class="kv">{rows}</table>'
    ]
    if len(section.lineage) > 1:
        out.append(f'<h4>Lineage</h4><div class="lineage">{lineage_svg(section.lineage)}</div>')
    if section.obligations:
        out.append("<h4>Obligations checklist</h4>" + "".join(_obligations(group) for group in section.obligations))
    if section.verdicts:
        out.append(
            '<h4>Verdicts</h4><ul class="verdicts">'
            + "".join(_verdict(v, page, said) for v in section.verdicts)
            + "</ul>"
        )
    else:
        out.append("<h4>Verdicts</h4><p>No finding.</p>")
    out.append("</div></details>")
    return "".join(out)


def _said(section: ModelSection) -> tuple[str, ...]:
    """What a model's section states before its verdicts, so that they do not repeat it: where it is used
    (first), how its origin is known, and how anything else two of its verdicts rest on is known (see
    scanner.report.audit for the wording)."""
    said = (f"found at {', '.join(section.used_at)}", *section.origin_how)
    shared = Counter(e for v in section.verdicts for e in dict.fromkeys(v.evidence) if not _repeats(e, said))
    return (*said, *(e for e, n in shared.items() if n > 1 and not e.startswith("found at ")))


def _repeats(evidence: str, said: tuple[str, ...]) -> bool:
    """Whether a verdict's evidence is already in its model's section: the places it is used at, or the short
    form ("origin 'x' from the org (confidence high)") of a full one ("origin 'x' from the org: <detail> ...")."""
    claim = evidence.partition(" (confidence ")[0]
    return evidence in said or any(full.startswith(claim + ": ") for full in said)


def _obligations(group: Obligations) -> str:
    """One license's checklist; the duties that do not attach to the declared use follow, with why."""
    items = "".join(_duty(d) for d in group.duties)
    out = f'<p class="{"src" if group.superseded_by else "carried"}">{escape(group.heading)}</p>'
    out += f'<ul class="duties">{items}</ul>' if items else ""
    if group.set_aside:
        aside = "".join(
            f"<li><strong>{escape(d.kind)}</strong>: {escape(d.text)} <span class='src'>— {escape(d.reason)}</span>"
            "</li>"
            for d in group.set_aside
        )
        out += f'<p class="src">Not attached to the use the policy declares:</p><ul class="aside">{aside}</ul>'
    return out


def _duty(duty: Duty) -> str:
    """A checklist line: a duty has a box to tick, a fact the license states (commercial use) has none."""
    css = ' class="fact"' if duty.kind.lower() in LICENSE_FACTS else ""
    return f"<li{css}><strong>{escape(duty.kind)}</strong>: {escape(duty.text)}</li>"


def _verdict(verdict: Verdict, page: _Page, said: tuple[str, ...] = ()) -> str:
    """One check's verdict; `said` is the evidence its model's section already gives in full (How we know),
    not repeated in its short form."""
    f = verdict.finding
    messages = list(dict.fromkeys(item.message for item in verdict.findings))
    count = f" ({len(verdict.findings)})" if len(verdict.findings) > 1 else ""
    check = escape(f.rule_id)
    if f.waived_by is None:  # an open finding: its check's row in the findings table
        check = f'<a href="#{_check_anchor(f)}">{check}</a>'
    head = f"{_sev(f.severity)} <strong>{check}</strong> {escape(f.title)}{count}"
    body = [f"<li>{escape(m)}</li>" for m in messages] if len(messages) > 1 else []
    if len(body) > 3:
        body = [f"<li><details><summary>{len(body)} items</summary><ul>{''.join(body)}</ul></details></li>"]
    text = f": {escape(messages[0])}" if len(messages) == 1 else ""
    status_class = "status gate" if verdict.status == "fails the gate" else "status"
    details = [f'<li class="{status_class}">Status: {escape(verdict.status)}</li>']
    details += [f'<li class="status">Evidence: {escape(e)}</li>' for e in verdict.evidence if not _repeats(e, said)]
    in_row = set(page.remedies.get(_check_anchor(f), [])[:MAX_REMEDIES])
    if verdict.remediation and f.waived_by is None and not {i.remediation for i in verdict.findings} <= in_row:
        similar = " (likewise for each item)" if len({i.remediation for i in verdict.findings}) > 1 else ""
        details.append(f"<li>What to do: {escape(verdict.remediation)}{similar}</li>")
    return f"<li>{head}{text}<ul>{''.join(body + details)}</ul></li>"


def _other(audit: Audit, page: _Page) -> str:
    if not audit.other:
        return ""
    return (
        '<section id="other"><h2>Other findings</h2><p class="lead">Findings about libraries, the policy or the '
        'code rather than one model.</p><ul class="verdicts">'
        + "".join(_verdict(v, page) for v in audit.other)
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
