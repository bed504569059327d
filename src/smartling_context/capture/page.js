// The one in-page script of capture (CLI, Python and npm helpers, Storybook). It is a
// function of its configuration; Python builds the call (`page_document.page_script()`),
// so the marker characters have one definition (strings/markers.py):
//   (config => { ... })({marker: MARKER.pattern, markerChars: MARKER_CHARACTERS.pattern,
//                         start: START})
// It can run as an init script (before the app: it then also counts the app's pending
// timers) or on an already loaded page. From then on, marker characters never stay in what
// the page renders (text, placeholders, values): they are taken out as the app puts them
// in and remembered by position, so a marked page lays out exactly as the unmarked one.
// It defines `window.__smartlingCapture`:
//   settleState()  -> what still moves: {mutations, quietFor, busy, timers, sinceTask,
//                     images, fonts} (times in ms)
//   finishAnimations() -> finite animations and transitions jump to their end, infinite
//                     ones are cancelled (a spinner stops where it began)
//   hideCaretsAndScrollbars() -> a style sheet of our own hides them
//   poll()         -> all three above in one call (the settle loop's)
//   read()         -> the page text document (see page_document.py): every text run with
//                     its inline segments, control texts, every marker span, the box (CSS
//                     px, document coordinates) or hidden reason of each; `mutations` is
//                     the DOM mutation counter when read
//   elementOf(run, start, end, endRun = run) -> the element whose whole text is that
//                     span of the last read (the run's block, an inline element, a marker
//                     span's element; a marker span may end in a later run)
((config) => {
  if (window.__smartlingCapture) return;
  const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "HEAD"]);
  const BUTTONS = new Set(["submit", "button", "reset"]);
  const SPACE = /[ \t\n\r\f\u00a0]/;
  const MARKER = new RegExp(config.marker, "gu");
  const HAS_MARKER = new RegExp(config.marker, "u");
  const MARKER_CHAR = new RegExp(config.markerChars, "u");
  const TIMER_HORIZON_MS = 5000;  // a timeout due within this may still render something
  // Text the app does not show as text keeps its markers: a script's or a JSON island's
  // (read by the app), a template's, the title's; a textarea shows its value (a control).
  const KEEP_MARKED = new Set([...SKIP, "TITLE", "TEXTAREA"]);
  const SETTLE_STYLE = "*, *::before, *::after { caret-color: transparent !important; }"
    + " html { scrollbar-width: none !important; }"
    + " ::-webkit-scrollbar { display: none !important; }";

  // ---- markers out of the page ----
  // Marker characters never stay in what the page renders: as soon as the app puts marked
  // text into the DOM (a text node, a placeholder, a control's value), the markers are
  // taken out and remembered by position, so the page lays out and paints exactly as the
  // unmarked page does; `read()` puts the spans back into the document it returns. An app
  // that renders marked text again is a DOM change like any other (and stripped again).
  const textMarks = new WeakMap();  // Text -> {data, found}: its markers, by UTF-16 offset
  const controlMarks = new WeakMap();  // control -> {placeholder, value}: {data, found} each

  // The text without its markers, and each marker's offset in it; null without markers.
  function unmarked(data) {
    if (!data || !HAS_MARKER.test(data)) return null;
    const found = [];
    let text = "", last = 0;
    for (const match of data.matchAll(MARKER)) {
      text += data.slice(last, match.index);
      found.push({ at: text.length, start: match[1] === config.start, id: match[2] });
      last = match.index + match[0].length;
    }
    text += data.slice(last);
    return { data: text, found };
  }

  function unmarkText(node) {
    const parent = node.parentNode;
    if (!parent || KEEP_MARKED.has(parent.nodeName)) return;
    const result = unmarked(node.data);
    if (result) {
      node.data = result.data;
      textMarks.set(node, result);
    }
  }

  function unmarkControl(control) {
    if (control.nodeName === "IMG") {  // an image that fails to load shows its alt text
      const alt = unmarked(control.getAttribute("alt"));
      if (alt) control.setAttribute("alt", alt.data);
      return false;
    }
    const marks = controlMarks.get(control) || {};
    const placeholder = unmarked(control.getAttribute("placeholder"));
    if (placeholder) {
      control.setAttribute("placeholder", placeholder.data);
      marks.placeholder = placeholder;
    }
    const value = unmarked(control.value);
    if (value) {
      control.value = value.data;
      marks.value = value;
    }
    if (placeholder || value) controlMarks.set(control, marks);
    return Boolean(value);
  }

  const CONTROLS = "input, textarea, img[alt]";

  function unmarkTree(root) {
    if (root.nodeType === Node.TEXT_NODE) return unmarkText(root);
    if (root.nodeType !== Node.ELEMENT_NODE && root.nodeType !== Node.DOCUMENT_NODE) return;
    if (KEEP_MARKED.has(root.nodeName) && root.nodeName !== "TEXTAREA") return;
    if (root.matches && root.matches(CONTROLS)) unmarkControl(root);
    for (const control of root.querySelectorAll(CONTROLS)) unmarkControl(control);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: (n) =>
        n.nodeType === Node.ELEMENT_NODE
          ? (KEEP_MARKED.has(n.nodeName) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP)
          : NodeFilter.FILTER_ACCEPT,
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) unmarkText(node);
  }

  function unmarkChanges(records) {
    for (const record of records) {
      if (record.type === "characterData") {
        textMarks.delete(record.target);  // the app wrote it anew
        if (record.target.nodeType === Node.TEXT_NODE) unmarkText(record.target);
      } else if (record.type === "childList") {
        for (const node of record.addedNodes) unmarkTree(node);
      } else if (record.attributeName === "placeholder" || record.attributeName === "value"
                 || record.attributeName === "alt") {
        const marks = controlMarks.get(record.target);
        if (marks && record.attributeName === "placeholder") delete marks.placeholder;
        if (record.target.matches(CONTROLS)) unmarkControl(record.target);
      }
    }
  }

  // What moves: DOM mutations (with the time of the last) and short pending timeouts.
  // The edits that take markers out are not the app's: they are neither counted nor seen.
  let mutations = 0;
  let lastMutation = performance.now();
  function noteChanges(records) {
    if (records.length === 0) return;
    mutations += records.length;
    lastMutation = performance.now();
    unmarkChanges(records);
  }
  const observer = new MutationObserver((records) => {
    noteChanges(records);
    observer.takeRecords();  // the unmarking's own edits
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  // Runs `edit` (edits of ours) after noting the app's changes not yet delivered.
  function quietly(edit) {
    noteChanges(observer.takeRecords());
    const result = edit();
    observer.takeRecords();
    return result;
  }
  quietly(() => unmarkTree(document));  // a page already loaded (the test helpers)

  // A value the app sets on a control is no DOM mutation: looked for at each poll, and a
  // marked one is a change of what the page shows.
  function unmarkValues() {
    let changed = 0;
    for (const control of document.querySelectorAll("input, textarea")) {
      if (control.value && HAS_MARKER.test(control.value) && unmarkControl(control)) changed++;
    }
    if (changed) {
      mutations += changed;
      lastMutation = performance.now();
    }
  }

  const timers = new Set();
  let lastTask = -Infinity;  // a timeout ran, a task was posted: the app may render after
  const setTimeoutOriginal = window.setTimeout;
  const clearTimeoutOriginal = window.clearTimeout;
  window.setTimeout = function (callback, delay, ...args) {
    if (typeof callback !== "function" || !(Number(delay) <= TIMER_HORIZON_MS)) {
      return setTimeoutOriginal.call(window, callback, delay, ...args);
    }
    const id = setTimeoutOriginal.call(window, (...given) => {
      timers.delete(id);
      lastTask = performance.now();
      callback(...given);
    }, delay, ...args);
    timers.add(id);
    return id;
  };
  window.clearTimeout = function (id) {
    timers.delete(id);
    return clearTimeoutOriginal.call(window, id);
  };
  // A task a scheduler posts to itself (React renders in slices posted on a MessageChannel,
  // and commits to the DOM only at the end): the app is still at work.
  const postMessageOriginal = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (...args) {
    lastTask = performance.now();
    return postMessageOriginal.apply(this, args);
  };

  function describe(element) {
    const id = element.id ? `#${element.id}` : "";
    return `<${element.nodeName.toLowerCase()}${id}>`;
  }

  function settleState() {
    quietly(unmarkValues);
    const busy = document.querySelector('[aria-busy="true"]');
    const images = [...document.images].filter((image) => !image.complete && image.loading !== "lazy");
    return {
      mutations,
      quietFor: performance.now() - lastMutation,
      busy: busy ? describe(busy) : null,
      timers: timers.size,
      sinceTask: performance.now() - lastTask,
      images: images.length,
      fonts: document.fonts ? document.fonts.status === "loading" : false,
    };
  }

  function finishAnimations() {
    for (const animation of document.getAnimations()) {
      const timing = animation.effect && animation.effect.getComputedTiming();
      try {
        if (timing && Number.isFinite(timing.endTime)) animation.finish();
        else animation.cancel();
      } catch (error) {
        animation.cancel();
      }
    }
  }

  // Carets and scrollbars hidden; a constructed style sheet (no DOM change, and allowed
  // by a Content-Security-Policy without inline styles).
  let settleSheet = null;
  function hideCaretsAndScrollbars() {
    try {
      if (!settleSheet) {
        settleSheet = new CSSStyleSheet();
        settleSheet.replaceSync(SETTLE_STYLE);
      }
      if (!document.adoptedStyleSheets.includes(settleSheet)) {
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, settleSheet];
      }
    } catch (error) {
      // an old browser: carets and scrollbars stay
    }
  }

  // One poll of the settle loop: styled, animations at their end, what still moves.
  function poll() {
    hideCaretsAndScrollbars();
    finishAnimations();
    return settleState();
  }

  // ---- reading the text ----
  let runs = [];
  let blocks = new Map();

  function blockOf(element) {
    for (let el = element; el && el !== document.body; el = el.parentElement) {
      if (!blocks.has(el)) {
        const display = getComputedStyle(el).display;
        blocks.set(el, display !== "inline" && display !== "contents");
      }
      if (blocks.get(el)) return el;
    }
    return document.body;
  }

  function append(run, char, node, offset) {
    if (SPACE.test(char)) {
      if (run.text.length === 0 || run.text.endsWith(" ")) return;
      char = " ";
    }
    run.text += char;
    run.nodes.push(node);
    run.offsets.push(offset);
  }

  // Appends a text's characters to a run; its markers (`found`, by UTF-16 offset, taken out
  // of the text before) open and close spans. Offsets count code points, as Python does;
  // no marker character reaches the run's text.
  function appendText(run, runIndex, data, node, found, opened, spans) {
    let next = 0;
    for (let index = 0; ; ) {
      for (; next < found.length && found[next].at <= index; next++) {
        const marker = found[next];
        const at = { run: runIndex, offset: run.nodes.length, node };
        if (marker.start) opened.push({ id: marker.id, at });
        else close(opened, marker.id, at, spans);
      }
      if (index >= data.length) return;
      const char = String.fromCodePoint(data.codePointAt(index));
      if (!MARKER_CHAR.test(char)) append(run, char, node, index);
      index += char.length;
    }
  }

  // The markers taken out of a text that still reads `data`.
  function marksOf(marks, data) {
    return marks && marks.data === data ? marks.found : [];
  }

  function close(opened, id, at, spans) {
    for (let i = opened.length - 1; i >= 0; i--) {
      if (opened[i].id === id) {
        spans.push({ id, start: opened[i].at, end: at });
        opened.length = i;  // markers opened inside and never closed are dropped
        return;
      }
    }
  }

  // A form control shows text of its own: a button's value, or an empty field's
  // placeholder; with the markers taken out of it.
  function controlText(control) {
    const marks = controlMarks.get(control) || {};
    if (control.nodeName === "INPUT" && BUTTONS.has(control.type)) {
      return [control.value, marksOf(marks.value, control.value)];
    }
    if (control.value) return ["", []];
    const placeholder = control.placeholder || "";
    return [placeholder, marksOf(marks.placeholder, placeholder)];
  }

  function collect() {
    runs = [];
    blocks = new Map();
    const opened = [];
    const spans = [];
    const walker = document.createTreeWalker(
      document.body,
      NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT,
      {
        acceptNode: (n) =>
          SKIP.has(n.nodeName) || n.parentNode.nodeName === "TEXTAREA"
            ? NodeFilter.FILTER_REJECT
            : NodeFilter.FILTER_ACCEPT,
      },
    );
    let run = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeName === "BR") {
        if (run) append(run, " ", node, 0);
        continue;
      }
      if (node.nodeName === "INPUT" || node.nodeName === "TEXTAREA") {
        run = null;
        const [text, found] = controlText(node);
        if (text) {
          const control = { block: node, control: node, text: "", nodes: [], offsets: [] };
          runs.push(control);
          appendText(control, runs.length - 1, text, node, found, [], spans);
        }
        continue;
      }
      if (node.nodeType !== Node.TEXT_NODE) continue;
      const block = blockOf(node.parentElement);
      if (!run || run.block !== block) {
        run = { block, text: "", nodes: [], offsets: [] };
        runs.push(run);
      }
      appendText(run, runs.length - 1, node.data, node, marksOf(textMarks.get(node), node.data), opened, spans);
    }
    for (const r of runs) {
      r.text = r.text.trimEnd();
      r.length = [...r.text].length;
      r.segments = r.control ? [] : segments(r);
    }
    const found = spans.map(markerSpan).filter((span) => span !== null);
    // Runs of collapsed white space only are dropped; spans are renumbered with them.
    const renumbered = new Map();
    runs = runs.filter((r, index) => r.length > 0 && renumbered.set(index, renumbered.size));
    return found
      .filter((span) => renumbered.has(span.start[0]) && renumbered.has(span.end[0]))
      .map((span) => ({
        ...span,
        start: [renumbered.get(span.start[0]), span.start[1]],
        end: [renumbered.get(span.end[0]), span.end[1]],
      }));
  }

  // A marker span as [run, offset] pairs, its edges moved off collapsed spaces.
  function markerSpan({ id, start, end }) {
    let [startRun, from] = [start.run, start.offset];
    let [endRun, to] = [end.run, Math.min(end.offset, runs[end.run].length)];
    const first = [...runs[startRun].text];
    while (from < first.length && first[from] === " ") from++;
    if (startRun === endRun) {
      while (to > from && first[to - 1] === " ") to--;
      if (to <= from) return null;
    } else {
      const last = [...runs[endRun].text];
      while (to > 0 && last[to - 1] === " ") to--;
    }
    if (from >= first.length) {  // opened at the end of a run: starts at the next one
      if (startRun + 1 > endRun) return null;
      startRun += 1;
      from = 0;
    }
    if (to === 0 && endRun > startRun) {
      endRun -= 1;
      to = runs[endRun].length;
    }
    return { id: [...id].map((c) => String.fromCodePoint(c.codePointAt(0) - 0xe0000)).join(""),
             start: [startRun, from], end: [endRun, to] };
  }

  // Where each inline element's text (a link, a <b>) starts and ends within its run.
  function segments(run) {
    const text = [...run.text];
    const nodes = new Map();
    run.nodes.forEach((node, i) => {
      const range = nodes.get(node);
      if (range) range[1] = i + 1;
      else nodes.set(node, [i, i + 1]);
    });
    const elements = new Map();
    for (const [node, [start, end]] of nodes) {
      for (let el = node.parentElement; el && el !== run.block; el = el.parentElement) {
        const range = elements.get(el);
        if (range) range[1] = end;
        else elements.set(el, [start, end]);
      }
    }
    const found = new Map();
    for (let [start, end] of elements.values()) {
      end = Math.min(end, text.length);
      while (start < end && text[start] === " ") start++;
      while (end > start && text[end - 1] === " ") end--;
      if (end > start && (start > 0 || end < text.length)) found.set(`${start},${end}`, [start, end]);
    }
    return [...found.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  }

  function shown(node) {
    const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    return element.checkVisibility({
      opacityProperty: true, visibilityProperty: true, checkOpacity: true, checkVisibilityCSS: true,
    });
  }

  // The box of [start, end) code points from one run to another, or why it is not seen.
  function measure(startRun, start, endRun, end) {
    const first = runs[startRun], last = runs[endRun];
    const firstNode = first.nodes[start], lastNode = last.nodes[end - 1];
    if (!shown(firstNode) || !shown(lastNode)) {
      return { hidden: "hidden by CSS (display, visibility or opacity)" };
    }
    if (first.control) return seen([first.control.getBoundingClientRect()], first.control);
    const range = document.createRange();
    range.setStart(firstNode, firstNode.nodeType === Node.TEXT_NODE ? first.offsets[start] : 0);
    if (lastNode.nodeType === Node.TEXT_NODE) {
      const at = last.offsets[end - 1];
      range.setEnd(lastNode, at + String.fromCodePoint(lastNode.data.codePointAt(at)).length);
    } else {
      range.setEndAfter(lastNode);
    }
    let own = range.commonAncestorContainer;
    if (own.nodeType !== Node.ELEMENT_NODE) own = own.parentElement;
    return seen([...range.getClientRects()], own);
  }

  // The box, unless another element lies over the text: a dialog's panel over the page
  // behind it, a menu over a form. The screenshot shows the cover, not the text.
  function seen(rects, own) {
    return covered(rects, own) ? { hidden: COVERED } : box(rects);
  }

  const COVERED = "covered by another element (a dialog, a menu or an overlay)";

  // Whether, at the middle of any of the text's rects inside the viewport, an element
  // that is neither the text's own element nor inside it, nor around it, paints over it
  // with an opaque background (a translucent backdrop that dims the page does not hide
  // it). Points outside the viewport cannot be hit-tested and are not checked.
  function covered(rects, own) {
    for (const r of rects) {
      const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
      if (r.width <= 0 || r.height <= 0) continue;
      if (x < 0 || y < 0 || x >= window.innerWidth || y >= window.innerHeight) continue;
      for (const element of document.elementsFromPoint(x, y)) {
        if (element === own || own.contains(element) || element.contains(own)) break;
        if (opaque(element) && inside(element.getBoundingClientRect(), x, y)) return true;
      }
    }
    return false;
  }

  // A modal <dialog> is hit through its ::backdrop too (which only dims the page): an
  // element covers only what lies within its own box.
  function inside(rect, x, y) {
    return x >= rect.left && x < rect.right && y >= rect.top && y < rect.bottom;
  }

  const REPLACED = new Set(["IMG", "VIDEO", "CANVAS", "IFRAME", "OBJECT", "EMBED", "svg"]);

  function opaque(element) {
    if (REPLACED.has(element.nodeName)) return true;
    const style = getComputedStyle(element);
    if (style.backgroundImage !== "none") return true;
    const color = style.backgroundColor.match(/rgba?\(([^)]*)\)/);
    if (!color) return false;
    const parts = color[1].split(/[\s,/]+/).filter(Boolean);
    const alpha = parts.length > 3 ? parseFloat(parts[3]) * (parts[3].endsWith("%") ? 0.01 : 1) : 1;
    return alpha * parseFloat(style.opacity) > 0.5;
  }

  // The union of the rects in document coordinates (CSS pixels).
  function box(all) {
    const rects = all.filter((r) => r.width > 0 && r.height > 0);
    if (rects.length === 0) return { hidden: "zero size" };
    return {
      box: {
        left: Math.min(...rects.map((r) => r.left)) + window.scrollX,
        top: Math.min(...rects.map((r) => r.top)) + window.scrollY,
        right: Math.max(...rects.map((r) => r.right)) + window.scrollX,
        bottom: Math.max(...rects.map((r) => r.bottom)) + window.scrollY,
      },
    };
  }

  let markers = [];

  function read() {
    quietly(() => {  // anything marked still in the page (an app's value, a late text)
      unmarkTree(document);
      unmarkValues();
    });
    const counted = mutations;
    markers = collect();
    const document_ = {
      url: location.href,
      viewport: { width: window.innerWidth, height: window.innerHeight },
      scroll: { x: window.scrollX, y: window.scrollY },
      size: {
        width: document.documentElement.scrollWidth,
        height: document.documentElement.scrollHeight,
      },
      runs: runs.map((run, index) => ({
        text: run.text,
        kind: run.control ? "control" : "block",
        ...measure(index, 0, index, run.length),
        segments: run.segments.map(([start, end]) => ({ start, end, ...measure(index, start, index, end) })),
      })),
      markers: markers.map((span) => ({
        ...span, ...measure(span.start[0], span.start[1], span.end[0], span.end[1]),
      })),
      mutations: counted,
    };
    return document_;
  }

  function elementOf(runIndex, start, end, endRun = runIndex) {
    const run = runs[runIndex];
    if (!run || !runs[endRun]) return null;
    if (run.control) return run.control;
    const first = run.nodes[start], last = runs[endRun].nodes[end - 1];
    if (!first || !last) return null;
    const range = document.createRange();
    range.setStartBefore(first);
    range.setEndAfter(last);
    let element = range.commonAncestorContainer;
    if (element.nodeType !== Node.ELEMENT_NODE) element = element.parentElement;
    return element;
  }

  window.__smartlingCapture = {
    settleState, finishAnimations, hideCaretsAndScrollbars, poll, read, elementOf,
  };
})
