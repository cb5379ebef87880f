import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adviceForFileKind, describeFileKind, detectFileKind } from '../../src/util/fileKind.js';
import { decodeTranscriptFile } from '../../src/text/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bytes = (s: string): Uint8Array => Buffer.from(s, 'utf8');

describe('detectFileKind', () => {
  it('names caption files, JSON shapes, pages and binaries', () => {
    const vtt = readFileSync(path.join(ROOT, 'tests/fixtures/tracks/youtube-auto.en.vtt'));
    expect(detectFileKind(vtt, 'x.en.vtt')).toEqual({ kind: 'caption', format: 'WebVTT' });
    expect(detectFileKind(bytes('1\n00:00:01,000 --> 00:00:02,500\nHello.\n'), 'x.srt')).toEqual({ kind: 'caption', format: 'SRT' });
    expect(detectFileKind(bytes('<?xml version="1.0" encoding="utf-8" ?><timedtext format="3"><body></body></timedtext>'))).toMatchObject({ kind: 'caption' });
    expect(detectFileKind(bytes('{"wireMagic":"pb3","events":[{"tStartMs":0,"dDurationMs":1000}]}'))).toEqual({ kind: 'caption', format: 'YouTube json3' });
    expect(detectFileKind(bytes('{"id":"abc","title":"T","webpage_url":"https://www.youtube.com/watch?v=abc","extractor":"youtube"}'))).toEqual({ kind: 'json', shape: 'yt-dlp-info' });
    expect(detectFileKind(bytes('{"version":1,"words":[],"turns":[]}'))).toEqual({ kind: 'json', shape: 'capsync-words' });
    expect(detectFileKind(bytes('[{"start":0,"title":"Intro"}]'))).toEqual({ kind: 'json', shape: 'chapters' });
    expect(detectFileKind(bytes('<!DOCTYPE html><html><body><p>x</p></body></html>'), 'page.txt')).toEqual({ kind: 'html' });
    expect(detectFileKind(Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypisom'), Buffer.alloc(64)]), 'talk.mp4')).toEqual({ kind: 'binary', what: 'video file (MP4)' });
    expect(detectFileKind(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).toEqual({ kind: 'binary', what: 'PDF document' });
  });

  it('keeps text text: prose with a "<" or "{", and UTF-16 with its byte-order mark', () => {
    expect(detectFileKind(bytes('Moderator:\nSpending must be > 2% and {roughly} <3% they said.\n'))).toEqual({ kind: 'text' });
    expect(detectFileKind(bytes('{ this is not JSON } but a note'))).toEqual({ kind: 'text' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Good morning.', 'utf16le')]);
    expect(detectFileKind(utf16)).toEqual({ kind: 'text' });
  });

  it('gives the option that fits', () => {
    expect(adviceForFileKind({ kind: 'caption', format: 'SRT' })).toMatch(/--timing-from/);
    expect(adviceForFileKind({ kind: 'json', shape: 'yt-dlp-info' })).toMatch(/--info-json/);
    expect(adviceForFileKind({ kind: 'binary', what: 'video file (MP4)' })).toMatch(/as the media/);
    expect(describeFileKind({ kind: 'json', shape: 'yt-dlp-info' })).toBe('a yt-dlp .info.json (video metadata)');
  });
});

describe('a transcript that is something else', () => {
  const refuse = (data: Uint8Array | string, name: string) => () => decodeTranscriptFile(typeof data === 'string' ? bytes(data) : data, name);
  it('names caption files, info.json, media and documents with the option that takes them', () => {
    expect(refuse(readFileSync(path.join(ROOT, 'tests/fixtures/tracks/youtube-auto.en.vtt')), 'talk.en.vtt')).toThrow(
      'the transcript talk.en.vtt is a caption file (WebVTT), not a transcript: use --timing-from <file> for its times (and --transcript for the official text)',
    );
    expect(refuse('{"id":"x","extractor":"youtube","title":"T","description":"SUBSCRIBE https://bit.ly/x"}', 'T [x].info.json')).toThrow(/yt-dlp \.info\.json \(video metadata\), not a transcript: pass it with --info-json/);
    expect(refuse(Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(100)]), 'talk.mp4')).toThrow(/talk\.mp4 looks binary: it is a video file \(MP4\), not text; pass it as the media/);
    expect(refuse(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]), 'talk.docx')).toThrow(/zip archive .* save the transcript as plain text/);
  });
});

describe('UTF-16 without a byte-order mark', () => {
  it('is text (or a page) in every role, not binary', () => {
    const le = Buffer.from('Moderator:\nGood morning, and welcome to this press conference.\n', 'utf16le');
    expect(detectFileKind(le, 'talk.txt')).toEqual({ kind: 'text' });
    const page = Buffer.from('<!DOCTYPE html><html><body><p>Good morning.</p></body></html>', 'utf16le');
    expect(detectFileKind(page, 'page.htm')).toEqual({ kind: 'html' });
    expect(decodeTranscriptFile(le, 'talk.txt').text).toContain('Good morning, and welcome');
    const saved = readFileSync(path.join(ROOT, 'tests/fixtures/pages/nato-opinions.html'), 'utf8').replace('<meta charset="utf-8">', '');
    const fromUtf16 = decodeTranscriptFile(Buffer.from(saved, 'utf16le'), 'opinions.htm');
    expect(fromUtf16.text).toBe(decodeTranscriptFile(Buffer.from(saved, 'utf8'), 'opinions.htm').text);
  });
});

describe('text copied with its markup', () => {
  it('is read as a page, so no tag is aligned as a word', () => {
    const copied =
      'Good morning, and thank you for coming.</p>\n<p><strong>Moderator:</strong> We have time for a few questions today.</p>\n' +
      '<p><strong>Question:</strong> Anna Kowalska, Reuters.&nbsp;Do you expect all Allies to reach the target?</p>\n<p>Thank you.<br>Yes, I do expect that.</p>';
    expect(detectFileKind(Buffer.from(copied), 'notes.txt')).toEqual({ kind: 'html' });
    const file = decodeTranscriptFile(Buffer.from(copied), 'notes.txt');
    expect(file.text).not.toMatch(/[<>]|&nbsp;/);
    expect(file.labels).toEqual(['Moderator', 'Question']);
    // One tag or a comparison in prose is not markup.
    expect(detectFileKind(Buffer.from('We spend <2% and want >3%, see <b>this</b>.'))).toEqual({ kind: 'text' });
  });
});
