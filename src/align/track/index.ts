// Public API of timing-from-caption-track (re-exported from src/index.ts).
export {};
