// The hall's pre-join checks: camera and microphone choice, preview, microphone level, and
// a network check (round trips to the API while the rehearsal window is open).

// Opens the chosen devices (or the defaults). Throws what getUserMedia throws.
export async function openMedia(cameraId, micId) {
  return navigator.mediaDevices.getUserMedia({
    video: cameraId ? { deviceId: { exact: cameraId }, width: 1280, height: 720 } : { width: 1280, height: 720 },
    audio: micId ? { deviceId: { exact: micId }, echoCancellation: true, noiseSuppression: true } : { echoCancellation: true },
  });
}

// Fills the two selects with the devices the browser lists (labels appear once permitted).
export async function listDevices(cameraSelect, micSelect, stream) {
  const devices = await navigator.mediaDevices.enumerateDevices();
  const fill = (select, kind, current) => {
    select.replaceChildren();
    devices.filter((d) => d.kind === kind).forEach((d, i) => select.add(new Option(d.label || `${kind} ${i + 1}`, d.deviceId)));
    if (current) select.value = current;
  };
  fill(cameraSelect, 'videoinput', stream.getVideoTracks()[0]?.getSettings().deviceId);
  fill(micSelect, 'audioinput', stream.getAudioTracks()[0]?.getSettings().deviceId);
}

// Calls onLevel(0..100) about 20 times a second from the stream's microphone; returns stop().
// The scale is dBFS from -60 (0) to 0 (100), which reads like a mixing desk's meter.
export function levelMeter(stream, onLevel) {
  const ctx = new AudioContext();
  const source = ctx.createMediaStreamSource(stream);
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  const buf = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(buf);
    let sum = 0;
    for (const v of buf) sum += v * v;
    const rms = Math.sqrt(sum / buf.length);
    const db = rms > 0 ? 20 * Math.log10(rms) : -100;
    onLevel(Math.max(0, Math.min(100, ((db + 60) / 60) * 100)));
  }, 50);
  ctx.resume().catch(() => {});
  return () => {
    clearInterval(timer);
    source.disconnect();
    ctx.close().catch(() => {});
  };
}

// n round trips to /healthz: { avg, max, lost, n, verdict: good | fair | poor }.
export async function networkCheck(n = 10) {
  const times = [];
  let lost = 0;
  for (let i = 0; i < n; ++i) {
    const t0 = performance.now();
    try {
      const ctl = new AbortController();
      const timer = setTimeout(() => ctl.abort(), 2000);
      const res = await fetch(`/healthz?probe=${i}`, { cache: 'no-store', signal: ctl.signal });
      clearTimeout(timer);
      if (!res.ok) throw new Error(String(res.status));
      await res.text();
      times.push(performance.now() - t0);
    } catch {
      lost += 1;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const avg = times.length ? times.reduce((a, b) => a + b, 0) / times.length : 0;
  const max = times.length ? Math.max(...times) : 0;
  const verdict = lost > n / 5 || avg > 300 ? 'poor' : lost > 0 || avg > 120 ? 'fair' : 'good';
  return { avg: Math.round(avg), max: Math.round(max), lost, n, verdict };
}
