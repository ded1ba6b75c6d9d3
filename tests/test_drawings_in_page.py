"""The drawings as a reader sees them, in Chromium: on a 390 px phone every text of the depth
cross-section and of the session calendar renders at 12 px or more (laid out for a phone, not
scaled down), and in both colour schemes every text keeps 4.5:1 against what is drawn behind
it (axe does not measure text inside SVG)."""

from __future__ import annotations

import pytest

import snapshot_seed
from a11y_support import SCHEMES, add_log_entries, new_context, open_calculator, settle, show_answer

pytestmark = pytest.mark.slow
PHONE = {"width": 390, "height": 800}

# Each <text> of each drawing: its rendered size, and its contrast with the shapes under its
# centre, blended bottom-up with their opacities (the page's background below them all).
MEASURE = """() => {
  const rgb = (s) => (s.match(/[\\d.]+/g) || [255, 255, 255]).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((c) => { c /= 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const pageBg = rgb(getComputedStyle(document.body).backgroundColor);
  const out = [];
  for (const svg of document.querySelectorAll("svg[role=img][class$='-svg']")) {
    for (const t of svg.querySelectorAll("text")) {
      const box = t.getBoundingClientRect();
      if (!box.width) continue;
      const size = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
      const under = document.elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2)
        .filter((e) => svg.contains(e) && ["rect", "ellipse", "circle"].includes(e.tagName)).reverse();
      let bg = pageBg;
      for (const shape of under) {
        const s = getComputedStyle(shape);
        if (s.fill === "none") continue;
        const a = parseFloat(s.fillOpacity) * parseFloat(s.opacity);
        bg = rgb(s.fill).map((c, i) => c * a + bg[i] * (1 - a));
      }
      out.push({ svg: svg.getAttribute("class"), text: t.textContent, size,
                 contrast: ratio(rgb(getComputedStyle(t).fill), bg) });
    }
  }
  return out;
}"""


def measured(page) -> list[dict]:
    texts = page.evaluate(MEASURE)
    assert texts, "no drawing on the page"
    return texts


@pytest.mark.from_snapshot  # not about the boot
@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_drawings_on_a_phone_are_legible_in_both_schemes(request, browser, site, server, book, scheme):
    context = new_context(browser, scheme, viewport=PHONE, seed=snapshot_seed.if_marked(request))
    page = context.new_page()
    found = {}
    page.goto(f"{server}/reference/depth/")
    settle(page, scheme)
    found["reference page"] = measured(page)
    for name in ("depth", "frequency"):
        form = open_calculator(page, server, name)
        settle(page, scheme)
        if name == "frequency":
            add_log_entries(form)
        show_answer(form, name, book)
        found[name] = measured(page)
    page.goto("about:blank")
    context.close()
    kinds = {t["svg"] for texts in found.values() for t in texts}
    assert kinds == {"depth-diagram-svg", "plan-calendar-svg"}
    small = [(where, t["text"], round(t["size"], 1)) for where, texts in found.items()
             for t in texts if t["size"] < 12]
    faint = [(where, t["text"], round(t["contrast"], 2)) for where, texts in found.items()
             for t in texts if t["contrast"] < 4.5]
    assert small == [], small
    assert faint == [], faint


def test_print_stays_light_in_the_dark_scheme(browser, site, server):
    context = new_context(browser, "dark")
    page = context.new_page()
    page.goto(f"{server}/reference/depth/")
    settle(page, "dark")
    bg = "getComputedStyle(document.querySelector('.depth-diagram-svg .bg')).fill"
    skin = "getComputedStyle(document.querySelector('.depth-diagram-svg .skin')).fill"
    on_screen = page.evaluate(f"[{bg}, {skin}]")
    page.emulate_media(media="print")
    printed = page.evaluate(f"[{bg}, {skin}, getComputedStyle(document.body).backgroundColor]")
    page.goto("about:blank")
    context.close()
    assert on_screen[0] != "rgb(255, 255, 255)"  # dark on screen...
    assert printed == ["rgb(255, 255, 255)", "rgb(248, 228, 214)", "rgb(255, 255, 255)"]  # ...light on paper
