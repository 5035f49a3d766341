"""Debian's nginx serving a built site with the site's own nginx.conf (sitegen/publish/nginx.py).

`make test` installs nginx and its brotli_static module with apt (Makefile); where they are
missing, `missing()` says why and the tests that need nginx skip with that reason.

nginx runs as an unprivileged process of the test: its own prefix folder (configuration,
pid file, logs, temporary paths), a free loopback port, stopped at the end. The site's
nginx.conf is included as the build wrote it, except for the lines between its two 'host'
marks (address, folder, log file), which a host changes too. When the tests run as root,
nginx runs as `nobody`, so it serves a copy of the site in a folder that user can read.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path

from sitegen.publish import nginx

NGINX = Path("/usr/sbin/nginx")
BROTLI_MODULE = Path(f"/usr/lib/nginx/modules/{nginx.BROTLI_MODULE}.so")
MIME_TYPES = Path("/etc/nginx/mime.types")  # Debian's, as its nginx.conf includes it
START_S = 15
UNPRIVILEGED = "nobody"
# nginx's own main configuration for the test, shaped like Debian's /etc/nginx/nginx.conf
# (mime.types, sendfile, gzip on): the site's file must hold its own against those.
MAIN = """\
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log notice;
load_module {module};
events {{ worker_connections 256; }}
http {{
    include {mime_types};
    default_type application/octet-stream;
    sendfile on;
    gzip on;
    access_log {prefix}/default-access.log;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    include {prefix}/site.conf;
}}
"""
HOST_PART = re.compile(
    rf"^{re.escape(nginx.HOST_BEGIN)}.*?\n{re.escape(nginx.HOST_END)}[^\n]*\n",
    re.MULTILINE | re.DOTALL,
)
LOG_LINE = re.compile(r'"GET (\S+) [^"]*" (\d{3}) (\d+)')


def missing() -> str | None:
    """Why nginx cannot be used here, or None."""
    for path, package in ((NGINX, "nginx"), (BROTLI_MODULE, "libnginx-mod-http-brotli-static")):
        if not path.exists():
            return (f"{path} is missing: `make test` installs {package} with apt; here apt "
                    "could not (apt-get install nginx libnginx-mod-http-brotli-static)")
    return None


def host_part(conf: str) -> str:
    match = HOST_PART.search(conf)
    assert match, "nginx.conf has no host part"
    return match.group(0)


def for_test(conf: str, port: int, root: Path, log: Path) -> str:
    """The site's nginx.conf with the host's lines for this test (all else unchanged)."""
    log_format = re.search(r"^log_format (\S+)", conf, re.MULTILINE)
    assert log_format and f" {log_format.group(1)};" in host_part(conf)
    lines = (f"    listen 127.0.0.1:{port};\n    server_name localhost;\n"
             f"    root {root};\n    access_log {log} {log_format.group(1)};\n")
    return HOST_PART.sub(lambda _: lines, conf, count=1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def copy_site(site: Path, target: Path) -> None:
    """A copy of `site` at `target` (about 70 MB, a fraction of a second): not hard links,
    since every published file must stay a file of its own (tests/test_build_safety.py)."""
    shutil.copytree(site, target, symlinks=True)


class AccessLog(Mapping[str, int]):
    """Body bytes of the files sent per path (status 200), read from nginx's access log, as
    InstrumentedServer.sent counts them; `clear()` forgets what was logged so far."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0

    def _counts(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        with contextlib.suppress(FileNotFoundError), self.path.open("rb") as log:
            log.seek(self.offset)
            for line in log.read().decode("utf-8", "replace").splitlines():
                match = LOG_LINE.search(line)
                if match and match.group(2) == "200":
                    counts[match.group(1)] += int(match.group(3))
        return counts

    def lines(self) -> list[str]:
        with contextlib.suppress(FileNotFoundError), self.path.open("rb") as log:
            log.seek(self.offset)
            return log.read().decode("utf-8", "replace").splitlines()
        return []

    def clear(self) -> None:
        self.offset = self.path.stat().st_size if self.path.exists() else 0

    def __getitem__(self, key: str) -> int:
        counts = self._counts()
        if key not in counts:
            raise KeyError(key)
        return counts[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._counts())

    def __len__(self) -> int:
        return len(self._counts())


class NginxServer:
    """nginx on a free loopback port serving `self.site` (a copy of the built site) with the
    site's nginx.conf. Use as a context manager; `check()` is `nginx -t`."""

    def __init__(self, site: Path) -> None:
        self.prefix = Path(tempfile.mkdtemp(prefix="sitegen-nginx-"))
        self.prefix.chmod(0o755)  # the site below it is read by nginx's user
        self.site = self.prefix / "site"
        copy_site(site, self.site)
        self.port = free_port()
        self.log = AccessLog(self.prefix / "access.log")
        self.sent = self.log  # InstrumentedServer's name: tests/test_offline.py
        (self.prefix / "tmp").mkdir()
        self.user = UNPRIVILEGED if os.geteuid() == 0 else None
        if self.user is not None:
            account = pwd.getpwnam(self.user)
            for path in (self.prefix, self.prefix / "tmp"):
                os.chown(path, account.pw_uid, account.pw_gid)
        self.configure()
        self.process: subprocess.Popen[str] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def configure(self) -> None:
        """(Re)write the configuration from the site's current nginx.conf."""
        conf = (self.site / nginx.CONF_FILE).read_text(encoding="utf-8")
        (self.prefix / "site.conf").write_text(
            for_test(conf, self.port, self.site, self.log.path), encoding="utf-8"
        )
        (self.prefix / "nginx.conf").write_text(
            MAIN.format(prefix=self.prefix, module=BROTLI_MODULE, mime_types=MIME_TYPES),
            encoding="utf-8",
        )

    def _command(self, *extra: str) -> list[str]:
        return [str(NGINX), "-p", str(self.prefix), "-c", str(self.prefix / "nginx.conf"),
                "-e", str(self.prefix / "error.log"), *extra]

    def _popen_args(self) -> dict[str, object]:
        if self.user is None:
            return {}
        account = pwd.getpwnam(self.user)
        return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}

    def check(self) -> subprocess.CompletedProcess[str]:
        """`nginx -t` of the configuration."""
        return subprocess.run(
            self._command("-t"), capture_output=True, text=True, check=False,
            **self._popen_args(),  # type: ignore[arg-type]
        )

    def errors(self) -> str:
        path = self.prefix / "error.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def start(self) -> None:
        self.process = subprocess.Popen(
            self._command(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            **self._popen_args(),  # type: ignore[arg-type]
        )
        deadline = time.monotonic() + START_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                output = self.process.stdout.read() if self.process.stdout else ""
                raise AssertionError(f"nginx stopped at once:\n{output}\n{self.errors()}")
            with contextlib.suppress(OSError), socket.create_connection(
                ("127.0.0.1", self.port), timeout=1
            ):
                return
            time.sleep(0.05)
        raise AssertionError(f"nginx did not listen within {START_S} s:\n{self.errors()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # the master's fast shutdown ends its worker too
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None and self.process.stdout:
            self.process.stdout.close()
        shutil.rmtree(self.prefix, ignore_errors=True)

    def __enter__(self) -> NginxServer:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
