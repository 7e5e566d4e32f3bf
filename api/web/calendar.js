// The week calendar: seven days from Monday, each listing its meetings in time order.
// Dates are the meeting zone's wall-clock dates (+07:00), handled as "YYYY-MM-DD" strings.
import { OFFSET } from './api.js';
import { formatDate, formatTime, t } from './i18n.js';

export function addDays(isoDate, n) {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function mondayOf(isoDate) {
  const d = new Date(`${isoDate}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return addDays(isoDate, -back);
}

// The API's window for the week: from Monday 00:00 to the next Monday 00:00, local time.
export function weekRange(monday) {
  return { from: `${monday}T00:00:00${OFFSET}`, to: `${addDays(monday, 7)}T00:00:00${OFFSET}` };
}

export function renderWeek(container, monday, meetings, { today, onOpen }) {
  container.replaceChildren();
  for (let i = 0; i < 7; ++i) {
    const date = addDays(monday, i);
    const day = document.createElement('section');
    day.className = `day${i >= 5 ? ' weekend' : ''}${date === today ? ' today' : ''}`;
    day.setAttribute('aria-labelledby', `day-${date}`);
    const h = document.createElement('h3');
    h.id = `day-${date}`;
    h.textContent = `${t(`day.${i}`)} ${formatDate(date)}`;
    day.append(h);
    const list = document.createElement('ul');
    const todays = meetings.filter((m) => m.start.slice(0, 10) === date).sort((a, b) => a.start.localeCompare(b.start));
    for (const m of todays) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = `meeting s-${m.status}`;
      b.dataset.meetingId = m.id;
      const time = document.createElement('span');
      time.className = 'time';
      time.textContent = `${formatTime(m.start)}–${formatTime(m.end)}`;
      const title = document.createElement('span');
      title.textContent = m.title;
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = t(`status.${m.status}`);
      b.append(time, title, document.createElement('br'), badge);
      b.addEventListener('click', () => onOpen(m));
      li.append(b);
      list.append(li);
    }
    if (!todays.length) {
      const p = document.createElement('p');
      p.className = 'hint';
      p.textContent = t('cal.empty');
      day.append(p);
    }
    day.append(list);
    container.append(day);
  }
}
