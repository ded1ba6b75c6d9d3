"""`_headers`: the HTTP headers for hosts that read that file (Netlify, Cloudflare Pages).

The site works without any of them (its pages declare their own policy in a meta tag);
where a host reads this file, the policy also arrives as a header, which adds what a meta
tag cannot carry (frame-ancestors) and covers the workers' scripts, whose policy comes from
their own response, never from the page.

Paths are listed one by one for the long-cached files (exact names, no wildcards whose
meaning differs between hosts), each a name that changes with its content.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .csp import policy
from .offline import SW_NAME, is_content_hashed

__all__ = ["headers_file", "write_headers", "HEADERS_NAME", "IMMUTABLE", "REFERRER_POLICY"]

HEADERS_NAME = "_headers"
IMMUTABLE = "public, max-age=31536000, immutable"
# Health questions: no page of this site tells another site where the reader came from.
REFERRER_POLICY = "no-referrer"


def headers_file(hashes: Iterable[str], hashed_paths: Iterable[str]) -> str:
    """The file's text: the policy and safety headers for every path, then caching."""
    lines = [
        "# Written by the build (rulebook/headers.py); README, 'Hosting', says why each is here.",
        "/*",
        f"  Content-Security-Policy: {policy(hashes, header=True)}",
        "  X-Content-Type-Options: nosniff",
        f"  Referrer-Policy: {REFERRER_POLICY}",
        "",
        "# The service worker is checked for a new build at every page load: never cached.",
        f"/{SW_NAME}",
        "  Cache-Control: no-cache",
        "",
        "# Names that change with their content: cached for a year, never revalidated.",
    ]
    for path in sorted(hashed_paths):
        lines += [f"/{path}", f"  Cache-Control: {IMMUTABLE}"]
    return "\n".join(lines) + "\n"


def write_headers(site_dir: Path, hashes: Iterable[str]) -> Path:
    hashed = [p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*")
              if p.is_file() and is_content_hashed(p.name) and not p.name.endswith(".map")]
    out = site_dir / HEADERS_NAME
    out.write_text(headers_file(hashes, hashed), "utf-8")
    return out
