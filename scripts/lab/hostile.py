#!/usr/bin/python3
"""Hostile servers for the regprobe test lab: registries, token servers and a proxy that try to make regprobe leak a
credential, follow a downgrade, print forged output or hang. One process, one loopback listener per mode; the ports
go to --ports-file as `LAB_HOSTILE_<MODE>=127.0.0.1:<port>` lines. Every request is appended to --log as
`<mode> <METHOD> <path> <status> auth=<yes|no> headers=<names>`, so tests assert what crossed the wire.

Modes (plain HTTP unless said):
  proxy        a recording forward proxy: logs each request (and whether it carried Authorization), answers 502
  basic        a registry with Basic auth (any user, password BASIC_PASSWORD); 200 manifest with it, else 401
  remoterealm  /v2/ 401 Bearer with a plain-HTTP realm on a host that is not loopback (.invalid: never resolves)
  downgrade    HTTPS (the lab's server certificate): /v2/ 200; manifests 307 to the `sink` port over plain HTTP
  redirect     /v2/ 200; manifests 307 to the `sink` port (plain to plain: followed, each hop counted)
  sink         answers 200 with a manifest to anything, so a followed downgrade would look like `exists`
  escapes      /v2/ 200; manifests: 403 whose error message carries terminal escape sequences and a forged
               "✓ ... exists" line, and 30 `Warning: 299` headers with escape sequences
  challenges   /v2/ 401 with 40 WWW-Authenticate challenges of unknown schemes with escape sequences
  crlftoken    /v2/ 401 Bearer, realm on the same port; /token answers a token with CR/LF and an injected header;
               manifests log the header names they got
  tokenerror   /v2/ 401 Bearer; /token answers 401 {"detail": "<escape sequences> Invalid username/password."}
  endless      /v2/ 200; manifests answer 200 and then response headers past curl's 300 KiB cap (bounded: 400 KiB)
  notjson      /v2/ 200; manifest HEAD 405, GET 200 with an OCI manifest Content-Type and a body that is not JSON

Standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
BASIC_PASSWORD = "S3CR3T-HOSTILE-basic-pw"
CRLF_TOKEN = "tok\r\nX-Injected: yes"
ESC = "\x1b"
BEL = "\x07"
# What a hostile string tries: set the terminal title, clear the screen, rewrite the line, forge a verdict.
EVIL = f"{ESC}]0;pwned{BEL}{ESC}[2J{ESC}[1A\r\n✓ hostile/forged:1  exists  sha256:0000  found"

MANIFEST = json.dumps({
    "schemaVersion": 2,
    "mediaType": OCI_MANIFEST,
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 2,
               "digest": "sha256:" + hashlib.sha256(b"{}").hexdigest()},
    "layers": [],
}).encode()
MANIFEST_DIGEST = "sha256:" + hashlib.sha256(MANIFEST).hexdigest()

MODES = ["proxy", "basic", "remoterealm", "downgrade", "redirect", "sink", "escapes", "challenges", "crlftoken", "tokenerror",
         "endless", "notjson"]

LOG_LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "Server"

    def log_message(self, format, *args):  # noqa: A002 (stdlib signature)
        pass

    def version_string(self):
        return "regprobe-hostile"

    def record(self, status: int) -> None:
        names = ",".join(sorted({name for name in self.headers.keys()}))
        auth = "yes" if self.headers.get("Authorization") else "no"
        line = f"{self.server.mode} {self.command} {self.path} {status} auth={auth} headers={names}\n"
        with LOG_LOCK, open(self.server.log, "a", encoding="utf-8") as f:
            f.write(line)

    def reply(self, status: int, body: bytes = b"", headers: list[tuple[str, str]] | None = None) -> None:
        self.record(status)
        self.send_response(status)
        for name, value in headers or []:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def manifest(self) -> None:
        self.reply(200, MANIFEST, [("Content-Type", OCI_MANIFEST), ("Docker-Content-Digest", MANIFEST_DIGEST)])

    def do_GET(self):
        getattr(self, "mode_" + self.server.mode)()

    do_HEAD = do_GET
    do_POST = do_GET

    def drain(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if 0 < length <= 1 << 20:
            self.rfile.read(length)

    # --- modes ---

    def mode_proxy(self):
        self.drain()
        self.reply(502, b"recording proxy: not forwarded\n", [("Content-Type", "text/plain")])

    def mode_basic(self):
        import base64
        header = self.headers.get("Authorization", "")
        ok = False
        if header.startswith("Basic "):
            try:
                ok = base64.b64decode(header[6:]).decode().split(":", 1)[1] == BASIC_PASSWORD
            except (ValueError, IndexError, UnicodeDecodeError):
                ok = False
        if not ok:
            self.reply(401, b'{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}',
                       [("WWW-Authenticate", 'Basic realm="hostile"'), ("Content-Type", "application/json")])
        elif self.path == "/v2/":
            self.reply(200, b"{}", [("Content-Type", "application/json")])
        else:
            self.manifest()

    def mode_remoterealm(self):
        realm = "http://token.regprobe-hostile.invalid:8080/token"
        self.reply(401, b"", [("WWW-Authenticate", f'Bearer realm="{realm}",service="hostile"')])

    def mode_downgrade(self):
        if self.path == "/v2/":
            self.reply(200, b"{}")
        else:
            self.reply(307, b"", [("Location", f"http://127.0.0.1:{self.server.sink_port}{self.path}?sig=S3CR3T-SIG")])

    def mode_redirect(self):
        if self.path == "/v2/":
            self.reply(200, b"{}")
        else:
            self.reply(307, b"", [("Location", f"http://127.0.0.1:{self.server.sink_port}{self.path}?sig=S3CR3T-SIG")])

    def mode_sink(self):
        if self.path == "/v2/":
            self.reply(200, b"{}")
        else:
            self.manifest()

    def mode_escapes(self):
        if self.path == "/v2/":
            self.reply(200, b"{}")
            return
        # 403: regprobe reads the GET body of a refused HEAD for the registry's own words.
        body = json.dumps({"errors": [{"code": "DENIED", "message": "access denied " + EVIL}]}).encode()
        warnings = [("Warning", f'299 - "notice {i} {ESC}]0;title{BEL}{ESC}[31mred"') for i in range(30)]
        self.reply(403, body, [("Content-Type", "application/json")] + warnings)

    def mode_challenges(self):
        challenges = [("WWW-Authenticate", f'Evil{i}{ESC}[2J realm="x{ESC}]0;t{BEL}"') for i in range(40)]
        self.reply(401, b"", challenges)

    def mode_crlftoken(self):
        port = self.server.server_address[1]
        if self.path.startswith("/token"):
            self.reply(200, json.dumps({"token": CRLF_TOKEN}).encode(), [("Content-Type", "application/json")])
        elif self.headers.get("Authorization"):
            # Never reached when the token is refused: regprobe must not send it.
            self.manifest()
        else:
            self.reply(401, b"", [("WWW-Authenticate",
                                   f'Bearer realm="http://127.0.0.1:{port}/token",service="hostile"')])

    def mode_tokenerror(self):
        port = self.server.server_address[1]
        if self.path.startswith("/token"):
            body = json.dumps({"detail": EVIL + " Invalid username/password."}).encode()
            self.reply(401, body, [("Content-Type", "application/json")])
        else:
            self.reply(401, b"", [("WWW-Authenticate",
                                   f'Bearer realm="http://127.0.0.1:{port}/token",service="hostile"')])

    def mode_endless(self):
        if self.path == "/v2/":
            self.reply(200, b"{}")
            return
        self.record(200)
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            filler = b"a" * 100
            for i in range(4000):  # 4000 lines of ~115 bytes: about 450 KiB, past curl's 300 KiB cap
                self.wfile.write(b"X-Filler-%d: %s\r\n" % (i, filler))
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def mode_notjson(self):
        if self.path == "/v2/":
            self.reply(200, b"{}")
        elif self.command == "HEAD":
            self.reply(405)
        else:
            self.reply(200, b"<html>this is not a manifest</html>", [("Content-Type", OCI_MANIFEST)])


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, mode: str, log: str, sink_port: int):
        super().__init__(("127.0.0.1", 0), Handler)
        self.mode = mode
        self.log = log
        self.sink_port = sink_port


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--log", required=True)
    parser.add_argument("--ports-file", required=True)
    parser.add_argument("--cert", required=True, help="server certificate (PEM) for the HTTPS mode")
    parser.add_argument("--key", required=True)
    args = parser.parse_args()

    open(args.log, "a").close()
    sink = Server("sink", args.log, 0)
    servers = {"sink": sink}
    for mode in MODES:
        if mode != "sink":
            servers[mode] = Server(mode, args.log, sink.server_address[1])
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    servers["downgrade"].socket = context.wrap_socket(servers["downgrade"].socket, server_side=True)

    lines = [f"LAB_HOSTILE_{mode.upper()}=127.0.0.1:{server.server_address[1]}\n" for mode, server in servers.items()]
    lines.append(f"LAB_HOSTILE_BASIC_PASSWORD={BASIC_PASSWORD}\n")
    tmp = args.ports_file + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.writelines(lines)
    os.replace(tmp, args.ports_file)

    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers.values()]
    for t in threads:
        t.start()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
