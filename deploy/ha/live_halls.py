"""Halls of a running meeting, for the failover test: each hall's codec is a real
gst-launch-1.0 pipeline (H.264 and Opus over RTP), and what it encodes leaves through the
hall's own two sockets, as a hardware codec's would. The node answers where a hall sends
from (symmetric RTP, RTCP multiplexed), so the composite and the mix arrive on those same
sockets; every RTP packet that arrives is timed, so the test can tell whether the meeting's
media went on while the database was down."""
import select, signal, socket, subprocess, threading, time

VIDEO_PT, AUDIO_PT = 96, 111


def udp_socket():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    return s


def codec_pipeline(video_port, audio_port, tone_hz):
    return ["gst-launch-1.0", "-q",
            "videotestsrc", "is-live=true", "pattern=ball", "!", "video/x-raw,width=320,height=180,framerate=15/1",
            "!", "x264enc", "tune=zerolatency", "speed-preset=ultrafast", "bitrate=300", "key-int-max=15", "!",
            "rtph264pay", f"pt={VIDEO_PT}", "config-interval=-1", "!",
            "udpsink", "host=127.0.0.1", f"port={video_port}", "sync=false", "async=false",
            "audiotestsrc", "is-live=true", "wave=sine", "volume=0.25", f"freq={tone_hz}", "!",
            "audio/x-raw,rate=48000,channels=1", "!", "opusenc", "!", "rtpopuspay", f"pt={AUDIO_PT}", "!",
            "udpsink", "host=127.0.0.1", f"port={audio_port}", "sync=false", "async=false"]


class Hall:
    """One hall dialled into a leg: start() begins sending and receiving, stop() ends both."""

    def __init__(self, name, join_media, tone_hz, log_path):
        self.name = name
        address = join_media["address"]
        self.node = {"video": (address, join_media["video"]["port"]), "audio": (address, join_media["audio"]["port"])}
        self.tone_hz = tone_hz
        self.log_path = log_path
        self.arrivals = {"video": [], "audio": []}  # monotonic times of RTP packets from the node
        self.sent = {"video": 0, "audio": 0}
        self.proc = None
        self.running = threading.Event()
        self.thread = None

    def start(self):
        self.own = {m: udp_socket() for m in ("video", "audio")}    # the hall's sockets, towards the node
        self.codec = {m: udp_socket() for m in ("video", "audio")}  # where its codec's RTP comes out
        self.proc = subprocess.Popen(codec_pipeline(self.codec["video"].getsockname()[1],
                                                    self.codec["audio"].getsockname()[1], self.tone_hz),
                                     stdout=open(self.log_path, "ab"), stderr=subprocess.STDOUT)
        self.running.set()
        self.thread = threading.Thread(target=self._pump, daemon=True)
        self.thread.start()

    def redial(self, join_media):
        """The call dropped: send to where /join says now, from the same sockets."""
        address = join_media["address"]
        self.node = {"video": (address, join_media["video"]["port"]), "audio": (address, join_media["audio"]["port"])}

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.running.clear()
        if self.thread:
            self.thread.join(timeout=5)
            self.thread = None
        for s in list(getattr(self, "own", {}).values()) + list(getattr(self, "codec", {}).values()):
            s.close()
        self.own, self.codec = {}, {}

    def _pump(self):
        by_socket = {}
        for m in ("video", "audio"):
            by_socket[self.codec[m]] = ("codec", m)
            by_socket[self.own[m]] = ("node", m)
        while self.running.is_set():
            ready, _, _ = select.select(list(by_socket), [], [], 0.2)
            for s in ready:
                try:
                    data = s.recv(2048)
                except OSError:
                    continue
                side, medium = by_socket[s]
                if side == "codec":
                    self.own[medium].sendto(data, self.node[medium])
                    self.sent[medium] += 1
                elif len(data) >= 12 and data[0] >> 6 == 2 and (data[1] & 0x7F) in (VIDEO_PT, AUDIO_PT):
                    self.arrivals[medium].append(time.monotonic())  # RTP, not multiplexed RTCP

    def received(self, medium, since, until):
        return sum(1 for t in self.arrivals[medium] if since <= t <= until)

    def longest_gap(self, medium, since, until):
        """The longest time in [since, until] without an RTP packet of that medium."""
        times = [since] + [t for t in self.arrivals[medium] if since <= t <= until] + [until]
        return max(b - a for a, b in zip(times, times[1:]))
