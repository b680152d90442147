"""Reading model-file headers: our GGUF reader against the gguf package's GGUFReader, on a file with a
realistic vocabulary (150k tokens, 150k merges, 150k scores), and the safetensors/pickle readers.

Run on purpose: `.venv/bin/python benchmarks/model_headers.py` (needs the test extra: gguf, safetensors).
Prints seconds per read (best of 5) and what each reader had to import.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def best_of(n: int, fn: object) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    from tests.modelfiles.builders import benign_torch_pickle, torch_zip, write_gguf, write_safetensors

    with tempfile.TemporaryDirectory() as tmp:
        gguf_path = write_gguf(
            Path(tmp) / "vocab.gguf",
            strings={"general.name": "Bench 8B", "general.license": "apache-2.0"},
            arrays={"tokenizer.ggml.merges": [f"a{i} b{i}" for i in range(150_000)]},
            tokens=150_000,
        )
        st_path = write_safetensors(Path(tmp) / "w.safetensors", {"format": "pt"})
        pt_path = Path(tmp) / "w.pt"
        pt_path.write_bytes(torch_zip({"archive/data.pkl": benign_torch_pickle()}))

        from scanner.modelfiles import read_weights
        from scanner.modelfiles.gguf import read_gguf

        ours = best_of(5, lambda: read_gguf(gguf_path))

        import gguf

        opened = best_of(3, lambda: gguf.GGUFReader(str(gguf_path)))

        def general_only() -> None:
            reader = gguf.GGUFReader(str(gguf_path))
            {k: f.contents() for k, f in reader.fields.items() if k.startswith("general.")}

        theirs = best_of(3, general_only)
        print(f"GGUF {gguf_path.stat().st_size / 1e6:.1f} MB, 450k array items:")
        print(f"  scanner.modelfiles.gguf.read_gguf              {ours * 1000:8.1f} ms")
        print(f"  gguf.GGUFReader(path) alone                    {opened * 1000:8.1f} ms")
        print(f"  gguf.GGUFReader + general.* contents()         {theirs * 1000:8.1f} ms")
        print(f"safetensors header   {best_of(5, lambda: read_weights(st_path, 'safetensors')) * 1e6:8.1f} us")
        print(f"torch zip pickle     {best_of(5, lambda: read_weights(pt_path, 'torch-zip')) * 1e6:8.1f} us")

        probe = (
            "import sys, time; t = time.perf_counter(); "
            "from scanner.modelfiles.gguf import read_gguf; "
            f"read_gguf(__import__('pathlib').Path({str(gguf_path)!r})); "
            "print(f'{(time.perf_counter() - t) * 1000:.0f} ms cold, numpy imported: {\"numpy\" in sys.modules}')"
        )
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
        print(f"cold start (import + read): {out.stdout.strip()}")


if __name__ == "__main__":
    main()
