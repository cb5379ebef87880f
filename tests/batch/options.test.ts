/** `batch` takes generate's language, caption, chapter and timing options and applies them to every item. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { discoverBatchFolder } from '../../src/pipeline/batch/discover.js';
import { applyDefaults } from '../../src/pipeline/batch/runBatch.js';
import { itemOptionsFromFlags } from '../../src/cli/itemFlags.js';
import { assertBuilt, capsync } from './helpers.js';

let dir: string;
const file = (name: string) => path.join(dir, name);
const STEM = 'Point de presse [xYz_12-3]';

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'capsync-batch-options-'));
  await Promise.all(
    [`${STEM}.mp4`, `${STEM}.description`, `${STEM}.en.vtt`, `${STEM}.fr.vtt`, 'Briefing.webm', 'Briefing.info.json', 'Briefing.fr-FR.srv3'].map((n) =>
      fs.writeFile(file(n), n.endsWith('.info.json') ? JSON.stringify({ id: 'b', extractor: 'youtube', language: 'fr' }) : 'x'),
    ),
  );
});
afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('batch options', () => {
  test("the batch's language picks each item's caption track; --no-timing-from takes none", async () => {
    const fr = await discoverBatchFolder(dir, { language: 'fr-FR' });
    const byName = Object.fromEntries(fr.map((i) => [i.name, i]));
    expect(byName[STEM]!.timingFrom).toBe(file(`${STEM}.fr.vtt`));
    expect(byName.Briefing!.timingFrom).toBe(file('Briefing.fr-FR.srv3'));
    const en = Object.fromEntries((await discoverBatchFolder(dir, { language: 'en' })).map((i) => [i.name, i]));
    expect(en[STEM]!.timingFrom).toBe(file(`${STEM}.en.vtt`));
    // No --language: an item's info.json language decides.
    const auto = Object.fromEntries((await discoverBatchFolder(dir)).map((i) => [i.name, i]));
    expect(auto.Briefing!.timingFrom).toBe(file('Briefing.fr-FR.srv3'));
    expect(auto[STEM]!.timingFrom).toBe(file(`${STEM}.en.vtt`));
    const none = await discoverBatchFolder(dir, { timingFrom: null });
    expect(none.every((i) => i.timingFrom === undefined)).toBe(true);
  });

  test("the flags' options go to every item; a manifest item's own settings win", () => {
    const flags = itemOptionsFromFlags({ language: 'fr_FR', maxLine: '37', speakerStyle: '-', speakerNames: true, chapters: 'replace', minChapter: '15' });
    expect(flags).toMatchObject({ language: 'fr', captions: { maxLineLength: 37, speakerStyle: '-', speakerNames: true }, chapters: 'replace', minChapter: 15 });
    const defaults = { language: flags.language, captions: flags.captions, chapters: flags.chapters, minChapter: flags.minChapter, timingFrom: null };
    expect(applyDefaults({ name: 'a', media: 'a.mp4' }, defaults)).toMatchObject({ language: 'fr', chapters: 'replace', minChapter: 15, timingFrom: null, captions: { maxLineLength: 37 } });
    expect(applyDefaults({ name: 'b', media: 'b.mp4', language: 'de', captions: { maxLineLength: 42 }, timingFrom: 'b.de.vtt' }, defaults)).toMatchObject({
      language: 'de',
      captions: { maxLineLength: 42, speakerStyle: '-' },
      timingFrom: 'b.de.vtt',
    });
  });

  test('the CLI takes them, and names a bad one', async () => {
    assertBuilt();
    const help = await capsync(['batch', '--help']);
    for (const flag of ['--language', '--max-line', '--max-cps', '--speaker-style', '--speaker-names', '--min-chapter', '--max-chapters', '--chapters', '--no-timing-from']) {
      expect(help.stdout).toContain(flag);
    }
    const bad = await capsync(['batch', dir, '--language', 'klingon please']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim()).toMatch(/^capsync: --language must be a language code such as "en", "fr" or "fr-FR" \(got "klingon please"\)$/);
    const badMode = await capsync(['batch', dir, '--chapters', 'mine']);
    expect(badMode.stderr.trim()).toBe('capsync: --chapters must be one of auto, keep, replace (got "mine")');
  });
});
