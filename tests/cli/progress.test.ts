import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { createStageProgress, GENERATE_STAGE_WEIGHTS } from '../../src/cli/progress.js';

/** A stream that claims to be a terminal and keeps what is written to it. */
function fakeTerminal(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & { isTTY: boolean; columns: number };
  stream.isTTY = isTTY;
  stream.columns = 120;
  const write = stream.write.bind(stream);
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    chunks.push(String(chunk));
    return (write as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof stream.write;
  return { stream, text: () => chunks.join('') };
}

const percentages = (text: string): number[] => [...text.matchAll(/(\d+)%/g)].map((m) => Number(m[1]));

describe('createStageProgress', () => {
  test('writes nothing when stderr is not a terminal', () => {
    const term = fakeTerminal(false);
    const bar = createStageProgress({ stream: term.stream });
    expect(bar.active).toBe(false);
    bar.update('decode', 0.5);
    bar.stop();
    expect(term.text()).toBe('');
  });

  test('writes nothing with --quiet, even on a terminal', () => {
    const term = fakeTerminal(true);
    const bar = createStageProgress({ stream: term.stream, quiet: true });
    expect(bar.active).toBe(false);
    bar.update('locate', 0.5);
    bar.stop();
    expect(term.text()).toBe('');
  });

  test('on a terminal: names the stage, moves forward only, and is cleared on stop', async () => {
    const term = fakeTerminal(true);
    const bar = createStageProgress({ stream: term.stream, label: 'talk.mp4' });
    expect(bar.active).toBe(true);
    const steps: Array<[string, number]> = [
      ['decode', 0.5],
      ['decode', 1],
      ['synthesize', 0.5],
      ['locate', 0.5],
      ['decode', 0.2], // late report of an earlier stage: label changes, bar does not go back
      ['refine', 1],
    ];
    for (const [stage, fraction] of steps) {
      bar.update(stage, fraction);
      await new Promise((r) => setTimeout(r, 120));
    }
    const shown = term.text();
    expect(shown).toContain('talk.mp4 decode');
    expect(shown).toContain('talk.mp4 locate');
    expect(shown).toContain('talk.mp4 refine');
    const pct = percentages(shown);
    expect(pct.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < pct.length; i++) expect(pct[i]).toBeGreaterThanOrEqual(pct[i - 1]);
    // decode is the first ~12% of the bar; half of it shows as about 6%.
    expect(pct[0]).toBe(Math.round((0.5 * GENERATE_STAGE_WEIGHTS.decode) / Object.values(GENERATE_STAGE_WEIGHTS).reduce((a, b) => a + b) * 100));
    bar.stop();
    bar.stop(); // idempotent
    expect(term.text().length).toBeGreaterThan(shown.length); // the clear sequence
  });
});
