"""The Flask server under Dash: security headers, calm errors, request limits, compression, memory.

- Every page carries a Content-Security-Policy that allows only this origin (plus the hashes of
  Dash's own inline scripts) and a framing policy; every other response a policy that allows
  nothing; all carry `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`.
- A malformed or hostile callback request gets a 4xx and never a traceback; an exception inside a
  callback is logged and answered with "no update", so the server keeps serving.
- Static files and the answers of pure callbacks are compressed once per worker at the best level
  and kept, bounded in bytes (StaticCompressor, CallbackMemo); a worker warms up before it takes a
  request (warm_up).
"""

from __future__ import annotations

import json
import logging
import posixpath
import re
import threading
import time
from collections import OrderedDict

import dash
from dash.fingerprint import check_fingerprint
from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

#: Largest request body accepted (an upload of 5 MB arrives base64-encoded, about 6.7 MB).
MAX_REQUEST_BYTES = 8 * 1024 * 1024
CALLBACK_PATH = "/_dash-update-component"


def content_security_policy(script_hashes: list[str], frame_ancestors: str = "'none'") -> str:
    """A CSP allowing only this origin; inline scripts only by hash. Styles allow inline because
    Plotly and React set them at run time. No site may frame the page unless `frame_ancestors` says."""
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
        "frame-ancestors": [frame_ancestors],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class OneLineFormatter(logging.Formatter):
    """Each log record on one line: control characters anywhere in it (a newline in text a client
    sent, a traceback's line breaks) are written escaped (`\\n`), so no request can forge a line."""

    def format(self, record: logging.LogRecord) -> str:
        return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), super().format(record))


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: int = logging.INFO) -> None:
    """One handler on the root logger, to standard error, with a timestamp, the level and the logger's
    name on every line (gunicorn passes it on to its error log). Idempotent."""
    root = logging.getLogger()
    if not any(isinstance(h.formatter, OneLineFormatter) for h in root.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(OneLineFormatter(LOG_FORMAT))
        root.addHandler(handler)
    root.setLevel(level)


def on_callback_error(err: Exception) -> None:
    """Global callback error handler: log without echoing input, answer with no update."""
    log.warning("callback failed: %s: %s", type(err).__name__, str(err)[:200])
    raise dash.exceptions.PreventUpdate


#: The policy of every response that is not a page (OWASP's advice for API answers): the full page
#: policy with its script hashes would add about a kilobyte to each of a page's many requests.
NON_DOCUMENT_POLICY = "default-src 'none'; frame-ancestors 'none'"


#: Pages other sites may put in a frame (components/embeds.py); every other page refuses framing.
FRAMEABLE_PREFIXES = ("/embed/",)
#: The policy of those pages: only this origin's scripts (none inline), any site may frame them.
FRAMEABLE_POLICY = content_security_policy([], frame_ancestors="*")


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
        frameable = request.path.startswith(FRAMEABLE_PREFIXES) and response.status_code == 200
        if response.mimetype == "text/html" and frameable:
            response.headers["Content-Security-Policy"] = FRAMEABLE_POLICY
            response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        elif response.mimetype == "text/html":
            response.headers["Content-Security-Policy"] = policy()
            response.headers["X-Frame-Options"] = "DENY"
            response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
            response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        else:  # scripts, data and downloads are never documents: a short policy that allows nothing
            response.headers["Content-Security-Policy"] = NON_DOCUMENT_POLICY
        if request.path.endswith(CALLBACK_PATH):  # answers about one visitor's view or upload: never stored
            response.headers["Cache-Control"] = "no-store"
        return response

    @server.errorhandler(Exception)
    def calm_errors(err: Exception):
        if isinstance(err, HTTPException):
            return Response(f"{err.code} {err.name}\n", status=err.code, mimetype="text/plain")
        if isinstance(err, dash.exceptions.DependencyException):  # a framework file that does not exist
            return Response("404 Not Found\n", status=404, mimetype="text/plain")
        if request.path.endswith(CALLBACK_PATH):
            log.warning("malformed callback request: %s", type(err).__name__)
            return Response("400 Bad Request: malformed callback request\n", status=400, mimetype="text/plain")
        log.exception("unexpected server error")
        return Response("500 Internal Server Error\n", status=500, mimetype="text/plain")


#: Content types worth compressing (text); images and fonts are compressed already.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/geo+json", "image/svg+xml")
#: Encodings offered, best ratio first, and the level each is made at. Only answers that are kept
#: (static files, remembered callback answers) are made here, once each, so the slow best levels pay.
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
        try:
            refused = q.startswith("q=") and float(q[2:] or 0) == 0
        except ValueError:
            refused = True
        offered[token.strip().lower()] = not refused
    return next((e for e in ENCODINGS if offered.get(e)), None)


class ByteLRU:
    """Bytes by key, bounded in total size: past `max_bytes` the least recently used go first.

    gthread workers share one instance between threads, so every read-and-reorder and every
    write-and-evict happens under one lock, and a hit can never meet a half-done eviction.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.store: OrderedDict[object, bytes] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key) -> bytes | None:
        with self.lock:
            value = self.store.get(key)
            if value is not None:
                self.store.move_to_end(key)
            return value

    def put(self, key, value: bytes) -> None:
        if len(value) > self.max_bytes:
            return
        with self.lock:
            old = self.store.pop(key, None)
            self.size -= len(old) if old is not None else 0
            self.store[key] = value
            self.size += len(value)
            while self.size > self.max_bytes:
                _, dropped = self.store.popitem(last=False)
                self.size -= len(dropped)

    def get_or_make(self, key, make) -> bytes:
        """The kept value, or `make()` kept and returned (made outside the lock: others go on meanwhile)."""
        value = self.get(key)
        if value is None:
            value = make()
            self.put(key, value)
        return value


def send_compressed(response: Response, encoding: str | None, body: bytes) -> Response:
    """`response` carrying `body` (already compressed with `encoding`, or plain when None)."""
    response.direct_passthrough = False
    response.vary.add("Accept-Encoding")
    response.set_data(body)
    if encoding is not None:
        response.headers["Content-Encoding"] = encoding
        if response.headers.get("ETag"):
            response.headers["ETag"] = response.headers["ETag"].rstrip('"') + f':{encoding}"'
    return response


class CallbackMemo:
    """Answers repeated requests to pure callbacks from memory, compressed once, per worker.

    A callback whose answer depends only on its request need not run again for a request it has
    answered: the county map's Patch is a function of the map state, and a page's layout (Dash
    Pages' router callback) a function of the page and the state it reads from its query
    (components/page_views.py). The serialised answer is kept under a key (by default the
    callback's output with its inputs and states; a key function given for an output may
    normalise the body, or return None to keep nothing), with its compressed copies, made once at
    the best level, so a repeat costs neither the callback nor the compression. Everything kept is
    bounded by `max_bytes`, least recently used first out; bodies larger than MAX_KEY_BYTES are
    never kept.
    """

    MAX_KEY_BYTES = 4096
    HIT, KEY = "wiht.memo_hit", "wiht.memo_key"

    def __init__(self, outputs, max_bytes: int = 32 * 1024 * 1024, variant=lambda: None):
        """`outputs`: the outputs to remember, or a mapping of each to its key function (or None).
        `variant`: what else, read from the request, an answer depends on (the language), as a
        validated value: it is part of every key."""
        self.keys: dict = dict(outputs) if isinstance(outputs, dict) else dict.fromkeys(outputs)
        self.answers = ByteLRU(max_bytes)
        self.variant = variant

    def key(self) -> str | None:
        if request.method != "POST" or not request.path.endswith(CALLBACK_PATH):
            return None
        if (request.content_length or 0) > self.MAX_KEY_BYTES:
            return None
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or body.get("output") not in self.keys:
            return None
        make = self.keys[body["output"]]
        part = make(body) if make else [body.get("inputs"), body.get("state")]
        return None if part is None else json.dumps([body["output"], part, self.variant()], sort_keys=True)

    def send(self, response: Response, key: str, raw: bytes) -> Response:
        encoding = accepted_encoding(request.headers.get("Accept-Encoding"))
        if encoding is None:
            return send_compressed(response, None, raw)
        body = self.answers.get_or_make((key, encoding), lambda: _compress(raw, encoding))
        return send_compressed(response, encoding, body)

    def attach(self, server: Flask) -> None:
        @server.before_request
        def answer_from_memory():
            key = self.key()
            if key is None:
                return None
            request.environ[self.KEY] = key
            raw = self.answers.get((key, None))
            if raw is None:
                return None
            request.environ[self.HIT] = True
            return self.send(Response(mimetype="application/json"), key, raw)

        @server.after_request
        def remember(response: Response) -> Response:
            key = request.environ.get(self.KEY)
            if (
                key
                and not request.environ.get(self.HIT)
                and response.status_code == 200
                and not response.direct_passthrough
                and "Content-Encoding" not in response.headers
            ):
                raw = response.get_data()
                self.answers.put((key, None), raw)
                return self.send(response, key, raw)
            return response


STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/", "/download/")


class StaticCompressor:
    """Static files (framework bundles, assets, downloads) compressed once per worker and encoding.

    They never change while a release runs, so each is compressed at the best level (ENCODINGS) the
    first time a client asks for it in that encoding, and kept. Keys are the path and the encoding,
    never the query string (bundle URLs carry their version in the path; the app's assets carry an
    "?m=" fingerprint any client can vary), and what is kept is bounded by `max_bytes`. Clients that
    accept only gzip get gzip, streamed file responses included. Other dynamic answers are left to
    Flask-Compress.
    """

    def __init__(self, max_bytes: int = 64 * 1024 * 1024):
        self.kept = ByteLRU(max_bytes)

    @staticmethod
    def file_key(path: str) -> str:
        """The file a static path names: Dash's version fingerprint removed and the path normalised,
        so `/x.v1m2.js`, `/x.v9m9.js` and `/./x.js` share one kept copy and cost one compression."""
        return posixpath.normpath(check_fingerprint(path)[0])

    def compressed(self, path: str, encoding: str, raw: bytes) -> bytes:
        return self.kept.get_or_make((self.file_key(path), encoding), lambda: _compress(raw, encoding))

    def attach(self, server: Flask) -> None:
        @server.after_request
        def compress_static(response: Response) -> Response:
            if (
                request.method != "GET"
                or response.status_code != 200
                or not request.path.startswith(STATIC_PREFIXES)
                or not (response.mimetype or "").startswith(COMPRESSIBLE)
                or "Content-Encoding" in response.headers
            ):
                return response
            encoding = accepted_encoding(request.headers.get("Accept-Encoding"))
            if encoding is None:
                response.vary.add("Accept-Encoding")
                return response
            etag, _ = response.get_etag()
            if etag and request.if_none_match.contains(f"{etag}:{encoding}"):
                # the client holds this file in this encoding (the tag send_compressed gave it)
                response.direct_passthrough = False
                response.set_data(b"")
                response.status_code = 304
                response.headers["ETag"] = f'"{etag}:{encoding}"'
                response.vary.add("Accept-Encoding")
                for header in ("Content-Length", "Content-Disposition", "Content-Type"):
                    response.headers.pop(header, None)
                return response
            response.direct_passthrough = False
            return send_compressed(response, encoding, self.compressed(request.path, encoding, response.get_data()))


def warm_up(server: Flask, path: str = "/", views: list[dict] = ()) -> dict:
    """Before a worker takes requests: GET `path` through the whole stack, then every script and
    stylesheet it links, with brotli and gzip accepted, then POST each callback body in `views`.

    Dash Pages registers its router callback on the first request it sees, every static file is
    compressed at the best level the first time it is asked for (about 3 s of CPU for brotli 11 on
    all of them), and each page's layout is built on its first view. Doing all of it here means the
    first visitors after a start (every deploy, every worker recycle) wait for none of it. Returns
    what was fetched, whether every answer was a 200, and how long it took.
    """
    t0 = time.perf_counter()
    client = server.test_client()
    page = client.get(path, headers={"Accept-Encoding": "identity"})
    linked = re.findall(r'<(?:script src|link rel="stylesheet" href)="(/[^"]+)"', page.get_data(as_text=True))
    statuses = [page.status_code]
    for encoding in ("br", "gzip"):
        headers = {"Accept-Encoding": encoding}
        statuses += [client.get(url, headers=headers).status_code for url in linked]
        statuses += [client.post(CALLBACK_PATH, json=body, headers=headers).status_code for body in views]
    return {
        "seconds": time.perf_counter() - t0,
        "files": len(linked),
        "views": len(views),
        "ok": all(s == 200 for s in statuses),
    }


#: How long a browser may keep an asset fetched at a fingerprinted address (`?m=<mtime>`, which
#: Dash adds to every asset it links): a changed file gets a new address, so a year is safe.
FINGERPRINTED_CACHE = "public, max-age=31536000, immutable"


def cache_fingerprinted_assets(server: Flask) -> None:
    """Let browsers keep assets requested at their fingerprinted address, so a second visit (a
    presenter reopening the dashboard) downloads none of them again."""

    @server.after_request
    def long_cache(response: Response) -> Response:
        if request.path.startswith("/assets/") and request.args.get("m") and response.status_code == 200:
            response.headers["Cache-Control"] = FINGERPRINTED_CACHE
        return response


#: Flask-Compress, for answers made fresh each time (pages, callbacks not remembered): brotli first at
#: a level that costs about as much CPU as gzip's default and is 20-30% smaller on Dash's JSON.
DYNAMIC_COMPRESSION = {"COMPRESS_ALGORITHM": ["br", "zstd", "gzip"], "COMPRESS_BR_LEVEL": 5}


def make_server(name: str) -> Flask:
    """The Flask server Dash runs on, configured before Dash attaches Flask-Compress to it."""
    server = Flask(name)
    server.config.update(DYNAMIC_COMPRESSION)
    return server
