"""data/redirects.yml: redirects for published anchors that moved."""

from __future__ import annotations

from sitegen.data.models.base import Slug, Strict, Text


class Redirect(Strict):
    """A published id that is gone or moved: `to` names the id that now carries its content."""

    id: Slug
    to: Slug
    reason: Text
