// The secretariat's page: week calendar by organisation and hall, booking, a meeting's
// details (invitation, attendance, cancel or postpone with a reason) and the monthly report.
import { api, ApiError, download, OFFSET, todayLocal } from './api.js';
import { BookingForm } from './booking.js';
import { addDays, mondayOf, renderWeek, weekRange } from './calendar.js';
import { applyI18n, formatDate, formatNumber, formatTime, initI18n, onLanguageChange, t } from './i18n.js';
import { signIn } from './login.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const state = { monday: mondayOf(params.get('week') || todayLocal()), meetings: [], orgs: [], open: null };

async function all(path) {
  const out = [];
  for (let offset = 0; ; offset += 500) {
    const page = await api(`${path}${path.includes('?') ? '&' : '?'}limit=500&offset=${offset}`);
    out.push(...page.items);
    if (out.length >= page.total || !page.items.length) return out;
  }
}

const roomCache = new Map();
async function roomsOf(orgId) {
  if (!roomCache.has(orgId)) roomCache.set(orgId, (await api(`/v1/rooms?org=${orgId}&limit=500`)).items);
  return roomCache.get(orgId);
}

// Tabs with the arrow keys, as the ARIA tabs pattern has it.
function initTabs() {
  const tabs = [...document.querySelectorAll('[role=tab]')];
  const select = (tab) => {
    for (const x of tabs) {
      const on = x === tab;
      x.setAttribute('aria-selected', on);
      x.tabIndex = on ? 0 : -1;
      $(x.getAttribute('aria-controls')).hidden = !on;
    }
    tab.focus();
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowRight') select(tabs[(i + 1) % tabs.length]);
      if (e.key === 'ArrowLeft') select(tabs[(i + tabs.length - 1) % tabs.length]);
    });
  });
  return select;
}

async function loadWeek() {
  const { from, to } = weekRange(state.monday);
  $('week-title').textContent = t('cal.week', { from: formatDate(state.monday), to: formatDate(addDays(state.monday, 6)) });
  $('cal-status').textContent = t('cal.loading');
  let q = `/v1/meetings?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  if ($('cal-org').value) q += `&org=${$('cal-org').value}`;
  if ($('cal-room').value) q += `&room=${$('cal-room').value}`;
  try {
    state.meetings = await all(q);
    $('cal-status').textContent = t('cal.count', { n: state.meetings.length });
  } catch (e) {
    $('cal-status').textContent = t('error.generic', { detail: e.message });
  }
  renderWeek($('week'), state.monday, state.meetings, { today: todayLocal(), onOpen: openDetail });
}

async function fillCalendarFilters() {
  const org = $('cal-org');
  org.replaceChildren(new Option(t('cal.all'), ''));
  for (const o of state.orgs.filter((x) => x.level !== 'commune')) org.add(new Option(o.name, o.id));
  org.addEventListener('change', async () => {
    const room = $('cal-room');
    room.replaceChildren(new Option(t('cal.all'), ''));
    if (org.value) for (const r of await roomsOf(org.value)) room.add(new Option(r.name, r.id));
    loadWeek();
  });
  $('cal-room').replaceChildren(new Option(t('cal.all'), ''));
  $('cal-room').addEventListener('change', loadWeek);
  const rep = $('r-org');
  rep.replaceChildren(new Option(t('cal.all'), ''));
  for (const o of state.orgs.filter((x) => x.level !== 'commune')) rep.add(new Option(o.name, o.id));
}

function fact(dl, key, value) {
  const dt = document.createElement('dt');
  dt.textContent = t(key);
  const dd = document.createElement('dd');
  dd.textContent = value;
  dl.append(dt, dd);
}

function openDetail(m) {
  state.open = m;
  $('detail-h').textContent = m.title;
  const dl = $('detail-facts');
  dl.replaceChildren();
  fact(dl, 'detail.when', `${formatDate(m.start)} ${formatTime(m.start)}–${formatTime(m.end)}`);
  fact(dl, 'book.type', t(`type.${m.type}`));
  fact(dl, 'detail.chair', [m.chair?.name, m.chair?.position].filter(Boolean).join(', '));
  fact(dl, 'detail.rooms', String((m.room_ids || []).length + 1));
  fact(dl, 'detail.status', t(`status.${m.status}`) + (m.status_reason ? ` — ${m.status_reason}` : ''));
  $('d-attendance').replaceChildren();
  $('d-msg').textContent = '';
  $('d-reason').value = '';
  const open = ['scheduled', 'rehearsal', 'live', 'postponed'].includes(m.status);
  $('d-change').hidden = false;
  $('d-cancel').hidden = !open;
  $('d-postpone').hidden = !['scheduled', 'rehearsal'].includes(m.status);
  $('detail').showModal();
}

async function attendance() {
  const m = state.open;
  const box = $('d-attendance');
  try {
    const a = await api(`/v1/meetings/${m.id}/attendance`);
    const table = document.createElement('table');
    table.innerHTML = '<thead><tr><th></th><th></th><th class="num"></th></tr></thead><tbody></tbody>';
    const ths = table.querySelectorAll('th');
    ths[0].textContent = t('att.room');
    ths[1].textContent = t('att.present');
    ths[2].textContent = t('att.minutes');
    for (const r of a.rooms) {
      const tr = table.tBodies[0].insertRow();
      tr.insertCell().textContent = r.name;
      tr.insertCell().textContent = r.present ? t('att.yes') : t('att.no');
      const c = tr.insertCell();
      c.className = 'num';
      c.textContent = formatNumber(r.connected_seconds / 60, 0);
    }
    box.replaceChildren(table);
  } catch (e) {
    box.textContent = t('error.generic', { detail: e.message });
  }
}

async function transition(action) {
  const m = state.open;
  const reason = $('d-reason').value.trim();
  if (!reason) {
    $('d-msg').textContent = t('detail.reason_needed');
    $('d-msg').className = 'violation';
    $('d-reason').setAttribute('aria-invalid', 'true');
    $('d-reason').focus();
    return;
  }
  $('d-reason').removeAttribute('aria-invalid');
  try {
    const updated = await api(`/v1/meetings/${m.id}/${action}`, { method: 'POST', body: { reason } });
    $('d-msg').textContent = t('detail.done');
    $('d-msg').className = 'notice ok';
    state.open = updated;
    await loadWeek();
    openDetailRefresh(updated);
  } catch (e) {
    $('d-msg').textContent = t('error.generic', { detail: e.message });
    $('d-msg').className = 'violation';
  }
}

function openDetailRefresh(m) {
  const msg = $('d-msg').textContent;
  const cls = $('d-msg').className;
  $('detail').close();
  openDetail(m);
  $('d-msg').textContent = msg;
  $('d-msg').className = cls;
}

async function report(ev) {
  ev?.preventDefault();
  const month = $('r-month').value;
  if (!month) return;
  const [y, mo] = month.split('-').map(Number);
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  let q = `/v1/reports/meetings?from=${encodeURIComponent(`${month}-01T00:00:00${OFFSET}`)}&to=${encodeURIComponent(`${next}-01T00:00:00${OFFSET}`)}`;
  if ($('r-org').value) q += `&org=${$('r-org').value}`;
  const box = $('report');
  try {
    const r = await api(q);
    if (!r.items.length) {
      box.textContent = t('report.empty');
      return;
    }
    const table = document.createElement('table');
    const head = table.createTHead().insertRow();
    for (const [k, num] of [['report.org', false], ['report.meetings', true], ['report.invited', true], ['report.present', true], ['report.rate', true]]) {
      const th = document.createElement('th');
      th.textContent = t(k);
      th.scope = 'col';
      if (num) th.className = 'num';
      head.append(th);
    }
    const body = table.createTBody();
    for (const row of r.items) {
      const tr = body.insertRow();
      tr.insertCell().textContent = row.org_name;
      for (const v of [row.meetings, row.halls_invited, row.halls_present]) {
        const c = tr.insertCell();
        c.className = 'num';
        c.textContent = formatNumber(v);
      }
      const c = tr.insertCell();
      c.className = 'num';
      c.textContent = `${formatNumber(row.attendance_rate * 100, 1)} %`;
    }
    box.replaceChildren(table);
  } catch (e) {
    box.textContent = t('error.generic', { detail: e.message });
  }
}

async function main() {
  initI18n();
  await signIn();
  const select = initTabs();
  const today = todayLocal();
  state.orgs = await all(`/v1/orgs?as_of=${today}`);
  await fillCalendarFilters();
  $('week-prev').addEventListener('click', () => { state.monday = addDays(state.monday, -7); loadWeek(); });
  $('week-next').addEventListener('click', () => { state.monday = addDays(state.monday, 7); loadWeek(); });
  $('week-today').addEventListener('click', () => { state.monday = mondayOf(todayLocal()); loadWeek(); });
  $('d-close').addEventListener('click', () => $('detail').close());
  $('d-ics').addEventListener('click', () => download(`/v1/meetings/${state.open.id}/invitation.ics`, `meeting-${state.open.id}.ics`)
    .catch((e) => { $('d-msg').textContent = t('error.generic', { detail: e.message }); }));
  $('d-csv').addEventListener('click', () => download(`/v1/meetings/${state.open.id}/attendance?format=csv`, `attendance-${state.open.id}.csv`)
    .catch((e) => { $('d-msg').textContent = t('error.generic', { detail: e.message }); }));
  $('d-att').addEventListener('click', attendance);
  $('d-cancel').addEventListener('click', () => transition('cancel'));
  $('d-postpone').addEventListener('click', () => transition('postpone'));
  $('report-form').addEventListener('submit', report);
  $('r-month').value = (params.get('week') || today).slice(0, 7);

  const form = new BookingForm({
    orgs: state.orgs,
    roomsOf,
    onBooked: (m) => {
      state.monday = mondayOf(m.start.slice(0, 10));
      loadWeek();
    },
  });
  // A week after today by default: past the invitation lead time on most days.
  await form.init(params.get('date') || addDays(today, 7));
  onLanguageChange(() => { applyI18n(); loadWeek(); });
  await loadWeek();
  document.body.dataset.ready = 'true';  // for people and tests alike: the page has loaded its data
  void select;
}

main().catch((e) => {
  const p = document.createElement('p');
  p.className = 'notice bad';
  p.role = 'alert';
  p.textContent = t('error.generic', { detail: e instanceof ApiError ? e.message : String(e) });
  document.getElementById('main').prepend(p);
});
