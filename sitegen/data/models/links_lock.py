"""data/links-lock.json: every id and address ever published (read by
sitegen/publish/redirects.py)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, model_validator

from sitegen.data.models.base import Slug, Strict

# A published URL as links.json gives it: a page folder of the site (lowercase words joined
# by '-', each folder ending in '/') and the anchor. No '..', no '//', no other characters:
# the build writes redirect pages at these paths.
LOCKED_URL = r"^/(?:[a-z0-9]+(?:-[a-z0-9]+)*/)*#[a-z0-9]+(?:-[a-z0-9]+)*$"


def _locked_url(value: str) -> str:
    if not re.fullmatch(LOCKED_URL, value):
        raise ValueError(
            f"'{value[:80]}' is geen adres van de site: verwacht '/map/.../#id' (kleine letters, "
            "cijfers en '-', elke map eindigt op '/', geen '..')"
        )
    return value


class LockEntry(Strict):
    id: Slug
    url: Annotated[str, AfterValidator(_locked_url)]

    @model_validator(mode="after")
    def _anchor_is_id(self) -> LockEntry:
        if not self.url.endswith(f"#{self.id}"):
            raise ValueError(f"url: moet eindigen op '#{self.id}' (het anker is de id)")
        return self


class LinksLock(Strict):
    """Every (id, url) pair a site ever published; written by `build.py --update-lock`."""

    about: str = ""
    published: tuple[LockEntry, ...]
