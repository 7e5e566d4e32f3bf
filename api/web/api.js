// The service's API as the pages use it. The token lives in sessionStorage only (pasted
// once per browser tab, gone when the tab closes) and travels in the Authorization header,
// never in a URL, so it never reaches the server's logs or a proxy's.
const KEY = 'meetingd.token';

export function token() { return sessionStorage.getItem(KEY) || ''; }
export function setToken(value) { sessionStorage.setItem(KEY, value.trim()); }
export function clearToken() { sessionStorage.removeItem(KEY); }

// A refusal of the API: `status` and the problem+json body (`violations`, `conflicts`, ...).
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

// fetch() with the token; JSON in and out. Throws ApiError for 4xx/5xx, TypeError when the
// network is down. `raw: true` returns the Response itself (files, SDP).
export async function api(path, { method = 'GET', body, headers = {}, signal, raw = false, auth = true } = {}) {
  const h = { ...headers };
  if (auth && token()) h.Authorization = `Bearer ${token()}`;
  let payload = body;
  if (body !== undefined && typeof body !== 'string') {
    h['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(path, { method, headers: h, body: payload, signal, cache: 'no-store' });
  if (raw && res.ok) return res;
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) throw new ApiError(res.status, typeof data === 'object' ? data : { detail: data });
  return data;
}

// Downloads a protected file (an .ics invitation, a CSV) through fetch, since a plain link
// could not carry the token.
export async function download(path, filename) {
  const res = await api(path, { raw: true });
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// The policy's zone (Asia/Ho_Chi_Minh) has no daylight saving: every local time is +07:00.
export const OFFSET = '+07:00';
export function localIso(date, time) { return `${date}T${time}:00${OFFSET}`; }
// "2027-01-11T08:00:00+07:00" -> { date: "2027-01-11", time: "08:00" } (the meeting's own wall clock).
export function splitIso(iso) { return { date: iso.slice(0, 10), time: iso.slice(11, 16) }; }
export function todayLocal() {
  const now = new Date(Date.now() + 7 * 3600 * 1000);
  return now.toISOString().slice(0, 10);
}
