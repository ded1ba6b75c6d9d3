"""`python -m rulebook check|schema|export`: the editors' and the Makefile's commands."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from calculators import rules_model
from calculators.rules import EMBEDDED_RULES

from .bundle import rules_json
from .json_schema import json_schema
from .loading import Loaded, RulesFileError, load_located
from .reviews import TODAY_ENV, TodayError, today


def _load(args: argparse.Namespace) -> Loaded:
    texts = Path(args.source_texts) if args.source_texts else None
    if texts is not None and not texts.is_dir():
        texts = None
    return load_located(Path(args.rules), texts, shown_as=args.rules, today=today(args.today))


def _reviews_due(loaded: Loaded, rules: str, strict: bool) -> int:
    """The rules whose review is due or overdue, on stderr: a warning (exit 0), or with
    --strict-reviews an error (exit 1), for a release pipeline that wants one."""
    due = loaded.reviews_due()
    for d in due:
        print(d, file=sys.stderr)
    if not due:
        return 0
    print(f"{rules}: {len(due)} rule(s) due or overdue for review on {loaded.today.isoformat()}"
          + (" (--strict-reviews: failing)" if strict else
             " (a warning; STRICT_REVIEWS=1 or --strict-reviews makes it an error)"), file=sys.stderr)
    return 1 if strict else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rulebook")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (("check", "validate a rules file; non-zero exit on any problem"),
                       ("export", "write the rules as JSON into the calculators package")):
        p = sub.add_parser(name, help=text)
        p.add_argument("rules", nargs="?", default="rules.yaml")
        p.add_argument("--source-texts", default="../shared/seed",
                       help="directory with the sources' texts, for the quote check")
        p.add_argument("--today", metavar="YYYY-MM-DD",
                       help=f"check as on this day (default: ${TODAY_ENV}, else the machine's date)")
    sub.choices["check"].add_argument(
        "--strict-reviews", action="store_true",
        help="exit 1 when a rule's review is due or overdue (default: list them, exit 0)")
    sub.add_parser("schema", help="print the JSON Schema of rules.yaml")
    args = parser.parse_args(argv)

    if args.command == "schema":
        schema = json_schema(rules_model.RulesFile, "Derma rolling guidance rules (rules.yaml)")
        print(json.dumps(schema, indent=2, ensure_ascii=False))
        return 0
    try:
        loaded = _load(args)
    except TodayError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except RulesFileError as e:
        print(e, file=sys.stderr)
        print(f"{len(e.diagnostics)} problem(s) in {args.rules}", file=sys.stderr)
        return 1
    book = loaded.book
    if args.command == "check":
        rules = len(book.data.rules)
        print(f"{args.rules}: OK: {rules} rules in {len(book.data.topics)} topics, "
              f"{len(book.data.examples)} examples")
        for source in book.unverified_sources:
            print(f"{args.rules}: note: quotes of source '{source}' were not verified: "
                  f"its text is not in {args.source_texts}")
        return _reviews_due(loaded, args.rules, args.strict_reviews)
    target = Path(__file__).resolve().parent.parent / "calculators" / EMBEDDED_RULES
    target.write_bytes(rules_json(book.raw))
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
