/**
 * The output set: all files or none, one run per stem, a killed run's half-commit finished or
 * undone by the next, stale outputs of the previous run removed (never an input).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputSet, settleOutputSetsSync } from '../../src/util/outputSet.js';
import { CapsyncError } from '../../src/util/errors.js';

const root = mkdtempSync(path.join(tmpdir(), 'capsync-outset-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => {
  const dir = path.join(root, `d${n++}`);
  mkdirSync(dir);
  return dir;
};
const set = (dir: string, stem: string, tag: string, extra: string[] = []) =>
  ['.vtt', '.srt', '.report.json', ...extra].map((suffix) => ({ path: path.join(dir, `${stem}${suffix}`), data: `${tag}${suffix}` }));
const contents = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).filter((f) => !f.startsWith('.')).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));

describe('OutputSet', () => {
  it('writes the files, leaves only them and a hidden record, and frees the lock', async () => {
    const dir = freshDir();
    const s = await OutputSet.open(dir, 'talk');
    await s.commit(set(dir, 'talk', 'A'));
    await s.release();
    expect(contents(dir)).toEqual({ 'talk.vtt': 'A.vtt', 'talk.srt': 'A.srt', 'talk.report.json': 'A.report.json' });
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual(['.talk.capsync.json']);
  });

  it('a second run on the same stem is refused while the first holds it; another stem is not', async () => {
    const dir = freshDir();
    const first = await OutputSet.open(dir, 'talk');
    const error = await OutputSet.open(dir, 'talk').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CapsyncError);
    expect((error as CapsyncError).code).toBe('OUTPUT_LOCKED');
    const other = await OutputSet.open(dir, 'other');
    await other.release();
    await first.release();
    const again = await OutputSet.open(dir, 'talk');
    await again.release();
  });

  it('takes over a lock whose process is gone', async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, '.talk.capsync.lock'), '999999999\n');
    const s = await OutputSet.open(dir, 'talk');
    await s.release();
    expect(existsSync(path.join(dir, '.talk.capsync.lock'))).toBe(false);
  });

  it('a run killed before its commit point leaves the old set standing (the next run drops its staging)', async () => {
    const dir = freshDir();
    const a = await OutputSet.open(dir, 'talk');
    await a.commit(set(dir, 'talk', 'A'));
    await a.release();
    // What a kill during staging leaves: a staging folder with some new files, a stale lock.
    mkdirSync(path.join(dir, '.talk.capsync-staging'));
    writeFileSync(path.join(dir, '.talk.capsync-staging', 'talk.vtt'), 'B.vtt');
    writeFileSync(path.join(dir, '.talk.capsync.lock'), '999999999\n');
    const b = await OutputSet.open(dir, 'talk');
    await b.release();
    expect(contents(dir)).toEqual({ 'talk.vtt': 'A.vtt', 'talk.srt': 'A.srt', 'talk.report.json': 'A.report.json' });
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual(['.talk.capsync.json']);
  });

  it('a run killed after its commit point is finished by the next one: the new set, whole', async () => {
    const dir = freshDir();
    const a = await OutputSet.open(dir, 'talk');
    await a.commit(set(dir, 'talk', 'A', ['.description.txt']));
    await a.release();
    // Killed after one rename: talk.vtt is new, the rest still staged.
    mkdirSync(path.join(dir, '.talk.capsync-staging'));
    writeFileSync(path.join(dir, 'talk.vtt'), 'B.vtt');
    writeFileSync(path.join(dir, '.talk.capsync-staging', 'talk.srt'), 'B.srt');
    writeFileSync(path.join(dir, '.talk.capsync-staging', 'talk.report.json'), 'B.report.json');
    writeFileSync(
      path.join(dir, '.talk.capsync.json'),
      JSON.stringify({ version: 1, state: 'committing', files: ['talk.vtt', 'talk.srt', 'talk.report.json'], remove: ['talk.description.txt'] }),
    );
    const b = await OutputSet.open(dir, 'talk');
    await b.release();
    expect(contents(dir)).toEqual({ 'talk.vtt': 'B.vtt', 'talk.srt': 'B.srt', 'talk.report.json': 'B.report.json' });
  });

  it("removes the previous run's outputs this run did not write (a stale .description.txt), never an input", async () => {
    const dir = freshDir();
    const a = await OutputSet.open(dir, 'talk');
    await a.commit(set(dir, 'talk', 'A', ['.description.txt', '.metadata.json']));
    await a.release();
    const b = await OutputSet.open(dir, 'talk');
    // The user made the old metadata file an input of this run: it stays.
    const input = statSync(path.join(dir, 'talk.metadata.json'));
    await b.commit(set(dir, 'talk', 'B'), [{ dev: input.dev, ino: input.ino }]);
    await b.release();
    expect(contents(dir)).toEqual({ 'talk.vtt': 'B.vtt', 'talk.srt': 'B.srt', 'talk.report.json': 'B.report.json', 'talk.metadata.json': 'A.metadata.json' });
  });

  it('a failed staging (disk full, a name that cannot be written) leaves the old set and no temp files', async () => {
    const dir = freshDir();
    const a = await OutputSet.open(dir, 'talk');
    await a.commit(set(dir, 'talk', 'A'));
    await a.release();
    const b = await OutputSet.open(dir, 'talk');
    const bad = [...set(dir, 'talk', 'B'), { path: path.join(dir, `talk.${'x'.repeat(300)}.vtt`), data: 'B' }];
    const error = await b.commit(bad).catch((e: unknown) => e);
    await b.release({ failed: true });
    expect(error).toBeInstanceOf(CapsyncError);
    expect(contents(dir)).toEqual({ 'talk.vtt': 'A.vtt', 'talk.srt': 'A.srt', 'talk.report.json': 'A.report.json' });
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual(['.talk.capsync.json']);
  });

  it('a signal at any step leaves the old set or the new one, whole, and nothing else', async () => {
    const dir = freshDir();
    const a = await OutputSet.open(dir, 'talk');
    await a.commit(set(dir, 'talk', 'A'));
    await a.release();
    // Interrupt the commit after each of its asynchronous steps in turn.
    for (let steps = 0; steps < 12; steps++) {
      const b = await OutputSet.open(dir, 'talk');
      const committing = b.commit(set(dir, 'talk', `B${steps}`)).catch(() => undefined);
      for (let k = 0; k < steps; k++) await new Promise((r) => setImmediate(r));
      settleOutputSetsSync();
      await committing;
      const files = contents(dir);
      const tags = new Set(Object.values(files).map((v) => v.split('.')[0]));
      expect(Object.keys(files).sort()).toEqual(['talk.report.json', 'talk.srt', 'talk.vtt']);
      expect(tags.size).toBe(1);
      expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual(['.talk.capsync.json']);
    }
  });

  it('names the folder when it cannot be created (a file in the way)', async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, 'file'), 'x');
    const error = await OutputSet.open(path.join(dir, 'file', 'sub'), 'talk').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CapsyncError);
    expect((error as CapsyncError).code).toBe('OUT_NOT_DIRECTORY');
  });
});
