#!/usr/bin/env bash
# Tests the TLS front door for real: a certificate authority made now (openssl), nginx with
# deploy/nginx/meetingd.conf on loopback ports, the real meetingd behind it, and curl
# trusting only that authority. Checks HTTPS, HSTS, HTTP/2, a 30 s-class long poll, the
# 256 KiB body limit (413), the client address forwarded (forged headers replaced), plain
# HTTP refused on the TLS port and redirected on the plain one, and a wrong certificate
# path refused with a clear message. Needs DATABASE_URL. Ports 18330-18334.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"; root="$(cd "$here/../.." && pwd)"
build="${MEETINGD_BUILD_DIR:-$root/build}"
api_port=18330 http_port=18332 tls_port=18333 echo_port=18334
work="$(mktemp -d)"; chmod 755 "$work"
pids=()
cleanup() {
  if [[ -s "$work/nginx.pid" ]]; then kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- nginx error log"; cat "$work/error.log" 2>/dev/null || true; exit 1; }
secret="$(head -c 45 /dev/urandom | base64 | tr -dc A-Za-z0-9)"
token="nginx-check-$secret"  # 32+ characters, as meetingd requires

source "$here/test-front-door.sh"
# A certificate authority and a server certificate for 127.0.0.1 / localhost.
make_certificates "$work" "DNS:localhost,IP:127.0.0.1"

MEETINGD_ADMIN_TOKEN="$token" "$build/api/meetingd" serve --port "$api_port" \
  --policy "$root/scheduler/policy/decree45.json" --departments "$root/deploy/demo/departments.json" \
  --recordings "$work/recordings" --media-ports 18340 --media-ports-max 18349 > "$work/meetingd.log" 2>&1 &
pids+=($!)

# The same configuration with this test's ports, certificate paths and upstream.
render() { render_front_door "$work" "127.0.0.1:$1" 127.0.0.1 "$http_port" "$tls_port" "$2"; }

echo "a wrong certificate path is refused before nginx starts"
render "$api_port" "$work/missing.pem"
if out="$(nginx -t -p "$work" -c "$work/nginx.conf" 2>&1)"; then fail "nginx -t accepted a missing certificate"; fi
grep -q 'cannot load certificate.*missing.pem' <<<"$out" || fail "unclear message for a missing certificate: $out"
echo "  nginx -t: $(grep -o 'cannot load certificate[^:]*' <<<"$out" | head -1)"

render "$api_port" "$work/fullchain.pem"
start_front_door "$work" || fail "nginx did not start"
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$api_port/healthz" && break; sleep 0.2; done

base="https://127.0.0.1:$tls_port"
c=(curl -sS --cacert "$work/ca.pem" -H "Authorization: Bearer $token")

echo "HTTPS with the test authority, HTTP/2, HSTS"
"${c[@]}" -D "$work/h" -o "$work/b" -w '%{http_version} %{http_code}\n' "$base/v1/orgs?limit=1" > "$work/w"
read -r version code < "$work/w"
[[ $code == 200 ]] || fail "GET /v1/orgs over HTTPS: $code $(cat "$work/b")"
[[ $version == 2 ]] || fail "HTTP version $version, not 2"
grep -qi '^strict-transport-security: max-age=63072000; includeSubDomains' "$work/h" || fail "no HSTS header: $(cat "$work/h")"
grep -q '"items"' "$work/b" || fail "not the API's answer: $(cat "$work/b")"
if curl -sS -o /dev/null "$base/healthz" 2>/dev/null; then fail "a client without the authority trusted the certificate"; fi
echo "  $version $code, HSTS present, untrusted without the CA"

echo "plain HTTP: refused on the TLS port, redirected on the plain port"
code="$(curl -s -o "$work/b" -w '%{http_code}' "http://127.0.0.1:$tls_port/healthz")"
[[ $code == 400 ]] || fail "plain HTTP on the TLS port answered $code"
grep -q 'plain HTTP request was sent to HTTPS port' "$work/b" || fail "plain HTTP on the TLS port: $(cat "$work/b")"
loc="$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http_port/v1/orgs?limit=1")"
[[ $loc == "301 https://127.0.0.1/v1/orgs?limit=1" ]] || fail "plain port: $loc"
echo "  TLS port: 400; plain port: $loc"

echo "body limit: above 256 KiB is 413 at the door, below it reaches the API"
head -c $((300 * 1024)) /dev/zero | tr '\0' 'a' > "$work/big"
code="$("${c[@]}" -o "$work/b" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$work/big" "$base/v1/meetings")"
[[ $code == 413 ]] || fail "300 KiB body answered $code"
head -c $((200 * 1024)) /dev/zero | tr '\0' 'a' > "$work/small"
code="$("${c[@]}" -o "$work/b" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$work/small" "$base/v1/meetings")"
[[ $code == 400 ]] || fail "200 KiB invalid body answered $code (expected the API's 400): $(cat "$work/b")"
echo "  300 KiB: 413; 200 KiB of bad JSON: the API's 400"

echo "a long poll of 25 s outlives the 20 s timeout of other requests"
start=$SECONDS
code="$("${c[@]}" -o "$work/b" -w '%{http_code}' "$base/v1/events?after=999999999&wait=25")"
[[ $code == 200 ]] || fail "long poll answered $code after $((SECONDS - start)) s"
(( SECONDS - start >= 24 )) || fail "the long poll came back after $((SECONDS - start)) s: it did not wait"
echo "  200 after $((SECONDS - start)) s"

echo "the client address is forwarded, forged headers replaced"
python3 - "$echo_port" > "$work/echo.log" 2>&1 <<'PY' &
import json, sys
from http.server import BaseHTTPRequestHandler, HTTPServer
class Echo(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({k.lower(): v for k, v in self.headers.items()}).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
HTTPServer(("127.0.0.1", int(sys.argv[1])), Echo).serve_forever()
PY
pids+=($!)
render "$echo_port" "$work/fullchain.pem"
nginx -s reload -p "$work" -c "$work/nginx.conf"
for _ in $(seq 50); do
  "${c[@]}" -o "$work/b" -H 'X-Forwarded-For: 203.0.113.9' -H 'X-Real-IP: 203.0.113.9' "$base/whoami" 2>/dev/null &&
    grep -q '"x-forwarded-proto"' "$work/b" && break
  sleep 0.2
done
python3 - "$work/b" <<'PY' || fail "forwarded headers: $(cat "$work/b")"
import json, sys
h = json.load(open(sys.argv[1]))
assert h.get("x-forwarded-for") == "127.0.0.1", h
assert h.get("x-real-ip") == "127.0.0.1", h
assert h.get("x-forwarded-proto") == "https", h
print("  upstream saw X-Forwarded-For %s, X-Real-IP %s, X-Forwarded-Proto %s" %
      (h["x-forwarded-for"], h["x-real-ip"], h["x-forwarded-proto"]))
PY
grep -q '^127.0.0.1 .*"GET /v1/orgs' "$work/access.log" || fail "access log lacks the client address"
echo "TLS front door: ok"
