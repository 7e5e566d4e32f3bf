"""Booking load through meetingd's HTTP API, as careful clients make it: each booking has
its own Idempotency-Key and is sent again, with the same key, after a 5xx or no answer
(every 0.1-1 s, honouring Retry-After) until it gets a final answer. Counts every attempt,
every retry and every 201 (with when it was sent and answered)."""
import json, threading, time
import urllib.error, urllib.request


def http(method, url, body=None, headers=None, timeout=5):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers)


class Load:
    """Threads run worker(): each books meetings through `url` until stop is set."""

    def __init__(self, url, token):
        self.url, self.token = url, token
        self.lock = threading.Lock()
        self.next = 0
        self.stop = threading.Event()
        self.created = []       # (index, id, answered_at, sent_at) of each 201
        self.conflicts_on_retry = 0
        self.refused = {}       # final non-201 status -> count
        self.attempt_results = {}   # status or error kind -> count, every attempt
        self.retries = 0
        self.max_retries_one = 0
        self.retried_bookings = 0
        self.gave_up = 0
        self.samples = {}       # 5xx status -> one body, for the report
        self.retry_after = 0    # 503 answers that said when to come back

    def body(self, i):
        room = i % 300 + 1
        slot = i // 300
        day = 1 + 7 * (slot // 8)          # Mondays of March and April 2027
        month, day = (3, day) if day <= 31 else (4, day - 31)
        hour = 8 + slot % 8
        return {"title": f"Giao ban {i}", "type": "other", "organiser_org_id": 1,
                "chair": {"name": f"Chủ trì {i}", "position": ""}, "host_room_id": room, "room_ids": [],
                "start": f"2027-{month:02d}-{day:02d}T{hour:02d}:00:00+07:00",
                "end": f"2027-{month:02d}-{day:02d}T{hour:02d}:45:00+07:00"}

    def count(self, key):
        with self.lock:
            self.attempt_results[key] = self.attempt_results.get(key, 0) + 1

    def worker(self):
        while not self.stop.is_set():
            with self.lock:
                i = self.next
                self.next += 1
            key = f"failover-{i}"
            tries = 0
            while True:
                sent = time.monotonic()
                try:
                    status, body, headers = http("POST", self.url, self.body(i),
                                                 {"Authorization": f"Bearer {self.token}", "Idempotency-Key": key},
                                                 timeout=20)
                    self.count(status)
                    if status >= 500:
                        with self.lock:
                            self.samples.setdefault(status, body[:300].decode(errors="replace"))
                            if status == 503 and "Retry-After" in headers:
                                self.retry_after += 1
                except Exception as e:
                    status, body, headers = None, b"", {}
                    self.count(type(e).__name__)
                if status == 201:
                    with self.lock:
                        self.created.append((i, json.loads(body)["id"], time.monotonic(), sent))
                    break
                if status is not None and status < 500:
                    with self.lock:
                        self.refused[status] = self.refused.get(status, 0) + 1
                        if status == 409 and tries > 0:
                            self.conflicts_on_retry += 1
                    break
                # 5xx or no answer: the same request again with the same Idempotency-Key.
                if tries >= 200:
                    with self.lock:
                        self.gave_up += 1
                    break
                tries += 1
                with self.lock:
                    self.retries += 1
                try:
                    wait = min(1.0, float(headers.get("Retry-After", "0.2")))
                except ValueError:
                    wait = 0.2
                time.sleep(max(wait, 0.1))
            if tries:
                with self.lock:
                    self.retried_bookings += 1
                    self.max_retries_one = max(self.max_retries_one, tries)
