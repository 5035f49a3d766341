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
those 45 MB are not even read. Each cache entry starts with the sha256 and the length of
the compressed bytes it holds (`sha256 <hex> <length>` and a newline), checked whenever its
bytes are used: a damaged entry (a changed byte, a truncated file) is compressed again,
never published. `compressed_size`, which only needs the length, checks that against the
file's size (the runtime's 17 MB are hashed once a build, by precompress).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import gzip
import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
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
# A file that fits in one TCP segment (1,448 bytes of an Ethernet packet, less with IPv6 or
# TCP options) is one packet compressed or not: a variant saves nothing worth a second file.
# (1024 until 2026-12-02, which gave 214 of the 316 short-link pages of /r/, 1.0-1.3 kB, and
# four small assets a .br and a .gz: 436 files, about 0.1 s of every build, no packet saved.)
MIN_BYTES = 1400
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
Encoder = tuple[str, Callable[[bytes], bytes], str]
ENCODERS: dict[str, Encoder] = {
    "br": (".br", _brotli, "br-q11-q5w24"),
    "gzip": (".gz", _gzip, "gz-9-6"),
}
# The runtime's wasm (npm's pyodide package, in a folder named by its hash) is the same in
# every build of every guideline: compressed once per checkout (its .cache), so harder than
# the rest although large. Measured on the 2-core build machine (2026-12-02), from 9.6 MB:
# quality 5 3.28 MB; 10 with a 4 MiB window 2.79 MB in 30 s; 11 2.77 MB (16 MiB window) or
# 2.74 MB (4 MiB) in 51-53 s. Quality 10 keeps nearly all of the gain (about 0.45 s less on
# 4G for every first use of a tool) for 20 s less in every fresh clone's first build (CI).
# The snapshot changes with the content, so it stays at quality 5 (quality 11 would add 47 s
# to every build that makes a new one).
ONCE_PER_CHECKOUT = ("pyodide/runtime-*/*.wasm",)
BEST: Encoder = (".br", lambda data: brotli.compress(data, quality=10, lgwin=22), "br-q10w22")


# The name of an entry ends in this: entries of the format before the sha256 line (plain
# compressed bytes) are never read as checked ones, and go with _prune.
CACHE_FORMAT = "checked"
HEADER_MAX = 100  # bytes: 'sha256 ', 64 hex digits, ' ', the length, a newline


@dataclass(frozen=True)
class Sizes:
    raw: int
    gzip: int  # the size sent to a client that takes gzip (raw if no .gz was kept)
    br: int


def _entry_header(data: bytes) -> bytes:
    return f"sha256 {hashlib.sha256(data).hexdigest()} {len(data)}\n".encode("ascii")


def _entry_length(key: Path) -> int | None:
    """The length of the compressed bytes of the cache entry `key`, if the file has the
    length its header records (the bytes themselves are checked where they are used)."""
    try:
        with key.open("rb") as handle:
            header = handle.readline(HEADER_MAX)
            size = os.fstat(handle.fileno()).st_size
    except OSError:
        return None
    words = header.split()
    if len(words) != 3 or words[0] != b"sha256" or not words[2].isdigit():
        return None
    length = int(words[2])
    return length if header.endswith(b"\n") and size == len(header) + length else None


def _cached(key: Path) -> bytes | None:
    """The compressed bytes of the cache entry `key`, if they still have the sha256 and
    length it records (read past the header: no copy of the runtime's 17 MB)."""
    try:
        with key.open("rb", buffering=0) as handle:
            header = handle.read(HEADER_MAX)
            end = header.find(b"\n") + 1
            if not end:
                return None
            handle.seek(end)
            out = handle.readall()
    except OSError:
        return None
    return out if header[:end] == _entry_header(out) else None


def _encoders(name: str) -> dict[str, Encoder]:
    """How the site's file `name` is compressed, by encoding."""
    if any(fnmatchcase(name, pattern) for pattern in ONCE_PER_CHECKOUT):
        return {**ENCODERS, "br": BEST}
    return ENCODERS


def _compressed(read: Callable[[], bytes], size: int, digest: str, encoder: Encoder) -> bytes:
    _, compress, tag = encoder
    key = CACHE / f"{digest}.{tag}.{CACHE_FORMAT}"
    out = _cached(key)
    if out is None and size > LARGE:
        with _making(key):  # a concurrent build's result, if it was making it
            out = _cached(key) or _store(key, compress(read()))
    elif out is None:  # a second compression of a small file costs less than a lock file
        out = _store(key, compress(read()))
    with contextlib.suppress(OSError):  # a concurrent build may be pruning
        os.utime(key)  # used now: kept by _prune
    return out


@contextlib.contextmanager
def _making(key: Path) -> Iterator[None]:
    """Hold an flock on `key`'s lock file (kept beside it, and pruned with it) while its
    bytes are made: two builds at once (the tests' first ones, in a fresh clone) compress
    the runtime's wasm once, not twice (27 s each on the 2-core build machine), and the
    second uses the first one's result."""
    try:
        CACHE.mkdir(parents=True, exist_ok=True)
        handle = os.open(key.with_name(key.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise BuildError(f"kan de cache {CACHE} niet schrijven: {site_dir.os_problem(exc)}") \
            from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when closed
        yield
    finally:
        os.close(handle)


def _store(key: Path, out: bytes) -> bytes:
    """`out` as the cache entry `key` (not cached yet, or damaged: made again, replaced)."""
    # write, then rename: a concurrent or killed build never leaves half a cache entry
    try:
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=CACHE, prefix=".tmp-", delete=False) as tmp:
            tmp.write(_entry_header(out))
            tmp.write(out)
        os.replace(tmp.name, key)
    except OSError as exc:
        raise BuildError(f"kan de cache {CACHE} niet schrijven: {site_dir.os_problem(exc)}") \
            from None
    return out


def precompress(site: Path) -> dict[str, Sizes]:
    """Write FILE.gz and FILE.br beside every compressible FILE of `site` (new files only:
    never into an existing file); return the sizes."""
    sizes: dict[str, Sizes] = {}
    # os.walk and a first look at the name: the site has 1,000 files and folders
    ends = tuple(SUFFIXES)
    candidates = [Path(root, name) for root, _, names in os.walk(site)
                  for name in names if name.endswith(ends)]
    for path in sorted(candidates):
        if path.suffix not in SUFFIXES:
            continue
        name = path.relative_to(site).as_posix()
        if not path.is_file():
            continue
        size = path.stat().st_size
        if size < MIN_BYTES:
            continue
        read = functools.cache(path.read_bytes)
        digest = _cache_key(name, size, read)
        sent = {}
        for encoding, encoder in _encoders(name).items():
            out = _compressed(read, size, digest, encoder)
            sent[encoding] = size
            if len(out) <= size * (1 - MIN_SAVING):
                site_dir.write_bytes(path.with_name(path.name + encoder[0]), out)
                sent[encoding] = len(out)
        sizes[name] = Sizes(size, sent["gzip"], sent["br"])
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
    for encoder in _encoders(name).values():
        out = _entry_length(CACHE / f"{digest}.{encoder[2]}.{CACHE_FORMAT}")
        if out is None:  # not cached yet, or damaged: compressed (again) now
            out = len(_compressed(read, size, digest, encoder))
        if out <= size * (1 - MIN_SAVING):
            sizes.append(out)
    return min(sizes)
