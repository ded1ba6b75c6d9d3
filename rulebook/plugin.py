"""The MkDocs plugin: thin hooks, each one call into a plain function of this package.

on_config   load and check rules.yaml (PluginError with every problem, one a line)
on_files    add the generated pages (reference, index, calculators) as virtual files
on_page_markdown  fill the editors' field reference
on_serve    watch rules.yaml and the calculators package
on_post_build  write the wheel, the runtime's boot files and the lock into the site
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path
from types import SimpleNamespace

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from calculators.rules import Rulebook

from . import bundle
from .config import RulebookConfig

__all__ = ["RulebookPlugin"]

log = logging.getLogger(f"mkdocs.plugins.{__name__}")
FIELD_REFERENCE_MARKER = "<!-- rulebook:field-reference -->"
# What a rebuild under `mkdocs serve` imports afresh, so that an edit to calculators/ reaches
# the forms, pages and drawings made at build time, not only the wheel made from the files.
_FRESH = ("calculators", "rulebook.bundle", "rulebook.editors", "rulebook.forms",
          "rulebook.pages", "rulebook.loading", "rulebook.markdown_text", "rulebook.yaml_source")


def _import_build_side(fresh: bool) -> SimpleNamespace:
    """The modules the build calls; with `fresh`, re-imported from the files on disk."""
    names = ("calculators", "calculators.api", "rulebook.bundle", "rulebook.editors",
             "rulebook.forms", "rulebook.pages", "rulebook.loading")
    if fresh:
        saved = {n: m for n, m in sys.modules.items() if n.startswith(_FRESH)}
        for name in saved:
            del sys.modules[name]
        try:
            modules = [importlib.import_module(n) for n in names]
        except Exception:
            sys.modules.update(saved)  # a broken edit: keep building with what worked
            raise
    else:
        modules = [importlib.import_module(n) for n in names]
    return SimpleNamespace(**{n.rsplit(".", 1)[-1]: m for n, m in zip(names, modules)})


class RulebookPlugin(BasePlugin[RulebookConfig]):
    book: Rulebook
    wheel: bundle.Wheel
    serving = False
    last_good: Rulebook | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this plugin object across rebuilds of `mkdocs serve`,
        # which is what lets a bad edit fall back to the last good rules.
        self.serving = command == "serve"

    def _path(self, config: MkDocsConfig, value: str) -> Path:
        return (Path(config.config_file_path).parent / value).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        code_ok = True
        try:
            self.m = _import_build_side(fresh=self.serving and self.last_good is not None)
        except Exception as e:  # only under serve: an edit to calculators/ that does not import
            print(f"ERROR   -  calculators/ does not import: {type(e).__name__}: {e}\n"
                  "ERROR   -  Still serving the last good code; save a fix to rebuild.",
                  file=sys.stderr, flush=True)
            self.m = _import_build_side(fresh=False)
            code_ok = False
        m = self.m
        self.rules_path = self._path(config, self.config.rules_file)
        self.runtime_dir = self._path(config, self.config.runtime_dir)
        texts = self._path(config, self.config.source_texts)
        try:
            self.book = m.loading.load(self.rules_path, texts if texts.is_dir() else None,
                             shown_as=self.config.rules_file)
        except m.loading.RulesFileError as e:
            message = f"{self.config.rules_file} has {len(e.diagnostics)} problem(s):\n{e}"
            if not (self.serving and self.last_good):
                raise PluginError(message) from e
            # Under `mkdocs serve`, keep serving the last good rules: a failed build would
            # leave the dev server hanging. Printed, not logged: strict mode would turn a
            # logged error into exactly that failed build.
            print(f"ERROR   -  {message}\n"
                  "ERROR   -  Still serving the last good rules; save a fix to rebuild.",
                  file=sys.stderr, flush=True)
            self.book = self.last_good
        self.last_good = self.book
        for source in self.book.unverified_sources:
            log.info(
                f"quotes of source '{source}' were not verified: its text is not in {texts}")
        if not (self.runtime_dir / m.bundle.RUNTIME_LOCK).is_file():
            raise PluginError(f"the Pyodide runtime is missing at {self.runtime_dir}: run 'npm ci' "
                              "(or 'make setup')")
        if code_ok:  # else the last good wheel: the files on disk do not import
            self.wheel = m.bundle.make_wheel(Path(m.calculators.__file__).parent,
                                             m.bundle.rules_json(self.book.raw))
        if not config.copyright:
            config.copyright = self.config.disclaimer
        if config.nav is None:
            config.nav = self._default_nav(config)
        return config

    def _default_nav(self, config: MkDocsConfig) -> list:
        pages = self.m.pages
        docs = Path(config.docs_dir)
        hand_written = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
        rest = [p for p in hand_written if p != "index.md"]
        return [
            {"Home": "index.md"},
            {"Calculators": [f"{pages.CALCULATOR_DIR}/{name}.md" for name in self.m.api.CALCULATORS]},
            {"Reference": [f"{pages.TOPIC_DIR}/index.md"]
             + [f"{pages.TOPIC_DIR}/{t.id}.md" for t in self.book.data.topics]},
            *rest,
        ]

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for src_uri, content in self.generated_pages(config).items():
            file = File.generated(config, src_uri, content=content)
            file.edit_uri = self._edit_uri(config)
            files.append(file)
        return files

    def _edit_uri(self, config: MkDocsConfig) -> str | None:
        # Generated pages are edited in rules.yaml: point the edit link there, relative to
        # the docs folder that `edit_uri` names.
        rules = self.rules_path.relative_to(Path(config.docs_dir).parent, walk_up=True)
        return "../" + rules.as_posix()

    def generated_pages(self, config: MkDocsConfig) -> dict[str, str]:
        book, pages = self.book, self.m.pages
        out = {f"{pages.TOPIC_DIR}/index.md": pages.index_page(book)}
        extras = {"depth": pages.depth_diagram_block(book)}
        for topic in book.data.topics:
            out[f"{pages.TOPIC_DIR}/{topic.id}.md"] = pages.topic_page(book, topic.id,
                                                                       extras.get(topic.id, ""))
        for name in self.m.api.CALCULATORS:
            src = f"{pages.CALCULATOR_DIR}/{name}.md"
            form = self.m.forms.render_form(name, self.m.api.fields_of(name, book), self.wheel.content_hash,
                                     self._url_from(config, src, f"{pages.TOPIC_DIR}/index.md"),
                                     self._rule_url_pattern(config), self.config.disclaimer)
            out[src] = pages.calculator_page(book, name, form)
        return out

    @staticmethod
    def _page_url(config: MkDocsConfig, src_uri: str) -> str:
        return File(src_uri, None, None, use_directory_urls=config.use_directory_urls).url

    def _url_from(self, config: MkDocsConfig, from_src: str, to_src: str) -> str:
        """A link for raw HTML, which MkDocs does not rewrite: relative, for sub-paths."""
        return get_relative_url(self._page_url(config, to_src), self._page_url(config, from_src))

    def _rule_url_pattern(self, config: MkDocsConfig) -> str:
        """Where a rule lives, relative to the site's root (the page script resolves it)."""
        return self._page_url(config, f"{self.m.pages.TOPIC_DIR}/TOPIC.md").replace("TOPIC", "{topic}") + "#{rule}"

    def on_page_markdown(self, markdown: str, page, config: MkDocsConfig, files: Files) -> str:
        if FIELD_REFERENCE_MARKER in markdown:
            markdown = markdown.replace(FIELD_REFERENCE_MARKER, self.m.editors.field_reference())
        return markdown

    def on_serve(self, server, config: MkDocsConfig, builder):
        server.watch(str(self.rules_path))
        server.watch(str(Path(self.m.calculators.__file__).parent))
        return server

    def on_post_build(self, config: MkDocsConfig) -> None:
        out = Path(config.site_dir) / self.config.runtime_site_dir
        self.m.bundle.write_bundle(self.wheel, self.runtime_dir, out)
