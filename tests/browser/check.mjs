#!/usr/bin/env node
// Browser-level checks for comcom pages.
//
//   node tests/browser/check.mjs [--lang fr|en] [--json] URL...
//
// For every URL:
//   1. html  – the raw server response (fetched with Node's fetch and the
//              Accept-Language of --lang) is validated with html-validate,
//              configured by .htmlvalidate.json next to this file.
//   2. axe   – the page is opened in headless Chromium (playwright-core,
//              /usr/bin/chromium) and axe-core runs with the tags wcag2a,
//              wcag2aa, wcag21a, wcag21aa and best-practice. Every violation
//              is a failure ("incomplete" results are not).
//   3. focus – Tab is pressed until focus cycles (at most 60 times); every
//              focused element must be on screen and have a visible focus
//              style (an outline that is not 'none', wider than 0 and not
//              fully transparent, or a box-shadow that is not 'none').
//
// Output: one block per URL and a last line `check: N passed, M failed`
// (N/M count URLs), or with --json a single JSON object
// {url: {axe: [...], html: [...], focus: [...], errors: [...]}} where
// `errors` holds problems that stopped a check from running at all
// (fetch / navigation failures, HTTP status >= 400, ...).
// Exit code: 0 all URLs pass, 1 at least one fails, 2 usage error or the
// browser cannot start.
//
// html-validate rules turned off in .htmlvalidate.json (JSON has no comments,
// so the reasons live here and in README.md):
//   - no-trailing-whitespace: pure source formatting. Template engines leave
//     trailing spaces around control tags; it never changes the DOM, the
//     rendering or what assistive technology gets.
//   - void-style: `<br>` and `<br/>` are both valid HTML and parse to the
//     same DOM; which one appears depends on the template engine / author.
// Also changed: the html-validate:document preset is added on top of
// html-validate:recommended (we validate whole documents: missing doctype,
// skipped heading levels, unlabelled inputs, dangling id references), with
// require-sri limited to cross-origin resources (SRI on our own same-origin
// /static files adds nothing).
// Note for French text: non-breaking spaces (U+00A0, U+202F), « », ’ and …
// raise nothing; tel-non-breaking stays on because it asks for exactly what
// French typography wants (no line break inside a phone number).

import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
const MAX_TABS = 80;
// Tabs a date or time field may keep the focus for, one per part.
const MAX_SEGMENT_TABS = 6;
const NAV_TIMEOUT_MS = 30_000;
const LANGS = {
  fr: { acceptLanguage: "fr-FR,fr;q=0.9", locale: "fr-FR" },
  en: { acceptLanguage: "en-US,en;q=0.9", locale: "en-US" },
};

// HTTP statuses >= 400 that a run expects (an error page checked on purpose).
const ALLOWED_STATUS = new Set();
// Cookies sent with every request (a signed-in session), as "name=value".
const COOKIES = [];

const USAGE = `usage: node tests/browser/check.mjs [--lang fr|en] [--json] [--allow-status 404,...] URL...
  --lang fr|en  Accept-Language and browser locale (default fr)
  --allow-status CODES  comma-separated error statuses that are expected (error pages)
  --cookie NAME=VALUE   send this cookie with every request (repeatable)
  --json        print one JSON object {url: {axe, html, focus, errors}}
exit: 0 all pass, 1 some fail, 2 usage error or browser cannot start`;

function usageError(msg) {
  if (msg) process.stderr.write(`check: ${msg}\n`);
  process.stderr.write(USAGE + "\n");
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { lang: "fr", json: false, urls: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-h" || a === "--help") {
      process.stdout.write(USAGE + "\n");
      process.exit(0);
    } else if (a === "--json") {
      opts.json = true;
    } else if (a === "--lang" || a.startsWith("--lang=")) {
      const v = a === "--lang" ? argv[++i] : a.slice("--lang=".length);
      if (v === undefined) usageError("--lang needs a value (fr or en)");
      if (!Object.hasOwn(LANGS, v)) usageError(`unknown --lang '${v}' (fr or en)`);
      opts.lang = v;
    } else if (a === "--cookie") {
      const v = argv[++i];
      if (v === undefined || !/^[A-Za-z0-9_]+=[^;\s]*$/.test(v)) usageError("--cookie needs NAME=VALUE");
      COOKIES.push(v);
    } else if (a === "--allow-status") {
      const v = argv[++i];
      if (v === undefined || !/^\d{3}(,\d{3})*$/.test(v)) usageError("--allow-status needs codes like 404,503");
      for (const code of v.split(",")) ALLOWED_STATUS.add(Number(code));
    } else if (a.startsWith("-")) {
      usageError(`unknown option '${a}'`);
    } else {
      let u;
      try {
        u = new URL(a);
      } catch {
        usageError(`not a URL: '${a}'`);
      }
      if (u.protocol !== "http:" && u.protocol !== "https:") {
        usageError(`only http(s) URLs are supported: '${a}'`);
      }
      opts.urls.push(a);
    }
  }
  if (opts.urls.length === 0) usageError("no URL given");
  return opts;
}

async function loadDeps() {
  try {
    const require = createRequire(import.meta.url);
    const [{ HtmlValidate }, { chromium }] = await Promise.all([
      import("html-validate"),
      import("playwright-core"),
    ]);
    const axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
    const hvConfig = JSON.parse(await readFile(join(HERE, ".htmlvalidate.json"), "utf8"));
    return { HtmlValidate, chromium, axeSource, hvConfig };
  } catch (e) {
    process.stderr.write(
      `check: cannot load dependencies (${e.message.split("\n")[0]}).\n` +
        `check: run scripts/test-deps.sh first.\n`,
    );
    process.exit(2);
  }
}

// ---------------------------------------------------------------- html ----

async function checkHtml(url, lang, htmlvalidate, result) {
  let res;
  try {
    res = await fetch(url, {
      headers: {
        "Accept-Language": LANGS[lang].acceptLanguage,
        Accept: "text/html",
        ...(COOKIES.length ? { Cookie: COOKIES.join("; ") } : {}),
      },
      redirect: "follow",
      signal: AbortSignal.timeout(NAV_TIMEOUT_MS),
    });
  } catch (e) {
    result.errors.push(`fetch failed: ${e.cause?.message || e.message}`);
    return;
  }
  const body = await res.text();
  // A page that redirects (to the login page, say) is not the page asked for.
  if (res.redirected) result.errors.push(`fetch: redirected to ${res.url}`);
  if (res.status >= 400 && !ALLOWED_STATUS.has(res.status)) result.errors.push(`fetch: HTTP ${res.status}`);
  const ctype = res.headers.get("content-type") || "";
  if (!/^text\/html\b/i.test(ctype)) {
    result.errors.push(`fetch: Content-Type is '${ctype}', expected text/html`);
    return;
  }
  const report = await htmlvalidate.validateString(body, url);
  for (const r of report.results) {
    for (const m of r.messages) {
      result.html.push({
        ruleId: m.ruleId,
        severity: m.severity === 2 ? "error" : "warning",
        message: m.message,
        line: m.line,
        column: m.column,
        selector: m.selector ?? null,
      });
    }
  }
}

// ----------------------------------------------------------------- axe ----

async function checkAxe(page, axeSource, result) {
  // bypassCSP on the context lets this inline script in despite script-src 'self'.
  await page.addScriptTag({ content: axeSource });
  const ok = await page.evaluate(() => typeof window.axe?.run === "function");
  if (!ok) {
    result.errors.push("axe-core could not be injected into the page");
    return;
  }
  const violations = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) =>
        n.target.map((t) => (Array.isArray(t) ? t.join(" >>> ") : t)).join(" / "),
      ),
    }));
  }, AXE_TAGS);
  result.axe.push(...violations);
}

// --------------------------------------------------------------- focus ----

// Runs in the page: describes document.activeElement (following shadow roots).
function describeActive() {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;

  const cssPath = (node) => {
    const parts = [];
    for (let n = node; n && n.nodeType === 1 && n !== document.documentElement; n = n.parentElement) {
      if (n.id) {
        parts.unshift(`#${CSS.escape(n.id)}`);
        break;
      }
      let part = n.localName;
      const parent = n.parentElement;
      if (parent) {
        const same = [...parent.children].filter((c) => c.localName === n.localName);
        if (same.length > 1) part += `:nth-of-type(${same.indexOf(n) + 1})`;
      }
      parts.unshift(part);
    }
    return parts.join(" > ");
  };
  const alphaOf = (color) => {
    if (color === "transparent") return 0;
    const m = color.match(/rgba?\(([^)]*)\)/);
    if (!m) return 1;
    const p = m[1].split(/[\s,/]+/).filter(Boolean);
    return p.length >= 4 ? parseFloat(p[3]) : 1;
  };

  const cs = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const problems = [];

  // Is the element itself visible on screen?
  const rendered =
    typeof el.checkVisibility === "function"
      ? el.checkVisibility({ opacityProperty: true, visibilityProperty: true })
      : cs.visibility !== "hidden" && cs.display !== "none";
  if (!rendered) problems.push("not rendered (display/visibility/opacity hides it)");
  else if (rect.width <= 1 || rect.height <= 1)
    problems.push(`too small to see (${Math.round(rect.width)}x${Math.round(rect.height)}px)`);
  else if (
    rect.bottom <= 0 ||
    rect.right <= 0 ||
    rect.top >= window.innerHeight ||
    rect.left >= window.innerWidth
  )
    problems.push(
      `off screen (at ${Math.round(rect.left)},${Math.round(rect.top)} in a ` +
        `${window.innerWidth}x${window.innerHeight} viewport)`,
    );

  // Is the focus indicator visible?
  const outlineWidth = parseFloat(cs.outlineWidth) || 0;
  const hasOutline =
    cs.outlineStyle !== "none" && outlineWidth > 0 && alphaOf(cs.outlineColor) > 0;
  const hasShadow = cs.boxShadow && cs.boxShadow !== "none";
  if (!hasOutline && !hasShadow) {
    problems.push(
      `no visible focus style (outline: ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; box-shadow: none)`,
    );
  }

  const text = (el.getAttribute("aria-label") || el.innerText || el.value || el.getAttribute("title") || "")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 40);
  const segmented = el.tagName === "INPUT" && ["date", "datetime-local", "time", "month", "week"].includes(el.type);
  return { selector: cssPath(el), text, problems, segmented };
}

async function checkFocus(page, result) {
  // Start from a clean state: nothing focused, caret at the top of the document.
  await page.evaluate(() => {
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    window.scrollTo(0, 0);
  });
  const seen = new Set();
  let first = null;
  let previous = null;
  let stuckOn = 0;
  for (let i = 0; i < MAX_TABS; i++) {
    await page.keyboard.press("Tab");
    const info = await page.evaluate(describeActive);
    if (info === null) {
      if (first !== null) break; // focus left the document: one full cycle done
      continue; // nothing focusable yet (Chromium may need a second Tab)
    }
    if (info.selector === first) break; // cycled back to the first element
    if (info.selector === previous && stuckOn < MAX_SEGMENT_TABS && info.segmented) {
      // Date and time fields take one Tab per part (day, month, year, hours…).
      stuckOn++;
      continue;
    }
    if (info.selector === previous) {
      result.focus.push({ selector: info.selector, text: info.text, problem: "focus stuck: Tab does not move focus (keyboard trap?)" });
      break;
    }
    if (first === null) first = info.selector;
    previous = info.selector;
    stuckOn = 0;
    if (seen.has(info.selector)) continue;
    seen.add(info.selector);
    for (const problem of info.problems) {
      result.focus.push({ selector: info.selector, text: info.text, problem });
    }
  }
  return seen.size;
}

// ---------------------------------------------------------------- main ----

async function checkUrl(url, opts, deps, browser, htmlvalidate) {
  const result = { axe: [], html: [], focus: [], errors: [] };
  // Not part of the JSON output: how many distinct elements got keyboard focus.
  Object.defineProperty(result, "focusable", { value: 0, writable: true, enumerable: false });
  await checkHtml(url, opts.lang, htmlvalidate, result);

  const context = await browser.newContext({
    bypassCSP: true,
    javaScriptEnabled: true,
    locale: LANGS[opts.lang].locale,
    extraHTTPHeaders: {
      "Accept-Language": LANGS[opts.lang].acceptLanguage,
      ...(COOKIES.length ? { Cookie: COOKIES.join("; ") } : {}),
    },
    viewport: { width: 1280, height: 800 },
  });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(NAV_TIMEOUT_MS);
    let response;
    try {
      response = await page.goto(url, { waitUntil: "load", timeout: NAV_TIMEOUT_MS });
    } catch (e) {
      result.errors.push(`browser navigation failed: ${e.message.split("\n")[0]}`);
      return result;
    }
    if (response && response.status() >= 400 && !ALLOWED_STATUS.has(response.status()) && !result.errors.some((e) => e.startsWith("fetch: HTTP"))) {
      result.errors.push(`browser: HTTP ${response.status()}`);
    }
    try {
      await checkAxe(page, deps.axeSource, result);
    } catch (e) {
      result.errors.push(`axe failed: ${e.message.split("\n")[0]}`);
    }
    try {
      result.focusable = await checkFocus(page, result);
    } catch (e) {
      result.errors.push(`focus check failed: ${e.message.split("\n")[0]}`);
    }
  } finally {
    await context.close().catch(() => {});
  }
  return result;
}

function failed(r) {
  return r.axe.length + r.html.length + r.focus.length + r.errors.length > 0;
}

function formatBlock(url, r) {
  const lines = [`== ${url}`];
  if (!failed(r)) {
    lines.push(`OK (axe, html-validate, focus on ${r.focusable} element${r.focusable === 1 ? "" : "s"})`);
    return lines.join("\n");
  }
  lines.push(`FAIL (focus reached ${r.focusable} element${r.focusable === 1 ? "" : "s"})`);
  for (const e of r.errors) lines.push(`  error: ${e}`);
  if (r.axe.length) lines.push(`  axe (${r.axe.length} violation${r.axe.length > 1 ? "s" : ""}):`);
  for (const v of r.axe) {
    lines.push(`    ${v.id} [${v.impact}] ${v.help}`);
    for (const t of v.targets) lines.push(`      -> ${t}`);
  }
  if (r.html.length) lines.push(`  html-validate (${r.html.length}):`);
  for (const m of r.html) {
    const sev = m.severity === "error" ? "" : ` (${m.severity})`;
    lines.push(`    ${m.line}:${m.column} ${m.ruleId}${sev} ${m.message}`);
  }
  if (r.focus.length) lines.push(`  focus (${r.focus.length}):`);
  for (const f of r.focus) {
    lines.push(`    ${f.selector}${f.text ? ` "${f.text}"` : ""}: ${f.problem}`);
  }
  return lines.join("\n");
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const deps = await loadDeps();
  const htmlvalidate = new deps.HtmlValidate(deps.hvConfig);

  if (!existsSync(CHROMIUM)) {
    process.stderr.write(`check: browser not found at ${CHROMIUM}; run scripts/test-deps.sh\n`);
    process.exit(2);
  }
  let browser;
  try {
    browser = await deps.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
  } catch (e) {
    process.stderr.write(`check: cannot start the browser ${CHROMIUM}: ${e.message}\n`);
    process.exit(2);
  }

  const results = {};
  let passed = 0;
  let failedCount = 0;
  try {
    for (const url of opts.urls) {
      const r = await checkUrl(url, opts, deps, browser, htmlvalidate);
      results[url] = r;
      if (failed(r)) failedCount++;
      else passed++;
      if (!opts.json) process.stdout.write(formatBlock(url, r) + "\n\n");
    }
  } finally {
    await browser.close().catch(() => {});
  }

  if (opts.json) process.stdout.write(JSON.stringify(results, null, 2) + "\n");
  else process.stdout.write(`check: ${passed} passed, ${failedCount} failed\n`);
  process.exitCode = failedCount > 0 ? 1 : 0;
}

main().catch((e) => {
  process.stderr.write(`check: internal error: ${e.stack || e}\n`);
  process.exit(2);
});
