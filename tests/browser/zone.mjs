#!/usr/bin/env node
// The interco zone on a commune's site, in headless Chromium.
//
//   node tests/browser/zone.mjs COMCOM_BASE_URL INSEE
//
// Serves, from a loopback server of its own (another origin than comcom), a
// host page with a strict Content-Security-Policy (no inline script or style;
// scripts, connections and frames allowed from comcom's origin only) and
// hostile styles (red links, hidden list items, a huge font); the page holds
// <comcom-zone commune=INSEE> themed with --comcom-zone-accent, the iframe
// form with /embed/host.js, and light-DOM elements using the zone's class
// names. It then checks that:
//   - the element renders its items in an open shadow root;
//   - no host style leaks in (links take the theme colour, not the host's red;
//     items are displayed; the host's font does not apply);
//   - the zone's styles do not leak out (the light-DOM look-alikes keep the
//     host's look);
//   - the keyboard reaches the zone's links with Tab, with a visible outline;
//   - the iframe is resized to its content by postMessage;
//   - with JavaScript off, the iframe still shows the zone's links;
//   - no CSP violation or script error happened.
// Prints one JSON object {ok, checks: {name: true|message}} and exits 0 when
// every check passed, 1 otherwise, 2 on a usage error or when the browser
// cannot start.

import http from "node:http";

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"];

const [base, insee] = process.argv.slice(2);
if (!base || !insee) {
  process.stderr.write("usage: node tests/browser/zone.mjs COMCOM_BASE_URL INSEE\n");
  process.exit(2);
}
const origin = new URL(base).origin;

const HOST_CSS = `
body { font-family: monospace; font-size: 40px; color: rgb(10, 10, 10); }
a { color: rgb(255, 0, 0) !important; }
li { display: none; }
h2 { text-transform: uppercase; }
comcom-zone { --comcom-zone-accent: rgb(0, 100, 0); }
ul.look-alike { list-style-type: square; }
`;

function hostPage() {
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Mairie de test</title>
<link rel="stylesheet" href="/host.css">
<script src="${origin}/embed/zone.js" defer></script>
<script src="${origin}/embed/host.js" defer></script>
</head>
<body>
<h1>Mairie de test</h1>
<p><a id="before" href="/avant">Avant la zone</a></p>
<comcom-zone commune="${insee}" limit="3"><a href="${origin}/embed/zone?commune=${insee}">Actualités</a></comcom-zone>
<ul class="comcom-zone-items look-alike"><li class="comcom-zone-item"><a class="comcom-zone-title" href="/x">Hors zone</a></li></ul>
<iframe id="frame" src="${origin}/embed/zone?commune=${insee}&amp;limit=3" title="Zone" width="400" height="150" data-comcom-zone></iframe>
</body>
</html>`;
}

const server = http.createServer((req, res) => {
  if (req.url === "/host.css") {
    res.writeHead(200, { "content-type": "text/css" });
    res.end(HOST_CSS);
    return;
  }
  res.writeHead(200, {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": `default-src 'self'; script-src ${origin}; connect-src ${origin}; style-src 'self'; frame-src ${origin}; img-src 'self' ${origin}`,
  });
  res.end(hostPage());
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const hostUrl = `http://127.0.0.1:${server.address().port}/`;

let chromium;
try {
  ({ chromium } = await import("playwright-core"));
} catch (e) {
  process.stderr.write(`zone: cannot load playwright-core (${e.message}); run scripts/test-deps.sh\n`);
  process.exit(2);
}
let browser;
try {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
} catch (e) {
  process.stderr.write(`zone: cannot start Chromium: ${e.message}\n`);
  process.exit(2);
}

const checks = {};
const check = (name, ok, detail) => {
  checks[name] = ok ? true : detail || false;
};

try {
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(hostUrl, { waitUntil: "load" });

  await page.waitForFunction(
    () => document.querySelector("comcom-zone")?.shadowRoot?.querySelector(".comcom-zone"),
    null,
    { timeout: 15_000 },
  );
  // The stylesheet is adopted once fetched; wait until it applies.
  await page.waitForFunction(
    () => {
      const root = document.querySelector("comcom-zone").shadowRoot;
      return root.adoptedStyleSheets.length > 0 || root.querySelector("link");
    },
    null,
    { timeout: 15_000 },
  );
  const inside = await page.evaluate(() => {
    const root = document.querySelector("comcom-zone").shadowRoot;
    const items = [...root.querySelectorAll(".comcom-zone-item")];
    const link = root.querySelector("a.comcom-zone-title");
    const zone = root.querySelector(".comcom-zone");
    return {
      items: items.length,
      titles: items.map((li) => li.querySelector("a").textContent),
      itemDisplay: items[0] ? getComputedStyle(items[0]).display : null,
      linkColor: link ? getComputedStyle(link).color : null,
      fontFamily: getComputedStyle(zone).fontFamily,
      fontSize: getComputedStyle(zone).fontSize,
      headingTransform: getComputedStyle(root.querySelector(".comcom-zone-heading")).textTransform,
      attribution: root.querySelector(".comcom-zone-attribution")?.textContent || "",
    };
  });
  check("renders items in a shadow root", inside.items > 0, `items: ${inside.items}`);
  check("host styles do not hide the items", inside.itemDisplay !== "none", `display: ${inside.itemDisplay}`);
  check(
    "links take the theme colour, not the host's",
    inside.linkColor === "rgb(0, 100, 0)",
    `color: ${inside.linkColor}`,
  );
  check(
    "the host's font does not apply",
    !inside.fontFamily.includes("monospace") && inside.fontSize === "16px",
    `${inside.fontFamily} ${inside.fontSize}`,
  );
  check("the host's heading style does not apply", inside.headingTransform === "none", inside.headingTransform);
  check("attribution and link back", inside.attribution.includes("Publié par"), inside.attribution);

  const outside = await page.evaluate(() => {
    const ul = document.querySelector("ul.look-alike");
    return {
      listStyle: getComputedStyle(ul).listStyleType,
      linkColor: getComputedStyle(ul.querySelector("a")).color,
    };
  });
  check(
    "the zone's styles do not leak out",
    outside.listStyle === "square" && outside.linkColor === "rgb(255, 0, 0)",
    JSON.stringify(outside),
  );

  // Keyboard: from the link before the zone, Tab enters the shadow root.
  await page.focus("#before");
  await page.keyboard.press("Tab");
  const focus = await page.evaluate(() => {
    const host = document.activeElement;
    const inner = host?.shadowRoot?.activeElement;
    if (!inner) return { tag: host?.tagName, inner: null };
    const style = getComputedStyle(inner);
    return {
      tag: host.tagName,
      inner: inner.tagName,
      href: inner.getAttribute("href"),
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
    };
  });
  check(
    "Tab reaches a real link inside the zone",
    focus.tag === "COMCOM-ZONE" && focus.inner === "A" && focus.href?.startsWith("http"),
    JSON.stringify(focus),
  );
  check(
    "the focused link has a visible outline",
    focus.outline && !focus.outline.startsWith("none") && !focus.outline.endsWith(" 0px"),
    focus.outline,
  );

  // The iframe tells the host its height, and host.js applies it.
  await page
    .waitForFunction(() => document.getElementById("frame").style.height !== "", null, { timeout: 15_000 })
    .catch(() => {});
  const frame = await page.evaluate(() => {
    const f = document.getElementById("frame");
    return { style: f.style.height, offset: f.offsetHeight };
  });
  const frameHeight = parseInt(frame.style, 10);
  // offsetHeight adds the iframe's own borders.
  check(
    "the iframe is resized to its content",
    frameHeight > 150 && frame.offset >= frameHeight && frame.offset - frameHeight <= 10,
    JSON.stringify(frame),
  );

  await page.waitForTimeout(300);
  check("no CSP violation or script error", problems.length === 0, problems.join(" | "));

  // Without JavaScript, the iframe still shows the zone.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const noJs = await context.newPage();
  await noJs.goto(hostUrl, { waitUntil: "load" });
  const frameLinks = await noJs.frameLocator("#frame").locator("a.comcom-zone-title").count();
  check("without JavaScript the iframe shows the zone's links", frameLinks > 0, `links: ${frameLinks}`);
  await context.close();
} catch (e) {
  checks.error = String(e);
} finally {
  await browser.close();
  server.close();
}

const ok = Object.values(checks).every((v) => v === true);
process.stdout.write(JSON.stringify({ ok, checks }, null, 1) + "\n");
process.exit(ok ? 0 : 1);
