// The network picture: this node and the PoPs it replicates with, drawn as inline SVG.
//
// Input is GET /_kuhiro/network (the replicator's stats). Fields read, all optional except `peers`:
//   node, role                       this PoP's name and role ('edge' | 'central')
//   peers[]: name, role, group, connected, rttMs, lagRecords, queueDepth, oldestUnackedMs
//   pops[]:  name, url, role, group  the network config, for other PoPs' URLs (their ops/s)
// A `stats` wrapper ({stats: {...}}) is accepted too. A 404 means the node runs alone.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** One shape for the page, whatever the node sent; `alone` when there is no network. */
export function normalizeNetwork(raw, nodeFacts) {
  const stats = raw?.stats ?? raw;
  const selfName = stats?.node ?? nodeFacts.node;
  const self = { name: selfName, role: stats?.role ?? 'edge', self: true, connected: true, url: location.origin };
  if (!stats || !Array.isArray(stats.peers)) return { alone: true, pops: [self] };
  const urls = new Map((stats.pops ?? raw.pops ?? []).map((pop) => [pop.name, pop.url]));
  const peers = stats.peers.map((peer) => ({
    name: peer.name,
    role: peer.role ?? 'edge',
    group: peer.group,
    self: false,
    connected: Boolean(peer.connected),
    rttMs: peer.rttMs ?? null,
    lagRecords: peer.lagRecords,
    queueDepth: peer.queueDepth,
    oldestUnackedMs: peer.oldestUnackedMs,
    url: urls.get(peer.name),
  }));
  // PoPs of the config this node has no link to (a partial mesh): shown, but with no line.
  const linked = new Set([selfName, ...peers.map((peer) => peer.name)]);
  const unlinked = (stats.pops ?? raw.pops ?? [])
    .filter((pop) => !linked.has(pop.name))
    .map((pop) => ({ name: pop.name, role: pop.role ?? 'edge', group: pop.group, self: false, connected: false, noLink: true, url: pop.url }));
  return { alone: false, pops: [self, ...peers, ...unlinked] };
}

export function linkState(pop) {
  if (pop.self) return 'self';
  if (pop.noLink) return 'none';
  if (!pop.connected) return 'down';
  return (pop.lagRecords ?? 0) > 0 || (pop.queueDepth ?? 0) > 0 ? 'lagging' : 'up';
}

export function lagText(pop) {
  if (pop.self) return '—';
  if (pop.noLink) return 'no direct link';
  if (!pop.connected) return 'disconnected';
  const parts = [`${pop.lagRecords ?? '?'} rec`];
  if (pop.oldestUnackedMs) parts.push(`${pop.oldestUnackedMs} ms`);
  if (pop.rttMs !== null && pop.rttMs !== undefined) parts.push(`rtt ${Math.round(pop.rttMs)} ms`);
  return parts.join(' · ');
}

function el(name, attrs, text) {
  const node = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Central in the middle when present; the other PoPs on an ellipse, this node first, on the
 * left, so its links fan out across the picture. Labels sit below each circle.
 */
function layout(pops, width, height) {
  const cx = width / 2;
  const cy = height / 2 - 10;
  if (pops.length === 1) return new Map([[pops[0].name, { x: cx, y: cy }]]);
  const central = pops.find((pop) => pop.role === 'central' && !pop.self);
  const ring = pops.filter((pop) => pop !== central);
  const rx = width / 2 - 75; // room for a label of ~20 characters at the left and right ends
  const ry = height / 2 - 45;
  const places = new Map();
  if (central && ring.length === 1) {
    // Two PoPs: side by side rather than one in the middle and one at the edge.
    places.set(ring[0].name, { x: cx - rx / 2, y: cy });
    places.set(central.name, { x: cx + rx / 2, y: cy });
    return places;
  }
  if (central) places.set(central.name, { x: cx, y: cy });
  ring.forEach((pop, i) => {
    const angle = Math.PI + (2 * Math.PI * i) / ring.length;
    places.set(pop.name, { x: cx + rx * Math.cos(angle), y: cy + ry * Math.sin(angle) });
  });
  return places;
}

/** Draws PoPs, and links from this node to each peer coloured by state and labelled with lag. */
export function drawNetwork(svg, network, opsByPop) {
  const [, , width, height] = svg.getAttribute('viewBox').split(' ').map(Number);
  svg.replaceChildren();
  const places = layout(network.pops, width, height);
  const self = network.pops.find((pop) => pop.self);
  for (const pop of network.pops) {
    if (pop.self || pop.noLink) continue;
    const a = places.get(self.name);
    const b = places.get(pop.name);
    svg.append(el('line', { class: `link ${linkState(pop)}`, x1: a.x, y1: a.y, x2: b.x, y2: b.y, 'data-peer': pop.name }));
    const label = pop.connected ? `${pop.lagRecords ?? '?'} rec` : 'down';
    svg.append(el('text', { class: 'link-label', x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 - 4 }, label));
  }
  for (const pop of network.pops) {
    const { x, y } = places.get(pop.name);
    const classes = ['pop', pop.self ? 'self' : '', pop.role === 'central' ? 'central' : '', linkState(pop) === 'down' ? 'down' : '', pop.noLink ? 'none' : ''];
    const group = el('g', { class: classes.join(' ').trim(), 'data-pop': pop.name });
    group.append(el('circle', { cx: x, cy: y, r: 14 }));
    group.append(el('text', { class: 'pop-name', x, y: y + 28 }, pop.self ? `${pop.name} (here)` : pop.name));
    const ops = opsByPop.get(pop.name);
    group.append(el('text', { class: 'pop-ops', x, y: y + 40 }, ops === undefined ? 'ops/s ?' : `${ops} ops/s`));
    svg.append(group);
  }
}
