"""overrides/ holds copies of the theme's templates with small accessibility fixes. Each copy
must be the theme's own file (Material as installed) plus exactly the changes listed here, so
that an upgrade of the theme cannot leave a stale copy behind unnoticed."""

from __future__ import annotations

from pathlib import Path

import material
import pytest

from conftest import ROOT

THEME = Path(material.__file__).parent / "templates"
OVERRIDES = ROOT / "overrides"

# file -> [(the theme's text, ours)]
CHANGES = {
    "partials/search.html": [
        ('<div class="md-search" data-md-component="search" role="dialog">',
         '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">'),
        ('<div class="md-search__scrollwrap" tabindex="0" data-md-scrollfix>',
         '<div class="md-search__scrollwrap" data-md-scrollfix>'),
    ],
}


def body(text: str) -> str:
    """The template without its leading {#- ... -#} comment."""
    return text.split("-#}\n", 1)[1] if text.startswith("{#-") else text


def test_every_override_is_listed():
    copies = {p.relative_to(OVERRIDES).as_posix() for p in OVERRIDES.rglob("*.html")}
    assert copies - {"main.html"} == set(CHANGES)  # main.html extends the theme: no copy


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_override_is_the_theme_file_plus_its_fixes(name):
    expected = body((THEME / name).read_text("utf-8"))
    for theirs, ours in CHANGES[name]:
        assert expected.count(theirs) == 1, f"the theme's {name} changed: {theirs!r} not found once"
        expected = expected.replace(theirs, ours)
    assert body((OVERRIDES / name).read_text("utf-8")) == expected
