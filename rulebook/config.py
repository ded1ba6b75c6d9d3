"""The plugin's options (mkdocs.yml, under `plugins: - rulebook:`), as MkDocs' typed options.

Paths are `File`/`Dir` options: MkDocs resolves them against mkdocs.yml's folder, so the
site builds the same from any working directory, and hands the plugin absolute paths.
"""

from __future__ import annotations

import os

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from .bundle import RUNTIME_LOCK

__all__ = ["RulebookConfig"]


class PyodideRuntime(c.Dir):
    """A directory that holds the pinned Pyodide npm package; the error says how to get it."""

    def run_validation(self, value: object) -> str:
        path = super().run_validation(value)
        if not os.path.isfile(os.path.join(path, RUNTIME_LOCK)):
            raise ValidationError(f"the Pyodide runtime is missing at {path}: run 'npm ci' "
                                  "(or 'make setup')")
        return path


class RulebookConfig(base.Config):
    # The one file editors change. Not `exists=True`: a missing file is reported like any
    # other problem of the rules (file, what to do), under `mkdocs serve` on every page,
    # where MkDocs' own config error would leave the dev server stuck.
    rules_file = c.File(exists=False, default="rules.yaml")
    # Directory holding the sources' texts (the `text_file` of each source). It may be
    # absent: the project carries only short quotes, and then they are reported unverified.
    source_texts = c.Dir(exists=False, default="../shared/seed")
    # The pinned Pyodide npm package; only its boot files are copied into the site.
    runtime_dir = PyodideRuntime(default="node_modules/pyodide")
    # Where the wheel, lock and runtime land inside the site (a path in the site, not on disk).
    runtime_site_dir = c.Type(str, default="assets/pyodide")
    # Shown on every calculator and in the footer.
    disclaimer = c.Type(str, default="General information, not medical advice.")
    # The name under an installed site's icon on a phone (a dozen characters fit);
    # empty: the site's name.
    app_short_name = c.Type(str, default="")
