"""One way to write a time (issue 11): in the browser, the plan list, the next session, the
log, the log's button names and the spoken status all write times in the reader's locale
(Intl.DateTimeFormat), and the calendar drawing writes none; the .ics holds times as data
only; the CLI writes one fixed format, whatever the machine's locale. Two locales here."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import pytest

import snapshot_seed
from a11y_support import add_log_entries, new_context, open_calculator, wait_answer
from conftest import ROOT

pytestmark = pytest.mark.slow
# Each locale's time of day for 20:00, and a pattern no other format's time matches.
LOCALES = {"en-US": ("8:00 PM", r"\b\d{1,2}:\d{2}\s?[AP]M\b"),
           "en-GB": ("20:00", r"\b\d{2}:\d{2}\b(?!\s?[AP]M)")}
ANY_TIME = r"\d{1,2}[:.]\d{2}"

TEXTS = """f => ({
  plan: [...f.querySelectorAll('[data-plan-entry]')].map((e) => e.textContent),
  next: [...f.querySelectorAll('[data-calc-value=next_earliest] strong')].map((e) => e.textContent),
  nextLine: [f.querySelector('[data-calc-value=next_earliest]')?.textContent ?? ''],
  log: [...f.querySelectorAll('[data-log-entry]')].map((e) => e.firstChild.textContent),
  buttons: [...f.querySelectorAll('[data-log-entry] button, [data-log-add]')].map((b) => b.getAttribute('aria-label')),
  status: [f.querySelector('[data-calc-status]').textContent],
  hints: [...f.querySelectorAll('.calc-hint')].map((e) => e.textContent),
  calendar: [[...f.querySelectorAll('.plan-calendar-svg text')].map((t) => t.textContent).join(' ')],
})"""


@pytest.mark.from_snapshot  # not about the boot
@pytest.mark.parametrize("locale", list(LOCALES))
def test_every_time_on_the_page_is_in_the_readers_format(request, browser, book, site, server, locale):
    evening, pattern = LOCALES[locale]
    context = new_context(browser, "light", locale=locale, seed=snapshot_seed.if_marked(request))
    page = context.new_page()
    form = open_calculator(page, server, "frequency", "?sessions-per-week=2&minutes=10&time=20:00")
    add_log_entries(form)
    form.locator("input[name=sessions]").fill("2026-01-01T20:00")  # the Add button names it
    wait_answer(form)
    texts = form.evaluate(TEXTS)
    page.goto("about:blank")
    context.close()
    assert texts["plan"] and all(evening in t for t in texts["plan"]), texts["plan"]
    for where in ("plan", "next", "log", "buttons", "status", "hints"):
        for text in texts[where]:
            times = re.findall(ANY_TIME, text)
            assert all(re.search(pattern, text) for _ in times) and \
                len(re.findall(pattern, text)) == len(times), (where, text)
    assert any(re.search(pattern, t) for t in texts["log"] + texts["next"] + texts["buttons"])
    # The one logged session is months old: the earliest and the preferred next session are
    # both now, one time, written once.
    assert texts["nextLine"][0].startswith("Next session: not before ") and \
        len(re.findall(pattern, texts["nextLine"][0])) == 1, texts["nextLine"]
    # The time field's hint names the rules' default time of day, in the same format.
    hour, minute = map(int, book.data.parameters.frequency.fields.default_time.split(":"))
    written = {"en-US": f"{hour % 12 or 12}:{minute:02d} {'AM' if hour < 12 else 'PM'}",
               "en-GB": f"{hour:02d}:{minute:02d}"}[locale]
    assert any(written in t for t in texts["hints"]), (written, texts["hints"])
    assert not re.search(ANY_TIME + r"|\b[AP]M\b", texts["calendar"][0]), texts["calendar"]


def test_the_cli_writes_one_fixed_format_whatever_the_locale():
    # A plan cannot start in the past (the CLI's clock is the machine's): a week from today.
    start = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    args = [sys.executable, "-m", "calculators", "frequency", "--sessions-per-week", "2",
            "--minutes", "10", "--time", "20:00", "--start", start, "--weeks", "1"]
    outputs = set()
    for lang in ("C.UTF-8", "en_US.UTF-8", "de_DE.UTF-8"):
        env = {**os.environ, "LANG": lang, "LC_ALL": lang}
        run = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=env)
        assert run.returncode == 0, run.stderr
        outputs.add(run.stdout)
    assert len(outputs) == 1
    assert re.search(r"\bat 20:00\b", outputs.pop())
