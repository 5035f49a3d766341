"""Interactive tools of the guideline site, in pure Python (standard library only).

The same code runs in CPython (the tests) and in Pyodide (a Web Worker in the browser). It
never imports anything of the browser: a thin JavaScript worker calls it. The guideline's
content (items, labels, limits, texts) is not written here; it is packaged data generated from
data/ at build time (see sitegen/tools/).
"""
