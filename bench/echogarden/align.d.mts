// Types for the helpers bench/align.ts imports from align.mjs.
export declare function isLabelLine(line: string): boolean;
export declare function stripLabels(text: string): string;
