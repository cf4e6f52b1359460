"""Hardening of the Flask server under Dash: security headers, calm errors, request limits.

- Every response carries a Content-Security-Policy that allows only this origin (plus the hashes
  of Dash's own inline scripts), `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`
  and a framing policy, so the page cannot load anything from another host or be framed.
- A malformed or hostile callback request gets a 4xx and never a traceback; an exception inside a
  callback is logged and answered with "no update", so the server keeps serving.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict

import dash
from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

#: Largest request body accepted (an upload of 5 MB arrives base64-encoded, about 6.7 MB).
MAX_REQUEST_BYTES = 8 * 1024 * 1024
CALLBACK_PATH = "/_dash-update-component"


def content_security_policy(script_hashes: list[str]) -> str:
    """A CSP allowing only this origin; inline scripts only by hash. Styles allow inline because
    Plotly and React set them at run time."""
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def on_callback_error(err: Exception) -> None:
    """Global callback error handler: log without echoing input, answer with no update."""
    log.warning("callback failed: %s: %s", type(err).__name__, str(err)[:200])
    raise dash.exceptions.PreventUpdate


#: Compressed too, beyond Flask-Compress's defaults: the county GeoJSON Plotly fetches on /map
#: (/download/counties.geojson, about 130 KB raw, a quarter of that gzipped) and CSV downloads.
EXTRA_COMPRESSED_MIMETYPES = ("application/geo+json", "text/csv")


def compress_more_types(server: Flask) -> None:
    """Add EXTRA_COMPRESSED_MIMETYPES to the Flask-Compress instance Dash created (compress=True).

    Dash does not keep the instance, and Flask-Compress copies COMPRESS_MIMETYPES at init, so the
    set is extended on the instance that owns the registered after_request hook.
    """
    for hook in server.after_request_funcs.get(None, []):
        owner = getattr(hook, "__self__", None)
        if owner is not None and hasattr(owner, "compress_mimetypes_set"):
            owner.compress_mimetypes_set.update(EXTRA_COMPRESSED_MIMETYPES)


def harden(app: dash.Dash) -> None:
    """Attach headers, limits and error handlers to `app.server`."""
    server: Flask = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    compress_more_types(server)
    state: dict[str, str] = {}

    def policy() -> str:
        if "csp" not in state:
            state["csp"] = content_security_policy(app.csp_hashes())
        return state["csp"]

    @server.after_request
    def add_security_headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = policy()
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        return response

    @server.errorhandler(Exception)
    def calm_errors(err: Exception):
        if isinstance(err, HTTPException):
            return Response(f"{err.code} {err.name}\n", status=err.code, mimetype="text/plain")
        if request.path.endswith(CALLBACK_PATH):
            log.warning("malformed callback request: %s", type(err).__name__)
            return Response("400 Bad Request: malformed callback request\n", status=400, mimetype="text/plain")
        log.exception("unexpected server error")
        return Response("500 Internal Server Error\n", status=500, mimetype="text/plain")


class CallbackMemo:
    """Answers repeated requests to pure callbacks from memory, per worker.

    A callback whose answer depends only on its inputs (the county map's Patch is a function of the
    map state) need not run again for a state it has answered: the serialised answer is kept, keyed
    by the callback's output and its inputs and states, in a bounded LRU. Bodies larger than
    MAX_KEY_BYTES are never cached, so hostile requests cannot grow it beyond `maxsize` entries.
    """

    MAX_KEY_BYTES = 4096

    def __init__(self, outputs: set[str], maxsize: int = 512):
        self.outputs = outputs
        self.maxsize = maxsize
        self.answers: OrderedDict[str, bytes] = OrderedDict()
        # gthread workers share one memo between threads: every read-and-reorder and every
        # write-and-evict happens under this lock, so a hit can never meet a half-done eviction.
        self.lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            answer = self.answers.get(key)
            if answer is not None:
                self.answers.move_to_end(key)
            return answer

    def put(self, key: str, answer: bytes) -> None:
        with self.lock:
            self.answers[key] = answer
            self.answers.move_to_end(key)
            while len(self.answers) > self.maxsize:
                self.answers.popitem(last=False)

    def key(self) -> str | None:
        if request.method != "POST" or not request.path.endswith(CALLBACK_PATH):
            return None
        if (request.content_length or 0) > self.MAX_KEY_BYTES:
            return None
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or body.get("output") not in self.outputs:
            return None
        return json.dumps([body.get("output"), body.get("inputs"), body.get("state")], sort_keys=True)

    def attach(self, server: Flask) -> None:
        @server.before_request
        def answer_from_memory():
            key = self.key()
            if key is None:
                return None
            request.environ["wiht.memo_key"] = key
            answer = self.get(key)
            return None if answer is None else Response(answer, mimetype="application/json")

        @server.after_request
        def remember(response: Response) -> Response:
            key = request.environ.get("wiht.memo_key")
            if key and response.status_code == 200 and not response.direct_passthrough:
                self.put(key, response.get_data())
            return response


STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/", "/download/")


class StaticCompressionCache:
    """Flask-Compress cache backend that keeps compressed static files only.

    The framework bundles (Plotly alone is 4.6 MB), the app's assets and the published downloads
    never change while a release runs, yet Flask-Compress would compress them again for every
    browser. Keys for anything else (pages, callbacks) are never stored, so dynamic answers are
    always compressed fresh; at most `max_entries` files are kept.
    """

    def __init__(self, max_entries: int = 256):
        self.max_entries = max_entries
        self.store: dict[str, bytes] = {}

    @staticmethod
    def _static(key: str) -> bool:
        return key.split(";", 1)[-1].startswith(STATIC_PREFIXES)

    def get(self, key: str) -> bytes | None:
        return self.store.get(key) if self._static(key) else None

    def set(self, key: str, value: bytes) -> None:
        if self._static(key) and (key in self.store or len(self.store) < self.max_entries):
            self.store[key] = value


def compression_cache_key(req) -> str:
    """GET requests by path and query (bundle URLs carry a fingerprint); anything else never matches."""
    return req.full_path if req.method == "GET" else f"{req.method}:{req.full_path}"


def make_server(name: str) -> Flask:
    """The Flask server Dash runs on, configured before Dash attaches compression to it."""
    server = Flask(name)
    server.config["COMPRESS_CACHE_BACKEND"] = StaticCompressionCache
    server.config["COMPRESS_CACHE_KEY"] = compression_cache_key
    return server
