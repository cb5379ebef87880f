import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { registerDescribe, runDescribe, describeStem } from '../../src/cli/commands/describe.js';
import { validateDescriptionMetadata } from '../../src/metadata/index.js';
import { CapsyncError } from '../../src/util/errors.js';
import { FIXTURE_DIR, SEED_NAME, seed } from './fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'capsync-describe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const SEED = path.join(FIXTURE_DIR, SEED_NAME);
const write = (name: string, data: string | Uint8Array): string => {
  const p = path.join(dir, name);
  writeFileSync(p, data);
  return p;
};

/** Run `capsync describe …` through commander, capturing stdout/stderr. */
async function cli(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const program = new Command().exitOverride();
  registerDescribe(program);
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'capsync', 'describe', ...args]);
  } finally {
    vi.restoreAllMocks();
  }
  return { stdout, stderr };
}

async function expectUserError(p: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CapsyncError);
  expect((error as Error).message).toMatch(message);
}

describe('capsync describe', () => {
  it('names outputs after the description stem', () => {
    expect(describeStem('/a/nato-defmin-2025-02-13.description.txt')).toBe('nato-defmin-2025-02-13');
    expect(describeStem('talk.txt')).toBe('talk');
    expect(describeStem('notes')).toBe('notes');
    expect(describeStem('Title [abc].description')).toBe('Title [abc]');
    expect(describeStem('Title [abc].info.json')).toBe('Title [abc]');
  });

  it("reads yt-dlp's .description and .info.json, and never writes X.description.description.txt", async () => {
    const out = path.join(dir, 'ytdlp');
    const stem = 'Conférence de presse [a1B2c3D4e5F]';
    const description = write(`${stem}.description`, readFileSync(SEED, 'utf8'));
    const chapters = write('ytdlp-chapters.txt', '0:00 Opening remarks\n1:35 The attack in Munich\n2:40 Defence spending\n');
    const r1 = await runDescribe(description, { chapters, out });
    expect(r1.files.map((f) => path.basename(f)).sort()).toEqual([`${stem}.description.txt`, `${stem}.metadata.json`]);
    const info = write(
      `${stem}.info.json`,
      JSON.stringify({ id: 'a1B2c3D4e5F', title: 'Conférence de presse', extractor: 'youtube', webpage_url: 'https://www.youtube.com/watch?v=a1B2c3D4e5F', upload_date: '20250213', description: readFileSync(SEED, 'utf8') }),
    );
    const r2 = await runDescribe(info, { out });
    expect(r2.files.map((f) => path.basename(f))).toEqual([`${stem}.metadata.json`]);
    expect(r2.metadata.title).toBe('Conférence de presse');
    expect(r2.metadata.video).toMatchObject({ url: 'https://www.youtube.com/watch?v=a1B2c3D4e5F', uploadDate: '2025-02-13' });
    expect(r2.metadata.transcript?.speakerLabel).toBe(r1.metadata.transcript?.speakerLabel);
  });

  it('prints a summary and writes schema-valid <stem>.metadata.json', async () => {
    const out = path.join(dir, 'summary');
    const { stdout } = await cli([SEED, '--out', out]);
    expect(stdout).toMatch(/Title: +NATO Secretary General press conference/);
    expect(stdout).toMatch(/Date: +2025-02-13 \("13 FEB 2025"\)/);
    expect(stdout).toMatch(/Speakers: +NATO Secretary General — Mark Rutte/);
    expect(stdout).toMatch(/social +Facebook +Find NATO on FACEBOOK +https:\/\/bit\.ly\/NATOfacebook +\(short link\)/);
    expect(stdout).toMatch(/#NATO\* #OTAN\* #DefMin\*/);
    const meta = JSON.parse(readFileSync(path.join(out, 'nato-defmin-2025-02-13.metadata.json'), 'utf8'));
    expect(validateDescriptionMetadata(meta)).toEqual({ valid: true, errors: [] });
    expect(meta.links).toHaveLength(11);
    expect(meta.chapters).toBeUndefined();
    expect(existsSync(path.join(out, 'nato-defmin-2025-02-13.description.txt'))).toBe(false);
  });

  it('--json prints the metadata; --chapters (paste-ready text) writes the new description', async () => {
    const out = path.join(dir, 'json');
    const chapters = write('ch.txt', 'Chapters:\n0:00 Opening remarks\n1:35 The attack in Munich\n2:40 Secretary Hegseth visit\n6:42 Defence spending\n');
    const { stdout, stderr } = await cli([SEED, '--chapters', chapters, '--json', '--out', out]);
    const printed = JSON.parse(stdout);
    const written = JSON.parse(readFileSync(path.join(out, 'nato-defmin-2025-02-13.metadata.json'), 'utf8'));
    expect(printed).toEqual(written);
    expect(written.chapters).toEqual([
      { start: 0, title: 'Opening remarks' },
      { start: 95, title: 'The attack in Munich' },
      { start: 160, title: 'Secretary Hegseth visit' },
      { start: 402, title: 'Defence spending' },
    ]);
    expect(stderr).toMatch(/transcript excerpt trimmed/);
    const description = readFileSync(path.join(out, 'nato-defmin-2025-02-13.description.txt'), 'utf8');
    expect(description).toContain('\nChapters:\n0:00 Opening remarks\n1:35 The attack in Munich\n2:40 Secretary Hegseth visit\n6:42 Defence spending\n\n▬');
    expect(Buffer.byteLength(description)).toBeLessThanOrEqual(5000);
  });

  it('accepts a chapters JSON (array or object with chapters, seconds or "M:SS")', async () => {
    const out = path.join(dir, 'jsonchapters');
    const a = write('a.json', JSON.stringify([{ start: 0, title: 'A' }, { start: '0:30', title: 'B' }, { start: 75.5, title: 'C' }]));
    const r1 = await runDescribe(SEED, { chapters: a, out });
    expect(r1.metadata.chapters).toEqual([
      { start: 0, title: 'A' },
      { start: 30, title: 'B' },
      { start: 75.5, title: 'C' },
    ]);
    const b = write('b.json', JSON.stringify({ schemaVersion: 'x', chapters: [{ start: 0, end: 10, title: 'Only', kind: 'intro' }] }));
    const r2 = await runDescribe(SEED, { chapters: b, out });
    expect(r2.metadata.chapters).toEqual([{ start: 0, title: 'Only' }]);
    expect(r2.notes.join()).toMatch(/YouTube shows chapters from 3 on/);
  });

  it('reads UTF-16 (with BOM) and UTF-8 with BOM', async () => {
    const text = seed();
    const utf16 = write('u16.description.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const bom8 = write('u8.description.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    const r16 = await runDescribe(utf16, { out: path.join(dir, 'enc') });
    const r8 = await runDescribe(bom8, { out: path.join(dir, 'enc') });
    expect(r16.metadata.title).toBe(r8.metadata.title);
    expect(r16.metadata.transcript?.text).toBe(r8.metadata.transcript?.text);
    expect(r8.metadata.title?.startsWith('NATO')).toBe(true);
  });

  it('missing, empty, whitespace-only, binary, directory and invalid UTF-8 inputs are user errors', async () => {
    await expectUserError(runDescribe(path.join(dir, 'nope.txt')), /description file not found: .*nope\.txt/);
    await expectUserError(runDescribe(write('empty.txt', '')), /description file is empty/);
    await expectUserError(runDescribe(write('blank.txt', ' \n\t\n')), /only whitespace/);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    await expectUserError(runDescribe(write('image.txt', png)), /not UTF-8 text/);
    await expectUserError(runDescribe(write('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x6f, 0x69, 0x72]))), /not UTF-8 text/);
    mkdirSync(path.join(dir, 'adir'), { recursive: true });
    await expectUserError(runDescribe(path.join(dir, 'adir')), /is a directory/);
  });

  it('bad chapters files are user errors, and nothing is written', async () => {
    const out = path.join(dir, 'badchapters');
    await expectUserError(runDescribe(SEED, { chapters: write('none.txt', 'no timestamps here\n'), out }), /no "0:00 Title" lines/);
    await expectUserError(runDescribe(SEED, { chapters: write('bad.json', '{"chapters": [}'), out }), /not valid JSON/);
    await expectUserError(runDescribe(SEED, { chapters: write('item.json', '[{"start": "soon", "title": "x"}]'), out }), /chapter 1 needs/);
    await expectUserError(runDescribe(SEED, { chapters: path.join(dir, 'missing.json'), out }), /chapters file not found/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to overwrite the input description', async () => {
    const copy = path.join(dir, 'inplace', SEED_NAME);
    mkdirSync(path.dirname(copy), { recursive: true });
    copyFileSync(SEED, copy);
    const chapters = write('c3.txt', '0:00 A\n0:30 B\n1:00 C\n');
    await expectUserError(runDescribe(copy, { chapters, out: path.dirname(copy) }), /would overwrite the input description; pass --out/);
    expect(readFileSync(copy, 'utf8')).toBe(seed());
  });
});
