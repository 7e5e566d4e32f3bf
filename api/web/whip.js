// A hall's browser leg over WHIP (RFC 9725): one peer connection that sends the camera and
// microphone and receives the session's composite and mix (sendrecv on WHIP's HTTP
// mechanics). The offer is POSTed as application/sdp with the hall's bearer token to the
// `whip_url` that GET /v1/rooms/{id}/join gives; the answer comes back with 201, the
// session's URL in Location and its version in ETag; DELETE on that URL leaves.
// Candidates are gathered before the offer is sent (no trickle needed by the server);
// ICE servers may come in Link headers (rel="ice-server").
//
// States reported through onState: connecting, connected, disconnected, failed, closed.
// Errors: WhipError with the HTTP status (503 carries retryAfter seconds).

export class WhipError extends Error {
  constructor(status, message, retryAfter = 0) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

// Parses RFC 8288 Link headers of rel="ice-server" as RFC 9725 §4.6 describes.
export function iceServersFromLinks(header) {
  if (!header) return [];
  const out = [];
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = part.match(/<([^>]+)>(.*)/);
    if (!m || !/rel="?ice-server"?/i.test(m[2])) continue;
    const server = { urls: m[1] };
    const user = m[2].match(/username="([^"]*)"/);
    const cred = m[2].match(/credential="([^"]*)"/);
    if (user) server.username = user[1];
    if (cred) server.credential = cred[1];
    out.push(server);
  }
  return out;
}

function waitForGathering(pc, ms) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (pc.iceGatheringState !== 'complete') return;
      pc.removeEventListener('icegatheringstatechange', done);
      resolve();
    };
    pc.addEventListener('icegatheringstatechange', done);
    setTimeout(resolve, ms);  // send what we have; host candidates come first
  });
}

// Puts H.264 (constrained baseline, then main) ahead of VP8: the node decodes H.264 without
// transcoding, and Debian's Chromium does not take High.
function preferCodecs(transceiver) {
  const caps = RTCRtpReceiver.getCapabilities?.('video');
  if (!caps || !transceiver.setCodecPreferences) return;
  const rank = (c) => {
    if (/h264/i.test(c.mimeType)) return /profile-level-id=42e0/.test(c.sdpFmtpLine || '') ? 0 : /profile-level-id=42/.test(c.sdpFmtpLine || '') ? 1 : 2;
    if (/vp8/i.test(c.mimeType)) return 3;
    if (/rtx|red|ulpfec/i.test(c.mimeType)) return 5;
    return 4;
  };
  transceiver.setCodecPreferences([...caps.codecs].sort((a, b) => rank(a) - rank(b)));
}

export class WhipSession {
  constructor({ url, token, stream, onState = () => {}, onTrack = () => {} }) {
    this.url = url;
    this.token = token;
    this.stream = stream;
    this.onState = onState;
    this.onTrack = onTrack;
    this.pc = null;
    this.location = null;
    this.etag = null;
  }

  async start({ iceServers = [] } = {}) {
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', iceServers });
    this.pc = pc;
    const remote = new MediaStream();
    pc.addEventListener('track', (ev) => {
      remote.addTrack(ev.track);
      this.onTrack(remote);
    });
    pc.addEventListener('connectionstatechange', () => this.onState(pc.connectionState));
    const audio = this.stream.getAudioTracks()[0];
    const video = this.stream.getVideoTracks()[0];
    pc.addTransceiver(audio || 'audio', { direction: audio ? 'sendrecv' : 'recvonly', streams: [this.stream] });
    preferCodecs(pc.addTransceiver(video || 'video', { direction: video ? 'sendrecv' : 'recvonly', streams: [this.stream] }));
    this.onState('connecting');
    await pc.setLocalDescription(await pc.createOffer());
    await waitForGathering(pc, 3000);
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${this.token}` },
      body: pc.localDescription.sdp,
    });
    if (res.status !== 201) {
      const retry = Number(res.headers.get('Retry-After')) || 0;
      const text = await res.text().catch(() => '');
      pc.close();
      throw new WhipError(res.status, text || `WHIP answered ${res.status}`, retry);
    }
    this.location = new URL(res.headers.get('Location') || this.url, this.url).toString();
    this.etag = res.headers.get('ETag');
    const links = iceServersFromLinks(res.headers.get('Link'));
    if (links.length && !iceServers.length) pc.setConfiguration({ ...pc.getConfiguration(), iceServers: links });
    await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
  }

  setMicrophoneEnabled(on) {
    for (const t of this.stream.getAudioTracks()) t.enabled = on;
  }

  // The browser's own view of the leg (getStats), for the page and for tests.
  async stats() { return this.pc ? this.pc.getStats() : new Map(); }

  // Leaves: DELETE frees the server's side; the peer connection closes either way.
  async stop() {
    const location = this.location;
    this.location = null;
    if (this.pc) this.pc.close();
    this.pc = null;
    this.onState('closed');
    if (location) {
      await fetch(location, { method: 'DELETE', headers: { Authorization: `Bearer ${this.token}` } }).catch(() => {});
    }
  }
}
