// The item browser: pick a table, Scan or Query by partition key, page, view/edit/create/delete.
// Items travel as DynamoDB JSON (type-tagged attribute values), the lossless form the API uses.

import { api } from './api.js';

const PAGE_SIZE = 25;
/** Columns after the key attributes: the first few other attribute names seen on the page. */
const EXTRA_COLUMNS = 4;

const $ = (id) => document.getElementById(id);

const state = {
  tables: [],
  table: undefined,
  /** ExclusiveStartKey of each page shown so far; the last one is the current page's. */
  pageStarts: [null],
  nextStart: null,
  items: [],
  /** Key of the item in the editor, or null for a new item, or undefined when none. */
  editing: undefined,
  network: { alone: true, pops: [] },
};

export function keyNames(table) {
  const hash = table.keySchema.find((k) => k.KeyType === 'HASH');
  const range = table.keySchema.find((k) => k.KeyType === 'RANGE');
  return range ? [hash.AttributeName, range.AttributeName] : [hash.AttributeName];
}

function keyOf(item) {
  return Object.fromEntries(keyNames(state.table).map((name) => [name, item[name]]));
}

/** One attribute value as a short cell text. */
export function showValue(value) {
  if (!value) return '';
  const [type, inner] = Object.entries(value)[0];
  switch (type) {
    case 'S': case 'N': return String(inner);
    case 'BOOL': return String(inner);
    case 'NULL': return 'null';
    case 'B': return `‹${inner.length} b64 chars›`;
    case 'SS': case 'NS': case 'BS': return `{${inner.join(', ')}}`;
    default: return JSON.stringify(inner);
  }
}

function message(text, kind = '') {
  const box = $('item-message');
  box.textContent = text;
  box.className = `message ${kind}`;
}

function setEditor(title, json, editing) {
  state.editing = editing;
  $('item-title').textContent = title;
  $('item-json').value = json;
  $('save-item').disabled = editing === undefined;
  $('delete-item').disabled = editing === undefined || editing === null;
  renderReplication();
}

export function setNetwork(network) {
  state.network = network;
  renderReplication();
}

/**
 * Which PoPs have applied the item's latest change. This node has (it serves the item). For a
 * peer, the node does not expose per-item versions, so the answer is 'unknown', with what the
 * link tells: a peer that has confirmed everything this node holds has this change too,
 * unless the table's replication scope leaves that peer out.
 */
function renderReplication() {
  const body = $('replication-table').tBodies[0];
  body.replaceChildren();
  if (state.editing === undefined || state.editing === null) return;
  const row = (name, dot, text) => {
    const tr = document.createElement('tr');
    tr.innerHTML = `<td></td><td><span class="dot ${dot}"></span><span></span></td>`;
    tr.cells[0].textContent = name;
    tr.cells[1].lastChild.textContent = text;
    body.append(tr);
  };
  const self = state.network.pops.find((pop) => pop.self);
  row(self ? `${self.name} (this node)` : 'this node', 'ok', 'yes');
  if (state.network.alone) {
    row('other PoPs', 'unknown', 'unknown — this node runs without a network');
    return;
  }
  for (const pop of state.network.pops) {
    if (pop.self) continue;
    if (pop.noLink) row(pop.name, 'unknown', 'unknown — no direct link from this node');
    else if (!pop.connected) row(pop.name, 'bad', 'unknown — disconnected');
    else if ((pop.lagRecords ?? 1) === 0) row(pop.name, 'ok', 'unknown — but caught up with this node (if in scope)');
    else row(pop.name, 'warn', `unknown — ${pop.lagRecords} records behind this node`);
  }
}

function renderTableMeta() {
  const table = state.table;
  if (!table) {
    $('table-meta').textContent = 'No tables in this account yet.';
    return;
  }
  const keys = table.keySchema.map((k) => `${k.AttributeName} (${k.KeyType === 'HASH' ? 'partition' : 'sort'})`).join(', ');
  const indexes = table.indexes.length ? ` · indexes: ${table.indexes.join(', ')}` : '';
  $('table-meta').textContent = `${table.status} · key: ${keys} · ${table.itemCount} item${table.itemCount === 1 ? '' : 's'}${indexes}`;
  $('partition-label').textContent = `Query by ${keyNames(table)[0]}`;
}

function renderItems(operation) {
  const head = $('items-table').tHead;
  const body = $('items-table').tBodies[0];
  const keys = keyNames(state.table);
  const extra = [];
  for (const item of state.items)
    for (const name of Object.keys(item)) if (!keys.includes(name) && !extra.includes(name) && extra.length < EXTRA_COLUMNS) extra.push(name);
  const columns = [...keys, ...extra];
  head.innerHTML = '<tr></tr>';
  for (const name of columns) {
    const th = document.createElement('th');
    th.textContent = name;
    head.rows[0].append(th);
  }
  body.replaceChildren();
  if (state.items.length === 0) {
    body.innerHTML = `<tr><td class="empty" colspan="${columns.length}">No items</td></tr>`;
  }
  for (const item of state.items) {
    const tr = document.createElement('tr');
    tr.dataset.key = JSON.stringify(keyOf(item));
    for (const name of columns) {
      const td = document.createElement('td');
      td.textContent = showValue(item[name]);
      td.title = td.textContent;
      if (keys.includes(name)) td.className = 'key-col';
      tr.append(td);
    }
    if (state.editing && JSON.stringify(state.editing) === tr.dataset.key) tr.classList.add('selected');
    tr.addEventListener('click', () => openItem(JSON.parse(tr.dataset.key)));
    body.append(tr);
  }
  const page = state.pageStarts.length;
  $('page-info').textContent = `${operation} · page ${page} · ${state.items.length} item${state.items.length === 1 ? '' : 's'}`;
  $('prev-page').disabled = page <= 1;
  $('next-page').disabled = state.nextStart === null;
}

async function loadPage() {
  if (!state.table) return;
  const partition = $('partition-value').value;
  try {
    const page = await api(`/_kuhiro/api/tables/${encodeURIComponent(state.table.name)}/items`, {
      query: {
        limit: PAGE_SIZE,
        start: state.pageStarts.at(-1) ? JSON.stringify(state.pageStarts.at(-1)) : undefined,
        partition: partition === '' ? undefined : partition,
      },
    });
    state.items = page.items;
    state.nextStart = page.lastEvaluatedKey;
    renderItems(page.operation);
  } catch (err) {
    message(err.message, 'error');
  }
}

async function openItem(key) {
  try {
    const { item } = await api(`/_kuhiro/api/tables/${encodeURIComponent(state.table.name)}/item`, { query: { key: JSON.stringify(key) } });
    if (!item) {
      message('The item no longer exists.', 'error');
      return;
    }
    setEditor(Object.values(key).map(showValue).join(' / '), JSON.stringify(item, null, 2), key);
    message('');
    for (const tr of $('items-table').tBodies[0].rows) tr.classList.toggle('selected', tr.dataset.key === JSON.stringify(key));
  } catch (err) {
    message(err.message, 'error');
  }
}

async function saveItem() {
  let item;
  try {
    item = JSON.parse($('item-json').value);
  } catch (err) {
    message(`Not valid JSON: ${err.message}`, 'error');
    return;
  }
  try {
    await api(`/_kuhiro/api/tables/${encodeURIComponent(state.table.name)}/item`, { method: 'PUT', body: { item } });
    const key = keyOf(item);
    const wasNew = state.editing === null;
    await refresh();
    await openItem(key);
    message(wasNew ? 'Item created.' : 'Item saved.', 'ok');
  } catch (err) {
    message(err.message, 'error');
  }
}

async function deleteItem() {
  const key = state.editing;
  if (!key || !confirm(`Delete the item ${Object.values(key).map(showValue).join(' / ')}?`)) return;
  try {
    await api(`/_kuhiro/api/tables/${encodeURIComponent(state.table.name)}/item`, { method: 'DELETE', query: { key: JSON.stringify(key) } });
    setEditor('No item selected', '', undefined);
    await refresh();
    message('Item deleted.', 'ok');
  } catch (err) {
    message(err.message, 'error');
  }
}

function newItem() {
  if (!state.table) return;
  const template = {};
  for (const name of keyNames(state.table)) {
    const type = state.table.attributeDefinitions.find((d) => d.AttributeName === name)?.AttributeType ?? 'S';
    template[name] = { [type]: '' };
  }
  setEditor('New item', JSON.stringify(template, null, 2), null);
  message('Fill in the key and attributes, then Save.');
  $('item-json').focus();
}

/** Reloads the table list (counts change) and the current page. */
async function refresh() {
  await loadTables(state.table?.name);
  await loadPage();
}

const tableListeners = [];
/** Called with the table list each time it is (re)loaded: item counts change with every write. */
export function onTablesLoaded(listener) {
  tableListeners.push(listener);
}

export async function loadTables(preferred) {
  const { tables } = await api('/_kuhiro/api/tables');
  state.tables = tables;
  for (const listener of tableListeners) listener(tables);
  const select = $('table-select');
  select.replaceChildren(...tables.map((t) => new Option(t.name, t.name)));
  state.table = tables.find((t) => t.name === preferred) ?? tables[0];
  if (state.table) select.value = state.table.name;
  renderTableMeta();
  return tables;
}

export function selectTable(name) {
  state.table = state.tables.find((t) => t.name === name);
  $('table-select').value = name;
  state.pageStarts = [null];
  setEditor('No item selected', '', undefined);
  renderTableMeta();
  return loadPage();
}

export function initBrowser() {
  $('table-select').addEventListener('change', (e) => selectTable(e.target.value));
  $('partition-value').addEventListener('input', () => {
    $('run-query').textContent = $('partition-value').value === '' ? 'Scan' : 'Query';
  });
  $('partition-value').addEventListener('keydown', (e) => { if (e.key === 'Enter') $('run-query').click(); });
  $('run-query').addEventListener('click', () => { state.pageStarts = [null]; loadPage(); });
  $('next-page').addEventListener('click', () => { state.pageStarts.push(state.nextStart); loadPage(); });
  $('prev-page').addEventListener('click', () => { state.pageStarts.pop(); loadPage(); });
  $('new-item').addEventListener('click', newItem);
  $('save-item').addEventListener('click', saveItem);
  $('delete-item').addEventListener('click', deleteItem);
}

export { loadPage };
