// Browser halls in one session with an RTP hall (run by browser_halls.sh inside
// the browsers' network namespace). Real Chromium, real WebRTC, the real node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

const require = createRequire(`${process.env.TOOLS_DIR}/`);
const { chromium } = require('playwright-core');
const control = process.env.CONTROL_URL;
const session = process.env.SESSION;
const media = process.env.MEDIA_DIR;

// What each hall sends: its camera colour (RGB) and its microphone tone (Hz).
const halls = {
  red: { rgb: [255, 0, 0], hz: 500 },
  blue: { rgb: [0, 0, 255], hz: 1100 },
  green: { rgb: [0, 255, 0], hz: 1700 },  // the RTP hall
};

async function json(method, path, body) {
  const r = await fetch(control + path, {
    method, headers: { 'Content-Type': 'application/json' }, body: body && JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

async function until(what, check, seconds = 20) {
  const end = Date.now() + seconds * 1000;
  let last;
  while (Date.now() < end) {
    last = await check();
    if (last === true) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`${what}: ${JSON.stringify(last)}`);
}

// Runs in the page: publish the fake camera and microphone, receive the composite.
const pageScript = `
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

const browsers = [];
const pages = {};

async function joinBrowserHall(name) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium-headless-shell',
    args: [
      '--no-sandbox', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${media}/${name}.y4m`, `--use-file-for-fake-audio-capture=${media}/${name}.wav`,
      '--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required',
    ],
  });
  browsers.push(browser);
  const page = await browser.newPage();
  const file = `${media}/${name}.html`;
  writeFileSync(file, `<!doctype html><video id="v" muted playsinline></video><audio id="a"></audio><script>${pageScript}</script>`);
  await page.goto(`file://${file}`);
  const offer = await page.evaluate(() => window.startHall());
  const r = await json('POST', `/sessions/${session}/webrtc`, { hall_id: name, display_name: name, output: 'sd', sdp: offer });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.video_codec, 'H264');
  await page.evaluate((sdp) => window.answerHall(sdp), r.body.sdp);
  pages[name] = { page, peer: r.body.peer_id, leg: r.body.leg_id };
}

const near = (a, b) => a.every((v, i) => Math.abs(v - b[i]) < 80);

before(async () => {
  await joinBrowserHall('red');
  await joinBrowserHall('blue');
});

after(async () => {
  for (const b of browsers) await b.close();
});

test('each browser sees every hall\'s colour in the composite', async () => {
  for (const name of ['red', 'blue']) {
    await until(`${name}'s received video shows all three halls`, async () => {
      const samples = await pages[name].page.evaluate(() => window.colourSamples());
      if (!samples) return 'no video yet';
      const seen = Object.fromEntries(Object.entries(halls).map(([h, { rgb }]) => [h, samples.filter((s) => near(s, rgb)).length]));
      if (Object.values(seen).every((n) => n >= 3)) return console.log(`${name} sees`, seen) ?? true;
      return seen;
    }, 30);
  }
});

test('each browser hears the other halls and not itself', async () => {
  for (const name of ['red', 'blue']) {
    const others = Object.keys(halls).filter((h) => h !== name);
    await until(`${name} hears ${others} above its own tone`, async () => {
      const [own, ...heard] = await pages[name].page.evaluate((hzs) => window.toneLevels(hzs),
        [halls[name].hz, ...others.map((h) => halls[h].hz)]);
      if (own === undefined) return 'no audio yet';
      if (heard.every((level) => level > -70 && level > own + 25)) return console.log(`${name} hears dB`, { own, heard }) ?? true;
      return { own, heard };
    }, 30);
  }
});

test('getStats shows packets both ways for audio and video', async () => {
  for (const name of ['red', 'blue']) {
    await until(`${name}'s packets both ways`, async () => {
      const c = await pages[name].page.evaluate(() => window.rtpCounts());
      return ['sent_audio', 'sent_video', 'received_audio', 'received_video'].every((k) => c[k] > 50) || c;
    });
  }
});

test('the node judges all three legs ok, with what the browsers report', async () => {
  await until('three legs ok', async () => {
    const legs = (await json('GET', `/sessions/${session}`)).body.legs;
    const browserLegs = legs.filter((l) => l.hall_id !== 'green');
    const ok = legs.length === 3 && legs.every((l) => l.state === 'ok') &&
      browserLegs.every((l) => l.video.rtt_ms !== null && l.audio.rtt_ms !== null);
    if (ok) console.log('legs', legs.map((l) => [l.hall_id, l.state, l.video.rtt_ms, l.video.peer_loss_percent, l.video.peer_jitter_ms, l.audio.rtt_ms]));
    return ok || legs.map((l) => [l.hall_id, l.state, l.video.rtt_ms, l.audio.rtt_ms]);
  }, 30);
});

test('a browser that vanishes is found out and its leg leaves the session', async () => {
  await browsers[1].close();  // blue: no DELETE, no goodbye, as a crashed PC
  await until('blue\'s leg is gone', async () => {
    const legs = (await json('GET', `/sessions/${session}`)).body.legs;
    return !legs.some((l) => l.hall_id === 'blue') || legs.map((l) => [l.hall_id, l.state]);
  }, 30);
});

test('a closed peer connection frees its leg at once', async () => {
  const r = await json('DELETE', `/sessions/${session}/webrtc/${pages.red.peer}`);
  assert.equal(r.status, 204);
  const legs = (await json('GET', `/sessions/${session}`)).body.legs;
  assert.deepEqual(legs.map((l) => l.hall_id), ['green']);
});
