"""The JSON data packaged next to the widget modules.

The build generates it from data/ (sitegen/tools/) and puts it in the wheel the
browser loads; the source folder never holds it.
"""

from __future__ import annotations

from importlib import resources


class SpecError(ValueError):
    """Packaged widget data is missing or inconsistent (a build problem, not user input)."""


def packaged_text(file_name: str, source: str) -> str:
    """Text of `file_name` in this package; `source` names the data it is generated from."""
    package = __package__ or "widgets"
    try:
        return resources.files(package).joinpath(file_name).read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise SpecError(
            f"{package}/{file_name} is missing: it is generated from {source} when the widget "
            "wheel is built (sitegen/tools/); use that wheel, or pass a Spec"
        ) from exc
