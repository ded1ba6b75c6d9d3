"""The calculators' forms as static HTML, rendered at build time from the field definitions.

The page paints the whole form at once; the controls stay disabled (inside a disabled
fieldset) until the worker says Python is ready.

The DOM contract between this generator and the page glue (docs/assets/js/calculators*.mjs
and calculators-file.js) is written here once, as `DOM_CONTRACT`: every `data-*` attribute
and slot class either side relies on, the element that carries it and what the glue does
with it. The renderer below spells each one through its constant, and
tests/test_page_glue.py holds the glue to the table (a fast test, no browser).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from calculators.fields import FieldSpec, format_number

from .markdown_text import attr

__all__ = ["DOM_CONTRACT", "Hook", "render_form"]


@dataclass(frozen=True)
class Hook:
    """One entry of the DOM contract."""

    name: str  # "data-x"; ending in "-", a prefix completed by a field name; ".x", a class
    on: str  # the element that carries it, and that element's role
    job: str  # what the page glue does with it
    # "forms.py": rendered here, read by the glue; "glue": set at run time; "main.html": written
    # by the theme override (overrides/main.html) on calculator pages
    set_by: str = "forms.py"

    def __str__(self) -> str:
        return self.name

    @property
    def class_name(self) -> str:
        return self.name.removeprefix(".")


# ---- rendered here, read by the glue ----
CALCULATOR = Hook("data-calculator", "<form>", "the calculator's name, sent to the worker; "
                  "the glue binds every form[data-calculator] once")
RUNTIME = Hook("data-runtime", "<form>", "the wheel's content hash: the worker's cache key")
RULE_URL = Hook("data-rule-url", "<form>", "where a rule lives, relative to the site's root, "
                "with {topic} and {rule}: the glue links each message to its rule")
CLOCK_FIELD = Hook("data-clock-field", "<form>, when a calculator has a hidden datetime field",
                   "the input the glue sets to the reader's local time (no zone)")
LOADING = Hook("data-calc-loading", "<p> with a <progress>, visible while Python loads",
               "hidden when ready; on failure the progress goes and the text says why")
LOADING_TEXT = Hook("data-calc-loading-text", "<span> inside data-calc-loading",
                    "the loading line's text (also set by calculators-file.js under file://)")
FIELDS = Hook("data-calc-fields", "<fieldset disabled> around every field",
              "enabled when the worker is ready")
FIELD = Hook("data-field", "<div> per field (value: its name), holding one <input> or "
             "<select> named after the field", "visibility, values, errors and the URL, per field")
KIND = Hook("data-kind", "each data-field <div>: choice, number, date, time, datetime-list",
            "datetime-list: the value is the session log, not the control's")
IN_URL = Hook("data-in-url", 'a data-field <div>, only as "false"', "never put in the page's URL")
ONLY_WHEN = Hook("data-only-when-", 'a data-field <div>: data-only-when-OTHER="v1 v2"',
                 "shown, and sent, only while the field OTHER holds one of the values")
ERROR_SLOT = Hook(".calc-error", "<span hidden> in each data-field <div>",
                  "the field's error message (textContent), with aria-invalid on the control")
LOG_ADD = Hook("data-log-add", "<button> beside a datetime-list control",
               "adds the control's value to the session log (so does Enter)")
LOG_LIST = Hook("data-log-list", "<ul> in a datetime-list field", "the logged sessions, each removable")
LOG_CLEAR = Hook("data-log-clear", "<button> in a datetime-list field", "empties the log; hidden when empty")
MAX_ENTRIES = Hook("data-max-entries", "each datetime-list data-field <div>: the most entries, "
                   "rules.yaml's max_log_entries", "reads at most one more from storage, so that "
                   "Python refuses a log over the limit at the field instead of the page trimming it")
FAILED = Hook("data-calc-failed", "<div role=alert hidden> after the loading line",
              "shown when the calculator cannot start or stops answering: why, Try again, "
              "and a link to the reference tables, which need no script")
FAILED_TEXT = Hook("data-calc-failed-text", "<p> in data-calc-failed", "the reason, in plain words")
FAILED_DETAIL = Hook("data-calc-failed-detail", "<small> in data-calc-failed",
                     "the technical detail (the browser's own message), for a bug report")
RETRY = Hook("data-calc-retry", "<button> in data-calc-failed", "starts a new worker: Try again")
LOG_EXPORT = Hook("data-log-export", "<button> in a datetime-list field", "saves the log as a JSON file")
LOG_IMPORT = Hook("data-log-import", "<button> in a datetime-list field", "opens the file picker")
LOG_FILE = Hook("data-log-file", "<input type=file hidden> in a datetime-list field",
                "the chosen file: read, validated, then added after asking if the log is not empty")
LOG_STATUS = Hook("data-log-status", "<p role=status> in a datetime-list field",
                  "what export, import and the browser's storage did, in words")
LOG_DIALOG = Hook("data-log-dialog", "<dialog> in a datetime-list field",
                  "asks before an import changes a log that is not empty: merge, replace or cancel")
LOG_DIALOG_TEXT = Hook("data-log-dialog-text", "<p> in data-log-dialog", "what each choice keeps")
LOG_CHOICE = Hook("data-log-choice", "<button> in data-log-dialog: merge, replace or cancel",
                  "the reader's answer")
LOCAL_TIME = Hook("data-local-time", '<time datetime="HH:MM"> around a time of day in a hint',
                  "rewritten in the reader's locale (8:00 PM or 20:00), as the answer writes times")
RESULT = Hook("data-calc-result", "<div> after the fields, not a live region",
              "the answer, built from DOM nodes on every input (the status line speaks for it)")
STATUS = Hook("data-calc-status", '<p role="status">, visually hidden, before the answer',
              "one sentence that sums the answer up, written once the input settles (a change "
              "event, or a pause in typing): a screen reader hears one update per change")
DOWNLOAD = Hook("data-calc-download", "<p hidden>, frequency only", "shown while there is a plan")
DOWNLOAD_ICS = Hook("data-download-ics", "<button> in data-calc-download",
                    "asks the worker for the plan as an .ics file and saves it")

# ---- set by the glue at run time (tests and CSS read them; never rendered here) ----
GLUE_SET = (
    Hook("data-calc-bound", "<form>", "bound once: document$ emits on every page", "glue"),
    Hook("data-ready", "<form>", "the worker answered init; the form is enabled", "glue"),
    Hook("data-answered", "<form>", "a first answer is shown (bench/ marks the time)", "glue"),
    Hook("data-verdict", "the data-calc-result <div> and its verdict <p>", "ok, caution, not-recommended or invalid", "glue"),
    Hook("data-rule", "<li> per message in the answer", "the rule id the message comes from", "glue"),
    Hook("data-note", "<li> of a message that is a note", "which note (plan-capped, "
         "plan-shorter): what the calculator did with the inputs, and why", "glue"),
    Hook("data-calc-value", "elements of the answer", "which result key the element shows", "glue"),
    Hook("data-plan-entry", "<li> per planned session", "the session's local ISO time", "glue"),
    Hook("data-log-entry", "<li> per logged session", "the entry's local ISO time", "glue"),
    Hook("data-from-url", "<option> added to a <select>", "a value from an edited URL, kept so "
         "that Python names the problem", "glue"),
    Hook("data-boot", "<form>", "how the worker booted: snapshot (a warm start) or cold "
         "(tests and bench/ read it)", "glue"),
    Hook("data-calc-snapshot", "<html>", "the warm-start snapshot's fate once the worker tried: "
         "saved, no-room or failed (tests and bench/ read it)", "glue"),
    Hook("data-calc-snapshot-taken", "<html>", "when a cold worker copied its memory: before-answer "
         "or after-answer (the first answer was to the form as built; tests read it)", "glue"),
    Hook("data-failed", "<form>", "the calculator cannot run now (data-calc-failed says why)", "glue"),
    Hook("data-stale-build", "<html>", "a newer build took over while the page was open: "
         "links load pages in full (offline.mjs)", "glue"),
    Hook("data-theme-loaded", "<html>", "the theme's bundle, held back on a calculator page opened "
         "in full, has loaded and started (theme-later.js; tests read it)", "glue"),
    Hook("data-persisted", "a datetime-list field's data-log-status",
         "what navigator.storage.persist() answered: granted, denied or unsupported", "glue"),
)

# ---- written by overrides/main.html on a calculator page, read by the glue ----
THEME_LATER = Hook("data-theme-later", '<script type="text/plain"> in place of the theme\'s bundle',
                   "the bundle's URL: theme-later.js loads it after the first answer", "main.html")

DOM_CONTRACT: tuple[Hook, ...] = (
    CALCULATOR, RUNTIME, RULE_URL, CLOCK_FIELD, LOADING, LOADING_TEXT, FIELDS, FIELD, KIND, IN_URL,
    ONLY_WHEN, ERROR_SLOT, LOG_ADD, LOG_LIST, LOG_CLEAR, MAX_ENTRIES, LOG_EXPORT, LOG_IMPORT, LOG_FILE,
    LOG_STATUS, LOG_DIALOG, LOG_DIALOG_TEXT, LOG_CHOICE, FAILED, FAILED_TEXT, FAILED_DETAIL, RETRY,
    LOCAL_TIME, RESULT, STATUS, DOWNLOAD, DOWNLOAD_ICS, *GLUE_SET, THEME_LATER,
)


def _control(spec: FieldSpec) -> str:
    ids = f"calc-{spec.name}"
    described = f"{ids}-hint {ids}-error"
    # A required <select> without an empty first option is invalid HTML (W3C): ours always
    # hold a value, so `required` is only said of the fields that can be left empty.
    required = spec.required and spec.kind != "choice"
    common = (f'id="{ids}" name="{attr(spec.name)}" aria-describedby="{described}"'
              + (" required" if required else ""))
    extra = ""
    if spec.kind == "choice":
        options = [] if spec.required else ['<option value="">Not given</option>']
        options += [f'<option value="{attr(v)}">{attr(label)}</option>' for v, label in spec.options]
        control = f"<select {common}>{''.join(options)}</select>"
    elif spec.kind in ("date", "time"):
        control = f'<input type="{spec.kind}" {common} autocomplete="off">'
    elif spec.kind == "datetime-list":
        # The log: entries are kept on the reader's device only (localStorage), never in the
        # URL and never sent anywhere; the page script fills the list.
        control = (f'<input type="datetime-local" {common} autocomplete="off">'
                   f'<button type="button" class="md-button" {LOG_ADD}>Add</button>')
        extra = (f'<ul class="calc-log-list" {LOG_LIST} aria-label="Logged sessions"></ul>'
                 '<p class="calc-log-note">Kept on this device only. '
                 f'<button type="button" class="md-button" {LOG_CLEAR}>Remove all</button> '
                 f'<button type="button" class="md-button" {LOG_EXPORT}>Save to a file</button> '
                 f'<button type="button" class="md-button" {LOG_IMPORT}>Add from a file</button>'
                 f'<input type="file" accept=".json,application/json" hidden {LOG_FILE} '
                 f'aria-label="A saved session log (.json)"></p>'
                 f'<p class="calc-log-status" role="status" {LOG_STATUS}></p>'
                 + _import_dialog(ids))
    else:
        limits = "".join(f' {k}="{format_number(v)}"' for k, v in
                         (("min", spec.minimum), ("max", spec.maximum), ("step", spec.step))
                         if v is not None)
        mode = "numeric" if spec.integer else "decimal"
        # A default from rules.yaml is where the form starts: a first visit gets an answer.
        value = f' value="{format_number(spec.default)}"' if spec.default is not None else ""
        control = (f'<input type="number" {common}{limits}{value} inputmode="{mode}" '
                   'autocomplete="off">')
        if spec.unit:
            control += f' <span class="calc-unit">{attr(spec.unit)}</span>'
    only_when = "".join(f' {ONLY_WHEN}{attr(k)}="{attr(" ".join(v))}"'
                        for k, v in spec.only_when.items())
    hint = spec.hint + (f" ({spec.accepted()})" if spec.kind == "number" else "")
    flags = f' {KIND}="{attr(spec.kind)}"' + ("" if spec.in_url else f' {IN_URL}="false"')
    if spec.kind == "datetime-list" and spec.maximum is not None:
        flags += f' {MAX_ENTRIES}="{format_number(spec.maximum)}"'
    return (
        f'<div class="calc-field" {FIELD}="{attr(spec.name)}"{flags}{only_when}>'
        f'<label for="{ids}">{attr(spec.label)}</label> <span class="calc-control">{control}</span>'
        f'<small class="calc-hint" id="{ids}-hint">{_times_marked(attr(hint))}</small>'
        f'<span class="{ERROR_SLOT.class_name}" id="{ids}-error" hidden></span>{extra}'
        "</div>"
    )


def _import_dialog(ids: str) -> str:
    # Not a nested <form method=dialog> (forms cannot nest): the glue closes it on a choice.
    # A dialog is a sectioning root: its own outline starts at <h2> (html-validate).
    return (f'<dialog class="calc-log-dialog" {LOG_DIALOG} aria-labelledby="{ids}-import-title">'
            f'<h2 id="{ids}-import-title">Add the saved sessions?</h2><p {LOG_DIALOG_TEXT}></p>'
            f'<p><button type="button" class="md-button md-button--primary" {LOG_CHOICE}="merge">'
            'Add to my log</button> '
            f'<button type="button" class="md-button" {LOG_CHOICE}="replace">Replace my log</button> '
            f'<button type="button" class="md-button" {LOG_CHOICE}="cancel">Cancel</button></p>'
            '</dialog>')


# A time of day in a hint (the rules' default time): marked, so that the page writes it as
# it writes every other time, in the reader's locale, not "20:00" beside "8:00 PM".
_TIME_OF_DAY = re.compile(r"\b(?:[01]\d|2[0-3]):[0-5]\d\b")


def _times_marked(escaped_hint: str) -> str:
    return _TIME_OF_DAY.sub(lambda m: f'<time datetime="{m[0]}" {LOCAL_TIME}>{m[0]}</time>',
                            escaped_hint)


def render_form(calculator: str, specs: list[FieldSpec], runtime_version: str,
                reference_href: str, rule_url_pattern: str, disclaimer: str) -> str:
    """One HTML block (no blank lines inside, so Markdown passes it through untouched)."""
    clock = next((s.name for s in specs if s.hidden and s.kind == "datetime"), "")
    specs = [s for s in specs if not s.hidden]  # e.g. `now`: the page script supplies it
    fields = "".join(_control(s) for s in specs)
    download = (f'<p class="calc-download" hidden {DOWNLOAD}>'
                f'<button type="button" class="md-button" {DOWNLOAD_ICS}>'
                "Download the plan (.ics)</button></p>") if calculator == "frequency" else ""
    return (
        f'<form class="calc" {CALCULATOR}="{attr(calculator)}" '
        f'{RUNTIME}="{attr(runtime_version)}" {RULE_URL}="{attr(rule_url_pattern)}"'
        + (f' {CLOCK_FIELD}="{attr(clock)}"' if clock else "") + ' novalidate>'
        f'<p class="calc-loading" {LOADING}>'
        f'<progress aria-label="Loading the calculator"></progress> '
        f'<span {LOADING_TEXT}>Loading the calculator…</span></p>'
        f'<div class="calc-failed" role="alert" hidden {FAILED}><p {FAILED_TEXT}></p>'
        f'<p><button type="button" class="md-button md-button--primary" {RETRY}>Try again</button> '
        f'or use the <a href="{attr(reference_href)}">reference tables</a>, which work without it.</p>'
        f'<small {FAILED_DETAIL}></small></div>'
        f'<noscript><p class="calc-noscript">This calculator runs in your browser and needs '
        f'JavaScript and WebAssembly. Without them, use the '
        f'<a href="{attr(reference_href)}">reference tables</a>.</p></noscript>'
        f'<fieldset {FIELDS} disabled><legend>Your answers</legend>{fields}</fieldset>'
        f'<p class="calc-status" role="status" {STATUS}></p>'
        f'<div class="calc-result" {RESULT}></div>{download}'
        f'<p class="calc-disclaimer">{attr(disclaimer)}</p>'
        "</form>"
    )
