/* app.js - wowah serve's pages: overview, item, realm, deals, arbitrage, data.
 * Every number comes from /api/<report> (the reports of `wowah report`); the page is its
 * URL (path and query), so every view can be bookmarked. No framework: DOM built with
 * textContent only (nothing from the data is ever parsed as HTML). */
"use strict";

const $ = (sel, root) => (root || document).querySelector(sel);

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids.flat()) if (k !== null && k !== undefined)
    e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return e;
}

/* ---- numbers as players write them ---- */
function gold(c) {
  if (c === null || c === undefined) return "";
  const neg = c < 0; c = Math.abs(Math.round(c));
  const g = Math.floor(c / 10000), s = Math.floor(c / 100) % 100, cu = c % 100;
  return (neg ? "-" : "") + g.toLocaleString("en-US") + "g " + s + "s " + cu + "c";
}
function time(iso) { return iso ? iso.slice(0, 16).replace("T", " ") : ""; }
function count(n) { return n === null || n === undefined ? "" : Number(n).toLocaleString("en-US"); }
function pct(p) { return p === null || p === undefined ? "" : p.toFixed(1) + "%"; }
function cell(kind, v) {
  switch (kind) {
    case "copper": return gold(v);
    case "time": return time(v);
    case "percent": return pct(v);
    case "count": return typeof v === "number" ? count(v) : (v ?? "");
    case "id": return v ?? "";
    default: return v ?? "";
  }
}
const NUMERIC = new Set(["copper", "count", "percent"]);

/* ---- the API ---- */
const state = { generation: 0, charts: [], sales: false, flavors: null };

/* The flavour of WoW the page shows: ?flavor= of its URL, retail's when absent. Every API
 * call but status carries it, as every link and go() keep it in the URL. */
function flavor() { return new URLSearchParams(location.search).get("flavor") || ""; }
function withFlavor(params) {
  return flavor() && !("flavor" in params) ? { ...params, flavor: flavor() } : params;
}
function apiQuery(name, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(name === "status" ? params : withFlavor(params)))
    if (v !== "" && v != null) q.set(k, v);
  return q;
}
async function api(name, params) {
  const q = apiQuery(name, params || {});
  const r = await fetch("/api/" + name + (q.toString() ? "?" + q : ""));
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}
function apiUrl(name, params) { return "/api/" + name + "?" + apiQuery(name, params); }

/* ---- the URL is the state ---- */
function query() { return Object.fromEntries(new URLSearchParams(location.search)); }
function go(path, params, replace) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(withFlavor(params || {}))) if (v !== "" && v != null) q.set(k, v);
  const url = path + (q.toString() ? "?" + q : "");
  if (replace) history.replaceState(null, "", url); else history.pushState(null, "", url);
  render();
}

/* ---- tables: sortable, numbers right-aligned ---- */
function table(res, opts) {
  opts = opts || {};
  const cols = res.columns.filter(c => !(opts.hide || []).includes(c.name));
  const rows = res.rows.slice();
  const tbody = el("tbody");
  let sortCol = null, asc = false;
  const ths = cols.map(c => el("th", {
    class: NUMERIC.has(c.kind) ? "num" : null, text: (opts.labels || {})[c.name] || c.name,
    onclick: () => { asc = sortCol === c.name ? !asc : !NUMERIC.has(c.kind); sortCol = c.name; fill(); },
  }));
  function fill() {
    if (sortCol) rows.sort((a, b) => {
      const x = a[sortCol], y = b[sortCol];
      const r = x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
      return asc ? r : -r;
    });
    ths.forEach((th, i) => { th.className = (NUMERIC.has(cols[i].kind) ? "num " : "") +
      (cols[i].name === sortCol ? "sorted" + (asc ? " asc" : "") : ""); });
    tbody.replaceChildren(...rows.map(r => el("tr", {}, cols.map(c => {
      const link = (opts.links || {})[c.name];
      const text = cell(c.name.endsWith("_id") ? "id" : c.kind, r[c.name]);
      const cls = (NUMERIC.has(c.kind) ? "num" : "") + (c.kind === "copper" ? " gold" : "") +
        (c.kind === "percent" && r[c.name] > 0 && opts.signed ? " up" : "") +
        (c.kind === "percent" && r[c.name] < 0 && opts.signed ? " down" : "");
      return el("td", { class: cls.trim() || null }, link ? el("a", { href: link(r), text }) : text);
    }))));
  }
  fill();
  const t = el("table", {}, el("thead", {}, el("tr", {}, ths)), tbody);
  return res.rows.length ? t : el("p", { class: "muted", text: opts.empty || "Nothing here." });
}

function card(title, body, cls) {
  return el("section", { class: "card " + (cls || "") }, el("h2", { text: title }), body);
}
function loading() { return el("p", { class: "muted", text: "Loading…" }); }
async function fillCard(section, make) {
  const slot = section.lastChild;
  try { slot.replaceWith(await make()); }
  catch (err) { slot.replaceWith(el("p", { class: "error", text: err.message })); }
}
function itemKey(r) {
  const m = / \[p:(\d+)\]$/.exec(r.item || "");
  return m ? "/item?item=p:" + m[1] : "/item?item=" + r.item_id;
}

/* ---- charts (uPlot) ---- */
function cssVar(n) { return getComputedStyle(document.documentElement).getPropertyValue(n).trim(); }
function chart(target, series, data, opts) {
  const width = Math.max(280, target.clientWidth || 600);
  const u = new uPlot({
    width, height: (opts && opts.height) || 300,
    series: [{ value: (u, v) => v == null ? "" : new Date(v * 1000).toISOString().slice(0, 16).replace("T", " ") }]
      .concat(series),
    axes: [
      { stroke: cssVar("--muted"), grid: { stroke: cssVar("--line") } },
      { stroke: cssVar("--muted"), grid: { stroke: cssVar("--line") }, size: 96,
        values: (u, vs) => vs.map(v => (opts && opts.left) ? opts.left(v) : count(v)) },
    ].concat(opts && opts.right ? [{ scale: "r", side: 1, stroke: cssVar("--muted"), grid: { show: false },
      size: 60, values: (u, vs) => vs.map(v => count(v)) }] : []),
    scales: { x: { time: true } },
    cursor: { drag: { x: true, y: false } },
  }, data, target);
  state.charts.push(u);
  return u;
}
function goldAxis(v) { return v >= 10000 ? count(Math.round(v / 10000)) + "g" : gold(v); }
function secs(iso) { return Date.parse(iso) / 1000; }

/* ---- pages ---- */
const pages = {};

pages.overview = async function (main, q) {
  const region = q.region || "";
  const regions = el("select", { onchange: e => go("/", { region: e.target.value }) },
    el("option", { value: "", text: "all regions" }),
    ["eu", "us", "kr", "tw", "cn"].map(r => el("option", { value: r, text: r, selected: r === region })));
  const where = { region };
  main.append(el("h1", { text: "Market overview" }),
    el("div", { class: "controls" }, el("label", { text: "Region" }), regions,
      el("label", { text: "Realm" }), await realmPicker(q.realm, v => go("/realm", { realm: v }))));
  const token = card("WoW Token price", loading());
  const econ = card("Economy size (gold listed at fair prices, auctions)", loading());
  const top = card("Top items by gold listed", loading());
  const movers = card("Movers, 24 hours", loading());
  const deals = card("Best deals", loading());
  const houses = card("Last update of every house", loading(), "wide");
  main.append(el("div", { class: "grid" }, token, econ, top, movers, deals, houses));
  if (state.sales) salesPanels(main.lastChild, where);
  fillCard(token, async () => {
    const r = await api("token", where);
    if (!r.rows.length) return el("p", { class: "muted", text: "No token prices (pull with --token)." });
    const box = el("div", { class: "chart", id: "token-chart" });
    token.append(box);
    const last = r.rows[r.rows.length - 1];
    setTimeout(() => chart(box, [{ label: "price", stroke: cssVar("--gold"), value: (u, v) => gold(v) }],
      [r.rows.map(x => secs(x.time)), r.rows.map(x => x.price)], { left: goldAxis, height: 220 }));
    return el("div", { class: "stats" }, el("div", { class: "stat" }, el("b", { text: gold(last.price) }),
      el("span", { text: "now (" + time(last.time) + ")" })));
  });
  fillCard(econ, async () => {
    const r = await api("economy", where);
    const box = el("div", { class: "chart", id: "economy-chart" });
    setTimeout(() => chart(box, [
      { label: "gold listed", stroke: cssVar("--gold"), value: (u, v) => gold(v) },
      { label: "auctions", stroke: cssVar("--accent"), scale: "r", value: (u, v) => count(v) }],
      [r.rows.map(x => secs(x.time)), r.rows.map(x => x.gold_listed), r.rows.map(x => x.auctions)],
      { left: goldAxis, right: true, height: 220 }));
    return box;
  });
  fillCard(top, async () => table(await api("top", { ...where, limit: 10 }),
    { hide: ["rank"], links: { item: itemKey } }));
  fillCard(movers, async () => table(await api("movers", { ...where, limit: 10 }),
    { hide: ["region", "kind", "week_ago", "change_7d_pct"], links: { item: itemKey }, signed: true }));
  fillCard(deals, async () => table(await api("deals", { ...where, limit: 10 }),
    { hide: ["region", "item_id"], links: { item: itemKey } }));
  fillCard(houses, async () => table(await api("houses", where),
    { hide: ["kind", "house_id", "first_snapshot"],
      links: { realm: r => r.kind === "commodity" ? "/data" : "/realm?realm=" + r.realm_id } }));
};

/* The overview's sales panels (engines with the sales reports: /api/status's sales):
 * what runs out within a day at its sell rate, and the items sold most. */
function salesPanels(grid, where) {
  const shortage = card("Shortage: sold out within 24 hours at the current sell rate", loading());
  const sold = card("Top items by gold sold per day (7 days)", loading());
  grid.append(shortage, sold);
  fillCard(shortage, async () => {
    const t = table(await api("shortage", { ...where, limit: 10 }),
      { hide: ["region", "item_id", "weighted_14d"], links: { item: itemKey } });
    t.id = "shortage-table";
    return t;
  });
  fillCard(sold, async () => {
    const t = table(await api("top", { ...where, by: "sold", limit: 10 }),
      { hide: ["rank", "item_id"], links: { item: itemKey } });
    t.id = "sold-table";
    return t;
  });
}

/* A realm picker filled from /api/realms (value: connected realm id). */
async function realmPicker(current, onpick, extra) {
  const sel = el("select", { onchange: e => onpick(e.target.value) },
    el("option", { value: "", text: extra || "pick a realm" }));
  try {
    const r = await api("realms", {});
    for (const x of r.rows) sel.append(el("option", { value: x.realm_id, selected: String(x.realm_id) === current,
      text: x.region + " " + (x.names || x.realm_id) + (x.house_id ? " #" + x.house_id : "") }));
  } catch (e) { /* the page says why elsewhere */ }
  return sel;
}

/* The item search box: suggestions while typing, in any locale; pets as p:SPECIES. */
function searchBox(onpick) {
  const input = el("input", { type: "search", placeholder: "item name (any language), id or p:SPECIES",
    "aria-label": "item search", autocomplete: "off", id: "item-search" });
  const list = el("ul", { class: "suggest", hidden: true, id: "item-suggest" });
  let timer = null, seq = 0, active = -1;
  function pick(key) { list.hidden = true; onpick(key); }
  async function suggest() {
    const text = input.value.trim();
    if (!text) { list.hidden = true; return; }
    const mine = ++seq;
    try {
      const r = await api("search", { q: text, limit: 12 });
      if (mine !== seq) return;
      active = -1;
      list.replaceChildren(...r.rows.map(x => el("li", { "data-key": x.key,
        onmousedown: () => pick(x.key) }, x.item, el("span", { class: "muted", text: "  " + x.key +
        (x.matched !== x.item ? " · " + x.matched : "") }))));
      list.hidden = !r.rows.length;
    } catch (e) { list.hidden = true; }
  }
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(suggest, 150); });
  input.addEventListener("keydown", e => {
    const items = [...list.children];
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      active = Math.max(0, Math.min(items.length - 1, active + (e.key === "ArrowDown" ? 1 : -1)));
      items.forEach((li, i) => li.classList.toggle("on", i === active));
      e.preventDefault();
    } else if (e.key === "Enter") {
      const v = input.value.trim();
      if (active >= 0 && items[active]) pick(items[active].dataset.key);
      else if (/^(\d+|p:\d+)$/.test(v)) pick(v);
      else if (items[0]) pick(items[0].dataset.key);
    }
  });
  input.addEventListener("blur", () => setTimeout(() => { list.hidden = true; }, 150));
  return el("div", { class: "search" }, input, list);
}

const RANGES = { "24h": 86400, "7d": 7 * 86400, "30d": 30 * 86400, all: 0 };

pages.item = async function (main, q) {
  const item = q.item || "", range = q.range || "7d", scope = q.realm || "";
  main.append(el("h1", { id: "item-title", text: item ? "Item " + item : "Item" }),
    el("div", { class: "controls" }, searchBox(key => go("/item", { item: key, range, realm: scope }))));
  if (!item) {
    main.append(el("p", { class: "muted", text: "Type a name in any language (Eisenerz, Iron Ore), an id, or p:SPECIES for a battle pet." }));
    return;
  }
  const price = await api("price", { item });
  const mine = scope ? await api("price", { item, realm: scope }) : null;
  const scopes = await realmPicker(scope, v => go("/item", { item, range, realm: v }), "region (all houses)");
  scopes.id = "item-scope";
  const rangeBtns = Object.keys(RANGES).map(k => el("button", { type: "button", class: "btn" + (k === range ? " on" : ""),
    "data-range": k, text: k, onclick: () => go("/item", { item, range: k, realm: scope }) }));
  main.append(el("div", { class: "controls" }, el("label", { text: "Where" }), scopes, el("label", { text: "Range" }), rangeBtns));

  const region = price.rows.find(r => r.region_market !== null) || price.rows[0] || {};
  const ref = mine ? mine.rows[0] || {} : price.rows.length === 1 ? region : {};
  main.append(el("div", { class: "stats", id: "item-stats" },
    [["region market value", region.region_market], ["region 14-day", region.region_14d],
     [(mine ? "realm" : "house") + " 14-day", ref.weighted_14d], [(mine ? "realm" : "house") + " 60-day", ref.historical_60d]]
      .map(([l, v]) => el("div", { class: "stat" }, el("b", { text: v == null ? "–" : gold(v) }), el("span", { text: l })))));

  const chartCard = card("Price history (drag to zoom, double-click to reset)", el("div", { class: "chart", id: "item-chart" }), "wide");
  const perRealm = card("Per house, latest snapshot", loading(), "wide");
  const buy = card("Bulk buy: the cost of N units now", buyBox(item, scope));
  main.append(el("div", { class: "grid" }, chartCard, perRealm, buy));
  if (state.sales) itemSales(main.lastChild, item, scope);

  const params = { item, realm: scope };
  /* the history API's default is the last 14 days (wowah report history): "all" asks from
   * the start at once, a range of its own from its start before the default's newest point */
  const all = range === "all";
  const hist0 = await api("history", all ? { ...params, since: "1970-01-01" } : params);
  const lastT = hist0.rows.length ? secs(hist0.rows[hist0.rows.length - 1].time) : 0;
  const since = all ? "1970-01-01" :
    RANGES[range] && lastT ? new Date((lastT - RANGES[range]) * 1000).toISOString().slice(0, 16) + "Z" : "";
  const hist = since && !all ? await api("history", { ...params, since }) : hist0;
  const rows = hist.rows;
  const data = [rows.map(r => secs(r.time)), rows.map(r => r.lowest), rows.map(r => r.market_value),
    rows.map(r => r.median), rows.map(r => r.units)];
  const u = chart($("#item-chart"), [
    { label: "lowest", stroke: cssVar("--good"), value: (u, v) => gold(v) },
    { label: "market value", stroke: cssVar("--gold"), width: 2, value: (u, v) => gold(v) },
    { label: "median", stroke: cssVar("--accent"), dash: [4, 4], value: (u, v) => gold(v) },
    { label: "units listed", scale: "r", stroke: cssVar("--muted"), fill: "rgba(128,128,128,.25)",
      paths: uPlot.paths.bars({ size: [0.6, 40] }), value: (u, v) => count(v) },
  ], data, { left: goldAxis, right: true });
  window.wowahItemChart = { item, realm: scope, since, data: u.data };

  const regionMarket = region.region_market;
  const tableRes = { columns: price.columns.concat([{ name: "pct_of_region", kind: "percent" }]),
    rows: price.rows.map(r => ({ ...r, pct_of_region: regionMarket && r.market_value != null ?
      Math.round(1000 * r.market_value / regionMarket) / 10 : null })) };
  const t = table(tableRes, { hide: ["region_14d", "region_market", "historical_60d"] });
  t.id = "item-table";
  perRealm.lastChild.replaceWith(t);
  const title = await api("search", { q: item.startsWith("p:") ? item : item, limit: 1 }).catch(() => null);
  if (title && title.rows.length && title.rows[0].key === item) $("#item-title").textContent = title.rows[0].item + " (" + item + ")";
};

/* The item's sales per day, estimated from the auction lifetimes (`wowah report sales`):
 * the region's rows, or the realm's when one is picked (its houses summed). */
function itemSales(grid, item, scope) {
  const box = el("div", { class: "chart", id: "sales-chart" });
  const c = card("Sales per day (estimated from the auction lifetimes)", loading(), "wide");
  grid.append(c);
  fillCard(c, async () => {
    const r = await api("sales", { item, realm: scope });
    const res = { columns: r.columns, rows: r.rows.filter(x => x.realm === "region") };
    const t = table(res, { hide: ["region", "realm", "units_seen", "auctions_sold", "auctions_ended"],
      empty: "No sales seen in the auction lifetimes yet." });
    t.id = "sales-table";
    if (!res.rows.length) return t;
    c.insertBefore(box, c.lastChild);
    chart(box, [
      { label: "units sold", stroke: cssVar("--accent"), fill: "rgba(128,128,128,.25)",
        paths: uPlot.paths.bars({ size: [0.6, 40] }), value: (u, v) => count(v) },
      { label: "average sale price", scale: "g", stroke: cssVar("--gold"), value: (u, v) => gold(v) }],
      [res.rows.map(x => secs(x.day)), res.rows.map(x => x.units_sold), res.rows.map(x => x.avg_price)],
      { height: 220 });
    return t;
  });
}

function buyBox(item, scope) {
  const units = el("input", { type: "number", min: "1", max: "1000000000", value: "100", id: "buy-units", "aria-label": "units" });
  const out = el("div", { id: "buy-result" });
  async function run() {
    out.replaceChildren(loading());
    try { out.replaceChildren(table(await api("buy", { item, units: units.value, realm: scope }), { hide: ["region"] })); }
    catch (e) { out.replaceChildren(el("p", { class: "error", text: e.message })); }
  }
  return el("div", {}, el("div", { class: "controls" }, el("label", { text: "Units" }), units,
    el("button", { type: "button", class: "btn", text: "Cost", id: "buy-go", onclick: run })), out);
}

pages.realm = async function (main, q) {
  const realm = q.realm || "";
  main.append(el("h1", { text: "Realm" }), el("div", { class: "controls" },
    await realmPicker(realm, v => go("/realm", { realm: v }))));
  if (!realm) { main.append(el("p", { class: "muted", text: "Pick a realm." })); return; }
  const econ = card("Its economy over time", el("div", { class: "chart", id: "realm-chart" }), "wide");
  const top = card("Its top items", loading(), "wide");
  main.append(el("div", { class: "grid" }, econ, top));
  const r = await api("economy", { realm });
  chart($("#realm-chart"), [
    { label: "gold listed", stroke: cssVar("--gold"), value: (u, v) => gold(v) },
    { label: "auctions", stroke: cssVar("--accent"), scale: "r", value: (u, v) => count(v) }],
    [r.rows.map(x => secs(x.time)), r.rows.map(x => x.gold_listed), r.rows.map(x => x.auctions)],
    { left: goldAxis, right: true });
  fillCard(top, async () => table(await api("top", { realm, limit: 50 }), { hide: ["rank"], links: { item: itemKey } }));
};

/* A page of one report with filters that are the report's own parameters, so the CSV
 * download (the same request with format=csv) is exactly what the table shows. */
async function reportPage(main, q, name, title, filters, opts) {
  const params = {};
  for (const f of filters) if (q[f.name]) params[f.name] = q[f.name];
  const controls = el("div", { class: "controls" });
  for (const f of filters) {
    controls.append(el("label", { text: f.label }));
    if (f.name === "realm")
      controls.append(await realmPicker(params.realm || "", v => go(location.pathname, { ...params, realm: v }), "all realms"));
    else
      controls.append(el("input", { name: f.name, value: params[f.name] || "", placeholder: f.placeholder, size: 8,
        onchange: e => go(location.pathname, { ...params, [f.name]: e.target.value.trim() }) }));
  }
  controls.append(el("a", { class: "btn", id: "csv", href: apiUrl(name, { ...params, format: "csv" }),
    download: name + ".csv", text: "CSV download" }));
  main.append(el("h1", { text: title }), controls);
  const body = card(title, loading(), "wide");
  main.append(el("div", { class: "grid" }, body));
  fillCard(body, async () => { const t = table(await api(name, params), opts); t.id = name + "-table"; return t; });
}

pages.deals = (main, q) => reportPage(main, q, "deals", "Deals", [
  { name: "realm", label: "Realm" }, { name: "threshold", label: "At most % of value", placeholder: "50" },
  { name: "limit", label: "Rows", placeholder: "20" }, { name: "item", label: "Item", placeholder: "id" }],
  { links: { item: itemKey } });

pages.arbitrage = (main, q) => reportPage(main, q, "arbitrage", "Arbitrage", [
  { name: "item", label: "Item", placeholder: "id" }, { name: "limit", label: "Rows", placeholder: "20" }],
  { links: { item: itemKey } });

pages.data = async function (main) {
  main.append(el("h1", { text: "Data: snapshots and the pull's health" }));
  const houses = card("Houses: last Last-Modified, snapshots, gaps", loading(), "wide");
  const grid = card("Snapshots per house and day (24 = every hour)", loading(), "wide");
  const gaps = card("Gaps (over 90 minutes between snapshots)", loading(), "wide");
  main.append(el("div", { class: "grid" }, houses, grid, gaps));
  fillCard(houses, async () => table(await api("houses", {}), { hide: ["house_id"] }));
  fillCard(grid, async () => {
    const r = await api("snapshots", {});
    const days = [...new Set(r.rows.map(x => x.day))].sort();
    const by = new Map();
    for (const x of r.rows) {
      const k = x.region + " " + x.realm;
      if (!by.has(k)) by.set(k, {});
      by.get(k)[x.day] = x.snapshots;
    }
    return el("table", { id: "snapshots-grid" }, el("thead", {}, el("tr", {}, el("th", { text: "house" }),
      days.map(d => el("th", { class: "num", text: d.slice(5) })))),
      el("tbody", {}, [...by].map(([k, v]) => el("tr", {}, el("td", { text: k }), days.map(d =>
        el("td", { class: "num " + (v[d] >= 24 ? "cellf" : v[d] ? "cellp" : "cell0"), text: v[d] || "" }))))));
  });
  fillCard(gaps, async () => table(await api("gaps", { limit: 100 }), { empty: "No gaps: every house reported about hourly." }));
};

/* The flavour picker of the header: the flavours whose houses the data holds (the houses
 * of every flavour, once per data generation), shown only when there are two or more.
 * Picking one keeps the page and its item, not its realm (realms are a flavour's own). */
const FLAVORS = ["retail", "classic", "classic1x", "classicann"];
const FLAVOR_NAMES = { retail: "Retail", classic: "Classic progression", classic1x: "Classic Era",
  classicann: "Anniversary" };
async function flavorPicker() {
  const sel = $("#flavor");
  if (!state.flavors || state.flavors.generation !== state.generation) {
    const r = await api("houses", { flavor: FLAVORS.join(",") }).catch(() => ({ rows: [] }));
    const have = new Set(r.rows.map(x => x.kind === "realm" || x.kind === "commodity" ? "retail" : x.kind));
    state.flavors = { generation: state.generation, list: FLAVORS.filter(f => have.has(f)) };
  }
  const list = state.flavors.list, current = flavor() || "retail";
  sel.hidden = list.length < 2;
  sel.replaceChildren(...list.map(f => el("option", { value: f, text: FLAVOR_NAMES[f], selected: f === current })));
}
$("#flavor").addEventListener("change", e =>
  go(location.pathname, { ...query(), realm: "", flavor: e.target.value === "retail" ? "" : e.target.value }));

/* ---- the frame: routing, live updates, theme ---- */
async function render() {
  const name = { "/": "overview", "/item": "item", "/realm": "realm", "/deals": "deals",
    "/arbitrage": "arbitrage", "/data": "data" }[location.pathname] || "overview";
  document.querySelectorAll("header nav a").forEach(a => a.classList.toggle("on", a.dataset.page === name));
  state.charts.forEach(c => c.destroy());
  state.charts = [];
  const main = el("main", { id: "main", "data-page": name });
  $("#main").replaceWith(main);
  await flavorPicker();
  try { await pages[name](main, query()); }
  catch (err) { main.append(el("p", { class: "error", id: "page-error", text: err.message })); }
  main.setAttribute("data-ready", String(state.generation));
}

async function poll() {
  try {
    const s = await api("status");
    const changed = state.generation && s.generation !== state.generation;
    state.generation = s.generation;
    state.sales = s.sales;
    $("#live").textContent = s.updated ? "data of " + time(s.updated) + " UTC" : "no data yet";
    if (changed) render();
  } catch (e) { $("#live").textContent = "server unreachable"; }
}

function theme(t, keep) {
  document.documentElement.dataset.theme = t;
  if (keep) try { localStorage.setItem("wowah-theme", t); } catch (e) { /* private mode */ }
  if (keep) render(); /* the charts take their colours when drawn */
}

document.addEventListener("click", e => {
  const a = e.target.closest("a");
  if (!a || a.target || a.hasAttribute("download") || e.ctrlKey || e.metaKey || e.button) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith("/api/")) return;
  e.preventDefault();
  if (flavor() && !url.searchParams.has("flavor")) url.searchParams.set("flavor", flavor());
  history.pushState(null, "", url.pathname + url.search);
  render();
});
window.addEventListener("popstate", render);
$("#theme").addEventListener("click", () =>
  theme(document.documentElement.dataset.theme === "dark" ? "light" : "dark", true));
let saved = null;
try { saved = localStorage.getItem("wowah-theme"); } catch (e) { /* private mode */ }
theme(saved || (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"));
const POLL_MS = 15000; /* a load shows within POLL_MS plus the server's 1 s check */
poll().then(render);
setInterval(poll, POLL_MS);
