// Runs inside the captured page after page.js, on the still-open page. One entry point:
//   window.__smartlingSnapshot(targets) -> Promise<{html, anchors, parts, missing}>
// `targets` are boxed spans [run, start, end] (page.js's offsets); each one's element
// (page.js's `elementOf`) gets a `data-sl-anchor`: "1", "2", ... in document order.
// The page is serialized self-contained: every stylesheet as the browser holds it (its
// CSSOM, so rules that scripts inserted are kept), images and fonts as data: URLs, form
// values as attributes, no scripts, and a <base> for whatever is left relative (a web
// page's address; never a file's path).
// `parts` says what took the room (each inlined resource's size); `missing` lists the
// resources that could not be read (they stay as absolute URLs).
(() => {
  const DROP = new Set(["SCRIPT", "NOSCRIPT", "TEMPLATE", "BASE"]);
  const URL_IN_CSS = /url\(\s*(["']?)([^"')]+)\1\s*\)/g;
  const fetched = new Map();
  const parts = new Map();
  const missing = new Set();

  function absolute(url, base) {
    try {
      return new URL(url, base).href;
    } catch {
      return null;
    }
  }

  // A resource as a data: URL, fetched once; null (and noted) when it cannot be read.
  function inline(url, base) {
    const href = absolute(url, base);
    if (!href || href.startsWith("data:") || url.startsWith("#")) return Promise.resolve(null);
    if (!fetched.has(href)) {
      fetched.set(
        href,
        fetch(href, { credentials: "include" })
          .then((answer) => (answer.ok ? answer.blob() : Promise.reject(answer.status)))
          .then(
            (blob) =>
              new Promise((resolve) => {
                const reader = new FileReader();
                reader.onload = () => {
                  parts.set(href, reader.result.length);
                  resolve(reader.result);
                };
                reader.onerror = () => resolve(null);
                reader.readAsDataURL(blob);
              }),
          )
          .catch(() => {
            missing.add(href);
            return null;
          }),
      );
    }
    return fetched.get(href);
  }

  // CSS text with every url() inlined (relative URLs resolved against `base`).
  async function inlineCss(css, base) {
    const urls = [...new Set([...css.matchAll(URL_IN_CSS)].map((m) => m[2]))];
    const data = await Promise.all(urls.map((url) => inline(url, base)));
    const found = new Map(urls.map((url, i) => [url, data[i]]));
    return css.replace(URL_IN_CSS, (whole, quote, url) => {
      if (found.get(url)) return `url("${found.get(url)}")`;
      const href = url.startsWith("#") ? null : absolute(url, base);
      return href ? `url("${href}")` : whole;
    });
  }

  // A stylesheet as the browser holds it: its rules (imports flattened), url()s inlined.
  async function sheetText(sheet) {
    const base = sheet.href || document.baseURI;
    let rules;
    try {
      rules = [...sheet.cssRules];
    } catch {
      // Another origin's sheet without CORS: its text as served, if it can be read.
      try {
        const answer = await fetch(sheet.href, { credentials: "include" });
        return answer.ok ? inlineCss(await answer.text(), base) : "";
      } catch {
        missing.add(sheet.href);
        return "";
      }
    }
    const texts = [];
    for (const rule of rules) {
      if (rule instanceof CSSImportRule && rule.styleSheet) {
        const media = rule.media.mediaText;
        const inner = await sheetText(rule.styleSheet);
        texts.push(media ? `@media ${media} {\n${inner}\n}` : inner);
      } else {
        texts.push(rule.cssText);
      }
    }
    return inlineCss(texts.join("\n"), base);
  }

  function styleElement(text, media) {
    const style = document.createElement("style");
    if (media) style.setAttribute("media", media);
    style.textContent = text;
    return style;
  }

  function keepFormState(original, copy) {
    if (original instanceof HTMLInputElement) {
      if (original.type === "checkbox" || original.type === "radio") {
        if (original.checked) copy.setAttribute("checked", "");
        else copy.removeAttribute("checked");
      } else if (original.type === "password") {
        copy.removeAttribute("value"); // never a secret in the uploaded page
      } else if (original.type !== "file") {
        copy.setAttribute("value", original.value);
      }
    } else if (original instanceof HTMLTextAreaElement) {
      copy.textContent = original.value;
    } else if (original instanceof HTMLOptionElement) {
      if (original.selected) copy.setAttribute("selected", "");
      else copy.removeAttribute("selected");
    }
  }

  function dropScripting(copy) {
    for (const name of copy.getAttributeNames()) {
      const value = copy.getAttribute(name) || "";
      if (name.startsWith("on") || /^\s*javascript:/i.test(value)) copy.removeAttribute(name);
    }
  }

  // One element of the copy, made self-contained; returns a promise when it waits on data.
  function settle(original, copy, jobs) {
    dropScripting(copy);
    keepFormState(original, copy);
    const tag = original.nodeName;
    if (copy.hasAttribute("style") && copy.getAttribute("style").includes("url(")) {
      jobs.push(
        inlineCss(copy.getAttribute("style"), document.baseURI).then((css) =>
          copy.setAttribute("style", css),
        ),
      );
    }
    if (tag === "IMG" && original.currentSrc) {
      copy.removeAttribute("srcset");
      copy.removeAttribute("sizes");
      copy.removeAttribute("loading");
      jobs.push(
        inline(original.currentSrc, document.baseURI).then((data) =>
          copy.setAttribute("src", data || original.currentSrc),
        ),
      );
    } else if (tag === "SOURCE" && original.parentElement?.nodeName === "PICTURE") {
      copy.remove(); // the <img> holds the chosen source
    } else if (tag === "VIDEO" && original.poster) {
      jobs.push(inline(original.poster, document.baseURI).then((d) => d && (copy.poster = d)));
    } else if (tag === "CANVAS") {
      try {
        const image = document.createElement("img");
        for (const name of original.getAttributeNames()) {
          image.setAttribute(name, original.getAttribute(name));
        }
        image.src = original.toDataURL();
        image.style.width = `${original.clientWidth}px`;
        image.style.height = `${original.clientHeight}px`;
        copy.replaceWith(image);
      } catch {
        // a tainted canvas stays blank
      }
    } else if (tag === "STYLE" && original.sheet) {
      jobs.push(sheetText(original.sheet).then((css) => (copy.textContent = css)));
    } else if (tag === "LINK") {
      const rel = (original.rel || "").toLowerCase().split(/\s+/);
      if (rel.includes("stylesheet") && original.sheet && !original.disabled) {
        const style = styleElement("", original.media);
        copy.replaceWith(style);
        jobs.push(sheetText(original.sheet).then((css) => (style.textContent = css)));
      } else {
        copy.remove(); // preloads, icons, manifests: nothing a translator sees
      }
    } else if (tag === "META") {
      const equiv = (original.httpEquiv || "").toLowerCase();
      if (equiv === "refresh" || equiv === "content-security-policy") copy.remove();
    } else if (tag === "IFRAME" || tag === "FRAME") {
      copy.removeAttribute("srcdoc");
    }
  }

  async function snapshot(targets) {
    const capture = window.__smartlingCapture;
    const elements = targets.map(([run, start, end]) => capture.elementOf(run, start, end));
    const ordered = [...new Set(elements.filter(Boolean))].sort((a, b) =>
      a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
    );
    const anchorOf = new Map(ordered.map((element, i) => [element, String(i + 1)]));

    const root = document.documentElement;
    const copy = root.cloneNode(true);
    const originals = [root, ...root.querySelectorAll("*")];
    const copies = [copy, ...copy.querySelectorAll("*")];
    const jobs = [];
    originals.forEach((original, i) => {
      const twin = copies[i];
      if (DROP.has(original.nodeName)) {
        twin.remove();
        return;
      }
      if (anchorOf.has(original)) twin.setAttribute("data-sl-anchor", anchorOf.get(original));
      else twin.removeAttribute("data-sl-anchor"); // the page's own would collide
      settle(original, twin, jobs);
    });
    let head = copy.querySelector("head");
    if (!head) {
      head = document.createElement("head");
      copy.prepend(head);
    }
    for (const sheet of document.adoptedStyleSheets || []) {
      const style = styleElement("");
      head.append(style);
      jobs.push(sheetText(sheet).then((css) => (style.textContent = css)));
    }
    await Promise.all(jobs);
    const charset = document.createElement("meta");
    charset.setAttribute("charset", "utf-8");
    head.querySelectorAll("meta[charset]").forEach((meta) => meta.remove());
    head.prepend(charset);
    // A web address only: a file's (file:///home/...) would name the capturing machine's
    // folders in the page uploaded to Smartling, and nothing there could follow it.
    if (/^https?:$/.test(location.protocol)) {
      const base = document.createElement("base");
      base.setAttribute("href", document.baseURI);
      charset.after(base);
    }

    const doctype = document.compatMode === "BackCompat" ? "" : "<!DOCTYPE html>\n";
    return {
      html: doctype + copy.outerHTML,
      anchors: elements.map((element) => (element ? anchorOf.get(element) : null)),
      parts: [...parts.entries()],
      missing: [...missing],
    };
  }

  window.__smartlingSnapshot = snapshot;
})();
