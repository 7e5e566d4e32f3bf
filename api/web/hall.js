// A hall's join page. The link carries the hall's credential in its fragment
// (hall.html#room=12&token=...), which browsers never send to a server; the page moves it
// into sessionStorage at once and removes it from the address bar and history.
// Then: which meeting, device check (camera, microphone, preview, level), network check,
// and joining over WHIP (whip.js) when the server offers it, reconnecting by itself.
import { api, ApiError, setToken, token } from './api.js';
import { levelMeter, listDevices, networkCheck, openMedia } from './devices.js';
import { formatDate, formatTime, initI18n, onLanguageChange, t } from './i18n.js';
import { WhipError, WhipSession } from './whip.js';

const $ = (id) => document.getElementById(id);
const ROOM_KEY = 'meetingd.hall.room';
const state = { room: null, join: null, stream: null, meterStream: null, stopMeter: null, session: null,
  muted: false, attempts: 0, leaving: false, loudWhileMuted: 0, lastStatus: ['hall.checking', {}] };

function status(key, params = {}, where = 'hall-status') {
  state.lastStatus = [key, params, where];
  $(where).textContent = t(key, params);
}

function takeCredential() {
  const frag = new URLSearchParams(location.hash.slice(1));
  if (frag.get('token') && frag.get('room')) {
    setToken(frag.get('token'));
    sessionStorage.setItem(ROOM_KEY, frag.get('room'));
    history.replaceState(null, '', location.pathname + location.search);
  }
  const room = sessionStorage.getItem(ROOM_KEY);
  return room && token() && /^\d+$/.test(room) ? room : null;
}

// Asks which meeting is open for this hall; retries by itself until one is.
async function findMeeting() {
  status('hall.checking');
  try {
    state.join = await api(`/v1/rooms/${state.room}/join`);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return status('hall.badtoken');
    if (e instanceof ApiError && e.status === 409) status('hall.notyet', { detail: e.message });
    else if (e instanceof ApiError && e.status === 404) status('hall.none');
    else status('error.network');
    setTimeout(findMeeting, e instanceof ApiError ? 30000 : 5000);
    return;
  }
  const j = state.join;
  $('meeting-h').textContent = t('hall.meeting', { title: j.title });
  $('meeting-when').textContent = t('hall.when', { start: `${formatDate(j.start)} ${formatTime(j.start)}`, end: formatTime(j.end) });
  status(`status.${j.status}`);
  $('prejoin').hidden = false;
  await startDevices();
  runNetworkCheck();
  document.body.dataset.ready = 'true';
}

async function startDevices(cameraId, micId) {
  state.stopMeter?.();
  for (const tr of state.stream?.getTracks() || []) tr.stop();
  for (const tr of state.meterStream?.getTracks() || []) tr.stop();
  $('device-error').replaceChildren();
  try {
    // Browsers give the camera only to secure pages (https, or this machine itself).
    if (!navigator.mediaDevices) throw new Error(t('hall.insecure'));
    state.stream = await openMedia(cameraId, micId);
  } catch (e) {
    const p = document.createElement('p');
    p.className = 'notice bad';
    p.textContent = t('hall.nodevice', { detail: e.message || e.name });
    $('device-error').append(p);
    return;
  }
  $('preview').srcObject = state.stream;
  await listDevices($('camera'), $('mic'), state.stream);
  // The meter listens to a copy of the microphone, so it still hears the room while muted
  // ("you are muted" when someone talks).
  state.meterStream = new MediaStream(state.stream.getAudioTracks().map((tr) => tr.clone()));
  let loud = 0;
  state.stopMeter = levelMeter(state.meterStream, (level) => {
    $('level-bar').style.width = `${100 - level}%`;  // the cover above the level
    $('level').setAttribute('aria-valuenow', String(Math.round(level)));
    loud = level > 25 ? Math.min(loud + 1, 40) : Math.max(loud - 1, 0);
    $('level-hint').textContent = t(loud > 0 ? 'hall.level.ok' : 'hall.level.silent');
    if (state.session && state.muted) {
      state.loudWhileMuted = level > 35 ? state.loudWhileMuted + 1 : Math.max(0, state.loudWhileMuted - 1);
      $('muted-talking').hidden = state.loudWhileMuted < 10;
    } else {
      $('muted-talking').hidden = true;
    }
  });
}

async function runNetworkCheck() {
  $('network').textContent = t('hall.network.running');
  $('network-run').disabled = true;
  const r = await networkCheck(10);
  $('network').textContent = t('hall.network.result', { ...r, verdict: t(`hall.network.${r.verdict}`) });
  $('network').dataset.verdict = r.verdict;
  $('network-run').disabled = false;
}

function note(kind, text) {
  const p = document.createElement('p');
  p.className = `notice ${kind}`;
  p.textContent = text;
  $('join-note').replaceChildren(p);
  return p;
}

async function join(muted) {
  state.muted = muted;
  // The join answer may have changed (another media node after a failover): ask again.
  try {
    state.join = await api(`/v1/rooms/${state.room}/join`);
  } catch (e) {
    note('bad', t('error.generic', { detail: e.message }));
    return;
  }
  if (!state.join.whip_url) {
    const p = note('warn', t('hall.unavailable'));
    const m = state.join.media;
    if (m) {
      const d = document.createElement('div');
      d.textContent = t('hall.rtp', { address: m.address, video: m.video?.port ?? '–', audio: m.audio?.port ?? '–' });
      p.append(d);
    }
    p.id = 'browser-unavailable';
    return;
  }
  state.leaving = false;
  state.attempts = 0;
  $('live').hidden = false;
  $('prejoin').hidden = true;
  $('mute').focus();
  connect();
}

async function connect() {
  if (state.leaving) return;
  state.session?.stop();
  status(state.attempts ? 'hall.reconnecting' : 'hall.connecting', { n: state.attempts }, 'live-status');
  const session = new WhipSession({
    url: new URL(state.join.whip_url, location.href).toString(),
    token: token(),
    stream: state.stream,
    onTrack: (remote) => { $('remote').srcObject = remote; },
    onState: (s) => onSessionState(session, s),
  });
  state.session = session;
  session.setMicrophoneEnabled(!state.muted);
  try {
    await session.start();
  } catch (e) {
    if (session !== state.session) return;
    const wait = e instanceof WhipError && e.status === 503 ? Math.max(e.retryAfter, 5) : backoff();
    if (e instanceof WhipError && (e.status === 401 || e.status === 403)) return status('hall.badtoken', {}, 'live-status');
    if (e instanceof WhipError && e.status === 503) status('hall.full', { s: wait }, 'live-status');
    else status('hall.retry_in', { s: wait }, 'live-status');
    retry(wait);
  }
}

function backoff() { return Math.min(15, 2 ** Math.min(state.attempts, 4)); }

function retry(seconds) {
  clearTimeout(state.retryTimer);
  state.retryTimer = setTimeout(() => { state.attempts += 1; connect(); }, seconds * 1000);
}

function onSessionState(session, s) {
  if (session !== state.session || state.leaving) return;
  if (s === 'connected') {
    state.attempts = 0;
    clearTimeout(state.dropTimer);
    status('hall.connected', {}, 'live-status');
  } else if (s === 'disconnected') {
    // Often a short blip that ICE rides out; give it a few seconds before starting over.
    status('hall.reconnecting', { n: state.attempts + 1 }, 'live-status');
    clearTimeout(state.dropTimer);
    state.dropTimer = setTimeout(() => { if (session === state.session) { state.attempts += 1; connect(); } }, 4000);
  } else if (s === 'failed') {
    status('hall.reconnecting', { n: state.attempts + 1 }, 'live-status');
    retry(backoff());
  }
}

function toggleMute() {
  state.muted = !state.muted;
  state.session?.setMicrophoneEnabled(!state.muted);
  const b = $('mute');
  b.setAttribute('aria-pressed', String(state.muted));
  b.dataset.i18n = state.muted ? 'hall.unmute' : 'hall.mute';
  b.textContent = t(b.dataset.i18n);
}

async function leave() {
  state.leaving = true;
  clearTimeout(state.retryTimer);
  clearTimeout(state.dropTimer);
  await state.session?.stop();
  state.session = null;
  $('live').hidden = true;
  $('prejoin').hidden = false;
  note('info', t('hall.left'));
  $('join').focus();
}

async function main() {
  initI18n();
  onLanguageChange(() => { const [k, p, w] = state.lastStatus; status(k, p, w); });
  state.room = takeCredential();
  if (!state.room) return status('hall.nolink');
  $('camera').addEventListener('change', () => startDevices($('camera').value, $('mic').value));
  $('mic').addEventListener('change', () => startDevices($('camera').value, $('mic').value));
  $('network-run').addEventListener('click', runNetworkCheck);
  $('join').addEventListener('click', () => join(false));
  $('join-muted').addEventListener('click', () => join(true));
  $('mute').addEventListener('click', toggleMute);
  $('leave').addEventListener('click', leave);
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !$('live').hidden) leave(); });
  window.addEventListener('online', () => { if (state.session && !state.leaving) { state.attempts += 1; connect(); } });
  await findMeeting();
}

main();
