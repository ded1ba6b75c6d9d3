"""The plugin's options (mkdocs.yml, under `plugins: - rulebook:`). Paths are relative to
mkdocs.yml, so the site builds the same from any working directory."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

__all__ = ["RulebookConfig"]


class RulebookConfig(base.Config):
    # The one file editors change.
    rules_file = c.Type(str, default="rules.yaml")
    # Directory holding the sources' texts (the `text_file` of each source). The project
    # carries only short quotes; where the texts are absent, quotes are reported unverified.
    source_texts = c.Type(str, default="../shared/seed")
    # The pinned Pyodide npm package; only its boot files are copied into the site.
    runtime_dir = c.Type(str, default="node_modules/pyodide")
    # Where the wheel, lock and runtime land inside the site.
    runtime_site_dir = c.Type(str, default="assets/pyodide")
    # Shown on every calculator and in the footer.
    disclaimer = c.Type(str, default="General information, not medical advice.")
