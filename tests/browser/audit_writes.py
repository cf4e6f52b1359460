"""Run app.py with a Python audit hook that reports every file opened for writing.

Used by the upload tests to prove the server writes no file while it handles uploads: each such
open is printed to stderr as "AUDIT-WRITE <path>", which the test reads from the server's log.
Only the server process is watched; the path is what Python was asked to open.
"""

import os
import runpy
import sys

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def hook(event, args):
    if event == "open":
        path, mode, flags = (list(args) + [None, None, None])[:3]
        writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & WRITE_FLAGS
        )
        if writes and path not in (os.devnull,) and not isinstance(path, int):
            sys.stderr.write(f"AUDIT-WRITE {path}\n")
            sys.stderr.flush()
    elif event in ("os.mkdir", "os.rename", "os.remove", "shutil.copyfile", "tempfile.mkstemp", "tempfile.mkdtemp"):
        sys.stderr.write(f"AUDIT-WRITE {event} {args[0] if args else ''}\n")
        sys.stderr.flush()


sys.addaudithook(hook)
sys.argv = ["app.py"]
sys.path.insert(0, os.getcwd())  # as `python app.py` would: the project folder first
runpy.run_path("app.py", run_name="__main__")
