// Types of smartling-context-playwright. `page` is a Playwright Page (playwright,
// @playwright/test or playwright-core); only the methods used here are named, so no
// particular Playwright package is required.

/** The part of Playwright's Page the helper uses. */
export interface PlaywrightPage {
  evaluate(expression: string): Promise<any>;
  screenshot(options?: { fullPage?: boolean; type?: "png" | "jpeg"; caret?: "hide" | "initial" }): Promise<Uint8Array>;
  waitForTimeout(timeout: number): Promise<void>;
  waitForLoadState(state?: "load" | "domcontentloaded" | "networkidle"): Promise<void>;
  on(event: "request" | "requestfinished" | "requestfailed", listener: (request: any) => unknown): unknown;
  off(event: "request" | "requestfinished" | "requestfailed", listener: (request: any) => unknown): unknown;
}

export interface SmartlingContextOptions {
  /** The folder the files go to (created when missing). Default `smartling-context-screens`. */
  out?: string;
  /** The whole page, not only the viewport. Default false. */
  fullPage?: boolean;
  /** Milliseconds the page may take to hold still. Default 30000. */
  timeout?: number;
}

/** A box in CSS pixels of the page, in document coordinates. */
export interface CssBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Seen (a box) or not (why). */
export type Seen = { box: CssBox; hidden?: never } | { hidden: string; box?: never };

export type Segment = { start: number; end: number } & Seen;

export type TextRun = { text: string; kind: "block" | "control"; segments: Segment[] } & Seen;

export type MarkerSpan = { id: string; start: [number, number]; end: [number, number] } & Seen;

/** The page text document written as `<name>.page.json` (format version 1). */
export interface PageDocument {
  format: "smartling-context/page-text";
  version: 1;
  url: string;
  viewport: { width: number; height: number };
  scale: number;
  /** The screenshot's area in CSS pixels. */
  image: { width: number; height: number };
  runs: TextRun[];
  markers: MarkerSpan[];
}

export interface Written {
  /** The screenshot: `<out>/<name>.png`. */
  image: string;
  /** What the page showed: `<out>/<name>.page.json`. */
  pageDocument: string;
  document: PageDocument;
}

/**
 * Capture the page as it is now: settle it, read what it shows and screenshot that same
 * state; write `<out>/<name>.png` and `<out>/<name>.page.json`. Rejects with a
 * `ScreenFailed` saying why when the page never holds still within `timeout`.
 */
export function smartlingContext(
  page: PlaywrightPage,
  name: string,
  options?: SmartlingContextOptions,
): Promise<Written>;

/** A screen's name as its files' stem: `Checkout/Payment` -> `Checkout - Payment`. */
export function fileStem(name: string): string;

/** page.js called with its configuration: the script evaluated in the page. */
export function pageScript(): string;

export class ScreenFailed extends Error {}

export const DEFAULT_FOLDER: string;
