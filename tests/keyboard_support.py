"""Keyboard helpers for the browser tests: where focus is, whether a reader can see it (a ring
on the element, WCAG 2.4.7, that nothing of ours covers, 2.4.11), and typing a date-time
into Chromium's datetime-local field segment by segment, as a keyboard user does."""

from __future__ import annotations

import datetime as dt

# The focused element, or for a visually hidden control (Material's palette radios) the
# label beside it, for it, or (a radio) the visible one of its group; its ring (outline or box-shadow) and whether the topmost element
# at its centre is itself (not the sticky header or anything else).
FOCUS_STATE = """() => {
  const el = document.activeElement;
  const sized = (n) => { const r = n.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const beside = el.nextElementSibling?.tagName === "LABEL" ? [el.nextElementSibling] : [];
  const group = el.type === "radio" && el.form ? [...el.form.querySelectorAll("label")] : [];
  const shown = sized(el) ? el : [...beside, ...(el.labels || []), ...group].find(sized);
  const ring = (n) => { const s = getComputedStyle(n);
    return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none"; };
  let covered = true;
  if (shown) {
    const r = shown.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    covered = !(hit && (shown.contains(hit) || hit.contains(shown) || hit.control === el));
  }
  return { id: el.id, tag: el.tagName, cls: String(el.className), name: el.getAttribute("aria-label") || el.textContent.trim().slice(0, 40),
           value: el.value ?? null, seen: Boolean(shown) && ring(shown), covered,
           inForm: Boolean(el.closest("form[data-calculator]")) };
}"""

# Two frames, then every running transition (the search overlay fades out) at its end.
SETTLED = """() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
  .then(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))))"""


def focus_state(page) -> dict:
    page.evaluate(SETTLED)
    return page.evaluate(FOCUS_STATE)


def press(page, key: str, stops: list) -> dict:
    """Press a key; record where focus is, for the visibility checks."""
    page.keyboard.press(key)
    state = focus_state(page)
    stops.append(state)
    return state


def tab_to(page, target, stops: list, limit: int = 60, key: str = "Tab") -> dict:
    """Tab until focus is on `target`: an element id, or a test of the focus state."""
    reached = target if callable(target) else (lambda state: state["id"] == target)
    for _ in range(limit):
        state = press(page, key, stops)
        if reached(state):
            return state
    raise AssertionError(f"{key} never reached {target}: {[s['id'] or s['name'] for s in stops[-limit:]]}")


def unseen(stops: list) -> list:
    """Focus stops without a visible ring, or covered by something else."""
    return [(s["tag"], s["id"] or s["name"], s["cls"], "no ring" if not s["seen"] else "covered")
            for s in stops if s["tag"] != "BODY" and (not s["seen"] or s["covered"])]


def type_datetime(page, when: dt.datetime):
    """Chromium's datetime-local in the en-US layout (mm/dd/yyyy, hh:mm AM/PM), with focus on
    its first segment: Tab moves from segment to segment, as for a reader."""
    hour12 = when.hour % 12 or 12
    for part in (f"{when:%m}", f"{when:%d}", f"{when:%Y}"):
        page.keyboard.type(part)
    page.keyboard.press("Tab")  # the year takes up to six digits: move on by hand
    page.keyboard.type(f"{hour12:02d}")
    page.keyboard.type(f"{when:%M}")
    page.keyboard.type("P" if when.hour >= 12 else "A")


def leave_backwards(page, element_id: str, stops: list, limit: int = 8):
    """Shift+Tab out of a segmented field (back to the control before it)."""
    for _ in range(limit):
        if press(page, "Shift+Tab", stops)["id"] != element_id:
            return
    raise AssertionError(f"Shift+Tab never left #{element_id}")
