"""Stage 4, publishing: what makes the rendered HTML a site a host can serve, and the site
folder itself.

    site_dir.py     which --site a build may replace, the lock, the work folder, every write
                    of a build (checked to stay inside it), the atomic swap
    redirects.py    the links lock, redirects for moved ids, short links /r/<id>/
    print_page.py   the whole guideline in print, repaired
    headers.py      the Content-Security-Policy in every page, _headers
    nginx.py        nginx.conf for hosts, from _headers
    offline.py      web app manifest, service worker, the runtime's offline list
    precompress.py  .gz and .br beside the large files
    serving.py      `build.py serve`: the site as a host sends it
    processes.py    child processes die with the build

May import: sitegen.data, sitegen.tools (the runtime's files) and the leaves. Never renders
Markdown: no markdown, pymdownx or sitegen.markdown_extensions, no sitegen.pages; nor
sitegen.renderer. The earlier stages use site_dir (every write), redirects (short links)
and processes.
"""
