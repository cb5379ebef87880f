import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CapsyncError } from '../../src/util/errors.js';
import { decodeTranscriptBytes, parseTranscript, readTranscriptFile } from '../../src/text/index.js';

const dir = mkdtempSync(join(tmpdir(), 'capsync-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capsyncError(fn: () => unknown): CapsyncError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CapsyncError);
    return error as CapsyncError;
  }
  throw new Error('expected a CapsyncError');
}

async function capsyncErrorAsync(p: Promise<unknown>): Promise<CapsyncError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(CapsyncError);
    return error as CapsyncError;
  }
  throw new Error('expected a CapsyncError');
}

describe('readTranscriptFile', () => {
  it('reads UTF-8 and drops the BOM', async () => {
    const path = join(dir, 'bom.txt');
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Good afternoon – Allies’ day.\r\n', 'utf8')]));
    const text = await readTranscriptFile(path);
    expect(text).toBe('Good afternoon – Allies’ day.\r\n');
    expect(parseTranscript(text).words.length).toBe(5);
  });

  it('reads UTF-16 with a BOM (Windows "Unicode")', async () => {
    const path = join(dir, 'utf16.txt');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Moderator: Hello Allies.', 'utf16le')]));
    const t = parseTranscript(await readTranscriptFile(path));
    expect(t.turns[0].label).toBe('Moderator');
    expect(t.words.map((w) => w.text)).toEqual(['Hello', 'Allies.']);
  });

  it('names a missing file', async () => {
    const path = join(dir, 'nope.txt');
    const e = await capsyncErrorAsync(readTranscriptFile(path));
    expect(e.message).toBe(`transcript file not found: ${path}`);
    expect(e.code).toBe('TRANSCRIPT_NOT_FOUND');
  });

  it('refuses a directory', async () => {
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    const e = await capsyncErrorAsync(readTranscriptFile(sub));
    expect(e.message).toMatch(/directory/);
  });

  it('refuses binary files: NUL bytes', async () => {
    const path = join(dir, 'video.mp4');
    writeFileSync(path, Buffer.from([0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0, 0, 2, 0]));
    const e = await capsyncErrorAsync(readTranscriptFile(path));
    expect(e.code).toBe('TRANSCRIPT_BINARY');
    expect(e.message).toContain('binary');
    expect(e.message).toContain(path);
  });

  it('refuses invalid UTF-8 and says where', async () => {
    const path = join(dir, 'latin1.txt');
    writeFileSync(path, Buffer.from('Caf\xe9 au lait', 'latin1'));
    const e = await capsyncErrorAsync(readTranscriptFile(path));
    expect(e.code).toBe('TRANSCRIPT_ENCODING');
    expect(e.message).toMatch(/not UTF-8 text \(invalid byte at offset 3\)/);
  });

  it('refuses text that is mostly control characters', () => {
    const bytes = new Uint8Array(200).map((_, i) => (i % 3 === 0 ? 0x01 : 0x41 + (i % 26)));
    const e = capsyncError(() => decodeTranscriptBytes(bytes));
    expect(e.code).toBe('TRANSCRIPT_BINARY');
    expect(e.message).toMatch(/non-printable/);
  });
});

describe('parseTranscript input errors', () => {
  it.each([
    ['', 'empty'],
    ['   \n\r\n\t  ', 'whitespace only'],
    ['Moderator:\nQ:\n', 'labels only'],
    ['[applause]\n(inaudible)\n• – •', 'stage directions and symbols only'],
  ])('refuses an empty transcript (%j, %s)', (input) => {
    const e = capsyncError(() => parseTranscript(input));
    expect(e.code).toBe('TRANSCRIPT_EMPTY');
    expect(e.message).toMatch(/^the transcript is empty/);
  });

  it('refuses a NUL character in a string', () => {
    expect(capsyncError(() => parseTranscript('Hello\u0000world')).code).toBe('TRANSCRIPT_BINARY');
  });

  it('refuses text with too few letters', () => {
    const table = '1,2,3,4\n5,6,7,8\n9,10,11,12\n13,14,15,16 x';
    const e = capsyncError(() => parseTranscript(table));
    expect(e.code).toBe('TRANSCRIPT_NOT_TEXT');
    expect(e.message).toMatch(/too few letters/);
  });

  it('accepts a short real transcript with numbers', () => {
    expect(parseTranscript('In 2024, 2% of GDP.').words.length).toBe(5);
  });
});
