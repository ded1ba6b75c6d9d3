"""What each of the plugin's hooks does, as plain functions over a `State`.

`State` is what a build knows and what outlives a rebuild of `mkdocs serve`: the last good
rules and wheel, so that a broken edit keeps the site up with its problems on every page.
Everything else the build calls (loading, pages, forms, the bundle, calculators/) is reached
through `state.code`, imported afresh for each rebuild under serve (`hot_import`). This
module, the plugin and its config are kept instead (`KEEP`), so they import nothing else at
run time.
"""

from __future__ import annotations

import logging
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from . import hot_import

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from calculators.rules import Rulebook

    from .bundle import Wheel
    from .config import RulebookConfig

__all__ = ["State", "configure", "add_pages", "fill_markers", "show_problems", "watch",
           "write_bundle", "page_head", "FIELD_REFERENCE_MARKER", "KEEP"]

log = logging.getLogger("mkdocs.plugins.rulebook.plugin")
FIELD_REFERENCE_MARKER = "<!-- rulebook:field-reference -->"
# The build's code, as `state.code.<last part>`; under serve, these and whatever they import
# from calculators/ and rulebook/ are imported afresh for each rebuild.
CODE = ("calculators", "rulebook.bundle", "rulebook.editors", "rulebook.hosting", "rulebook.loading",
        "rulebook.problems_banner", "rulebook.review_pages", "rulebook.site_pages")
PACKAGES = ("calculators", "rulebook")
# Modules whose objects outlive a rebuild: never re-imported.
KEEP = frozenset({"rulebook", "rulebook.plugin", "rulebook.config", "rulebook.build",
                  "rulebook.hot_import"})


@dataclass
class State:
    serving: bool = False
    code: SimpleNamespace | None = None
    book: Rulebook | None = None  # the rules being shown: the last that loaded
    wheel: Wheel | None = None  # the last made from code that imported
    problems: list[Any] = field(default_factory=list)  # loading.Diagnostic: shown on every page
    reviews_due: list[Any] = field(default_factory=list)  # loading.Diagnostic: a warning
    hosting: Any = None  # hosting.Hosting: what the pages of this build told the site


def _report(message: str, keeps: str) -> None:
    # Printed, not logged: in strict mode a logged error would fail the build, which under
    # serve leaves the dev server hanging instead of showing the last good site.
    print(f"ERROR   -  {message}\nERROR   -  Still serving the last good {keeps}; save a fix "
          "to rebuild.", file=sys.stderr, flush=True)


def _code_problem(e: Exception, loading: Any) -> Any:
    """An import error as the banner shows it: the file and line of ours where it happened."""
    if isinstance(e, SyntaxError):
        file, line, column = e.filename or "?", e.lineno or 1, e.offset or 1
    else:  # the innermost frame of ours (import machinery frames say nothing to an editor)
        frames = traceback.extract_tb(e.__traceback__)
        ours = [f for f in frames if not f.filename.startswith("<")] or frames
        file, line, column = ours[-1].filename, ours[-1].lineno or 1, 1
    return loading.Diagnostic(file, line, column, f"the code does not import: {type(e).__name__}: {e}",
                              "fix the code; the calculators and pages run the last code that imported")


def _import_code(state: State) -> bool:
    """The build's code into ``state.code``; False if the files on disk do not import (then
    the last good code stays, and the error is one of the page's problems)."""
    fresh = state.serving and state.book is not None
    try:
        state.code = hot_import.import_modules(CODE, fresh=fresh, packages=PACKAGES, keep=KEEP)
        return True
    except Exception as e:
        if not fresh:  # the first build: there is no last good code to fall back to
            raise
        _report(f"calculators/ does not import: {type(e).__name__}: {e}", "code")
        state.problems.append(_code_problem(e, state.code.loading))
        return False


def _shown_name(path: Path, config: MkDocsConfig) -> str:
    """The rules file as messages name it: relative to mkdocs.yml where it is beside it."""
    try:
        return path.relative_to(Path(config.config_file_path).resolve().parent).as_posix()
    except ValueError:
        return str(path)


def _load_rules(state: State, options: RulebookConfig, config: MkDocsConfig) -> None:
    loading, shown = state.code.loading, _shown_name(Path(options.rules_file), config)
    texts = Path(options.source_texts)
    try:
        loaded = loading.load_located(Path(options.rules_file), texts if texts.is_dir() else None,
                                      shown_as=shown)
        state.book = loaded.book
    except loading.RulesFileError as e:
        message = f"{shown} has {len(e.diagnostics)} problem(s):\n{e}"
        if not (state.serving and state.book):
            raise PluginError(message) from e
        _report(message, "rules")
        state.problems[:0] = e.diagnostics
        return
    for source in state.book.unverified_sources:
        log.info(f"quotes of source '{source}' were not verified: its text is not in {texts}")
    state.reviews_due = loaded.reviews_due()
    _report_reviews(state.reviews_due)


def _report_reviews(due: list[Any]) -> None:
    # The same list as `make check`. Printed, not logged as a warning: a due review must not
    # fail `mkdocs build --strict` (make check STRICT_REVIEWS=1 is the gate that wants that).
    for d in due:
        print(f"WARNING -  {d}", file=sys.stderr, flush=True)
    if due:
        print(f"WARNING -  {len(due)} rule(s) due or overdue for review (not an error; "
              "'make check STRICT_REVIEWS=1' fails on them)", file=sys.stderr, flush=True)


def configure(state: State, options: RulebookConfig, config: MkDocsConfig) -> MkDocsConfig:
    """on_config: the code, the rules, the wheel; the footer and navigation when not set."""
    state.problems = []
    code_ok = _import_code(state)
    state.hosting = state.code.hosting.Hosting(serving=state.serving)
    _load_rules(state, options, config)
    if code_ok:  # else the last good wheel: the files on disk do not import
        bundle = state.code.bundle
        state.wheel = bundle.make_wheel(Path(state.code.calculators.__file__).parent,
                                        bundle.rules_json(state.book.raw))
    if not config.copyright:
        config.copyright = options.disclaimer
    if config.nav is None:
        config.nav = state.code.site_pages.default_nav(state.book, Path(config.docs_dir))
    return config


def add_pages(state: State, options: RulebookConfig, files: Files, config: MkDocsConfig) -> Files:
    """on_files: the generated pages, as virtual files whose edit link is the rules file."""
    site_pages = state.code.site_pages
    edit = site_pages.edit_uri(Path(options.rules_file), Path(config.docs_dir))
    generated = site_pages.generated_pages(state.book, state.wheel.content_hash,
                                           use_directory_urls=config.use_directory_urls,
                                           disclaimer=options.disclaimer)
    for src_uri, content in generated.items():
        file = File.generated(config, src_uri, content=content)
        file.edit_uri = edit
        files.append(file)
    return files


def fill_markers(state: State, markdown: str) -> str:
    """on_page_markdown: the editors' field reference, the review dates and policy, where a
    page asks for them."""
    if FIELD_REFERENCE_MARKER in markdown:
        markdown = markdown.replace(FIELD_REFERENCE_MARKER, state.code.editors.field_reference())
    return state.code.review_pages.fill_markers(state.book, markdown)


def show_problems(state: State, html: str) -> str:
    """on_page_content: under serve, what is wrong with the edit, and the reviews due, above
    every page."""
    banner = state.code.problems_banner
    notes = banner.render_reviews(state.reviews_due) if state.serving else ""  # never published
    return (banner.render(state.problems) if state.problems else "") + notes + html


def watch(state: State, options: RulebookConfig, server: Any) -> Any:
    """on_serve: rebuild on a save of the rules file or of any file of calculators/."""
    server.watch(options.rules_file)
    server.watch(str(Path(state.code.calculators.__file__).parent))
    return server


def page_head(state: State, html: str, page_url: str | None, config: MkDocsConfig) -> str:
    """on_post_page, on_post_template: the page's policy and manifest link (not under serve).
    `page_url` None: a page served at any depth (404.html), which links from the site's path."""
    if page_url is None:
        root = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    else:
        root = "../" * page_url.count("/")
    return state.code.hosting.page_head(state.hosting, html, root)


def _primary_color(config: MkDocsConfig) -> str | None:
    palette = config.theme.get("palette") or {}
    first = palette[0] if isinstance(palette, list) and palette else palette
    return first.get("primary") if isinstance(first, dict) else None


def write_bundle(state: State, options: RulebookConfig, config: MkDocsConfig) -> None:
    """on_post_build: the wheel, the runtime's boot files and the lock, into the site; then
    what makes the site whole on a host: manifest, icons, _headers, service worker."""
    out = Path(config.site_dir) / options.runtime_site_dir
    state.code.bundle.write_bundle(state.wheel, Path(options.runtime_dir), out)
    state.code.hosting.finish_site(
        state.hosting, Path(config.site_dir), Path(options.runtime_dir).parent,
        name=config.site_name, short_name=options.app_short_name or config.site_name,
        description=config.site_description or "", primary=_primary_color(config))
