"""Process settings that let one Python process hold a room full of phones (see shared reference nicegui-scale.md)."""

from __future__ import annotations

import gc
import logging
import resource

log = logging.getLogger(__name__)

GC_THRESHOLD = (50_000, 20, 100)
"""A high generation-0 threshold: CPython's default makes 1-second collections at 2,000 phones, long enough to miss
socket pings and start a reconnect storm."""


def raise_open_files_limit() -> int:
    """Every phone is a socket: raise the soft limit on open files to the hard limit. Returns the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, 65_536)
    if target > soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError) as error:
            log.warning('could not raise the open-files limit from %s: %s', soft, error)
    return soft


def tune_gc() -> None:
    gc.set_threshold(*GC_THRESHOLD)


def freeze_startup_objects() -> None:
    """Move everything allocated at start-up out of the collector's sight, so collections stay short."""
    gc.collect()
    gc.freeze()
