"""The one error a build step raises: `BuildError`, with a Dutch message for the author.

Every step (loading data, rendering content, packaging the tools, running MkDocs, writing the
site) turns a problem of the input into a `BuildError` that says where it is (file, line or
entry id, field). `build.py` catches it once and prints it; anything else that escapes is a bug
in the generator and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Sequence


class BuildError(Exception):
    """The build cannot go on; `problems` holds one Dutch line per problem."""

    def __init__(self, problems: str | Sequence[str]) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class DataError(BuildError):
    """Invalid data/: one line per problem, each naming file, entry id (or line) and field."""
