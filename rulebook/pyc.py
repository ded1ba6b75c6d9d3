"""Byte code for the wheel, compiled by the runtime's own Python (Pyodide under Node).

The browser imports our package on every cold start; with `.pyc` files beside the sources it
compiles nothing (about 25 ms less in Pyodide). Only Pyodide's interpreter can make them: the
`.pyc` format is tied to the exact CPython minor version (3.14 in the pinned runtime), which
the build machine's Python need not be. Results are cached by runtime version and sources,
so a rebuild that changes only rules.yaml never boots Node.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import shutil
import subprocess
from pathlib import Path

__all__ = ["compile_pyc", "runtime_version"]

log = logging.getLogger(f"mkdocs.plugins.{__name__}")
SCRIPT = Path(__file__).with_name("compile_pyc.mjs")
CACHE_DIR = ".cache/calculators-pyc"  # beside the runtime, under node_modules/


def runtime_version(runtime_dir: Path) -> str:
    """The pinned Pyodide's version and Python, e.g. '314.0.7/3.14.2'."""
    package = json.loads((runtime_dir / "package.json").read_text("utf-8"))
    lock = json.loads((runtime_dir / "pyodide-lock.json").read_text("utf-8"))
    return f"{package['version']}/{lock['info']['python']}"


def _cache_path(runtime_dir: Path, sources: list[tuple[str, bytes]]) -> Path:
    key = hashlib.sha256(runtime_version(runtime_dir).encode() + SCRIPT.read_bytes())
    for name, data in sources:
        key.update(name.encode() + b"\0" + data + b"\0")
    return runtime_dir.parent / CACHE_DIR / f"{key.hexdigest()[:24]}.json"


def _pycache_name(name: str, cache_tag: str) -> str:
    folder, _, module = name.rpartition("/")
    return f"{folder}/__pycache__/{module[:-3]}.{cache_tag}.pyc"


def compile_pyc(runtime_dir: Path, sources: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """`(name, pyc bytes)` for each `.py` in `sources`, named `pkg/__pycache__/m.TAG.pyc`;
    empty (the browser then compiles on import, as before) where Node is missing or fails."""
    sources = [(n, d) for n, d in sources if n.endswith(".py")]
    cache = _cache_path(runtime_dir, sources)
    try:
        out = json.loads(cache.read_text("utf-8"))
    except (OSError, ValueError):
        out = _run_node(runtime_dir, sources)
        if out is None:
            return []
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_text(json.dumps(out), "utf-8")
        except OSError:
            pass  # a read-only runtime directory: compile again next time
    tag = out["cache_tag"]
    return [(_pycache_name(name, tag), base64.b64decode(out["pyc"][name])) for name, _ in sources]


def _run_node(runtime_dir: Path, sources: list[tuple[str, bytes]]) -> dict | None:
    node = shutil.which("node")
    if not node:
        log.info("Node.js not found: the wheel ships without .pyc (a slower first answer)")
        return None
    request = json.dumps({"files": {n: d.decode("utf-8") for n, d in sources}})
    done = subprocess.run([node, str(SCRIPT), str(runtime_dir)], input=request,
                          capture_output=True, text=True, timeout=300)
    if done.returncode:
        log.warning("compiling .pyc in Pyodide failed; the wheel ships without them:\n"
                    + done.stderr[-2000:])
        return None
    return json.loads(done.stdout)
