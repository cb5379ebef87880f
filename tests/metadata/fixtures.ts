// Shared test inputs for the metadata stage: the seed, the hand-written descriptions in
// tests/fixtures/descriptions, and hostile descriptions built in code (control characters
// cannot live comfortably in a checked-in text file).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/descriptions');

export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURE_DIR, name), 'utf8');
}

export const SEED_NAME = 'nato-defmin-2025-02-13.description.txt';
export const seed = (): string => fixture(SEED_NAME);

export function allFixtures(): Array<{ name: string; text: string }> {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((name) => ({ name, text: fixture(name) }));
}

/** Control characters, bidi overrides, a javascript: link, broken URLs, angle brackets. */
export function hostileDescription(): string {
  return [
    'Press\u0007 briefing\u0000 with <b>bold</b> claims, 1 APR 2025',
    '\u202Eevil override\u202C text and a bell \u0007 here.',
    '🗣 | Spokesperson:',
    'Good morning.\u0008 We have three announcements today about the budget and the schedule.',
    'Transcript continues: https://www.example.org/briefing-2025-04-01',
    '▬▬▬▬▬▬▬▬',
    'Click me: javascript:alert(document.cookie)',
    'Also: JaVaScRiPt:void(0) and data:text/html;base64,PHNjcmlwdD4= and file:///etc/passwd',
    'Broken: https:// and http://exa mple.com and https://bit.ly/ and http:///nothing',
    'Zero width: https://exa\u200Bmple.com/path',
    'Real one: https://www.example.org/ok',
    '#hostile #test',
  ].join('\n');
}

/** A description with one enormous line (and an enormous URL inside it). */
export function longLineDescription(): string {
  const words = Array.from({ length: 6000 }, (_, i) => `word${i}`).join(' ');
  const url = `https://www.example.com/${'a'.repeat(15000)}`;
  return `Long line test\n\n${words} see ${url} end.\n\nVisit our website: https://www.example.com\n#long`;
}
