"""Stage 2, the pages: `render.render_docs` writes the docs folder MkDocs renders (content/
through Jinja, the generated pages, links.json's link targets) and returns the link targets.

    render.py     the stage's pipeline: content pages, intervention pages, werkkaarten, the
                  tools' data between the two passes, the checks of every anchor, the links
                  page
    content.py    one content page: its Jinja, front matter, no <script>, heading ids
    context.py    `PageContext`: what the blocks share while one site is rendered
    calls.py      the calls a content page may make (`{{ recommendations("1.9") }}`), one
                  table
    templating.py the one Jinja environment (sandboxed, compiled templates cached)
    blocks/       one module per kind of block, its template beside it

May import: sitegen.data, sitegen.tools (the tools' blocks and their context),
sitegen.publish (every write goes through site_dir; short links; the print page's
additions; the script check of headers), sitegen.renderer.site_config (the navigation's
order, the print page's address) and the leaves. Only build.py (and scripts, tests) import
pages.
"""
