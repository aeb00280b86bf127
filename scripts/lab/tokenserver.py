#!/usr/bin/python3
"""Minimal Docker registry token server for the regprobe test lab.

Implements the "Docker Registry v2 authentication via central service" flow
(GET /token?service=...&scope=...) well enough for distribution 2.8.2's
`auth.token` to accept the tokens it hands out.

  GET /token?service=S&scope=repository:NAME:pull[,push][&scope=...]
      optional  Authorization: Basic base64(user:password)

Scopes may be given as repeated `scope` parameters and/or space-separated in a
single parameter. Each requested scope gets the intersection of the requested
actions and what the ACL below allows (possibly an empty list). A wrong
password or an unknown user gets HTTP 401; no Authorization header means the
anonymous user.

The JWT is RS256-signed with --signing-key; its header `kid` is the libtrust key
id of that key, which is how distribution picks the key out of its
`rootcertbundle`.

Runs on 127.0.0.1 only. Passwords and tokens are never logged.
Only the Python standard library and python3-cryptography (Debian) are used.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
import os
import ssl
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

TOKEN_LIFETIME = 300  # seconds, reported as expires_in
HANDSHAKE_TIMEOUT = 10  # seconds a client gets to finish the TLS handshake
IDLE_TIMEOUT = 30  # seconds an idle keep-alive connection is kept

# --- users and ACL ----------------------------------------------------------
# Lab-only credentials; they are documented in the lab README/report and are
# not secrets. `None` is the anonymous user (no Authorization header).
USERS = {
    "admin": "adminpw",
    "alice": "alicepw",
    "bob": "bobpw",
    # Usernames real registries use, which clients must pass through unquoted and unmangled.
    "robot$ci": "robotpw",                      # Harbor robot accounts
    "org+robot": "orgrobotpw",                  # Quay robot accounts
    "_json_key": '{"type": "service_account", "private_key": "-----BEGIN KEY-----\\nabc\\n-----END KEY-----\\n"}',  # GCR
    "oauth2accesstoken": "ya29.lab-access-token",  # GCR / Artifact Registry
    "AWS": "aws-lab-password",                  # ECR
}

# OAuth2 refresh tokens (docker config `identitytoken`, as ACR hands out with the all-zero GUID user):
# accepted by POST /token (grant_type=refresh_token) and, as the password of that user, by GET /token.
ZERO_GUID = "00000000-0000-0000-0000-000000000000"
REFRESH_TOKENS = {"rt-lab-refresh-token": ZERO_GUID}

# Each rule: (repository-name prefix, allowed actions). "" matches every name.
# A prefix "public/" matches public/x and public/x/y/z (nested paths too).
ACL: dict[str | None, list[tuple[str, frozenset[str]]]] = {
    "admin": [("", frozenset({"pull", "push"}))],
    "alice": [
        ("public/", frozenset({"pull"})),
        ("team/", frozenset({"pull"})),
        ("private/", frozenset({"pull"})),
    ],
    "bob": [
        ("public/", frozenset({"pull"})),
        ("team/", frozenset({"pull"})),
    ],
    **{name: [("public/", frozenset({"pull"})), ("team/", frozenset({"pull"})), ("private/", frozenset({"pull"}))]
       for name in ("robot$ci", "org+robot", "_json_key", "oauth2accesstoken", "AWS", ZERO_GUID)},
    None: [("public/", frozenset({"pull"}))],
}


def allowed_actions(user: str | None, res_type: str, name: str) -> frozenset[str]:
    """Actions the ACL gives `user` on resource (res_type, name)."""
    if res_type != "repository":
        return frozenset()  # registry:catalog:* etc. are never granted
    granted: set[str] = set()
    for prefix, actions in ACL.get(user, []):
        if name.startswith(prefix):
            granted |= actions
    return frozenset(granted)


def parse_scope(scope: str) -> tuple[str, str, list[str]] | None:
    """Split `type:name:actions` (name may itself contain ':', e.g. a port).

    Returns None for a malformed scope, which is then ignored (like
    docker/distribution's reference auth server does).
    """
    first = scope.find(":")
    last = scope.rfind(":")
    if first <= 0 or last == first:
        return None
    res_type = scope[:first]
    name = scope[first + 1:last]
    actions = [a for a in scope[last + 1:].split(",") if a]
    if not name:
        return None
    return res_type, name, actions


# --- JWT ----------------------------------------------------------------------

def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def libtrust_key_id(public_key) -> str:
    """docker/libtrust key id: SHA-256 of the DER SubjectPublicKeyInfo, first
    240 bits, base32 without padding (48 chars), in 12 groups of 4 joined by ':'."""
    der = public_key.public_bytes(
        serialization.Encoding.DER,
        serialization.PublicFormat.SubjectPublicKeyInfo,
    )
    digest = hashlib.sha256(der).digest()[:30]
    b32 = base64.b32encode(digest).decode("ascii").rstrip("=")
    return ":".join(b32[i:i + 4] for i in range(0, len(b32), 4))


class Signer:
    def __init__(self, key_path: str):
        with open(key_path, "rb") as f:
            self.key = serialization.load_pem_private_key(f.read(), password=None)
        self.kid = libtrust_key_id(self.key.public_key())

    def sign(self, claims: dict) -> str:
        header = {"typ": "JWT", "alg": "RS256", "kid": self.kid}
        signing_input = (
            b64url(json.dumps(header, separators=(",", ":")).encode())
            + "."
            + b64url(json.dumps(claims, separators=(",", ":")).encode())
        )
        sig = self.key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
        return signing_input + "." + b64url(sig)


# --- HTTP -------------------------------------------------------------------

class TokenHandler(BaseHTTPRequestHandler):
    server_version = "regprobe-lab-tokenserver/1"
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY: the headers and the body go out as two writes (two TLS records); with Nagle on, the body waits
    # for the client's delayed ACK of the headers, which added ~40 ms to every token request.
    disable_nagle_algorithm = True

    # Filled in by main().
    signer: Signer
    issuer: str
    default_service: str
    realm: str
    log_file = None
    log_lock = threading.Lock()

    # The default implementation writes to stderr; we log explicitly instead.
    def log_message(self, format, *args):  # noqa: A002 (stdlib signature)
        pass

    def log_request_line(self, status: int, user: str | None) -> None:
        """TIME METHOD PATH?QUERY STATUS user=NAME — the query holds no secrets.

        Called before the response is sent, so a client holding the answer can
        rely on the line being in the log already."""
        line = "%s %s %s %d user=%s\n" % (
            dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            self.command,
            self.path,
            status,
            user if user is not None else "-",
        )
        with self.log_lock:
            self.log_file.write(line)
            self.log_file.flush()

    def send_json(self, status: int, body: dict, extra_headers: dict | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for k, v in (extra_headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def authenticate(self) -> tuple[bool, str | None]:
        """(ok, user). No header → (True, None) = anonymous."""
        header = self.headers.get("Authorization")
        if header is None:
            return True, None
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "basic":
            return False, None
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return False, None
        user, sep, password = decoded.partition(":")
        if sep and REFRESH_TOKENS.get(password) == user:
            return True, user
        expected = USERS.get(user)
        if not sep or expected is None:
            return False, user or None
        if not hmac.compare_digest(password.encode(), expected.encode()):
            return False, user
        return True, user

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path != "/token":
            self.log_request_line(404, None)
            self.send_json(404, {"errors": [{"code": "NOT_FOUND", "message": "not found"}]})
            return

        ok, user = self.authenticate()
        if not ok:
            self.log_request_line(401, user)
            self.send_json(
                401,
                {"errors": [{
                    "code": "UNAUTHORIZED",
                    "message": "authentication required: invalid username or password",
                }]},
                {"WWW-Authenticate": 'Basic realm="regprobe-lab"'},
            )
            return

        query = parse_qs(url.query, keep_blank_values=True)
        service = (query.get("service") or [self.default_service])[0] or self.default_service
        # Repeated scope params AND space-separated scopes in one param.
        scopes = [s for param in query.get("scope", []) for s in param.split()]
        self.issue(user, service, scopes)

    def issue(self, user: str | None, service: str, scopes: list[str], oauth: bool = False) -> None:
        """Answer with a token granting the intersection of `scopes` and the ACL."""
        access = []
        for scope in scopes:
            parsed = parse_scope(scope)
            if parsed is None:
                continue
            res_type, name, requested = parsed
            allowed = allowed_actions(user, res_type, name)
            # Intersection, keeping the requested order; "*" means all allowed.
            if "*" in requested:
                granted = sorted(allowed)
            else:
                granted = []
                for action in requested:
                    if action in allowed and action not in granted:
                        granted.append(action)
            access.append({"type": res_type, "name": name, "actions": granted})

        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": user or "",
            "aud": service,  # distribution 2.8.2 wants a plain string here
            "exp": now + TOKEN_LIFETIME,
            "nbf": now - 1,
            "iat": now,
            "jti": uuid.uuid4().hex,
            "access": access,
        }
        token = self.signer.sign(claims)
        issued_at = dt.datetime.fromtimestamp(now, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.log_request_line(200, user)
        if oauth:
            # OAuth2 answers carry access_token only (https://distribution.github.io/distribution/spec/auth/oauth/).
            self.send_json(200, {"access_token": token, "expires_in": TOKEN_LIFETIME, "scope": " ".join(scopes),
                                 "issued_at": issued_at})
            return
        self.send_json(200, {
            "token": token,
            "access_token": token,
            "expires_in": TOKEN_LIFETIME,
            "issued_at": issued_at,
        })

    def do_POST(self):
        """OAuth2 token endpoint: grant_type=refresh_token with a known refresh token; anything else 400."""
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(min(length, 1 << 20)).decode("utf-8", "replace"), keep_blank_values=True)
        if url.path != "/token":
            self.log_request_line(404, None)
            self.send_json(404, {"errors": [{"code": "NOT_FOUND", "message": "not found"}]})
            return
        grant = (form.get("grant_type") or [""])[0]
        user = REFRESH_TOKENS.get((form.get("refresh_token") or [""])[0]) if grant == "refresh_token" else None
        if user is None:
            self.log_request_line(400, None)
            self.send_json(400, {"error": "invalid_grant" if grant == "refresh_token" else "unsupported_grant_type"})
            return
        service = (form.get("service") or [self.default_service])[0] or self.default_service
        scopes = [s for param in form.get("scope", []) for s in param.split()]
        self.issue(user, service, scopes, oauth=True)

    def do_HEAD(self):
        self.do_GET()

    def _not_allowed(self):
        # Drain a request body so keep-alive stays in sync.
        length = int(self.headers.get("Content-Length") or 0)
        if length > 0:
            self.rfile.read(min(length, 1 << 20))
        self.log_request_line(405, None)
        self.send_json(405, {"errors": [{"code": "UNSUPPORTED", "message": "method not allowed"}]},
                       {"Allow": "GET, HEAD"})

    do_PUT = do_DELETE = do_PATCH = _not_allowed


class TLSThreadingHTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that does the TLS handshake in the worker thread.

    Wrapping the listening socket instead would run every handshake inside
    accept() on the main thread, so one stalled client (a port probe, a
    plain-HTTP request) would block all others.
    """

    daemon_threads = True

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError, ssl.SSLError)):
            return  # client went away; not worth a traceback
        print("tokenserver: error serving %s: %r" % (client_address, exc), file=sys.stderr, flush=True)

    def __init__(self, addr, handler, ctx: ssl.SSLContext):
        super().__init__(addr, handler)
        self.ssl_context = ctx

    def finish_request(self, request, client_address):
        request.settimeout(HANDSHAKE_TIMEOUT)
        try:
            tls = self.ssl_context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return  # bad handshake (e.g. plain HTTP); nothing to answer
        try:
            tls.settimeout(IDLE_TIMEOUT)
            self.RequestHandlerClass(tls, client_address, self)
        finally:
            try:
                tls.close()
            except OSError:
                pass


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--cert", required=True, help="TLS server certificate (PEM)")
    ap.add_argument("--key", required=True, help="TLS server key (PEM)")
    ap.add_argument("--signing-key", required=True, help="RSA key that signs the JWTs (PEM)")
    ap.add_argument("--issuer", default="regprobe-lab-issuer")
    ap.add_argument("--service", default="regprobe-lab", help="aud when no service= is given")
    ap.add_argument("--log", required=True, help="request log file (appended)")
    args = ap.parse_args()

    if args.bind not in ("127.0.0.1", "::1", "localhost"):
        print("tokenserver: refusing to bind a non-loopback address", file=sys.stderr)
        return 2

    TokenHandler.signer = Signer(args.signing_key)
    TokenHandler.issuer = args.issuer
    TokenHandler.default_service = args.service
    TokenHandler.log_file = open(args.log, "a", encoding="utf-8")

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    ctx.set_alpn_protocols(["http/1.1"])

    server = TLSThreadingHTTPServer((args.bind, args.port), TokenHandler, ctx)
    print("tokenserver: listening on https://%s:%d/token (kid %s, pid %d)"
          % (args.bind, args.port, TokenHandler.signer.kid, os.getpid()), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
