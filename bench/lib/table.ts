// The summary table of npm run bench: one row per workload, mxjs and each peer measured in this run,
// the ratio mxjs/peer, and the peers' figures from the Performance issue (its targets), as text and Markdown.

export type Peer = 'tfjs' | 'ort' | 'torch';
export const PEERS: readonly Peer[] = ['tfjs', 'ort', 'torch'];
const PEER_LABEL: Record<Peer, string> = { tfjs: 'TF.js wasm', ort: 'ORT-web wasm', torch: 'PyTorch CPU' };

export interface Row {
  workload: string;
  unit: string;
  higherIsBetter: boolean;
  mxjs: number | null;
  /** Measured in this run; null: not measured (the note in `issue` says why when the peer cannot do it). */
  peers: Record<Peer, number | null>;
  /** The issue's numbers: a value, or a note such as 'cannot train'. */
  issue: Record<Peer, number | string>;
}

function fmt(v: number | null): string {
  if (v === null) return '—';
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toFixed(3);
}

function ratio(m: number | null, p: number | null): string {
  return m === null || p === null || p === 0 ? '—' : (m / p).toFixed(2);
}

function cells(r: Row): string[] {
  const out = [r.workload, r.unit + (r.higherIsBetter ? ' ↑' : ' ↓'), fmt(r.mxjs)];
  for (const p of PEERS) out.push(fmt(r.peers[p]), ratio(r.mxjs, r.peers[p]));
  for (const p of PEERS) out.push(typeof r.issue[p] === 'number' ? fmt(r.issue[p] as number) : String(r.issue[p]));
  return out;
}

function header(): string[] {
  const h = ['workload', 'unit', 'mxjs'];
  for (const p of PEERS) h.push(PEER_LABEL[p], `mxjs/${p}`);
  for (const p of PEERS) h.push(`issue: ${PEER_LABEL[p]}`);
  return h;
}

export function tableText(rows: readonly Row[]): string {
  const all = [header(), ...rows.map(cells)];
  const widths = all[0]!.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  return all.map((r) => r.map((x, c) => (c < 2 ? x.padEnd(widths[c]!) : x.padStart(widths[c]!))).join('  ')).join('\n');
}

export function tableMarkdown(rows: readonly Row[]): string {
  const h = header();
  return [`| ${h.join(' | ')} |`, `|${h.map((_, c) => (c < 2 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map((r) => `| ${cells(r).join(' | ')} |`)].join('\n');
}
