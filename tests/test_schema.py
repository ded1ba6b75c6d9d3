"""rules.schema.json: generated from the model, committed for editors, never stale.

The schema is what a YAML language server uses for completion and errors while an editor
types; it must accept what the build accepts and reject the structural faults the build
rejects (cross-references and quotes are the build's alone).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from rulebook import yaml_source

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = HERE / "rules_corpus"
COMMITTED = ROOT / "rules.schema.json"

# Corpus cases whose fault is the file's shape, and the schema keyword that must catch each.
STRUCTURAL = {
    "unknown-key": {"additionalProperties"},
    "misspelled-key": {"additionalProperties", "required"},  # 'advise' unknown, 'advice' missing
    "missing-key": {"required"},
    "wrong-type": {"type"},
    "bad-enum-value": {"enum"},
    "empty-quote": {"minLength"},
    # issue 14: a review date missing or not written YYYY-MM-DD; the policy missing
    "review-date-missing": {"required"},
    "review-date-in-words": {"pattern"},
    "review-date-not-iso": {"pattern"},
    "missing-review-policy": {"required"},
}
# Where in the document each fault is: the schema must name the same place as the build.
WHERE = {
    "unknown-key": ["rules", 8],
    "misspelled-key": ["rules", 8],
    "missing-key": ["rules", 8],
    "wrong-type": ["rules", 5, "editorial"],
    "bad-enum-value": ["rules", 9, "level"],
    "empty-quote": ["rules", 11, "source", "quote"],
    "review-date-missing": ["rules", 4],
    "review-date-in-words": ["rules", 5, "reviewed"],
    "review-date-not-iso": ["rules", 7, "reviewed"],
    "missing-review-policy": [],
}


@pytest.fixture(scope="module")
def generated() -> str:
    result = subprocess.run([sys.executable, "-m", "rulebook", "schema"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, check=True)
    return result.stdout


@pytest.fixture(scope="module")
def validator(generated):
    schema = json.loads(generated)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _data(path: Path):
    located = yaml_source.parse(path.read_bytes())
    assert isinstance(located, yaml_source.Located), located
    return located.data


def _leaves(errors):
    """The errors that say what is wrong: inside anyOf (an optional value), the branch that
    is not the 'null' alternative."""
    for e in errors:
        if e.validator == "anyOf" and e.context:
            yield from _leaves(c for c in e.context if c.validator_value != "null")
        else:
            yield e


def test_committed_schema_is_the_generated_one(generated):
    assert COMMITTED.read_text("utf-8") == generated, (
        "rules.schema.json is stale: run 'make schema' and commit it")


def test_rules_yaml_names_the_schema_on_its_first_line():
    first = (ROOT / "rules.yaml").read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=rules.schema.json"
    corpus_first = (CORPUS / "valid.yaml").read_text("utf-8").splitlines()[0]
    assert corpus_first == "# yaml-language-server: $schema=../../rules.schema.json"


@pytest.mark.parametrize("path", [ROOT / "rules.yaml", CORPUS / "valid.yaml"], ids=lambda p: p.name)
def test_schema_accepts_valid_rules(validator, path):
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(_data(path))]
    assert errors == []


@pytest.mark.parametrize("name", sorted(STRUCTURAL))
def test_schema_rejects_structural_faults(validator, name):
    errors = list(_leaves(validator.iter_errors(_data(CORPUS / f"{name}.yaml"))))
    assert errors, f"the schema accepts {name}.yaml"
    assert {e.validator for e in errors} == STRUCTURAL[name], [e.message for e in errors]
    assert all(list(e.absolute_path) == WHERE[name] for e in errors), \
        [list(e.absolute_path) for e in errors]


def test_structural_cases_are_in_the_corpus():
    assert {p.stem for p in CORPUS.glob("*.yaml")} >= set(STRUCTURAL)
