"""Precompressed `.gz` and `.br` files beside the compressible files of a built site: the
build's last step before the site is swapped in.

A static host (nginx `gzip_static` / `brotli_static`, Caddy `precompressed`, most CDNs) then
sends the smallest variant without compressing per request, and `build.py serve`
(sitegen/serving.py) sends the same bytes with `Content-Encoding`, so what is measured here is
what a real host sends.

Brotli comes from PyPI `brotli` (Google's own binding), gzip from the standard library
(mtime=0: the same input gives the same `.gz`). Brotli quality 11 is the smallest but takes
some 10 s per MB here, so files above LARGE (the Pyodide runtime, the 31.5 MB snapshot) use
quality 5 with a 16 MB window: the snapshot compresses in ~3 s to 5.35 MB, against ~2 min for
4.24 MB at quality 11 (measured on the 2-core build machine). Every result is cached by the
sha256 of its input in `.cache/precompressed/`, so a rebuild compresses only what changed
(the runtime and the snapshot never do between builds of the same content).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import brotli

from sitegen import site_dir
from sitegen.exceptions import BuildError
from sitegen.tools.wheel import ROOT

CACHE = ROOT / ".cache" / "precompressed"
# Compressible by type; .whl is deflated already and PNG is compressed. A .zip may be either:
# the trimmed stdlib is stored (3.5 -> 1.2 MB), python_stdlib.zip deflated (2.55 -> 2.50 MB,
# below MIN_SAVING: no variant kept).
SUFFIXES = {".html", ".js", ".mjs", ".css", ".json", ".xml", ".svg", ".txt", ".wasm", ".bin",
            ".webmanifest", ".ico", ".zip"}
MIN_BYTES = 1024  # below one packet compression saves nothing worth a second file
MIN_SAVING = 0.10  # keep a variant only if it is at least 10 % smaller
LARGE = 2_000_000
UNUSED_DAYS = 30  # cache entries not used for this long are removed


def _brotli(data: bytes) -> bytes:
    if len(data) > LARGE:
        return brotli.compress(data, quality=5, lgwin=24)
    return brotli.compress(data, quality=11, lgwin=22)


def _gzip(data: bytes) -> bytes:
    # Level 9 gains ~2 % on large files for twice the time: 6 above LARGE.
    return gzip.compress(data, compresslevel=6 if len(data) > LARGE else 9, mtime=0)


# encoding -> (file suffix, compressor, cache tag: change it when the compressor's settings do)
ENCODERS: dict[str, tuple[str, Callable[[bytes], bytes], str]] = {
    "br": (".br", _brotli, "br-q11-q5w24"),
    "gzip": (".gz", _gzip, "gz-9-6"),
}


@dataclass(frozen=True)
class Sizes:
    raw: int
    gzip: int  # the size sent to a client that takes gzip (raw if no .gz was kept)
    br: int


def _compressed(data: bytes, digest: str, encoding: str) -> bytes:
    _, compress, tag = ENCODERS[encoding]
    key = CACHE / f"{digest}.{tag}"
    try:
        out = key.read_bytes()
        os.utime(key)  # used now: kept by _prune
        return out
    except OSError:
        pass
    out = compress(data)
    # write, then rename: a concurrent or killed build never leaves half a cache entry
    try:
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=CACHE, prefix=".tmp-", delete=False) as tmp:
            tmp.write(out)
        os.replace(tmp.name, key)
    except OSError as exc:
        raise BuildError(f"kan de cache {CACHE} niet schrijven: {site_dir.os_problem(exc)}") \
            from None
    return out


def precompress(site: Path) -> dict[str, Sizes]:
    """Write FILE.gz and FILE.br beside every compressible FILE of `site` (new files only);
    return the sizes."""
    sizes: dict[str, Sizes] = {}
    for path in sorted(site.rglob("*")):
        if path.suffix not in SUFFIXES or not path.is_file():
            continue
        data = path.read_bytes()
        if len(data) < MIN_BYTES:
            continue
        digest = hashlib.sha256(data).hexdigest()
        sent = {}
        for encoding, (suffix, _, _) in ENCODERS.items():
            out = _compressed(data, digest, encoding)
            sent[encoding] = len(data)
            if len(out) <= len(data) * (1 - MIN_SAVING):
                site_dir.write_bytes(path.with_name(path.name + suffix), out)
                sent[encoding] = len(out)
        sizes[path.relative_to(site).as_posix()] = Sizes(len(data), sent["gzip"], sent["br"])
    _prune()
    return sizes


def _prune() -> None:
    """Remove cache entries no build has used for UNUSED_DAYS (every content change adds
    some)."""
    limit = time.time() - UNUSED_DAYS * 86400
    for entry in CACHE.glob("*"):
        with contextlib.suppress(OSError):  # a concurrent build may be at it too
            if entry.stat().st_mtime < limit:
                entry.unlink()


def wire_size(path: Path) -> int:
    """Bytes a download of `path` costs: its smallest precompressed variant, or itself."""
    variants = [path, *(path.with_name(path.name + s) for s, _, _ in ENCODERS.values())]
    return min(p.stat().st_size for p in variants if p.is_file())


def compressed_size(path: Path) -> int:
    """Bytes a download of `path` will cost once precompress() has run: its smallest variant
    (computed now, and cached, so that precompress() reuses it)."""
    data = path.read_bytes()
    if path.suffix not in SUFFIXES or len(data) < MIN_BYTES:
        return len(data)
    digest = hashlib.sha256(data).hexdigest()
    sizes = [len(data)]
    for encoding in ENCODERS:
        out = len(_compressed(data, digest, encoding))
        if out <= len(data) * (1 - MIN_SAVING):
            sizes.append(out)
    return min(sizes)
