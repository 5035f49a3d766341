"""The field types every model shares: `Strict` (no unknown field: a typo in a YAML key fails
the build instead of silently dropping text), `Text` (Markdown without HTML,
sitegen/data/safe_text.py), `PlainText`, `Slug` (an id), `WebUrl`, the content paths, and
`ListItem`.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from sitegen.data import safe_text

# Markdown without HTML of its own, links only to http(s), mailto or relative addresses
# (sitegen/data/safe_text.py; CONTRIBUTING.md, 'HTML in data').
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(safe_text.check)
]


def _plain(value: str) -> str:
    """Text the theme writes into <head> and attributes as it is, unescaped (the page title,
    <meta name="description" content="...">, the site name): no markup characters at all."""
    bad = sorted({c for c in value if c in '<>"`' or (ord(c) < 32 and c not in "\t")})
    if bad:
        shown = ", ".join(repr(c) for c in bad)
        raise ValueError(
            f"moet gewone tekst zijn, zonder {shown}: het thema zet deze tekst onbewerkt in de "
            "<head> en in attributen van elke pagina (een '<' of '\"' zou daar HTML of een "
            "script worden)"
        )
    return value


# Text that reaches the theme's templates (title, description, site name, navigation): plain.
PlainText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_plain)
]

ID_MAX = 100  # an id becomes a folder and file name (werkkaarten/<id>/, r/<id>/): 255 bytes max


def _id_length(value: str) -> str:
    if len(value) > ID_MAX:
        raise ValueError(
            f"de id '{value[:40]}…' is {len(value)} tekens lang, hoogstens {ID_MAX}: een id wordt "
            "een map- en bestandsnaam op de site"
        )
    return value


Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"), AfterValidator(_id_length)
]


def _web_address(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s<>\"'`]+", value):
        raise ValueError("moet een webadres zijn dat begint met https:// (of http://)")
    return value


# An address the site shows as a link (`<{{ url }}>` in the templates): the web only.
WebUrl = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_web_address)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


ContentPath = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9/-]*\.md$")]


# 'hoofdstuk-4.md#par-4-4': a content page, optionally with an anchor on it
ContentAnchor = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9/-]*\.md(#[a-z0-9][a-z0-9-]*)?$")
]


ContentGlob = Annotated[str, StringConstraints(pattern=r"^[a-z0-9*][a-z0-9/*.-]*$")]


# File types content/ may hold besides Markdown (sitegen/data/content_files.py). No SVG (it can
# carry a script of its own), no HTML, scripts or styles (those come from web/ only).
ContentAsset = Literal["png", "jpg", "jpeg", "gif", "webp", "avif", "pdf"]


class ListItem(Strict):
    """One item of a list inside a statement; may carry its own sub-list."""

    text: Text
    items: tuple[ListItem, ...] = ()
    style: Literal["bullet", "numbered", "alpha"] = "bullet"
