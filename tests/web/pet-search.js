// pet-search.js - a battle pet found by its species' name on the item page, in a real
// browser (Debian's chromium, headless, puppeteer-core), as browser.js drives t8002. Run by
// t8521-browser-pet-search.sh:
//   node pet-search.js URL ARTIFACTS_DIR EXPECT_JSON
// EXPECT: typed (a German species name), key (p:SPECIES), name (its en_US name) and price
// (`wowah report price p:SPECIES --format csv`, rows as objects). Checks: the search box
// suggests the species for the typed name; picking it opens that species' item page, titled
// by its name, with no console error; the per-house table's numbers are the report's.
"use strict";
const fs = require("fs");
const path = require("path");
const { check, launch, open, run } = require("./driver");

const [base, artifacts, expectFile] = process.argv.slice(2);
const expect = JSON.parse(fs.readFileSync(expectFile, "utf8"));

async function main() {
  const browser = await launch();
  const errors = [];
  try {
    const page = await open(browser, base, "/item", errors);
    await page.type("#item-search", expect.typed);
    const sel = "#item-suggest li[data-key='" + expect.key + "']";
    const li = await page.waitForSelector(sel, { timeout: 10000 }).catch(() => null);
    const keys = await page.$$eval("#item-suggest li", lis => lis.map(l => l.dataset.key));
    check(li !== null, "search '" + expect.typed + "' suggests " + expect.key, JSON.stringify(keys));
    await page.screenshot({ path: path.join(artifacts, "pet-search-suggest.png") });
    if (li === null) return;
    /* the list picks on mousedown, before the input's blur hides it */
    await Promise.all([page.waitForNavigation({ waitUntil: "networkidle0" }), page.$eval(sel,
      l => l.dispatchEvent(new MouseEvent("mousedown", { bubbles: true })))]);
    await page.waitForSelector("main[data-ready] #item-table tbody tr", { timeout: 30000 });
    await page.waitForNetworkIdle({ idleTime: 300 });
    const url = new URL(page.url());
    check(url.pathname === "/item" && url.searchParams.get("item") === expect.key,
      "the suggestion opens " + expect.key + "'s item page", page.url());
    const title = await page.$eval("#item-title", h => h.textContent);
    check(title.includes(expect.name) && title.includes(expect.key), "the page is titled by the species' name", title);
    const heads = await page.$$eval("#item-table thead th", ths => ths.map(t => t.textContent.trim()));
    const cells = await page.$$eval("#item-table tbody tr", trs => trs.map(tr =>
      [...tr.children].map(td => td.textContent)));
    check(expect.price.length > 0 && cells.length === expect.price.length, "a row per house of wowah report price",
      cells.length + " vs " + expect.price.length);
    for (const col of ["realm", "lowest", "market_value", "median", "units", "weighted_14d"]) {
      const k = heads.indexOf(col);
      const got = cells.map(r => (r[k] ?? "?").replace(/,/g, ""));
      const want = expect.price.map(r => r[col]);
      check(k >= 0 && JSON.stringify(got) === JSON.stringify(want), "item table " + col + " = wowah report price's",
        JSON.stringify(got) + " vs " + JSON.stringify(want));
    }
    check(errors.length === 0, "no console error nor failed request", errors.join("; "));
    await page.screenshot({ path: path.join(artifacts, "pet-search-item.png"), fullPage: true });
  } finally {
    await browser.close();
  }
}
run(main);
