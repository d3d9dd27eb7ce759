// Drives test page.html in headless Chromium (chromium-launch.js: Debian's /usr/bin/chromium, playwright-core).
// Mode 'restart': prints "phase1: [...]" once kal-ws.js heartbeats, waits for a line on stdin (the
// server was restarted), then prints "phase2: [...]" once the page reconnected by itself.
// Mode 'dead': prints "dead: [...]" once the page gave up on a server that never answers.
const { launch } = require('./chromium-launch');
const fs = require('fs');
const path = require('path');

const base = process.argv[2];
const userDataDir = fs.mkdtempSync(path.join(process.argv[3], 'chromium-profile-'));
const mode = process.argv[4] || 'restart'; // or 'dead': the server never answers heartbeats

function count(type) {
  return events.filter(e => e.type === type).length;
}

(async () => {
  const context = await launch(userDataDir);
  try {
    const page = context.pages()[0] || await context.newPage();
    page.on('console', m => console.error('[page] ' + m.text()));
    page.on('pageerror', e => console.error('[page error] ' + e.message));
    await page.goto(base + '/page.html');
    if (mode === 'dead') {
      await page.waitForFunction(() => events.some(e => e.type === 'retry' && /no heartbeat answer/.test(e.cause)),
          null, {timeout: 15000, polling: 50});
      console.log('dead: ' + JSON.stringify(await page.evaluate(() => events)));
      return;
    }
    await page.waitForFunction(() => events.filter(e => e.type === 'heartbeat').length >= 3, null,
        {timeout: 15000, polling: 50});
    console.log('phase1: ' + JSON.stringify(await page.evaluate(() => events)));
    await new Promise(resolve => process.stdin.once('data', resolve));
    await page.waitForFunction(() => {
      const i = events.findIndex(e => e.type === 'reconnect');
      return i >= 0 && events.slice(i).some(e => e.type === 'heartbeat')
          && events.some(e => e.type === 'message' && e.data === 'resubscribed');
    }, null, {timeout: 20000, polling: 50});
    console.log('phase2: ' + JSON.stringify(await page.evaluate(() => events)));
  } finally {
    await context.close();
    fs.rmSync(userDataDir, {recursive: true, force: true});
  }
  process.exit(0);
})().catch(e => { console.error(e); process.exit(1); });
