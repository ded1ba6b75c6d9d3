"""`make audit`: Lighthouse (mobile) on the home page, a reference page and both calculators,
served from a fresh build on 127.0.0.1, in Debian's Chromium. Prints the four scores of each
page and every audit below full marks. Not a test: performance is a timing and varies with
the machine's load (the goal is 95 or more; 100 for accessibility, best practices and SEO).
The audits that time nothing run in `make test` (tests/test_lighthouse.py).

    .venv/bin/python bench/audit.py [--runs 1]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import build_site  # noqa: E402
from lighthouse_support import CATEGORIES, failed_audits, run_lighthouse, scores  # noqa: E402

PAGES = {"home": "/", "reference": "/reference/depth/",
         "depth calculator": "/calculators/depth/", "frequency calculator": "/calculators/frequency/"}


COMPRESSED = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".wasm", ".py")


class _Host(http.server.SimpleHTTPRequestHandler):
    """A static host as the site would have one: text and wasm sent gzip-compressed when the
    browser accepts it (Python's server sends everything raw, which Lighthouse would count)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in COMPRESSED \
                or not path.is_file():
            return super().send_head()
        body = _gzipped(str(path))
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@functools.lru_cache(maxsize=None)
def _gzipped(path: str) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is shown")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="audit-") as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        handler = functools.partial(_Host, directory=str(site))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        built = build_site(ROOT / "mkdocs.yml", site, site_url=base + "/")
        if built.returncode != 0:
            print(built.stderr, file=sys.stderr)
            return 1
        print(f"Lighthouse, mobile, {args.runs} run(s) a page, median; served from {base}\n")
        print(f"{'page':22}" + "".join(f"{c:>16}" for c in CATEGORIES))
        failures = {}
        for name, path in PAGES.items():
            runs = []
            for i in range(args.runs):
                out = Path(tmp) / f"{name}-{i}".replace(" ", "-")
                out.mkdir()
                runs.append(run_lighthouse(base + path, out))
            medians = {c: statistics.median(scores(r).get(c, 0) for r in runs) for c in CATEGORIES}
            print(f"{name:22}" + "".join(f"{medians[c]:>16g}" for c in CATEGORIES))
            failures[name] = sorted({(cat, audit, kind) for r in runs
                                     for cat, audit, kind in failed_audits(r)})
        httpd.shutdown()
    for title, kinds in (("Failed audits (in any run)", ("binary", "numeric")),
                         ("Opportunities and diagnostics below full marks", ("metricSavings",))):
        print(f"\n{title}:")
        for name, found in failures.items():
            listed = ", ".join(f"{audit} ({cat})" for cat, audit, kind in found if kind in kinds)
            print(f"  {name}: {listed or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
