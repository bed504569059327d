// Compiled by `npm test` (tsc --noEmit): a real Playwright Page fits the declared types.
import { chromium } from "playwright-core";
import { smartlingContext, fileStem, type Written } from "../..";

export async function capture(): Promise<Written> {
  const browser = await chromium.launch();
  const page = await browser.newPage();
  const written = await smartlingContext(page, fileStem("Search/results"), { out: "shots", fullPage: true });
  const first = written.document.runs[0];
  const top: number | undefined = first?.box?.top;
  void top;
  await browser.close();
  return written;
}
