"""Plain text for a dossier or a referral letter ('Kopieer samenvatting'), shared by the widgets.

The page sends the address of the site's root as the browser sees it (`base`), so that the
links in the text are whole addresses wherever the site is published; the widgets' data holds
site-relative URLs ('/hoofdstuk-5/#tabel-1-vipp-sd').
"""

from __future__ import annotations

BASE_MAX = 2000  # characters: an address longer than this is not a site's root


def base_url(value: object, error: type[ValueError]) -> str:
    """The site root the page sent ('https://example.org/richtlijn/'), or '' for none (then
    links stay site-relative). Anything else raises `error` with a Dutch message."""
    if value is None or value == "":
        return ""
    if (
        not isinstance(value, str)
        or len(value) > BASE_MAX
        or not value.startswith(("https://", "http://"))
        or any(c.isspace() for c in value)
    ):
        raise error("het adres van de site moet een webadres zijn (https://...)")
    return value.rstrip("/")


def absolute(base: str, url: str) -> str:
    """A site-relative URL ('/r/aanbeveling-5-7-2/') as a whole address under `base`."""
    return base + url if base else url


def indented(text: str, prefix: str) -> str:
    """Text typed by a user, its later lines indented under the first (as in a list)."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return ("\n" + prefix).join(line for line in lines if line)
