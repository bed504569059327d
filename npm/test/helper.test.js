// smartling-context-playwright in a real Playwright (playwright-core) driving Debian's
// Chromium (no browser download), on the test app served from 127.0.0.1.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const http = require("node:http");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { chromium } = require("playwright-core");
const { smartlingContext, fileStem, pageScript, DEFAULT_FOLDER } = require("..");

const ROOT = path.resolve(__dirname, "..", "..");
const APP = path.join(ROOT, "tests", "fixtures", "own-tests");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const PYTHON = process.env.PYTHON || "python3";

test("the shipped page.js is capture's page.js, byte for byte", () => {
  const shipped = fs.readFileSync(path.join(__dirname, "..", "page.js"));
  const python = fs.readFileSync(path.join(ROOT, "src", "smartling_context", "capture", "page.js"));
  assert.ok(shipped.equals(python));
});

test("the page evaluates exactly the script Python's page_script() evaluates", () => {
  const fromPython = execFileSync(PYTHON, [
    "-c",
    "import sys; sys.path.insert(0, sys.argv[1]); " +
      "from smartling_context.capture.page_document import page_script; " +
      "sys.stdout.buffer.write(page_script().encode('utf-8', 'surrogatepass'))",
    path.join(ROOT, "src"),
  ]);
  assert.equal(pageScript(), fromPython.toString("utf8"));
});

test("the package's version is the Python package's", () => {
  // pyproject.toml reads it from smartling_context.__version__ (scripts/release-version.sh sets both).
  const init = fs.readFileSync(path.join(ROOT, "src", "smartling_context", "__init__.py"), "utf8");
  const version = /^__version__ = "([^"]+)"/m.exec(init)[1];
  assert.equal(require("../package.json").version, version);
});

test("file names follow the same rule as the Python helper's", () => {
  const cases = JSON.parse(fs.readFileSync(path.join(APP, "names.json"), "utf8"));
  for (const [name, stem] of cases.named) assert.equal(fileStem(name), stem, name);
  for (const name of cases.refused) assert.throws(() => fileStem(name), /needs a letter or digit/);
});

function serve() {
  const server = http.createServer((request, response) => {
    const file = path.join(APP, path.basename(new URL(request.url, "http://x").pathname));
    if (!fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

test("one call after a click writes the settled page: its screenshot and what it shows", async (t) => {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--disable-gpu"] });
  t.after(async () => {
    await browser.close();
    server.close();
  });
  const page = await browser.newPage({ viewport: { width: 640, height: 480 }, deviceScaleFactor: 2 });
  await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
  await page.click("#filters"); // the dialog opens 150 ms later and fades in: no wait here
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "smartling-context-"));

  const written = await smartlingContext(page, "Search/Filters open", { out });
  const again = await smartlingContext(page, "Search/Filters open again", { out });

  assert.equal(written.image, path.join(out, "Search - Filters open.png"));
  assert.deepEqual(fs.readdirSync(out).sort(), [
    "Search - Filters open again.page.json",
    "Search - Filters open again.png",
    "Search - Filters open.page.json",
    "Search - Filters open.png",
  ]);
  const png = fs.readFileSync(written.image);
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1280, 960]);
  assert.ok(png.equals(fs.readFileSync(again.image)), "the same state gives the same bytes");
  const document = JSON.parse(fs.readFileSync(written.pageDocument, "utf8"));
  assert.equal(document.format, "smartling-context/page-text");
  assert.deepEqual([document.scale, document.image], [2, { width: 640, height: 480 }]);
  const texts = document.runs.map((run) => run.text);
  assert.ok(texts.includes("Apply filters"), texts.join(" | ")); // the dialog, open
  const apply = document.runs.find((run) => run.text === "Apply filters");
  const measured = await page.evaluate(() => {
    const range = document.createRange();
    range.selectNodeContents(document.getElementById("apply"));
    const r = range.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  });
  for (const side of ["left", "top", "right", "bottom"]) {
    assert.ok(Math.abs(apply.box[side] - measured[side]) < 1, `${side}: ${apply.box[side]} vs ${measured[side]}`);
  }
});

test("a page that never holds still fails with the reason, writing nothing", async (t) => {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--disable-gpu"] });
  t.after(() => browser.close());
  const page = await browser.newPage();
  await page.setContent('<p aria-busy="true" id="spinner">Loading</p>');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "smartling-context-"));
  await assert.rejects(smartlingContext(page, "Loading", { out, timeout: 1000 }), {
    name: "ScreenFailed",
    message: /<p#spinner> stayed aria-busy for 1 s/,
  });
  assert.deepEqual(fs.readdirSync(out), []);
  assert.equal(DEFAULT_FOLDER, "smartling-context-screens");
});
