// Drives the kal demo page in headless Chromium (keepalive-websocket's chromium-launch.js) and
// prints what it saw, one "name: {json}" line per step, for DemoBrowserTest to assert on:
//   loaded:   the cards, in page order, and the page WebSocket's state
//   moving:   the http requests counter, the uptime and the count of WebSocket pushes, 2 s apart
//   detected: after clicking http "blackhole" and db "kill backends": when each card noticed (db: only when
//             the demo runs PostgreSQL; else the refusal shown), and the fault replies
//   recovered: when each card was back to ok, and the uptime then
// Usage: node demo-browser.js <base url> <dir for the browser profile> <screenshot.png>
const { launch } = require('./chromium-launch');
const fs = require('fs');
const path = require('path');

const [base, tmp, screenshot] = process.argv.slice(2);
const userDataDir = fs.mkdtempSync(path.join(tmp, 'chromium-profile-'));

function report(name, value) {
  console.log(name + ': ' + JSON.stringify(value));
}

(async () => {
  const context = await launch(userDataDir, {viewport: {width: 1280, height: 900}});
  try {
    const page = context.pages()[0] || await context.newPage();
    page.on('console', m => console.error('[page] ' + m.text()));
    page.on('pageerror', e => console.error('[page error] ' + e.message));
    await page.goto(base + '/');

    const state = () => page.evaluate(() => {
      const card = name => document.querySelector('section.layer[data-layer="' + name + '"]');
      const counter = (name, key) => {
        const dd = card(name) && card(name).querySelector('[data-counter="' + key + '"]');
        return dd ? Number(dd.getAttribute('data-value')) : null;
      };
      const phase = name => card(name) && card(name).querySelector('[data-role="timeline"]').getAttribute('data-phase');
      return {
        layers: Array.from(document.querySelectorAll('section.layer')).map(s => s.getAttribute('data-layer')),
        status: Object.fromEntries(Array.from(document.querySelectorAll('section.layer'))
          .map(s => [s.getAttribute('data-layer'), s.getAttribute('data-status')])),
        httpPhase: phase('http'), dbPhase: phase('db'),
        requests: counter('http', 'requests'),
        uptimeMs: Number(document.getElementById('uptime').getAttribute('data-uptime-ms')),
        wsState: document.getElementById('ws-state').getAttribute('data-state'),
        wsMessages: Number(document.getElementById('ws-state').getAttribute('data-messages')),
        now: Date.now(),
      };
    });

    await page.waitForFunction(() => document.querySelectorAll('section.layer').length >= 4
        && document.getElementById('ws-state').getAttribute('data-state') === 'open'
        && Number(document.getElementById('ws-state').getAttribute('data-messages')) >= 1, null,
        {timeout: 15000, polling: 50});
    const first = await state();
    report('loaded', first);

    await page.waitForTimeout(2000);
    const second = await state();
    report('moving', {requests: [first.requests, second.requests], uptimeMs: [first.uptimeMs, second.uptimeMs],
      wsMessages: [first.wsMessages, second.wsMessages]});

    // db runs only when the demo started PostgreSQL; otherwise its card says "unavailable" and a fault is refused
    const dbUp = second.status.db !== 'unavailable';
    const faulted = dbUp ? ['http', 'db'] : ['http'];
    const clickedAt = Date.now();
    const since = second.uptimeMs; // a fault record older than this is from an earlier click
    await page.click('section.layer[data-layer="http"] button[data-fault="blackhole"]');
    await page.click('section.layer[data-layer="db"] button[data-fault="kill"]');
    const replyOf = name => page.evaluate(n => {
      const r = document.querySelector('section.layer[data-layer="' + n + '"] [data-role="fault-reply"]');
      return {status: Number(r.getAttribute('data-http-status')), text: r.textContent};
    }, name);
    await page.waitForFunction(() => ['http', 'db'].every(n => document.querySelector(
        'section.layer[data-layer="' + n + '"] [data-role="fault-reply"]').hasAttribute('data-http-status')),
        null, {timeout: 10000, polling: 50});

    // the http card must itself say "detected"; a db kill is noticed and healed within one borrow or two,
    // which may fall between two pushes, so for db the kept fault record (timeline) counts as well
    const detected = {};
    await Promise.all(faulted.map(n => page.waitForFunction(([name, since]) => {
      const s = document.querySelector('section.layer[data-layer="' + name + '"]');
      const t = s.querySelector('[data-role="timeline"]');
      const phase = t.getAttribute('data-phase');
      const fresh = Number(t.getAttribute('data-injected-at-ms')) >= since;
      return fresh && (s.getAttribute('data-status') === 'detected'
          || (name === 'db' && (phase === 'detected' || phase === 'recovered')));
    }, [n, since], {timeout: 15000, polling: 50}).then(() => { detected[n] = Date.now() - clickedAt; })));
    await page.screenshot({path: screenshot, fullPage: true});
    const during = await state();
    report('detected', {afterMs: detected, replies: {http: await replyOf('http'), db: await replyOf('db')},
      status: during.status, httpPhase: during.httpPhase, dbPhase: during.dbPhase, screenshot: screenshot});

    const recovered = {};
    await Promise.all(faulted.map(n => page.waitForFunction(([name, since]) => {
      const s = document.querySelector('section.layer[data-layer="' + name + '"]');
      const t = s.querySelector('[data-role="timeline"]');
      return s.getAttribute('data-status') === 'ok' && t.getAttribute('data-phase') === 'recovered'
          && Number(t.getAttribute('data-injected-at-ms')) >= since;
    }, [n, since], {timeout: 20000, polling: 50}).then(() => { recovered[n] = Date.now() - clickedAt; })));
    const after = await state();
    const timeline = await page.evaluate(() => Array.from(document.querySelectorAll(
        'section.layer[data-layer="http"] [data-role="timeline"] li, section.layer[data-layer="http"] .note'))
        .map(e => e.textContent).join(' | '));
    report('recovered', {afterMs: recovered, uptimeMs: [during.uptimeMs, after.uptimeMs],
      wsMessages: [during.wsMessages, after.wsMessages], wsState: after.wsState, status: after.status,
      httpTimeline: timeline});
  } finally {
    await context.close();
    fs.rmSync(userDataDir, {recursive: true, force: true});
  }
  process.exit(0);
})().catch(e => { console.error(e); process.exit(1); });
