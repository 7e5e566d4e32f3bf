// A browser hall publishes over WHIP (RFC 9725) through the API: headless Chromium
// makes the offer, this script POSTs it as application/sdp with the hall's token, the
// answer goes back to the browser; then the hall's leg must be judged ok, and DELETE
// (what a WHIP client does on leaving) must free it.
//   env: WHIP_URL, HALL_TOKEN, ADMIN_TOKEN, API, MEETING, ROOM, MEDIA_DIR, TOOLS_DIR
import { joinBrowserHall } from '../../media/webrtc/hall_page.mjs';

const env = process.env;
const admin = (path) => fetch(env.API + path, { headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` } }).then((r) => r.json());
const roomLegs = async () => (await admin(`/v1/meetings/${env.MEETING}/health`)).legs.filter((l) => l.room_id === Number(env.ROOM));
async function until(what, check, seconds = 30) {
  const end = Date.now() + seconds * 1000;
  let last;
  while (Date.now() < end) {
    if ((last = await check()) === true) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what}: ${JSON.stringify(last)}`);
}

let location;
const before = (await roomLegs()).length;  // the hall's pre-made RTP leg
const hall = await joinBrowserHall('whip', async (sdp) => {
  const r = await fetch(env.WHIP_URL, {
    method: 'POST', headers: { Authorization: `Bearer ${env.HALL_TOKEN}`, 'Content-Type': 'application/sdp' }, body: sdp,
  });
  location = r.headers.get('location');
  const etag = r.headers.get('etag');
  const body = await r.text();
  if (r.status === 201 && (!location || !etag || r.headers.get('content-type') !== 'application/sdp'))
    throw new Error(`201 without Location/ETag/application/sdp: ${[...r.headers]}`);
  return { status: r.status, body: { sdp: body, peer_id: location, video_codec: 'H264' } };
});
try {
  await until("the WHIP hall's leg is ok", async () => {
    const legs = await roomLegs();
    return legs.some((l) => l.state === 'ok') || legs.map((l) => [l.leg_id, l.state]);
  });
  console.log('ok: the browser published over WHIP and its leg is ok');
  // One tile per hall: the browser picture, not also the idle pre-made RTP leg's 'no signal'.
  await until('one tile for the hall, its browser leg', async () => {
    const legs = (await admin(`/v1/meetings/${env.MEETING}/health`)).legs;
    const halls = new Set(legs.map((l) => l.room_id)).size;
    const shown = legs.filter((l) => l.visible);
    const mine = shown.filter((l) => l.room_id === Number(env.ROOM));
    return (shown.length === halls && mine.length === 1 && mine[0].state === 'ok') ||
      legs.map((l) => [l.room_id, l.leg_id, l.state, l.visible]);
  });
  console.log('ok: the hall has one tile in the composite, its browser picture');
  const r = await fetch(env.API + location, { method: 'DELETE', headers: { Authorization: `Bearer ${env.HALL_TOKEN}` } });
  if (r.status !== 200) throw new Error(`DELETE: ${r.status}`);
  await until('DELETE frees the leg', async () => (await roomLegs()).length === before || (await roomLegs()).length);
  console.log('ok: DELETE freed the leg');
  await until("the pre-made RTP leg's tile is back", async () => {
    const legs = await roomLegs();
    return legs.every((l) => l.visible) || legs.map((l) => [l.leg_id, l.state, l.visible]);
  });
  console.log("ok: the hall's RTP leg has its tile again");
} finally {
  await hall.browser.close();
}
