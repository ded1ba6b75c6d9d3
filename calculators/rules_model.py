"""The model of rules.yaml: what each key means, its type and its limits.

The dataclasses are the single description of the file: loading (`typed_load.load`), the
editors' JSON Schema and the field reference on the editors' page all come from them.
Cross-references and ranges are checked afterwards, in `rules._check`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .review_model import BUILD_ONLY, Change, ReviewPolicy
from .typed_load import field

__all__ = [
    "LEVELS", "VERDICTS", "VERDICT_OF_LEVEL", "WHY_SOURCES", "NOTES", "ReviewPolicy", "Source",
    "Topic", "Citation", "Change", "Rule", "Goal", "Area", "Value",
    "Span", "FieldLimits", "Anatomy", "DepthFields", "DepthParameters", "FrequencyFields",
    "FrequencyParameters", "Parameters", "Expectation", "Example", "RulesFile",
]

LEVELS = ("info", "caution", "danger")
VERDICTS = ("ok", "caution", "not-recommended")
# A calculator's verdict is derived from its messages, never set beside them: the verdict of
# the most serious level among them (info leaves it ok).
VERDICT_OF_LEVEL = dict(zip(LEVELS, VERDICTS))
WHY_SOURCES = ("source", "editorial")
# Messages that are not a rule's advice but say what a calculator did with the inputs, and why
# (each still cites the rule of the limit it kept to): their ids.
NOTES = ("plan-capped", "plan-shorter")
ID_PATTERN = r"[a-z0-9]+(?:[.-][a-z0-9]+)*"
_ID = dict(pattern=ID_PATTERN,
           pattern_fix="use lower-case letters, digits, and '.' or '-' between words")
@dataclass(frozen=True)
class Source:
    """A published source that rules quote."""

    id: str = field(doc="Stable id that rules cite, e.g. clinic-article.", example="clinic-article", **_ID)
    title: str = field(doc="The source's own title.")
    author: str = field(doc="Who published it.")
    text_file: str | None = field(
        doc="File name of the source's text, looked up in the configured source-text "
            "directory; quotes are checked against it when it is there.", default=None, raw=True)


@dataclass(frozen=True)
class Topic:
    """A reference page: rules are grouped by topic."""

    id: str = field(doc="Stable id; also the page's address.", example="depth", **_ID)
    title: str = field(doc="Page title.")
    summary: str = field(doc="One or two sentences that open the page.")


@dataclass(frozen=True)
class Citation:
    """Where a rule comes from: a source and a short verbatim quote from it."""

    id: str = field(doc="Id of a source in `sources`.", example="clinic-article", **_ID)
    quote: str = field(doc="A short verbatim quote from the source (one phrase or sentence).")


@dataclass(frozen=True)
class Rule:
    """One piece of advice, shown at its own anchor on its topic's page."""

    id: str = field(doc="Stable id, lower-case, dotted or kebab: depth.hair-target.",
                    example="depth.hair-target", **_ID)
    topic: str = field(doc="Id of the topic whose page shows this rule.", example="depth")
    title: str = field(doc="Short title.")
    level: str = field(doc="How serious: info (the verdict stays ok), caution (verdict caution) "
                           "or danger (verdict not-recommended), wherever a calculator shows it.",
                       enum=LEVELS)
    advice: str = field(doc="The advice in plain words; also the calculators' message text.")
    # The pages show it, the calculators never do: left out of the wheel's copy (bytes).
    why: str = field(doc="Why, in a sentence or two.", **BUILD_ONLY)
    reviewed: date = field(
        doc="The day this rule was last reviewed (checked against its source and the site's "
            "policy), YYYY-MM-DD; never after today. The pages show it beside the rule.",
        example="2026-11-25", **BUILD_ONLY)
    source: Citation | None = field(doc="The source and verbatim quote. Omit only when editorial.",
                                    default=None)
    editorial: bool = field(doc="true for advice the source does not give; shown as editorial.",
                            default=False)
    why_source: str = field(
        doc="Where the 'why' comes from: source (the article gives this reason) or editorial "
            "(the site's own reasoning; the page says so). An editorial rule's why is editorial.",
        default="source", enum=WHY_SOURCES)
    goals: list[str] = field(
        doc="Ids of the depth calculator's goals this rule is for (e.g. [hair]); the "
            "calculators never show it for another goal. Omit when it applies to every goal.",
        default=(), example="[hair]", **_ID)
    reviewed_by: str | None = field(
        doc="Who did the last review: one of review_policy.roles (a role, not a person's name).",
        default=None, example="site editor", **BUILD_ONLY)
    changes: list[Change] = field(
        doc="The changes made to this rule's advice at its reviews, newest first: the changes "
            "page lists them. Add one when a review changes what the rule says.",
        default=(), **BUILD_ONLY)


@dataclass(frozen=True)
class Goal:
    """An option of the depth calculator's goal field."""

    id: str = field(doc="Option value.", example="hair", **_ID)
    label: str = field(doc="Option label shown to readers.")
    range_mm: tuple[float, float] = field(doc="Recommended needle length [low, high] in mm.",
                                          example="[1.0, 1.5]", min=0, max=10)
    rules: list[str] = field(doc="Ids of the rules that justify the range, shown with every "
                                 "answer for this goal.", example="[depth.hair-target]")
    shorter_rule: str = field(doc="Id of the rule shown when the needle is shorter than the range.")
    longer_rule: str | None = field(
        doc="Id of the rule shown when the needle is longer than the range but not longer than "
            "max_useful_mm; needed when the range ends below max_useful_mm.", default=None)
    asks_area: bool = field(doc="true when the calculator asks about the area and the hair "
                                "left (the hair goal).", default=False)


@dataclass(frozen=True)
class Area:
    """An option of the depth calculator's area field (hair goal)."""

    id: str = field(doc="Option value.", example="thinning", **_ID)
    label: str = field(doc="Option label shown to readers.")
    rule: str = field(doc="Id of the rule for this area; its level sets the verdict.")
    thin_skin: bool = field(doc="true where the skin is thinning with the hair: the answer adds "
                                "thin_skin_rule.", default=False)


@dataclass(frozen=True)
class Value:
    """A number tied to the rule that justifies it."""

    value: float = field(doc="The number.", min=0)
    rule: str = field(doc="Id of the rule that justifies it.")


@dataclass(frozen=True)
class Span:
    """A range in mm tied to the rule that justifies it."""

    range: tuple[float, float] = field(doc="[low, high] in mm.", example="[1.0, 1.5]", min=0, max=10)
    rule: str = field(doc="Id of the rule that justifies it.")


@dataclass(frozen=True)
class FieldLimits:
    """The limits of a number field in the calculators' forms."""

    min: float = field(doc="Smallest accepted value.")
    max: float = field(doc="Largest accepted value.")
    step: float = field(doc="Step of the form control.", min=0)
    default: float | None = field(doc="The value a form opens with and the calculators use when "
                                      "the field is not given; omit for an optional field.",
                                  default=None)


@dataclass(frozen=True)
class Anatomy:
    """Depths drawn in the cross-section diagram."""

    bulge_mm: Span = field(doc="Where the bulge (stem cells) sits under the skin.")
    follicle_base_mm: Span = field(doc="Where the follicle's base sits.")


@dataclass(frozen=True)
class DepthFields:
    """Limits of the depth calculator's number fields."""

    needle_mm: FieldLimits = field(doc="Needle length in mm.")
    shaft_percent: FieldLimits = field(doc="Remaining hair shaft thickness in percent.")


@dataclass(frozen=True)
class DepthParameters:
    """What the depth calculator computes with."""

    goals: list[Goal] = field(doc="Options of the goal field, each with its recommended range.")
    areas: list[Area] = field(doc="Options of the area field (hair goal).")
    max_useful_mm: Value = field(doc="Longer needles than this are more than needed.")
    danger_from_mm: Value = field(doc="From this length on, the follicle is at risk.")
    shaft_restorable_min_percent: Value = field(
        doc="Hairs thinner than this percentage of their original shaft cannot be restored.")
    thin_skin_rule: str = field(doc="Rule shown for areas marked thin_skin: thinner skin.")
    anatomy: Anatomy = field(doc="Depths for the diagram.")
    fields: DepthFields = field(doc="Limits of the form's number fields.")


@dataclass(frozen=True)
class FrequencyFields:
    """Limits of the frequency calculator's number fields."""

    sessions_per_week: FieldLimits = field(doc="Planned sessions a week.")
    minutes: FieldLimits = field(doc="Planned minutes a session.")
    weeks: FieldLimits = field(doc="Weeks to plan.")
    needle_mm: FieldLimits = field(doc="Needle length in mm.")
    default_time: str = field(doc="Time of day of planned sessions when none is given and "
                                  "nothing is logged, as HH:MM.", example="20:00",
                              pattern=r"(?:[01][0-9]|2[0-3]):[0-5][0-9]",
                              pattern_fix="write a 24-hour time as HH:MM")
    max_log_entries: int = field(doc="The most sessions the log holds, in the browser and the "
                                     "CLI alike (a technical bound, not advice).", min=1, max=10000)


@dataclass(frozen=True)
class FrequencyParameters:
    """What the frequency calculator computes with."""

    max_sessions_per_week: Value = field(doc="At most this many sessions in any 7 days.")
    min_gap_hours: Value = field(doc="Sessions at least this many hours apart.")
    preferred_gap_hours: Value = field(doc="Preferred hours between sessions.")
    long_session_minutes: Value = field(doc="Sessions this long or longer are overdoing it.")
    daily_rule: str = field(doc="Rule shown for daily sessions or sessions too close together.")
    calendar_reminder: list[str] = field(
        doc="Ids of the rules whose advice every session of the downloaded calendar repeats, "
            "in this order.", example="[frequency.healing]")
    fields: FrequencyFields = field(doc="Limits of the form's number fields.")


@dataclass(frozen=True)
class Parameters:
    """The calculators' parameters, each tied to a rule."""

    depth: DepthParameters = field(doc="Needle-depth calculator.")
    frequency: FrequencyParameters = field(doc="Session-frequency calculator.")


@dataclass(frozen=True)
class Expectation:
    """What a golden example must produce; keys left out are not compared."""

    verdict: str = field(doc="Expected verdict.", enum=VERDICTS)
    rules: list[str] = field(doc="Expected rule ids of the advice messages, in order.")
    notes: list[str] = field(doc="Expected notes (what the planner did and why: "
                                 "plan-capped, plan-shorter), in order.", default=(), enum=NOTES)
    recommended_mm: tuple[float, float] | None = field(doc="Expected range (depth).", default=None)


@dataclass(frozen=True)
class Example:
    """A golden example: calculator inputs and the result they must give."""

    name: str = field(doc="What the example shows.")
    calculator: str = field(doc="depth or frequency.", enum=("depth", "frequency"))
    inputs: dict = field(doc="Field values, as a reader would enter them.")  # checked by the calculator's fields
    expect: Expectation = field(doc="The expected result.")


@dataclass(frozen=True)
class RulesFile:
    """All of the site's guidance: sources, topics, rules, calculator parameters, examples."""

    schema_version: int = field(doc="Version of this file's format: 1.", min=1, max=1)
    review_policy: ReviewPolicy = field(
        doc="How long a review holds, and who reviews.",
        example="{months: 12, notice_days: 30, roles: [site editor]}", **BUILD_ONLY)
    sources: list[Source] = field(doc="Published sources that rules quote.")
    topics: list[Topic] = field(doc="Reference pages, in the order the site shows them.")
    rules: list[Rule] = field(doc="The advice, one rule each.")
    parameters: Parameters = field(doc="The calculators' numbers, each tied to a rule.")
    # The tests read them from rules.yaml; the browser never does: not in the wheel's copy.
    examples: list[Example] = field(doc="Golden examples run by the tests in CPython and Pyodide.",
                                    **BUILD_ONLY)
