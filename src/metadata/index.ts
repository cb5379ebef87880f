// Public API of the metadata stage (re-exported from src/index.ts).
export {};
