"""The offline copy: a service worker that precaches the whole built site, with Workbox.

Written after the build, in two steps:
- `write_runtime` copies Workbox's runtime (the pinned npm packages' production builds)
  into assets/offline/, named by content hash;
- `write_worker`, once every other file is in place, lists each with a revision and its
  sha256 (the precache manifest) and writes sw.js from rulebook/service_worker.js with that
  list and the build's id.

The manifest is made here rather than by `workbox-build`: the build already knows every
file, hashing them takes milliseconds, and it keeps the ~100 packages of workbox-build (a
bundler among them) and a Node process out of every build and every `mkdocs serve` rebuild.
The runtime in the browser is Workbox's own (workbox-precaching, -routing, -strategies, -core).

Under `mkdocs serve` there is no offline copy: a cached site would hide live edits. There,
sw.js is a stub that removes a service worker a built site may have left on the same address.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .csp import sri

__all__ = ["BuildInfo", "PrecacheEntry", "build_info", "is_content_hashed",
           "precache_entries", "service_worker", "workbox_runtime", "write_runtime", "write_worker",
           "snapshot_cache", "SERVE_STUB", "SW_NAME", "OFFLINE_DIR", "SNAPSHOT_STORE", "WORKBOX_MODULES"]

SW_NAME = "sw.js"
OFFLINE_DIR = "assets/offline"
# Loaded in this order: each production build attaches itself to self.workbox and uses the
# ones before it.
WORKBOX_MODULES = ("workbox-core", "workbox-routing", "workbox-strategies", "workbox-precaching")
TEMPLATE = Path(__file__).with_name("service_worker.js")
# The module that keeps the calculators' memory snapshot, and the one place that names its
# Cache Storage (the service worker deletes other builds' snapshots there).
SNAPSHOT_STORE = "assets/js/snapshot-store.mjs"
_SNAPSHOT_CACHE = re.compile(r'^const CACHE = "([^"]+)";', re.M)
# Not worth a reader's storage: source maps, the search's word splitters for languages this
# site does not use, the compressed sitemap, host configuration, the worker itself.
EXCLUDE = ("*.map", "assets/javascripts/lunr/*", "sitemap.xml.gz", "_headers", SW_NAME)
# A name that changes with the file's content: Material's `main.57a0d79d.min.css`, our
# `calculators-0.1.0+ccac65b4c4d3-py3-none-any.whl`, the Workbox copies here.
_HASHED = re.compile(r"[.+][0-9a-f]{8,}[.-]")
_WHEEL = re.compile(r"calculators-[^/]*\+([0-9a-f]+)-py3-none-any\.whl$")


def is_content_hashed(path: str) -> bool:
    return bool(_HASHED.search(PurePosixPath(path).name))


@dataclass(frozen=True)
class PrecacheEntry:
    url: str  # relative to the site's root (and so to sw.js): works under any sub-path
    revision: str | None  # None where the name itself changes with the content
    integrity: str  # sha256, checked by the browser when the service worker fetches it

    def to_dict(self) -> dict:
        return {"url": self.url, "revision": self.revision, "integrity": self.integrity}


@dataclass(frozen=True)
class BuildInfo:
    id: str  # changes with any file of the site
    wheel: str  # the calculators wheel's content hash ("" without a wheel)
    entries: tuple[PrecacheEntry, ...]


def _excluded(rel: str) -> bool:
    path = PurePosixPath(rel)
    return any(path.match(pattern) for pattern in EXCLUDE)


def precache_entries(site_dir: Path) -> list[PrecacheEntry]:
    """Every file of the site a reader may need offline, sorted by URL."""
    entries = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(site_dir).as_posix()
        if _excluded(rel):
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).digest()
        revision = None if is_content_hashed(rel) else digest.hex()[:16]
        entries.append(PrecacheEntry(rel, revision, sri(digest)))
    return entries


def build_info(entries: list[PrecacheEntry]) -> BuildInfo:
    ids = hashlib.sha256()
    wheel = ""
    for entry in entries:
        ids.update(f"{entry.url}\0{entry.integrity}\0".encode())
        match = _WHEEL.search(entry.url)
        if match:
            wheel = match.group(1)
    return BuildInfo(ids.hexdigest()[:16], wheel, tuple(entries))


def workbox_runtime(node_modules: Path) -> list[tuple[str, bytes]]:
    """(file name, bytes) of Workbox's production builds, named by content hash. The
    source-map comment is dropped: the maps are not shipped."""
    files = []
    for module in WORKBOX_MODULES:
        source = node_modules / module / "build" / f"{module}.prod.js"
        if not source.is_file():
            raise FileNotFoundError(f"{source} is missing: run 'npm ci' (or 'make setup')")
        text = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", source.read_text("utf-8"))
        data = text.encode("utf-8")
        files.append((f"{module}.{hashlib.sha256(data).hexdigest()[:10]}.js", data))
    return files


def snapshot_cache(store_js: str) -> str:
    """The Cache Storage name in snapshot-store.mjs's text."""
    match = _SNAPSHOT_CACHE.search(store_js)
    if not match:
        raise ValueError(f'{SNAPSHOT_STORE} must name its cache: const CACHE = "...";')
    return match.group(1)


def service_worker(info: BuildInfo, workbox_urls: list[str], template: str | None = None,
                   snapshots: str = "") -> str:
    """sw.js: the template with the Workbox files, the build, the precache list and the
    snapshots' cache name ("": none to clean)."""
    text = TEMPLATE.read_text("utf-8") if template is None else template
    values = {
        "/*SNAPSHOT_CACHE*/ \"\"": json.dumps(snapshots),
        "/*WORKBOX*/": ", ".join(json.dumps(u) for u in workbox_urls),
        "/*BUILD*/ { id: \"\", wheel: \"\" }": json.dumps({"id": info.id, "wheel": info.wheel}),
        "/*ENTRIES*/ []": json.dumps([e.to_dict() for e in info.entries], separators=(",", ":")),
    }
    for marker, value in values.items():
        if text.count(marker) != 1:
            raise ValueError(f"the service worker template must hold {marker} exactly once")
        text = text.replace(marker, value)
    return text


SERVE_STUB = """\
// mkdocs serve: no offline copy here (it would hide live edits). A service worker that a
// built site left on this address is replaced by this one, which removes itself and the
// precache, then reloads the pages it controlled from the dev server.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) {
    if (name.includes("precache") && name.endsWith(self.registration.scope)) await caches.delete(name);
  }
  await self.registration.unregister();
  for (const client of await self.clients.matchAll({ type: "window" })) client.navigate(client.url);
})()));
"""


def write_runtime(site_dir: Path, node_modules: Path) -> list[str]:
    """Workbox's runtime into the site; its URLs relative to the site's root."""
    out = site_dir / OFFLINE_DIR
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("workbox-*.js"):
        old.unlink()
    urls = []
    for name, data in workbox_runtime(node_modules):
        (out / name).write_bytes(data)
        urls.append(f"{OFFLINE_DIR}/{name}")
    return urls


def write_worker(site_dir: Path, workbox_urls: list[str] | None) -> BuildInfo | None:
    """sw.js, listing every other file of the site: the last file a build writes. Without
    `workbox_urls` (mkdocs serve), the stub that removes a left-over service worker."""
    sw = site_dir / SW_NAME
    if workbox_urls is None:
        sw.write_text(SERVE_STUB, "utf-8")
        return None
    info = build_info(precache_entries(site_dir))
    store = site_dir / SNAPSHOT_STORE
    snapshots = snapshot_cache(store.read_text("utf-8")) if store.is_file() else ""
    sw.write_text(service_worker(info, workbox_urls, snapshots=snapshots), "utf-8")
    return info

