"""One upload's reading in a child process with hard limits, and at most a few at a time per worker.

`components.upload_read.process` is ordinary Python: a thread running it cannot be stopped from
outside, and gunicorn's `--timeout` does not stop a gthread worker's thread. So the work runs in a
child process forked from the worker, which already holds the code and the published data (nothing
is imported or read again): the operating system stops the child once it has used
`config.UPLOAD.cpu_seconds` of CPU time (RLIMIT_CPU) and refuses it memory beyond
`memory_bytes` more than the worker had (RLIMIT_AS); the worker also stops waiting at a wall-clock
deadline and kills it, in case a busy machine starves it. The child runs at a lower priority
(nice 10), so the worker's other requests (map updates, page views) go first. At most
`at_once_per_worker` uploads run in one worker; one more is answered at once with a "busy" message.
The result comes back through a pipe; nothing touches the disk. The child reads in the language of
the request that started it (its messages are words for that reader: components/i18n.py).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import threading

import config
from components import i18n
from components.i18n import N_, _
from components.upload_read import UploadResult, clean_filename, process, too_big_to_read

log = logging.getLogger(__name__)

#: How much longer than its CPU limit the worker waits for a child that a busy machine holds back.
WALL_FACTOR = 4
BUSY = N_(
    "This page is reading other files right now, so yours was not read. Nothing was kept: try again in a few seconds."
)
_slots = threading.BoundedSemaphore(config.UPLOAD.at_once_per_worker)


def _vm_bytes() -> int | None:
    """This process's virtual memory size (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _child(conn, args: tuple, limits: config.UploadLimits, lang: str = i18n.DEFAULT) -> None:
    """In the child: lower the priority, set the limits, read the upload (its messages in `lang`),
    send the result back."""
    try:
        os.nice(10)
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
        vm = _vm_bytes()
        if vm is not None:
            resource.setrlimit(resource.RLIMIT_AS, (vm + limits.memory_bytes, resource.RLIM_INFINITY))
        with i18n.using(lang):
            conn.send(process(*args, limits=limits))
    finally:
        conn.close()


def read_within_limits(
    contents, filename, choice=None, options: dict | None = None, limits: config.UploadLimits = config.UPLOAD
) -> UploadResult:
    """`process(contents, filename, choice, options)` within the limits; never raises."""
    if not _slots.acquire(blocking=False):
        return UploadResult(filename=clean_filename(filename), error=_(BUSY))
    try:
        return _in_child((contents, filename, choice, options), limits)
    finally:
        _slots.release()


def _in_child(args: tuple, limits: config.UploadLimits) -> UploadResult:
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, args, limits, i18n.lang()), daemon=True)
    child.start()
    send.close()  # the child holds the only sending end: its death ends the wait below
    result, why = None, "the wall-clock deadline"
    try:
        if receive.poll(limits.cpu_seconds * WALL_FACTOR):
            result = receive.recv()
    except (EOFError, OSError):  # the child ended without an answer: a limit stopped it
        why = "a limit"
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if isinstance(result, UploadResult):
        return result
    log.warning("upload stopped by %s (child exit code %s)", why, child.exitcode)
    return UploadResult(filename=clean_filename(args[1]), error=too_big_to_read())
