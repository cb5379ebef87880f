/**
 * Resume: after an item succeeds, `<out>/<name>/.capsync-item.json` records a SHA-256 over its
 * inputs' contents, its options and capsync's version. A later run skips the item when that hash
 * is the same and every output it listed is still there.
 *
 * Every input file (media included) is hashed by streaming all its bytes, so a copied or touched
 * file with the same content stays up to date and an edited one is redone. To keep a skip run
 * cheap on big videos, a file whose size and mtime equal those recorded in the marker is not
 * read again: its recorded SHA-256 is reused (the make/git-index trade-off).
 *
 * The batch background (other items' transcripts, used for chapter titles) is not part of the
 * hash: adding an item to a folder does not redo the others; `--force` does.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../util/atomicWrite.js';
import type { BatchItem, BatchItemOutcome } from './types.js';
import { capsyncVersion } from './paths.js';

export const ITEM_MARKER = '.capsync-item.json';
/**
 * Fingerprints of the inputs of the item's last attempt, whatever its outcome: a failed item
 * (a corrupt 8 GB video) has no marker, and without these its unchanged inputs would be read in
 * full again on every rerun.
 */
export const FINGERPRINT_CACHE = '.capsync-inputs.json';

export interface FileFingerprint {
  path: string;
  size: number;
  mtimeMs: number;
  sha256: string;
}

export interface ItemMarker {
  version: 1;
  hash: string;
  capsync: string;
  inputs: Partial<Record<InputRole, FileFingerprint>>;
  options: Record<string, unknown>;
  generatedAt: string;
  outcome: BatchItemOutcome;
}

type InputRole = 'media' | 'transcript' | 'description' | 'timingFrom' | 'infoJson' | 'chaptersFile';
const INPUT_ROLES: readonly InputRole[] = ['media', 'transcript', 'description', 'timingFrom', 'infoJson', 'chaptersFile'];

/** SHA-256 of a file, streamed (never the whole file in memory). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Fingerprint a file, reusing a known SHA-256 when size and mtime are unchanged; `read` says whether it was read. */
export async function fingerprintFile(file: string, ...known: Array<FileFingerprint | undefined>): Promise<FileFingerprint & { read: boolean }> {
  const stat = await fs.stat(file);
  if (!stat.isFile()) throw Object.assign(new Error(`not a file: ${file}`), { code: 'EISDIR' });
  const reuse = known.find((k) => k && k.size === stat.size && k.mtimeMs === stat.mtimeMs && typeof k.sha256 === 'string' && k.sha256 !== '');
  if (reuse) return { path: file, size: stat.size, mtimeMs: stat.mtimeMs, sha256: reuse.sha256, read: false };
  return { path: file, size: stat.size, mtimeMs: stat.mtimeMs, sha256: await sha256File(file), read: true };
}

/** The options that change an item's outputs, in a stable form. */
export function itemOptions(item: BatchItem): Record<string, unknown> {
  return {
    language: item.language ?? 'en',
    captions: item.captions ?? {},
    minChapter: item.minChapter ?? null,
    maxChapters: item.maxChapters ?? null,
    // Only when set, so markers written before the option existed stay valid.
    ...(item.chapters !== undefined ? { chapters: item.chapters } : {}),
    ...(item.engine !== undefined ? { engine: item.engine } : {}),
  };
}

/** JSON with sorted keys, so equal values always hash the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Hash an item's inputs and options. Throws (ENOENT…) when an input cannot be read; the caller
 * lets `generate` report that with its own message.
 */
export async function hashItem(
  item: BatchItem,
  previous: ItemMarker | null,
  cache: ItemMarker['inputs'] | null = null,
): Promise<{ hash: string; inputs: ItemMarker['inputs']; bytesRead: number }> {
  const inputs: ItemMarker['inputs'] = {};
  let bytesRead = 0;
  for (const role of INPUT_ROLES) {
    const file = item[role];
    if (!file) continue;
    const { read, ...fingerprint } = await fingerprintFile(file, previous?.inputs[role], cache?.[role]);
    if (read) bytesRead += fingerprint.size;
    inputs[role] = fingerprint;
  }
  // Paths are left out: moving a folder does not make its items stale, only content does.
  const material = {
    capsync: capsyncVersion(),
    inputs: Object.fromEntries(Object.entries(inputs).map(([role, f]) => [role, f!.sha256])),
    options: itemOptions(item),
  };
  return { hash: createHash('sha256').update(canonicalJson(material)).digest('hex'), inputs, bytesRead };
}

/** The fingerprints of the item's last attempt, or null. */
export async function readFingerprintCache(dir: string): Promise<ItemMarker['inputs'] | null> {
  try {
    const cache = JSON.parse(await fs.readFile(path.join(dir, FINGERPRINT_CACHE), 'utf8')) as { version?: number; inputs?: ItemMarker['inputs'] };
    return cache?.version === 1 && cache.inputs && typeof cache.inputs === 'object' ? cache.inputs : null;
  } catch {
    return null;
  }
}

/** Remember this attempt's fingerprints (best effort: a folder that cannot be written is the item's to report). */
export async function writeFingerprintCache(dir: string, inputs: ItemMarker['inputs']): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
    await writeFileAtomic(path.join(dir, FINGERPRINT_CACHE), `${JSON.stringify({ version: 1, inputs })}\n`);
  } catch {
    // Only a cache.
  }
}

export async function readItemMarker(dir: string): Promise<ItemMarker | null> {
  try {
    const marker = JSON.parse(await fs.readFile(path.join(dir, ITEM_MARKER), 'utf8')) as ItemMarker;
    return marker && marker.version === 1 && typeof marker.hash === 'string' && marker.outcome ? marker : null;
  } catch {
    return null;
  }
}

export async function writeItemMarker(dir: string, marker: ItemMarker): Promise<void> {
  await writeFileAtomic(path.join(dir, ITEM_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
}

/** Forget an item's success before redoing it, so an interrupted redo is never taken as done. */
export async function removeItemMarker(dir: string): Promise<void> {
  await fs.rm(path.join(dir, ITEM_MARKER), { force: true });
}

/** Up to date: same hash, and every output the last run wrote is still there. */
export async function isUpToDate(marker: ItemMarker | null, hash: string): Promise<boolean> {
  if (!marker || marker.hash !== hash) return false;
  const present = await Promise.all(marker.outcome.files.map((f) => fs.access(f).then(() => true, () => false)));
  return present.every(Boolean);
}

/** Temp files `writeFileAtomic` leaves when its process is killed mid-write: `.<name>.<pid>.<ms>.tmp`. */
export const ATOMIC_TEMP_PATTERN = /^\..+\.\d+\.\d+\.tmp$/;

/**
 * Remove leftover temp files from an item's folder (a worker killed while writing). Only the
 * batch writes into `<out>/<name>/`, and never two workers at once, so any such file is stale.
 */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const stale = names.filter((n) => ATOMIC_TEMP_PATTERN.test(n));
  await Promise.all(stale.map((n) => fs.rm(path.join(dir, n), { force: true })));
  return stale;
}
