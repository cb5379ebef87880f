// Public API of the chapters stage (re-exported from src/index.ts).
export {};
