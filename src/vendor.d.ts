// Packages that ship no type declarations; capsync types what it uses at the call sites.
declare module '@echogarden/espeak-ng-emscripten' {
  const initializer: () => Promise<unknown>;
  export default initializer;
}

declare module '@echogarden/pffft-wasm/simd' {
  const initializer: () => Promise<unknown>;
  export default initializer;
}
