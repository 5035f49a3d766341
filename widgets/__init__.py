"""Interactive tools of the guideline site, in pure Python (standard library only).

The same code runs in CPython (the tests) and in Pyodide (a Web Worker in the browser). It
never imports anything of the browser: a thin JavaScript worker calls it. The guideline's
content (items, labels, limits, texts) is not written here; it is packaged data generated from
data/ at build time (see sitegen/tools/).

Contract for every widget module `widgets.<name>` (the build relies on it):

- it reads ALL of its packaged data in one function, `default_spec()`, cached with
  `functools.cache`, and nowhere else;
- it imports every module it needs at the top.

The build boots Pyodide in Node, installs the wheel, calls `read_packaged_data` and takes a
memory snapshot (web/build/snapshot.mjs) that browsers restore instead of booting Python. A
snapshot holds the interpreter's memory, not its files: after a restore the package's files
are gone, and only data read before the snapshot (the cached result of `default_spec()`) is
there. A widget that read a file later would answer with an error after a restore; the build
checks this by restoring the snapshot in Node before it publishes it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

DATA_READER = "default_spec"  # the cached reader of a widget's packaged data (see above)


def read_packaged_data(names: Iterable[str]) -> None:
    """Import each widget `widgets.<name>` and read all of its packaged data now."""
    for name in names:
        module = importlib.import_module(f"{__name__}.{name}")
        getattr(module, DATA_READER)()
