"""Static hosts for the browser tests: the built site as plain files, the way a host serves
it, with what differs between hosts made explicit.

- `prefix`: the site lives under a sub-path ("/guide/"), as a project page does.
- `headers`: the site's own `_headers` file is applied (Netlify/Cloudflare Pages format:
  a path line, then indented "Name: value" lines; "/*" matches every path).
- `slow`: {file name: seconds} serves that file in small pieces spread over that time.
- `stop()`: the network is gone for good (connections refused), beyond Playwright's offline.
No host sends COOP/COEP headers: the site must not need cross-origin isolation.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path

__all__ = ["StaticHost", "read_headers_file"]


def read_headers_file(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """(path pattern, [(name, value)]) in file order."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith((" ", "\t")):
            rules.append((line.strip(), []))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def _matches(pattern: str, path: str) -> bool:
    return path.startswith(pattern[:-1]) if pattern.endswith("*") else path == pattern


class _Handler(http.server.SimpleHTTPRequestHandler):
    host: "StaticHost"

    def log_message(self, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away mid-file (a test ended, a page was left)

    def translate_path(self, path):
        prefix = self.host.prefix
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(prefix):
            return str(Path(self.directory) / "__outside_the_prefix__")
        return super().translate_path("/" + path[len(prefix):])

    def end_headers(self):
        site_path = "/" + self.path.split("?", 1)[0][len(self.host.prefix):]
        for pattern, headers in self.host.header_rules:
            if _matches(pattern, site_path):
                for name, value in headers:
                    self.send_header(name, value)
        super().end_headers()

    def copyfile(self, source, outputfile):
        name = self.path.split("?", 1)[0].rsplit("/", 1)[-1]
        seconds = self.host.slow.get(name)
        if not seconds:
            return super().copyfile(source, outputfile)
        data = source.read()
        pieces = 100
        step = max(len(data) // pieces, 1)
        for start in range(0, len(data), step):
            outputfile.write(data[start:start + step])
            outputfile.flush()
            time.sleep(seconds / pieces)


class StaticHost:
    def __init__(self, directory: Path, prefix: str = "/", headers: Path | None = None,
                 slow: dict[str, float] | None = None, port: int = 0):
        self.prefix = prefix if prefix.endswith("/") else prefix + "/"
        self.header_rules = read_headers_file(headers) if headers else []
        self.slow = slow or {}
        handler = type("Handler", (_Handler,), {"host": self})
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", port), functools.partial(handler, directory=str(directory)))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.url = self.origin + self.prefix.rstrip("/")  # + "/page/" gives a page
        self.stopped = False

    def stop(self) -> None:
        if not self.stopped:
            self.stopped = True
            self.httpd.shutdown()
            self.httpd.server_close()

    def __enter__(self) -> "StaticHost":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
