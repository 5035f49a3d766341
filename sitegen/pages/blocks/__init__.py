"""One module per kind of block a page shows, each with its template(s) beside it
(`<module>.html.j2`; macros.html.j2 holds the macros several share). To change how one kind
of block looks or what it says, change its module and template only:

    statements      kernaanbevelingen, recommendations, conclusions, all recommendations
    interventions   the tables, the texts of a paragraph, the harmful approaches, the
                    overview, the page of each intervention (intervention.md.j2)
    instruments     the instruments of a paragraph and the stappenplan
    appendices      the balansmodel and the LSVG
    glossary        the glossary
    corrections     the list of corrections
    source_notes    source notes beside their anchors, under a heading, all of them
    home            the home page's tasks and list, the chapters' openings
    colophon        the colofon
    werkkaarten     the werkkaarten (werkkaart.md.j2, werkkaarten.html.j2)
    links_page      the trainers' links page (links.md.j2)
    client_version  the parents' version: links both ways

Each block is a function that takes the `PageContext` (sitegen/pages/context.py) first;
sitegen/pages/calls.py lists those a content page calls. May import what sitegen.pages may
and each other (every block shows the source notes beside its anchors); the context only
for type hints.
"""
