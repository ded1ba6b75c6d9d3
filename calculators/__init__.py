"""Derma rolling calculators: pure Python, standard library only.

The same code runs in CPython (tests, CLI, build-time tables and diagrams) and in Pyodide
(the reader's browser). The rules arrive as data: `Rulebook.from_data` or, inside the
wheel, `Rulebook.embedded()`.
"""

from .api import CALCULATORS, fields_of, run
from .fields import FieldSpec
from .rules import Rulebook, RulesError

__all__ = ["CALCULATORS", "FieldSpec", "Rulebook", "RulesError", "fields_of", "run"]
