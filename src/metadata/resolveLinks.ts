/**
 * Opt-in short-link resolution (`describe --resolve-links`). Off by default: parseDescription
 * never touches the network. When enabled, each short link is followed with HEAD requests
 * (redirects read from `Location`, never the body) with a timeout; without a network every
 * attempt simply fails and the link stays unresolved.
 */
import { parse as parseDomain } from 'tldts';
import type { DescriptionLink, DescriptionMetadata } from './types.js';
import { classifyLink } from './links.js';

/** Follows one URL to its final target, or returns null. */
export type ShortLinkResolver = (url: string, signal: AbortSignal) => Promise<string | null>;

export interface ResolveDescriptionLinksOptions {
  /** Must be true for anything to happen (default false). */
  enabled?: boolean;
  /** Custom resolver (tests, proxies); defaults to HEAD requests through global fetch. */
  resolver?: ShortLinkResolver;
  /** Per-link time limit (default 5000 ms). */
  timeoutMs?: number;
  /** Redirect hops followed by the default resolver (default 5). */
  maxRedirects?: number;
}

/** Default resolver: HEAD with manual redirects, so only headers are read and each hop is checked. */
export function shortLinkHeadResolver(maxRedirects = 5): ShortLinkResolver {
  return async (url, signal) => {
    let current = url;
    for (let hop = 0; hop <= maxRedirects; hop++) {
      const res = await fetch(current, { method: 'HEAD', redirect: 'manual', signal });
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        const next = new URL(location, current);
        if (next.protocol !== 'http:' && next.protocol !== 'https:') return null;
        current = next.href;
        continue;
      }
      return hop === 0 ? null : current;
    }
    return null; // too many hops: a loop or a chain we will not trust
  };
}

/**
 * Resolve the short links of a metadata document (a copy is returned; the input is not changed).
 * Each resolved link gets `resolvedUrl` and, when its target is a known platform, the platform
 * from the target's domain (`platformSource: 'resolved'`). Failures leave `resolvedUrl: null`
 * and a warning.
 */
export async function resolveDescriptionLinks(
  metadata: DescriptionMetadata,
  options: ResolveDescriptionLinksOptions = {},
): Promise<DescriptionMetadata> {
  if (!options.enabled) return metadata;
  const resolver = options.resolver ?? shortLinkHeadResolver(options.maxRedirects ?? 5);
  const timeoutMs = options.timeoutMs ?? 5000;
  const out: DescriptionMetadata = structuredClone(metadata);
  const cache = new Map<string, string | null>();
  for (const link of out.links) {
    if (!link.shortLink || !link.safe || !link.url || !/^https?:$/.test(new URL(link.url).protocol)) continue;
    let target = cache.get(link.url);
    if (target === undefined) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        target = await resolver(link.url, controller.signal);
      } catch {
        target = null;
      } finally {
        clearTimeout(timer);
      }
      cache.set(link.url, target);
    }
    applyTarget(link, target);
    if (target === null) {
      out.warnings.push({ code: 'unresolved-link', message: `could not resolve short link ${link.url}`, position: link.start });
    }
  }
  return out;
}

function applyTarget(link: DescriptionLink, target: string | null): void {
  link.resolvedUrl = target;
  if (!target) return;
  let hostname: string;
  try {
    hostname = new URL(target).hostname.toLowerCase();
  } catch {
    link.resolvedUrl = null;
    return;
  }
  const domain = parseDomain(hostname).domain ?? null;
  const c = classifyLink({ url: target, hostname, domain, scheme: 'https', shortLink: false, safe: true, context: link.label ?? '' });
  if (c.platform && c.platformSource === 'domain') {
    link.platform = c.platform;
    link.platformSource = 'resolved';
  }
  if (link.kind === 'other') link.kind = c.kind;
}
