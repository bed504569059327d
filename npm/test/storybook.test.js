// The README's Storybook test-runner hook: `postVisit` calls smartlingContext on the page
// the runner opened (the story's iframe), on the project's own Storybook fixture built
// into tests/fixtures/storybook/storybook-static (.ci/run builds it before this runs).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const http = require("node:http");
const os = require("node:os");
const path = require("node:path");
const { chromium } = require("playwright-core");
const { smartlingContext } = require("..");

const FIXTURE = path.resolve(__dirname, "..", "..", "tests", "fixtures", "storybook");
const BUILT = path.join(FIXTURE, "storybook-static");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json" };
const built = fs.existsSync(path.join(BUILT, "index.json"));

function serve() {
  const server = http.createServer((request, response) => {
    const wanted = path.normalize(decodeURIComponent(new URL(request.url, "http://x").pathname));
    const file = path.join(BUILT, wanted);
    if (!file.startsWith(BUILT) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    const type = TYPES[path.extname(file)] || "application/octet-stream";
    response.writeHead(200, { "content-type": type }).end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// What @storybook/test-runner hands postVisit: the page showing the story, and its context.
async function postVisit(page, context, out) {
  await smartlingContext(page, `${context.title}/${context.name}`, { out });
}

test(
  "the test-runner hook writes each story as capture.storybook names it",
  { skip: built || process.env.CI ? false : "the Storybook fixture is not built (see .ci/run)" },
  async (t) => {
    const server = await serve();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--disable-gpu"] });
    t.after(async () => {
      await browser.close();
      server.close();
    });
    const index = JSON.parse(fs.readFileSync(path.join(BUILT, "index.json"), "utf8"));
    const story = index.entries["components-button--primary"];
    const page = await browser.newPage();
    const base = `http://127.0.0.1:${server.address().port}`;
    await page.goto(`${base}/iframe.html?id=${story.id}&viewMode=story`);
    await page.waitForSelector("#storybook-root button");
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "smartling-context-"));

    await postVisit(page, story, out);

    const document = JSON.parse(
      fs.readFileSync(path.join(out, "Components - Button - Primary.page.json"), "utf8"),
    );
    const strings = JSON.parse(fs.readFileSync(path.join(FIXTURE, "locales", "en.json"), "utf8"));
    const save = document.runs.find((run) => run.text === strings.button.save);
    assert.ok(save && save.box, JSON.stringify(document.runs.map((run) => run.text)));
  },
);
