/**
 * French sentences for the `--language fr` recordings: espeak-ng's French front end turns the
 * text into phonemes with durations and pitch (an MBROLA `.pho` file, `espeak-ng -v mb-fr1
 * --pho`), and MBROLA's French diphone databases (fr1 male, fr4 female; Debian non-free) speak
 * it. The voice heard is MBROLA's, not eSpeak-NG's own formant voice that capsync uses as its
 * reference; the timing model (phoneme durations, pauses) is eSpeak-NG's, which is the caveat
 * of this set (bench/corpus/README.md).
 *
 * Word times: MBROLA renders every phoneme for exactly the duration the .pho file gives it, so
 * the phoneme boundaries are known to the sample (±1 ms rounding). Which phonemes belong to
 * which word is found by phonemizing each word on its own and aligning those strings with the
 * sentence's phonemes by edit distance (as for flite). A phoneme with no counterpart between
 * two words — a liaison consonant, "les‿alliés" /lezalje/ — opens the following word, as it
 * does in French syllabification; inside a word it stays with that word. A sentence whose
 * alignment needs many insertions or deletions is refused rather than given doubtful truth.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { run } from './proc.js';

export interface MbrolaTokenTimes {
  start: number | null;
  end: number | null;
}

interface Phone {
  phone: string;
  start: number;
  end: number;
}

/** Parses a .pho file: "phoneme duration_ms [pitch pairs]" lines; `;` comments. */
export function parsePho(text: string): Phone[] {
  const out: Phone[] = [];
  let t = 0;
  for (const line of text.split('\n')) {
    const l = line.trim();
    if (!l || l.startsWith(';')) continue;
    const [phone, dur] = l.split(/\s+/);
    const d = Number(dur) / 1000;
    if (!Number.isFinite(d)) continue;
    out.push({ phone, start: t, end: t + d });
    t += d;
  }
  return out;
}

const phoneCache = new Map<string, string[]>();

async function pho(voice: string, text: string, args: string[]): Promise<string> {
  const { stdout, stderr, code } = await run('espeak-ng', ['-v', `mb-${voice}`, '-q', '--pho', ...args, text]);
  if (code !== 0) throw new Error(`espeak-ng --pho failed: ${stderr}`);
  return stdout;
}

/** The phonemes of one word said alone (pauses dropped). */
async function wordPhones(voice: string, token: string): Promise<string[]> {
  const key = `${voice}\n${token}`;
  const hit = phoneCache.get(key);
  if (hit) return hit;
  const phones = parsePho(await pho(voice, token, [])).map((p) => p.phone).filter((p) => p !== '_');
  phoneCache.set(key, phones);
  return phones;
}

/**
 * Gives each sentence phoneme (pauses excluded) to a token: Levenshtein alignment of the
 * concatenated word phonemes with the sentence phonemes, then unmatched sentence phonemes
 * to the following word at a word boundary, else to their word.
 */
export function assignPhones(lists: string[][], phones: string[]): { owner: number[]; indels: number } {
  const ref: { phone: string; token: number }[] = [];
  lists.forEach((ph, t) => ph.forEach((p) => ref.push({ phone: p, token: t })));
  const n = ref.length;
  const m = phones.length;
  const w = m + 1;
  const cost = new Uint32Array((n + 1) * w);
  for (let i = 0; i <= n; i++) cost[i * w] = i;
  for (let j = 0; j <= m; j++) cost[j] = j;
  for (let i = 1; i <= n; i++)
    for (let j = 1; j <= m; j++) {
      const sub = cost[(i - 1) * w + j - 1] + (ref[i - 1].phone === phones[j - 1] ? 0 : 1);
      cost[i * w + j] = Math.min(sub, cost[(i - 1) * w + j] + 1, cost[i * w + j - 1] + 1);
    }
  const owner = new Array<number>(m).fill(-1);
  let indels = 0;
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const c = cost[i * w + j];
    if (c === cost[(i - 1) * w + j - 1] + (ref[i - 1].phone === phones[j - 1] ? 0 : 1)) {
      owner[j - 1] = ref[i - 1].token;
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
  for (let k = 0; k < m; k++) {
    if (owner[k] >= 0) continue;
    let prev = -1;
    for (let a = k - 1; a >= 0; a--) if (owner[a] >= 0) (prev = owner[a], (a = -1));
    let next = -1;
    for (let b = k + 1; b < m; b++) if (owner[b] >= 0) (next = owner[b], (b = m));
    owner[k] = next >= 0 && next !== prev ? next : prev >= 0 ? prev : 0;
  }
  return { owner, indels };
}

/**
 * Synthesizes one French sentence to `wavPath` (16 kHz) and returns per-token times.
 * `voice`: an MBROLA database (fr1, fr4); `args`: espeak-ng options (speed -s, pitch -p).
 */
export async function mbrolaSay(voice: string, tokens: string[], wavPath: string, args: string[] = []): Promise<MbrolaTokenTimes[]> {
  const phoText = await pho(voice, tokens.join(' '), args);
  const phoPath = `${wavPath}.pho`;
  writeFileSync(phoPath, phoText);
  // -e: a missing diphone becomes silence of the same length instead of ending the sentence.
  // mbrola picks the output format by the file's extension.
  const { code, stderr } = await run('mbrola', ['-e', `/usr/share/mbrola/${voice}/${voice}`, phoPath, `${wavPath}.wav`]);
  rmSync(phoPath, { force: true });
  if (code !== 0) throw new Error(`mbrola failed (${code}): ${stderr}`);
  renameSync(`${wavPath}.wav`, wavPath);
  const all = parsePho(phoText);
  const speech = all.filter((p) => p.phone !== '_');
  const lists = await Promise.all(tokens.map((t) => wordPhones(voice, t)));
  const { owner, indels } = assignPhones(lists, speech.map((p) => p.phone));
  const times: MbrolaTokenTimes[] = tokens.map(() => ({ start: null, end: null }));
  speech.forEach((p, k) => {
    const t = times[owner[k]];
    if (t.start === null) t.start = p.start;
    t.end = p.end;
  });
  const lost = tokens.findIndex((_, k) => lists[k].length > 0 && times[k].start === null);
  if (lost >= 0) throw new Error(`mbrola ${voice}: no phoneme left for "${tokens[lost]}" in: ${tokens.join(' ')}`);
  const phonesTotal = lists.reduce((s, l) => s + l.length, 0);
  if (indels > Math.max(3, 0.15 * phonesTotal)) {
    throw new Error(`mbrola ${voice}: word phonemes disagree with the sentence (${indels} insertions/deletions): ${tokens.join(' ')}`);
  }
  return times;
}
