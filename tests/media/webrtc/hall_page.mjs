// A browser hall in headless Chromium: fake camera and microphone from files, one
// RTCPeerConnection (max-bundle, sendrecv) to the node's WebRTC edge, and helpers the
// tests call inside the page. Shared by the browser-hall test and bench.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

const require = createRequire(`${process.env.TOOLS_DIR}/`);
const { chromium } = require('playwright-core');

// Runs in the page: publish the fake camera and microphone, receive the composite.
export const pageScript = `
window.hall = {};
window.startHall = async () => {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { width: 640, height: 360, frameRate: 30 }, audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
  const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
  hall.pc = pc;
  hall.remote = new MediaStream();
  pc.ontrack = (e) => {
    hall.remote.addTrack(e.track);
    if (e.track.kind === 'video') { const v = document.getElementById('v'); v.srcObject = new MediaStream([e.track]); v.play(); }
    if (e.track.kind === 'audio') {
      const a = document.getElementById('a'); a.srcObject = new MediaStream([e.track]); a.play();
      const ctx = new AudioContext();
      const source = ctx.createMediaStreamSource(new MediaStream([e.track]));
      hall.analyser = ctx.createAnalyser();
      hall.analyser.fftSize = 8192;
      hall.analyser.smoothingTimeConstant = 0.8;
      source.connect(hall.analyser);
      hall.ctx = ctx;
    }
  };
  for (const t of stream.getTracks()) pc.addTransceiver(t, { direction: 'sendrecv', streams: [stream] });
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise((r) => {
    if (pc.iceGatheringState === 'complete') return r();
    pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r();
    setTimeout(r, 3000);
  });
  return pc.localDescription.sdp;
};
window.answerHall = (sdp) => hall.pc.setRemoteDescription({ type: 'answer', sdp });
window.colourSamples = () => {
  const v = document.getElementById('v');
  if (!v.videoWidth) return null;
  const c = document.createElement('canvas');
  c.width = v.videoWidth; c.height = v.videoHeight;
  const g = c.getContext('2d');
  g.drawImage(v, 0, 0);
  const out = [];
  for (let y = 1; y < 18; ++y) for (let x = 1; x < 32; ++x) {
    const d = g.getImageData(Math.floor(x * c.width / 32), Math.floor(y * c.height / 18), 1, 1).data;
    out.push([d[0], d[1], d[2]]);
  }
  return out;
};
window.toneLevels = (hzs) => {
  if (!hall.analyser) return null;
  const bins = new Float32Array(hall.analyser.frequencyBinCount);
  hall.analyser.getFloatFrequencyData(bins);
  const hzPerBin = hall.ctx.sampleRate / hall.analyser.fftSize;
  return hzs.map((hz) => {
    const i = Math.round(hz / hzPerBin);
    return Math.max(bins[i - 1], bins[i], bins[i + 1]);
  });
};
window.rtpCounts = async () => {
  const out = {};
  (await hall.pc.getStats()).forEach((s) => {
    if (s.type === 'outbound-rtp') out['sent_' + s.kind] = s.packetsSent;
    if (s.type === 'inbound-rtp') out['received_' + s.kind] = s.packetsReceived;
  });
  return out;
};
`;


// Opens a browser publishing MEDIA_DIR/<name>.y4m and .wav and joins it through
// post(offer) -> {status, body:{peer_id, leg_id, sdp, video_codec}}.
export async function joinBrowserHall(name, post) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium-headless-shell',
    args: [
      '--no-sandbox', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${process.env.MEDIA_DIR}/${name}.y4m`,
      `--use-file-for-fake-audio-capture=${process.env.MEDIA_DIR}/${name}.wav`,
      '--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required',
    ],
  });
  const page = await browser.newPage();
  const file = `${process.env.MEDIA_DIR}/${name}.html`;
  writeFileSync(file, `<!doctype html><video id="v" muted playsinline></video><audio id="a"></audio><script>${pageScript}</script>`);
  await page.goto(`file://${file}`);
  const offer = await page.evaluate(() => window.startHall());
  const r = await post(offer);
  if (r.status !== 201) {
    await browser.close();
    throw new Error(`offer of ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  await page.evaluate((sdp) => window.answerHall(sdp), r.body.sdp);
  return { browser, page, peer: r.body.peer_id, leg: r.body.leg_id, videoCodec: r.body.video_codec };
}

