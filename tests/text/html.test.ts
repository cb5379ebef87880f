import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeTranscriptFile, extractTranscriptFromHtml, htmlFromMhtml, parseTranscript } from '../../src/text/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PAGE = path.join(ROOT, 'tests/fixtures/pages/nato-opinions.html');
const page = readFileSync(PAGE);
// The page holds the briefing sample's transcript followed by the slt-ked-turns clip's.
const plainText = ['samples/briefing/briefing.transcript.txt', 'tests/fixtures/audio/slt-ked-turns.txt']
  .map((f) => readFileSync(path.join(ROOT, f), 'utf8'))
  .join('\n');

/** The words and turns a transcript file gives, through the same path generate uses. */
function parsed(bytes: Uint8Array, name: string) {
  const file = decodeTranscriptFile(bytes, name);
  return { file, transcript: parseTranscript(file.text, { labels: file.labels, path: name }) };
}

describe('transcript from a saved nato.int-style page', () => {
  it('reads the speech and its labels the way a reader sees them, and nothing else', () => {
    const { file, transcript } = parsed(page, 'opinions_235000.htm');
    expect(file.format).toBe('html');
    expect(file.title).toBe('Press conference');
    expect(file.labels).toEqual(['NATO Secretary General', 'Moderator', 'Question']);
    // Exactly the words of the same transcript as plain text: no menu, footer, script, caption or date.
    const plain = parseTranscript(plainText);
    // The page writes a non-breaking hyphen (&#8209;) where the text file has "-".
    expect(transcript.words.map((w) => w.text.replace(/\u2011/g, '-'))).toEqual(plain.words.map((w) => w.text));
    expect(transcript.turns.map((t) => [t.label, t.role])).toEqual(plain.turns.map((t) => [t.label, t.role]));
    const all = transcript.words.map((w) => w.text).join(' ');
    expect(all).not.toMatch(/[<>]|&\w+;|cookies|Skip|Print|Share|Related|Français|NATO is a political|©|dataLayer|Accept|2025/);
    // Entities decoded: "700&nbsp;billion" is two words, "NATO&#8209;Ukraine" one.
    expect(all).toContain('700 billion US dollars');
    expect(all).toContain('NATO‑Ukraine Council.');
  });

  it('reads a page saved with .txt, or as a single MHTML file, the same way', () => {
    const expected = parsed(page, 'x.htm').transcript.words.map((w) => w.text);
    expect(parsed(page, 'transcript.txt').transcript.words.map((w) => w.text)).toEqual(expected);
    // Chrome's "Webpage, single file": MIME multipart, the HTML quoted-printable encoded.
    const qp = page
      .toString('utf8')
      .replace(/=/g, '=3D')
      .replace(/[^\x00-\x7e]/gu, (c) => [...Buffer.from(c, 'utf8')].map((b) => `=${b.toString(16).toUpperCase()}`).join(''))
      .replace(/(.{70})/g, '$1=\r\n');
    const mhtml = [
      'From: <Saved by Blink>',
      'Snapshot-Content-Location: https://www.nato.int/cps/en/natohq/opinions_235000.htm',
      'Subject: NATO - Opinion: Press conference',
      'MIME-Version: 1.0',
      'Content-Type: multipart/related;',
      '\ttype="text/html";',
      '\tboundary="----MultipartBoundary--abc123----"',
      '',
      '',
      '------MultipartBoundary--abc123----',
      'Content-Type: text/html',
      'Content-ID: <frame-1@mhtml.blink>',
      'Content-Transfer-Encoding: quoted-printable',
      'Content-Location: https://www.nato.int/cps/en/natohq/opinions_235000.htm',
      '',
      qp,
      '------MultipartBoundary--abc123----',
      'Content-Type: text/css',
      '',
      'body { color: black }',
      '------MultipartBoundary--abc123------',
    ].join('\r\n');
    expect(htmlFromMhtml(Buffer.from(mhtml, 'latin1'))).toContain('Good morning.');
    expect(parsed(Buffer.from(mhtml, 'latin1'), 'opinions.mhtml').transcript.words.map((w) => w.text)).toEqual(expected);
  });

  it('decodes a page in its declared charset', () => {
    const html = '<html><head><meta charset="windows-1252"></head><body><div class="content">' +
      '<p><b>Secr\xe9taire g\xe9n\xe9ral de l\'OTAN\xa0:</b> Bonjour \xe0 toutes et \xe0 tous. Nous avons discut\xe9 de la d\xe9fense europ\xe9enne.</p>' +
      '<p>Les Alli\xe9s ont d\xe9cid\xe9 d\'investir davantage dans la d\xe9fense a\xe9rienne et les munitions.</p></div></body></html>';
    const { file } = parsed(Buffer.from(html, 'latin1'), 'page.html');
    expect(file.labels).toEqual(["Secrétaire général de l'OTAN"]);
    expect(file.text).toContain('Nous avons discuté de la défense européenne.');
  });

  it('keeps speech in lists, unusual bold labels and a page wrapped whole in a form', () => {
    const html = `<!doctype html><html><body><form id="aspnetForm" action="/page.aspx">
      <div class="menu"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></div>
      <div id="content">
        <p>Good afternoon. We have three priorities for the summit, and I will go through them one by one.</p>
        <ul><li>Strengthening our deterrence and defence;</li><li>Boosting the resilience of our societies;</li><li>And fairer burden-sharing.</li></ul>
        <p><strong>Question from Julian Barnes, The New York Times:</strong> What do you expect from the summit, and will Allies agree?</p>
        <p>Thank you. I expect Allies to agree on all three, because they have prepared them carefully for months.</p>
      </div></form></body></html>`;
    const { file, transcript } = parsed(Buffer.from(html), 'page.html');
    expect(file.labels).toEqual(['Question from Julian Barnes, The New York Times']);
    const text = transcript.words.map((w) => w.text).join(' ');
    expect(text).toContain('Strengthening our deterrence and defence; Boosting');
    expect(text).not.toMatch(/Home|News|Julian/);
    expect(transcript.turns.map((t) => t.label)).toEqual([null, 'Question from Julian Barnes, The New York Times']);
  });

  it('refuses a page with no recognisable transcript, naming why', () => {
    const notFound = `<!DOCTYPE html><html><head><title>Page not found</title><script>var x = "a long script with many words in it that nobody reads as text at all";</script></head>
      <body><nav><ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li><li><a href="/news">News and events</a></li></ul></nav>
      <h1>Page not found</h1><p>Sorry, this page does not exist.</p>
      <footer><ul><li><a href="/privacy">Privacy</a></li><li><a href="/contact">Contact us</a></li></ul></footer></body></html>`;
    expect(() => decodeTranscriptFile(Buffer.from(notFound), 'saved.html')).toThrow(/^the HTML page has no recognisable transcript \(.*\): saved\.html; save the transcript page itself/);
    const linksOnly = `<html><body>${'<ul><li><a href="/a">A link to another page of the site</a></li><li><a href="/b">Another link to some other page</a></li></ul>'.repeat(20)}</body></html>`;
    expect(() => decodeTranscriptFile(Buffer.from(linksOnly), 'links.htm')).toThrow(/no recognisable transcript/);
    expect(() => extractTranscriptFromHtml('')).toThrow(/no recognisable transcript/);
  });
});
