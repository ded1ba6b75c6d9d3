"""Installable on a phone: the web app manifest and its icons, made at build time.

The icons are drawn here (a roller's drum with its needles, in the theme's colour) and
written as PNG with zlib: no image library, no external asset, the same bytes every build.
Everything that matters sits inside the central 80% circle, so one drawing serves both as a
plain and as a "maskable" icon (phones crop those to their own shape).
"""

from __future__ import annotations

import json
import math
import re
import struct
import zlib
from functools import lru_cache
from pathlib import Path

__all__ = ["ICON_SIZES", "icon_png", "manifest", "theme_color", "write_app_files", "MANIFEST_NAME"]

MANIFEST_NAME = "manifest.webmanifest"
ICON_DIR = "assets/images"
ICON_SIZES = (192, 512)
FALLBACK_COLOR = "#009485"  # Material's teal, if the theme's colour cannot be read


def _png(width: int, height: int, rows: list[bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\0" + row for row in rows)  # filter 0 on every row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def _rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _shapes(size: int) -> list[tuple[float, float, float]]:
    """Discs (cx, cy, r) in pixels: the drum, and needles around it."""
    c = size / 2
    discs = [(c, c, size * 0.22)]
    for i in range(16):
        angle = 2 * math.pi * i / 16
        discs.append((c + math.cos(angle) * size * 0.31, c + math.sin(angle) * size * 0.31,
                      size * 0.028))
    return discs


@lru_cache(maxsize=8)
def icon_png(size: int, color: str) -> bytes:
    """A square icon: white drum and needles on the theme's colour, edges anti-aliased."""
    bg, fg = _rgb(color), (255, 255, 255)
    # Per channel, the byte for each level of white coverage (0..255): blended once, not per pixel.
    tables = [bytes(round(b + (f - b) * level / 255) for level in range(256)) for b, f in zip(bg, fg)]
    discs = _shapes(size)
    rows = []
    for y in range(size):
        levels = bytearray(size)  # white coverage of each pixel of this row
        py = y + 0.5
        for cx, cy, r in discs:
            dy = abs(py - cy)
            if dy >= r + 0.5:
                continue
            outer = math.sqrt((r + 0.5) ** 2 - dy * dy)
            inner = math.sqrt((r - 0.5) ** 2 - dy * dy) if dy < r - 0.5 else 0.0
            # Within `inner` every pixel is fully covered: one slice; the edge pixel by pixel.
            lo, hi = max(math.ceil(cx - inner), 0), min(math.floor(cx + inner), size)
            if hi > lo:
                levels[lo:hi] = b"\xff" * (hi - lo)
            edge = [*range(max(int(cx - outer), 0), max(lo, 0)),
                    *range(max(hi, 0), min(math.ceil(cx + outer), size))]
            for x in edge:
                cover = min(max(r - math.hypot(x + 0.5 - cx, dy) + 0.5, 0.0), 1.0)
                levels[x] = max(levels[x], round(cover * 255))
        row = bytearray(3 * size)
        for channel, table in enumerate(tables):
            row[channel::3] = levels.translate(table)
        rows.append(bytes(row))
    return _png(size, size, rows)


def theme_color(site_dir: Path, primary: str | None) -> str:
    """The theme's primary colour as the built stylesheets define it, e.g. teal → #009485."""
    if primary:
        name = re.escape(primary.replace(" ", "-"))
        pattern = re.compile(r"\[data-md-color-primary=" + name + r"\]\{[^}]*?--md-primary-fg-color:(#[0-9a-fA-F]{3,6})")
        for css in sorted(site_dir.glob("assets/stylesheets/*.css")):
            match = pattern.search(css.read_text("utf-8", errors="replace"))
            if match:
                return match.group(1).lower()
    return FALLBACK_COLOR


def icon_path(size: int) -> str:
    """An icon's path in the site."""
    return f"{ICON_DIR}/icon-{size}.png"


def manifest(name: str, short_name: str, description: str, color: str) -> dict:
    """The web app manifest; URLs relative to it, so the site installs from any sub-path."""
    icons = []
    for size in ICON_SIZES:
        for purpose in ("any", "maskable"):
            icons.append({"src": icon_path(size), "sizes": f"{size}x{size}", "type": "image/png",
                          "purpose": purpose})
    return {
        "name": name,
        "short_name": short_name,
        "description": description,
        "id": "./",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": color,
        "icons": icons,
    }


def write_app_files(site_dir: Path, name: str, short_name: str, description: str,
                    primary: str | None) -> str:
    """The manifest and icons into the site; returns the theme colour used."""
    color = theme_color(site_dir, primary)
    (site_dir / ICON_DIR).mkdir(parents=True, exist_ok=True)
    for size in ICON_SIZES:
        (site_dir / icon_path(size)).write_bytes(icon_png(size, color))
    data = manifest(name, short_name, description, color)
    (site_dir / MANIFEST_NAME).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return color
