"""Shared by the accessibility tests: every built page, both colour schemes, the calculators
brought into the states a reader sees (an answer, a field error, a session log), and axe-core
run in the page.

axe is injected into a context made with `bypass_csp=True`, so that a strict
Content-Security-Policy on the pages (script-src 'self') cannot block the test's own script.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import snapshot_seed

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2, levels A and AA (the tags, plus 2.1 A), and axe's best practices
# (Lighthouse's accessibility audits include them: aria-dialog-name, heading order, landmarks).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SCHEMES = {"light": "default", "dark": "slate"}  # Playwright's color_scheme -> Material's scheme
READY_MS = 60_000
THEME_LOADED = "() => document.documentElement.dataset.themeLoaded === 'true'"  # theme-later.js


def built_pages(site: Path) -> list[str]:
    """Every HTML page of the built site, as URL paths ("/", "/reference/depth/", "/404.html")."""
    paths = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        if rel.startswith("assets/"):
            continue
        paths.append("/" + rel.removesuffix("index.html"))
    return paths


def site_pages() -> list[str]:
    """The page paths, without building (for parametrising): the hand-written pages under
    docs/, the pages the build generates from the rules, and the theme's 404 page."""
    from conftest import load_real_rules
    from rulebook.site_pages import generated_pages

    sources = [p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")]
    sources += generated_pages(load_real_rules(), "0", use_directory_urls=True, disclaimer="")
    paths = ["/" + src.removesuffix(".md").removesuffix("index") for src in sources]
    return sorted(p if p.endswith("/") else p + "/" for p in paths) + ["/404.html"]


def new_context(browser, scheme: str, *, seed=None, **options):
    """A context in the given system colour scheme ("light" or "dark"). With a `seed`
    (`snapshot_seed.if_marked(request)` in a test marked `from_snapshot`), it holds the site's
    snapshot first, so the calculators boot from it (tests/snapshot_seed.py)."""
    context = snapshot_seed.fresh_context(browser, seed, color_scheme=scheme, bypass_csp=True, **options)
    context.set_default_timeout(READY_MS)
    return context


def settle(page, scheme: str | None = None):
    """Wait until Material applied the scheme and no colour transition is running."""
    page.wait_for_load_state("load")
    if scheme:
        page.wait_for_function("s => document.body.dataset.mdColorScheme === s", arg=SCHEMES[scheme])
    page.wait_for_function("() => !document.body.hasAttribute('data-md-color-switching')")
    page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {})))")


def run_axe(page) -> list[dict]:
    """axe-core's violations on the page as it is now, each with its failing nodes. The mouse
    leaves whatever it last clicked, and colour transitions end first: axe measures colours
    as they are, and half-way through a hover's fade they match neither state."""
    page.mouse.move(0, 0)
    page.evaluate("""() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
        .then(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))))""")
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS)
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


# ---- the calculators, brought into the states a reader sees ----

def open_calculator(page, server: str, name: str, query: str = ""):
    page.goto(f"{server}/calculators/{name}/{query}")
    page.wait_for_selector(f'form[data-calculator="{name}"][data-ready="true"]', timeout=READY_MS)
    page.wait_for_function(THEME_LOADED, timeout=READY_MS)  # after the first answer (theme-later.js)
    return page.locator(f'form[data-calculator="{name}"]')


def wait_answer(form, verdict: str | None = None):
    """Wait for an answer: a given verdict, or any valid one."""
    form.page.wait_for_function(
        "([form, v]) => { const d = form.querySelector('[data-calc-result]').dataset.verdict;"
        " return v ? d === v : d && d !== 'invalid'; }",
        arg=[form.element_handle(), verdict])


def wait_invalid(form):
    form.page.wait_for_function("f => f.querySelector('[data-calc-result]').dataset.verdict === 'invalid'",
                                arg=form.element_handle())


def show_answer(form, name: str, book):
    """A valid answer with a drawing: depth for the hair goal with a needle; frequency with a plan."""
    if name == "depth":
        form.locator("select[name=goal]").select_option("hair")
        form.locator("input[name=needle-mm]").fill(f"{book.depth.fields.needle_mm.max:g}")
    else:
        form.locator("input[name=sessions-per-week]").fill("1")
        form.locator("input[name=minutes]").fill("10")
    wait_answer(form)


def show_field_error(form, name: str):
    """A number out of range: the field's message, aria-invalid, and no answer."""
    field = "needle-mm"
    form.locator(f"input[name={field}]").fill("-1")
    wait_invalid(form)
    assert form.locator(f"#calc-{field}-error").is_visible()


def add_log_entries(form, count: int = 2):
    """Sessions logged a few days back, through the form's own Add button."""
    now = dt.datetime.now().replace(second=0, microsecond=0)
    for days in range(count, 0, -1):
        when = now - dt.timedelta(days=3 * days)
        form.locator("input[name=sessions]").fill(when.strftime("%Y-%m-%dT%H:%M"))
        form.locator("[data-log-add]").click()
    form.page.wait_for_function("([f, n]) => f.querySelectorAll('[data-log-entry]').length === n",
                                arg=[form.element_handle(), count])
