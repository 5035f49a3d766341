"""Helpers to read the built HTML (BeautifulSoup), shared by the site tests."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup


def page_file(site: Path, url: str) -> Path:
    """'/hoofdstuk-1/#par-1-2' -> site/hoofdstuk-1/index.html"""
    path = urlsplit(url).path.lstrip("/")
    return site / path / "index.html" if not path.endswith(".html") else site / path


@functools.cache
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def content(path: Path) -> BeautifulSoup:
    """The article of a page, without the theme's navigation and search."""
    article = soup(path).select_one("article.md-content__inner")
    assert article is not None, f"{path} has no article"
    return article


def visible_text(element: BeautifulSoup, footnote_marks: bool = True) -> str:
    element = BeautifulSoup(str(element), "html.parser")  # a copy: callers share cached soups
    for hidden in element.select("script, style, svg, template"):
        hidden.extract()
    if not footnote_marks:
        for mark in element.select("sup[id^=fnref]"):
            mark.extract()
    text = normalize(element.get_text(" "))
    return re.sub(r" ([.,;:!?)])", r"\1", text)


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def plain_markdown(text: str) -> str:
    """Data text (Markdown) as the reader sees it: no footnote refs, link targets, emphasis."""
    text = re.sub(r"\[\^[^\]]+\]", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    return normalize(re.sub(r"[*_`]", "", text))
