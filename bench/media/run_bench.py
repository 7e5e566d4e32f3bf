#!/usr/bin/env python3
"""Media benchmark: the media node side by side with FFmpeg and a plain
gst-launch pipeline doing the same mix, on the same machine, same inputs.

  bench/media/make_inputs.sh /tmp/media-bench-inputs
  python3 bench/media/run_bench.py --build build-media --inputs /tmp/media-bench-inputs \
      video 4 9 16 | audio 16 64 | large 200

For every run: CPU cores (utime+stime of the process over the measured window),
sustained output fps (distinct RTP timestamps per second received on loopback),
peak memory (VmHWM). Inputs: 640x360@30 H.264 600 kbit/s + Opus per hall;
output 1280x720@30 H.264 (x264 ultrafast zerolatency, 1500 kbit/s).
The node's halls are fed as RTP by media_rtp_replay (its CPU is reported apart);
FFmpeg and gst-launch read the same files directly.
"""
import argparse
import json
import math
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

WARMUP = 6
WINDOW = 20
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def free_port(kind=socket.SOCK_DGRAM):
    s = socket.socket(socket.AF_INET, kind)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Sink:
    """A bound UDP socket on loopback drained by a thread; each datagram goes to
    received(). As such it is the receiving end of the legs nobody watches (a closed
    port would make the kernel answer every packet with an ICMP error on the
    sender's time, a cost no real hall imposes)."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.stop = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop:
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            self.received(data)

    def received(self, data):
        pass

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()


class FrameCounter(Sink):
    """Counts output frames (distinct RTP timestamps) arriving on a UDP port."""

    def __init__(self):
        self.frames = []  # arrival times of new timestamps
        self.last_ts = None
        super().__init__()

    def received(self, data):
        if len(data) < 12 or 64 <= (data[1] & 0x7F) <= 95:
            return  # not RTP (RTCP)
        ts = int.from_bytes(data[4:8], "big")
        if ts != self.last_ts:
            self.last_ts = ts
            self.frames.append(time.monotonic())

    def fps(self, start, end):
        n = sum(1 for t in self.frames if start <= t < end)
        per_second = [sum(1 for t in self.frames if s <= t < s + 1) for s in range(int(start), int(end) - 1)]
        return n / (end - start), (min(per_second) if per_second else 0)


def measure(proc_pid, counter, extra_pids=()):
    time.sleep(WARMUP)
    c0 = cpu_seconds(proc_pid)
    e0 = [cpu_seconds(p) for p in extra_pids]
    t0 = time.monotonic()
    time.sleep(WINDOW)
    t1 = time.monotonic()
    c1 = cpu_seconds(proc_pid)
    e1 = [cpu_seconds(p) for p in extra_pids]
    result = {"cores": round((c1 - c0) / (t1 - t0), 3), "peak_rss_mb": round(peak_rss_mb(proc_pid), 1)}
    if counter:
        avg, worst = counter.fps(t0, t1)
        result["fps"] = round(avg, 2)
        result["worst_second_fps"] = worst
    if extra_pids:
        result["feeder_cores"] = round(sum(b - a for a, b in zip(e0, e1)) / (t1 - t0), 3)
    return result


def grid(n, width=1280, height=720):
    cols = math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)
    cw, ch = width // cols, height // rows
    w = cw & ~1
    h = (w * height // width) & ~1
    if h > ch:
        h = ch & ~1
        w = (h * width // height) & ~1
    tiles = []
    for i in range(n):
        r, c = divmod(i, cols)
        in_row = min(cols, n - r * cols)
        off = (width - in_row * cw) // 2
        tiles.append(((off + c * cw + (cw - w) // 2) & ~1, (r * ch + (ch - h) // 2) & ~1, w, h))
    return tiles


def http(port, method, path, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=json.dumps(body).encode() if body is not None else None)
    with urllib.request.urlopen(req, timeout=30) as r:
        text = r.read()
        return json.loads(text) if text else None


def run_node(args, n, audio_only=False, outputs=None, replay_legs=None):
    """A media-node process with n halls replayed over RTP, plus one hidden viewer leg."""
    api_port = free_port(socket.SOCK_STREAM)  # the control API listens on TCP
    node = subprocess.Popen([f"{args.build}/media/media-node", "--port", str(api_port), "--rtp-ports", "0-0"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    counter = FrameCounter()
    sink = Sink()
    replay = None
    try:
        for _ in range(50):
            try:
                http(api_port, "GET", "/health")
                break
            except OSError:
                time.sleep(0.1)
        session = {"loudest_k": 4, "max_visible": 16, "video": not audio_only}
        session["outputs"] = outputs or [{"name": "hd", "width": 1280, "height": 720, "bitrate_kbps": 1500}]
        sid = http(api_port, "POST", "/sessions", session)["id"]
        discard = sink.port
        targets = []
        for i in range(n):
            leg = http(api_port, "POST", f"/sessions/{sid}/legs", {
                "hall_id": f"hall-{i}", "display_name": f"Hall {i}",
                "video": {"remote_rtp": {"address": "127.0.0.1", "port": discard}},
                "audio": {"remote_rtp": {"address": "127.0.0.1", "port": discard}}})
            video_port = 0 if audio_only else leg["video"]["rtp"]
            targets.append(f"{args.inputs}/hall_{i % 16}.mkv:{video_port}:{leg['audio']['rtp']}")
        if not audio_only:
            viewer = http(api_port, "POST", f"/sessions/{sid}/legs", {
                "hall_id": "viewer", "output": session["outputs"][0]["name"],
                "video": {"rtcp_mux": False, "remote_rtp": {"address": "127.0.0.1", "port": counter.port},
                          "remote_rtcp": {"address": "127.0.0.1", "port": discard}}})
            http(api_port, "PUT", f"/sessions/{sid}/legs/{viewer['leg_id']}/video", {"hidden": True})
        replay = subprocess.Popen([f"{args.build}/bench/media/media_rtp_replay", str(WARMUP + WINDOW + 10)] + targets,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        result = measure(node.pid, None if audio_only else counter, [replay.pid])
        stats = http(api_port, "GET", f"/sessions/{sid}")
        result["node_output_fps"] = round(stats["output_fps"], 2)
        result["legs_ok"] = sum(1 for l in stats["legs"] if l["state"] in ("ok", "degraded"))
        result["legs_decoding"] = sum(1 for l in stats["legs"] if l["visible"])
        return result
    finally:
        if replay:
            replay.send_signal(signal.SIGTERM)
            replay.wait()
        node.send_signal(signal.SIGTERM)
        try:
            node.wait(timeout=10)
        except subprocess.TimeoutExpired:
            node.kill()
            node.wait()
        counter.close()
        sink.close()


def ffmpeg_mix(n, video_port, audio_port):
    """FFmpeg's side of the comparison for n inputs: scale + xstack into 1280x720@30, amix,
    libx264 ultrafast zerolatency 1500k and libopus 32k, both sent as RTP to loopback."""
    tiles = grid(n)
    parts = [f"[{i}:v]scale={w}:{h}[v{i}]" for i, (_, _, w, h) in enumerate(tiles)]
    layout = "|".join(f"{x}_{y}" for x, y, _, _ in tiles)
    parts.append("".join(f"[v{i}]" for i in range(n)) + f"xstack=inputs={n}:layout={layout}:fill=black,"
                 "pad=1280:720,fps=30[v]" if n > 1 else "[v0]pad=1280:720,fps=30[v]")
    parts.append("".join(f"[{i}:a]" for i in range(n)) + f"amix=inputs={n}:normalize=0[a]")
    return ["-filter_complex", ";".join(parts),
            "-map", "[v]", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-b:v", "1500k",
            "-f", "rtp", f"rtp://127.0.0.1:{video_port}",
            "-map", "[a]", "-c:a", "libopus", "-b:a", "32k", "-f", "rtp", f"rtp://127.0.0.1:{audio_port}"]


def run_ffmpeg(args, n):
    counter = FrameCounter()
    sink = Sink()
    discard = sink.port
    cmd = ["ffmpeg", "-loglevel", "error", "-nostdin"]
    for i in range(n):
        cmd += ["-re", "-i", f"{args.inputs}/hall_{i % 16}.mkv"]
    cmd += ffmpeg_mix(n, counter.port, discard)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return measure(proc.pid, counter)
    finally:
        proc.kill()
        proc.wait()
        counter.close()
        sink.close()


def free_port_pair():
    """An even UDP port whose odd neighbour is free too (RTP + RTCP, as FFmpeg binds them)."""
    for _ in range(200):
        port = free_port() & ~1
        socks = []
        try:
            for p in (port, port + 1):
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                socks.append(s)
                s.bind(("127.0.0.1", p))
            return port
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free port pair")


def run_ffmpeg_rtp(args, n):
    """FFmpeg doing the same mix, fed the same RTP as the node (an FFmpeg-based MCU receives
    its halls over the network too): one SDP per hall, H.264 PT 96 + Opus PT 111."""
    counter = FrameCounter()
    sink = Sink()
    discard = sink.port
    workdir = f"/tmp/media-bench-sdp-{os.getpid()}"
    os.makedirs(workdir, exist_ok=True)
    targets, cmd = [], ["ffmpeg", "-loglevel", "error", "-nostdin"]
    for i in range(n):
        vp, ap = free_port_pair(), free_port_pair()
        while ap == vp:
            ap = free_port_pair()
        sdp = f"{workdir}/hall_{i}.sdp"
        with open(sdp, "w") as f:
            f.write("v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=hall\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    f"m=video {vp} RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\n"
                    f"m=audio {ap} RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n")
        cmd += ["-protocol_whitelist", "file,udp,rtp", "-analyzeduration", "3000000", "-i", sdp]
        targets.append(f"{args.inputs}/hall_{i % 16}.mkv:{vp}:{ap}")
    cmd += ffmpeg_mix(n, counter.port, discard)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)  # FFmpeg binds its ports before the halls start sending
    replay = subprocess.Popen([f"{args.build}/bench/media/media_rtp_replay", "180"] + targets,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90  # FFmpeg probes each input for a keyframe in turn
        while not counter.frames and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
        if not counter.frames:
            return {"cores": None, "error": "FFmpeg produced no output"}
        return measure(proc.pid, counter, [replay.pid])
    finally:
        proc.kill()
        proc.wait()
        replay.send_signal(signal.SIGTERM)
        replay.wait()
        counter.close()
        sink.close()


def run_gst(args, n, audio_only=False):
    counter = FrameCounter()
    sink = Sink()
    discard = sink.port
    desc = []
    if not audio_only:
        pads = " ".join(f"sink_{i}::xpos={x} sink_{i}::ypos={y} sink_{i}::width={w} sink_{i}::height={h}"
                        for i, (x, y, w, h) in enumerate(grid(n)))
        desc.append(f"compositor name=c background=black {pads} ! video/x-raw,width=1280,height=720,framerate=30/1"
                    f" ! x264enc tune=zerolatency speed-preset=ultrafast bitrate=1500 ! rtph264pay"
                    f" ! udpsink host=127.0.0.1 port={counter.port} sync=true")
    desc.append(f"audiomixer name=m ! audioconvert ! opusenc ! rtpopuspay ! udpsink host=127.0.0.1 port={discard} sync=true")
    for i in range(n):
        f = f"{args.inputs}/hall_{i % 16}.mkv"
        desc.append(f"filesrc location={f} ! matroskademux name=d{i}")
        if not audio_only:
            desc.append(f"d{i}.video_0 ! queue ! h264parse ! avdec_h264 ! queue ! c.sink_{i}")
        desc.append(f"d{i}.audio_0 ! queue ! opusdec ! audioconvert ! audioresample ! queue ! m.sink_{i}")
    cmd = ["gst-launch-1.0", "-q"] + " ".join(desc).split()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return measure(proc.pid, None if audio_only else counter)
    finally:
        proc.kill()
        proc.wait()
        counter.close()
        sink.close()


JANUS_LIB = "/usr/lib/x86_64-linux-gnu/janus"


def janus_configs(folder, http_port):
    os.makedirs(folder, exist_ok=True)
    plugins = ["duktape", "echotest", "lua", "nosip", "recordplay", "sip", "streaming", "textroom",
               "videocall", "videoroom", "voicemail"]
    transports = ["mqtt", "nanomsg", "pfunix", "rabbitmq", "websockets"]
    with open(f"{folder}/janus.jcfg", "w") as f:
        f.write(f"""general: {{ configs_folder = "{folder}" plugins_folder = "{JANUS_LIB}/plugins"
  transports_folder = "{JANUS_LIB}/transports" loggers_folder = "{JANUS_LIB}/loggers" debug_level = 2 }}
plugins: {{ disable = "{','.join(f'libjanus_{p}.so' for p in plugins)}" }}
transports: {{ disable = "{','.join(f'libjanus_{t}.so' for t in transports)}" }}
loggers: {{ disable = "libjanus_jsonlog.so" }}
media: {{ rtp_port_range = "30000-39999" }}
events: {{ broadcast = false }}
""")
    with open(f"{folder}/janus.transport.http.jcfg", "w") as f:
        f.write(f"""general: {{ json = "plain" base_path = "/janus" http = true port = {http_port} https = false ip = "127.0.0.1" }}
admin: {{ admin_http = false admin_https = false }}
""")
    with open(f"{folder}/janus.plugin.audiobridge.jcfg", "w") as f:
        f.write('general: { local_ip = "127.0.0.1" rtp_port_range = "10000-19999" }\n')


def janus_call(port, path, body):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/janus{path}", method="POST",
                                 data=json.dumps(body).encode())
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def run_janus(args, n):
    """Janus AudioBridge with n plain-RTP participants (each gets its own mix without itself)."""
    folder = f"/tmp/media-bench-janus-{os.getpid()}"
    http_port = free_port(socket.SOCK_STREAM)
    janus_configs(folder, http_port)
    proc = subprocess.Popen(["janus", "-C", f"{folder}/janus.jcfg", "-F", folder],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    replay = None
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{http_port}/janus/info", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        tx = iter(range(10**9))
        sid = janus_call(http_port, "", {"janus": "create", "transaction": str(next(tx))})["data"]["id"]

        def attach():
            return janus_call(http_port, f"/{sid}", {"janus": "attach", "plugin": "janus.plugin.audiobridge",
                                                      "transaction": str(next(tx))})["data"]["id"]
        admin = attach()
        janus_call(http_port, f"/{sid}/{admin}", {"janus": "message", "transaction": str(next(tx)), "body": {
            "request": "create", "room": 4242, "sampling_rate": 48000, "audiolevel_event": False,
            "allow_rtp_participants": True}})
        source = free_port()  # Janus answers, and only listens, to where the participant is
        handles = {}
        for i in range(n):
            h = attach()
            handles[h] = i
            janus_call(http_port, f"/{sid}/{h}", {"janus": "message", "transaction": str(next(tx)), "body": {
                "request": "join", "room": 4242, "display": f"hall-{i}",
                "rtp": {"ip": "127.0.0.1", "port": source, "payload_type": 111}}})
        ports = {}
        deadline = time.monotonic() + 20
        while len(ports) < n and time.monotonic() < deadline:
            with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/janus/{sid}?maxev=50", timeout=35) as r:
                events = json.loads(r.read())
            for ev in events if isinstance(events, list) else [events]:
                rtp = ev.get("plugindata", {}).get("data", {}).get("rtp")
                if rtp and ev.get("sender") in handles:
                    ports[handles[ev["sender"]]] = rtp["port"]
        if len(ports) < n:
            raise RuntimeError(f"janus gave RTP ports to {len(ports)} of {n} participants")
        targets = [f"{args.inputs}/hall_{i % 16}.mkv:0:{ports[i]}" for i in range(n)]
        replay = subprocess.Popen([f"{args.build}/bench/media/media_rtp_replay", str(WARMUP + WINDOW + 10)] + targets,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  env=dict(os.environ, REPLAY_SOURCE_PORT=str(source)))
        keep = threading.Event()

        def keepalive():
            while not keep.wait(10):
                try:
                    janus_call(http_port, f"/{sid}", {"janus": "keepalive", "transaction": "k"})
                except OSError:
                    pass
        threading.Thread(target=keepalive, daemon=True).start()
        result = measure(proc.pid, None, [replay.pid])
        keep.set()
        return result
    finally:
        if replay:
            replay.send_signal(signal.SIGTERM)
            replay.wait()
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default="build-media")
    p.add_argument("--inputs", default="/tmp/media-bench-inputs")
    p.add_argument("what", choices=["video", "audio", "janus", "large"])
    p.add_argument("sizes", nargs="+", type=int)
    p.add_argument("--only", default="", help="comma-separated system names to run (video: node,ffmpeg,gst-launch)")
    p.add_argument("--repeat", type=int, default=1, help="run the systems alternately this many times")
    p.add_argument("--together", action="store_true",
                   help="run the selected systems at the same time, measured over the same window "
                        "(the machine's drift then weighs on all alike; keep the sum well under the core count)")
    args = p.parse_args()
    results = []
    for n in args.sizes:
        if args.what == "video":
            runs = [("node", lambda: run_node(args, n)), ("ffmpeg", lambda: run_ffmpeg(args, n)),
                    ("ffmpeg-rtp", lambda: run_ffmpeg_rtp(args, n)),
                    ("gst-launch", lambda: run_gst(args, n))]
        elif args.what == "audio":
            runs = [("node audio-only (mix-minus, K=4)", lambda: run_node(args, n, audio_only=True)),
                    ("janus audiobridge (plain RTP participants)", lambda: run_janus(args, n)),
                    ("gst-launch one plain mix", lambda: run_gst(args, n, audio_only=True))]
        elif args.what == "janus":
            runs = [("janus audiobridge (plain RTP participants)", lambda: run_janus(args, n))]
        else:
            both = [{"name": "hd", "width": 1280, "height": 720, "bitrate_kbps": 1500},
                    {"name": "sd", "width": 640, "height": 360, "bitrate_kbps": 500}]
            runs = [("node hd+sd outputs", lambda: run_node(args, n, outputs=both))]
        if args.only:
            wanted = args.only.split(",")
            runs = [(name, fn) for name, fn in runs if name.split()[0] in wanted]
        for _ in range(args.repeat):
            batches = [runs] if args.together else [[run] for run in runs]
            for batch in batches:
                load = os.getloadavg()[0]
                outcomes = [None] * len(batch)

                def work(i, fn):
                    outcomes[i] = fn()

                threads = [threading.Thread(target=work, args=(i, fn)) for i, (_, fn) in enumerate(batch)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                for (name, _), r in zip(batch, outcomes):
                    r.update({"what": args.what, "n": n, "system": name, "cpus": os.cpu_count(),
                              "load_before": load, "together": args.together and len(batch) > 1})
                    print(json.dumps(r), flush=True)
                    results.append(r)
                time.sleep(2)
    return results


if __name__ == "__main__":
    main()
