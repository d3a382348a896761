// Debian's Chromium and the flags that keep it off the network, for the browser tests and the
// preview bench. Kept apart from browser.ts so the bench (an ES module) can load it.
export const CHROMIUM = '/usr/bin/chromium';
/** Debian's Chromium flags that keep it off the network; the preview bench launches with them too. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
