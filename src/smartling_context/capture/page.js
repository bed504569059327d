// Runs inside the captured page (Playwright's `page.evaluate`). Two entry points on
// `window.__smartlingCapture`:
//   runs()                -> the page's text as runs: the text of one block (an element
//                            that is not `display: inline`), across inline tags such as
//                            <b>, whitespace collapsed as rendered; with the [start, end)
//                            of each inline element's text inside it (`segments`); a
//                            button's value or an empty field's placeholder is a run;
//   measure(spans, area)  -> for each [run, start, end] (code-point offsets), the box of
//                            that text in CSS pixels of the document, or why it is hidden;
//   elementOf(run, start, end) -> the element that holds that span (for the HTML snapshot).
(() => {
  const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "HEAD"]);
  const BUTTONS = new Set(["submit", "button", "reset"]);
  const SPACE = /[ \t\n\r\f\u00a0]/;
  const blocks = new Map();
  const runs = [];

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

  // A form control shows text of its own: a button's value, or an empty field's placeholder.
  function controlText(control) {
    if (control.nodeName === "INPUT" && BUTTONS.has(control.type)) return control.value;
    return control.value ? "" : control.placeholder || "";
  }

  function controlRun(control, text) {
    const run = { block: control, control, text: "", nodes: [], offsets: [] };
    for (const char of text) append(run, char, control, 0);
    return run;
  }

  function collect() {
    runs.length = 0;
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
        const text = controlText(node);
        if (text) runs.push(controlRun(node, text));
        continue;
      }
      if (node.nodeType !== Node.TEXT_NODE) continue;
      const block = blockOf(node.parentElement);
      if (!run || run.block !== block) {
        run = { block, text: "", nodes: [], offsets: [] };
        runs.push(run);
      }
      let offset = 0;
      for (const char of node.data) {  // code points, as Python counts them
        append(run, char, node, offset);
        offset += char.length;
      }
    }
    return runs.map((r) => ({ text: r.text.trimEnd(), segments: r.control ? [] : segments(r) }));
  }

  // Where each inline element's text (a link, a <b>) starts and ends within its run.
  function segments(run) {
    const text = run.text.trimEnd();
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
    const found = new Set();
    for (let [start, end] of elements.values()) {
      end = Math.min(end, text.length);
      while (start < end && text[start] === " ") start++;
      while (end > start && text[end - 1] === " ") end--;
      if (end > start && (start > 0 || end < text.length)) found.add(`${start},${end}`);
    }
    return [...found].map((pair) => pair.split(",").map(Number));
  }

  function shown(node) {
    const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    const current = { opacityProperty: true, visibilityProperty: true };
    return element.checkVisibility({ ...current, checkOpacity: true, checkVisibilityCSS: true });
  }

  function measureOne([index, start, end], area) {
    const run = runs[index];
    const first = run.nodes[start], last = run.nodes[end - 1];
    if (!shown(first) || !shown(last)) return { hidden: "hidden by CSS (display, visibility or opacity)" };
    if (run.control) return place([run.control.getBoundingClientRect()], area);
    const range = document.createRange();
    range.setStart(first, first.nodeType === Node.TEXT_NODE ? run.offsets[start] : 0);
    if (last.nodeType === Node.TEXT_NODE) {
      range.setEnd(last, run.offsets[end - 1] + String.fromCodePoint(last.data.codePointAt(run.offsets[end - 1])).length);
    } else {
      range.setEndAfter(last);
    }
    return place([...range.getClientRects()], area);
  }

  // The union of the rects in document coordinates, clipped to the screenshot.
  function place(all, area) {
    const rects = all.filter((r) => r.width > 0 && r.height > 0);
    if (rects.length === 0) return { hidden: "zero size" };
    const box = {
      left: Math.min(...rects.map((r) => r.left)) + window.scrollX,
      top: Math.min(...rects.map((r) => r.top)) + window.scrollY,
      right: Math.max(...rects.map((r) => r.right)) + window.scrollX,
      bottom: Math.max(...rects.map((r) => r.bottom)) + window.scrollY,
    };
    const clipped = {
      left: Math.max(box.left, 0),
      top: Math.max(box.top, 0),
      right: Math.min(box.right, area.width),
      bottom: Math.min(box.bottom, area.height),
    };
    if (clipped.right - clipped.left < 1 || clipped.bottom - clipped.top < 1) {
      return { hidden: "outside the screenshot" };
    }
    return clipped;
  }

  // The element that holds a span: the control, else the nearest element around both ends.
  function elementOf(index, start, end) {
    const run = runs[index];
    if (!run) return null;
    if (run.control) return run.control;
    const first = run.nodes[start], last = run.nodes[end - 1];
    let element = first.nodeType === Node.TEXT_NODE ? first.parentElement : first;
    while (element && !element.contains(last)) element = element.parentElement;
    return element;
  }

  window.__smartlingCapture = {
    runs: collect,
    measure: (spans, area) => spans.map((span) => measureOne(span, area)),
    elementOf,
  };
})();
