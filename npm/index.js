// smartling-context-playwright: capture the page for Smartling context from inside a
// Playwright test, with one call:
//
//   await smartlingContext(page, "Search results");   // -> smartling-context-screens/
//
// It writes `<name>.png` and `<name>.page.json` (the page text document: every text the
// page shows and its box). The page is read by capture's one in-page script (page.js,
// copied from the Python package, never edited here) and settled by the same rules as
// `smartling-context capture` (browser.py's `_settle` and `_shoot_settled`, ported line
// for line; the in-page half is page.js's own). smartling-context-action's matcher turns
// the folder into boxes: a `folder` entry in the manifest, or `smartling-context boxes DIR`.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const DEFAULT_FOLDER = "smartling-context-screens";
const MAX_NAME = 120; // code points of a file's stem: room for `.boxes.json` in 255 bytes
const UNSAFE = /[\\/:*?"<>|\x00-\x1f]+/g; // characters no file name on any OS may hold

// The settle rules of capture/browser.py (a Python test checks they stay equal).
const QUIET_MS = 200; // no DOM change, request ending, timeout or scheduler task for this long
const PATIENCE_MS = 3000; // requests, images or timers delay the capture at most until still this long
const POLL_MS = 50;
const TRIES = 3; // reads and screenshots before failing for changing between the two

const FORMAT = "smartling-context/page-text";
const VERSION = 1;

let script = null;

/** page.js called with its configuration, exactly as Python's `page_script()` builds it. */
function pageScript() {
  if (script === null) {
    const source = fs.readFileSync(path.join(__dirname, "page.js"), "utf8");
    const config = fs.readFileSync(path.join(__dirname, "page-config.json"), "utf8");
    script = `${source.trimEnd().replace(/;+$/, "")}(${config});\n`;
  }
  return script;
}

/** A screen's name as its files' stem (and the screenshot's name in Smartling): `/`
 * separates parts as a Storybook title does; characters no file system takes become `-`. */
function fileStem(name) {
  const parts = String(name)
    .split("/")
    .map((part) => part.replace(UNSAFE, "-").trim());
  const stem = [...parts.filter((part) => part).join(" - ")].slice(0, MAX_NAME).join("").trim();
  if (!stem) {
    throw new Error(`${JSON.stringify(name)}: a screen's name needs a letter or digit to name its files`);
  }
  return stem;
}

class ScreenFailed extends Error {
  constructor(message) {
    super(message);
    this.name = "ScreenFailed";
  }
}

/** The page's requests in flight, from Playwright's events, and when one last ended. */
function trackNetwork(page) {
  const network = { pending: new Set(), lastEnded: -Infinity };
  const started = (request) => network.pending.add(request);
  const ended = (request) => {
    network.pending.delete(request);
    network.lastEnded = performance.now();
  };
  page.on("request", started);
  page.on("requestfinished", ended);
  page.on("requestfailed", ended);
  network.stop = () => {
    page.off("request", started);
    page.off("requestfinished", ended);
    page.off("requestfailed", ended);
  };
  return network;
}

/** Wait until the page holds still: fonts and images loaded, no request in flight,
 * nothing aria-busy, no DOM change (nor request ending, nor timeout running) for a quiet
 * period, animations at their end, carets and scrollbars hidden (page.js's `poll`). */
async function settle(page, network, timeout) {
  const deadline = performance.now() + timeout;
  for (;;) {
    let state;
    try {
      state = await page.evaluate("window.__smartlingCapture.poll()");
    } catch (error) {
      // The app navigated (a redirect): the new document starts over.
      if (performance.now() > deadline) throw error;
      await page.waitForLoadState("load");
      continue;
    }
    const domQuiet = state.quietFor;
    const quiet = Math.min(domQuiet, state.sinceTask, performance.now() - network.lastEnded);
    const waiting = network.pending.size || state.images || state.timers;
    const steady = state.busy === null && !state.fonts;
    if (steady && ((!waiting && quiet >= QUIET_MS) || domQuiet >= PATIENCE_MS)) return;
    if (performance.now() > deadline) {
      let why = "fonts kept loading";
      if (state.busy !== null) why = `${state.busy} stayed aria-busy`;
      else if (domQuiet < QUIET_MS) why = "the page kept changing";
      throw new ScreenFailed(
        `${why} for ${timeout / 1000} s: no settled page to capture ` +
          "(a longer timeout, or wait for the finished state first)",
      );
    }
    const pause = steady && !waiting ? QUIET_MS - quiet : POLL_MS;
    await page.waitForTimeout(Math.max(POLL_MS, pause));
  }
}

/** Settle, read, screenshot; again if the DOM changed in between. */
async function shoot(page, fullPage, network, timeout) {
  for (let attempt = 1; attempt <= TRIES; attempt++) {
    await settle(page, network, timeout);
    const raw = await page.evaluate("window.__smartlingCapture.read()");
    const png = await page.screenshot({ fullPage, type: "png", caret: "initial" });
    const after = await page.evaluate("window.__smartlingCapture.settleState().mutations");
    if (after === raw.mutations) return { raw, png };
  }
  throw new ScreenFailed(
    `the page changed between reading its text and the screenshot, ${TRIES} times; ` +
      "make it hold still (an init script can stop a clock or a carousel)",
  );
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(png) {
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

function seen(item) {
  return item.box ? { box: item.box } : { hidden: item.hidden || "not measured" };
}

/** The page text document (src/smartling_context/capture/page_document.py, version 1). */
function pageDocument(raw, scale, pixels) {
  return {
    format: FORMAT,
    version: VERSION,
    url: raw.url,
    viewport: { width: raw.viewport.width, height: raw.viewport.height },
    scale,
    image: { width: pixels[0] / scale, height: pixels[1] / scale },
    runs: raw.runs.map((run) => ({
      text: run.text,
      kind: run.kind,
      ...seen(run),
      segments: run.segments.map((s) => ({ start: s.start, end: s.end, ...seen(s) })),
    })),
    markers: raw.markers.map((m) => ({ id: m.id, start: m.start, end: m.end, ...seen(m) })),
  };
}

/**
 * Capture the page as it is now: settle it, read what it shows and screenshot that same
 * state; write `<out>/<name>.png` and `<out>/<name>.page.json` (the same name again
 * overwrites). Rejects with a ScreenFailed saying why when the page never holds still.
 */
async function smartlingContext(page, name, options = {}) {
  const stem = fileStem(name);
  const out = options.out ?? DEFAULT_FOLDER;
  const timeout = options.timeout ?? 30000;
  await page.evaluate(pageScript()); // defines window.__smartlingCapture once per document
  const network = trackNetwork(page);
  let shot;
  try {
    shot = await shoot(page, Boolean(options.fullPage), network, timeout);
  } finally {
    network.stop();
  }
  const scale = await page.evaluate("window.devicePixelRatio");
  const document = pageDocument(shot.raw, scale, pngSize(shot.png));
  fs.mkdirSync(out, { recursive: true });
  const image = path.join(out, `${stem}.png`);
  const pageJson = path.join(out, `${stem}.page.json`);
  fs.writeFileSync(image, shot.png);
  fs.writeFileSync(pageJson, `${JSON.stringify(document, null, 1)}\n`);
  return { image, pageDocument: pageJson, document };
}

module.exports = { smartlingContext, fileStem, pageScript, ScreenFailed, DEFAULT_FOLDER };
