"""The depth calculator in Chromium: one test per verdict, live updates, field errors, the URL,
hostile input, links to the rules, and the print style."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import pytest

from test_browser import READY_MS, only_same_origin, open_calculator

# Not about the boot: `page` starts the calculators from the stored snapshot (tests/snapshot_seed.py).
pytestmark = [pytest.mark.slow, pytest.mark.from_snapshot]


def open_depth(page, server, inputs=None):
    return open_calculator(page, server, "depth", inputs)


def shown(form):
    output = form.locator("[data-calc-result]")
    output.locator("[data-verdict]").wait_for()
    return {
        "verdict": output.locator("[data-verdict]").get_attribute("data-verdict"),
        "rules": [li.get_attribute("data-rule") for li in output.locator("li[data-rule]").all()],
    }


def one_example_per_verdict(book):
    chosen = {}
    for example in book.data.examples:
        if example.calculator == "depth":
            chosen.setdefault(example.expect.verdict, example)
    return chosen


@pytest.mark.parametrize("verdict", ["ok", "caution", "not-recommended"])
def test_each_verdict_from_a_link(page, server, book, verdict):
    example = one_example_per_verdict(book)[verdict]
    form = open_depth(page, server, {k: str(v) for k, v in example.inputs.items()})
    result = shown(form)
    assert result == {"verdict": verdict, "rules": list(example.expect.rules)}, example.name
    # Every message links to its rule's anchor on the rule's page.
    for link in form.locator("[data-calc-result] li[data-rule] a").all():
        href = link.get_attribute("href")
        rule_id = link.locator("xpath=..").get_attribute("data-rule")
        assert urlsplit(href).fragment == rule_id
    assert page.console_errors == []
    only_same_origin(page, server)


def test_answer_follows_the_inputs_and_the_url_keeps_them(page, server, book):
    d = book.depth
    form = open_depth(page, server)
    form.locator("select[name=goal]").select_option("hair")
    assert shown(form)["verdict"] == "ok"
    danger = d.danger_from_mm.value
    form.locator("input[name=needle-mm]").fill(f"{danger:g}")
    page.wait_for_function("() => document.querySelector('[data-calc-result] [data-verdict]').dataset.verdict === 'not-recommended'")
    assert d.danger_from_mm.rule in shown(form)["rules"]
    page.wait_for_url(f"**needle-mm={danger:g}*")  # written once the inputs rest
    # A reload from the URL reproduces the answer.
    page.reload()
    page.wait_for_selector('form[data-ready="true"]', timeout=READY_MS)
    assert shown(page.locator("form[data-calculator]"))["verdict"] == "not-recommended"
    # Hidden when the goal is skin: the area does not count then.
    form = page.locator("form[data-calculator]")
    form.locator("select[name=goal]").select_option("skin")
    assert form.locator('[data-field="area"]').is_hidden()


def test_field_error_is_shown_at_the_field(page, server, book):
    limits = book.depth.fields.needle_mm
    form = open_depth(page, server, {"goal": "hair", "needle-mm": f"{limits.max * 2:g}"})
    control = form.locator("input[name=needle-mm]")
    page.wait_for_function("() => document.querySelector('input[name=\"needle-mm\"]').getAttribute('aria-invalid') === 'true'")
    error = form.locator("#calc-needle-mm-error")
    assert error.is_visible()
    assert f"{limits.max:g}" in error.inner_text()
    assert "calc-needle-mm-error" in control.get_attribute("aria-describedby").split()
    # Correcting it clears the error and brings the answer back.
    control.fill(f"{book.depth.goals[0].range_mm[0]:g}")
    page.wait_for_function("() => !document.querySelector('input[name=\"needle-mm\"]').hasAttribute('aria-invalid')")
    assert error.is_hidden()


HOSTILE = ['<img src=x onerror="window.__xss=1">', "<script>window.__xss=1</script>", "NaN",
           "Infinity", "1e308", "-1", "", "hair\"><b>x", "javascript:alert(1)"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_url_values_are_text_never_html(page, server, value):
    page.goto(f"{server}/calculators/depth/?" + urlencode({"goal": value, "area": value,
                                                           "needle-mm": value, "shaft-percent": value}))
    page.wait_for_selector('form[data-ready="true"]', timeout=READY_MS)
    output = page.locator("[data-calc-result]")
    output.locator("[data-verdict], .calc-invalid").first.wait_for()
    assert page.evaluate("window.__xss") is None
    assert page.locator("[data-calc-result] :is(img, script, b)").count() == 0
    assert page.console_errors == []


def test_print_shows_the_answer_not_the_chrome(page, server, book):
    form = open_depth(page, server, {"goal": "hair", "needle-mm": "2"})
    shown(form)
    page.emulate_media(media="print")
    assert form.locator("[data-calc-result]").is_visible()
    assert page.locator(".md-header").is_hidden()
    assert page.locator(".md-sidebar--primary").is_hidden()
