/**
 * Links in a description: found with linkify-it (raw text + positions), domains from the
 * public-suffix list via tldts, then labelled and classified from the words around them.
 * Short links are flagged, never fetched here.
 */
import { LinkifyIt } from 'linkify-it';
import { parse as parseDomain } from 'tldts';
import type { DescriptionLink, DescriptionLinkKind, DescriptionPlatformSource } from './types.js';
import { type DescriptionView, lineAt, stripControls } from './textView.js';
import { isDivider, isHashtagLine, leadingEmoji, parseTimestampLine } from './lineShapes.js';

// Fuzzy links ("nato.int", "www.example.com") are common in descriptions; the generous max
// length keeps hostile 10k-character URLs whole instead of cutting them.
const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: true, maxLength: 65_536 });

/** Hosts whose links are redirects to somewhere unknown until followed. */
const SHORTENERS = new Set([
  'bit.ly', 'bitly.com', 'bitly.is', 'j.mp', 't.co', 'tinyurl.com', 'goo.gl', 'ow.ly', 'buff.ly', 'is.gd', 'v.gd',
  'rebrand.ly', 'lnkd.in', 'youtu.be', 'fb.me', 'fb.watch', 'amzn.to', 't.ly', 'cutt.ly', 'shorturl.at', 'tiny.cc',
  's.id', 'dlvr.it', 'trib.al', 'spoti.fi', 'apple.co', 'forms.gle', 'wp.me', 'x.co', 'tr.im', 'shorte.st', 'rb.gy',
  'bl.ink', 'short.io', 'tiny.one', 'flic.kr', 'instagr.am', 'redd.it', 'msft.it', 'aka.ms', 'go.nato.int', 'ift.tt',
  'linktr.ee', 'lnk.to', 'hyperurl.co', 'smarturl.it', 'qr.io', 'u.to', 'clck.ru', 'vk.cc',
]);

/** Registrable domain (or full host) → platform name. */
const DOMAIN_PLATFORMS: Record<string, string> = {
  'youtube.com': 'YouTube', 'youtu.be': 'YouTube', 'youtube-nocookie.com': 'YouTube',
  'twitter.com': 'X/Twitter', 'x.com': 'X/Twitter', 't.co': 'X/Twitter',
  'facebook.com': 'Facebook', 'fb.com': 'Facebook', 'fb.me': 'Facebook', 'fb.watch': 'Facebook',
  'instagram.com': 'Instagram', 'instagr.am': 'Instagram',
  'linkedin.com': 'LinkedIn', 'lnkd.in': 'LinkedIn',
  'flickr.com': 'Flickr', 'flic.kr': 'Flickr',
  'tiktok.com': 'TikTok', 'threads.net': 'Threads', 'threads.com': 'Threads', 'bsky.app': 'Bluesky',
  'mastodon.social': 'Mastodon', 'mastodon.online': 'Mastodon', 'social.network.europa.eu': 'Mastodon',
  't.me': 'Telegram', 'telegram.me': 'Telegram', 'telegram.org': 'Telegram',
  'whatsapp.com': 'WhatsApp', 'wa.me': 'WhatsApp', 'reddit.com': 'Reddit', 'redd.it': 'Reddit',
  'pinterest.com': 'Pinterest', 'snapchat.com': 'Snapchat', 'twitch.tv': 'Twitch', 'vk.com': 'VK', 'weibo.com': 'Weibo',
  'discord.gg': 'Discord', 'discord.com': 'Discord', 'github.com': 'GitHub', 'medium.com': 'Medium',
  'substack.com': 'Substack', 'patreon.com': 'Patreon', 'vimeo.com': 'Vimeo', 'dailymotion.com': 'Dailymotion',
  'spotify.com': 'Spotify', 'spoti.fi': 'Spotify', 'podcasts.apple.com': 'Apple Podcasts', 'soundcloud.com': 'SoundCloud',
  'linktr.ee': 'Linktree', 'rumble.com': 'Rumble', 'ok.ru': 'OK',
};

/** Platforms whose profile links are "social". YouTube counts when the link is a channel, not a video. */
const SOCIAL_PLATFORMS = new Set([
  'X/Twitter', 'Facebook', 'Instagram', 'LinkedIn', 'Flickr', 'TikTok', 'Threads', 'Bluesky', 'Mastodon', 'Telegram',
  'WhatsApp', 'Reddit', 'Pinterest', 'Snapchat', 'Twitch', 'VK', 'Weibo', 'Discord', 'OK', 'Linktree',
]);

const NEWSLETTER_DOMAINS = new Set(['substack.com', 'mailchi.mp', 'list-manage.com', 'buttondown.email', 'beehiiv.com', 'campaign-archive.com']);

/** Words that name a platform in a call to action, for short links. Checked in order. */
const CONTEXT_PLATFORMS: Array<[RegExp, string]> = [
  [/(?<![\p{L}])(?:x\s*\/\s*twitter|twitter\s*\/\s*x|twitter|tweets?)(?![\p{L}])/iu, 'X/Twitter'],
  [/(?:^|[\s(])(?:on|auf|sur|en|su|в|у)\s+X(?=$|[\s:.,)!])/u, 'X/Twitter'],
  [/(?<![\p{L}])(?:facebook|fb)(?![\p{L}])/iu, 'Facebook'],
  [/(?<![\p{L}])(?:instagram|insta)(?![\p{L}])/iu, 'Instagram'],
  [/(?<![\p{L}])linked\s?in(?![\p{L}])/iu, 'LinkedIn'],
  [/(?<![\p{L}])flickr(?![\p{L}])/iu, 'Flickr'],
  [/(?<![\p{L}])tik\s?tok(?![\p{L}])/iu, 'TikTok'],
  [/(?<![\p{L}])threads(?![\p{L}])/iu, 'Threads'],
  [/(?<![\p{L}])(?:bluesky|bsky)(?![\p{L}])/iu, 'Bluesky'],
  [/(?<![\p{L}])mastodon(?![\p{L}])/iu, 'Mastodon'],
  [/(?<![\p{L}])telegram(?![\p{L}])/iu, 'Telegram'],
  [/(?<![\p{L}])whatsapp(?![\p{L}])/iu, 'WhatsApp'],
  [/(?<![\p{L}])reddit(?![\p{L}])/iu, 'Reddit'],
  [/(?<![\p{L}])pinterest(?![\p{L}])/iu, 'Pinterest'],
  [/(?<![\p{L}])snapchat(?![\p{L}])/iu, 'Snapchat'],
  [/(?<![\p{L}])twitch(?![\p{L}])/iu, 'Twitch'],
  [/(?<![\p{L}])(?:vkontakte|вконтакте)(?![\p{L}])/iu, 'VK'],
  [/(?<![\p{L}])weibo(?![\p{L}])/iu, 'Weibo'],
  [/(?<![\p{L}])discord(?![\p{L}])/iu, 'Discord'],
  [/(?<![\p{L}])spotify(?![\p{L}])/iu, 'Spotify'],
  [/(?<![\p{L}])apple\s+podcasts?(?![\p{L}])/iu, 'Apple Podcasts'],
  [/(?<![\p{L}])soundcloud(?![\p{L}])/iu, 'SoundCloud'],
  [/(?<![\p{L}])youtube(?![\p{L}])/iu, 'YouTube'],
];

const TRANSCRIPT_WORDS =
  /(?<![\p{L}])(?:transcripts?|transcription|transkript|transkription|transcripci[oó]n|trascrizione|transcri[cç][aã]o|стенограмма|расшифровка|стенограма|полный\s+текст|повний\s+текст|full\s+(?:text|remarks|speech|statement)|read\s+(?:the\s+)?(?:full\s+)?(?:remarks|speech|statement)|remarks\s+as\s+delivered|texte\s+int[ée]gral|texto\s+completo|volltext)(?![\p{L}])/iu;
const NEWSLETTER_WORDS =
  /(?<![\p{L}])(?:newsletters?|e-?mails?|mailing\s+list|sign\s+up|lettre\s+d['’]information|courriel|boletín|rundbrief|рассылк\p{L}*)(?![\p{L}])/iu;
const SUBSCRIBE_WORDS =
  /(?<![\p{L}])(?:subscribe|subscription|abonn\p{L}*|suscr\p{L}*|iscriviti|inscreva|подпис\p{L}*)(?![\p{L}])/iu;
const FOLLOW_WORDS = /(?<![\p{L}])(?:follow|find|connect|join|like|suivez|síguenos|seguici|folgt|folge)(?![\p{L}])/iu;
const WEBSITE_WORDS =
  /(?<![\p{L}])(?:homepage|home\s+page|website|web\s*site|site|visit|official|portal|site\s+web|sitio|webseite|sito)(?![\p{L}])/iu;

/** Path words in a short link's slug ("bit.ly/NATOfacebook"). */
const SLUG_PLATFORMS: Array<[RegExp, string]> = [
  [/twitter/i, 'X/Twitter'], [/facebook/i, 'Facebook'], [/instagram/i, 'Instagram'], [/linkedin/i, 'LinkedIn'],
  [/flickr/i, 'Flickr'], [/tiktok/i, 'TikTok'], [/youtube/i, 'YouTube'], [/telegram/i, 'Telegram'],
];

/** Schemes that run code or read local files when clicked: recorded, flagged, never normalized to a URL. */
const UNSAFE_RE = /(?<![\p{L}\p{N}+.\-])(?:javascript|vbscript|livescript)\s*:[^\s]*|(?<![\p{L}\p{N}+.\-])data:[a-z]+\/[a-z0-9.+-]+[;,][^\s]*|(?<![\p{L}\p{N}+.\-])file:\/\/[^\s]*/giu;

/** An http(s) scheme written out, used to report links linkify could not accept. */
const SCHEME_TOKEN_RE = /(?<![\p{L}\p{N}])(?:https?|ftp):\/\/[^\s]*/giu;

/** A link before labelling and classification. */
interface RawLink {
  raw: string;
  start: number;
  end: number;
  url: string | null;
  scheme: string;
  safe: boolean;
}

/** The text a link's label is taken from: what precedes it on its line, back to the previous link. */
function cleanLabel(text: string): string {
  let t = stripControls(text).trim();
  const emoji = leadingEmoji(t);
  if (emoji) t = t.slice(t.indexOf(emoji) + emoji.length);
  t = t
    .replace(/^[\s\-*•·▪►▶→➡>»|)\],.;:]+/u, '')
    .replace(/[\s:：\-–—|=→➡>»›(\[]+$/u, '')
    .replace(/\s*(?:\p{Extended_Pictographic}\uFE0F?\s*)+$/u, '')
    .replace(/[\s:：\-–—|=→➡>»›(\[]+$/u, '')
    .replace(/^[*_]+|[*_]+$/g, '')
    .trim();
  // An inline link in a sentence: the label is its own clause, not the whole paragraph.
  if (t.length > 100) {
    const parts = t.split(/(?<=[.!?;])\s+/u);
    t = parts[parts.length - 1];
    if (t.length > 100) t = t.slice(t.length - 100).replace(/^\S*\s+/u, '');
  }
  return t;
}

function normalizeUrl(url: string): { url: string | null; hostname: string | null; scheme: string; credentials: boolean } {
  const withScheme = url.startsWith('//') ? `https:${url}` : url;
  try {
    const u = new URL(withScheme);
    const scheme = u.protocol.replace(/:$/, '');
    return { url: toRfc3986(u.href), hostname: u.hostname ? u.hostname.toLowerCase() : null, scheme, credentials: u.username !== '' || u.password !== '' };
  } catch {
    const m = /^([a-z][a-z0-9+.-]*):/i.exec(withScheme);
    return { url: null, hostname: null, scheme: m ? m[1].toLowerCase() : '', credentials: false };
  }
}

/**
 * A WHATWG href made a strict RFC 3986 URI (what the metadata schema's `uri` format and most
 * readers expect): WHATWG keeps a stray `%` (`https://x.com/%`), `|`, `^`, `[`, `]` in the
 * path and a second `#` in the fragment, all of which a URI parser rejects.
 */
export function toRfc3986(href: string): string {
  const authorityEnd = /^[a-z][a-z0-9+.-]*:(?:\/\/[^/?#]*)?/i.exec(href)?.[0].length ?? 0;
  const encode = (ch: string): string =>
    Array.from(new TextEncoder().encode(ch), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  let fragment = false;
  let rest = '';
  for (const ch of href.slice(authorityEnd)) {
    if (ch === '#' && !fragment) {
      fragment = true;
      rest += ch;
    } else if (/[A-Za-z0-9\-._~!$&'()*+,;=:@/?]/.test(ch)) rest += ch;
    else rest += ch === '%' ? '%' : encode(ch);
  }
  return href.slice(0, authorityEnd) + rest.replace(/%(?![0-9A-Fa-f]{2})/g, '%25');
}

/** Cyrillic and Greek letters drawn like Latin ones: a host spelt with them imitates an ASCII one. */
const CONFUSABLE_LATIN: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ї: 'i',
  ј: 'j', ѕ: 's', ԁ: 'd', һ: 'h', ӏ: 'l', ԛ: 'q', ԝ: 'w', ɡ: 'g', α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o',
  ρ: 'p', τ: 't', υ: 'u', χ: 'x', ϲ: 'c', ı: 'i',
};

/**
 * Doubts about a link's host that make it unfit to be trusted by eye: `look-alike-domain` (letters
 * of another script that read as Latin, "nаto.int" with a Cyrillic а), `punycode` (any IDN host:
 * what is shown is not what is reached), `credentials-in-url` ("https://www.nato.int@evil.example/"
 * goes to evil.example).
 */
export function hostDoubts(raw: string, hostname: string | null, credentials: boolean): string[] {
  const doubts: string[] = [];
  if (credentials) doubts.push('credentials-in-url');
  if (!hostname) return doubts;
  if (hostname.split('.').some((label) => label.startsWith('xn--'))) doubts.push('punycode');
  const written = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\s]*)/i.exec(raw)?.[1] ?? raw.split(/[/?#\s]/)[0];
  const host = written.slice(written.lastIndexOf('@') + 1).toLowerCase();
  const skeleton = Array.from(host, (ch) => CONFUSABLE_LATIN[ch] ?? ch).join('');
  if (/[^\x00-\x7f]/.test(host) && /[a-z]/.test(skeleton) && !/[^\x00-\x7f]/.test(skeleton)) doubts.push('look-alike-domain');
  else if (/[^\x00-\x7f]/.test(host) && /[a-z]/.test(host) && /\p{Script=Cyrillic}|\p{Script=Greek}/u.test(host)) doubts.push('look-alike-domain');
  return doubts;
}

/** Problems that make a link unfit to be the transcript's source or to be trusted by eye. */
export const SUSPICIOUS_LINK_PROBLEMS: readonly string[] = ['look-alike-domain', 'punycode', 'credentials-in-url'];

export function isSuspiciousLink(link: { problems: readonly string[] }): boolean {
  return link.problems.some((p) => SUSPICIOUS_LINK_PROBLEMS.includes(p));
}

/** Find every link: linkify-it matches plus unsafe-scheme links it does not know. Sorted by position. */
function findRawLinks(view: string): RawLink[] {
  const out: RawLink[] = [];
  for (const m of linkify.match(view) ?? []) {
    let raw = m.raw;
    // Markdown emphasis around a bare link ("**https://a.com**") is not part of it.
    const trail = /[*_~]+$/.exec(raw);
    if (trail && view.slice(Math.max(0, m.index - trail[0].length), m.index) === trail[0]) raw = raw.slice(0, -trail[0].length);
    if (raw.length === 0) continue;
    let url = m.raw === raw ? m.url : m.url.slice(0, m.url.length - (m.raw.length - raw.length));
    // linkify stops at "@" after a host, but a browser reads "https://www.nato.int@evil.example/"
    // as a user name before the real host: the link is all of it, and it goes to evil.example.
    const userinfo = raw === m.raw ? /^@[^\s@]*[^\s@.,;:!?)\]'"”’]/u.exec(view.slice(m.index + raw.length)) : null;
    if (userinfo && /^(?:https?:|ftp:|\/\/)/i.test(raw)) {
      raw += userinfo[0];
      url += userinfo[0];
    }
    out.push({ raw, start: m.index, end: m.index + raw.length, url, scheme: m.schema.replace(/:$/, '').toLowerCase(), safe: true });
  }
  for (const m of view.matchAll(UNSAFE_RE)) {
    const start = m.index!;
    if (out.some((l) => start >= l.start && start < l.end)) continue;
    const scheme = /^[a-z]+/i.exec(m[0])![0].toLowerCase();
    out.push({ raw: m[0], start, end: start + m[0].length, url: null, scheme, safe: false });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Scheme-prefixed tokens that no link covers ("https://", "http:///x"): reported, not linked. */
export function findBrokenLinks(view: string, links: readonly { start: number; end: number }[]): Array<{ raw: string; start: number }> {
  const broken: Array<{ raw: string; start: number }> = [];
  for (const m of view.matchAll(SCHEME_TOKEN_RE)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (links.some((l) => start < l.end && end > l.start)) continue;
    broken.push({ raw: m[0], start });
  }
  return broken;
}

function platformFromHost(hostname: string | null, domain: string | null): string | null {
  if (!hostname) return null;
  if (DOMAIN_PLATFORMS[hostname]) return DOMAIN_PLATFORMS[hostname];
  if (domain && DOMAIN_PLATFORMS[domain]) return DOMAIN_PLATFORMS[domain];
  if (/(?:^|\.)mastodon\./.test(hostname)) return 'Mastodon';
  return null;
}

export function platformFromWords(text: string): string | null {
  for (const [re, name] of CONTEXT_PLATFORMS) if (re.test(text)) return name;
  return null;
}

function isYouTubeChannelPath(url: string | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return /^\/(?:@|c\/|channel\/|user\/)/.test(u.pathname) || u.searchParams.has('sub_confirmation');
  } catch {
    return false;
  }
}

function pathOf(url: string | null): string {
  if (!url) return '';
  try {
    const u = new URL(url);
    return decodeURIComponent(u.pathname + u.search);
  } catch {
    return '';
  }
}

interface Classified {
  kind: DescriptionLinkKind;
  platform: string | null;
  platformSource: DescriptionPlatformSource | null;
}

/** Decide kind and platform from the host, the label/section words and (for short links) the slug. */
export function classifyLink(args: {
  url: string | null;
  hostname: string | null;
  domain: string | null;
  scheme: string;
  shortLink: boolean;
  safe: boolean;
  context: string;
}): Classified {
  const { url, hostname, domain, scheme, shortLink, safe, context } = args;
  if (!safe) return { kind: 'other', platform: null, platformSource: null };
  if (scheme === 'mailto') {
    // "Subscribe to our newsletter: mailto:…" is a newsletter sign-up; "Write to us: mailto:…" is not.
    const signUp = /newsletter|mailing\s+list|subscribe|sign\s+up/i.test(context);
    return { kind: signUp ? 'newsletter' : 'other', platform: 'Email', platformSource: 'domain' };
  }
  let platform = platformFromHost(hostname, domain);
  let platformSource: DescriptionPlatformSource | null = platform ? 'domain' : null;
  const slug = shortLink ? pathOf(url) : '';
  // A short link's host says nothing about the target (youtu.be/flic.kr aside): read the words, then the slug.
  if (!platform || (shortLink && !DOMAIN_PLATFORMS[hostname ?? ''])) {
    const fromWords = platformFromWords(context);
    if (fromWords) {
      platform = fromWords;
      platformSource = 'context';
    } else if (slug) {
      const hit = SLUG_PLATFORMS.find(([re]) => re.test(slug));
      if (hit) {
        platform = hit[1];
        platformSource = 'path';
      }
    }
  }
  const path = pathOf(url);
  if (TRANSCRIPT_WORDS.test(context) || (!context && /transcript/i.test(path))) return { kind: 'transcript', platform, platformSource };
  if (NEWSLETTER_WORDS.test(context) || (domain && NEWSLETTER_DOMAINS.has(domain)) || (shortLink && /e-?mails?|newsletter/i.test(slug))) {
    return { kind: 'newsletter', platform, platformSource };
  }
  if (SUBSCRIBE_WORDS.test(context) || /[?&]sub_confirmation=1/.test(url ?? '') || (shortLink && /subscri/i.test(slug))) {
    // On YouTube, "subscribe" means a channel; a short subscribe link with no other platform word goes there.
    if (!platform) {
      platform = 'YouTube';
      platformSource = 'context';
    }
    return { kind: 'subscribe', platform, platformSource };
  }
  if (platform && SOCIAL_PLATFORMS.has(platform)) return { kind: 'social', platform, platformSource };
  if (platform === 'YouTube' && (FOLLOW_WORDS.test(context) || isYouTubeChannelPath(url))) return { kind: 'social', platform, platformSource };
  if (WEBSITE_WORDS.test(context) || (shortLink && /home|site/i.test(slug))) return { kind: 'website', platform, platformSource };
  if (!platform && url && !shortLink && /^\/?$/.test(pathOf(url).replace(/[?#].*$/, ''))) return { kind: 'website', platform, platformSource };
  return { kind: 'other', platform, platformSource };
}

function problemsOf(raw: RawLink, hostname: string | null, domain: string | null, isIp: boolean, shortLink: boolean): string[] {
  const problems: string[] = [];
  if (!raw.safe) problems.push('unsafe-scheme');
  if (raw.safe && raw.scheme !== 'mailto' && hostname && !domain && !isIp && hostname !== 'localhost') problems.push('unknown-domain');
  if (raw.safe && raw.url === null) problems.push('unknown-domain');
  if (shortLink && /^\/?$/.test(pathOf(raw.url))) problems.push('short-link-without-path');
  if (/[\u200B-\u200D\u2060\u00AD]/.test(raw.raw)) problems.push('invisible-characters');
  if (raw.raw.length > 2048) problems.push('very-long');
  return problems;
}

/**
 * All links of a description with labels, sections, kinds and platforms.
 * `consumedLabelLines` receives the indices of lines used as a previous-line label.
 */
export function extractLinks(v: DescriptionView, consumedLabelLines: Set<number> = new Set()): DescriptionLink[] {
  const raws = findRawLinks(v.view);
  const byLine = new Map<number, RawLink[]>();
  for (const r of raws) {
    const li = lineAt(v.lines, r.start);
    if (!byLine.has(li)) byLine.set(li, []);
    byLine.get(li)!.push(r);
  }
  const lineHasLink = (i: number): boolean => byLine.has(i);
  const links: DescriptionLink[] = [];
  for (const r of raws) {
    const li = lineAt(v.lines, r.start);
    const line = v.lines[li];
    const onLine = byLine.get(li)!;
    const prev = onLine.filter((o) => o.end <= r.start).pop();
    const beforeText = v.view.slice(prev ? prev.end : line.start, r.start);
    let label: string | null = null;
    let labelSource: DescriptionLink['labelSource'] = null;
    const md = /\[([^\]\n]+)\]\(\s*$/u.exec(beforeText);
    if (md) {
      label = cleanLabel(md[1]);
      labelSource = 'markdown';
    } else {
      const cleaned = cleanLabel(beforeText);
      if (cleaned && /[\p{L}\p{N}]/u.test(cleaned)) {
        label = cleaned;
        labelSource = 'same-line';
      }
    }
    if (!label && onLine[0] === r) {
      // "Website: https://…" may be written "https://… – Website" or "https://… (Website)".
      const next = onLine.find((o) => o.start >= r.end);
      const after = cleanLabel(v.view.slice(r.end, next ? next.start : line.end).replace(/^[\s)\]]*[\-–—|:(]*/u, '').replace(/[)\]]\s*$/, ''));
      if (after && /[\p{L}]/u.test(after) && after.length <= 80) {
        label = after;
        labelSource = 'after';
      }
    }
    if (!label && li > 0) {
      const pl = v.lines[li - 1];
      const pt = pl.text.trim();
      // The line above labels a link alone on its line: "Website:" / "Submit comments" (short, no sentence end).
      const alone = v.view.slice(line.start, r.start).trim() === '' && onLine.length === 1;
      const labelLike = /[:：]\s*$/.test(pt) || (alone && pt.length <= 60 && !/[.!?…]["'”’)]?$/u.test(pt));
      if (pt && labelLike && !lineHasLink(li - 1) && !isDivider(pt) && !isHashtagLine(pt) && !parseTimestampLine(pt) && pt.length <= 100) {
        label = cleanLabel(pt);
        labelSource = 'previous-line';
        consumedLabelLines.add(li - 1);
      }
    }
    const { url, hostname, scheme, credentials } = r.safe ? normalizeUrl(r.url!) : { url: null, hostname: null, scheme: r.scheme, credentials: false };
    const parsed = hostname ? parseDomain(hostname) : null;
    const domain = parsed?.domain ?? null;
    const shortLink = !!hostname && (SHORTENERS.has(hostname) || (domain !== null && SHORTENERS.has(domain) && hostname === domain));
    links.push({
      raw: r.raw,
      start: r.start,
      end: r.end,
      line: li + 1,
      url,
      scheme: scheme || r.scheme,
      hostname,
      domain,
      kind: 'other',
      platform: null,
      platformSource: null,
      label: label || null,
      labelSource: label ? labelSource : null,
      section: null,
      shortLink,
      safe: r.safe,
      problems: [...problemsOf({ ...r, url }, hostname, domain, parsed?.isIp === true, shortLink), ...hostDoubts(r.raw, hostname, credentials)],
    });
  }
  // Sections: the nearest heading line ("Connect with NATO online:") above a link within its group.
  for (const link of links) {
    const li = link.line - 1;
    for (let j = li - 1; j >= 0; j--) {
      const t = v.lines[j].text.trim();
      if (!t || isDivider(t)) break;
      if (lineHasLink(j) || consumedLabelLines.has(j)) continue;
      if (/[:：]\s*$/.test(t) && t.length <= 100) link.section = cleanLabel(t) || null;
      break;
    }
  }
  for (const link of links) {
    const facts = { url: link.url, hostname: link.hostname, domain: link.domain, scheme: link.scheme, shortLink: link.shortLink, safe: link.safe };
    let c = classifyLink({ ...facts, context: link.label ?? '' });
    // The section heading ("Follow us:") only helps when the link's own label says nothing.
    if (c.kind === 'other' && !c.platform && link.section) c = classifyLink({ ...facts, context: `${link.label ?? ''} ${link.section}` });
    link.kind = c.kind;
    link.platform = c.platform;
    link.platformSource = c.platformSource;
  }
  return links;
}

/** Does a label announce the transcript ("Transcript continues:", "Full transcript")? */
export function isTranscriptLabel(label: string | null): boolean {
  return !!label && TRANSCRIPT_WORDS.test(label);
}
