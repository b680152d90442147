"""Generate a realistic source tree for the speed benchmark: mostly files without models.

    python benchmarks/make_tree.py OUT [--files 6000] [--mb 180] [--seed 0]

The mix (by count): Python 40%, TypeScript/JavaScript 15%, JSON data 8%, Markdown 8%, YAML 6%,
CSV 5%, shell/Dockerfile/Makefile 3%, notebooks 2% (with base64 image outputs), logs 3%, PNG 5%,
HTML/CSS 5%. About 2% of text files name a model (a hub id, an API host, an Ollama tag, an SDK);
about 8% use model words without naming one (`self.model = ...`, Django `models.Model`), which the
prefilter must look at and reject. Sizes are long-tailed (a few large data files and bundles) and
scaled so the tree totals --mb megabytes. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
from pathlib import Path

WORDS = (  # noqa: SIM905
    "user account order item price total count index value result config handler request response session cache token "
    "buffer stream record batch queue worker client server router schema field table column invoice payment customer "
    "address status event message channel report metric label widget layout theme"
).split()
KINDS = [  # (weight by count, suffix, relative size)
    (40, ".py", 1.0),
    (15, ".ts", 1.2),
    (8, ".json", 2.5),
    (8, ".md", 0.6),
    (6, ".yaml", 0.3),
    (5, ".csv", 4.0),
    (1, ".sh", 0.2),
    (1, "Dockerfile", 0.1),
    (1, "Makefile", 0.2),
    (2, ".ipynb", 3.0),
    (3, ".log", 2.0),
    (5, ".png", 1.5),
    (5, ".html", 0.8),
]
MODEL_SNIPPETS = [
    'tokenizer = AutoTokenizer.from_pretrained("Qwen/Qwen2.5-7B-Instruct")\n',
    'client = OpenAI(base_url="https://api.deepseek.com/v1", api_key=key)\n',
    'resp = ollama.chat(model="deepseek-r1:8b", messages=msgs)\n',
    'EMBEDDING_MODEL = "BAAI/bge-m3"\n',
    "import dashscope\n",
    'model = AutoModel.from_pretrained("acme-corp/internal-llm-13b")\n',
]
DECOY_SNIPPETS = [
    "        self.model = build_model(config)\n        self.model.train()\n",
    "class Invoice(models.Model):\n    total = models.DecimalField(max_digits=9)\n",
    "# the data model for checkpoints is described in docs\n",
    "const model = useModel(store);\n",
]


def _ident(rng: random.Random) -> str:
    return "_".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))


def _python_block(rng: random.Random) -> str:
    name = _ident(rng)
    args = ", ".join(_ident(rng) for _ in range(rng.randint(1, 4)))
    body = "\n".join(
        f"    {_ident(rng)} = {_ident(rng)}.get({rng.randint(0, 999)!r}, {_ident(rng)!r})  # {rng.choice(WORDS)}"
        for _ in range(rng.randint(3, 12))
    )
    doc = f'    """Return the {rng.choice(WORDS)} of a {rng.choice(WORDS)}."""'
    return f"\n\ndef {name}({args}):\n{doc}\n{body}\n    return {name}\n"


def _ts_block(rng: random.Random) -> str:
    name = _ident(rng)
    body = "\n".join(
        f"  const {_ident(rng)} = await fetch(`/api/{rng.choice(WORDS)}/${{id}}`);" for _ in range(rng.randint(2, 8))
    )
    return f"\nexport async function {name}(id: string): Promise<void> {{\n{body}\n}}\n"


def _content(kind: str, size: int, rng: random.Random, with_model: bool, decoy: bool) -> bytes:
    if kind == ".png":
        return b"\x89PNG\r\n\x1a\n" + rng.randbytes(max(size - 8, 16))
    extra = (rng.choice(MODEL_SNIPPETS) if with_model else "") + (rng.choice(DECOY_SNIPPETS) if decoy else "")
    parts: list[str] = []
    total = 0
    if kind == ".ipynb":
        image = base64.b64encode(rng.randbytes(max(size * 3 // 4 - 2000, 100))).decode()
        cells = [
            {
                "cell_type": "code",
                "metadata": {},
                "execution_count": 1,
                "source": (_python_block(rng) + extra).splitlines(True),
                "outputs": [{"output_type": "display_data", "data": {"image/png": image}, "metadata": {}}],
            },
        ]
        return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1).encode()
    while total < size:
        if kind == ".py":
            chunk = _python_block(rng)
        elif kind == ".ts":
            chunk = _ts_block(rng)
        elif kind == ".json":
            chunk = json.dumps({_ident(rng): [rng.randint(0, 10**6) for _ in range(20)], "name": _ident(rng)}) + ",\n"
        elif kind == ".md":
            title = _ident(rng)  # (the same draws, in the same order, as ever: a seed makes the same tree)
            what, each, where = rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS)
            chunk = f"\n## {title}\n\nThe {what} service keeps each {each} in a {where}.\n"
        elif kind == ".yaml":
            chunk = (
                f"{_ident(rng)}:\n  enabled: true\n  retries: {rng.randint(1, 9)}\n  path: /srv/{rng.choice(WORDS)}\n"
            )
        elif kind == ".csv":
            chunk = ",".join(str(rng.randint(0, 10**6)) for _ in range(12)) + "\n"
        elif kind in (".sh", "Makefile"):
            chunk = f"echo building {rng.choice(WORDS)}\npython -m {_ident(rng)} --retries {rng.randint(1, 5)}\n"
        elif kind == "Dockerfile":
            chunk = f"RUN apt-get install -y {rng.choice(WORDS)}\n"
        elif kind == ".log":
            day, name, what = rng.randint(1, 28), _ident(rng), rng.choice(WORDS)
            chunk = f"2026-11-{day:02d} INFO {name}: {what} done in {rng.random():.3f}s\n"
        else:
            chunk = f'<div class="{_ident(rng)}"><span>{rng.choice(WORDS)}</span></div>\n'
        parts.append(chunk)
        total += len(chunk)
        if extra and len(parts) == 3:
            parts.append(extra)
    if kind == "Dockerfile":
        parts.insert(0, "FROM python:3.11-slim\n")
    return "".join(parts).encode()


def make_tree(out: Path, files: int, megabytes: float, seed: int = 0) -> tuple[int, int, int]:
    """Write the tree; return (files, bytes, files naming a model)."""
    rng = random.Random(seed)
    weights = [k[0] for k in KINDS]
    chosen = rng.choices(KINDS, weights=weights, k=files)
    raw = [k[2] * rng.lognormvariate(0, 1.1) for k in chosen]
    scale = megabytes * 1_000_000 / sum(raw)
    written = with_models = 0
    for i, ((_w, kind, _s), r) in enumerate(zip(chosen, raw, strict=True)):
        size = min(max(int(r * scale), 200), 1_900_000)
        folder = out / f"pkg{i % 97:02d}" / f"mod{i % 13}"
        folder.mkdir(parents=True, exist_ok=True)
        name = kind if kind in ("Dockerfile", "Makefile") else f"{_ident(rng)}_{i}{kind}"
        if kind in ("Dockerfile", "Makefile"):
            folder = folder / f"svc{i}"
            folder.mkdir(exist_ok=True)
        textual = kind != ".png"
        with_model = textual and rng.random() < 0.02
        decoy = textual and rng.random() < 0.08
        data = _content(kind, size, rng, with_model, decoy)
        (folder / name).write_bytes(data)
        written += len(data)
        with_models += with_model
    return files, written, with_models


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=6000)
    parser.add_argument("--mb", type=float, default=180)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    files, size, models = make_tree(args.out, args.files, args.mb, args.seed)
    print(f"{args.out}: {files} files, {size / 1e6:.1f} MB, {models} name a model")


if __name__ == "__main__":
    main()
