// browser.js - wowah serve's pages in a real browser (Debian's chromium, headless, driven
// by puppeteer-core, which downloads no browser). Run by t8002-browser.sh, which starts the
// server on simulated data and hands over what `wowah report` says (EXPECT, a JSON file).
//   node browser.js URL ARTIFACTS_DIR EXPECT_JSON
// Checks: every page loads with no console error nor failed request; the item chart draws
// (its canvas has drawn pixels) and its numbers equal `wowah report history`, its table
// `wowah report price`; the search box finds an item typed in German and a pet species; the
// deals CSV download equals `wowah report deals --format csv`; a page updates by itself
// after a new snapshot is pulled and loaded (UPDATE_CMD); the flavour picker (hidden on one
// flavour's data; on two, EXPECT's flavor: picking it names the item and fills its price
// panel from that flavour). Screenshots of each page go to ARTIFACTS_DIR (desktop light and
// dark, phone width; BROWSER_MODES chooses).
"use strict";
const fs = require("fs");
const path = require("path");
const { execSync } = require("child_process");
const { check, launch, open: openAt, run } = require("./driver");

const [base, artifacts, expectFile] = process.argv.slice(2);
const expect = JSON.parse(fs.readFileSync(expectFile, "utf8"));
/* Each page is loaded in these modes (BROWSER_MODES, comma-separated): the modes are the
 * front end's own (the same static files whatever the engine), so a run whose point is
 * another engine's or data's answers may load each page once. */
const modes = (process.env.BROWSER_MODES || "light,dark,phone").split(",");

function open(browser, url, errors, opts) {
  return openAt(browser, base, url, errors, opts);
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(artifacts, name + ".png"), fullPage: true });
}

/* The text of table sel's rows, one object per row by column heading. */
async function tableRows(page, sel) {
  return page.$eval(sel, t => {
    const heads = [...t.querySelectorAll("thead th")].map(th => th.textContent.trim());
    return [...t.querySelectorAll("tbody tr")].map(tr =>
      Object.fromEntries([...tr.children].map((td, i) => [heads[i], td.textContent])));
  });
}

/* A page's table against `wowah report ... --format csv` (rows as objects): the columns
 * cols, the page's thousands separators, % signs and trailing zeros aside. */
function sameRows(got, want, cols, what) {
  check(want.length > 0, what + ": wowah report has rows to compare");
  check(got.length === want.length, what + ": a row per report row", got.length + " vs " + want.length);
  /* a number as a number: the page writes 1.0 as 1 */
  const num = v => v !== "" && v != null && !isNaN(Number(v)) ? String(Number(v)) : v;
  for (const col of cols) {
    const g = got.map(r => num((r[col] ?? "?").replace(/,/g, "").replace(/%$/, "")));
    const w = want.map(r => num(r[col]));
    check(JSON.stringify(g) === JSON.stringify(w), what + " " + col + " = wowah report's",
      JSON.stringify(g).slice(0, 300) + " vs " + JSON.stringify(w).slice(0, 300));
  }
}

/* Drawn pixels of the first canvas under sel (uPlot draws on a canvas). */
async function drawnPixels(page, sel) {
  return page.$eval(sel + " canvas", c => {
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  });
}

async function main() {
  const browser = await launch();
  try {
    const item = expect.item;
    const pages = [["overview", "/"], ["item", "/item?item=" + item + "&range=all"],
      ["realm", "/realm?realm=" + expect.realm], ["deals", "/deals"], ["arbitrage", "/arbitrage"],
      ["data", "/data"]];
    /* The pages the checks below read, as loaded in light mode here: each check takes its
     * page from kept (or loads it, when light is not among the modes), so that no page is
     * loaded twice in one mode. */
    const kept = {};
    const reuse = ["/", "/item?item=" + item + "&range=all", "/deals", "/data"];
    const pageAt = async url => {
      const p = kept[url];
      delete kept[url];
      if (!p) return open(browser, url, []);
      /* a tab left behind others is hidden: Chromium stops serving its focus and input */
      await p.bringToFront();
      return p;
    };
    for (const [name, url] of pages) {
      for (const mode of modes) {
        const errors = [];
        const page = await open(browser, url, errors, { dark: mode === "dark", phone: mode === "phone" });
        const err = await page.$("#page-error");
        if (err) errors.push(url + ": " + await page.$eval("#page-error", e => e.textContent));
        check(errors.length === 0, name + " page (" + mode + ") loads with no error", errors.join("; "));
        if (mode === "phone") {
          const wide = await page.evaluate(() => document.documentElement.scrollWidth);
          check(wide <= 400, name + " page fits a phone's width", wide + " px wide");
        }
        await shot(page, name + "-" + mode);
        if (mode === "light" && reuse.includes(url)) kept[url] = page;
        else await page.close();
      }
    }

    /* the item page: chart drawn, its numbers those of wowah report history / price */
    const itemPage = await pageAt("/item?item=" + item + "&range=all");
    {
      const page = itemPage;
      const px = await drawnPixels(page, "#item-chart");
      check(px > 2000, "item chart draws", px + " drawn pixels");
      const data = await page.evaluate(() => window.wowahItemChart.data);
      /* "all" asks the history once, from the start (not the 14-day default first) */
      const asked = await page.evaluate(() => performance.getEntriesByType("resource")
        .filter(e => new URL(e.name).pathname === "/api/history").map(e => e.name));
      check(asked.length === 1 && asked[0].includes("since=1970-01-01"), "item page (all) asks the history once, from 1970",
        JSON.stringify(asked));
      const h = expect.history;
      check(JSON.stringify(data[0]) === JSON.stringify(h.map(r => Date.parse(r.time) / 1000)),
        "chart times = wowah report history's", JSON.stringify(data[0]).slice(0, 200));
      for (const [i, col] of [[1, "lowest"], [2, "market_value"], [3, "median"], [4, "units"]])
        check(JSON.stringify(data[i]) === JSON.stringify(h.map(r => r[col])),
          "chart " + col + " = wowah report history's", JSON.stringify(data[i]).slice(0, 200));
      const cells = await page.$$eval("#item-table tbody tr", trs => trs.map(tr =>
        [...tr.children].map(td => td.textContent)));
      const heads = await page.$$eval("#item-table thead th", ths => ths.map(t => t.textContent.trim()));
      const want = expect.price; /* csv rows as objects of the table's text */
      check(cells.length === want.length, "item table has a row per house", cells.length + " vs " + want.length);
      for (const col of ["realm", "lowest", "market_value", "median", "units", "weighted_14d"]) {
        const k = heads.indexOf(col);
        const got = cells.map(r => r[k].replace(/,/g, ""));
        const exp = want.map(r => r[col]);
        check(k >= 0 && JSON.stringify(got) === JSON.stringify(exp), "item table " + col + " = wowah report price's",
          JSON.stringify(got) + " vs " + JSON.stringify(exp));
      }
      /* bulk buy */
      await page.$eval("#buy-units", e => { e.value = ""; });
      await page.type("#buy-units", String(expect.buy_units));
      await page.click("#buy-go");
      await page.waitForSelector("#buy-result table");
      const cost = await page.$$eval("#buy-result tbody tr", trs => trs.map(tr => [...tr.children].map(td => td.textContent)));
      check(cost.length > 0 && cost[0][2].replace(/,/g, "") === expect.buy_cost,
        "bulk buy shows wowah report buy's cost", JSON.stringify(cost[0]) + " vs " + expect.buy_cost);
    }

    /* the sales reports, where the engine has them (expect.sales); else no panel */
    const ov = await pageAt("/");
    {
      const page = itemPage;
      if (expect.sales) {
        sameRows(await tableRows(page, "#sales-table"), expect.sales, ["day", "units_sold", "sale_rate_pct", "avg_price"],
          "item sales table (wowah report sales, the region's rows)");
        const px = await drawnPixels(page, "#sales-chart");
        check(px > 500, "item sales chart draws", px + " drawn pixels");
        sameRows(await tableRows(ov, "#shortage-table"), expect.shortage,
          ["realm", "item", "units", "hours_left", "market_value", "pct_of_14d"], "overview shortage table");
        sameRows(await tableRows(ov, "#sold-table"), expect.sold,
          ["item", "gold_sold_per_day", "sale_rate_pct", "gold_listed"], "overview top sold table");
        await shot(ov, "overview-sales");
      } else {
        const any = await page.$("#sales-table") || await ov.$("#shortage-table") || await ov.$("#sold-table");
        check(!any, "no sales panels where the engine has no sales reports");
      }
      await page.close();
    }

    /* search: German, and a pet species */
    for (const [typed, key] of [[expect.german, expect.german_key], [expect.pet_typed, expect.pet_key]]) {
      const page = await open(browser, "/item", []);
      await page.type("#item-search", typed);
      /* the list shows each typed prefix's answer in turn (the box asks as it is typed):
       * wait for the whole text's, as pet-search.js does */
      await page.waitForSelector("#item-suggest li[data-key='" + key + "']", { timeout: 10000 })
        .catch(() => null);
      const keys = await page.$$eval("#item-suggest li", lis => lis.map(li => li.dataset.key));
      check(keys.includes(key), "search '" + typed + "' suggests " + key, JSON.stringify(keys));
      await shot(page, "search-" + key.replace(":", "-"));
      await page.close();
    }

    /* the flavour picker: hidden on one flavour's data (expect.flavor absent); on two,
     * picking one on an item's page names the item and fills its price panel from that
     * flavour (wowah report price --flavor), with flavor= on every API call after the
     * pick and in the URL, which a link keeps */
    {
      const f = expect.flavor;
      const page = f ? await open(browser, "/item?item=" + f.item + "&range=all", []) : ov;
      const shown = await page.$eval("#flavor", s => !s.hidden);
      check(shown === !!f, "the flavour picker is " + (f ? "shown (two flavours)" : "hidden (one flavour)"));
      if (f) {
        const asked = [];
        page.on("request", r => { if (/\/api\/(?!status)/.test(r.url())) asked.push(r.url()); });
        const title0 = await page.$eval("#item-title", e => e.textContent);
        check(title0 === f.retail_name + " (" + f.item + ")", "item title: retail's name", title0);
        await page.select("#flavor", f.flavor);
        await page.waitForSelector("main[data-ready] #item-table", { timeout: 30000 });
        await page.waitForNetworkIdle({ idleTime: 300 });
        const search = await page.evaluate(() => location.search);
        check(new URLSearchParams(search).get("flavor") === f.flavor, "the URL holds the flavour", search);
        const title = await page.$eval("#item-title", e => e.textContent);
        check(title === f.name + " (" + f.item + ")", "item title: " + f.flavor + "'s name", title);
        const other = asked.filter(u => new URL(u).searchParams.get("flavor") !== f.flavor);
        check(asked.length > 3 && other.length === 0, "every API call after the pick has flavor=" + f.flavor,
          asked.length + " calls, without it: " + other.join(" "));
        sameRows(await tableRows(page, "#item-table"), f.price,
          ["realm", "lowest", "market_value", "median", "units", "weighted_14d"],
          "item table of " + f.flavor + " (wowah report price --flavor " + f.flavor + ")");
        await shot(page, "item-" + f.flavor);
        await page.click('header nav a[data-page="deals"]');
        await page.waitForSelector('main[data-page="deals"][data-ready]', { timeout: 30000 });
        const kept = await page.evaluate(() => location.search);
        check(new URLSearchParams(kept).get("flavor") === f.flavor, "a link keeps the flavour", kept);
        check(await page.$eval("#flavor", s => s.value) === f.flavor, "the picker shows the flavour");
      }
      await page.close();
      if (f) await ov.close();
    }

    /* deals: the CSV download is wowah report deals --format csv */
    {
      const page = await pageAt("/deals");
      const href = await page.$eval("#csv", a => a.href);
      const csv = await page.evaluate(u => fetch(u).then(r => r.text()), href);
      check(csv === expect.deals_csv, "deals CSV download = wowah report deals --format csv",
        csv.slice(0, 200) + " vs " + expect.deals_csv.slice(0, 200));
      await page.close();
    }

    /* live: a new snapshot pulled and loaded shows without a reload */
    if (process.env.UPDATE_CMD) {
      const page = await pageAt("/data");
      const before = await page.$eval("main", m => m.dataset.ready);
      const lastBefore = await page.$eval("#main table", t => t.textContent);
      const tPull = Date.now();
      execSync(process.env.UPDATE_CMD, { stdio: "inherit" });
      /* the minute counts from the load's end: the pull and load themselves take most of
       * one on a loaded machine (the update was seen to miss a minute counted from the pull) */
      const t0 = Date.now();
      let after = before;
      while (Date.now() - t0 < 60000 && after === before) {
        await new Promise(r => setTimeout(r, 500));
        after = await page.$eval("main", m => m.dataset.ready).catch(() => before);
      }
      await page.waitForNetworkIdle({ idleTime: 300 });
      const lastAfter = await page.$eval("#main table", t => t.textContent);
      check(after !== before && lastAfter !== lastBefore,
        "the data page updates by itself within a minute of a load", "generation " + before + " -> " + after);
      console.log("     (updated " + ((Date.now() - t0) / 1000).toFixed(1) + " s after the load, whose pull started "
        + ((t0 - tPull) / 1000).toFixed(1) + " s before it)");
      await shot(page, "data-after-update");
      await page.close();
    }
  } finally {
    await browser.close();
  }
}
run(main);
