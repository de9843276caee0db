import { percentile } from './stats.js';
import { byDistance, REGION_LABELS, REGIONS, userToPopMs, type Region } from './regions.js';
import { ACTIONS, type Sample } from './shopper.js';
import type { DeploymentKind } from './deployment.js';

export interface Cell {
  region: Region;
  action: string;
  centralized: { p50?: number; p99?: number; n: number };
  edge: { p50?: number; p99?: number; n: number };
  /** centralized p50 / edge p50: how many times faster the edge is. */
  p50Ratio?: number;
  p99Ratio?: number;
}

const ok = (sample: Sample): boolean => sample.status >= 200 && sample.status < 500;

/** Per region and action (plus "all"), p50 and p99 of each deployment; answered requests only (4xx included: a 409 out-of-stock is an answer). */
export function summarize(samples: Map<DeploymentKind, Sample[]>): Cell[] {
  const cells: Cell[] = [];
  for (const region of REGIONS) {
    for (const action of ['all', ...ACTIONS]) {
      const pick = (kind: DeploymentKind) => {
        const ms = (samples.get(kind) ?? []).filter((s) => s.region === region && (action === 'all' || s.action === action) && ok(s)).map((s) => s.ms);
        return { p50: percentile(ms, 50), p99: percentile(ms, 99), n: ms.length };
      };
      const centralized = pick('centralized');
      const edge = pick('edge');
      cells.push({
        region,
        action,
        centralized,
        edge,
        ...(centralized.p50 && edge.p50 ? { p50Ratio: centralized.p50 / edge.p50 } : {}),
        ...(centralized.p99 && edge.p99 ? { p99Ratio: centralized.p99 / edge.p99 } : {}),
      });
    }
  }
  return cells;
}

const ms = (value?: number): string => (value === undefined ? '–' : value.toFixed(0));
const ratio = (value?: number): string => (value === undefined ? '–' : `${value.toFixed(2)}×`);

/**
 * The round trip the proxies alone add to one request from a region: to us-east-1 when
 * centralized, to the nearest PoP at the edge (before any failover). What a request costs
 * beyond it is this machine's server time (and, at the edge, node-to-node hops).
 */
export function networkFloorMs(region: Region): { centralized: number; edge: number } {
  const EDGE_REGIONS: Region[] = ['us-east-1', 'us-west-2', 'eu-central-1', 'ap-northeast-1'];
  return { centralized: 2 * userToPopMs(region, 'us-east-1'), edge: 2 * userToPopMs(region, byDistance(region, EDGE_REGIONS)[0]!) };
}

export function markdownTable(cells: Cell[]): string {
  const lines = [
    '| user region | action | n (c/e) | network floor c/e | centralized p50 | edge p50 | p50 ratio | centralized p99 | edge p99 | p99 ratio |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const cell of cells) {
    const action = cell.action === 'all' ? '**all actions**' : cell.action;
    const floor = networkFloorMs(cell.region);
    lines.push(
      `| ${cell.region} | ${action} | ${cell.centralized.n}/${cell.edge.n} | ${ms(floor.centralized)}/${ms(floor.edge)} | ${ms(cell.centralized.p50)} | ${ms(cell.edge.p50)} | ${ratio(cell.p50Ratio)} | ${ms(cell.centralized.p99)} | ${ms(cell.edge.p99)} | ${ratio(cell.p99Ratio)} |`,
    );
  }
  return lines.join('\n');
}

/** Grouped bars per user region: p50 and p99 of all actions, centralized vs edge (ms, linear). */
export function svgChart(cells: Cell[]): string {
  const rows = cells.filter((cell) => cell.action === 'all');
  const bars: { label: string; colour: string; value: (cell: Cell) => number | undefined }[] = [
    { label: 'centralized p50', colour: '#c0392b', value: (c) => c.centralized.p50 },
    { label: 'edge p50', colour: '#27ae60', value: (c) => c.edge.p50 },
    { label: 'centralized p99', colour: '#e6a39b', value: (c) => c.centralized.p99 },
    { label: 'edge p99', colour: '#9fd8b5', value: (c) => c.edge.p99 },
  ];
  const max = Math.max(1, ...rows.flatMap((row) => bars.map((bar) => bar.value(row) ?? 0)));
  const width = 860;
  const left = 200;
  const plot = width - left - 80;
  const barHeight = 14;
  const groupHeight = bars.length * barHeight + 24;
  const top = 60;
  const height = top + rows.length * groupHeight + 40;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${left}" y="22" font-size="15" font-weight="bold">Shop request latency by user region (all actions, ms)</text>`,
  ];
  bars.forEach((bar, index) => {
    const x = left + index * 150;
    out.push(`<rect x="${x}" y="34" width="12" height="12" fill="${bar.colour}"/><text x="${x + 16}" y="44">${bar.label}</text>`);
  });
  rows.forEach((row, rowIndex) => {
    const y0 = top + rowIndex * groupHeight;
    out.push(`<text x="${left - 8}" y="${y0 + groupHeight / 2}" text-anchor="end">${REGION_LABELS[row.region]}</text>`);
    bars.forEach((bar, index) => {
      const value = bar.value(row);
      const y = y0 + index * barHeight;
      const w = value === undefined ? 0 : (value / max) * plot;
      out.push(`<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barHeight - 2}" fill="${bar.colour}"/>`);
      out.push(`<text x="${(left + w + 4).toFixed(1)}" y="${y + barHeight - 4}">${ms(value)}</text>`);
    });
  });
  out.push(`<line x1="${left}" y1="${top - 4}" x2="${left}" y2="${height - 30}" stroke="#333"/>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
