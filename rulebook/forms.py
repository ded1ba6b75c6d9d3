"""The calculators' forms as static HTML, rendered at build time from the field definitions.

The page paints the whole form at once; the controls stay disabled (inside a disabled
fieldset) until the worker says Python is ready. DOM contract relied on by the page script,
the tests and later work: ``<form data-calculator=NAME>``, each control named after its
field, the answer in the ``<output>`` inside the form.
"""

from __future__ import annotations

from calculators.fields import FieldSpec, format_number

from .markdown_text import attr

__all__ = ["render_form"]


def _control(spec: FieldSpec) -> str:
    ids = f"calc-{spec.name}"
    described = f"{ids}-hint {ids}-error"
    common = (f'id="{ids}" name="{attr(spec.name)}" aria-describedby="{described}"'
              + (" required" if spec.required else ""))
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
                   '<button type="button" class="md-button" data-log-add>Add</button>')
        extra = ('<ul class="calc-log-list" data-log-list aria-label="Logged sessions"></ul>'
                 '<p class="calc-log-note">Kept on this device only. '
                 '<button type="button" class="md-button" data-log-clear>Remove all</button></p>')
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
    only_when = "".join(f' data-only-when-{attr(k)}="{attr(" ".join(v))}"'
                        for k, v in spec.only_when.items())
    hint = spec.hint + (f" ({spec.accepted()})" if spec.kind == "number" else "")
    flags = f' data-kind="{attr(spec.kind)}"' + ("" if spec.in_url else ' data-in-url="false"')
    return (
        f'<div class="calc-field" data-field="{attr(spec.name)}"{flags}{only_when}>'
        f'<label for="{ids}">{attr(spec.label)}</label> <span class="calc-control">{control}</span>'
        f'<small class="calc-hint" id="{ids}-hint">{attr(hint)}</small>'
        f'<span class="calc-error" id="{ids}-error" hidden></span>{extra}'
        "</div>"
    )


def render_form(calculator: str, specs: list[FieldSpec], runtime_version: str,
                reference_href: str, rule_url_pattern: str, disclaimer: str) -> str:
    """One HTML block (no blank lines inside, so Markdown passes it through untouched)."""
    clock = next((s.name for s in specs if s.hidden and s.kind == "datetime"), "")
    specs = [s for s in specs if not s.hidden]  # e.g. `now`: the page script supplies it
    fields = "".join(_control(s) for s in specs)
    download = ('<p class="calc-download" hidden data-calc-download>'
                '<button type="button" class="md-button" data-download-ics>'
                "Download the plan (.ics)</button></p>") if calculator == "frequency" else ""
    return (
        f'<form class="calc" data-calculator="{attr(calculator)}" '
        f'data-runtime="{attr(runtime_version)}" data-rule-url="{attr(rule_url_pattern)}"'
        + (f' data-clock-field="{attr(clock)}"' if clock else "") + ' novalidate>'
        f'<p class="calc-loading" data-calc-loading>'
        f'<progress aria-label="Loading the calculator"></progress> '
        f'<span data-calc-loading-text>Loading the calculator…</span></p>'
        f'<noscript><p class="calc-noscript">This calculator runs in your browser and needs '
        f'JavaScript and WebAssembly. Without them, use the '
        f'<a href="{attr(reference_href)}">reference tables</a>.</p></noscript>'
        f'<fieldset data-calc-fields disabled><legend>Your answers</legend>{fields}</fieldset>'
        f'<output class="calc-result" for="{" ".join("calc-" + s.name for s in specs)}" '
        f'aria-live="polite" data-calc-result></output>{download}'
        f'<p class="calc-disclaimer">{attr(disclaimer)}</p>'
        "</form>"
    )
