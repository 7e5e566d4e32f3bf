#!/usr/bin/env python3
"""PostgreSQL failover under booking load, for real, on loopback.

Starts three Patroni members (PostgreSQL 15, synchronous_mode) before their three etcd
members (so Patroni first meets an unreachable etcd), then two meetingd processes connected
with a multi-host connection string (target_session_attrs=read-write). Books meetings
through meetingd's HTTP API from a few threads, kills -9 the primary member (its Patroni
and its postmaster, as when a server dies), keeps booking, and then checks the points
below; then, under load again, kills -9 only the new primary's postmaster (Patroni restarts
it in place), and last switches over to the synchronous standby, checking the same:
  - every booking that got 201 is in the database on the new primary (lost writes = 0);
  - the API books again (the time from the kill is measured and reported);
  - the read cache of the second process still learns of changes made by the first
    (its LISTEN survived), and exactly one process holds the conductor's advisory lock;
  - a meeting running meanwhile on a media-node process keeps its media: a real hall's
    composite and mix never stop for more than a second, and the node keeps it connected;
  - (first fault) a hall that dials in and one that hangs up while no primary exists are in
    the attendance afterwards, at the times they happened (kept in memory, written after).
A meetingd that ends by itself is started again 2 s later, as systemd's Restart=on-failure
does in production, and each such end is printed as a warning and listed in the report.
Prints the figures and writes them as JSON to --report. Every wait is bounded; every
process started here is stopped here, by its pid.
"""
import argparse, json, os, pwd, shutil, signal, subprocess, sys, threading, time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from booking_load import Load, http  # noqa: E402 (beside this file)
from live_meeting import LiveMeeting, service_clock_env  # noqa: E402

ETCD_CLIENT = [18400, 18402, 18404]
PG_PORTS = [18410, 18411, 18412]
PATRONI_API = [18420, 18421, 18422]
API_A, API_B = 18430, 18431
MEDIA_NODE = 18436        # the media-node process's control port (its RTP ports are the system's)
TOKEN = "failover-check-token-0123456789abcdef"  # 32+ characters, as meetingd requires
LOAD_THREADS = 4
KILL_AFTER_S = 6          # booking load before the kill
AFTER_RECOVERY_S = 8      # booking load after the first booking that succeeds again
GIVE_UP_S = 60            # the API must book again within this (the test's bound)

ap = argparse.ArgumentParser()
ap.add_argument("--state", required=True, help="folder for the members' data (wiped first)")
ap.add_argument("--root", required=True)
ap.add_argument("--build", required=True)
ap.add_argument("--admin-units", required=True)
ap.add_argument("--report", required=True)
args = ap.parse_args()

here = os.path.dirname(os.path.abspath(__file__))
owner = "meetingd" if os.geteuid() == 0 else pwd.getpwuid(os.getuid()).pw_name
ids = pwd.getpwnam(owner)
super_pw = "super-" + os.urandom(9).hex()
repl_pw = "repl-" + os.urandom(9).hex()
app_pw = "app-" + os.urandom(9).hex()
procs = {}   # name -> Popen, everything started here
t0 = time.monotonic()


def log(msg):
    print(f"[{time.monotonic() - t0:6.1f}s] {msg}", flush=True)


def fail(msg):
    log("FAIL: " + msg)
    raise SystemExit(1)


def start(name, argv, env=None, as_owner=True):
    out = open(os.path.join(args.state, f"{name}.log"), "ab")
    kw = {}
    if as_owner and os.geteuid() == 0:
        kw = dict(user=ids.pw_uid, group=ids.pw_gid, extra_groups=[])
    procs[name] = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env or os.environ.copy(),
                                   cwd=args.state, **kw)


def wait_until(what, predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception:
            pass
        time.sleep(0.2)
    fail(f"{what}: not within {seconds} s")


def cluster():
    for port in PATRONI_API:
        try:
            status, body, _ = http("GET", f"http://127.0.0.1:{port}/cluster", timeout=1)
            if status == 200:
                return json.loads(body)["members"]
        except Exception:
            continue
    return []


def leader():
    for m in cluster():
        if m["role"] == "leader" and m["state"] == "running":
            return m
    return None


def psql(port, sql, db="postgres"):
    env = dict(os.environ, PGPASSWORD=super_pw)
    return subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", db, "-tAXc", sql],
                          env=env, check=True, capture_output=True, text=True, timeout=10).stdout.strip()


# ---- the cluster ------------------------------------------------------------------------
def render(src, dst):
    text = open(src).read().replace("@DATA@", args.state)
    text = text.replace("@SUPERUSER_PASSWORD@", super_pw).replace("@REPLICATION_PASSWORD@", repl_pw)
    with open(dst, "w") as f:
        f.write(text)
    os.chmod(dst, 0o600)
    os.chown(dst, ids.pw_uid, ids.pw_gid)


def bring_up_cluster():
    shutil.rmtree(args.state, ignore_errors=True)
    os.makedirs(os.path.join(args.state, "wal-archive"))
    for d in (args.state, os.path.join(args.state, "wal-archive")):
        os.chmod(d, 0o700)
        os.chown(d, ids.pw_uid, ids.pw_gid)
    for i in (1, 2, 3):
        render(f"{here}/etcd/etcd{i}.yml", f"{args.state}/etcd{i}.yml")
        render(f"{here}/patroni/pg{i}.yml", f"{args.state}/patroni{i}.yml")

    log("Patroni members start while etcd is not up yet")
    for i in (1, 2, 3):
        start(f"patroni{i}", ["patroni", f"{args.state}/patroni{i}.yml"])
    def said_waiting():
        text = open(f"{args.state}/patroni1.log", errors="replace").read()
        lines = [line for line in text.splitlines() if "Failed to get list of machines" in line]
        return lines if lines and "waiting on etcd" in text else None
    said = wait_until("Patroni saying that etcd is unreachable", said_waiting, 30)
    alive = [i for i in (1, 2, 3) if procs[f"patroni{i}"].poll() is None]
    log(f"  {len(alive)} Patroni members wait; member 1 logged: {said[0][:110]}... and 'waiting on etcd'")
    if any(os.path.exists(f"{args.state}/pg{i}/postmaster.pid") for i in (1, 2, 3)):
        fail("a PostgreSQL started without the leader lock")
    if len(alive) != 3:
        fail("a Patroni member exited while etcd was unreachable")

    log("etcd members start")
    for i in (1, 2, 3):
        start(f"etcd{i}", ["etcd", "--config-file", f"{args.state}/etcd{i}.yml"])
    endpoints = ",".join(f"127.0.0.1:{p}" for p in ETCD_CLIENT)
    wait_until("etcd healthy", lambda: subprocess.run(["etcdctl", "--endpoints", endpoints, "endpoint", "health"],
                                                      capture_output=True, timeout=5).returncode == 0, 30)

    def formed():
        members = cluster()
        roles = sorted(m["role"] for m in members if m["state"] in ("running", "streaming"))
        return len(members) == 3 and roles == ["leader", "replica", "sync_standby"] and members
    members = wait_until("a leader, a synchronous standby and a replica", formed, 120)
    log("  cluster: " + ", ".join(f"{m['name']}={m['role']}" for m in members))


def create_database():
    port = leader()["port"]
    psql(port, f"CREATE ROLE meetingd LOGIN PASSWORD '{app_pw}'")
    psql(port, "CREATE DATABASE meetingd OWNER meetingd")


# ---- meetingd ---------------------------------------------------------------------------
def start_meetingd(name, port, first):
    hosts = ",".join(f"127.0.0.1:{p}" for p in PG_PORTS)
    url = (f"postgresql://meetingd:{app_pw}@{hosts}/meetingd?target_session_attrs=read-write&connect_timeout=5"
           "&keepalives=1&keepalives_idle=5&keepalives_interval=2&keepalives_count=3")
    env = dict(os.environ, DATABASE_URL=url, MEETINGD_ADMIN_TOKEN=TOKEN)
    argv = [f"{args.build}/api/meetingd", "serve", "--port", str(port),
            "--policy", f"{args.root}/scheduler/policy/decree45.json",
            "--departments", f"{args.root}/deploy/demo/departments.json",
            "--recordings", f"{args.state}/recordings-{name}",
            "--media-ports", str(18440 + 10 * (port - API_A)), "--media-ports-max", str(18449 + 10 * (port - API_A))]
    if first:
        argv += ["--admin-units", args.admin_units, "--demo-halls"]
    started_as[name] = (argv, env)
    # As systemd's Restart=on-failure would: a start that finds no database is tried again.
    for attempt in range(3):
        start(name, argv, env=service_clock_env(env))
        def ready():
            if procs[name].poll() is not None:
                return "exited"
            return http("GET", f"http://127.0.0.1:{port}/readyz", timeout=2)[0] == 200
        if wait_until(f"{name} ready", ready, 90) is True:
            return
        log(f"  {name} exited at start (exit status {procs[name].returncode}); starting it again")
        time.sleep(2)
    fail(f"{name} did not start")


started_as = {}   # meetingd name -> (argv, env)
ended = []        # {"name", "how", "at_s"}: each time a meetingd ended by itself and was restarted
supervising = threading.Event()
expected_ends = set()  # meetingd names the test kills on purpose: restarted, not reported


def how_it_ended(p):
    return f"signal {-p.returncode}" if p.returncode < 0 else f"exit status {p.returncode}"


def log_tail(name, lines=40):
    with open(os.path.join(args.state, f"{name}.log"), "rb") as f:
        for line in f.read().decode(errors="replace").splitlines()[-lines:]:
            print("    " + line, flush=True)


RESTART_AFTER_S = 2  # as RestartSec= in deploy/systemd/meetingd.service


def supervise():
    """As systemd's Restart=on-failure with RestartSec=2s does in production: a meetingd that
    ends by itself is started again 2 s later. Each such end is logged with its exit status
    and its log's end, counted in the report and printed as a warning: it is a defect of its
    own, not a lost booking, which the checks below still catch."""
    seen_ended = {}  # name -> when its end was noticed
    while supervising.is_set():
        for name, (argv, env) in started_as.items():
            p = procs.get(name)
            if not p or p.poll() is None or not supervising.is_set():
                continue
            if name not in seen_ended:
                seen_ended[name] = time.monotonic()
                if name in expected_ends:  # killed by the test on purpose
                    expected_ends.discard(name)
                    log(f"  {name} ended ({how_it_ended(p)}); starting it again in {RESTART_AFTER_S} s")
                    continue
                ended.append({"name": name, "how": how_it_ended(p), "at_s": round(time.monotonic() - t0, 1)})
                log(f"WARNING: {name} ended by itself ({how_it_ended(p)}); starting it again in "
                    f"{RESTART_AFTER_S} s. The end of its log:")
                log_tail(name)
            elif time.monotonic() - seen_ended[name] >= RESTART_AFTER_S:
                del seen_ended[name]
                start(name, argv, env=service_clock_env(env))
        time.sleep(0.2)


supervisor = threading.Thread(target=supervise, daemon=True)


def auth(extra=None):
    h = {"Authorization": f"Bearer {TOKEN}"}
    h.update(extra or {})
    return h


read_errors = {}   # status -> count: reads through B answered 5xx (retried, as a client would)


def read_total_through_b(q):
    for _ in range(20):
        status, body, _ = http("GET", f"http://127.0.0.1:{API_B}{q}", headers=auth(), timeout=20)
        if status == 200:
            return json.loads(body)["total"]
        if status < 500:
            fail(f"GET through B answered {status}: {body[:200]}")
        read_errors[status] = read_errors.get(status, 0) + 1
        log(f"  a read through B answered {status}: {body[:160]}")
        time.sleep(0.5)
    fail("reads through B kept failing")


def cache_sees_change(tag):
    """A list read through B (cached there), a booking through A, and B must show it."""
    q = f"/v1/meetings?room=305&from=2027-06-01T00:00:00%2B07:00&to=2027-07-01T00:00:00%2B07:00&limit=50"
    before = read_total_through_b(q)
    day = 1 + before
    booking = {"title": f"Cache {tag}", "type": "other", "organiser_org_id": 1,
               "chair": {"name": f"Cache {tag}", "position": ""}, "host_room_id": 305, "room_ids": [],
               "start": f"2027-06-{day:02d}T08:00:00+07:00", "end": f"2027-06-{day:02d}T09:00:00+07:00"}
    status, body, _ = http("POST", f"http://127.0.0.1:{API_A}/v1/meetings", booking, auth({"Idempotency-Key": f"cache-{tag}"}), timeout=20)
    if status != 201:
        fail(f"booking through A for the cache check answered {status}: {body[:300]}")
    start_t = time.monotonic()
    wait_until(f"B's read cache shows A's booking ({tag})", lambda: read_total_through_b(q) == before + 1, 15)
    return time.monotonic() - start_t


def conductors(port):
    return int(psql(port, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted", db="meetingd"))


def metrics_lines(port, words):
    try:
        text = http("GET", f"http://127.0.0.1:{port}/metrics", headers=auth(), timeout=5)[1].decode()
    except Exception:
        return []
    return [l for l in text.splitlines() if not l.startswith("#") and any(w in l for w in words)]


# ---- the run ----------------------------------------------------------------------------
def outage(report, key, what, kill, old, other_leader, first_index, cache_bookings, fault="database"):
    """Books under load, runs kill(), measures until booking works again, checks the rest.
    cache_bookings: bookings of earlier cache checks newer than report["_max_id"].
    fault: what the live meeting's halls do and what is checked of them (LiveMeeting.at_fault).
    Returns the next free booking index and the primary afterwards."""
    load = Load(f"http://127.0.0.1:{API_A}/v1/meetings", TOKEN)
    load.next = first_index
    threads = [threading.Thread(target=load.worker, daemon=True) for _ in range(LOAD_THREADS)]
    for t in threads:
        t.start()
    time.sleep(KILL_AFTER_S)
    with load.lock:
        before_kill = len(load.created)
    log(f"{what} ({before_kill} bookings so far)")
    kill()
    kill_t = time.monotonic()  # after it: requests sent before the kill may still commit
    live.at_fault(fault)

    def booked_after_kill():  # requests sent after the kill and answered 201
        with load.lock:
            return [c for c in load.created if c[3] > kill_t]
    deadline = kill_t + GIVE_UP_S
    while time.monotonic() < deadline and not booked_after_kill():
        time.sleep(0.1)
    after = booked_after_kill()
    if not after:
        load.stop.set()
        log("the API did not book again; attempts: " + json.dumps(load.attempt_results))
        fail(f"no booking succeeded within {GIVE_UP_S} s of the kill")
    r = {"api_books_again_s": round(min(c[2] for c in after) - kill_t, 2)}
    back_wall = time.time() - (time.monotonic() - min(c[2] for c in after))
    log(f"the API books again {r['api_books_again_s']} s after the fault")
    time.sleep(AFTER_RECOVERY_S)
    load.stop.set()
    for t in threads:
        t.join(timeout=30)
    live.check_media(r, kill_t, time.monotonic())
    if fault != "database":
        live.check_attendance(r, back_wall)
    # The longest time without any 201 around the fault (for a switchover, which keeps
    # booking until the old primary steps down, this is the figure that counts).
    answered = sorted(c[2] for c in load.created)
    r["longest_gap_without_201_s"] = round(max(b - a for a, b in zip(answered, answered[1:])), 2)
    log(f"  longest time without a booking: {r['longest_gap_without_201_s']} s")

    new = wait_until("a leader" + (" other than " + old["name"] if other_leader else ""),
                     lambda: (lambda l: l if l and (not other_leader or l["name"] != old["name"]) else None)(leader()), 30)
    stored = set(int(x) for x in psql(new["port"], "SELECT id FROM meetings", db="meetingd").split())
    created = {c[1] for c in load.created}
    lost = sorted(created - stored)
    r.update({
        "old_primary": old["name"], "new_primary": new["name"],
        "bookings_201": len(created), "lost_201": len(lost),
        # Bookings of this round that are stored although their client never saw a 201.
        "stored_without_201": len({i for i in stored if i > max(report.get("_max_id", 0), 0)} - created)
                              - cache_bookings,
        "final_refusals": {str(k): v for k, v in load.refused.items()},
        "conflicts_on_a_retry": load.conflicts_on_retry,
        "attempts": {str(k): v for k, v in load.attempt_results.items()},
        "client_retries": load.retries, "bookings_retried": load.retried_bookings,
        "max_retries_one_booking": load.max_retries_one, "gave_up": load.gave_up,
        "503_with_retry_after": load.retry_after, "5xx_samples": {str(k): v for k, v in load.samples.items()},
        "server_retry_metrics": metrics_lines(API_A, ["retr", "reconnect", "pool"]),
    })
    report["_max_id"] = max(stored)
    log(f"after: primary {new['name']}; {len(created)} bookings got 201, {len(lost)} of them missing")
    read_errors.clear()
    r["cache_after_s"] = round(cache_sees_change(key), 2)
    log(f"  B's read cache follows A afterwards in {r['cache_after_s']} s")
    r["reads_through_b_5xx"] = {str(k): v for k, v in read_errors.items()}
    wait_until("both processes LISTEN on the primary", lambda: int(psql(
        new["port"], "SELECT count(*) FROM pg_stat_activity WHERE query ILIKE 'LISTEN%meetingd_changes%'", db="meetingd")) == 2, 20)
    log("  both processes LISTEN on the primary")
    wait_until("exactly one conductor afterwards", lambda: conductors(new["port"]) == 1, 20)
    r["conductors_after"] = 1
    log("  exactly one process holds the conductor's lock")
    report[key] = r
    internal = load.attempt_results.get(500, 0) + read_errors.get(500, 0)
    if internal:
        log(f"WARNING: {internal} answers were 500, not 503 with Retry-After")
    if lost:
        fail(f"bookings acknowledged with 201 and lost: {lost[:20]}")
    if load.gave_up:
        fail(f"{load.gave_up} bookings never got an answer")
    return load.next, new


def start_media_node_process():
    start("media-node", [f"{args.build}/media/media-node", "--listen", "127.0.0.1", "--port", str(MEDIA_NODE),
                         "--rtp-address", "127.0.0.1", "--rtp-ports", "0-0"])


def start_media_node():
    """A media-node process, registered with more room than the meetingds' embedded nodes, so
    the conductor places the live meeting there: whichever meetingd conducts after a
    failover drives the same session."""
    start_media_node_process()
    wait_until("the media node answers", lambda: http("GET", f"http://127.0.0.1:{MEDIA_NODE}/health", timeout=2)[0] == 200,
               30)
    status, body, _ = http("POST", f"http://127.0.0.1:{API_A}/v1/media-nodes",
                           {"name": "node-1", "address": f"127.0.0.1:{MEDIA_NODE}", "capacity_legs": 1000}, auth(),
                           timeout=20)
    if status != 201:
        fail(f"registering the media node answered {status}: {body[:200]}")


live = LiveMeeting(f"http://127.0.0.1:{API_A}", TOKEN, f"http://127.0.0.1:{MEDIA_NODE}", args.state, log, fail,
                   wait_until)


class InFlightWrite:
    """A booking caught in flight by the fault, on purpose: a session on the primary locks
    the booking's table, the booking is sent and waits on that lock inside its transaction,
    then the primary dies. Its client must get 503 with Retry-After (never a 500 or a hang);
    the same request sent again with its Idempotency-Key books it exactly once."""
    TITLE = "Booking caught in flight by the failover"

    def __init__(self, primary):
        self.primary = primary
        self.body = {"title": self.TITLE, "type": "other", "organiser_org_id": 1,
                     "chair": {"name": "In flight", "position": ""}, "host_room_id": 306, "room_ids": [],
                     "start": "2027-06-30T14:00:00+07:00", "end": "2027-06-30T15:00:00+07:00"}
        self.headers = auth({"Idempotency-Key": "in-flight-during-failover"})
        self.answer = None

    def hold(self):
        env = dict(os.environ, PGPASSWORD=super_pw)
        self.locker = subprocess.Popen(
            ["psql", "-h", "127.0.0.1", "-p", str(self.primary["port"]), "-U", "postgres", "-d", "meetingd", "-qX",
             "-c", "BEGIN; LOCK TABLE meeting_rooms IN EXCLUSIVE MODE; SELECT pg_sleep(120);"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs["in-flight-locker"] = self.locker
        wait_until("the booking table locked", lambda: int(psql(self.primary["port"],
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = 'meeting_rooms' AND l.mode = 'ExclusiveLock' AND l.granted", db="meetingd")) == 1, 10)
        def send():
            t = time.monotonic()
            try:
                status, raw, headers = http("POST", f"http://127.0.0.1:{API_A}/v1/meetings", self.body, self.headers,
                                            timeout=60)
                self.answer = {"status": status, "retry_after": headers.get("Retry-After"),
                               "body": raw[:300].decode(errors="replace"), "after_s": round(time.monotonic() - t, 2)}
            except Exception as e:  # no answer at all: what the check below refuses
                self.answer = {"status": None, "error": str(e), "after_s": round(time.monotonic() - t, 2)}
        self.sender = threading.Thread(target=send, daemon=True)
        self.sender.start()
        wait_until("the booking waiting on the lock in its transaction", lambda: int(psql(self.primary["port"],
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND usename = 'meetingd'",
            db="meetingd")) >= 1, 10)
        log("  a booking waits on a lock inside its transaction as the primary dies")

    def check(self, primary):
        self.sender.join(timeout=70)
        a = self.answer
        log(f"  the booking caught in flight was answered {a}")
        if not a or a["status"] is None:
            fail(f"the booking caught in flight got no answer: {a}")
        if a["status"] != 503 or not str(a.get("retry_after") or "").isdigit():
            fail(f"the booking caught in flight was answered {a['status']}, not 503 with Retry-After: {a}")
        for _ in range(60):
            status, raw, _ = http("POST", f"http://127.0.0.1:{API_A}/v1/meetings", self.body, self.headers, timeout=20)
            if status == 201:
                break
            time.sleep(0.5)
        if status != 201:
            fail(f"the booking caught in flight, sent again, answered {status}: {raw[:300]}")
        stored = int(psql(primary["port"], f"SELECT count(*) FROM meetings WHERE title = '{self.TITLE}'", db="meetingd"))
        if stored != 1:
            fail(f"the booking caught in flight is stored {stored} times")
        log("  sent again with its Idempotency-Key it got 201, and it is stored once")
        return {"first_answer": a["status"], "retry_after": a["retry_after"], "answered_after_s": a["after_s"],
                "stored": stored}


def postmaster_of(member):
    i = PG_PORTS.index(member["port"]) + 1
    return i, int(open(f"{args.state}/pg{i}/postmaster.pid").readline())


def run():
    report = {}
    bring_up_cluster()
    create_database()
    start_meetingd("meetingd-a", API_A, first=True)
    start_meetingd("meetingd-b", API_B, first=False)
    supervising.set()
    supervisor.start()
    start_media_node()
    live.open()
    old = leader()
    report["cache_before_s"] = round(cache_sees_change("before"), 2)
    wait_until("one conductor before the failover", lambda: conductors(old["port"]) == 1, 15)
    log(f"before: primary {old['name']}, B's cache follows A in {report['cache_before_s']} s, one conductor")

    # 1. The primary's server dies: Patroni and postgres killed; a standby must be promoted.
    #    A booking is held in flight on purpose when it happens (see InFlightWrite).
    in_flight = InFlightWrite(old)
    def kill_member():
        in_flight.hold()
        i, pm = postmaster_of(old)
        procs[f"patroni{i}"].send_signal(signal.SIGKILL)
        os.kill(pm, signal.SIGKILL)
    report["_max_id"] = max(int(x) for x in psql(old["port"], "SELECT id FROM meetings", db="meetingd").split())
    nxt, primary = outage(report, "member_killed", f"kill -9 of {old['name']} (its Patroni and its postmaster)", kill_member,
                          old, True, 0, 0, fault="database-first")
    report["member_killed"]["write_in_flight"] = in_flight.check(primary)
    # 2. Only the primary's postgres dies, Patroni lives: it restarts postgres in place (or,
    #    after primary_start_timeout, fails over to the remaining standby).
    def kill_postgres():
        os.kill(postmaster_of(primary)[1], signal.SIGKILL)
    nxt, primary = outage(report, "postgres_killed", f"kill -9 of {primary['name']}'s postmaster only", kill_postgres,
                          primary, False, nxt, 2)  # round 1's cache check and its booking caught in flight
    # 3. A planned switchover to the synchronous standby (maintenance of the primary's server).
    def switch_over():
        sync = wait_until("a synchronous standby", lambda: next(
            (m for m in cluster() if m["role"] == "sync_standby" and m["state"] in ("running", "streaming")), None), 30)
        api = PATRONI_API[PG_PORTS.index(primary["port"])]
        status, body, _ = http("POST", f"http://127.0.0.1:{api}/switchover",
                               {"leader": primary["name"], "candidate": sync["name"]}, timeout=30)
        if status != 200:
            fail(f"switchover refused: {status} {body[:200]}")
    nxt, primary = outage(report, "switchover", f"switchover away from {primary['name']}", switch_over, primary, True,
                          nxt, 1)
    # 4. The process that takes the bookings (and the halls' /join) crashes: kill -9 of
    #    meetingd A; the supervisor starts it again 2 s later, as systemd does.
    def kill_meetingd():
        expected_ends.add("meetingd-a")
        procs["meetingd-a"].send_signal(signal.SIGKILL)
    nxt, primary = outage(report, "meetingd_killed", "kill -9 of meetingd A", kill_meetingd, primary, False, nxt, 1,
                          fault="meetingd")
    # 5. The media node carrying the session crashes (kill -9) and is started again 2 s later:
    #    the conductor reopens the session and the halls dial again.
    def kill_media_node():
        procs["media-node"].send_signal(signal.SIGKILL)
        procs["media-node"].wait()
        threading.Timer(RESTART_AFTER_S, start_media_node_process).start()
    outage(report, "media_node_killed", "kill -9 of the media node", kill_media_node, primary, False, nxt, 1,
           fault="media-node")
    report.pop("_max_id", None)
    report["meetingd_ended_by_itself"] = ended
    if ended:
        log(f"WARNING: {len(ended)} time(s) a meetingd ended by itself and was started again: {ended}")
    with open(args.report, "w") as f:
        json.dump(report, f, indent=2)
    log("report: " + json.dumps(report))


def stop_all():
    supervising.clear()
    if supervisor.is_alive():
        supervisor.join(timeout=10)  # its last round is over: it starts nothing more
    live.stop()
    for name in ["meetingd-a", "meetingd-b", "media-node", "in-flight-locker", "patroni1", "patroni2", "patroni3"]:
        p = procs.get(name)
        if p and p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for name in ["meetingd-a", "meetingd-b", "media-node", "patroni1", "patroni2", "patroni3"]:
        p = procs.get(name)
        if p:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
    # A postmaster whose Patroni was killed, or one left behind: stop it by its pid file.
    for i in (1, 2, 3):
        pidfile = f"{args.state}/pg{i}/postmaster.pid"
        if os.path.exists(pidfile):
            try:
                pid = int(open(pidfile).readline())
                # Only if that pid is still this member's postgres (a pid can be reused).
                cmdline = open(f"/proc/{pid}/cmdline", "rb").read()
                if b"postgres" in cmdline and f"pg{i}".encode() in cmdline:
                    os.kill(pid, signal.SIGQUIT)
            except (ValueError, OSError):
                pass
    for name in ["etcd1", "etcd2", "etcd3"]:
        p = procs.get(name)
        if p and p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def tell_what_died():
    """After a failure: any meetingd that ended by itself, its exit status and last log lines."""
    supervising.clear()
    for name in ["meetingd-a", "meetingd-b"]:
        p = procs.get(name)
        if p and p.poll() is not None:
            log(f"{name} had ended by itself ({how_it_ended(p)}); the end of its log:")
            log_tail(name)


try:
    run()
    log("failover: ok")
except BaseException:
    tell_what_died()
    raise
finally:
    stop_all()
