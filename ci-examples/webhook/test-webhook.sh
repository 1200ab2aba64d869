#!/usr/bin/env bash
# Starts the webhook receiver against the demo repository on loopback and checks: signed request → 200 with
# the score; unsigned → 401. Usage: test-webhook.sh SECSCAN_BINARY
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$1
out=$(mktemp -d)
export SECSCAN_WEBHOOK_SECRET=test-secret-0123456789abcdef
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 "$here/secscan-webhook.py" --repo "$here/../../fixtures/projects/demo" --out-dir "$out" --port "$port" \
  --secscan "$bin" --timeout 120 > "$out/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$out"' EXIT
for _ in $(seq 50); do grep -q listening "$out/server.log" 2>/dev/null && break; sleep 0.1; done
python3 - "$port" <<'PY'
import hashlib, hmac, json, os, sys, urllib.request, urllib.error
port = sys.argv[1]
secret = os.environ["SECSCAN_WEBHOOK_SECRET"].encode()
body = json.dumps({}).encode()
def post(sig):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/", data=body, method="POST")
    if sig:
        req.add_header("X-Secscan-Signature", sig)
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)
passed = failed = 0
status, payload = post("sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest())
ok = status == 200 and payload.get("exit_code") == 1 and payload.get("score") == 44
print("signed request:", status, payload.get("exit_code"), payload.get("score"), "ok" if ok else "FAILED")
passed, failed = passed + ok, failed + (not ok)
status, payload = post("sha256=" + "0" * 64)
ok = status == 401
print("bad signature:", status, "ok" if ok else "FAILED")
passed, failed = passed + ok, failed + (not ok)
status, payload = post(None)
ok = status == 401
print("no signature:", status, "ok" if ok else "FAILED")
passed, failed = passed + ok, failed + (not ok)
print(f"webhook: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
