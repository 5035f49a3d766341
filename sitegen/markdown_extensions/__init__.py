"""The site's Markdown dialect: the Python-Markdown extensions of this project, named in
mkdocs.yml `markdown_extensions` (abbr.py: `abbr` with one trie-shaped pattern; caption.py:
`<caption>` as a block element; footnotes.py: footnotes with the source's numbers).

A leaf: imports nothing of the generator, so the data's text check (sitegen/data/safe_text.py)
renders with exactly what the pages get.
"""
