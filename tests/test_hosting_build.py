"""The build side of issue 12, without a browser: the policy computed from pages, `_headers`,
the precache list and service worker, the web app manifest and its icons. The last tests
read the real built site (the `site` fixture) and hold every page to the rules."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import struct
import zlib

import pytest

from rulebook import app_manifest, csp, headers, offline
from static_host import read_headers_file

PAGE = """<!doctype html>
<html><head>
<meta charset="utf-8">
<title>x</title>
<script>var a = 1;</script>
<script src="x.js"></script>
<script type="application/json" id="__config">{"a": 1}</script>
<script type="module">import "./y.js";</script>
</head><body><script>var a = 1;</script>\r\n<script>
var b = "é";
</script></body></html>"""


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_hashes_of_inline_scripts_only_once_each_newlines_as_the_browser_reads_them():
    assert csp.inline_script_hashes(PAGE) == [sha("var a = 1;"), sha('import "./y.js";'),
                                              sha('\nvar b = "é";\n')]


def test_meta_comes_first_after_the_charset_and_before_every_script():
    out, hashes = csp.with_policy(PAGE)
    meta = out.index('http-equiv="Content-Security-Policy"')
    assert out.index('<meta charset="utf-8">') < meta < out.index("<script")
    content = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', out).group(1)
    assert all(h in content for h in hashes)
    for directive in ("default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self'",
                      "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"):
        assert directive in content
    assert "unsafe-inline" not in content and "frame-ancestors" not in content  # meta cannot carry it


def test_a_script_before_the_charset_is_refused():
    with pytest.raises(ValueError, match="before <meta charset>"):
        csp.with_policy("<html><head><script>x()</script><meta charset='utf-8'></head></html>")


def test_headers_file_has_the_policy_safety_headers_and_caching(tmp_path):
    path = tmp_path / "_headers"
    path.write_text(headers.headers_file([sha("x")], ["assets/a.0123abcd.min.js"]), "utf-8")
    rules = dict(read_headers_file(path))
    everything = dict(rules["/*"])
    assert everything["Content-Security-Policy"] == csp.policy([sha("x")], header=True)
    assert "frame-ancestors 'none'" in everything["Content-Security-Policy"]
    assert everything["X-Content-Type-Options"] == "nosniff"
    assert everything["Referrer-Policy"] == headers.REFERRER_POLICY
    assert dict(rules["/assets/a.0123abcd.min.js"])["Cache-Control"] == headers.IMMUTABLE
    assert dict(rules["/sw.js"])["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("name, hashed", [
    ("bundle.a5f9d56c.min.js", True), ("calculators-0.1.0+ccac65b4c4d3-py3-none-any.whl", True),
    ("workbox-core.dbf36a6257.js", True), ("pyodide.asm.wasm", False), ("index.html", False),
    ("calculators.mjs", False), ("icon-512.png", False),
])
def test_content_hashed_names(name, hashed):
    assert offline.is_content_hashed(name) is hashed


def test_precache_entries_cover_the_site_with_integrity_and_skip_what_is_not_needed(tmp_path):
    files = {"index.html": b"<html>", "a/b/index.html": b"<p>", "x.map": b"{}",
             "assets/javascripts/lunr/wordcut.js": b"//", "assets/m.0123abcd.min.css": b"css",
             "sw.js": b"//", "_headers": b"/*"}
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    entries = {e.url: e for e in offline.precache_entries(tmp_path)}
    assert set(entries) == {"index.html", "a/b/index.html", "assets/m.0123abcd.min.css"}
    assert entries["assets/m.0123abcd.min.css"].revision is None  # its name changes with it
    digest = hashlib.sha256(b"<html>").digest()
    assert entries["index.html"].integrity == "sha256-" + base64.b64encode(digest).decode()
    assert entries["index.html"].revision == digest.hex()[:16]


def test_service_worker_holds_the_list_and_the_build(tmp_path):
    (tmp_path / "index.html").write_text("x")
    (tmp_path / "calculators-0.1.0+abcdef123456-py3-none-any.whl").write_bytes(b"w")
    info = offline.build_info(offline.precache_entries(tmp_path))
    assert info.wheel == "abcdef123456"
    text = offline.service_worker(info, ["assets/offline/workbox-core.1.js"])
    assert 'importScripts("assets/offline/workbox-core.1.js")' in text
    listed = json.loads(re.search(r"const ENTRIES = (\[.*\]);", text).group(1))
    assert [e["url"] for e in listed] == sorted(e.url for e in info.entries)
    assert json.loads(re.search(r"const BUILD = (\{.*\});", text).group(1)) == {"id": info.id, "wheel": info.wheel}
    assert 'const SNAPSHOT_CACHE = "";' in text  # no snapshots named: none to clean
    named = offline.service_worker(info, [], snapshots="a-cache")
    assert 'const SNAPSHOT_CACHE = "a-cache";' in named
    with pytest.raises(ValueError, match="exactly once"):
        offline.service_worker(info, [], template="// no markers")


def test_workbox_runtime_is_the_pinned_packages_without_source_maps():
    from conftest import ROOT

    files = offline.workbox_runtime(ROOT / "node_modules")
    assert [name.split(".")[0] for name, _ in files] == list(offline.WORKBOX_MODULES)
    for name, data in files:
        assert b"sourceMappingURL" not in data and offline.is_content_hashed(name)


def test_icons_are_valid_deterministic_pngs():
    for size in app_manifest.ICON_SIZES:
        data = app_manifest.icon_png(size, "#009485")
        assert data == app_manifest.icon_png.__wrapped__(size, "#009485")  # same bytes every build
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        assert (width, height) == (size, size)
        raw = zlib.decompress(data[data.index(b"IDAT") + 4:data.index(b"IEND") - 8])
        assert len(raw) == size * (1 + 3 * size)
        corner, centre = raw[1:4], raw[(size // 2) * (1 + 3 * size) + 1 + 3 * (size // 2):][:3]
        assert corner == bytes([0, 0x94, 0x85]) and centre == b"\xff\xff\xff"


def test_manifest_is_relative_so_the_site_installs_from_any_sub_path():
    data = app_manifest.manifest("Long name", "Short", "What it is", "#123456")
    assert data["start_url"] == data["scope"] == "./" and data["display"] == "standalone"
    assert {i["sizes"] for i in data["icons"]} == {"192x192", "512x512"}
    assert all(not i["src"].startswith(("/", "http")) for i in data["icons"])


# ---- the real built site ----

@pytest.mark.slow
def test_every_page_declares_its_policy_with_the_hashes_of_its_own_scripts(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    union = set()
    for path in pages:
        html = path.read_text("utf-8")
        metas = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        assert len(metas) == 1, path
        assert html.index("Content-Security-Policy") < html.index("<script"), path
        hashes = csp.inline_script_hashes(html)
        assert hashes and all(h in metas[0] for h in hashes), path
        union.update(hashes)
        assert '<link rel="manifest"' in html, path
    header = dict(dict(read_headers_file(site / "_headers"))["/*"])["Content-Security-Policy"]
    assert set(re.findall(r"'sha256-[^']+'", header)) == union


@pytest.mark.slow
def test_the_service_worker_lists_every_page_and_the_runtime_with_their_true_hashes(site):
    text = (site / offline.SW_NAME).read_text("utf-8")
    entries = json.loads(re.search(r"const ENTRIES = (\[.*\]);", text).group(1))
    urls = {e["url"] for e in entries}
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert pages <= urls
    for needed in ("assets/pyodide/pyodide.asm.wasm", "assets/pyodide/pyodide-lock.json",
                   "assets/pyodide/python_stdlib.zip", "manifest.webmanifest", "sitemap.xml"):
        assert needed in urls
    assert any(u.endswith(".whl") for u in urls)
    for entry in entries:
        digest = hashlib.sha256((site / entry["url"]).read_bytes()).digest()
        assert entry["integrity"] == "sha256-" + base64.b64encode(digest).decode(), entry["url"]
    # The snapshots' cache, as the page glue names it: the one the worker cleans.
    name = offline.snapshot_cache((site / offline.SNAPSHOT_STORE).read_text("utf-8"))
    assert f"const SNAPSHOT_CACHE = {json.dumps(name)};" in text


def test_under_serve_pages_get_no_policy_and_the_worker_is_the_stub(tmp_path):
    from rulebook import hosting

    state = hosting.Hosting(serving=True)
    html = '<html><head><meta charset="utf-8"><script>x()</script></head></html>'
    assert hosting.page_head(state, html, "../") == html  # the dev server's reload script must run
    assert hosting.finish_site(state, tmp_path, tmp_path / "no-node-modules", name="n", short_name="n",
                               description="", primary=None) is None
    assert (tmp_path / offline.SW_NAME).read_text() == offline.SERVE_STUB
    assert not (tmp_path / "_headers").exists() and not (tmp_path / app_manifest.MANIFEST_NAME).exists()


def test_the_snapshot_cache_is_named_once_in_the_page_glue():
    from conftest import ROOT

    store_file = ROOT / "docs" / offline.SNAPSHOT_STORE
    store = store_file.read_text("utf-8")
    name = offline.snapshot_cache(store)
    assert name and store.count(f'"{name}"') == 1
    others = [p for p in [*(ROOT / "docs").rglob("*.*js"), offline.TEMPLATE]
              if p != store_file and f'"{name}"' in p.read_text("utf-8")]
    assert others == []
    with pytest.raises(ValueError, match="must name its cache"):
        offline.snapshot_cache("const OTHER = 1;")
