"""axe-core (pinned in package.json) on every built page, in the light and the dark scheme:
0 violations of WCAG 2.0/2.1/2.2 A and AA, and of axe's best practices. The calculators are checked as a reader sees them:
with an answer and its drawing, with a field error, and (frequency) with a session log.
Where the theme's markup was at fault, overrides/ fixes it; nothing is excluded."""

from __future__ import annotations

import pytest

import snapshot_seed
from a11y_support import (SCHEMES, add_log_entries, built_pages, describe, new_context, open_calculator,
                          run_axe, settle, show_answer, show_field_error, site_pages)

pytestmark = pytest.mark.slow
CALCULATORS = ("/calculators/depth/", "/calculators/frequency/")


@pytest.fixture(params=list(SCHEMES))
def scheme(request):
    return request.param


@pytest.fixture
def scheme_page(request, browser, site, scheme):
    context = new_context(browser, scheme, seed=snapshot_seed.if_marked(request))
    page = context.new_page()
    yield page
    page.goto("about:blank")
    context.close()


def test_every_built_page_is_checked(site):
    assert sorted(built_pages(site)) == sorted(site_pages())


@pytest.mark.parametrize("path", [p for p in site_pages() if p not in CALCULATORS])
def test_page_has_no_violations(scheme_page, server, scheme, path):
    scheme_page.goto(server + path)
    settle(scheme_page, scheme)
    violations = run_axe(scheme_page)
    assert not violations, f"{path} ({scheme}):\n{describe(violations)}"


@pytest.mark.from_snapshot  # about the states after an answer, not the boot
@pytest.mark.parametrize("name", ["depth", "frequency"])
def test_calculator_states_have_no_violations(scheme_page, server, scheme, name, book):
    form = open_calculator(scheme_page, server, name)
    settle(scheme_page, scheme)
    found = {}
    if name == "frequency":
        add_log_entries(form)
    show_answer(form, name, book)
    assert form.locator("[data-calc-result] svg").count() == 1
    found["answer"] = run_axe(scheme_page)
    show_field_error(form, name)
    found["field error"] = run_axe(scheme_page)
    problems = "\n".join(f"-- {state}:\n{describe(v)}" for state, v in found.items() if v)
    assert not problems, f"{name} ({scheme}):\n{problems}"
