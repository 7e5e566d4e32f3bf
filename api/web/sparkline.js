// A small line chart of recent values as inline SVG, with a text alternative. `max` fixes
// the top of the scale (e.g. 5 % loss) so that small wobbles do not look like storms.
const NS = 'http://www.w3.org/2000/svg';

export function sparkline(values, { max = 0, label = '' } = {}) {
  const w = 100, h = 26;
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.setAttribute('class', 'spark');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('preserveAspectRatio', 'none');
  const nums = values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0));  // gaps drawn at 0
  const top = Math.max(max, ...nums, 1e-9);
  const step = nums.length > 1 ? w / (nums.length - 1) : w;
  const points = nums.map((v, i) => `${(i * step).toFixed(1)},${(h - 1 - (v / top) * (h - 2)).toFixed(1)}`);
  if (points.length === 1) points.push(`${w},${points[0].split(',')[1]}`);
  const line = document.createElementNS(NS, 'polyline');
  line.setAttribute('points', points.join(' '));
  svg.append(line);
  return svg;
}
