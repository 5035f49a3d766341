"""The generator of a guideline's website, one package per stage, in the order build.py
runs them:

    data/      read data/ strictly, validate it (a model module per data file), check the
               files against each other; which files of content/ a build reads
    pages/     content/ and the data's blocks as Markdown pages (Jinja), each anchor a link
               target (links.json); one module per kind of block, its template beside it
    tools/     the tools: their data for the browser, the widget wheel, the Pyodide runtime
               and snapshot, their blocks (placed by pages/)
    renderer/  MkDocs (or Zensical) turns the Markdown into HTML: the configuration of a
               build, the previews of `build.py serve`, the search index it wrote
    publish/   what makes the HTML a site: the site folder and its atomic swap (every write
               goes through site_dir.py), redirects and short links, the print page, the
               Content-Security-Policy and _headers, nginx.conf, offline, precompression,
               serving

and three leaves any stage may use, which import nothing of the generator: exceptions.py
(the one `BuildError`), links.py (addresses: link targets, page URLs, relative links) and
markdown_extensions/ (the site's Markdown dialect, named in mkdocs.yml).

What each package may import is in its docstring; tests/test_layout.py keeps the rules.
"""
