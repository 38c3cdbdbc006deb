// clients.cjs - three Blizzard API client libraries from npm, unmodified, against wowah sim.
// They hard-code Battle.net's hosts; HTTPS_PROXY=http://127.0.0.1:PORT (set by t5802)
// makes their HTTP client (axios) send every request to the simulator in absolute form.
// Each check prints "ok LIBRARY: what"; the first that fails throws, and node exits 1.
// Usage: node clients.cjs (NPM_CLIENTS: the folder bootstrap installed them into;
// CLIENT_ID, CLIENT_SECRET: the simulator's credentials; region eu).
'use strict';
const assert = require('node:assert/strict');
const path = require('node:path');
const { createRequire } = require('node:module');

const need = createRequire(path.join(process.env.NPM_CLIENTS, 'package.json'));
const { BlizzAPI } = need('blizzapi');
const blizzardjs = need('blizzard.js');
const { createBlizzardApiClient } = need('@blizzard-api/client');
const { wow } = need('@blizzard-api/wow');
const axios = need('axios');

const key = process.env.CLIENT_ID;
const secret = process.env.CLIENT_SECRET;
const D = 'namespace=dynamic-eu';
const C = 'namespace=dynamic-classic-eu';
const ERA = 'namespace=dynamic-classic1x-eu';
const ANN = 'namespace=dynamic-classicann-eu';
const VERSIONED = 'static-11.0.7_58187-eu';
const PREVIEW = ['binding', 'weapon', 'stats', 'requirements', 'level', 'durability'];

function ok(lib, what) {
	console.log(`ok ${lib}: ${what}`);
}

// The last path segment of an href: a connected realm's or an item's id.
function idOf(href) {
	return Number(new URL(href).pathname.split('/').filter(Boolean).pop());
}

// The path and query of an href, as blizzapi takes an endpoint.
function endpointOf(href) {
	const u = new URL(href);
	return u.pathname + u.search;
}

// The status of a call that must fail.
async function statusOf(promise) {
	try {
		await promise;
	} catch (e) {
		return e.response ? e.response.status : e.message;
	}
	return 200;
}

// Every href of a body.
function hrefs(v, out = []) {
	if (v && typeof v === 'object') {
		for (const [k, x] of Object.entries(v)) {
			if (k === 'href') out.push(x);
			else hrefs(x, out);
		}
	}
	return out;
}

// The first weapon listed on a realm, by the library's item call.
async function firstWeapon(auctions, item) {
	const ids = [...new Set(auctions.map((a) => a.item.id))];
	for (const id of ids) {
		const body = await item(id);
		if (['WEAPON', 'TWOHWEAPON'].includes(body.inventory_type.type)) return body;
	}
	throw new Error('no weapon listed');
}

function checkPreview(lib, body) {
	for (const k of PREVIEW) assert.ok(k in body.preview_item, `preview_item lacks ${k}`);
	assert.equal(body.preview_item.level.value, body.level);
	ok(lib, `item ${body.id}: preview_item has ${PREVIEW.join(', ')}`);
}

// The HTTP date forms of a time: RFC 850 and asctime (RFC 1123 is what Last-Modified is).
function httpDates(lastModified) {
	const d = new Date(lastModified);
	const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
	const mon = d.toUTCString().slice(8, 11);
	const two = (n) => String(n).padStart(2, '0');
	const clock = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
	return [
		lastModified,
		`${days[d.getUTCDay()]}, ${two(d.getUTCDate())}-${mon}-${two(d.getUTCFullYear() % 100)} ${clock} GMT`,
		`${days[d.getUTCDay()].slice(0, 3)} ${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${clock} ${d.getUTCFullYear()}`,
	];
}

async function withBlizzapi() {
	const lib = 'blizzapi 2.6.5';
	// validates the token on Battle.net before every query (GET /oauth/check_token?token=)
	const api = new BlizzAPI({ region: 'eu', clientId: key, clientSecret: secret, validateAccessTokenOnEachQuery: true });
	const token = await api.getAccessToken();
	assert.match(token, /^EU[0-9a-f]{32}$/);
	ok(lib, 'OAuth client credentials');
	assert.equal(await BlizzAPI.validateAccessToken('eu', token), true);
	assert.equal(await BlizzAPI.validateAccessToken('eu', 'EU0000'), false);
	ok(lib, 'GET /oauth/check_token?token= (a live token and an unknown one)');

	const token1 = await api.query(`/data/wow/token/?${D}`);
	assert.ok(token1.price > 0);
	ok(lib, 'token/ with a trailing slash (the getting-started guide)');
	const index = await api.query(`/data/wow/connected-realm/index?${D}`);
	const again = await api.query(endpointOf(index._links.self.href));
	assert.deepEqual(again.connected_realms, index.connected_realms);
	ok(lib, `the realm index's self link ${endpointOf(index._links.self.href)}`);
	const id = idOf(index.connected_realms[0].href);
	for (const bad of [`+${id}`, `0${id}`])
		assert.equal(await statusOf(api.query(`/data/wow/connected-realm/${bad}?${D}`)), 404);
	ok(lib, `ids +${id} and 0${id} are 404`);

	const auctions = await api.query(`/data/wow/connected-realm/${id}/auctions?${D}`);
	assert.ok(auctions.auctions.length > 0);
	assert.ok(auctions.lastModified);
	for (const ims of httpDates(auctions.lastModified)) {
		let res;
		try {
			await api.query(`/data/wow/connected-realm/${id}/auctions?${D}`, { headers: { 'If-Modified-Since': ims } });
		} catch (e) {
			res = e.response;
		}
		assert.equal(res && res.status, 304, `If-Modified-Since: ${ims}`);
		assert.equal(res.headers['battlenet-namespace'], 'dynamic-eu');
		assert.equal(res.headers.vary, 'Accept-Encoding');
	}
	ok(lib, 'If-Modified-Since in RFC 1123, RFC 850 and asctime: 304 with Battlenet-Namespace and Vary');

	const itemId = auctions.auctions[0].item.id;
	const item = await api.query(`/data/wow/item/${itemId}?namespace=${VERSIONED}&locale=en_GB`);
	assert.deepEqual([...new Set(hrefs(item).map((h) => new URL(h).searchParams.get('namespace')))], [VERSIONED]);
	ok(lib, `item in ${VERSIONED}: every href keeps it`);
	assert.equal(await statusOf(api.query(`/data/wow/item/${itemId}?namespace=static-foo-eu`)), 404);
	ok(lib, 'static-foo-eu is 404');
	checkPreview(lib, await firstWeapon(auctions.auctions, (i) => api.query(`/data/wow/item/${i}?namespace=static-eu&locale=en_GB`)));

	const classic = await api.query(`/data/wow/connected-realm/index?${C}`);
	const cid = idOf(classic.connected_realms[0].href);
	const houses = await api.query(`/data/wow/connected-realm/${cid}/auctions/?${C}&locale=de_DE`);
	assert.deepEqual(houses.auctions.map((h) => h.id), [2, 6, 7]);
	const horde = await api.query(`${endpointOf(houses.auctions[1].key.href)}&locale=de_DE`);
	assert.equal(horde.name, 'Auktionshaus der Horde');
	ok(lib, `Classic house index by its self link (auctions/), the Horde house in de_DE: ${horde.name}`);
	const ctoken = await api.query(`/data/wow/token/index?${C}`);
	assert.ok(ctoken.price > 0 && ctoken._links.self.href.endsWith(C));
	ok(lib, 'the Classic token');

	// Era and Anniversary: blizzapi takes any namespace, as the caller's query string
	for (const [name, ns] of [['Era', ERA], ['Anniversary', ANN]]) {
		const fidx = await api.query(`/data/wow/connected-realm/index?${ns}`);
		const fid = idOf(fidx.connected_realms[0].href);
		const fhouses = await api.query(`${endpointOf(fidx.connected_realms[0].href).replace('?', '/auctions/?')}&locale=es_ES`);
		assert.deepEqual(fhouses.auctions.map((h) => h.id), [2, 6, 7]);
		assert.ok(hrefs(fhouses).every((h) => h.endsWith(ns)));
		const fhorde = await api.query(`${endpointOf(fhouses.auctions[1].key.href)}&locale=de_DE`);
		assert.equal(fhorde.name, 'Auktionshaus der Horde');
		assert.ok(fhorde.auctions.length > 0 && 'buyout' in fhorde.auctions[0]);
		assert.equal(await statusOf(api.query(`/data/wow/token/index?${ns}`)), 404);
		ok(lib, `${name} (${ns}): realm ${fid}, its house index and the Horde house in de_DE, no token`);
	}
	// the last Era realm has the first retail realm's id: two realms, two markets
	const era = await api.query(`/data/wow/connected-realm/index?${ERA}`);
	const shared = idOf(era.connected_realms[era.connected_realms.length - 1].href);
	assert.equal(shared, id);
	const eraHouse = await api.query(`/data/wow/connected-realm/${shared}/auctions/2?${ERA}`);
	const retailIds = new Set(auctions.auctions.map((a) => a.id));
	assert.ok(eraHouse.auctions.every((a) => !retailIds.has(a.id)));
	ok(lib, `connected realm ${shared} in dynamic-eu and dynamic-classic1x-eu: two realms, two markets`);
}

async function withBlizzardJs() {
	const lib = 'blizzard.js 4.6.0';
	const client = await blizzardjs.wow.createInstance({ key, secret, origin: 'eu', locale: 'en_GB' });
	ok(lib, 'OAuth client credentials');
	const check = await client.validateApplicationToken();
	assert.equal(check.data.client_id, key);
	assert.ok(check.data.exp * 1000 > Date.now());
	ok(lib, 'POST /oauth/check_token token=');

	const index = (await client.connectedRealm()).data;
	const id = idOf(index.connected_realms[0].href);
	const realm = (await client.connectedRealm({ id })).data;
	assert.equal(realm.id, id);
	const slug = realm.realms[0].slug;
	assert.equal((await client.realm({ slug })).data.slug, slug);
	ok(lib, `realm index, connected realm ${id}, realm ${slug}`);
	const auctions = (await client.auctionHouse({ id })).data;
	assert.ok(auctions.auctions.length > 0);
	const commodities = (await client.commodities()).data;
	assert.ok(commodities.auctions.length > 0 && 'unit_price' in commodities.auctions[0]);
	assert.ok((await client.token()).data.price > 0);
	ok(lib, 'auctions, commodities, token');
	const weapon = await firstWeapon(auctions.auctions, async (i) => (await client.item({ id: i })).data);
	checkPreview(lib, weapon);
	const media = (await client.item({ id: weapon.id, media: true })).data;
	assert.equal(media.assets[0].key, 'icon');
	ok(lib, 'item media');

	const classic = await blizzardjs.wow.classic.createInstance({ key, secret, origin: 'eu', locale: 'fr_FR' });
	const cindex = (await classic.connectedRealm()).data;
	const realmId = idOf(cindex.connected_realms[0].href);
	const houses = (await classic.auctionHouse({ realm: realmId })).data;
	assert.deepEqual(houses.auctions.map((h) => h.name), [
		"Hôtel des ventes de l'Alliance",
		'Hôtel des ventes de la Horde',
		'Hôtel des ventes de Noiredrive',
	]);
	const house = (await classic.auctionHouse({ realm: realmId, auctionHouse: 7 })).data;
	assert.equal(house.name, 'Hôtel des ventes de Noiredrive');
	ok(lib, `Classic house index and house 7 in fr_FR: ${house.name}`);
	const citem = (await classic.item({ id: auctions.auctions[0].item.id })).data;
	assert.ok(citem._links.self.href.endsWith('namespace=static-classic-eu'));
	ok(lib, 'Classic item in static-classic-eu');

	// its Era client names dynamic-classic1x and static-classic1x, but binds auctionHouse
	// to dynamic-classic: an Era realm's houses are out of its reach (docs/flavours.md)
	const era = await blizzardjs.wow.classic.createEraInstance({ key, secret, origin: 'eu', locale: 'de_DE' });
	const eindex = (await era.connectedRealm()).data;
	assert.ok(eindex._links.self.href.endsWith(ERA));
	const eraId = idOf(eindex.connected_realms[0].href);
	const erealm = (await era.connectedRealm({ id: eraId })).data;
	assert.equal((await era.realm({ slug: erealm.realms[0].slug })).data.id, erealm.realms[0].id);
	const eitem = (await era.item({ id: auctions.auctions[0].item.id })).data;
	assert.ok(eitem._links.self.href.endsWith('namespace=static-classic1x-eu'));
	assert.equal(await statusOf(era.token()), 404);
	ok(lib, `Era client: realm index, connected realm ${eraId}, realm, item in static-classic1x-eu, no token`);
	assert.equal(await statusOf(era.auctionHouse({ realm: eraId })), 404);
	ok(lib, `Era client's auctionHouse asks dynamic-classic: Era realm ${eraId} is not there (404)`);
}

async function withBlizzardApiClient() {
	const lib = '@blizzard-api/client 1.0.10';
	const client = await createBlizzardApiClient({ key, secret, origin: 'eu', locale: 'en_GB' });
	ok(lib, 'OAuth client credentials');
	const check = await client.validateAccessToken();
	assert.equal(check.data.client_id, key);
	ok(lib, 'POST /oauth/check_token token=');
	// given a token, it validates it first and keeps it while check_token's exp is ahead
	const kept = await createBlizzardApiClient({ key, secret, origin: 'eu', token: client.defaults.token });
	assert.equal(kept.defaults.token, client.defaults.token);
	ok(lib, 'a token given is validated and kept');

	const get = async (resource) => (await client.sendRequest(resource)).data;
	const index = await get(wow.connectedRealmIndex());
	const id = idOf(index.connected_realms[0].href);
	const realm = await get(wow.connectedRealm(id));
	assert.equal((await get(wow.realm(realm.realms[0].slug))).id, realm.realms[0].id);
	const auctions = await get(wow.auctions(id));
	assert.ok((await get(wow.commodities())).auctions.length > 0);
	assert.ok((await get(wow.wowToken())).price > 0);
	ok(lib, 'realm index, connected realm, realm, auctions, commodities, token');
	const weapon = await firstWeapon(auctions.auctions, (i) => get(wow.item(i)));
	checkPreview(lib, weapon);
	assert.equal((await get(wow.itemMedia(weapon.id))).id, weapon.id);
	ok(lib, 'item media');

	// a resource is a path and a namespace: core's types name dynamic-classic1x, and the
	// request takes classicann as well (it only joins the region)
	for (const namespace of ['dynamic-classic1x', 'dynamic-classicann']) {
		const fidx = await get({ path: '/data/wow/connected-realm/index', namespace });
		const fid = idOf(fidx.connected_realms[0].href);
		const houses = await get({ path: `/data/wow/connected-realm/${fid}/auctions/index`, namespace });
		assert.deepEqual(houses.auctions.map((h) => h.name), ['Alliance Auction House', 'Horde Auction House', 'Blackwater Auction House']);
		const house = await get({ path: `/data/wow/connected-realm/${fid}/auctions/7`, namespace });
		assert.equal(house.id, 7);
		assert.ok(house.connected_realm.href.endsWith(`${namespace}-eu`));
		ok(lib, `${namespace}: realm ${fid}, house index and house 7 (${house.auctions.length} auctions)`);
	}
}

async function withAxios() {
	const lib = 'axios (their HTTP client)';
	const res = await axios.get('https://oauth.battle.net/token', { validateStatus: () => true });
	assert.equal(res.status, 400);
	assert.equal(res.data.error, 'invalid_request');
	ok(lib, 'GET /token is 400 invalid_request');
	const tok = await axios.post('https://oauth.battle.net/token', 'grant_type=client_credentials', { auth: { username: key, password: secret } });
	const item = await axios.get('https://eu.api.blizzard.com/data/wow/media/item/82800', {
		headers: { Authorization: `Bearer ${tok.data.access_token}`, 'Battlenet-Namespace': VERSIONED },
	});
	assert.equal(item.headers['battlenet-namespace'], VERSIONED);
	ok(lib, `Battlenet-Namespace: ${VERSIONED} echoed`);
}

(async () => {
	for (const run of [withBlizzapi, withBlizzardJs, withBlizzardApiClient, withAxios]) await run();
})().catch((e) => {
	console.error(`FAIL: ${e.stack || e}`);
	process.exit(1);
});
