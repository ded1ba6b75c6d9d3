"""The MkDocs plugin: each hook is one call into `build`, where the plain functions live.

on_startup        keep one State across the rebuilds of `mkdocs serve`
on_config         import the code, load and check rules.yaml, make the wheel
on_files          add the generated pages (reference, index, calculators) as virtual files
on_page_markdown  fill the editors' field reference
on_page_content   under serve, put what is wrong with the last edit above every page
on_post_page      the page's Content-Security-Policy and manifest link (on_post_template: 404)
on_serve          watch rules.yaml and the calculators package
on_post_build     write the wheel, the runtime's boot files and the lock into the site, then
                  the manifest, icons, _headers and the service worker
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from . import build
from .config import RulebookConfig

__all__ = ["RulebookPlugin"]


class RulebookPlugin(BasePlugin[RulebookConfig]):
    def __init__(self) -> None:
        self.state = build.State()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this plugin object across rebuilds of `mkdocs serve`,
        # which is what lets a bad edit fall back to the last good rules and code.
        self.state = build.State(serving=command == "serve")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        return build.configure(self.state, self.config, config)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        return build.add_pages(self.state, self.config, files, config)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return build.fill_markers(self.state, markdown)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return build.show_problems(self.state, html)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return build.page_head(self.state, output, page.url, config)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return build.page_head(self.state, output_content, None, config) if template_name == "404.html" else output_content

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        return build.watch(self.state, self.config, server)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        build.write_bundle(self.state, self.config, config)
