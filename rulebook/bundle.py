"""What the browser needs to run the calculators: our wheel, the runtime, and a lock.

- The wheel is written directly with zipfile (deterministic, ~30 ms): the `calculators`
  package less the command line (`cli.py`, `__main__.py`: the browser never imports them)
  and `rules_check.py` (`make_wheel` checks the rules it writes; the browser does not again),
  its sources without comments and docstrings (rulebook/strip_source.py; same line numbers),
  plus the rules as JSON. Every byte of it is a reader's download. Its version carries a
  content hash, so a changed rule is a new file name and no cache can serve the old one.
- Only the runtime files that boot needs are copied from the pinned npm package.
- The lock file is the runtime's own lock with its package list replaced by our wheel,
  written by pyodide-lock's `add_wheels_to_spec`, the function behind
  `pyodide lockfile add-wheels`; `loadPackage` checks the wheel's sha256 against it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from calculators.rules import Rulebook
from calculators.rules_model import RulesFile

from .model_walk import without_build_only
from .strip_source import strip_source

__all__ = ["BOOT_FILES", "Wheel", "make_wheel", "stage_runtime", "write_lock", "rules_json",
           "write_bundle"]

BOOT_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
RUNTIME_LOCK = "pyodide-lock.json"
PACKAGE = "calculators"
BASE_VERSION = "0.1.0"
_EPOCH = (1980, 1, 1, 0, 0, 0)
# The command line runs from a checkout; the browser's entry point never imports these.
# rules_check.py neither: the browser loads the wheel's rules as checked (make_wheel).
NOT_IN_BROWSER = ("cli.py", "__main__.py", "rules_check.py")


@dataclass(frozen=True)
class Wheel:
    filename: str
    data: bytes
    content_hash: str  # in the wheel's version; pages use it as a cache key for the lock


def rules_json(raw: dict) -> bytes:
    """The rules as the wheel carries them: without the build-only review data, which the
    calculators never read (a review that changes only a date leaves the wheel as it was)."""
    return json.dumps(without_build_only(RulesFile, raw), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode()


def _package_files(package_dir: Path) -> list[tuple[str, bytes]]:
    files = []
    for path in sorted(package_dir.rglob("*.py")):
        name = path.relative_to(package_dir).as_posix()
        if "__pycache__" in path.parts or name in NOT_IN_BROWSER:
            continue
        files.append((f"{PACKAGE}/{name}", strip_source(path.read_bytes())))
    return files


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def make_wheel(package_dir: Path, rules: bytes) -> Wheel:
    """The browser's wheel, with ``rules`` (from `rules_json`) as its rules.json. Raises
    RulesError, writing nothing, unless those very bytes load and pass the whole check: the
    browser loads them without checking again (calculators/browser.py)."""
    Rulebook.from_data(json.loads(rules), build_only_left_out=True)
    files = _package_files(package_dir) + [(f"{PACKAGE}/rules.json", rules)]
    content = hashlib.sha256()
    for name, data in files:
        content.update(name.encode() + b"\0" + data + b"\0")
    content_hash = content.hexdigest()[:12]
    version = f"{BASE_VERSION}+{content_hash}"
    dist_info = f"{PACKAGE}-{version}.dist-info"
    metadata = (f"Metadata-Version: 2.1\nName: {PACKAGE}\nVersion: {version}\n"
                "Summary: Derma rolling calculators (standard library only)\n").encode()
    wheel_meta = (b"Wheel-Version: 1.0\nGenerator: rulebook\nRoot-Is-Purelib: true\n"
                  b"Tag: py3-none-any\n")
    files += [(f"{dist_info}/METADATA", metadata), (f"{dist_info}/WHEEL", wheel_meta),
              (f"{dist_info}/top_level.txt", f"{PACKAGE}\n".encode())]
    record = "\n".join([_record_line(n, d) for n, d in files] + [f"{dist_info}/RECORD,,", ""])
    files.append((f"{dist_info}/RECORD", record.encode()))

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return Wheel(f"{PACKAGE}-{version}-py3-none-any.whl", buffer.getvalue(), content_hash)


def stage_runtime(runtime_dir: Path, out_dir: Path) -> list[Path]:
    """Copy the boot files; skip those already there with the same size and mtime."""
    out_dir.mkdir(parents=True, exist_ok=True)
    copied = []
    for name in BOOT_FILES:
        src, dst = runtime_dir / name, out_dir / name
        s = src.stat()
        if dst.exists() and dst.stat().st_size == s.st_size and dst.stat().st_mtime == s.st_mtime:
            continue
        shutil.copy2(src, dst)
        copied.append(dst)
    return copied


def write_lock(runtime_dir: Path, wheel: Path, out: Path) -> Path:
    """The runtime's lock, listing our wheel only (nothing else is shipped)."""
    from pyodide_lock import PyodideLockSpec
    from pyodide_lock.utils import add_wheels_to_spec

    spec = PyodideLockSpec.from_json(runtime_dir / RUNTIME_LOCK)
    spec.packages = {}
    spec = add_wheels_to_spec(spec, [wheel], base_path=wheel.parent)
    spec.to_json(out)
    return out


def write_bundle(wheel: Wheel, runtime_dir: Path, out_dir: Path) -> Path:
    """Wheel, boot files and lock into ``out_dir``; returns the wheel's path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob(f"{PACKAGE}-*.whl"):
        old.unlink()
    path = out_dir / wheel.filename
    path.write_bytes(wheel.data)
    stage_runtime(runtime_dir, out_dir)
    write_lock(runtime_dir, path, out_dir / RUNTIME_LOCK)
    return path
