"""Precompressed `.gz` and `.br` files beside the compressible files of a built site: the
build's last step before the site is swapped in.

A static host (nginx `gzip_static` / `brotli_static`, Caddy `precompressed`, most CDNs) then
sends the smallest variant without compressing per request, and `build.py serve`
(sitegen/publish/serving.py) sends the same bytes with `Content-Encoding`, so what is measured
here is what a real host sends.

Brotli comes from PyPI `brotli` (Google's own binding), gzip from the standard library
(mtime=0: the same input gives the same `.gz`). Brotli quality 11 is the smallest but takes
some 10 s per MB here, so files above LARGE (the Pyodide runtime, the 31.5 MB snapshot) use
quality 5 with a 16 MB window: the snapshot compresses in ~3 s to 5.35 MB, against ~2 min for
4.24 MB at quality 11 (measured on the 2-core build machine). Every result is cached by the
sha256 of its input in `.cache/precompressed/`, so a rebuild compresses only what changed
(the runtime and the snapshot never do between builds of the same content); a file named
after its content (the `immutable` rules of sitegen/publish/headers.py) by its name and size, so
those 45 MB are not even read.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

import brotli

from sitegen.exceptions import BuildError
from sitegen.publish import headers, site_dir
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
# Files named after their content: the `immutable` caching rules (sitegen/publish/headers.py).
NAMED_BY_CONTENT = [p for p, value, _ in headers.CACHE_RULES if value == headers.IMMUTABLE]


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


def _compressed(read: Callable[[], bytes], digest: str, encoding: str) -> bytes:
    _, compress, tag = ENCODERS[encoding]
    key = CACHE / f"{digest}.{tag}"
    try:
        out = key.read_bytes()
        os.utime(key)  # used now: kept by _prune
        return out
    except OSError:
        pass
    out = compress(read())
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


def precompress(
    site: Path, skip: Collection[str] = (), only: Collection[str] | None = None
) -> dict[str, Sizes]:
    """Write FILE.gz and FILE.br beside every compressible FILE of `site` (new files only:
    never into an existing file); return the sizes. `skip`
    and `only`: site-relative paths left out, or the only ones done (build.py compresses
    sw.js after the rest, while Node makes it)."""
    sizes: dict[str, Sizes] = {}
    candidates = sorted(site / name for name in only) if only is not None else site.rglob("*")
    for path in sorted(candidates):
        name = path.relative_to(site).as_posix()
        if path.suffix not in SUFFIXES or name in skip or not path.is_file():
            continue
        size = path.stat().st_size
        if size < MIN_BYTES:
            continue
        read = functools.cache(path.read_bytes)
        digest = _cache_key(name, size, read)
        sent = {}
        for encoding, (suffix, _, _) in ENCODERS.items():
            out = _compressed(read, digest, encoding)
            sent[encoding] = size
            if len(out) <= size * (1 - MIN_SAVING):
                site_dir.write_bytes(path.with_name(path.name + suffix), out)
                sent[encoding] = len(out)
        sizes[name] = Sizes(size, sent["gzip"], sent["br"])
    if only is None:
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


def _cache_key(name: str, size: int, read: Callable[[], bytes]) -> str:
    """The cache key of the site's file `name`: a file whose name changes with its content
    (the promise `immutable` makes to browsers) by its name and size, so the 45 MB of runtime
    and snapshot are not read and hashed again; any other file by its content."""
    if any(fnmatchcase("/" + name, pattern) for pattern in NAMED_BY_CONTENT):
        return hashlib.sha256(f"{name}\0{size}".encode()).hexdigest()
    return hashlib.sha256(read()).hexdigest()


def compressed_size(path: Path, name: str) -> int:
    """Bytes a download of `path` (the site's file `name`) will cost once precompress() has
    run: its smallest variant (computed now, and cached under the key precompress() uses, so
    that it reuses it)."""
    size = path.stat().st_size
    if path.suffix not in SUFFIXES or size < MIN_BYTES:
        return size
    read = functools.cache(path.read_bytes)
    digest = _cache_key(name, size, read)
    sizes = [size]
    for encoding in ENCODERS:
        out = len(_compressed(read, digest, encoding))
        if out <= size * (1 - MIN_SAVING):
            sizes.append(out)
    return min(sizes)
