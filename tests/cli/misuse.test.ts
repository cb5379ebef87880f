/**
 * Misused inputs get one `capsync:` line naming what the file is and the option that takes it;
 * lint's --media really reads the frame rate; voice spans do not cost the SRT its speaker marks.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebVTTParser } from 'webvtt-parser';
import { assertBuilt, capsync, ffmpeg, ROOT } from './helpers.js';

const TRACKS = path.join(ROOT, 'tests/fixtures/tracks');
const BRIEFING = path.join(ROOT, 'samples/briefing/briefing.mp4');
const JFK = path.join(ROOT, 'samples/jfk/jfk.wav');
let dir: string;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  assertBuilt();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'capsync-misuse-'));
  const transcript = await fs.readFile(path.join(TRACKS, 'youtube-auto.transcript.txt'), 'utf8');
  const [first, ...rest] = transcript.trim().split('\n');
  await Promise.all([
    fs.writeFile(file('talk [abc].info.json'), JSON.stringify({ id: 'abc', title: 'Talk', extractor: 'youtube', webpage_url: 'https://www.youtube.com/watch?v=abc', description: 'SUBSCRIBE https://bit.ly/x' })),
    fs.writeFile(file('error.html'), '<!DOCTYPE html><html><body><nav><a href="/">Home</a></nav><h1>Page not found</h1><p>Sorry.</p></body></html>'),
    fs.writeFile(file('notes.txt'), 'Moderator:\nThis is a transcript, not captions.\n'),
    fs.writeFile(file('tight.vtt'), 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nOne.\n\n00:00:02.070 --> 00:00:03.000\nTwo and a bit more text.\n'),
    // The same words as the caption track, in two labelled turns.
    fs.writeFile(file('labelled.txt'), `NATO Secretary General:\n${first}\n${rest[0]}\n\nModerator:\n${rest.slice(1).join('\n')}\n`),
    ffmpeg(['-f', 'lavfi', '-i', 'color=c=black:s=64x64:r=30:d=1', '-c:v', 'mpeg4', file('thirty.mp4')]),
  ]);
});
afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

async function oneLineFailure(args: string[]): Promise<string> {
  const result = await capsync(args);
  expect(result.code, result.stderr).not.toBe(0);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^capsync: /);
  return lines[0]!;
}

describe.concurrent('files given for the wrong role', () => {
  test('a caption file as --transcript', async () => {
    const line = await oneLineFailure(['generate', JFK, '--transcript', path.join(TRACKS, 'youtube-auto.en.vtt'), '--out', file('o1')]);
    expect(line).toMatch(/youtube-auto\.en\.vtt is a caption file \(WebVTT\), not a transcript: use --timing-from/);
  });

  test("yt-dlp's info.json as --transcript", async () => {
    const line = await oneLineFailure(['generate', JFK, '--transcript', file('talk [abc].info.json'), '--out', file('o2')]);
    expect(line).toMatch(/is a yt-dlp \.info\.json \(video metadata\), not a transcript: pass it with --info-json/);
  });

  test('a page with no transcript', async () => {
    const line = await oneLineFailure(['generate', JFK, '--transcript', file('error.html'), '--out', file('o3')]);
    expect(line).toMatch(/the HTML page has no recognisable transcript/);
  });

  test('a video as --description, a page as --timing-from', async () => {
    expect(await oneLineFailure(['generate', JFK, '--transcript', file('notes.txt'), '--description', BRIEFING, '--out', file('o4')])).toMatch(
      /the description .*briefing\.mp4 is not UTF-8 text \(it is a video file \(MP4\)\)/,
    );
    expect(await oneLineFailure(['generate', JFK, '--transcript', file('notes.txt'), '--timing-from', file('error.html'), '--out', file('o5')])).toMatch(
      /the timing track .*error\.html is an HTML page, not a timing track: pass it with --transcript/,
    );
  });

  test('lint on a video, and on a transcript', async () => {
    expect(await oneLineFailure(['lint', BRIEFING])).toMatch(/briefing\.mp4 is not a caption file \(it is a video file \(MP4\)\); lint checks WebVTT or SRT captions: to make captions for it, run capsync generate/);
    expect(await oneLineFailure(['lint', file('notes.txt')])).toMatch(/notes\.txt is not a caption file \(it is a text file\).*no WEBVTT header and no cue timings/);
  });
});

describe.concurrent('lint --media', () => {
  test('is offered and works: the video frame rate sets the gap rule', async () => {
    const help = await capsync(['lint', '--help']);
    expect(help.stdout).toContain('--media <file>');
    expect(help.stdout).not.toMatch(/not available/);
    const at25 = await capsync(['lint', file('tight.vtt'), '--json']);
    expect(JSON.parse(at25.stdout).byRule.gap).toBe(1);
    const at30 = await capsync(['lint', file('tight.vtt'), '--json', '--media', file('thirty.mp4')]);
    expect(at30.stderr).toBe('');
    expect(JSON.parse(at30.stdout).byRule.gap).toBeUndefined();
    expect(await oneLineFailure(['lint', file('tight.vtt'), '--media', file('nope.mp4')])).toMatch(/--media: media file not found/);
  });
});

describe.concurrent('--speaker-style voice --speaker-names', () => {
  test('the VTT has voice spans and the SRT keeps a named marker at each change', async () => {
    const out = file('voice');
    const result = await capsync(['generate', '--timing-from', path.join(TRACKS, 'youtube-auto.en.vtt'), '--transcript', file('labelled.txt'), '--speaker-style', 'voice', '--speaker-names', '--out', out, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const vtt = await fs.readFile(path.join(out, 'labelled.vtt'), 'utf8');
    expect(new WebVTTParser().parse(vtt, 'subtitles').errors).toEqual([]);
    expect(vtt).toContain('<v Moderator>');
    const srt = await fs.readFile(path.join(out, 'labelled.srt'), 'utf8');
    expect(srt).toMatch(/^>> NATO Secretary General: /m);
    expect(srt).toMatch(/^>> Moderator: /m);
  });
});
