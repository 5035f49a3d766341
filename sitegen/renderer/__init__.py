"""Stage 3, the renderer: MkDocs (mkdocs-material) turns the docs folder into HTML, or
Zensical (`build.py --renderer zensical`).

    run.py            runs it (MkDocs in-process, Zensical as a child process) and names the
                      folders of its theme's templates
    site_config.py    the configuration of a build: the base mkdocs.yml plus name, navigation
                      and print exclusions from data/guideline.yml
    print-cover.html.j2  the cover of the whole guideline in print (mkdocs-print-site-plugin)
    preview.py        `build.py serve`'s previews: MkDocs' state kept, changed pages only
    search.py         the search index the theme wrote, rewritten (data/search.yml)

May import: sitegen.data, sitegen.tools, sitegen.publish and the leaves; never
sitegen.pages: it renders the folder the pages wrote, not their code.
"""
