#!/usr/bin/env python3
"""A minimal webhook receiver that starts a secscan run: for any CI or forge that can POST a webhook.

    SECSCAN_WEBHOOK_SECRET=... python3 secscan-webhook.py --repo /srv/checkouts/app --port 8787

POST / with a JSON body {"ref": "<branch or commit, optional>"} and the header
`X-Secscan-Signature: sha256=<hex HMAC-SHA256 of the raw body with the shared secret>`.
The receiver checks the signature (constant-time), optionally checks out `ref` in --repo with `git`,
runs `secscan run` there with a timeout, and answers with the JSON summary: exit code, score, counts by
severity and gate results. Reports are written to --out-dir. One scan at a time (a second request while one
runs gets 409). It binds to 127.0.0.1 unless --host says otherwise: put it behind your reverse proxy.
The secret comes from the environment and is never printed.
"""
import argparse
import hashlib
import hmac
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 64 * 1024
LOCK = threading.Lock()


def verify(secret: bytes, body: bytes, header: str) -> bool:
    if not header.startswith("sha256="):
        return False
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len("sha256="):].strip())


def make_handler(args, secret: bytes):
    class Handler(BaseHTTPRequestHandler):
        def _reply(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, fmt, *a):  # keep request logs short, never headers
            sys.stderr.write("webhook: %s\n" % (fmt % a))

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                return self._reply(413, {"error": "body too large"})
            body = self.rfile.read(length)
            if not verify(secret, body, self.headers.get("X-Secscan-Signature", "")):
                return self._reply(401, {"error": "bad or missing signature"})
            try:
                event = json.loads(body or b"{}")
            except ValueError:
                return self._reply(400, {"error": "body is not JSON"})
            ref = event.get("ref") if isinstance(event, dict) else None
            if ref is not None and (not isinstance(ref, str) or ref.startswith("-") or len(ref) > 200):
                return self._reply(400, {"error": "bad ref"})
            if not LOCK.acquire(blocking=False):
                return self._reply(409, {"error": "a scan is already running"})
            try:
                if ref:
                    subprocess.run(["git", "-C", args.repo, "fetch", "--quiet", "origin", ref], timeout=300, check=False)
                    subprocess.run(["git", "-C", args.repo, "checkout", "--quiet", "--detach", "FETCH_HEAD"], timeout=60, check=False)
                cmd = [args.secscan, "run", args.repo, "--format", "json", "--out-dir", args.out_dir, "-q"]
                try:
                    done = subprocess.run(cmd, timeout=args.timeout, check=False, capture_output=True, text=True)
                except subprocess.TimeoutExpired:
                    return self._reply(504, {"error": f"scan timed out after {args.timeout} s"})
                summary = {"exit_code": done.returncode}
                try:
                    with open(os.path.join(args.out_dir, "secscan-report.json"), encoding="utf-8") as fh:
                        report = json.load(fh)
                    summary.update({"score": report["report"]["security_score"], "counts": report["report"], "gates": report["gates"]})
                except (OSError, ValueError, KeyError):
                    summary["error"] = done.stderr[-2000:]
                return self._reply(200, summary)
            finally:
                LOCK.release()

    return Handler


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", required=True, help="the checkout to scan")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8787)
    ap.add_argument("--out-dir", default="secscan-reports")
    ap.add_argument("--secscan", default="secscan", help="path of the secscan binary")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds a scan may take")
    args = ap.parse_args()
    secret = os.environ.get("SECSCAN_WEBHOOK_SECRET", "").encode()
    if len(secret) < 16:
        print("set SECSCAN_WEBHOOK_SECRET (16 characters or more)", file=sys.stderr)
        return 2
    server = ThreadingHTTPServer((args.host, args.port), make_handler(args, secret))
    print(f"secscan webhook listening on {args.host}:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
