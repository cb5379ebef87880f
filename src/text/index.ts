// Public API of the text stage (re-exported from src/index.ts).
export {};
