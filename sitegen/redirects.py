"""Links that never break: the anchor lock, redirects for moved ids, and short links.

`links-lock.json` (committed) lists every (id, url) pair ever published. A build fails when a
locked pair no longer resolves, unless data/redirects.yml says where that id went. Old URLs
keep working: a page that disappeared gets a static redirect page; an anchor that moved on a
page that still exists is resolved by `assets/links.js` from `redirects.json`.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sitegen.links import LinkTarget, relative_url
from sitegen.models import Redirect

LOCK_HELP = "python build.py --update-lock"


@dataclass(frozen=True, order=True)
class Published:
    id: str
    url: str


def read_lock(path: Path) -> set[Published]:
    if not path.exists():
        return set()
    entries = json.loads(path.read_text(encoding="utf-8"))["published"]
    return {Published(e["id"], e["url"]) for e in entries}


def write_lock(path: Path, published: Iterable[Published]) -> None:
    """One entry per line, sorted, so a diff shows exactly which ids were added."""
    lines = [json.dumps({"id": p.id, "url": p.url}, ensure_ascii=False) for p in sorted(published)]
    about = json.dumps(f"Every id and URL this site ever published. Update with: {LOCK_HELP}")
    body = ",\n  ".join(lines)
    path.write_text(f'{{\n "about": {about},\n "published": [\n  {body}\n ]\n}}\n', "utf-8")


def updated_lock(lock: set[Published], links: Iterable[LinkTarget]) -> set[Published]:
    """The lock plus what this build publishes; nothing published is ever dropped."""
    return lock | {Published(t.id, t.url) for t in links}


def check_lock(
    lock: set[Published], links: Iterable[LinkTarget], redirects: Iterable[Redirect]
) -> list[str]:
    """Problems (Dutch, one per id) for locked pairs that no longer resolve."""
    current = {t.id: t.url for t in links}
    moved = {r.id: r.to for r in redirects}
    problems = []
    for entry in sorted(lock):
        if current.get(entry.id) == entry.url:
            continue
        if entry.id in moved:
            if moved[entry.id] not in current:
                problems.append(
                    f"data/redirects.yml: item '{entry.id}', veld 'to': "
                    f"'{moved[entry.id]}' bestaat niet (meer) op de site"
                )
            continue
        now = f"staat nu op {current[entry.id]}" if entry.id in current else "bestaat niet meer"
        problems.append(
            f"gepubliceerde id '{entry.id}' ({entry.url}) {now}. Voeg in data/redirects.yml "
            "een redirect toe naar de nieuwe plek; gepubliceerde links mogen niet breken."
        )
    return problems


def short_link(target: LinkTarget) -> str:
    """The short link of a target, as a site URL: '/r/aanbeveling-1-9-2/'."""
    return f"/r/{target.id}/"


def redirect_page(target: str, title: str) -> str:
    """A static redirect: works without JavaScript (meta refresh) and tells search engines."""
    t = html.escape(target, quote=True)
    return (
        '<!doctype html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Doorverwijzing: {html.escape(title)}</title>\n"
        f'<link rel="canonical" href="{t}">\n'
        f'<meta http-equiv="refresh" content="0; url={t}">\n'
        '<meta name="robots" content="noindex">\n</head>\n<body>\n<main>\n'
        "<h1>Doorverwijzing</h1>\n"
        f'<p>Deze link verwijst naar <a href="{t}">{html.escape(title)}</a>.</p>\n'
        "</main>\n</body>\n</html>\n"
    )


def _write(site: Path, folder: str, target_url: str, title: str) -> None:
    out = site / folder / "index.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(redirect_page(relative_url(folder, target_url), title), encoding="utf-8")


def write_redirects(
    site: Path,
    lock: set[Published],
    links: Iterable[LinkTarget],
    redirects: Iterable[Redirect],
) -> None:
    """Short links, redirect pages for vanished pages, and redirects.json for moved anchors."""
    targets = {t.id: t for t in links}
    # every target has a short link: ids are unique across the site and, once published, never
    # change (links-lock.json), so neither do their short links
    for t in targets.values():
        _write(site, short_link(t).lstrip("/"), t.url, t.title)
    moved = {r.id: targets[r.to] for r in redirects}
    for old_id, new in moved.items():
        if old_id not in targets:
            _write(site, f"r/{old_id}/", new.url, new.title)
    for entry in lock:
        page = entry.url.lstrip("/").partition("#")[0]
        if entry.id in moved and not (site / page / "index.html").exists():
            _write(site, page, moved[entry.id].url, moved[entry.id].title)
    payload = {"version": 1, "moved": {old: new.url for old, new in moved.items()}}
    (site / "redirects.json").write_text(
        json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
