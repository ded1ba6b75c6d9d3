"""rules.yaml from disk to a Rulebook, or to messages an editor can act on.

Every problem becomes one line in the form editors' tools understand:
``rules.yaml:LINE:COL: what is wrong — what to do``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from calculators.api import run
from calculators.rules import Rulebook, RulesError
from calculators.typed_load import Problem, format_path

from . import reviews, yaml_source

__all__ = ["Diagnostic", "RulesFileError", "Loaded", "load", "load_located", "read_source_texts"]


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int
    column: int
    message: str
    fix: str
    where: str = ""  # the document path, e.g. rules[3].source.quote

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{self.file}:{self.line}:{self.column}: {where}{self.message} — {self.fix}"


class RulesFileError(Exception):
    """The rules file cannot be used; ``diagnostics`` lists every reason, one a line."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(map(str, diagnostics)))


def read_source_texts(rules_data: object, directory: Path | None) -> dict[str, str | None]:
    """The text of each source named in the file, None where the file is not at hand."""
    texts: dict[str, str | None] = {}
    sources = rules_data.get("sources") if isinstance(rules_data, dict) else None
    for source in sources if isinstance(sources, list) else []:
        name = source.get("text_file") if isinstance(source, dict) else None
        if not isinstance(name, str) or not name:
            continue
        path = directory / Path(name).name if directory else None  # .name: stay in the directory
        try:
            texts[name] = path.read_text("utf-8") if path else None
        except (OSError, UnicodeDecodeError):
            texts[name] = None
    return texts


@dataclass(frozen=True)
class Loaded:
    """A rules file that loaded, with what is needed to name its lines afterwards."""

    book: Rulebook
    located: yaml_source.Located
    shown: str  # the file as messages name it
    today: dt.date  # the day it was checked as (reviews.today)

    def at(self, path: tuple, message: str, fix: str) -> Diagnostic:
        line, col = self.located.position(path)
        return Diagnostic(self.shown, line, col, message, fix, format_path(path))

    def reviews_due(self) -> list[Diagnostic]:
        """The rules whose review is due or overdue today, each at its `reviewed:` line: a
        warning for editors (`make check`, `mkdocs serve`), an error only where asked."""
        return [self.at(("rules", d.index, "reviewed"), d.message(), d.fix())
                for d in reviews.due(self.book, self.today)]


def load(path: Path, source_texts_dir: Path | None, shown_as: str | None = None, *,
         today: dt.date | None = None) -> Rulebook:
    """Load and check a rules file; raise RulesFileError with all problems."""
    return load_located(path, source_texts_dir, shown_as, today=today).book


def load_located(path: Path, source_texts_dir: Path | None, shown_as: str | None = None, *,
                 today: dt.date | None = None) -> Loaded:
    """`load`, keeping the file's positions. ``today`` defaults to `reviews.today()`: a
    review date after it is an error."""
    shown = shown_as or str(path)
    if today is None:
        try:
            today = reviews.today()
        except reviews.TodayError as e:
            raise RulesFileError([Diagnostic(shown, 1, 1, e.message, e.fix)]) from None
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise RulesFileError([Diagnostic(shown, 1, 1, f"cannot read the file ({e.strerror})",
                                         "check the path (RULES=... or the plugin's rules_file)")]) from None
    located = yaml_source.parse(raw)
    if isinstance(located, yaml_source.SourceProblem):
        raise RulesFileError([Diagnostic(shown, located.line, located.column,
                                         located.message, located.fix)])
    try:
        book = Rulebook.from_data(located.data, read_source_texts(located.data, source_texts_dir))
        problems = example_input_problems(book) + reviews.problems(book, today)
    except RulesError as e:
        problems = e.problems
    if problems:
        diagnostics = []
        for p in problems:
            line, col = located.position(p.path, p.at_key)
            diagnostics.append(Diagnostic(shown, line, col, p.message, p.fix, format_path(p.path)))
        diagnostics.sort(key=lambda d: (d.line, d.column))
        raise RulesFileError(diagnostics) from None
    return Loaded(book, located, shown, today)


def example_input_problems(book: Rulebook) -> list[Problem]:
    """The golden examples' inputs, checked as the calculators check a reader's: each field,
    then what needs the clock (a log entry after `now`, a start before today)."""
    problems = []
    for i, example in enumerate(book.data.examples):
        result = run(example.calculator, dict(example.inputs), book)
        for name, message in ({} if result["valid"] else result["errors"]).items():
            problems.append(Problem(("examples", i, "inputs", name) if name else ("examples", i, "inputs"),
                                    message, "give the example an input the form would accept "
                                    "(with a log or a start date, give it 'now' too, so that it "
                                    "does not depend on the day it runs)", at_key=True))
    return problems
