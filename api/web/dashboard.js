// IT staff's live dashboard: every running session and every leg, worst first (as
// GET /v1/health orders them), with the last minutes of loss, jitter and RTT drawn from
// the answers this page has polled; alarms from GET /v1/events (long polling: the server
// holds the request up to 25 s and answers as soon as something happens); node load.
import { api, ApiError } from './api.js';
import { applyI18n, formatNumber, initI18n, onLanguageChange, t } from './i18n.js';
import { signIn } from './login.js';
import { sparkline } from './sparkline.js';

const $ = (id) => document.getElementById(id);
const POLL_MS = 2000;
const HISTORY = 150;  // points per leg: five minutes at one every 2 s
const history = new Map();  // leg_id -> { loss: [], jitter: [], rtt: [] }
let last = null;


function remember(leg) {
  let h = history.get(leg.leg_id);
  if (!h) history.set(leg.leg_id, (h = { loss: [], jitter: [], rtt: [] }));
  const worse = (a, b) => Math.max(a ?? 0, b ?? 0);
  h.loss.push(worse(leg.video?.loss_percent, leg.audio?.loss_percent));
  h.jitter.push(worse(leg.video?.jitter_ms, leg.audio?.jitter_ms));
  h.rtt.push(leg.video?.rtt_ms ?? leg.audio?.rtt_ms ?? null);  // null: no RTCP report from the hall yet
  for (const k of ['loss', 'jitter', 'rtt']) if (h[k].length > HISTORY) h[k].shift();
  return h;
}

function ago(ms) {
  if (ms === null || ms === undefined) return t('ago.never');
  return ms < 1000 ? t('ago.ms', { n: Math.round(ms) }) : t('ago.s', { n: formatNumber(ms / 1000, 0) });
}

function cell(tr, labelKey, content, cls = '') {
  const td = tr.insertCell();
  td.dataset.label = t(labelKey);
  if (cls) td.className = cls;
  if (content instanceof Node) td.append(content);
  else td.textContent = content;
  return td;
}

function sparkCell(values, now, max, labelKey, digits) {
  const d = document.createElement('div');
  d.className = 'spark-cell';
  const v = document.createElement('span');
  v.className = 'v';
  v.textContent = now === null || now === undefined ? '–' : formatNumber(now, digits);
  d.append(sparkline(values, { max, label: `${t(labelKey)}: ${v.textContent}` }), v);
  return d;
}

function renderSession(s) {
  const card = document.createElement('section');
  card.className = 'card session';
  card.dataset.meetingId = s.meeting_id;
  const h = document.createElement('h2');
  const badge = document.createElement('span');
  badge.className = `badge state-${s.worst_state}`;
  badge.textContent = t(`state.${s.worst_state}`);
  const title = document.createElement('span');
  title.textContent = s.title || `#${s.meeting_id}`;
  h.append(badge, title);
  const meta = document.createElement('p');
  meta.className = 'meta';
  meta.textContent = [t(`status.${s.status}`), t('dash.legs', { n: s.legs.length }), t('dash.outfps', { fps: formatNumber(s.output_fps, 0) }),
    t('dash.cpu', { cores: formatNumber(s.cpu_cores, 2) })].join(' · ');
  const wrap = document.createElement('div');
  wrap.className = 'table-wrap';
  const table = document.createElement('table');
  table.className = 'legs';
  const head = table.createTHead().insertRow();
  for (const [k, num] of [['dash.hall'], ['dash.state'], ['dash.loss'], ['dash.jitter'], ['dash.rtt'], ['dash.fps', 1], ['dash.bitrate', 1], ['dash.last', 1]]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = t(k);
    if (num) th.className = 'num';
    head.append(th);
  }
  const body = table.createTBody();
  for (const leg of s.legs) {
    const hist = remember(leg);
    const tr = body.insertRow();
    tr.className = `leg state-${leg.state}`;
    tr.dataset.legId = leg.leg_id;
    tr.dataset.state = leg.state;
    tr.dataset.role = leg.role || 'hall';
    const name = leg.name || `#${leg.room_id}`;
    // The outside meeting this one is relayed from: marked, and its ports shown for the bridge's operator.
    cell(tr, 'dash.hall', leg.role === 'upstream'
      ? `${name} (${t('dash.upstream', { video: leg.video_ports?.rtp ?? '?', audio: leg.audio_ports?.rtp ?? '?' })})`
      : name);
    const st = document.createElement('span');
    st.className = `badge state-${leg.state}`;
    st.textContent = t(`state.${leg.state}`) + (leg.frozen ? ' ❄' : '');
    cell(tr, 'dash.state', st);
    cell(tr, 'dash.loss', sparkCell(hist.loss, hist.loss.at(-1), 5, 'dash.loss', 1));
    cell(tr, 'dash.jitter', sparkCell(hist.jitter, hist.jitter.at(-1), 30, 'dash.jitter', 1));
    cell(tr, 'dash.rtt', sparkCell(hist.rtt, hist.rtt.at(-1), 200, 'dash.rtt', 0));
    cell(tr, 'dash.fps', formatNumber(leg.decoded_fps, 0), 'num');
    cell(tr, 'dash.bitrate', `${formatNumber((leg.video?.bitrate_in_kbps ?? 0) + (leg.audio?.bitrate_in_kbps ?? 0), 0)} / ${formatNumber((leg.video?.bitrate_out_kbps ?? 0) + (leg.audio?.bitrate_out_kbps ?? 0), 0)}`, 'num');
    const ages = [leg.video?.last_packet_age_ms, leg.audio?.last_packet_age_ms].filter((x) => x !== null && x !== undefined);
    cell(tr, 'dash.last', ago(ages.length ? Math.min(...ages) : null), 'num');
  }
  wrap.append(table);
  card.append(h, meta, wrap);
  return card;
}

function render() {
  if (!last) return;
  const box = $('sessions');
  if (!last.items.length) {
    const p = document.createElement('p');
    p.className = 'card';
    p.textContent = t('dash.none');
    box.replaceChildren(p);
    return;
  }
  box.replaceChildren(...last.items.map(renderSession));
}

async function pollHealth() {
  try {
    last = await api('/v1/health');
    // Legs no longer running drop out of the history.
    const live = new Set(last.items.flatMap((s) => s.legs.map((l) => l.leg_id)));
    for (const id of history.keys()) if (!live.has(id)) history.delete(id);
    render();
    renderNodes();
    $('stale').hidden = true;
    $('updated').textContent = t('dash.updated', { time: new Date().toLocaleTimeString('vi-VN', { hour12: false, timeZone: 'Asia/Ho_Chi_Minh' }) });
    document.body.dataset.ready = 'true';
  } catch (e) {
    $('stale').hidden = false;
    $('stale').textContent = t('dash.stale', { detail: e.message });
  }
  setTimeout(pollHealth, POLL_MS);
}

let nodes = null;

// Node load: the nodes' states (every 10 s) and what the sessions polled put on them.
function renderNodes(error = null) {
  const list = $('nodes');
  if (error) {
    const li = document.createElement('li');
    li.textContent = error instanceof ApiError && error.status === 403 ? t('dash.forbidden') : t('error.generic', { detail: error.message });
    list.replaceChildren(li);
    return;
  }
  if (!nodes) return;
  list.replaceChildren(...nodes.items.map((n) => {
    const li = document.createElement('li');
    li.textContent = t('dash.node_state', { name: n.name, state: t(`node.${n.state}`), online: t(n.online ? 'dash.online' : 'dash.offline'), cap: n.capacity_legs });
    return li;
  }));
  if (last) {
    const li = document.createElement('li');
    li.textContent = t('dash.node_load', { n: last.items.reduce((k, s) => k + s.legs.length, 0), s: last.items.length,
      cores: formatNumber(last.items.reduce((k, s) => k + (s.cpu_cores || 0), 0), 2) });
    list.append(li);
  }
}

async function pollNodes() {
  try {
    nodes = await api('/v1/media-nodes');
    renderNodes();
  } catch (e) {
    renderNodes(e);
  }
  setTimeout(pollNodes, 10000);
}

function addAlarm(e) {
  const list = $('alarms');
  list.querySelector('.empty')?.remove();
  const li = document.createElement('li');
  li.dataset.kind = e.kind;
  const when = document.createElement('span');
  when.className = 'when';
  when.textContent = e.at.slice(11, 19);
  const kind = document.createElement('strong');
  kind.textContent = t(`event.${e.kind}`) === `event.${e.kind}` ? e.kind : t(`event.${e.kind}`);
  li.append(when, kind, document.createTextNode(` ${e.detail || ''}`));
  // Alarms stand out; the rest of the feed (sessions opening, moderation) stays plain.
  if (['hall_lost', 'node_offline'].includes(e.kind) || /-> lost/.test(e.detail)) li.className = 'state-lost';
  else if (['loss_high', 'video_frozen'].includes(e.kind) || /-> degraded/.test(e.detail)) li.className = 'state-degraded';
  list.prepend(li);
  while (list.children.length > 200) list.lastChild.remove();
}

async function pollEvents() {
  let after = 0;
  try {
    // Start from now: the last event id, then wait for new ones.
    after = (await api('/v1/events?after=0')).last_id;
  } catch { /* retried below */ }
  const empty = document.createElement('li');
  empty.className = 'empty hint';
  empty.textContent = t('dash.noalarms');
  $('alarms').replaceChildren(empty);
  for (;;) {
    try {
      const r = await api(`/v1/events?after=${after}&wait=25`);
      after = r.last_id;
      for (const e of r.items) addAlarm(e);
    } catch {
      await new Promise((res) => setTimeout(res, 3000));
    }
  }
}

async function main() {
  initI18n();
  await signIn({ probe: '/v1/health' });
  onLanguageChange(() => { applyI18n(); render(); renderNodes(); });
  pollHealth();
  pollNodes();
  pollEvents();
}

main();
