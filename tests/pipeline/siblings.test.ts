import { describe, expect, it } from 'vitest';
import { chooseTimingTrack, mediaStem, pairSiblings } from '../../src/pipeline/siblings.js';

/** What `yt-dlp --write-description --write-info-json --write-auto-subs` leaves in a folder. */
const STEM = 'Conférence de presse – Sommet [dQw4w9WgXcQ]';
const FOLDER = [
  `${STEM}.mp4`,
  `${STEM}.description`,
  `${STEM}.info.json`,
  `${STEM}.en.vtt`,
  `${STEM}.fr-orig.vtt`,
  `${STEM}.fr.srv3`,
  `${STEM}.live_chat.json`,
  'Other talk [xyz].mp4',
  'Other talk [xyz].en.vtt',
];

describe('pairSiblings', () => {
  it("finds yt-dlp's files by the media's stem, names with spaces, brackets and accents included", () => {
    expect(mediaStem(`${STEM}.mp4`)).toBe(STEM);
    const found = pairSiblings(`${STEM}.mp4`, FOLDER);
    expect(found.description).toBe(`${STEM}.description`);
    expect(found.infoJson).toBe(`${STEM}.info.json`);
    expect(found.transcript).toBeUndefined();
    expect(found.tracks.map((t) => [t.tag, t.language, t.format, t.original])).toEqual([
      ['en', 'en', 'vtt', false],
      ['fr-orig', 'fr', 'vtt', true],
      ['fr', 'fr', 'srv3', false],
    ]);
  });

  it('matches a name spelled in decomposed Unicode (a folder from macOS), and case-insensitively', () => {
    const nfd = FOLDER.map((n) => n.normalize('NFD'));
    const found = pairSiblings(`${STEM}.mp4`, nfd);
    expect(found.description).toBe(`${STEM}.description`.normalize('NFD'));
    expect(pairSiblings('Talk.MP4', ['Talk.MP4', 'talk.TXT']).transcript).toBe('talk.TXT');
  });

  it("prefers yt-dlp's .description, a transcript file, and leaves out what it is told to", () => {
    const names = ['talk.mp4', 'talk.description', 'talk.description.txt', 'talk.txt', 'talk.transcript.txt', 'talk.html'];
    expect(pairSiblings('talk.mp4', names)).toMatchObject({ description: 'talk.description', transcript: 'talk.transcript.txt' });
    expect(pairSiblings('talk.mp4', ['talk.mp4', 'talk.html', 'talk.description.txt'], new Set(['talk.description.txt']))).toEqual({
      transcript: 'talk.html',
      tracks: [],
    });
  });
});

describe('chooseTimingTrack', () => {
  const tracks = pairSiblings(`${STEM}.mp4`, FOLDER).tracks;
  it('takes only a track in the transcript language, the recognized original first', () => {
    expect(chooseTimingTrack(tracks, 'fr')?.path).toBe(`${STEM}.fr-orig.vtt`);
    expect(chooseTimingTrack(tracks, 'fr-FR')?.path).toBe(`${STEM}.fr-orig.vtt`);
    expect(chooseTimingTrack(tracks, 'en-gb')?.path).toBe(`${STEM}.en.vtt`);
    expect(chooseTimingTrack(tracks, 'de')).toBeNull();
    // Word-timed formats before cue-timed ones.
    const two = pairSiblings('t.mp4', ['t.mp4', 't.en.srt', 't.en.json3']).tracks;
    expect(chooseTimingTrack(two, 'en')?.format).toBe('json3');
    expect(chooseTimingTrack(pairSiblings('t.mp4', ['t.mp4', 't.en-GB.vtt']).tracks, 'en')?.tag).toBe('en-GB');
  });
});
