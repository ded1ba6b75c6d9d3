"""The site's Content-Security-Policy, declared by the site itself.

Every page gets a `<meta http-equiv="Content-Security-Policy">` as the first element after
its charset, before any script it governs. The policy allows our own files, WebAssembly
('wasm-unsafe-eval', which Pyodide needs) and, by their sha256, exactly the inline scripts
that the theme wrote into that page: the hashes are computed here from the rendered HTML,
never typed by hand, so a theme update cannot slip in an unlisted script.

The same policy, with the hashes of every page (the union) and the directives that only a
header can carry (`frame-ancestors`), goes into `_headers` (rulebook/headers.py).

Why these directives:
- style-src 'self': neither the theme's markup nor our SVG drawings carry inline styles
  (Material sets styles through the CSSOM, which CSP does not govern), so no 'unsafe-inline'.
- img-src 'self' data: the theme's stylesheet draws its icons from data: URIs.
- worker-src/connect-src 'self': the calculators' worker, Material's search worker, the
  service worker, Pyodide's fetches; nothing leaves the origin.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from html.parser import HTMLParser

__all__ = ["inline_script_hashes", "policy", "with_policy", "META_NAME", "BASE_DIRECTIVES"]

META_NAME = "Content-Security-Policy"
# Directive -> sources, in the order they are written. script-src gets the hashes appended.
BASE_DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("worker-src", "'self'"),
    ("connect-src", "'self'"),
    ("manifest-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
# <script type> values that the browser runs (others, e.g. application/json, are data).
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}


class _InlineScripts(HTMLParser):
    """Collects the text of each inline script the browser would run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)  # script text is raw: no character references
        self.scripts: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag != "script":
            return
        values = dict(attrs)
        kind = (values.get("type") or "").strip().lower()
        runs = "src" not in values and kind in _SCRIPT_TYPES
        self._open = [] if runs else None

    def handle_data(self, data):
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._open is not None:
            self.scripts.append("".join(self._open))
            self._open = None


def sri(sha256_digest: bytes) -> str:
    """The sha256 source form shared by CSP hashes and subresource integrity."""
    return "sha256-" + base64.b64encode(sha256_digest).decode()


def inline_script_hashes(html: str) -> list[str]:
    """'sha256-…' of each inline script in `html`, in page order, without repeats.

    The browser hashes the script's text as parsed: newlines normalised to LF, UTF-8.
    """
    parser = _InlineScripts()
    parser.feed(html.replace("\r\n", "\n").replace("\r", "\n"))
    parser.close()
    hashes: list[str] = []
    for text in parser.scripts:
        token = f"'{sri(hashlib.sha256(text.encode('utf-8')).digest())}'"
        if token not in hashes:
            hashes.append(token)
    return hashes


def policy(hashes: Iterable[str], *, header: bool = False) -> str:
    """The policy text; `header` adds what a meta tag cannot carry (frame-ancestors)."""
    parts = []
    for name, sources in BASE_DIRECTIVES:
        if name == "script-src":
            sources = " ".join([sources, *sorted(set(hashes))])
        parts.append(f"{name} {sources}")
    if header:
        parts.append("frame-ancestors 'none'")
    return "; ".join(parts)


_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.I)
_SCRIPT = re.compile(r"<script\b", re.I)


def with_policy(html: str) -> tuple[str, list[str]]:
    """`html` with its policy meta tag first in <head> (after the charset), and the hashes
    of its inline scripts. A page without <head> is returned unchanged (not a theme page)."""
    hashes = inline_script_hashes(html)
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        return html, hashes
    if _SCRIPT.search(html, 0, anchor.end()):
        # A script before the charset would run unprotected: refuse to pretend otherwise.
        raise ValueError("a <script> comes before <meta charset>: the policy would not cover it")
    tag = f'<meta http-equiv="{META_NAME}" content="{policy(hashes)}">'
    return html[:anchor.end()] + tag + html[anchor.end():], hashes
