// The web pages in a real browser (Debian's chromium-headless-shell, fake camera and
// microphone) against a real meetingd, real PostgreSQL and real RTP halls (gst-launch-1.0).
// The browser runs in the network namespace netns.sh made and reaches the service over the
// veth pair only, over HTTPS through the front door as users do: nginx with the shipped
// configuration (deploy/nginx/meetingd.conf) and a certificate of a test authority that the
// browser's own certificate store (NSS) trusts. Screenshots of every page at 1366x768 and
// 390x844 go to $MEETINGD_SCREENSHOTS.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const src = process.env.MEETINGD_SOURCE_DIR;
const require = createRequire(path.join(src, 'deploy/tools/package.json'));
const { chromium } = require('playwright-core');

const HOST = process.env.MEETINGD_NETNS_HOST_IP;
const ADMIN = 'pages-admin-token-0123456789abcdefghij';
const NOW = '2026-12-01T08:40:00+07:00';  // inside the rehearsal window of a 09:00 meeting
const shots = process.env.MEETINGD_SCREENSHOTS;
const VIEWPORTS = [{ width: 1366, height: 768 }, { width: 390, height: 844 }];
const children = [];
const NAME = 'hop-truc-tuyen.example';  // the service's name for the browser, mapped to the veth address
let base = '';  // the service as this process reaches it, plain (the veth's host address)
let site = '';  // the same for the browser: https through nginx
let browser = null;
let dbName = '';
let door = '';  // the front door's folder: certificates, nginx's configuration, logs, pid
let nssHome = '';  // the browser's HOME, whose NSS store trusts the test authority

function adminUrl() { return process.env.DATABASE_URL.replace(/\/[^/?]+(\?|$)/, '/postgres$1'); }

function freePort(host) {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, host, () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function until(what, check, seconds = 60) {
  const deadline = Date.now() + seconds * 1000;
  let last;
  while (Date.now() < deadline) {
    try { last = await check(); if (last) return last; } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: not reached (last: ${last})`);
}

async function call(method, p, body, tokenValue = ADMIN) {
  const res = await fetch(base + p, {
    method,
    headers: { Authorization: `Bearer ${tokenValue}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text, headers: res.headers };
}

function start(cmd, args, env = {}) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err = (err + d).slice(-4000); });
  child.tail = () => err;
  children.push(child);
  return child;
}

async function newPage(viewport = VIEWPORTS[0]) {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // Refusals the page expects (a 422 of the dry run) are logged as "Failed to load resource".
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });
  page.errors = errors;
  return page;
}

async function shoot(page, name) {
  for (const v of VIEWPORTS) {
    await page.setViewportSize(v);
    await page.waitForTimeout(150);  // let the layout settle after the resize
    await page.screenshot({ path: path.join(shots, `${name}-${v.width}x${v.height}.png`), fullPage: false });
  }
  await page.setViewportSize(VIEWPORTS[0]);
}

async function signIn(page, url) {
  await page.goto(site + url);
  await page.getByLabel(/Mã truy cập/).fill(ADMIN);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForSelector('body[data-ready=true]');
}

before(async () => {
  assert.ok(HOST, 'run under tests/browser/netns.sh');
  mkdirSync(shots, { recursive: true });
  dbName = `t_pages_${process.pid}`;
  execFileSync('psql', [adminUrl(), '-qc', `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`]);
  execFileSync('psql', [adminUrl(), '-qc', `CREATE DATABASE ${dbName}`]);
  const port = await freePort(HOST);
  base = `http://${HOST}:${port}`;
  const server = start(process.env.MEETINGD_BINARY, ['serve', '--address', HOST, '--port', String(port),
    '--policy', `${src}/scheduler/policy/decree45.json`, '--admin-units', process.env.MEETINGD_ADMIN_UNITS,
    '--departments', `${src}/deploy/demo/departments.json`, '--demo-halls', '--web-dir', `${src}/api/web`,
    // Browser halls: the WebRTC edge gathers on the veth's host address only.
    '--webrtc-ice-addresses', HOST, '--webrtc-ports', '18900', '--webrtc-ports-max', '18999'],
  { DATABASE_URL: process.env.DATABASE_URL.replace(/\/[^/?]+(\?|$)/, `/${dbName}$1`), MEETINGD_ADMIN_TOKEN: ADMIN, MEETINGD_NOW: NOW });
  await until('meetingd answers', async () => (await fetch(`${base}/healthz`)).ok || server.exitCode !== null, 90);
  assert.equal(server.exitCode, null, server.tail());
  // The front door: nginx on the veth address in front of meetingd, with a certificate for NAME.
  door = mkdtempSync(path.join(os.tmpdir(), 'meetingd-door-'));
  execFileSync('chmod', ['755', door]);
  const tlsPort = await freePort(HOST);
  execFileSync(path.join(src, 'deploy/nginx/front-door-up.sh'),
    [door, `${HOST}:${port}`, HOST, String(await freePort(HOST)), String(tlsPort), `DNS:${NAME}`]);
  site = `https://${NAME}:${tlsPort}`;
  // The browser trusts the test authority as a province's PCs trust its own: in its NSS store.
  nssHome = mkdtempSync(path.join(os.tmpdir(), 'meetingd-nss-'));
  const store = path.join(nssHome, '.pki/nssdb');
  mkdirSync(store, { recursive: true });
  execFileSync('certutil', ['-d', `sql:${store}`, '-N', '--empty-password']);
  execFileSync('certutil', ['-d', `sql:${store}`, '-A', '-t', 'C,,', '-n', 'meetingd test CA', '-i', path.join(door, 'ca.pem')]);
  browser = await launchBrowser(nssHome);
});

// The name leads to the veth address (never to this namespace's loopback).
function launchBrowser(home) {
  return chromium.launch({
    executablePath: path.join(here, 'chromium-in-netns.sh'),
    env: { ...process.env, HOME: home },
    args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--host-resolver-rules=MAP ${NAME} ${HOST}`, '--disable-features=WebRtcHideLocalIpsWithMdns',
      '--autoplay-policy=no-user-gesture-required'],
  });
}

after(async () => {
  await browser?.close();
  try { process.kill(Number(readFileSync(path.join(door, 'nginx.pid'), 'utf8')), 'SIGTERM'); } catch { /* not started */ }
  for (const c of children.reverse()) {
    if (c.exitCode !== null || c.signalCode !== null) continue;
    c.kill('SIGTERM');
    await new Promise((r) => { c.once('exit', r); setTimeout(r, 20000); });
  }
  for (const d of [door, nssHome]) if (d) rmSync(d, { recursive: true, force: true });
  if (dbName) execFileSync('psql', [adminUrl(), '-qc', `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`]);
});

describe('pages', () => {
  test('every page file is served with its MIME type and revalidates with its ETag', async () => {
    const types = { 'secretariat.html': 'text/html', 'hall.js': 'text/javascript', 'style.css': 'text/css', 'favicon.svg': 'image/svg+xml' };
    for (const [file, type] of Object.entries(types)) {
      const res = await fetch(`${base}/web/${file}`);
      assert.equal(res.status, 200, file);
      assert.ok(res.headers.get('content-type').startsWith(type), `${file}: ${res.headers.get('content-type')}`);
      const again = await fetch(`${base}/web/${file}`, { headers: { 'If-None-Match': res.headers.get('etag') } });
      assert.equal(again.status, 304, file);
    }
    assert.equal((await fetch(`${base}/web/..%2F..%2FCMakeLists.txt`)).status, 404);
  });

  test('the start page links the three pages and switches to English', async () => {
    const page = await newPage();
    await page.goto(`${site}/`);
    await page.waitForSelector('body[data-ready=true]');
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
    await shoot(page, 'home');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByRole('link', { name: /Secretariat/ }).waitFor();
    await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('the secretariat books through the form: a violation is shown with its article, corrected, then booked', async () => {
    const page = await newPage();
    await signIn(page, '/web/secretariat.html?week=2026-11-30&date=2026-12-02');
    // The token is never in a URL.
    assert.ok(!page.url().includes(ADMIN));
    await page.getByRole('tab', { name: 'Đặt lịch họp' }).click();
    await page.getByLabel('Tiêu đề cuộc họp').fill('Giao ban kiểm thử trang');
    await page.getByLabel('Người chủ trì', { exact: true }).fill('Nguyễn Văn Thử');
    await page.getByLabel('Chức vụ người chủ trì').fill('Chủ tịch UBND tỉnh');
    await page.getByRole('button', { name: 'Thêm nhóm' }).click();
    // Every field the secretariat fills has a label.
    const unlabelled = await page.$$eval('#book-form input, #book-form select, #book-form textarea',
      (els) => els.filter((e) => !e.labels?.length && !e.getAttribute('aria-label')).map((e) => e.id));
    assert.deepEqual(unlabelled, []);
    // 2026-12-02 is tomorrow: the invitation lead time (3 working days) is broken; the dry run says so.
    const startErrors = page.locator('#e-start .violation');
    await startErrors.first().waitFor();
    assert.match(await startErrors.first().textContent(), /QĐ 45\/2018/);
    assert.match(await page.locator('#check').textContent(), /Thời hạn gửi giấy mời/);
    await shoot(page, 'secretariat-booking');
    // Submitting anyway: the service refuses and the same feedback stays next to the field.
    await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
    await page.locator('#result .notice.bad').waitFor();
    assert.match(await startErrors.first().textContent(), /QĐ 45\/2018/);
    assert.equal(await page.locator('#f-start').getAttribute('aria-invalid'), 'true');
    // Corrected to next Tuesday: the dry run clears, the booking goes through.
    await page.getByLabel('Ngày họp').fill('2026-12-08');
    await page.locator('#check .notice.ok').waitFor();
    assert.equal(await startErrors.count(), 0);
    await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
    await page.locator('#result .notice.ok').waitFor();
    // In the calendar (the week of the booking) ...
    await page.getByRole('tab', { name: 'Lịch tuần' }).click();
    const card = page.locator('#day-2026-12-08 ~ ul .meeting', { hasText: 'Giao ban kiểm thử trang' });
    await card.waitFor();
    await shoot(page, 'secretariat-calendar');
    // ... and in GET /v1/meetings.
    const list = await call('GET', `/v1/meetings?from=${encodeURIComponent('2026-12-08T00:00:00+07:00')}&to=${encodeURIComponent('2026-12-09T00:00:00+07:00')}`);
    const booked = list.json.items.find((m) => m.title === 'Giao ban kiểm thử trang');
    assert.ok(booked, list.text);
    assert.equal(booked.chair.name, 'Nguyễn Văn Thử');
    assert.ok(booked.room_ids.length > 0, 'the selector invited halls');
    // The monthly report per organisation answers for the month.
    await page.getByRole('tab', { name: 'Báo cáo' }).click();
    await page.getByLabel('Tháng').fill('2026-12');
    await page.getByRole('button', { name: 'Xem báo cáo' }).click();
    await until('report shown', async () => (await page.locator('#report').innerText()).trim().length > 0, 20);
    // The tabs answer the arrow keys.
    await page.getByRole('tab', { name: 'Báo cáo' }).press('ArrowRight');
    assert.equal(await page.getByRole('tab', { name: 'Lịch tuần' }).getAttribute('aria-selected'), 'true');
    // Its details, then cancelling needs a reason.
    await card.click();
    await page.locator('#detail[open]').waitFor();
    await page.getByRole('button', { name: 'Hủy cuộc họp' }).click();
    assert.match(await page.locator('#d-msg').textContent(), /Cần nhập lý do/);
    await page.getByLabel('Lý do', { exact: true }).fill('Trùng lịch làm việc với Trung ương');
    await page.getByRole('button', { name: 'Hủy cuộc họp' }).click();
    await until('cancelled', async () => (await call('GET', `/v1/meetings/${booked.id}`)).json.status === 'cancelled', 20);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('the pages come over HTTPS and HTTP/2 through the front door; a browser without the authority refuses them', async () => {
    const page = await newPage();
    const res = await page.goto(`${site}/`);
    assert.equal(res.status(), 200);
    const tls = await res.securityDetails();
    assert.equal(tls.issuer, 'meetingd test CA');
    assert.match(tls.protocol, /^TLS 1\.[23]$/);
    assert.equal(await page.evaluate(() => window.isSecureContext && location.protocol), 'https:');
    assert.match(res.headers()['strict-transport-security'] ?? '', /max-age=63072000/);
    await page.context().close();
    assert.match(readFileSync(path.join(door, 'access.log'), 'utf8'), /"GET \/ HTTP\/2\.0" 200/);
    const emptyHome = mkdtempSync(path.join(os.tmpdir(), 'meetingd-nss-empty-'));
    const stranger = await launchBrowser(emptyHome);
    try {
      await assert.rejects((await stranger.newPage()).goto(`${site}/`), /ERR_CERT_AUTHORITY_INVALID/);
    } finally {
      await stranger.close();
      rmSync(emptyHome, { recursive: true, force: true });
    }
  });

  test('the WHIP client reads ICE servers from Link headers as RFC 9725 writes them', async () => {
    const { iceServersFromLinks } = await import(path.join(src, 'api/web/whip.js'));
    const links = '<stun:stun.example.net>; rel="ice-server", <turn:turn.example.net?transport=tcp>; rel="ice-server"; '
      + 'username="user"; credential="secret"; credential-type="password", </other>; rel="next"';
    assert.deepEqual(iceServersFromLinks(links), [
      { urls: 'stun:stun.example.net' },
      { urls: 'turn:turn.example.net?transport=tcp', username: 'user', credential: 'secret' },
    ]);
    assert.deepEqual(iceServersFromLinks(null), []);
  });

  describe('with a running session of three RTP halls', () => {
    let rooms = [];
    let meeting = 0;
    const senders = [];
    before(async () => {
      const province = (await call('GET', '/v1/orgs?level=province&as_of=2026-12-01')).json.items[0].id;
      const orgs = (await call('GET', '/v1/orgs?as_of=2026-12-01&limit=500')).json.items;
      for (const code of ['51', 'SYT', 'STP']) {
        const org = orgs.find((o) => o.code === code);
        rooms.push((await call('GET', `/v1/rooms?org=${org.id}`)).json.items[0].id);
      }
      const booked = await call('POST', '/v1/meetings', {
        title: 'Họp trực tuyến kiểm thử', type: 'other', organiser_org_id: province,
        chair: { name: 'Chủ tịch kiểm thử', position: 'Chủ tịch UBND tỉnh' }, host_room_id: rooms[0],
        room_ids: rooms.slice(1), start: '2026-12-01T09:00:00+07:00', end: '2026-12-01T11:00:00+07:00' });
      assert.equal(booked.status, 201, booked.text);
      meeting = booked.json.id;
      await until('rehearsal', async () => (await call('GET', `/v1/meetings/${meeting}`)).json.status === 'rehearsal', 60);
      for (const [i, room] of rooms.entries()) {
        const tok = (await call('POST', '/v1/tokens', { role: 'hall', room_id: room })).json.token;
        const join = await until('join', async () => { const j = await call('GET', `/v1/rooms/${room}/join`, null, tok); return j.status === 200 && j.json; });
        assert.equal(join.whip_url, `/v1/rooms/${room}/whip`);
        senders.push(start('gst-launch-1.0', ['-q', 'videotestsrc', 'is-live=true', 'pattern=ball', '!', 'video/x-raw,width=320,height=180,framerate=15/1',
          '!', 'x264enc', 'tune=zerolatency', 'speed-preset=ultrafast', 'bitrate=300', 'key-int-max=15', '!', 'rtph264pay', 'pt=96',
          'config-interval=1', '!', 'udpsink', 'host=127.0.0.1', `port=${join.media.video.port}`, 'audiotestsrc', 'is-live=true',
          `freq=${440 + 220 * i}`, '!', 'audioconvert', '!', 'audioresample', '!', 'opusenc', '!', 'rtpopuspay', 'pt=111', '!',
          'udpsink', 'host=127.0.0.1', `port=${join.media.audio.port}`]));
      }
    });

    test('the dashboard shows the session and each of its legs as they run', async () => {
      const page = await newPage();
      await signIn(page, '/web/dashboard.html');
      const session = page.locator(`.session[data-meeting-id="${meeting}"]`);
      await session.waitFor({ timeout: 30000 });
      await until('three legs ok', async () => (await session.locator('tr.leg[data-state=ok]').count()) === 3, 90);
      for (const room of ['Hội trường Tỉnh Quảng Ngãi']) await session.locator('tr.leg', { hasText: room }).waitFor();
      assert.equal(await session.locator('tr.leg').first().locator('svg.spark').count(), 3);
      await page.waitForTimeout(6000);  // a few points in each sparkline
      await page.locator('#alarms li:not(.empty)').first().waitFor({ state: 'attached', timeout: 1000 }).catch(() => {});
      await shoot(page, 'dashboard');
      // A hall stops sending: its alarm arrives and its row turns lost, without a reload.
      senders[1].kill('SIGTERM');
      await page.locator('#alarms li[data-kind=hall_lost]').waitFor({ timeout: 60000 });
      await until('the stopped hall is lost', async () => (await session.locator('tr.leg[data-state=lost]').count()) === 1, 60);
      assert.equal(await session.locator('tr.leg').first().getAttribute('data-state'), 'lost', 'worst first');
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });

    test('the hall page takes its credential from the fragment, previews the camera, meters the microphone, joins, rejoins after a network drop and leaves', async () => {
      const tok = (await call('POST', '/v1/tokens', { role: 'hall', room_id: rooms[2] })).json.token;
      const page = await newPage();
      await page.goto(`${site}/web/hall.html#room=${rooms[2]}&token=${tok}`);
      await page.waitForSelector('body[data-ready=true]');
      assert.equal(new URL(page.url()).hash, '', 'the credential leaves the address bar');
      assert.match(await page.locator('#meeting-h').textContent(), /Họp trực tuyến kiểm thử/);
      await until('preview plays', () => page.$eval('#preview', (v) => v.videoWidth > 0 && !v.paused), 20)
        .catch(async (e) => { throw new Error(`${e.message}; video: ${await page.$eval('#preview', (v) => `${v.videoWidth}x${v.videoHeight} paused=${v.paused} ready=${v.readyState} src=${!!v.srcObject}`)}; ${page.errors}`); });
      let loudest = 0;
      await until('the meter moves', async () => {
        loudest = Math.max(loudest, Number(await page.locator('#level').getAttribute('aria-valuenow')));
        return loudest > 10;
      }, 20);
      await page.locator('#network[data-verdict]').waitFor();
      assert.ok((await page.locator('#camera option').count()) >= 1);
      assert.ok((await page.locator('#mic option').count()) >= 1);
      await shoot(page, 'hall');
      const roomLegs = async () => (await call('GET', `/v1/meetings/${meeting}/health`)).json.legs.filter((l) => l.room_id === rooms[2]);
      const before = (await roomLegs()).map((l) => l.leg_id);
      // Joining: the page publishes over WHIP through the front door; the node sends the composite back.
      // The hall's codec is switched off first, so its tile is the browser's camera.
      senders[2].kill('SIGTERM');
      await page.getByRole('button', { name: 'Vào họp', exact: true }).click();
      await until('the page says it is in the meeting', async () => (await page.locator('#live-status').textContent()) === 'Đã vào họp.', 60);
      await until("the browser hall's leg is judged ok", async () =>
        (await roomLegs()).some((l) => !before.includes(l.leg_id) && l.state === 'ok'), 60);
      await until('the composite plays', () => page.$eval('#remote', (v) => v.videoWidth > 0 && !v.paused), 30);
      // The hall's one tile is its browser picture once its silent codec's leg is lost.
      await until("the hall's tile shows its browser leg", async () => {
        const shown = (await roomLegs()).filter((l) => l.visible);
        return shown.length === 1 && !before.includes(shown[0].leg_id);
      }, 30);
      await page.waitForTimeout(1500);  // the composite the page plays has caught up
      assert.match(readFileSync(path.join(door, 'access.log'), 'utf8'), new RegExp(`"POST /v1/rooms/${rooms[2]}/whip HTTP/2\\.0" 201`));
      await shoot(page, 'hall-live');
      // The hall's network drops for 12 s: the page says so in plain words and rejoins by itself
      // once it is back (a new WHIP session); the leg it had is freed, the new one judged ok.
      const legBeforeDrop = (await roomLegs()).find((l) => !before.includes(l.leg_id)).leg_id;
      const link = (state) => execFileSync('ip', ['-n', process.env.MEETINGD_NETNS, 'link', 'set', process.env.MEETINGD_NETNS_PEER_IF, state]);
      link('down');
      try {
        await until('the page says the connection is lost', async () =>
          /^Mất kết nối\. Đang tự kết nối lại|^Kết nối lại sau/.test(await page.locator('#live-status').textContent()), 30);
        await shoot(page, 'hall-reconnecting');
        await page.waitForTimeout(12000);
      } finally {
        link('up');
      }
      await until('the page is in the meeting again', async () => (await page.locator('#live-status').textContent()) === 'Đã vào họp.', 60);
      await until("the hall's new browser leg is ok and the dropped one is gone", async () => {
        const legs = (await roomLegs()).filter((l) => !before.includes(l.leg_id));
        return legs.length === 1 && legs[0].leg_id !== legBeforeDrop && legs[0].state === 'ok';
      }, 60);
      await until('the composite plays again', () => page.$eval('#remote', (v) => v.videoWidth > 0 && !v.paused), 30);
      // Leaving: the WHIP session is deleted and the browser's leg goes.
      await page.getByRole('button', { name: 'Rời cuộc họp' }).click();
      await until("the browser hall's leg is gone", async () =>
        (await roomLegs()).every((l) => before.includes(l.leg_id)), 30);
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });
  });
});
