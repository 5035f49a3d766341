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
from typing import Any

from pydantic import ValidationError

from sitegen.data.loading import field_and_message
from sitegen.data.models.links_lock import LinksLock
from sitegen.data.models.redirects import Redirect
from sitegen.data.strict_yaml import read_utf8
from sitegen.exceptions import BuildError
from sitegen.links import LinkTarget, relative_url
from sitegen.publish.site_dir import os_problem, write_text


def short_link(target_id: str) -> str:
    """The short link of a target: '/r/aanbeveling-1-9-2/' (written by write_redirects for
    every target: ids are unique across the site and never change once published)."""
    return f"/r/{target_id}/"

LOCK_HELP = "python build.py --update-lock"


@dataclass(frozen=True, order=True)
class Published:
    id: str
    url: str


class _DuplicateKey(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's object_pairs_hook: a key twice in one object is refused (json keeps the last
    one silently: a second, empty "published" would switch the link check off)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _strict_json(text: str, shown: str) -> Any:
    """JSON as RFC 8259 has it: no key twice, no NaN or Infinity; BuildError with line and
    column."""
    def no_constant(name: str) -> None:
        raise BuildError(f"{shown}: '{name}' is geen geldige JSON-waarde")

    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=no_constant)
    except _DuplicateKey as exc:
        raise BuildError(
            f"{shown}: de sleutel '{exc}' staat twee keer in hetzelfde object; de eerste "
            "waarde zou verdwijnen"
        ) from None
    except json.JSONDecodeError as exc:
        raise BuildError(
            f"{shown}, regel {exc.lineno}, kolom {exc.colno}: geen geldige JSON ({exc.msg})"
        ) from None


def read_lock(path: Path) -> set[Published]:
    """The lock file, validated: strict JSON, every entry an id and a site URL ending in
    '#<id>' (LinksLock). Problems name the file, the entry and the field, in Dutch."""
    if not path.exists():
        return set()
    shown = f"{path.parent.name}/{path.name}"
    raw = _strict_json(read_utf8(path, shown), shown)
    if not isinstance(raw, dict):
        raise BuildError(f"{shown}: verwacht een JSON-object met \"published\": [...]")
    try:
        lock = LinksLock.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where, message = field_and_message(err)
            loc = err["loc"]
            entry = ""
            if len(loc) >= 2 and loc[0] == "published" and isinstance(loc[1], int):
                items = raw.get("published")
                item = items[loc[1]] if isinstance(items, list) else None
                label = item.get("id") if isinstance(item, dict) else None
                entry = f"item '{label}' (nummer {loc[1] + 1}), " if label else (
                    f"item nummer {loc[1] + 1}, "
                )
            problems.append(f"{shown}: {entry}veld '{where}': {message}")
        raise BuildError(problems) from None
    return {Published(e.id, e.url) for e in lock.published}


def write_lock(path: Path, published: Iterable[Published]) -> None:
    """One entry per line, sorted, so a diff shows exactly which ids were added."""
    lines = [json.dumps({"id": p.id, "url": p.url}, ensure_ascii=False) for p in sorted(published)]
    about = json.dumps(f"Every id and URL this site ever published. Update with: {LOCK_HELP}")
    body = ",\n  ".join(lines)
    text = f'{{\n "about": {about},\n "published": [\n  {body}\n ]\n}}\n'
    try:
        path.write_text(text, "utf-8")
    except OSError as exc:
        raise BuildError(f"kan {path} niet schrijven: {os_problem(exc)}") from None


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
    # `within=site`: a page folder from the lock can never lead outside the site
    write_text(site / folder / "index.html", redirect_page(relative_url(folder, target_url), title),
               within=site)


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
        _write(site, short_link(t.id).lstrip("/"), t.url, t.title)
    moved = {r.id: targets[r.to] for r in redirects}
    for old_id, new in moved.items():
        if old_id not in targets:
            _write(site, f"r/{old_id}/", new.url, new.title)
    for entry in lock:
        page = entry.url.lstrip("/").partition("#")[0]
        if entry.id in moved and not (site / page / "index.html").exists():
            _write(site, page, moved[entry.id].url, moved[entry.id].title)
    payload = {"version": 1, "moved": {old: new.url for old, new in moved.items()}}
    write_text(site / "redirects.json", json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
