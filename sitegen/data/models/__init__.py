"""Validation models for everything in data/: one module per data file (`guideline.py` for
data/guideline.yml, `interventions.py` for data/interventions.yml, ...), the field types
they share in `base.py` and the sources behind every rule in `sources.py`.

Every model forbids unknown fields, so a typo in a YAML key fails the build instead of
silently dropping text. Cross-references between files (a kernaanbeveling pointing at a
recommendation, an intervention naming a situation) are checked in sitegen/data/checks.py,
which knows all files at once.

May import: each other and sitegen/data/safe_text.py (the check of `Text`), nothing else
of the generator.
"""
