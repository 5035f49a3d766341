"""Child processes of the build (Node for the stdlib, the snapshot and the service worker;
Zensical): they must not outlive a build that is killed."""

from __future__ import annotations

import ctypes
import ctypes.util
import signal
import sys

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> None:
    """In the child, before it runs (`preexec_fn`): the kernel kills it when the build dies,
    even by SIGKILL (a killed build left Node making a snapshot for nobody). Linux only; the
    build runs no other threads when it starts a child, as `preexec_fn` requires."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
