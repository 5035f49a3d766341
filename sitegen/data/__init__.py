"""Stage 1, the data: `loading.load` reads data/ into `GuidelineData`. Every file goes
through strict_yaml.py (UTF-8, no key twice, no alias of a list or mapping), is validated
by its model in models/ (one module per data file, shared field types in models/base.py)
and is then checked against the others in checks.py; safe_text.py is the check of every
`Text` field (Markdown without HTML). content_files.py says which files of content/ a build
reads and publishes. Every problem names file, id and field, in Dutch.

May import: sitegen.exceptions, sitegen.links and itself; nothing of a later stage (how
the data is shown never changes what it is). safe_text.py renders text with the site's
Markdown extensions, which it names as mkdocs.yml does (sitegen/markdown_extensions/, a
leaf).
"""
