#!/usr/bin/env python3
"""Normal requests to meetingd before and while it holds idle and slowloris connections.

  bench/api/connections.py --port 18900 --token TOKEN [--idle 2000] [--slow 500]

Phase 1 (baseline): ROUNDS rounds of four requests (GET /healthz and GET /v1/orgs?limit=5,
each on a fresh connection and on one kept-alive connection).
Phase 2 (abuse): opens IDLE connections that send nothing and SLOW connections that send one
byte of a request head per second and never finish it, then runs the same rounds spread over
--measure-seconds while they are held, and notes when the server closes each abusive
connection; counts are taken 10, 20 and 30 s after the first abusive connection was opened.
Standard library only; every loop is bounded in time and the driver stops by itself.
Loopback only: the address is fixed to 127.0.0.1.
"""
import argparse
import asyncio
import http.client
import resource
import socket
import sys
import threading
import time

HOST = "127.0.0.1"
MARKS = (10, 20, 30)
SLOW_HEAD = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 4000


def raise_nofile(wanted):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    i = min(len(sorted_values) - 1, max(0, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[i]


class Series:
    def __init__(self, name):
        self.name = name
        self.ms = []
        self.ok = 0
        self.errors = {}
        self.when = []  # when each failed request began, seconds after the client's epoch

    def error(self, what, at=None):
        self.errors[what] = self.errors.get(what, 0) + 1
        if at is not None:
            self.when.append("%s at %.1f s" % (what, at))

    def summary(self):
        v = sorted(self.ms)
        return {"p50": percentile(v, 50), "p99": percentile(v, 99), "max": v[-1] if v else float("nan"),
                "ok": self.ok, "n": len(self.ms) + sum(self.errors.values()), "errors": dict(self.errors)}


class NormalClient:
    """Blocking client in its own thread, so abusive traffic in the event loop does not delay it."""

    PATHS = (("healthz", "/healthz", False), ("orgs", "/v1/orgs?limit=5", True))

    def __init__(self, port, token, timeout):
        self.port, self.token, self.timeout = port, token, timeout
        self.keep = None
        self.epoch = time.monotonic()

    def headers(self, auth, close):
        h = {"Host": HOST}
        if auth:
            h["Authorization"] = "Bearer " + self.token
        if close:
            h["Connection"] = "close"
        return h

    def one(self, series, path, auth, fresh):
        t = time.perf_counter()
        try:
            if fresh:
                c = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
                try:
                    c.request("GET", path, headers=self.headers(auth, True))
                    r = c.getresponse()
                    r.read()
                finally:
                    c.close()
            else:
                if self.keep is None:
                    self.keep = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
                self.keep.request("GET", path, headers=self.headers(auth, False))
                r = self.keep.getresponse()
                r.read()
                if r.will_close:
                    self.keep.close()
                    self.keep = None
                    series.error("kept-alive closed by server")
        except (OSError, http.client.HTTPException) as e:
            if not fresh and self.keep is not None:
                self.keep.close()
                self.keep = None
            series.error(type(e).__name__, time.monotonic() - self.epoch - (time.perf_counter() - t))
            return
        ms = (time.perf_counter() - t) * 1000.0
        if r.status == 200:
            series.ok += 1
            series.ms.append(ms)
        else:
            series.error("HTTP %d" % r.status, time.monotonic() - self.epoch - (time.perf_counter() - t))

    def run(self, rounds, spread_s, deadline):
        """rounds x 4 requests, started evenly over spread_s seconds; stops at the deadline."""
        out = {}
        for fresh in (True, False):
            for name, _, _ in self.PATHS:
                out[(name, fresh)] = Series("%s %s" % (name, "fresh" if fresh else "kept-alive"))
        start = time.monotonic()
        for i in range(rounds):
            if time.monotonic() > deadline:
                for s in out.values():
                    s.error("not run (time)")
                continue
            for fresh in (True, False):
                for name, path, auth in self.PATHS:
                    self.one(out[(name, fresh)], path, auth, fresh)
            wait = start + spread_s * (i + 1) / rounds - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        if self.keep is not None:
            self.keep.close()
            self.keep = None
        return out


class Abuse:
    def __init__(self, port, idle, slow, observe_s):
        self.port, self.idle, self.slow, self.observe_s = port, idle, slow, observe_s
        self.t0 = 0.0
        self.closed = {"idle": [], "slow": []}   # seconds after t0 at which the server closed one
        self.refused = {"idle": 0, "slow": 0}    # could not connect at all
        self.held_max = 0
        self.open_now = 0
        self.connected = threading.Event()
        self.got_408 = 0
        self.tried = 0
        self.connect_s = 0.0
        self.held_after_connect = 0

    async def connect(self, kind):
        try:
            r, w = await asyncio.wait_for(asyncio.open_connection(HOST, self.port), 5)
        except (OSError, asyncio.TimeoutError):
            self.refused[kind] += 1
            return None
        self.open_now += 1
        self.held_max = max(self.held_max, self.open_now)
        return r, w

    def gone(self, kind, w):
        self.closed[kind].append(time.monotonic() - self.t0)
        self.open_now -= 1
        w.close()

    async def idle_one(self, conn, end):
        r, w = conn
        try:
            data = await asyncio.wait_for(r.read(4096), max(0.01, end - time.monotonic()))
            # Any answer or EOF: the server has given up on us (it closes after answering).
            if data:
                while await asyncio.wait_for(r.read(4096), max(0.01, end - time.monotonic())):
                    pass
            self.gone("idle", w)
        except asyncio.TimeoutError:
            w.close()
        except OSError:
            self.gone("idle", w)

    async def slow_one(self, conn, end):
        r, w = conn
        reader = asyncio.ensure_future(r.read(4096))
        try:
            for i in range(len(SLOW_HEAD)):
                if time.monotonic() >= end:
                    break
                if reader.done():
                    break
                w.write(SLOW_HEAD[i:i + 1])
                await w.drain()
                await asyncio.wait([reader], timeout=min(1.0, max(0.01, end - time.monotonic())))
            if reader.done():
                data = reader.result()
                if data.startswith(b"HTTP/1.1 408") or data.startswith(b"HTTP/1.0 408"):
                    self.got_408 += 1
                self.gone("slow", w)
                return
            reader.cancel()
            w.close()
        except OSError:
            reader.cancel()
            self.gone("slow", w)

    async def run(self):
        self.t0 = time.monotonic()
        end = self.t0 + self.observe_s
        tasks = []
        sem = asyncio.Semaphore(200)  # connects in flight, so the listen backlog is not flooded

        async def start(kind):
            async with sem:
                conn = await self.connect(kind)
            self.tried += 1
            if conn is not None:
                await (self.idle_one(conn, end) if kind == "idle" else self.slow_one(conn, end))

        # Interleave so both kinds are opened over the same moments.
        order = []
        si = 0
        step = max(1, self.idle // max(1, self.slow))
        for i in range(self.idle):
            order.append("idle")
            if i % step == step - 1 and si < self.slow:
                order.append("slow")
                si += 1
        order += ["slow"] * (self.slow - si)
        for kind in order:
            tasks.append(asyncio.ensure_future(start(kind)))
        # Wait until every connect has been tried, then tell the normal client to begin.
        while self.tried < len(order) and time.monotonic() < self.t0 + 20:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.2)
        self.connect_s = time.monotonic() - self.t0
        self.held_after_connect = self.open_now
        self.connected.set()
        await asyncio.wait(tasks, timeout=max(0.1, end + 2 - time.monotonic()))
        for t in tasks:
            t.cancel()

    def closed_by(self, kind, s):
        return sum(1 for t in self.closed[kind] if t <= s)


def fmt(v):
    return "%.2f" % v if v == v else "-"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--idle", type=int, default=2000, help="idle connections (N)")
    ap.add_argument("--slow", type=int, default=500, help="slowloris connections (M)")
    ap.add_argument("--rounds", type=int, default=500, help="requests of each kind per phase")
    ap.add_argument("--baseline-seconds", type=float, default=8, help="spread of the baseline rounds")
    ap.add_argument("--measure-seconds", type=float, default=8,
                    help="spread of the rounds under abuse (below the server's header timeout, so all is held)")
    ap.add_argument("--observe-seconds", type=float, default=31, help="how long the abusive connections are watched")
    ap.add_argument("--timeout", type=float, default=10, help="timeout of one normal request")
    a = ap.parse_args()

    nofile = raise_nofile(a.idle + a.slow + 512)
    if nofile < a.idle + a.slow + 64:
        sys.exit("descriptor limit %d is too low for %d connections" % (nofile, a.idle + a.slow))
    client = NormalClient(a.port, a.token, a.timeout)

    client.run(20, 0, time.monotonic() + 30)  # warm-up, not counted: first connections, caches
    print("baseline: %d rounds over %.0f s" % (a.rounds, a.baseline_seconds), flush=True)
    base = client.run(a.rounds, a.baseline_seconds, time.monotonic() + a.baseline_seconds + 60)

    abuse = Abuse(a.port, a.idle, a.slow, a.observe_seconds)
    result = {}

    def normal_under_abuse():
        if not abuse.connected.wait(30):
            return
        client.epoch = abuse.t0
        result["abuse"] = client.run(a.rounds, a.measure_seconds, time.monotonic() + a.measure_seconds + 30)

    th = threading.Thread(target=normal_under_abuse, daemon=True)
    th.start()
    print("abuse: %d idle + %d slowloris connections, watched %.0f s" % (a.idle, a.slow, a.observe_seconds),
          flush=True)
    asyncio.run(asyncio.wait_for(abuse.run(), a.observe_seconds + 30))
    th.join(60)
    under = result.get("abuse", {})

    print()
    print("abusive connections: opened in %.1f s, held after opening %d of %d (refused %d idle, %d slowloris), "
          "at most %d open at once (as the driver saw them)" % (abuse.connect_s, abuse.held_after_connect, a.idle + a.slow,
                                       abuse.refused["idle"], abuse.refused["slow"], abuse.held_max))
    print("closed by the server (since the first was opened):")
    print("  %-10s %8s %8s %8s %8s" % ("", "<=10 s", "<=20 s", "<=30 s", "opened"))
    for kind, n in (("idle", a.idle), ("slow", a.slow)):
        c = [abuse.closed_by(kind, s) for s in MARKS]
        print("  %-10s %8d %8d %8d %8d" % (kind, c[0], c[1], c[2], n - abuse.refused[kind]))
    print("  slowloris answered 408 before closing: %d" % abuse.got_408)
    first = {k: (min(v) if v else float("nan")) for k, v in abuse.closed.items()}
    last = {k: (max(v) if v else float("nan")) for k, v in abuse.closed.items()}
    print("  closes from %s to %s s (idle), %s to %s s (slowloris)" % (
        fmt(first["idle"]), fmt(last["idle"]), fmt(first["slow"]), fmt(last["slow"])))
    print()
    print("normal requests (ms; ok = 200 answers of n)")
    print("%-22s | %7s %7s %7s %9s | %7s %7s %7s %9s | %8s" % (
        "", "p50", "p99", "max", "ok/n", "p50", "p99", "max", "ok/n", "p99 x"))
    print("%-22s | %-33s | %-33s |" % ("", "baseline", "under abuse"))
    errors = []
    when = []
    for key, s in base.items():
        b = s.summary()
        u = under[key].summary() if key in under else {"p50": float("nan"), "p99": float("nan"),
                                                        "max": float("nan"), "ok": 0, "n": 0, "errors": {}}
        ratio = u["p99"] / b["p99"] if b["p99"] == b["p99"] and b["p99"] > 0 else float("nan")
        print("%-22s | %7s %7s %7s %9s | %7s %7s %7s %9s | %8s" % (
            s.name, fmt(b["p50"]), fmt(b["p99"]), fmt(b["max"]), "%d/%d" % (b["ok"], b["n"]),
            fmt(u["p50"]), fmt(u["p99"]), fmt(u["max"]), "%d/%d" % (u["ok"], u["n"]), fmt(ratio)))
        for phase, r in (("baseline", b), ("abuse", u)):
            for what, n in r["errors"].items():
                errors.append("%s %s: %s x%d" % (phase, s.name, what, n))
        if key in under and under[key].when:
            when.append("%s: %s" % (s.name, ", ".join(under[key].when[:10])))
    print("errors seen by normal clients: %s" % ("; ".join(errors) if errors else "none"))
    if when:
        print("failed requests under abuse began (s after the first abusive connection): %s" % "; ".join(when))
    shed = sum(len(v) for v in abuse.closed.values())
    print("RESULT held=%d shed=%d shed_10s=%d shed_20s=%d shed_30s=%d normal_errors=%d" % (
        abuse.held_after_connect, shed,
        sum(abuse.closed_by(k, 10) for k in abuse.closed), sum(abuse.closed_by(k, 20) for k in abuse.closed),
        sum(abuse.closed_by(k, 30) for k in abuse.closed),
        sum(int(e.rsplit("x", 1)[1]) for e in errors)))


if __name__ == "__main__":
    main()
