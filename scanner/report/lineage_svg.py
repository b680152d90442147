"""A model's lineage as a small inline SVG for the HTML audit report.

Laid out as an indented tree, the way `explain` prints it: the model on the first row, each base one row
further down and one step to the right of the model it is a base of, joined by an elbow that says how
the model was made from it (finetune, quantized, distill, ...). The width grows with the depth of the
lineage only, never with the number of bases, and the SVG scales down to its card when a lineage is
deeper than the card is wide, so the graph never overflows the page.
"""

from __future__ import annotations

from html import escape

from scanner.report.audit import Node

BOX_W, BOX_H, ROW_H, INDENT, ELBOW = 320, 40, 52, 104, 18
MAX_ID, MAX_LABEL = 44, 48
PRC, ELSEWHERE, UNKNOWN, EDGE = "#b03a2e", "#2e6da4", "#95a5a6", "#8395a7"
ARROW = "lineage-arrow"


def lineage_svg(nodes: tuple[Node, ...]) -> str:
    """The graph and its legend; nodes come from scanner.report.audit.lineage_nodes (the model first)."""
    rows = _rows(nodes)
    place = {node.id.lower(): (node.depth * INDENT + 2, row * ROW_H + 2) for row, node in enumerate(rows)}
    width = max(x for x, _ in place.values()) + BOX_W + 4
    height = (len(rows) - 1) * ROW_H + BOX_H + 4
    edges, boxes = [], []
    for node in rows:
        x, y = place[node.id.lower()]
        if node.parent is not None and node.parent.lower() in place:
            px, py = place[node.parent.lower()]
            down, mid = px + ELBOW, y + BOX_H // 2
            edges.append(
                f'<path d="M{down},{py + BOX_H} V{mid} H{x - 1}" fill="none" stroke="{EDGE}" stroke-width="1.5" '
                f'marker-end="url(#{ARROW})"></path>'
                f'<text x="{(down + x) // 2 + 4}" y="{mid - 5}" text-anchor="middle" font-size="11" fill="#5d6d7e">'
                f"{escape(node.relation or '')}</text>"
            )
        boxes.append(_box(node, x, y))
    return (
        f'<svg role="img" aria-label="lineage" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(edges)}{"".join(boxes)}</svg>'
        '<div class="legend">Each model is drawn above the models it was built from, an arrow pointing to each. '
        "Red: a lab in the PRC; blue: elsewhere; dashed grey: origin unknown.</div>"
    )


def arrow_defs() -> str:
    """The arrowhead every graph uses, defined once per page (an id is unique in a document)."""
    return (
        '<svg class="defs" width="0" height="0" aria-hidden="true" xmlns="http://www.w3.org/2000/svg"><defs>'
        f'<marker id="{ARROW}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{EDGE}"></path></marker></defs></svg>'
    )


def _rows(nodes: tuple[Node, ...]) -> list[Node]:
    """Depth first from the model, each node right under the model it is a base of, in lineage order."""
    children: dict[str, list[Node]] = {}
    for node in nodes[1:]:
        children.setdefault((node.parent or nodes[0].id).lower(), []).append(node)
    out: list[Node] = []
    seen: set[str] = set()

    def visit(node: Node) -> None:
        if node.id.lower() in seen:
            return
        seen.add(node.id.lower())
        out.append(node)
        for child in children.get(node.id.lower(), []):
            visit(child)

    visit(nodes[0])
    out.extend(n for n in nodes if n.id.lower() not in seen)  # a node whose parent is not drawn: still shown
    return out


def _box(node: Node, x: int, y: int) -> str:
    color = PRC if node.country == "CN" else UNKNOWN if not node.country else ELSEWHERE
    dash = ' stroke-dasharray="4 3"' if not node.country else ""
    label = node.id if len(node.id) <= MAX_ID else node.id[: MAX_ID - 1] + "…"
    sub = node.label if len(node.label) <= MAX_LABEL else node.label[: MAX_LABEL - 1] + "…"
    return (
        f"<g><title>{escape(node.id)}: {escape(node.label)}</title>"
        f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="#ffffff" stroke="{color}" '
        f'stroke-width="{2.5 if node.depth == 0 else 1.5}"{dash}></rect>'
        f'<rect x="{x}" y="{y}" width="6" height="{BOX_H}" rx="2" fill="{color}"></rect>'
        f'<text x="{x + 14}" y="{y + 16}" font-size="12" font-weight="600" fill="#1d2630">{escape(label)}</text>'
        f'<text x="{x + 14}" y="{y + 32}" font-size="11" fill="#5d6d7e">{escape(sub)}</text></g>'
    )
