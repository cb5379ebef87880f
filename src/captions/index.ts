// Public API of the captions stage (re-exported from src/index.ts).
export {};
