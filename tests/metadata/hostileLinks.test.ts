/**
 * Links a hostile or careless description may hold: a bad %-escape, look-alike domains,
 * punycode, a user name in front of the real host, script links. None may crash a command,
 * none may become the transcript's source URL, and every one is flagged where a user looks.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDescription, validateDescriptionMetadata } from '../../src/metadata/index.js';
import { toRfc3986 } from '../../src/metadata/links.js';
import { assertBuilt, capsync } from '../cli/helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'capsync-links-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => assertBuilt());

const SPEECH = 'Good morning everyone. We meet today to talk about defence and about our support for Ukraine.';
const withContinues = (url: string): string => `Press conference\n\nNATO Secretary General:\n${SPEECH}\n\nTranscript continues: ${url}\n`;

describe('a bad %-escape in a URL', () => {
  it('gives a valid metadata document (the URL percent-encoded as RFC 3986 wants)', () => {
    const m = parseDescription(withContinues('https://x.com/%'));
    expect(validateDescriptionMetadata(m)).toEqual({ valid: true, errors: [] });
    expect(m.transcript?.sourceUrl).toBe('https://x.com/%25');
    expect(toRfc3986('https://a.org/p|q^r[1]?x=%zz#f#g')).toBe('https://a.org/p%7Cq%5Er%5B1%5D?x=%25zz#f%23g');
    expect(toRfc3986('https://[::1]:8080/ok%20')).toBe('https://[::1]:8080/ok%20');
  });

  it('does not crash describe', async () => {
    const file = path.join(dir, 'pct.description.txt');
    writeFileSync(file, withContinues('https://x.com/%') + 'More: https://x.com/%zz\n');
    const r = await capsync(['describe', file, '--out', dir]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const written = JSON.parse(readFileSync(path.join(dir, 'pct.metadata.json'), 'utf8'));
    expect(validateDescriptionMetadata(written).valid).toBe(true);
  });
});

describe('disguised links', () => {
  it.each([
    ['a Cyrillic look-alike', 'https://nаto.int/cps/en/natohq/opinions_1.htm', 'look-alike-domain'],
    ['punycode', 'https://xn--nto-8cd.int/cps/en/natohq/opinions_1.htm', 'punycode'],
    ['a user name before the real host', 'https://www.nato.int@evil.example/cps/en/natohq/opinions_1.htm', 'credentials-in-url'],
  ])('%s is flagged and never the transcript source', (_what, url, problem) => {
    const m = parseDescription(withContinues(url));
    expect(m.transcript?.text).toContain('Good morning');
    expect(m.transcript?.sourceUrl).toBeNull();
    const link = m.links.find((l) => l.raw.startsWith(url.slice(0, 12)));
    expect(link?.problems).toContain(problem);
    expect(m.warnings.some((w) => w.code === 'suspicious-link')).toBe(true);
    expect(validateDescriptionMetadata(m).valid).toBe(true);
  });

  it('the user-name form is read whole and goes where a browser goes', () => {
    const m = parseDescription(withContinues('https://www.nato.int@evil.example/x'));
    const link = m.links[0];
    expect(link.raw).toBe('https://www.nato.int@evil.example/x');
    expect(link.hostname).toBe('evil.example');
  });

  it('an honest link stays the source and unflagged', () => {
    const m = parseDescription(withContinues('https://www.nato.int/cps/en/natohq/opinions_1.htm'));
    expect(m.transcript?.sourceUrl).toBe('https://www.nato.int/cps/en/natohq/opinions_1.htm');
    expect(m.links[0].problems).toEqual([]);
  });
});

describe("the run's summary", () => {
  it('names javascript: and disguised links (generate, timed from a track so no media is needed)', async () => {
    const description = path.join(dir, 'talk.description.txt');
    writeFileSync(description, `${withContinues('https://nаto.int/x.htm')}Click: javascript:alert(1)\nBad: https://x.com/%\n`);
    const track = path.join(dir, 'talk.vtt');
    writeFileSync(track, 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nGood morning everyone. We meet today\n\n00:00:04.000 --> 00:00:09.000\nto talk about defence and about our support for Ukraine.\n');
    const out = path.join(dir, 'out');
    const r = await capsync(['generate', '--timing-from', track, '--description', description, '--out', out, '--json']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { warnings: string[] };
    expect(summary.warnings.some((w) => /unsafe javascript: link/.test(w))).toBe(true);
    expect(summary.warnings.some((w) => /look-alike/.test(w))).toBe(true);
    expect(r.stderr).toMatch(/warning: description: unsafe javascript: link/);
  });
});
