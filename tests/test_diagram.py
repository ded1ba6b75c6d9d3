"""The cross-section drawing: well-formed, accessible, to scale, escaped, deterministic.

Depths and limits come from the Rulebook; geometry is read back from the SVG itself, so the
tests hold whatever the layout, and fail when the drawing stops being to scale.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import re
import xml.etree.ElementTree as ET

import pytest

from calculators.depth import needle_rule, needle_status
from calculators.diagram import NEEDLE_STATUSES, depth_cross_section
from calculators.rules import Rulebook

NS = "{http://www.w3.org/2000/svg}"


def draw(book, needle=None, recommended=None) -> str:
    """The drawing as the depth calculator makes it: the needle's status and rule decided by
    `depth`, for the goal whose range is `recommended` (if any)."""
    if needle is None:
        return depth_cross_section(book, None, recommended)
    status = needle_status(book, needle, recommended)
    goal = next((g for g in book.depth.goals if list(g.range_mm) == list(recommended or [])), None)
    return depth_cross_section(book, needle, recommended, status, needle_rule(book, goal, status))


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    return root


def group(root: ET.Element, cls: str) -> ET.Element | None:
    return root.find(f".//{NS}g[@class='{cls}']")


def surface_y(root) -> float:
    line = root.find(f".//{NS}line[@class='surface']")
    assert line.get("y1") == line.get("y2")
    return float(line.get("y1"))


def band(root, cls: str) -> tuple[float, float]:
    rect = group(root, cls).find(f"{NS}rect")
    top = float(rect.get("y"))
    return top, top + float(rect.get("height"))


def needle_tip_y(root) -> float:
    shaft = group(root, "needle").find(f"{NS}polygon[@class='needle-shaft']")
    return max(float(p.split(",")[1]) for p in shaft.get("points").split())


def hair_range(book):
    """The goal whose range ends at max_useful_mm (hair, in rules.yaml)."""
    return next(list(g.range_mm) for g in book.depth.goals
                if g.range_mm[1] == book.depth.max_useful_mm.value)


def all_text(el: ET.Element) -> str:
    return " ".join(t for t in el.itertext())


# --- well-formed and accessible ---------------------------------------------------------

@pytest.mark.parametrize("needle", [None, "bulge-low", "max-useful", "danger", "field-max"])
def test_parses_with_title_and_desc(book, needle):
    d = book.depth
    value = {None: None, "bulge-low": d.anatomy.bulge_mm.range[0], "max-useful": d.max_useful_mm.value,
             "danger": d.danger_from_mm.value, "field-max": d.fields.needle_mm.max}[needle]
    root = parse(draw(book, value, hair_range(book)))
    assert root.get("role") == "img"
    title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert list(root)[:2] == [title, desc], "title and desc come first"
    assert title.text.strip() and desc.text.strip()
    ids = root.get("aria-labelledby").split()
    assert ids == [title.get("id"), desc.get("id")]
    all_ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(all_ids) == len(set(all_ids))
    view = [float(v) for v in root.get("viewBox").split()]
    assert len(view) == 4 and view[2] > 0 and view[3] > 0
    assert root.get("width") is None and root.get("height") is None  # scales with its box


def test_desc_states_the_depths_in_words(book):
    a, d = book.depth.anatomy, book.depth
    low, high = hair_range(book)
    needle = (d.max_useful_mm.value + d.danger_from_mm.value) / 2
    desc = parse(draw(book, needle, [low, high])).find(f"{NS}desc").text

    def num(x):
        return f"{x:g}"

    for lo, hi in (a.bulge_mm.range, a.follicle_base_mm.range, (low, high)):
        assert f"{num(lo)} to {num(hi)} mm" in desc
    assert f"{num(needle)} mm" in desc
    assert NEEDLE_STATUSES["past-useful"][1] in desc
    assert f"{num(d.max_useful_mm.value)} mm" in desc
    assert "bulge" in desc and "follicle" in desc


def test_nothing_external_and_nothing_active(book):
    svg = draw(book, book.depth.danger_from_mm.value, hair_range(book))
    root = parse(svg)
    forbidden = {"script", "foreignObject", "image", "style", "use", "a", "iframe", "link"}
    for el in root.iter():
        assert el.tag.removeprefix(NS) not in forbidden
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), name
            assert "href" not in name.lower(), name
            assert "url(" not in value and "://" not in value, (name, value)
    assert "@import" not in svg and "<!DOCTYPE" not in svg and "<!ENTITY" not in svg


# --- to scale ---------------------------------------------------------------------------

def needles_to_check(book):
    d = book.depth
    return [d.anatomy.bulge_mm.range[0], d.anatomy.bulge_mm.range[1], d.max_useful_mm.value,
            d.danger_from_mm.value, d.anatomy.follicle_base_mm.range[1], d.fields.needle_mm.min,
            d.fields.needle_mm.max]


def test_needle_is_drawn_to_the_bulges_scale(book):
    bulge_lo, bulge_hi = book.depth.anatomy.bulge_mm.range
    for needle in needles_to_check(book):
        root = parse(draw(book, needle))
        top = surface_y(root)
        bulge_top, bulge_bottom = band(root, "bulge")
        px_per_mm = (bulge_bottom - bulge_top) / (bulge_hi - bulge_lo)
        assert math.isclose((bulge_top - top) / bulge_lo, px_per_mm, rel_tol=1e-3)
        assert math.isclose(needle_tip_y(root) - top, needle * px_per_mm, abs_tol=0.02), needle


def test_needle_at_the_bulge_ends_where_the_bulge_is(book):
    lo, hi = book.depth.anatomy.bulge_mm.range
    assert math.isclose(needle_tip_y(parse(draw(book, lo))),
                        band(parse(draw(book)), "bulge")[0], abs_tol=0.01)
    assert math.isclose(needle_tip_y(parse(draw(book, hi))),
                        band(parse(draw(book)), "bulge")[1], abs_tol=0.01)


def test_follicle_base_is_below_the_bulge_to_scale(book):
    a = book.depth.anatomy
    root = parse(draw(book))
    top = surface_y(root)
    b_top, b_bottom = band(root, "bulge")
    f_top, f_bottom = band(root, "follicle-base")
    scale = (b_top - top) / a.bulge_mm.range[0]
    assert math.isclose(f_top - top, a.follicle_base_mm.range[0] * scale, abs_tol=0.02)
    assert math.isclose(f_bottom - top, a.follicle_base_mm.range[1] * scale, abs_tol=0.02)


def test_the_axis_reaches_the_longest_needle_the_form_accepts(book):
    root = parse(draw(book, book.depth.fields.needle_mm.max))
    axis = group(root, "axis")
    numbers = [float(t.text) for t in axis.iter(f"{NS}text") if re.fullmatch(r"[\d.]+", t.text)]
    assert min(numbers) == 0 and max(numbers) >= book.depth.fields.needle_mm.max
    top = surface_y(root)
    scale = (band(root, "bulge")[0] - top) / book.depth.anatomy.bulge_mm.range[0]
    view_height = float(root.get("viewBox").split()[3])
    assert needle_tip_y(root) <= view_height
    assert math.isclose(needle_tip_y(root) - top, book.depth.fields.needle_mm.max * scale, abs_tol=0.02)


def test_same_scale_with_or_without_needle_and_range(book):
    bare = parse(draw(book))
    full = parse(draw(book, book.depth.danger_from_mm.value, hair_range(book)))
    assert band(bare, "bulge") == band(full, "bulge")
    assert band(bare, "follicle-base") == band(full, "follicle-base")


def test_recommended_band_only_when_given(book):
    low, high = hair_range(book)
    assert group(parse(draw(book)), "recommended") is None
    root = parse(draw(book, None, [low, high]))
    top, bottom = band(root, "recommended")
    bulge_top, _ = band(root, "bulge")
    scale = (bulge_top - surface_y(root)) / book.depth.anatomy.bulge_mm.range[0]
    assert math.isclose(top - surface_y(root), low * scale, abs_tol=0.02)
    assert math.isclose(bottom - surface_y(root), high * scale, abs_tol=0.02)
    assert group(root, "needle") is None


def test_a_single_length_range_is_still_visible(book):
    single = next((g.range_mm for g in book.depth.goals if g.range_mm[0] == g.range_mm[1]), None)
    if single is None:
        pytest.skip("no goal with a single recommended length in rules.yaml")
    top, bottom = band(parse(draw(book, None, list(single))), "recommended")
    assert bottom - top >= 2


# --- colour and status ------------------------------------------------------------------

def test_needle_status_and_colour_follow_the_limits(book):
    d = book.depth
    low, high = hair_range(book)
    step = d.fields.needle_mm.step
    cases = {
        "in-target": (low + high) / 2,
        "short": low - step,
        "past-useful": d.max_useful_mm.value + step,
        "danger": d.danger_from_mm.value,
    }
    colours = {}
    for expected, needle in cases.items():
        root = parse(draw(book, needle, [low, high]))
        g = group(root, "needle")
        assert g.get("data-status") == expected == needle_status(book, needle, [low, high])
        colours[expected] = g.find(f"{NS}polygon[@class='needle-shaft']").get("fill")
        assert NEEDLE_STATUSES[expected][1] in all_text(g)  # not told by colour alone
    assert len(set(colours.values())) == len(colours), colours
    assert needle_status(book, d.danger_from_mm.value - step, [low, high]) == "past-useful"
    assert needle_status(book, d.fields.needle_mm.max, [low, high]) == "danger"


def test_deeper_than_a_shallow_goal_but_still_useful(book):
    shallow = min(book.depth.goals, key=lambda g: g.range_mm[1])
    needle = book.depth.max_useful_mm.value
    if needle <= shallow.range_mm[1]:
        pytest.skip("no goal ends below max_useful_mm")
    assert needle_status(book, needle, list(shallow.range_mm)) == "deeper"


def test_a_needle_without_its_status_is_refused(book):
    """The drawing shows the calculator's classification and never makes one of its own."""
    with pytest.raises(ValueError, match="status"):
        depth_cross_section(book, book.depth.max_useful_mm.value)


def test_no_needle_no_needle_group(book):
    assert group(parse(draw(book)), "needle") is None


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -1.0])
def test_impossible_needle_is_refused(book, bad):
    with pytest.raises(ValueError):
        draw(book, bad)


# --- escaping ---------------------------------------------------------------------------

# What the rules loader lets through (it refuses tags), and what only a hand-built Rulebook has.
ALLOWED_SPECIALS = 'Bulge & base: 1 < 2 > 0, "quoted" and \'single\' ]]>'
HOSTILE = 'Bulge <script>alert(1)</script> & "quotes" \'single\' ]]> \x01'


def _with_titles(book, title: str, rule_ids) -> str:
    svg = draw(book, book.depth.danger_from_mm.value, hair_range(book))
    root = parse(svg)  # fails on an unescaped <, & or quote
    assert not any(el.tag.removeprefix(NS) == "script" for el in root.iter())
    assert "<script>" not in svg
    tooltips = [all_text(t) for t in root.iter(f"{NS}title")]
    d = book.depth  # the rules each tooltip cites: bulge, follicle base, the needle at danger
    cited = [d.anatomy.bulge_mm.rule, d.anatomy.follicle_base_mm.rule, d.danger_from_mm.rule]
    assert sum(title in t for t in tooltips) == sum(r in rule_ids for r in cited), tooltips
    return svg


def test_text_from_the_rules_is_escaped(book):
    raw = copy.deepcopy(book.raw)
    targets = {book.depth.anatomy.bulge_mm.rule, book.depth.danger_from_mm.rule}
    for rule in raw["rules"]:
        if rule["id"] in targets:
            rule["title"] = ALLOWED_SPECIALS
    svg = _with_titles(Rulebook.from_data(raw), ALLOWED_SPECIALS, targets)
    assert "&amp;" in svg and "&lt;" in svg and "&quot;" in svg


def test_even_markup_in_a_rule_stays_text(book):
    """The loader refuses tags in titles; the drawing escapes them anyway (defence in depth)."""
    targets = {book.depth.anatomy.bulge_mm.rule, book.depth.danger_from_mm.rule}
    rules = {**book.rules_by_id,
             **{r: dataclasses.replace(book.rule(r), title=HOSTILE) for r in targets}}
    hostile_book = dataclasses.replace(book, rules_by_id=rules)
    _with_titles(hostile_book, HOSTILE.replace("\x01", ""), targets)  # \x01: not allowed in XML


# --- deterministic ----------------------------------------------------------------------

def test_deterministic(book):
    args = (book.depth.max_useful_mm.value + book.depth.fields.needle_mm.step, hair_range(book))
    assert draw(book, *args) == draw(book, *args)
    assert draw(book) == draw(book)
    assert draw(book, *args) != draw(book, args[0] * 2, args[1])


def test_ids_differ_between_different_drawings(book):
    a = parse(draw(book)).find(f"{NS}title").get("id")
    b = parse(draw(book, book.depth.danger_from_mm.value)).find(f"{NS}title").get("id")
    assert a != b


@pytest.mark.parametrize("tenths", range(1, 31))
def test_the_needles_title_names_the_rule_the_answer_cites(book, tenths):
    """The needle's tooltip ends with the title of the rule the answer cites for it, or with
    its status when none is cited (the zones' own rules never stand in for it)."""
    for goal in book.depth.goals:
        needle = tenths / 10
        status = needle_status(book, needle, list(goal.range_mm))
        rule_id = needle_rule(book, goal, status)
        root = parse(depth_cross_section(book, needle, list(goal.range_mm), status, rule_id))
        title = group(root, "needle").find(f"{NS}title").text
        words = NEEDLE_STATUSES[status][1]
        expected = f": {words}. {book.rule(rule_id).title}" if rule_id else f": {words}"
        assert title.endswith(expected), (goal.id, needle, title)
    # The same Rulebook drawn twice gives the same bytes (its scalp is drawn once).
    assert draw(book, 1.0, [1.0, 1.5]) == draw(book, 1.0, [1.0, 1.5])
