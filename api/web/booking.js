// The booking form. Every change is checked by the API's dry run
// (POST /v1/meetings?dry_run=true: the same checks as booking, nothing written), and each
// violation is shown next to the field it concerns, with the rule's article; the same
// display serves the answer of the real booking.
import { api, ApiError, localIso } from './api.js';
import { formatDate, formatTime, lang, t } from './i18n.js';

// Which field a rule of the policy speaks about.
const RULE_FIELD = {
  max_length: 'end',
  invitation_lead_time: 'start',
  document_lead_time: 'documents',
  ad_hoc_reason: 'ad_hoc_reason',
};
// Which field an input error names (the API's `field`).
const INPUT_FIELD = {
  title: 'title', type: 'type', organiser_org_id: 'organiser_org_id', chair: 'chair', 'chair.name': 'chair',
  host_room_id: 'host_room_id', start: 'start', end: 'end', slot: 'end', invite: 'invite', room_ids: 'invite',
  ad_hoc_reason: 'ad_hoc_reason', recurrence: 'recurrence', documents: 'documents',
};
const FIELDS = ['title', 'type', 'organiser_org_id', 'chair', 'host_room_id', 'start', 'end', 'invite', 'ad_hoc_reason', 'recurrence', 'documents'];

const $ = (id) => document.getElementById(id);

export class BookingForm {
  constructor({ orgs, roomsOf, onBooked }) {
    this.orgs = orgs;          // every organisation visible to the caller (as of today)
    this.roomsOf = roomsOf;    // async (orgId) -> rooms
    this.onBooked = onBooked;  // (meeting) -> void
    this.seq = 0;
    this.timer = null;
    this.form = $('book-form');
  }

  async init(defaultDate) {
    const type = $('b-type');
    for (const k of ['briefing', 'work_resolution', 'advisory', 'coordination', 'professional', 'thematic', 'review', 'training', 'other']) {
      const o = new Option(t(`type.${k}`), k);
      o.dataset.i18n = `type.${k}`;
      type.add(o);
    }
    const org = $('b-org');
    for (const o of this.orgs.filter((x) => x.level !== 'commune')) org.add(new Option(o.name, o.id));
    for (const o of this.orgs.filter((x) => x.level === 'commune')) org.add(new Option(o.name, o.id));
    org.addEventListener('change', () => this.loadHosts());
    await this.loadHosts();
    $('b-date').value = defaultDate;
    $('b-start').value = '08:00';
    $('b-end').value = '11:00';
    $('invite-add').addEventListener('click', () => { this.addInviteRow(); this.schedule(); });
    this.form.addEventListener('input', () => this.schedule());
    this.form.addEventListener('change', () => this.schedule());
    this.form.addEventListener('submit', (ev) => { ev.preventDefault(); this.submit(); });
  }

  async loadHosts() {
    const host = $('b-host');
    const rooms = await this.roomsOf($('b-org').value);
    host.replaceChildren(...rooms.map((r) => new Option(r.name, r.id)));
  }

  // One selector: "level" under "an ancestor". Districts are those of the meeting's date.
  addInviteRow(level = 'commune', under = '') {
    const row = document.createElement('div');
    row.className = 'invite-row';
    const n = this.form.querySelectorAll('.invite-row').length + 1;
    const lvl = document.createElement('select');
    lvl.id = `inv-level-${n}`;
    lvl.className = 'inv-level';
    for (const k of ['any', 'department', 'district', 'commune']) lvl.add(new Option(t(`level.${k}`), k === 'any' ? '' : k));
    lvl.value = level;
    const up = document.createElement('select');
    up.id = `inv-under-${n}`;
    up.className = 'inv-under';
    up.add(new Option(t('under.anywhere'), ''));
    for (const o of this.orgs.filter((x) => x.level === 'district')) up.add(new Option(o.name, o.code));
    up.value = under;
    const wrap = (el, key) => {
      const d = document.createElement('div');
      const l = document.createElement('label');
      l.htmlFor = el.id;
      l.textContent = t(key);
      d.append(l, el);
      return d;
    };
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'secondary';
    remove.textContent = t('book.invite.remove');
    remove.addEventListener('click', () => { row.remove(); this.schedule(); });
    row.append(wrap(lvl, 'book.invite.level'), wrap(up, 'book.invite.under'), remove);
    $('invite-rows').append(row);
  }

  body() {
    const date = $('b-date').value;
    const b = {
      title: $('b-title').value.trim(),
      type: $('b-type').value,
      organiser_org_id: Number($('b-org').value),
      chair: { name: $('b-chair').value.trim(), position: $('b-position').value.trim() },
      host_room_id: Number($('b-host').value),
      start: localIso(date, $('b-start').value || '00:00'),
      end: localIso(date, $('b-end').value || '00:00'),
      ad_hoc: $('b-adhoc').checked,
    };
    if (b.ad_hoc) b.ad_hoc_reason = $('b-reason').value.trim();
    const invite = [];
    for (const row of this.form.querySelectorAll('.invite-row')) {
      const s = {};
      const level = row.querySelector('.inv-level').value;
      const under = row.querySelector('.inv-under').value;
      if (level) s.level = level;
      if (under) s.under = under;
      invite.push(s);
    }
    if (invite.length) b.invite = invite;
    const freq = $('b-rec').value;
    if (freq) b.recurrence = `FREQ=${freq};COUNT=${Math.max(2, Math.min(52, Number($('b-count').value) || 2))}`;
    const docTitle = $('b-doc-title').value.trim();
    if (docTitle) {
      const doc = { title: docTitle, link: $('b-doc-link').value.trim() || '-' };
      if ($('b-doc-sent').value) doc.sent_at = localIso($('b-doc-sent').value, '08:00');
      b.documents = [doc];
    }
    return b;
  }

  // The dry run, half a second after the last keystroke; answers that arrive late are dropped.
  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.check(), 450);
  }

  ready(b) { return b.title && b.chair.name && b.host_room_id && $('b-date').value && $('b-start').value && $('b-end').value; }

  async check() {
    const b = this.body();
    if (!this.ready(b)) return null;
    const mine = ++this.seq;
    $('check').innerHTML = '';
    $('check').append(notice('info', t('book.checking')));
    try {
      const answer = await api('/v1/meetings?dry_run=true', { method: 'POST', body: b });
      if (mine !== this.seq) return null;
      this.show(answer.conflicts.length ? { conflicts: answer.conflicts } : null, answer);
      return answer;
    } catch (e) {
      if (mine !== this.seq) return null;
      this.show(problemOf(e));
      return null;
    }
  }

  async submit() {
    clearTimeout(this.timer);
    ++this.seq;
    const b = this.body();
    $('result').replaceChildren();
    $('b-submit').disabled = true;
    try {
      const m = await api('/v1/meetings', { method: 'POST', body: b, headers: { 'Idempotency-Key': randomKey() } });
      this.show(null);
      $('check').replaceChildren();
      $('result').append(notice('ok', t('book.booked', { title: m.title, id: m.id })));
      this.onBooked(m);
    } catch (e) {
      this.show(problemOf(e));
      $('result').append(notice('bad', t('book.failed')));
      const first = this.form.querySelector('[aria-invalid=true] input, [aria-invalid=true] select, [aria-invalid=true] textarea');
      first?.focus();
    } finally {
      $('b-submit').disabled = false;
    }
  }

  clearMarks() {
    for (const f of FIELDS) {
      $(`f-${f}`)?.removeAttribute('aria-invalid');
      const box = $(`e-${f}`);
      if (box) box.replaceChildren();
    }
  }

  // problem: null (all clear), or { violations, conflicts, field, detail }.
  show(problem, answer = null) {
    this.clearMarks();
    const check = $('check');
    check.replaceChildren();
    if (!problem) {
      if (answer) check.append(notice('ok', t('book.valid', { n: answer.occurrences.length, rooms: answer.rooms })));
      return;
    }
    const summary = [];
    for (const v of problem.violations || []) {
      const field = RULE_FIELD[v.rule] || 'start';
      const text = `${t(`rule.${v.rule}`)}: ${explain(v)}`;
      mark(field, text, v.article);
      summary.push({ text, article: v.article, field });
    }
    if (problem.field || (!problem.violations && !problem.conflicts && problem.detail)) {
      const field = INPUT_FIELD[problem.field] || INPUT_FIELD[(problem.field || '').split('[')[0]] || 'title';
      mark(field, problem.detail, '');
      summary.push({ text: problem.detail, article: '', field });
    }
    if (summary.length) {
      const n = notice('bad', t('book.invalid', { n: summary.length }));
      const ul = document.createElement('ul');
      for (const s of summary) {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = `#f-${s.field}`;
        a.textContent = s.text;
        li.append(a);
        if (s.article) {
          const art = document.createElement('span');
          art.className = 'article';
          art.textContent = ` — ${t('book.article', { article: s.article })}`;
          li.append(art);
        }
        ul.append(li);
      }
      n.append(ul);
      check.append(n);
    }
    if (problem.conflicts?.length) {
      const n = notice('warn', t('book.conflicts', { n: new Set(problem.conflicts.map((c) => c.meeting_id)).size }));
      const ul = document.createElement('ul');
      for (const c of problem.conflicts) {
        const li = document.createElement('li');
        const when = { start: `${formatDate(c.start)} ${formatTime(c.start)}`, end: formatTime(c.end), title: c.title || `#${c.meeting_id}` };
        li.textContent = c.chair ? t('book.conflict.chair', when) : t('book.conflict.room', { ...when, room: c.room_id });
        ul.append(li);
      }
      n.append(ul);
      check.append(n);
      mark(problem.conflicts.some((c) => c.chair) ? 'chair' : 'start', n.firstChild.textContent, '');
    }
  }
}

// The policy's messages are English; in Vietnamese the page says the same from the figures
// in them (and falls back to the message itself when it does not recognise it).
function explain(v) {
  if (lang() === 'en') return v.message;
  let message = v.message;
  const occurrence = message.match(/^occurrence (\d{4}-\d\d-\d\d): (.*)$/s);
  if (occurrence) message = occurrence[2];
  const d = (iso) => formatDate(iso);
  const units = (x) => x.replace(/(\d+) sessions?/g, '$1 buổi').replace(/(\d+) working days?/g, '$1 ngày làm việc');
  let m;
  let text = null;
  if (v.rule === 'invitation_lead_time' && (m = message.match(/at least (\d+) working days? before the meeting on (\S+), so by (\S+); it is issued on (\S+?)\s/)))
    text = t('why.invitation_lead_time', { days: m[1], meeting: d(m[2]), by: d(m[3]), issued: d(m[4]) });
  else if (v.rule === 'document_lead_time' && (m = message.match(/document "(.*)" must be sent at least (\d+) working days? before the meeting on (\S+), so by (\S+); it was sent on (\S+)/)))
    text = t('why.document_lead_time', { doc: m[1], days: m[2], meeting: d(m[3]), by: d(m[4]), sent: d(m[5]) });
  else if (v.rule === 'max_length' && (m = message.match(/may last at most (.+?); this one (lasts|spans) (.+)$/)))
    text = t('why.max_length', { limit: units(m[1]), length: `${m[2] === 'lasts' ? 'dài' : 'kéo dài'} ${units(m[3]).replace(' from ', ' từ ').replace(' to ', ' đến ')}` });
  else if (v.rule === 'ad_hoc_reason') text = t('why.ad_hoc_reason');
  if (!text) return v.message;
  return occurrence ? t('why.occurrence', { date: d(occurrence[1]), text }) : text;
}

// crypto.randomUUID() exists only in secure contexts; getRandomValues everywhere.
function randomKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

function problemOf(e) {
  if (e instanceof ApiError) return e.problem.violations || e.problem.conflicts || e.problem.field ? e.problem : { detail: e.message };
  return { detail: t('error.network') };
}

function notice(kind, text) {
  const d = document.createElement('div');
  d.className = `notice ${kind}`;
  d.append(document.createTextNode(text));
  return d;
}

function mark(field, text, article) {
  const f = $(`f-${field}`);
  f?.setAttribute('aria-invalid', 'true');
  const box = $(`e-${field}`);
  if (!box) return;
  const p = document.createElement('p');
  p.className = 'violation';
  p.textContent = text;
  if (article) {
    const a = document.createElement('span');
    a.className = 'article';
    a.textContent = t('book.article', { article });
    p.append(a);
  }
  box.append(p);
}
