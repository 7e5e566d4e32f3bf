// Joins BROWSERS headless Chromium halls to SESSION and holds them HOLD seconds
// (bench/webrtc/peers.sh measures the node meanwhile); touches MEDIA_DIR/joined.
import { writeFileSync } from 'node:fs';
import { joinBrowserHall } from '../../tests/media/webrtc/hall_page.mjs';

const { CONTROL_URL: control, SESSION: session, MEDIA_DIR: media } = process.env;
const count = Number(process.env.BROWSERS || 4);
const halls = [];
for (let i = 0; i < count; ++i) {
  const name = `browser${i + 1}`;
  const post = async (sdp) => {
    const r = await fetch(`${control}/sessions/${session}/webrtc`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ hall_id: name, display_name: name, output: 'sd', sdp }),
    });
    return { status: r.status, body: await r.json() };
  };
  // every browser publishes the same clip and tone: the files are named after the hall
  for (const ext of ['y4m', 'wav']) {
    const { copyFileSync } = await import('node:fs');
    copyFileSync(`${media}/hall.${ext}`, `${media}/${name}.${ext}`);
  }
  halls.push(await joinBrowserHall(name, post));
}
writeFileSync(`${media}/joined`, '');
await new Promise((r) => setTimeout(r, Number(process.env.HOLD || 40) * 1000));
for (const h of halls) await h.browser.close();
