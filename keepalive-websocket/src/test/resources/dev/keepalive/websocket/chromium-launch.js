// Headless Chromium (Debian's /usr/bin/chromium) through playwright-core, for every browser test script:
// NodeTools.requireChromium() copies this file next to them. No sandbox (tests may run as root), no GPU,
// and none of the browser's own background traffic (updates, sync, QUIC) on the machine under test.
// Usage: const context = await require('./chromium-launch').launch(userDataDir, {viewport: ...});
const { chromium } = require('playwright-core');

exports.launch = (userDataDir, options = {}) => chromium.launchPersistentContext(userDataDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  ...options,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
    '--no-first-run', '--disable-component-update', '--disable-sync'],
});
