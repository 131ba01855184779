#!/usr/bin/env python3
"""A stand-in for Jupyter on the fake master: enough of `jupyter lab|notebook|server` to serve
HTTP with a token, and of `jupyter server|notebook list --json` to find it again.

  fake_jupyter.py serve [--ip=IP] [--port=N] [other jupyter options, ignored]
      Serves on IP:PORT (default 127.0.0.1:8888) until SIGTERM. The token is
      $FAKE_JUPYTER_TOKEN or a random one. GET /api/status answers 200 with JSON when the token
      is given (?token=T or header "Authorization: token T"), else 403. GET of any other path
      answers 200 with a small HTML page naming the server when the token is given, else 302 to
      /login. Writes $HOME/.fake-jupyter/jpserver-<pid>.json (as Jupyter's runtime files) once
      listening; removes it on exit.
  fake_jupyter.py list
      Prints one JSON object per live server, as `jupyter server list --json` does.
"""
import http.server
import json
import os
import secrets
import signal
import sys
import urllib.parse

RUNTIME = os.path.join(os.environ.get("HOME", "."), ".fake-jupyter")


def serve(args):
    ip, port = "127.0.0.1", 8888
    for a in args:
        if a.startswith("--ip="):
            ip = a[5:]
        elif a.startswith("--port="):
            port = int(a[7:])
    token = os.environ.get("FAKE_JUPYTER_TOKEN") or secrets.token_hex(24)

    class Handler(http.server.BaseHTTPRequestHandler):
        def authorized(self):
            query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
            header = self.headers.get("Authorization", "")
            return query.get("token", [None])[0] == token or header == "token " + token

        def do_GET(self):
            path = urllib.parse.urlparse(self.path).path
            if not self.authorized():
                if path.startswith("/api/"):
                    self.reply(403, "application/json", b'{"message": "Forbidden"}')
                else:
                    self.send_response(302)
                    self.send_header("Location", "/login?next=" + urllib.parse.quote(path))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                return
            if path == "/api/status":
                body = json.dumps({"started": "fake", "last_activity": "fake", "connections": 0, "kernels": 0})
                self.reply(200, "application/json", body.encode())
            else:
                body = "<html><head><title>Fake Jupyter</title></head><body>Fake Jupyter on port %d, path %s, env FAKE_NB_ENV=%s</body></html>" % (
                    port, path, os.environ.get("FAKE_NB_ENV", ""))
                self.reply(200, "text/html", body.encode())

        def reply(self, status, ctype, body):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, fmt, *a):
            sys.stderr.write("[fake jupyter] " + (fmt % a) + "\n")

    http.server.ThreadingHTTPServer.allow_reuse_address = True
    server = http.server.ThreadingHTTPServer((ip, port), Handler)
    os.makedirs(RUNTIME, exist_ok=True)
    runtime_file = os.path.join(RUNTIME, "jpserver-%d.json" % os.getpid())
    host = "localhost" if ip in ("127.0.0.1", "localhost") else ip
    info = {"base_url": "/", "hostname": host, "password": False, "pid": os.getpid(), "port": port,
            "root_dir": os.getcwd(), "secure": False, "sock": "", "token": token,
            "url": "http://%s:%d/" % (host, port), "version": "fake"}
    with open(runtime_file + ".tmp", "w") as f:
        json.dump(info, f)
    os.rename(runtime_file + ".tmp", runtime_file)

    def stop(*_):
        try:
            os.remove(runtime_file)
        finally:
            os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    sys.stderr.write("[fake jupyter] serving on http://%s:%d/\n" % (ip, port))
    sys.stderr.flush()
    try:
        server.serve_forever()
    finally:
        stop()


def list_servers():
    if not os.path.isdir(RUNTIME):
        return
    for name in sorted(os.listdir(RUNTIME)):
        if not (name.startswith("jpserver-") and name.endswith(".json")):
            continue
        path = os.path.join(RUNTIME, name)
        try:
            with open(path) as f:
                info = json.load(f)
            os.kill(info["pid"], 0)
        except (OSError, ValueError, KeyError):
            continue
        print(json.dumps(info))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        serve(sys.argv[2:])
    elif len(sys.argv) > 1 and sys.argv[1] == "list":
        list_servers()
    else:
        sys.exit("usage: fake_jupyter.py serve [--ip=IP] [--port=N] | list")
