"""What makes the built site whole on any static host, beyond its content; the plugin's
hooks call these two functions.

Per page (`page_head`): the Content-Security-Policy meta tag with the hashes of that page's
inline scripts, and the links that make the site installable.
Per site (`finish_site`), once every file is written: the web app manifest and icons,
`_headers`, and last the service worker, whose precache list covers all the rest.

Under `mkdocs serve` none of this is added (`serving`): the dev server injects its own
inline live-reload script, which a policy would block, and an offline copy would hide live
edits. There sw.js is a stub that removes a service worker left by a built site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import app_manifest, csp, headers, offline

__all__ = ["Hosting", "page_head", "finish_site"]

_HEAD_END = re.compile(r"</head\s*>", re.I)


@dataclass
class Hosting:
    """What the pages of one build told the site: the hashes of their inline scripts."""

    serving: bool = False
    hashes: set[str] = field(default_factory=set)


def page_head(state: Hosting, html: str, root: str) -> str:
    """`html` with its policy and the manifest link; `root` is the site's root as seen from
    the page ("../../" or, for the 404 page served at any depth, "/guide/")."""
    if state.serving:
        return html
    html, hashes = csp.with_policy(html)
    state.hashes.update(hashes)
    links = (f'<link rel="manifest" href="{root}{app_manifest.MANIFEST_NAME}">'
             f'<link rel="apple-touch-icon" href="{root}{app_manifest.icon_path(app_manifest.ICON_SIZES[0])}">')
    match = _HEAD_END.search(html)
    return html if match is None else html[:match.start()] + links + html[match.start():]


def finish_site(state: Hosting, site_dir: Path, node_modules: Path, *, name: str, short_name: str,
                description: str, primary: str | None) -> offline.BuildInfo | None:
    """Manifest, icons, Workbox, `_headers`, then the service worker (it lists every other file)."""
    if state.serving:
        return offline.write_worker(site_dir, None)
    app_manifest.write_app_files(site_dir, name, short_name, description or name, primary)
    workbox = offline.write_runtime(site_dir, node_modules)
    headers.write_headers(site_dir, state.hashes)
    return offline.write_worker(site_dir, workbox)
