#!/usr/bin/env python3
"""Plays the service manager's side of Type=notify for one binary, as systemd would:
binds a datagram socket, starts the command with NOTIFY_SOCKET pointing at it, waits for
READY=1, runs --check (which must succeed at once: ready means serving), sends SIGTERM and
waits for STOPPING=1 and a clean exit. Prints what it saw; exits non-zero on any miss."""
import argparse, os, signal, socket, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("--seconds", type=float, default=60, help="longest wait for each step")
ap.add_argument("--log", required=True, help="the command's output goes here")
ap.add_argument("--check", required=True, help="shell command run right after READY=1")
ap.add_argument("command", nargs=argparse.REMAINDER)
args = ap.parse_args()
if args.command[:1] == ["--"]:
    args.command = args.command[1:]

path = os.path.join(tempfile.mkdtemp(), "notify")
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
sock.settimeout(0.2)
with open(args.log, "ab") as log:
    child = subprocess.Popen(args.command, env=dict(os.environ, NOTIFY_SOCKET=path), stdout=log, stderr=log)


def wait_for(word):
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        try:
            msg = sock.recv(4096).decode()
        except socket.timeout:
            if child.poll() is not None:
                return None
            continue
        print("  notify: " + msg.replace("\n", " | "), flush=True)
        if word in msg.split("\n"):
            return msg
    return None


failed = False
try:
    if wait_for("READY=1") is None:
        print(f"FAIL: no READY=1 within {args.seconds} s (exit status {child.poll()})")
        failed = True
    elif subprocess.call(args.check, shell=True) != 0:
        print("FAIL: READY=1 came but the check failed: " + args.check)
        failed = True
    else:
        child.send_signal(signal.SIGTERM)
        if wait_for("STOPPING=1") is None:
            print("FAIL: no STOPPING=1 after SIGTERM")
            failed = True
finally:
    if child.poll() is None:
        child.send_signal(signal.SIGTERM)
    try:
        status = child.wait(timeout=args.seconds)
    except subprocess.TimeoutExpired:
        child.kill()
        status = child.wait()
    sock.close()
    os.unlink(path)
if status != 0:
    print(f"FAIL: exit status {status}")
    failed = True
sys.exit(1 if failed else 0)
