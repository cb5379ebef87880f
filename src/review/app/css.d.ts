// esbuild bundles the page's stylesheet from this import into dist/review/app.css.
declare module '*.css';
