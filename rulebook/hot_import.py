"""Import the build's code afresh from disk, or keep the last code that imported.

Under `mkdocs serve` the Python process lives on while an editor changes calculators/; the
forms, pages and drawings are made at build time by that code, so each rebuild imports it
again. What is re-imported is every module of the given packages except `keep`: the modules
whose objects outlive a rebuild (the plugin MkDocs holds, its config class, the code that
calls this). A new module is therefore fresh without being listed anywhere. When the files
on disk do not import, `sys.modules` is put back as it was and the error is raised: the
caller goes on with the modules it had.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Collection, Sequence
from types import ModuleType, SimpleNamespace

__all__ = ["import_modules"]


def _in_packages(name: str, packages: Sequence[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def _take_out(packages: Sequence[str], keep: Collection[str]) -> dict[str, ModuleType]:
    taken = {n: m for n, m in sys.modules.items() if _in_packages(n, packages) and n not in keep}
    for name in taken:
        del sys.modules[name]
    return taken


def import_modules(names: Sequence[str], *, fresh: bool, packages: Sequence[str],
                   keep: Collection[str] = ()) -> SimpleNamespace:
    """``names`` imported, as a namespace by last name part (``rulebook.pages`` -> ``.pages``).

    With ``fresh``, every module of ``packages`` but ``keep`` is imported again from its file;
    on any error nothing changes and the error is raised.
    """
    if fresh:
        saved = _take_out(packages, keep)
        importlib.invalidate_caches()  # a module file added since the last build is found
        try:
            modules = [importlib.import_module(n) for n in names]
        except BaseException:
            _take_out(packages, keep)  # what the failed import left half-made
            sys.modules.update(saved)
            raise
    else:
        modules = [importlib.import_module(n) for n in names]
    return SimpleNamespace(**{n.rsplit(".", 1)[-1]: m for n, m in zip(names, modules)})
