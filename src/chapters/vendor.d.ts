// The `stopword` package ships no type declarations; we only read its per-language lists.
declare module 'stopword' {
  const lists: Record<string, string[]>;
  export default lists;
}
