// Browser halls in one session with an RTP hall (run by browser_halls.sh inside
// the browsers' network namespace). Real Chromium, real WebRTC, the real node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { joinBrowserHall } from './hall_page.mjs';
const control = process.env.CONTROL_URL;
const session = process.env.SESSION;

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

const browsers = [];
const pages = {};

async function join(name) {
  const hall = await joinBrowserHall(name, (sdp) =>
    json('POST', `/sessions/${session}/webrtc`, { hall_id: name, display_name: name, output: 'sd', sdp }));
  assert.equal(hall.videoCodec, 'H264');
  browsers.push(hall.browser);
  pages[name] = hall;
}

const near = (a, b) => a.every((v, i) => Math.abs(v - b[i]) < 80);

before(async () => {
  await join('red');
  await join('blue');
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
