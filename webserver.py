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


#: The policy of every response that is not a page (OWASP's advice for API answers): the full page
#: policy with its script hashes would add about a kilobyte to each of a page's many requests.
NON_DOCUMENT_POLICY = "default-src 'none'; frame-ancestors 'none'"


def harden(app: dash.Dash) -> None:
    """Attach headers, limits and error handlers to `app.server`."""
    server: Flask = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    state: dict[str, str] = {}

    def policy() -> str:
        if "csp" not in state:
            state["csp"] = content_security_policy(app.csp_hashes())
        return state["csp"]

    @server.after_request
    def add_security_headers(response: Response) -> Response:
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        if response.mimetype == "text/html":
            response.headers["Content-Security-Policy"] = policy()
            response.headers["X-Frame-Options"] = "DENY"
            response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
            response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        else:  # scripts, data and downloads are never documents: a short policy that allows nothing
            response.headers["Content-Security-Policy"] = NON_DOCUMENT_POLICY
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
#: Content types worth compressing (text); images and fonts are compressed already.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/geo+json", "image/svg+xml")
#: Encodings offered, best ratio first, and the level each is made at (once per file and worker).
ENCODINGS = {"br": 11, "zstd": 19, "gzip": 9}


def _compress(data: bytes, encoding: str) -> bytes:
    if encoding == "br":
        import brotli

        return brotli.compress(data, quality=ENCODINGS["br"])
    if encoding == "zstd":
        from backports import zstd

        return zstd.compress(data, ENCODINGS["zstd"])
    import gzip

    return gzip.compress(data, ENCODINGS["gzip"], mtime=0)


def accepted_encoding(header: str | None) -> str | None:
    """The best of ENCODINGS the client accepts (an Accept-Encoding header), or None."""
    offered = {}
    for part in (header or "").split(","):
        token, _, params = part.strip().partition(";")
        q = params.strip()
        offered[token.strip().lower()] = not (q.startswith("q=") and float(q[2:] or 0) == 0)
    return next((e for e in ENCODINGS if offered.get(e)), None)


class StaticCompressor:
    """Static files (framework bundles, assets, downloads) compressed once per worker and encoding.

    They never change while a release runs, so each is compressed at the best ratio (brotli 11, zstd
    19, gzip 9) the first time a client asks for it in that encoding and kept. Keys are the path and
    the encoding, never the query string (bundle URLs carry their version in the path; the app's
    assets carry an "?m=" fingerprint any client can vary), and the kept bytes are bounded: past
    `max_bytes` the least recently used entry goes. Clients that accept only gzip get gzip, streamed
    file responses included. Dynamic answers are left to Flask-Compress.
    """

    def __init__(self, max_bytes: int = 64 * 1024 * 1024):
        self.max_bytes = max_bytes
        self.store: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def compressed(self, path: str, encoding: str, raw: bytes) -> bytes:
        key = (path, encoding)
        with self.lock:
            if key in self.store:
                self.store.move_to_end(key)
                return self.store[key]
        body = _compress(raw, encoding)  # outside the lock: other files are served meanwhile
        with self.lock:
            if key not in self.store and len(body) <= self.max_bytes:
                self.store[key] = body
                self.size += len(body)
                while self.size > self.max_bytes:
                    _, old = self.store.popitem(last=False)
                    self.size -= len(old)
        return body

    def attach(self, server: Flask) -> None:
        @server.after_request
        def compress_static(response: Response) -> Response:
            mimetype = response.mimetype or ""
            if (
                request.method != "GET"
                or response.status_code != 200
                or not request.path.startswith(STATIC_PREFIXES)
                or not mimetype.startswith(COMPRESSIBLE)
                or "Content-Encoding" in response.headers
            ):
                return response
            response.vary.add("Accept-Encoding")
            encoding = accepted_encoding(request.headers.get("Accept-Encoding"))
            if encoding is None:
                return response
            response.direct_passthrough = False
            body = self.compressed(request.path, encoding, response.get_data())
            response.set_data(body)
            response.headers["Content-Encoding"] = encoding
            if response.headers.get("ETag"):
                response.headers["ETag"] = response.headers["ETag"].rstrip('"') + f':{encoding}"'
            return response


def make_server(name: str) -> Flask:
    """The Flask server Dash runs on (Dash attaches Flask-Compress for the dynamic answers to it)."""
    return Flask(name)
