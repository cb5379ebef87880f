/**
 * What `generate` does to the output folder: inputs are never overwritten (however the paths
 * are spelt: a symlinked --out, an input through a symlink), a folder that cannot be written is
 * named before any decoding, one run per output stem, and Ctrl-C at any moment leaves the old
 * set or the new one, whole, with no temp files. Times come from a caption track (no media) or
 * the media is a corrupt file, so nothing here decodes or aligns.
 */
import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, capsync, CLI, ROOT, unprivileged } from './helpers.js';

const AS_USER = unprivileged();

const root = mkdtempSync(path.join(tmpdir(), 'capsync-outputs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(() => assertBuilt());

const TRACK = 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nGood morning everyone. We meet today\n\n00:00:04.000 --> 00:00:09.000\nto talk about defence and about our support for Ukraine.\n';
const DESCRIPTION = 'Press conference\n\nNATO Secretary General:\nGood morning everyone. We meet today to talk about defence and about our support for Ukraine.\n\n#NATO\n';
let n = 0;
/** A folder with talk.vtt (track), talk.description.txt and talk.txt (transcript). */
function inputFolder(): string {
  const dir = path.join(root, `in${n++}`);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'talk.en.vtt'), TRACK);
  writeFileSync(path.join(dir, 'talk.description.txt'), DESCRIPTION);
  writeFileSync(path.join(dir, 'talk.txt'), 'Good morning everyone. We meet today to talk about defence and about our support for Ukraine.\n');
  return dir;
}

describe('inputs are never overwritten', () => {
  it('--out given as a symlink to the input folder', async () => {
    const dir = inputFolder();
    const link = path.join(root, `link${n++}`);
    symlinkSync(dir, link);
    const r = await capsync(['generate', '--timing-from', path.join(dir, 'talk.en.vtt'), '--description', path.join(dir, 'talk.description.txt'), '--out', link]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^capsync: writing .*talk\.description\.txt would overwrite the input description/m);
    expect(readFileSync(path.join(dir, 'talk.description.txt'), 'utf8')).toBe(DESCRIPTION);
  });

  it('an input given through a symlinked folder, written next to itself', async () => {
    const dir = inputFolder();
    const link = path.join(root, `link${n++}`);
    symlinkSync(dir, link);
    const r = await capsync(['generate', '--timing-from', path.join(dir, 'talk.en.vtt'), '--description', path.join(link, 'talk.description.txt'), '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/would overwrite the input description/);
    expect(readFileSync(path.join(dir, 'talk.description.txt'), 'utf8')).toBe(DESCRIPTION);
  });

  it('describe --chapters into a symlink of its own folder', async () => {
    const dir = inputFolder();
    const link = path.join(root, `link${n++}`);
    symlinkSync(dir, link);
    writeFileSync(path.join(dir, 'ch.txt'), '0:00 Opening\n0:30 Questions\n1:00 End\n');
    const r = await capsync(['describe', path.join(dir, 'talk.description.txt'), '--chapters', path.join(dir, 'ch.txt'), '--out', link]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/would overwrite the input description/);
    expect(readFileSync(path.join(dir, 'talk.description.txt'), 'utf8')).toBe(DESCRIPTION);
  });
});

describe('the output folder is checked before decoding', () => {
  it('a folder under a file is named, not a corrupt-media error after decoding', async () => {
    const dir = inputFolder();
    writeFileSync(path.join(dir, 'talk.mp4'), 'not really a video, but decoding would say so only later');
    const r = await capsync(['generate', path.join(dir, 'talk.mp4'), '--transcript', path.join(dir, 'talk.txt'), '--out', path.join(dir, 'talk.txt', 'sub')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^capsync: the output path is not a directory/m);
  });

  // Skipped only where an unprivileged user cannot read this checkout (a clone under a private folder).
  it.skipIf(AS_USER === null)('a read-only folder (run as an unprivileged user, so permissions hold even under root)', async () => {
    const dir = inputFolder();
    chmodSync(root, 0o755);
    chmodSync(dir, 0o755);
    const readOnly = path.join(dir, 'ro');
    mkdirSync(readOnly, { mode: 0o555 });
    chmodSync(readOnly, 0o555);
    writeFileSync(path.join(dir, 'talk.mp4'), 'not really a video');
    const asNobody = AS_USER ?? {};
    const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, [CLI, 'generate', path.join(dir, 'talk.mp4'), '--transcript', path.join(dir, 'talk.txt'), '--out', readOnly], { cwd: ROOT, ...asNobody }, (error, _out, stderr) =>
        resolve({ code: (error as { code?: number } | null)?.code ?? 0, stderr: String(stderr) }),
      );
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^capsync: cannot write to the output folder .*ro: permission denied/m);
    expect(readdirSync(readOnly)).toEqual([]);
  });
});

describe('one run per output stem', () => {
  it('a second run into the same stem is refused while the first holds the lock', async () => {
    const dir = inputFolder();
    const out = path.join(dir, 'out');
    mkdirSync(out);
    // This test process is alive: its pid in the lock is a running capsync as far as the CLI can tell.
    writeFileSync(path.join(out, '.talk.capsync.lock'), `${process.pid}\n`);
    const r = await capsync(['generate', '--timing-from', path.join(dir, 'talk.en.vtt'), '--transcript', path.join(dir, 'talk.txt'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`another capsync run \\(pid ${process.pid}\\) is writing talk\\.\\* in`));
    rmSync(path.join(out, '.talk.capsync.lock'));
    const again = await capsync(['generate', '--timing-from', path.join(dir, 'talk.en.vtt'), '--transcript', path.join(dir, 'talk.txt'), '--out', out]);
    expect(again.code).toBe(0);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual(['.talk.capsync.json']);
  });

  it('a stale .description.txt does not stay beside new outputs', async () => {
    const dir = inputFolder();
    const out = path.join(dir, 'out');
    const args = ['generate', '--timing-from', path.join(dir, 'talk.en.vtt'), '--transcript', path.join(dir, 'talk.txt'), '--out', out];
    expect((await capsync([...args, '--description', path.join(dir, 'talk.description.txt')])).code).toBe(0);
    expect(existsSync(path.join(out, 'talk.description.txt'))).toBe(true);
    expect((await capsync(args)).code).toBe(0);
    expect(existsSync(path.join(out, 'talk.description.txt'))).toBe(false);
    expect(existsSync(path.join(out, 'talk.vtt'))).toBe(true);
  });
});

describe('Ctrl-C at any moment', () => {
  it('leaves the old set or the new one, whole, and no temp file or lock', async () => {
    const dir = inputFolder();
    const out = path.join(dir, 'out');
    const args = (maxLine: string): string[] => [CLI, 'generate', '--timing-from', path.join(dir, 'talk.en.vtt'), '--transcript', path.join(dir, 'talk.txt'), '--out', out, '--max-line', maxLine, '--quiet'];
    const run = (maxLine: string, interruptAfterMs: number | null): Promise<void> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, args(maxLine), { cwd: ROOT, stdio: 'ignore' });
        if (interruptAfterMs !== null) setTimeout(() => child.kill('SIGINT'), interruptAfterMs);
        child.on('close', () => resolve());
      });
    const sets: Record<string, string>[] = [];
    const snapshot = (): Record<string, string> =>
      Object.fromEntries(['talk.vtt', 'talk.srt'].filter((f) => existsSync(path.join(out, f))).map((f) => [f, readFileSync(path.join(out, f), 'utf8')]));
    await run('20', null);
    sets.push(snapshot());
    await run('60', null);
    sets.push(snapshot());
    expect(sets[0]['talk.vtt']).not.toBe(sets[1]['talk.vtt']);
    // Interrupt runs that alternate between the two sets at times spread over a whole run.
    for (let k = 0; k < 10; k++) {
      await run(k % 2 ? '60' : '20', 150 + k * 120);
      const now = snapshot();
      expect(sets.some((s) => s['talk.vtt'] === now['talk.vtt'] && s['talk.srt'] === now['talk.srt'])).toBe(true);
      expect(readdirSync(out).filter((f) => f.startsWith('.') && f !== '.talk.capsync.json')).toEqual([]);
    }
  });
});
