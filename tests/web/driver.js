// driver.js - what the browser tests share: Debian's chromium launched headless through
// puppeteer-core (which downloads no browser), a page opened with every console error,
// page error, failed request and HTTP error recorded, and the tally of the checks.
"use strict";
const puppeteer = require("puppeteer-core");

let failures = 0;
function check(ok, what, detail) {
  console.log((ok ? "ok   " : "FAIL ") + what + (ok || detail === undefined ? "" : ": " + detail));
  if (!ok) failures++;
}

function launch() {
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
}

// open(browser, base, url, errors, {dark, phone}): the page at base + url once its main
// says data-ready and the network is idle; what goes wrong is pushed to errors.
async function open(browser, base, url, errors, opts) {
  const page = await browser.newPage();
  await page.setViewport(opts && opts.phone ? { width: 390, height: 844, deviceScaleFactor: 1 }
                                            : { width: 1280, height: 900 });
  page.on("console", m => { if (m.type() === "error") errors.push(url + ": console: " + m.text()); });
  page.on("pageerror", e => errors.push(url + ": " + e.message));
  page.on("requestfailed", r => errors.push(url + ": request failed: " + r.url()));
  page.on("response", r => { if (r.status() >= 400) errors.push(url + ": HTTP " + r.status() + " " + r.url()); });
  if (opts && opts.dark) await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
  await page.goto(base + url, { waitUntil: "networkidle0" });
  await page.waitForSelector("main[data-ready]", { timeout: 30000 });
  await page.waitForNetworkIdle({ idleTime: 300 });
  return page;
}

// run(main): main's checks, then exit 1 when one failed or main threw.
function run(main) {
  main().then(() => {
    console.log(failures ? failures + " check(s) failed" : "all checks passed");
    process.exit(failures ? 1 : 0);
  }, e => { console.error(e); process.exit(1); });
}

module.exports = { check, launch, open, run };
