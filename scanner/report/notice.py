"""The attribution bundle a release needs (`modelorigin notice`): THIRD_PARTY_MODELS.md, or a plain-text NOTICE.

For every model the project uses (not those only mentioned; hosted APIs and SDKs are counted, not listed: they
ship no weights), the licenses that bind it — its own and those its lineage carries (a fine-tune or a
quantization is bound by its base's license too; see scanner.resolve.obligations for which a lab's relicensing
supersedes) — and, per license, what a release must carry: the license name and link, the exact display
strings, the notices to reproduce, the naming duty for derivatives, the other attribution duties, and whether
the license text must travel with the weights.

What a license asks for is read from its entry in the rules: `display` (exact strings to show, with
`display_when` when the duty applies only above a threshold or in some uses), `notices` (texts to reproduce
verbatim), `naming` (how derivative names are formed) and `text_must_accompany` (a copy of the license text goes
with the weights). The other attribution duties are the entry's `attribution` items that are neither a display
string nor a notice (the rules keep those in `attribution` too, for the checklist and the other formats).

Only a license whose entry has none of `display`, `notices` and `text_must_accompany` (a user's rules file written
before those fields, or a bundled entry whose text establishes none of them) falls back to the old heuristic,
which splits `attribution` by wording:
- a *notice* names the license it is under ("Llama 3.1 is licensed under ...", "... is provided under ..."): to
  reproduce verbatim;
- a *display string* is short (at most six words), ends without a full stop and is not an instruction
  ("Built with Llama", "MiniMax M2", "TeleChat Inside"): to show exactly as written;
- anything else is a *duty*, given in the rules' words;
and the license *text must accompany* the weights when one of its duties asks for a copy of the license ("a copy
of this Agreement", "Retain the LICENSE", "Include the MRL"), for its permission notice or list of conditions
(MIT, BSD), or when the license is copyleft.

The full text is included when the rules bundle it (rules/license-texts/full/<license-id>.txt); the files
directly in rules/license-texts/ are identifying excerpts, not the licenses, and are never passed off as them.

Deterministic: models, licenses and holders are sorted; nothing varies between runs unless a timestamp is
asked for, and then only the one line that starts with STAMP.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple
from urllib.parse import quote

from scanner.records import Model, ScanReport

DEFAULT_FILE = "THIRD_PARTY_MODELS.md"
WEIGHT_KINDS = frozenset({"hub_model", "modelscope_model", "ollama_model", "model_file"})
TITLE = {"markdown": "# Third-party models", "text": "THIRD-PARTY MODELS"}
MARK = "Written by modelorigin notice"  # in the first lines: a scan skips the file as the tool's own output
STAMP = "Generated "  # the only line that may vary between runs (--timestamp); --check ignores it

# first words of an instruction: an attribution item starting with one is a duty, however short
_DUTY_START = frozenset(
    {"retain", "include", "keep", "give", "provide", "supply", "cause", "mark", "clearly", "disclose", "state"}
    | {"you", "the", "copyright", "mit"}
)
_NOTICE = re.compile(r"\bis (licensed|provided) under\b", re.IGNORECASE)
_TEXT_DUTY = re.compile(
    r"cop(y|ies) of (this|the) (agreement|licen[cs]e|mrl)|include the mrl|retain the license|permission notice"
    r"|list of conditions|license notice shall be included",
    re.IGNORECASE,
)
_REPO_REF = re.compile(r"^([A-Za-z0-9][\w.-]*/[\w.-]+):([^@;]+?)@([0-9a-f]{7,40})\b")
_URL = re.compile(r"https?://[^\s;,)'\"]+")
_RELATION = {"distill": "distilled from", "quantized": "quantized from", "reupload": "re-uploaded from"}


class Holder(NamedTuple):
    model: str  # the model the license binds
    via: str | None  # the ancestor that holds it and how ("finetune base meta-llama/Llama-3.1-8B"); None: itself


class NoticeModel(NamedTuple):
    id: str
    kind: str
    license: str | None  # its own license id; None: unknown
    license_name: str
    bound_by: tuple[tuple[str, tuple[str, ...]], ...]  # (license id, who in the lineage holds it), own first
    set_aside: tuple[str, ...]  # licenses of the lineage not carried, and why
    unknown: tuple[str, ...]  # lineage entries whose license is unknown


class NoticeLicense(NamedTuple):
    id: str
    name: str
    known: bool  # the rules have its terms
    spdx: str | None
    licensor: str | None
    link: str | None
    display: tuple[str, ...]
    display_when: str | None  # the condition of the display duty, when it does not always apply
    notices: tuple[str, ...]
    duties: tuple[str, ...]
    naming: str | None
    attribution_verified: bool
    naming_verified: bool
    text_required: bool
    text_verified: bool
    text: str | None  # the full text, when the rules bundle it
    models: tuple[Holder, ...]


class Notice(NamedTuple):
    models: tuple[NoticeModel, ...]
    licenses: tuple[NoticeLicense, ...]
    services: int  # hosted APIs, hosted models and SDKs used: governed by terms of service, not listed
    stamp: str | None  # "Generated ..." line, only when asked for

    def unknown_licenses(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.models if m.license is None)


STRUCTURED = ("display", "notices", "text_must_accompany")  # an entry with any of these states its duties itself


def structured(terms: Mapping[str, Any]) -> bool:
    """Whether a license entry says which items are display strings and notices, and whether its text travels."""
    return any(field in terms for field in STRUCTURED)


def attribution_parts(terms: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(display strings, notices, other duties) of a license: from its fields, or by the heuristic without them."""
    items = [_norm(a) for a in terms.get("attribution") or []]
    if not structured(terms):
        return split_attribution(items)
    display = tuple(dict.fromkeys(_norm(d) for d in terms.get("display") or []))
    notices = tuple(dict.fromkeys(_norm(n) for n in terms.get("notices") or []))
    exact = set(display) | set(notices)
    return display, notices, tuple(dict.fromkeys(a for a in items if a not in exact))


def _norm(text: object) -> str:
    return " ".join(str(text).split())


def split_attribution(items: list[str]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(display strings, notices, duties) of an attribution list by wording: the fallback for a license without
    `display`, `notices` and `text_must_accompany` (the rule in the module doc)."""
    display: list[str] = []
    notices: list[str] = []
    duties: list[str] = []
    for item in items:
        text = " ".join(str(item).split())
        words = text.split()
        if _NOTICE.search(text):
            notices.append(text)
        elif words and len(words) <= 6 and not text.endswith(".") and words[0].lower() not in _DUTY_START:
            display.append(text)
        else:
            duties.append(text)
    return tuple(display), tuple(notices), tuple(duties)


def text_required(terms: Mapping[str, Any]) -> bool:
    """Whether the license text must travel with the weights: `text_must_accompany` when the entry states its
    duties (absent there: no), else the heuristic in the module doc."""
    if structured(terms):
        return terms.get("text_must_accompany") is True
    if terms.get("class") == "copyleft":
        return True
    return any(_TEXT_DUTY.search(str(a)) for a in terms.get("attribution") or [])


def license_link(terms: Mapping[str, Any]) -> str | None:
    """Where to read the license: the rules' source (a repository file at a commit, or the first URL), else the
    link the model card declares."""
    source = str(terms.get("source") or "").strip()
    ref = _REPO_REF.match(source)
    if ref:
        repo, path, commit = ref.groups()
        return f"https://github.com/{repo}/blob/{commit}/{quote(path.strip())}"
    url = _URL.search(source)
    if url:
        return url.group(0).rstrip(".")
    declared = [
        str(x) for x in ((terms.get("declared_as") or {}).get("license_link") or []) if str(x).startswith("http")
    ]
    return declared[0] if declared else None


def build_notice(report: ScanReport, texts: Mapping[str, str], stamp: str | None = None) -> Notice:
    """What the notice says, from a scan: texts are the bundled full license texts by id."""
    from scanner.resolve.obligations import carried

    used = sorted(
        (m for m in report.models if not m.mention_only and m.kind in WEIGHT_KINDS), key=lambda m: (m.id.lower(), m.id)
    )
    services = sum(1 for m in report.models if not m.mention_only and m.kind not in WEIGHT_KINDS)
    holders: dict[str, set[Holder]] = {}
    models: list[NoticeModel] = []
    for model in used:
        bound: list[tuple[str, tuple[str, ...]]] = []
        set_aside: list[str] = []
        for group in carried(model):
            name = _name(report, group.license)
            live = group.live()
            if not live:
                superseded = sorted({h.superseded_by or "" for h in group.holders})
                held = ", ".join(sorted(h.id for h in group.holders))
                set_aside.append(
                    f"{name} of {held}: not carried, its lab released {', '.join(superseded)} under another license"
                )
                continue
            vias = [_via(model, h.id, h.relation) for h in live]
            own = [v for v in vias if v is None]
            shown = (["this model"] if own else []) + sorted(v for v in vias if v is not None)
            bound.append((group.license, tuple(shown)))
            for via in vias:
                holders.setdefault(group.license, set()).add(Holder(model.id, via))
        own_first = sorted(bound, key=lambda b: (b[0] != model.license.id, b[0]))
        unknown = sorted({f"{a.id} ({_relation(a.relation)})" for a in model.lineage if not a.license})
        models.append(
            NoticeModel(
                model.id,
                model.kind,
                model.license.id,
                model.license.name or model.license.id or "license unknown",
                tuple(own_first),
                tuple(sorted(set_aside)),
                tuple(unknown),
            )
        )
    licenses = [
        _license(license_id, report.licenses.get(license_id), texts, holders[license_id])
        for license_id in sorted(holders)
    ]
    return Notice(tuple(models), tuple(licenses), services, stamp)


def _license(
    license_id: str, terms: Mapping[str, Any] | None, texts: Mapping[str, str], held: set[Holder]
) -> NoticeLicense:
    models = tuple(sorted(held, key=lambda h: (h.model.lower(), h.model, h.via is not None, h.via or "")))
    if terms is None:
        return NoticeLicense(
            id=license_id,
            name=license_id,
            known=False,
            spdx=None,
            licensor=None,
            link=None,
            display=(),
            display_when=None,
            notices=(),
            duties=(),
            naming=None,
            attribution_verified=True,
            naming_verified=True,
            text_required=False,
            text_verified=True,
            text=None,
            models=models,
        )
    display, notices, duties = attribution_parts(terms)
    when = _norm(terms.get("display_when") or "") if display else ""
    unverified = set(terms.get("unverified_fields") or [])
    whole = terms.get("verified") is not False
    required = text_required(terms)
    return NoticeLicense(
        id=license_id,
        name=str(terms.get("name") or license_id),
        known=True,
        spdx=terms.get("spdx"),
        licensor=terms.get("licensor"),
        link=license_link(terms),
        display=display,
        display_when=when or None,
        notices=notices,
        duties=duties,
        naming=terms.get("naming"),
        attribution_verified=whole and "attribution" not in unverified,
        naming_verified=whole and "naming" not in unverified,
        text_required=required,
        text_verified=whole and "text_must_accompany" not in unverified,
        text=texts.get(license_id) if required else None,
        models=models,
    )


def _name(report: ScanReport, license_id: str) -> str:
    terms = report.licenses.get(license_id)
    return str(terms.get("name") or license_id) if terms else license_id


def _relation(relation: str | None) -> str:
    return f"{relation} base" if relation else "base"


def _via(model: Model, holder: str, relation: str | None) -> str | None:
    if relation is None or holder == model.id:
        return None
    return f"{holder} ({_relation(relation)})"


# ------------------------------------------------------------------ rendering


def render_notice(notice: Notice, fmt: str = "markdown") -> str:
    """The notice as Markdown (THIRD_PARTY_MODELS.md) or plain text (NOTICE)."""
    md = fmt == "markdown"
    out: list[str] = [TITLE[fmt], *([] if md else ["=" * len(TITLE[fmt])]), ""]
    out.append(
        f"{MARK} from the AI models this project uses and the license terms in its rules. Regenerate it rather "
        f"than edit it; {_code('modelorigin notice --check', md)} fails when it is stale."
    )
    if notice.stamp:
        out += ["", notice.stamp]
    out.append("")
    if notice.services:
        out += [
            f"Hosted model APIs and SDKs in use ({notice.services}) are governed by their providers' terms of "
            "service and ship no weights: they are not listed here.",
            "",
        ]
    if not notice.models:
        out += ["No model weights are used in the scanned paths: nothing to attribute.", ""]
        return _finish(out)
    unknown = notice.unknown_licenses()
    if unknown:
        out += [
            f"License unknown for {len(unknown)} model(s): {', '.join(_code(m, md) for m in unknown)}. Their duties "
            f"are not listed; find their licenses (the model card, or {_code('--online', md)}) before a release.",
            "",
        ]
    out += _show(notice, md)
    out += _heading("Models", 2, md)
    for model in notice.models:
        out += _model(model, notice, md)
    out += _heading("Licenses", 2, md)
    for lic in notice.licenses:
        out += _license_section(lic, md)
    texts = [lic for lic in notice.licenses if lic.text]
    if texts:
        out += _heading("License texts", 2, md)
        for lic in texts:
            out += _heading(f"{lic.name} [{lic.id}]", 3, md)
            body = (lic.text or "").rstrip("\n").split("\n")  # not splitlines(): U+2028 and the like stay verbatim
            out += (["```text", *body, "```"] if md else ["    " + ln if ln else "" for ln in body]) + [""]
    return _finish(out)


def _show(notice: Notice, md: bool) -> list[str]:
    out = _heading("What to show", 2, md)
    display = [(s, lic) for lic in notice.licenses for s in lic.display]
    naming = [lic for lic in notice.licenses if lic.naming]
    if not display and not naming:
        return [
            *out,
            "No license in use asks for a display string or a name for derivatives; the notices and duties below "
            "still apply.",
            "",
        ]
    if display:
        out += ["Display strings, exactly as written (where and when: see each license):", ""]
        for string, lic in sorted(display, key=lambda d: (d[0], d[1].id)):
            mark = "" if lic.attribution_verified else " (unverified)"
            when = f" (only when {lic.display_when})" if lic.display_when else ""
            out.append(f"- {_code(string, md)}{mark}: {lic.name}, for {_model_list(lic, md)}{when}")
        out.append("")
    if naming:
        out += ["Names of derivative models:", ""]
        for lic in naming:
            mark = "" if lic.naming_verified else " (unverified)"
            out.append(f"- {lic.name}{mark}, for {_model_list(lic, md)}: {lic.naming}")
        out.append("")
    return out


def _model(model: NoticeModel, notice: Notice, md: bool) -> list[str]:
    from scanner.report.audit import KINDS

    out = _heading(_code(model.id, md), 3, md)
    names = {lic.id: lic.name for lic in notice.licenses}
    kind = KINDS.get(model.kind, model.kind)
    kind = kind[:1].upper() + kind[1:]
    if model.license is None:
        out.append(f"{kind}. License unknown: no license could be determined.")
    else:
        out.append(f"{kind}. License: {model.license_name} [{model.license}].")
    if model.bound_by:
        out += ["", "Bound by:"]
        for license_id, held in model.bound_by:
            out.append(f"- {names.get(license_id, license_id)} [{license_id}]: {', '.join(held)}")
    if model.set_aside:
        out += ["", "Set aside:"]
        out += [f"- {line}" for line in model.set_aside]
    if model.unknown:
        out += ["", "License unknown in its lineage (their duties are not listed):"]
        out += [f"- {line}" for line in model.unknown]
    return [*out, ""]


def _license_section(lic: NoticeLicense, md: bool) -> list[str]:
    out = _heading(f"{lic.name} [{lic.id}]", 3, md)
    if not lic.known:
        out += [
            "The rules have no terms for this license: its duties are not listed. Read it before a release.",
            "",
            "- Binds:",
            *_holders(lic, md),
            "",
        ]
        return out
    if lic.spdx:
        out.append(f"- SPDX: {lic.spdx}")
    if lic.licensor:
        out.append(f"- Licensor: {lic.licensor}")
    out.append(f"- License: {lic.link or 'no link in the rules'}")
    out += ["- Binds:", *_holders(lic, md)]
    mark = "" if lic.attribution_verified else " (unverified)"
    if lic.display:
        out.append(f"- Display{mark}: " + "; ".join(_code(s, md) for s in lic.display))
        if lic.display_when:
            out.append(f"  Only when {lic.display_when}.")
    if lic.notices:
        out.append(f"- Notice to reproduce{mark}:")
        out += [f"  > {n}" if md else f"      {n}" for n in lic.notices]
    if lic.naming:
        out.append(f"- Naming of derivatives{'' if lic.naming_verified else ' (unverified)'}: {lic.naming}")
    if lic.duties:
        out.append(f"- Attribution duties{mark}:")
        out += [f"  - {d}" for d in lic.duties]
    if lic.text_required:
        where = (
            "included below"
            if lic.text
            else "not bundled with modelorigin: ship the LICENSE file published with the model"
            + (f" ({lic.link})" if lic.link else "")
        )
        unverified = "" if lic.text_verified else " (unverified)"
        out.append(f"- License text{unverified}: must accompany the weights and derivatives you distribute; {where}.")
    return [*out, ""]


def _holders(lic: NoticeLicense, md: bool) -> list[str]:
    """One line per model the license binds: through itself, or through which ancestors."""
    by_model: dict[str, list[str]] = {}
    for h in lic.models:  # sorted: the model itself before its ancestors
        by_model.setdefault(h.model, []).append(h.via or "this model")
    return [f"  - {_code(model, md)}: {', '.join(vias)}" for model, vias in by_model.items()]


def _model_list(lic: NoticeLicense, md: bool) -> str:
    return ", ".join(_code(m, md) for m in sorted({h.model for h in lic.models}, key=lambda m: (m.lower(), m)))


def _heading(title: str, level: int, md: bool) -> list[str]:
    if md:
        return ["#" * level + " " + title, ""]
    return [title, ("=" if level <= 2 else "-") * len(title), ""]


def _code(text: str, md: bool) -> str:
    if not md:
        return f'"{text}"' if " " in text else text
    return f"`{text}`" if "`" not in text else f"`` {text} ``"


def _finish(lines: list[str]) -> str:
    return "\n".join(lines).rstrip() + "\n"


def without_stamp(text: str) -> str:
    """A notice's text with line ends normalised and the timestamp line removed: what --check compares."""
    lines = text.replace("\r\n", "\n").split("\n")
    for i, line in enumerate(lines[:8]):
        if line.startswith(STAMP):  # the stamp and the blank line after it
            del lines[i : i + 2]
            break
    return "\n".join(lines)
