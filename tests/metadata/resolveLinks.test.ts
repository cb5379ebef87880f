import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  parseDescription,
  resolveDescriptionLinks,
  shortLinkHeadResolver,
  validateDescriptionMetadata,
} from '../../src/metadata/index.js';
import { seed } from './fixtures.js';

// A local HTTP server stands in for a URL shortener: no network is used.
let server: Server;
let base = '';
const hits: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    if (req.url === '/a') res.writeHead(301, { location: '/b' }).end();
    else if (req.url === '/b') res.writeHead(302, { location: `${base}/final?x=1` }).end();
    else if (req.url === '/js') res.writeHead(302, { location: 'javascript:alert(1)' }).end();
    else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
    else res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('resolveDescriptionLinks', () => {
  const meta = parseDescription(seed());

  it('does nothing unless enabled', async () => {
    const resolver = vi.fn(async () => 'https://www.facebook.com/NATO');
    expect(await resolveDescriptionLinks(meta)).toBe(meta);
    expect(await resolveDescriptionLinks(meta, { resolver })).toBe(meta);
    expect(resolver).not.toHaveBeenCalled();
  });

  it('when enabled, resolves short links only, updates platforms from the target, leaves the input alone', async () => {
    const targets: Record<string, string | null> = {
      'https://bit.ly/NATOfacebook': 'https://www.facebook.com/NATO',
      'https://bit.ly/NATOhomepage': 'https://www.nato.int/',
      'https://bit.ly/NATOemails': null,
    };
    const resolver = vi.fn(async (url: string) => (url in targets ? targets[url] : 'https://www.youtube.com/@NATO'));
    const out = await resolveDescriptionLinks(meta, { enabled: true, resolver });
    expect(resolver).toHaveBeenCalledTimes(10); // the 10 bit.ly links, not the nato.int transcript link
    const fb = out.links.find((l) => l.raw === 'https://bit.ly/NATOfacebook')!;
    expect(fb).toMatchObject({ resolvedUrl: 'https://www.facebook.com/NATO', platform: 'Facebook', platformSource: 'resolved', kind: 'social' });
    const email = out.links.find((l) => l.raw === 'https://bit.ly/NATOemails')!;
    expect(email.resolvedUrl).toBeNull();
    expect(out.warnings.filter((w) => w.code === 'unresolved-link')).toHaveLength(1);
    expect(out.links[0].resolvedUrl).toBeUndefined();
    expect(meta.links.some((l) => 'resolvedUrl' in l)).toBe(false);
    expect(validateDescriptionMetadata(out).valid).toBe(true);
  });

  it('a resolver that throws or hangs leaves the link unresolved', async () => {
    const out = await resolveDescriptionLinks(meta, {
      enabled: true,
      timeoutMs: 50,
      resolver: (url, signal) =>
        url.endsWith('facebook')
          ? Promise.reject(new Error('offline'))
          : new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('timeout')))),
    });
    expect(out.links.filter((l) => l.shortLink).every((l) => l.resolvedUrl === null)).toBe(true);
  }, 10_000);
});

describe('shortLinkHeadResolver', () => {
  const signal = () => AbortSignal.timeout(5000);

  it('follows redirects with HEAD requests to the final URL', async () => {
    hits.length = 0;
    expect(await shortLinkHeadResolver()(`${base}/a`, signal())).toBe(`${base}/final?x=1`);
    expect(hits).toEqual(['HEAD /a', 'HEAD /b', 'HEAD /final?x=1']);
  });

  it('no redirect, a non-http redirect or a loop gives no target', async () => {
    expect(await shortLinkHeadResolver()(`${base}/plain`, signal())).toBeNull();
    expect(await shortLinkHeadResolver()(`${base}/js`, signal())).toBeNull();
    expect(await shortLinkHeadResolver(3)(`${base}/loop`, signal())).toBeNull();
  });

  it('a closed port fails (what happens without a network)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(shortLinkHeadResolver()(`http://127.0.0.1:${port}/x`, signal())).rejects.toThrow();
  });
});
