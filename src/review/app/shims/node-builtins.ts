// The review page bundles capsync's caption linter, whose SRT check imports the `subtitle`
// package. That package also exports stream helpers built on Node's `stream`, `multipipe` and
// `split2`, which the page never calls; esbuild maps those imports here so the bundle needs
// no Node built-ins. Anything that did reach these would fail loudly.
class NotInBrowser {
  constructor() {
    throw new Error('Node streams are not available in the review page');
  }
}
export const Transform = NotInBrowser;
export const Duplex = NotInBrowser;
export default function notInBrowser(): never {
  throw new Error('Node streams are not available in the review page');
}
