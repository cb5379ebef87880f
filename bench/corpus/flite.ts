/**
 * Sentence synthesis with flite's clustergen voices (awb, rms), which sound unlike both
 * festival's diphone voices and eSpeak. flite prints segment end times (`-psdur`) but not
 * which word each segment belongs to, so each token's phones are looked up with flite's own
 * front end (`t2p`, same lexicon and letter-to-sound rules) and the token phone string is
 * aligned to the segment string by edit distance; a sentence whose phones need an insertion
 * or deletion to line up is rejected rather than given doubtful truth.
 */
import { run } from './proc.js';

export interface FliteTokenTimes {
  start: number | null;
  end: number | null;
}

const phoneCache = new Map<string, string[]>();

/** flite's phones for one token on its own (pauses and stress marks removed). */
export async function tokenPhones(token: string): Promise<string[]> {
  const hit = phoneCache.get(token);
  if (hit) return hit;
  const { stdout, code, stderr } = await run('t2p', [token]);
  if (code !== 0) throw new Error(`t2p failed for ${token}: ${stderr}`);
  const phones = stdout
    .trim()
    .split(/\s+/)
    .filter((p) => p && p !== 'pau')
    .map((p) => p.replace(/\d$/, ''));
  phoneCache.set(token, phones);
  return phones;
}

export interface FliteSegment {
  phone: string;
  end: number;
}

export function parsePsdur(stdout: string): FliteSegment[] {
  const segs: FliteSegment[] = [];
  for (const item of stdout.trim().split(/\s+/)) {
    const m = /^([a-z]+):([0-9.]+)$/.exec(item);
    if (m) segs.push({ phone: m[1], end: Number(m[2]) });
  }
  return segs;
}

/**
 * Assigns segments to tokens: edit-distance alignment of the concatenated token phones with
 * the non-pause segments; an unmatched segment joins the token of its left neighbour.
 * Returns per-token times and the share of phones that matched exactly.
 */
export function assignSegments(
  tokenPhoneLists: string[][],
  segs: FliteSegment[],
): { times: FliteTokenTimes[]; agreement: number; indels: number } {
  const starts = segs.map((_, i) => (i === 0 ? 0 : segs[i - 1].end));
  const speech = segs.map((s, i) => ({ ...s, start: starts[i] })).filter((s) => s.phone !== 'pau');
  const ref: { phone: string; token: number }[] = [];
  tokenPhoneLists.forEach((ph, t) => ph.forEach((p) => ref.push({ phone: p, token: t })));
  const n = ref.length;
  const m = speech.length;
  // Levenshtein DP with backtrace.
  const w = m + 1;
  const cost = new Uint32Array((n + 1) * w);
  for (let i = 0; i <= n; i++) cost[i * w] = i;
  for (let j = 0; j <= m; j++) cost[j] = j;
  for (let i = 1; i <= n; i++)
    for (let j = 1; j <= m; j++) {
      const sub = cost[(i - 1) * w + j - 1] + (ref[i - 1].phone === speech[j - 1].phone ? 0 : 1);
      cost[i * w + j] = Math.min(sub, cost[(i - 1) * w + j] + 1, cost[i * w + j - 1] + 1);
    }
  const owner = new Int32Array(m).fill(-1);
  let matches = 0;
  let indels = 0;
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const c = cost[i * w + j];
    const same = ref[i - 1].phone === speech[j - 1].phone;
    if (c === cost[(i - 1) * w + j - 1] + (same ? 0 : 1)) {
      owner[j - 1] = ref[i - 1].token;
      if (same) matches++;
      i--;
      j--;
    } else if (c === cost[(i - 1) * w + j] + 1) {
      i--;
      indels++;
    } else {
      j--;
      indels++;
    }
  }
  indels += i + j;
  for (let k = 0; k < m; k++) if (owner[k] < 0) owner[k] = k > 0 ? owner[k - 1] : 0;
  const times: FliteTokenTimes[] = tokenPhoneLists.map(() => ({ start: null, end: null }));
  speech.forEach((s, k) => {
    const t = times[owner[k]];
    if (t.start === null) t.start = s.start;
    t.end = s.end;
  });
  return { times, agreement: n === 0 ? 0 : matches / Math.max(n, m), indels };
}

/** Synthesizes one sentence to `wavPath` (16 kHz) and returns per-token times. */
export async function fliteSay(voice: string, tokens: string[], wavPath: string, extraArgs: string[] = []): Promise<FliteTokenTimes[]> {
  const { stdout, stderr, code } = await run('flite', ['-voice', voice, ...extraArgs, '-psdur', '-t', tokens.join(' '), '-o', wavPath]);
  if (code !== 0) throw new Error(`flite failed (${code}): ${stderr}`);
  const segs = parsePsdur(stdout);
  const lists = await Promise.all(tokens.map(tokenPhones));
  const { times, agreement, indels } = assignSegments(lists, segs);
  const lost = tokens.findIndex((_, k) => lists[k].length > 0 && times[k].start === null);
  if (lost >= 0) throw new Error(`flite ${voice}: no segment left for "${tokens[lost]}" in: ${tokens.join(' ')}`);
  // Substituted phones (a word's context form: "a" → ax, not ey) leave boundaries exact;
  // an inserted or missing phone could shift one to the wrong side, so those are refused.
  if (indels > 0 || agreement < 0.8) {
    throw new Error(`flite ${voice}: token phones disagree with the segments (${indels} insertions/deletions, ${(agreement * 100).toFixed(0)}% same): ${tokens.join(' ')}`);
  }
  return times;
}
