/**
 * Text inputs that are odd but fair: UTF-16 saved without a byte-order mark (every other byte a
 * NUL) is text in every role, and a sentence ending in emoji keeps its full stop.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeTranscriptBytes, parseTranscript, readTranscriptFile } from '../../src/text/index.js';
import { decodeTextBytes, readDescriptionFile } from '../../src/metadata/inputs.js';
import { readTrackFile } from '../../src/pipeline/inputs.js';
import { detectBomlessUtf16 } from '../../src/util/utf16.js';
import { CapsyncError } from '../../src/util/errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'capsync-hostile-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const utf16be = (s: string): Buffer => Buffer.from(s, 'utf16le').swap16();

describe('UTF-16 without a BOM', () => {
  const text = 'Good afternoon. Allies agreed on 2% – and on support for Україна.\n';

  it.each([
    ['little-endian', Buffer.from(text, 'utf16le'), 'utf-16le'],
    ['big-endian', utf16be(text), 'utf-16be'],
  ])('%s is read as text, not "binary"', async (_what, bytes, encoding) => {
    expect(detectBomlessUtf16(bytes)).toBe(encoding);
    expect(decodeTranscriptBytes(bytes)).toBe(text);
    expect(decodeTextBytes(bytes)).toBe(text);
    const file = path.join(dir, `t-${encoding}.txt`);
    writeFileSync(file, bytes);
    expect(await readTranscriptFile(file)).toBe(text);
    expect(await readDescriptionFile(file)).toBe(text);
    expect(parseTranscript(text).words.map((w) => w.text)).toContain('Україна.');
  });

  it('a BOM-less UTF-16 caption track is read too', async () => {
    const file = path.join(dir, 'track.vtt');
    writeFileSync(file, Buffer.from('WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nGood afternoon.\n', 'utf16le'));
    const track = await readTrackFile(file);
    expect(track.words.map((w) => w.text).join(' ')).toMatch(/Good afternoon/);
  });

  it('real binary (NULs at both byte parities) is still refused', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 0, 0]);
    expect(detectBomlessUtf16(png)).toBeNull();
    expect(() => decodeTranscriptBytes(png)).toThrow(CapsyncError);
    expect(decodeTextBytes(png)).toBeNull();
  });
});

describe('a sentence that ends in emoji', () => {
  it('"morning 👋🇺🇦." keeps its full stop, and the next word starts a new sentence', () => {
    const t = parseTranscript('Good morning 👋🇺🇦. Today we meet.', { language: 'en' });
    expect(t.words.map((w) => w.text)).toEqual(['Good', 'morning', '👋🇺🇦.', 'Today', 'we', 'meet.']);
    expect(t.words[2].spoken).toBe('');
    expect(t.words[3].sentence).toBe(t.words[1].sentence + 1);
  });

  it('emoji inside a sentence are still left out', () => {
    const t = parseTranscript('Good morning 👋 everyone.', { language: 'en' });
    expect(t.words.map((w) => w.text)).toEqual(['Good', 'morning', 'everyone.']);
  });
});
