#!/usr/bin/python3
"""The receivers of the delivery tests, on loopback only.

SMTP: aiosmtpd with STARTTLS required and AUTH (PLAIN/LOGIN) with one user; every message
received is written to DIR/mail-N.eml as it arrived (so a message sent twice is there twice:
the test de-duplicates by Message-ID as a receiver would). While DIR/hang exists, the reply
to DATA is held back (the message is already written): the sender cannot know it arrived.

Webhook: HTTP POST /hook; for each event id the first FAIL answers are 500, then 200. Every
request is appended to DIR/hook-requests.log; each accepted one is written to
DIR/hook-N.json with its event id and whether its HMAC-SHA256 signature was right.

DIR/ready appears once both listen. Runs until killed.
"""
import argparse
import asyncio
import hashlib
import hmac
import json
import os
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

args = None
lock = threading.Lock()
counter = {"mail": 0, "hook": 0}
failures = {}


def next_name(kind):
    with lock:
        counter[kind] += 1
        return counter[kind]


class Handler:
    async def handle_DATA(self, server, session, envelope):
        n = next_name("mail")
        path = os.path.join(args.dir, "mail-%d.eml" % n)
        with open(path + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(path + ".tmp", path)
        while os.path.exists(os.path.join(args.dir, "hang")):
            await asyncio.sleep(0.1)
        return "250 OK"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == args.user.encode() and \
        auth_data.password == args.password.encode()
    return AuthResult(success=ok)


class Hook(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        event = self.headers.get("X-Meetingd-Event-Id", "")
        sig = self.headers.get("X-Meetingd-Signature", "")
        want = "sha256=" + hmac.new(args.secret.encode(), body, hashlib.sha256).hexdigest()
        with lock:
            failures[event] = failures.get(event, 0) + 1
            failing = failures[event] <= args.fail
            with open(os.path.join(args.dir, "hook-requests.log"), "a") as f:
                f.write("%s %d\n" % (event, 500 if failing else 200))
        if not failing:
            n = next_name("hook")
            with open(os.path.join(args.dir, "hook-%d.json" % n), "w") as f:
                json.dump({"event_id": event, "signature_ok": hmac.compare_digest(sig, want),
                           "body": json.loads(body)}, f)
        self.send_response(500 if failing else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()


def main():
    global args
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--smtp-port", type=int, required=True)
    p.add_argument("--http-port", type=int, required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--secret", required=True)
    p.add_argument("--fail", type=int, default=2)
    args = p.parse_args()
    cert, key = os.path.join(args.dir, "relay.crt"), os.path.join(args.dir, "relay.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    smtp = Controller(Handler(), hostname="127.0.0.1", port=args.smtp_port, tls_context=ctx,
                      require_starttls=True, authenticator=authenticator, auth_required=True)
    smtp.start()
    http = ThreadingHTTPServer(("127.0.0.1", args.http_port), Hook)
    with open(os.path.join(args.dir, "ready"), "w") as f:
        f.write("ready\n")
    http.serve_forever()


if __name__ == "__main__":
    main()
