"""A meeting that runs through the failover test: booked through the API, opened by the
conductor on a media-node process of its own (the session does not live in a meetingd that
a failover could move), with three real halls:
  - steady: connected from before the first fault to the end; its media must never stop;
  - arrives: dials in just after the first fault, while no primary exists;
  - leaves: connected before the first fault and hangs up just after it.
While the database is down the node keeps mixing; the conductor sees `arrives` join and
`leaves` go, and must write both into the attendance once a primary answers, with the
times they happened (inside the outage), not when the database came back.

The service's clock is set (MEETINGD_NOW) to a Tuesday morning before the meeting; every
meetingd started by the test gets the same clock, so a time the service records converts
back to the test's own clock within a second or two."""
import datetime, json, math, os, threading, time

from booking_load import http  # noqa: E402 (beside this file)
from live_halls import Hall  # noqa: E402

SERVICE_EPOCH = datetime.datetime(2026, 12, 1, 8, 40, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
WALL_EPOCH = math.floor(time.time())
# A meetingd sets its clock to the second when it starts and reads it to the second: a time it
# records is up to 2 s behind the test's clock, never ahead.
CLOCK_SLACK_S = 2.5


def service_clock_env(env):
    """env with MEETINGD_NOW: the service's clock, the same for every process started."""
    now = SERVICE_EPOCH + datetime.timedelta(seconds=math.floor(time.time()) - WALL_EPOCH)
    return dict(env, MEETINGD_NOW=now.isoformat(timespec="seconds"))


def wall_of(service_time):
    """A time the service recorded (RFC 3339), as time.time() would have said it."""
    at = datetime.datetime.fromisoformat(service_time)
    return WALL_EPOCH + (at - SERVICE_EPOCH).total_seconds()


class LiveMeeting:
    def __init__(self, api, token, node_url, state_dir, log, fail, wait_until):
        self.api, self.token, self.node_url, self.state, self.log, self.fail = api, token, node_url, state_dir, log, fail
        self.wait = wait_until  # wait(what, predicate, seconds): the predicate's truthy value, or fail
        self.samples = []  # (monotonic time, {room: state}) from the media node during faults
        self.sampling = threading.Event()

    def call(self, method, path, body=None, token=None, timeout=20):
        status, raw, _ = http(method, self.api + path, body, {"Authorization": f"Bearer {token or self.token}"},
                              timeout=timeout)
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, raw

    def node_legs(self):
        """{room id: leg state} as the media node itself says (no database involved)."""
        status, raw, _ = http("GET", f"{self.node_url}/sessions/{self.session}", timeout=3)
        if status != 200:
            return {}
        return {int(l["hall_id"]): l["state"] for l in json.loads(raw)["legs"] if l.get("hall_id", "").isdigit()}

    def open(self):
        status, rooms = self.call("GET", "/v1/rooms?limit=3")
        self.rooms = [r["id"] for r in rooms["items"]]
        booking = {"title": "Giao ban trong lúc chuyển đổi cơ sở dữ liệu", "type": "other", "organiser_org_id": 1,
                   "chair": {"name": "Chủ trì giao ban", "position": ""}, "host_room_id": self.rooms[0],
                   "room_ids": self.rooms[1:], "start": "2026-12-01T09:00:00+07:00",
                   "end": "2026-12-01T11:00:00+07:00"}
        status, body = self.call("POST", "/v1/meetings", booking)
        if status != 201:
            self.fail(f"booking the live meeting answered {status}: {str(body)[:300]}")
        self.id = body["id"]
        self.wait("the conductor opens the meeting's rehearsal",
                  lambda: self.call("GET", f"/v1/meetings/{self.id}")[1]["status"] == "rehearsal", 60)
        sessions = self.wait("the session on the media node",
                             lambda: json.loads(http("GET", f"{self.node_url}/sessions", timeout=3)[1]), 30)
        self.session = sessions[0]
        self.halls = {}
        for role, room, tone in (("steady", self.rooms[0], 440), ("arrives", self.rooms[1], 660),
                                 ("leaves", self.rooms[2], 880)):
            _, t = self.call("POST", "/v1/tokens", {"role": "hall", "room_id": room})
            join = self.wait(f"join information for room {room}", lambda: (lambda a: a[1] if a[0] == 200 else None)(
                self.call("GET", f"/v1/rooms/{room}/join", token=t["token"])), 30)
            self.halls[role] = Hall(role, join["media"], tone, os.path.join(self.state, f"hall-{role}.log"))
            self.halls[role].room, self.halls[role].token = room, t["token"]
        self.halls["steady"].start()
        self.halls["leaves"].start()
        steady, leaves = self.rooms[0], self.rooms[2]
        self.wait("the steady and the leaving hall connected",
                  lambda: (lambda s: s.get(steady) == "ok" and s.get(leaves) == "ok")(self.node_legs()), 60)
        self.wait("their attendance recorded", lambda: len(self.intervals(steady)) == 1 and
                  len(self.intervals(leaves)) == 1, 30)
        self.log(f"live meeting {self.id}: session {self.session} on the media node, halls "
                 f"{self.rooms[0]} and {self.rooms[2]} connected, {self.rooms[1]} to dial in during the outage")

    def intervals(self, room):
        status, body = self.call("GET", f"/v1/meetings/{self.id}/attendance")
        if status != 200:
            return []
        for r in body["rooms"]:
            if r["room_id"] == room:
                return r["intervals"]
        return []

    # ---- around a fault ----------------------------------------------------------------
    # kind: "database" (no primary for a while), "database-first" (the same, and one hall
    # dials in while another leaves), "meetingd" (the process the halls and bookings talk to
    # dies and is started again; meanwhile the hall that dialled in leaves and the other one
    # dials in again), "media-node" (the node carrying the session dies and is started again:
    # the session is reopened elsewhere and the connected halls dial again with what /join
    # says then).
    def at_fault(self, kind):
        self.kind = kind
        self.fault_wall = time.time()
        self.fault_t = time.monotonic()
        if kind == "database-first":
            self.halls["arrives"].start()
            self.halls["leaves"].stop()
        elif kind == "meetingd":
            self.halls["arrives"].stop()
            self.halls["leaves"].start()
        elif kind == "media-node":
            self.redialled = {}
            threading.Thread(target=self._redial, daemon=True).start()
        self.sampling.set()
        self.samples = []
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self):
        while self.sampling.is_set():
            try:
                self.samples.append((time.monotonic(), self.node_legs()))
            except Exception as e:
                self.samples.append((time.monotonic(), {"error": str(e)}))
            time.sleep(0.5)

    def _redial(self):
        """As a hall's codec does when its call drops: ask /join again until it names other ports."""
        deadline = time.monotonic() + 90
        waiting = {role: h for role, h in self.halls.items() if h.thread}
        while waiting and time.monotonic() < deadline:
            for role, hall in list(waiting.items()):
                status, join = self.call("GET", f"/v1/rooms/{hall.room}/join", token=hall.token, timeout=5)
                if status == 200 and (join["media"]["address"], join["media"]["video"]["port"]) != hall.node["video"]:
                    hall.redial(join["media"])
                    self.redialled[role] = round(time.monotonic() - self.fault_t, 2)
                    del waiting[role]
            time.sleep(0.5)

    def check_media(self, r, since, until):
        """The media went on from the fault until the round's end (or, when the node died,
        came back once the halls dialled again): figures into r; fails if not."""
        self.sampling.clear()
        time.sleep(0.6)
        steady = self.halls["steady"]
        r["media"] = {
            "steady_hall_video_packets": steady.received("video", since, until),
            "steady_hall_longest_video_gap_s": round(steady.longest_gap("video", since, until), 2),
            "steady_hall_longest_audio_gap_s": round(steady.longest_gap("audio", since, until), 2),
            "node_samples": len(self.samples),
            "node_samples_steady_ok": sum(1 for _, s in self.samples if s.get(self.rooms[0]) == "ok"),
        }
        m = r["media"]
        if self.kind == "media-node":
            m["halls_dialled_again_after_s"] = self.redialled
            times = [since] + [t for t in steady.arrivals["video"] if since < t <= until]
            gaps = [(b - a, b) for a, b in zip(times, times[1:])]
            back = [max(gaps)[1]] if gaps and max(gaps)[0] > 1.0 else []  # the packet that ended the outage
            m["steady_hall_media_back_after_s"] = round(back[0] - since, 2) if back else None
            m["steady_hall_video_after_return_s"] = round(steady.longest_gap("video", back[0], until), 2) if back else None
            self.log(f"  media: the halls dialled again after {self.redialled} s; the steady hall's composite came back "
                     f"{m['steady_hall_media_back_after_s']} s after the node died, then its longest gap "
                     f"{m['steady_hall_video_after_return_s']} s")
            if not back or "steady" not in self.redialled:
                self.fail("the meeting's media did not come back after its node died")
            if m["steady_hall_video_after_return_s"] > 1.0:
                self.fail("the meeting's media stopped again after it came back")
            return
        self.log(f"  media: the steady hall got {m['steady_hall_video_packets']} composite packets, longest gaps "
                 f"{m['steady_hall_longest_video_gap_s']} s video / {m['steady_hall_longest_audio_gap_s']} s audio; "
                 f"the node saw it ok in {m['node_samples_steady_ok']} of {m['node_samples']} samples")
        if m["steady_hall_longest_video_gap_s"] > 1.0 or m["steady_hall_longest_audio_gap_s"] > 1.0:
            self.fail("the running meeting's media stopped during the fault")
        if m["node_samples"] < 3 or m["node_samples_steady_ok"] != m["node_samples"]:
            self.fail(f"the media node did not keep the steady hall connected: {self.samples[:20]}")

    def seconds_after_fault(self, service_time):
        return None if service_time is None else round(wall_of(service_time) - self.fault_wall, 1)

    def check_attendance(self, r, back_wall):
        """After a fault: what the halls did during it is in the attendance, at the times it
        happened. back_wall: when the service answered again."""
        back_s = back_wall - self.fault_wall
        a = {"service_back_after_fault_s": round(back_s, 1)}
        r["attendance"] = a
        if self.kind == "database-first":
            arrives, leaves = self.rooms[1], self.rooms[2]
            joined = self.wait("the attendance of the hall that dialled in during the outage",
                               lambda: self.intervals(arrives), 30)
            left = self.wait("the attendance of the hall that left during the outage",
                             lambda: [i for i in self.intervals(leaves) if i["left_at"]], 30)
            a["joined_after_fault_s"] = self.seconds_after_fault(joined[0]["joined_at"])
            a["left_after_fault_s"] = self.seconds_after_fault(left[0]["left_at"])
            # Written after the outage, with the times they happened inside it.
            for what in ("joined", "left"):
                at = a[f"{what}_after_fault_s"]
                if not (-CLOCK_SLACK_S <= at <= back_s - 0.5):
                    self.fail(f"the hall that {what} during the outage is recorded {at} s after the fault, "
                              f"not inside the {back_s:.1f} s outage")
            if len(self.intervals(self.rooms[0])) != 1 or self.intervals(self.rooms[0])[0]["left_at"]:
                self.fail(f"the steady hall's attendance was broken: {self.intervals(self.rooms[0])}")
        elif self.kind == "meetingd":
            gone, back = self.rooms[1], self.rooms[2]
            # The hall that hung up while no conductor watched: its interval is closed, at its
            # last sighting (before the fault) or when the restarted conductor found it gone.
            closed = self.wait("the interval of the hall that left while meetingd was down, closed",
                               lambda: (lambda i: i if i and i[-1]["left_at"] else None)(self.intervals(gone)), 30)
            a["left_after_fault_s"] = self.seconds_after_fault(closed[-1]["left_at"])
            again = self.wait("a new interval of the hall that dialled in while meetingd was down",
                              lambda: (lambda i: i if len(i) >= 2 and not i[-1]["left_at"] else None)(self.intervals(back)),
                              30)
            a["rejoined_after_fault_s"] = self.seconds_after_fault(again[-1]["joined_at"])
            if not (-CLOCK_SLACK_S - 3.5 <= a["left_after_fault_s"] <= back_s + 8):
                self.fail(f"the hall that left while meetingd was down is recorded as leaving "
                          f"{a['left_after_fault_s']} s after the fault")
            steady = self.intervals(self.rooms[0])
            if steady[-1]["left_at"]:
                self.fail(f"the steady hall's attendance was closed although it never left: {steady}")
        elif self.kind == "media-node":
            steady = self.wait("the steady hall's attendance: closed at the crash, open again after",
                               lambda: (lambda i: i if len(i) >= 2 and i[-2]["left_at"] and not i[-1]["left_at"]
                                        else None)(self.intervals(self.rooms[0])), 30)
            a["steady_left_after_fault_s"] = self.seconds_after_fault(steady[-2]["left_at"])
            a["steady_rejoined_after_fault_s"] = self.seconds_after_fault(steady[-1]["joined_at"])
            if not (-CLOCK_SLACK_S - 3.5 <= a["steady_left_after_fault_s"] <= 1):
                self.fail(f"the steady hall's interval was closed {a['steady_left_after_fault_s']} s after its node "
                          "died, not at its last sighting")
        self.log(f"  attendance: {a}")

    def stop(self):
        self.sampling.clear()
        for h in getattr(self, "halls", {}).values():
            h.stop()
