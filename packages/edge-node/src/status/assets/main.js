// Boot: node facts, then (after the admin token in accounts mode) tables and functions, then a
// refresh loop for the network picture and ops/s.

import { api, ApiError, remoteMetrics, setCredentials } from './api.js';
import { initBrowser, loadTables, onTablesLoaded, selectTable, setNetwork } from './browser.js';
import { drawNetwork, lagText, linkState, normalizeNetwork } from './network.js';

/** How often the picture and the counters refresh; ops/s is a 10 s average on the node. */
const REFRESH_MS = 2000;

const $ = (id) => document.getElementById(id);
let facts;

function renderFacts() {
  const box = $('node-facts');
  box.innerHTML = '<span>node <b></b></span><span>region <b></b></span><span class="badge"></span><span></span>';
  box.children[0].lastChild.textContent = facts.node;
  box.children[1].lastChild.textContent = facts.region;
  box.children[2].textContent = facts.mode === 'development' ? 'development mode' : 'accounts mode';
  box.children[3].textContent = `v${facts.version} · up ${formatUptime(facts.uptimeSeconds)}`;
}

function formatUptime(seconds) {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

function renderOps(metrics) {
  const body = $('ops-table').tBodies[0];
  body.replaceChildren();
  $('ops-total').textContent = `${metrics.opsPerSecond} ops/s (10 s average)`;
  const names = Object.keys(metrics.totals).sort((a, b) => (metrics.opsPerSecondByOperation[b] ?? 0) - (metrics.opsPerSecondByOperation[a] ?? 0) || metrics.totals[b] - metrics.totals[a]);
  for (const name of names.slice(0, 8)) {
    const tr = body.insertRow();
    tr.insertCell().textContent = name;
    const rate = tr.insertCell();
    rate.className = 'num';
    rate.textContent = String(metrics.opsPerSecondByOperation[name] ?? 0);
    const total = tr.insertCell();
    total.className = 'num';
    total.textContent = String(metrics.totals[name]);
  }
  if (names.length === 0) body.innerHTML = '<tr><td colspan="3" class="hint">No DynamoDB requests yet</td></tr>';
}

function renderPops(network, opsByPop) {
  const body = $('pop-table').tBodies[0];
  body.replaceChildren();
  for (const pop of network.pops) {
    const tr = body.insertRow();
    tr.dataset.pop = pop.name;
    const name = tr.insertCell();
    name.innerHTML = '<b></b><span class="hint"></span>';
    name.firstChild.textContent = pop.name;
    name.lastChild.textContent = (pop.self ? 'here · ' : '') + pop.role + (pop.group ? ` · ${pop.group}` : '');
    const state = linkState(pop);
    const link = tr.insertCell();
    link.innerHTML = `<span class="dot ${{ self: 'ok', up: 'ok', lagging: 'warn', down: 'bad', none: 'unknown' }[state]}"></span>`;
    link.append(state === 'self' ? 'local' : state);
    tr.insertCell().textContent = lagText(pop);
    const ops = tr.insertCell();
    ops.className = 'num';
    ops.textContent = opsByPop.get(pop.name) ?? '?';
  }
  $('network-caption').textContent = network.alone
    ? 'this node alone (no network configured)'
    : `${network.pops.length} PoPs · ${network.pops.filter((p) => !p.self && p.connected).length} of ${network.pops.filter((p) => !p.self && !p.noLink).length} peers connected`;
}

async function fetchNetwork() {
  try {
    return normalizeNetwork(await api('/_kuhiro/network'), facts);
  } catch (err) {
    // 404: this build or this node has no network; anything else: show the node alone as well.
    if (!(err instanceof ApiError) || err.status !== 404) console.warn('network stats unavailable', err);
    return normalizeNetwork(undefined, facts);
  }
}

async function refreshLive() {
  const [metrics, network] = await Promise.all([api('/_kuhiro/api/metrics'), fetchNetwork()]);
  const opsByPop = new Map([[facts.node, metrics.opsPerSecond]]);
  await Promise.all(network.pops.filter((pop) => !pop.self && pop.url).map(async (pop) => {
    const remote = await remoteMetrics(pop.url);
    if (remote) opsByPop.set(pop.name, remote.opsPerSecond);
  }));
  renderOps(metrics);
  renderPops(network, opsByPop);
  drawNetwork($('network-svg'), network, opsByPop);
  setNetwork(network);
}

function renderTableList(tables) {
  const list = $('table-list');
  list.innerHTML = '<li class="head"><span>table</span><span>items</span></li>';
  for (const table of tables) {
    const li = document.createElement('li');
    li.innerHTML = '<a></a><span class="num"></span>';
    li.firstChild.textContent = table.name;
    li.firstChild.addEventListener('click', () => selectTable(table.name));
    li.lastChild.textContent = String(table.itemCount);
    list.append(li);
  }
  if (tables.length === 0) list.insertAdjacentHTML('beforeend', '<li class="hint">no tables</li>');
}

async function loadAccountData() {
  const tables = await loadTables();
  if (tables[0]) await selectTable(tables[0].name);

  const { Functions, available } = await api('/_kuhiro/api/functions');
  const functions = $('function-list');
  functions.innerHTML = '<li class="head"><span>function</span><span>runtime</span></li>';
  for (const fn of Functions) {
    const li = document.createElement('li');
    li.innerHTML = '<span></span><span class="hint"></span>';
    li.firstChild.textContent = fn.FunctionName;
    li.lastChild.textContent = fn.Runtime ?? fn.PackageType ?? '';
    functions.append(li);
  }
  if (Functions.length === 0) functions.insertAdjacentHTML('beforeend', `<li class="hint">${available === false ? 'Lambda not served' : 'no functions'}</li>`);
}

async function openAccount() {
  try {
    await loadAccountData();
    $('admin-login').hidden = true;
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 400)) {
      $('admin-login').hidden = false;
      $('table-meta').textContent = err.message;
    } else throw err;
  }
}

async function boot() {
  facts = await api('/_kuhiro/api/node');
  renderFacts();
  initBrowser();
  onTablesLoaded(renderTableList);
  $('admin-login').addEventListener('submit', (e) => {
    e.preventDefault();
    setCredentials($('admin-token').value.trim(), $('admin-account').value.trim());
    openAccount();
  });
  await Promise.all([openAccount(), refreshLive()]);
  document.body.dataset.ready = 'true';
  setInterval(() => {
    refreshLive().catch((err) => console.warn('refresh failed', err));
    api('/_kuhiro/api/node').then((f) => { facts = f; renderFacts(); }).catch(() => {});
  }, REFRESH_MS);
}

boot().catch((err) => {
  $('node-facts').textContent = `Cannot reach the node: ${err.message}`;
});
