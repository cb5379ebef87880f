// Types for the parts of the W3C `webvtt-parser` package (CommonJS, untyped) the linter uses.
declare module 'webvtt-parser' {
  export interface WebVTTParseError {
    message: string;
    /** 1-based line. */
    line: number;
    col?: number;
  }
  export interface WebVTTParsedCue {
    id: string;
    startTime: number;
    endTime: number;
    text: string;
  }
  export class WebVTTParser {
    parse(input: string, mode?: 'metadata' | 'subtitles' | 'chapters'): { cues: WebVTTParsedCue[]; errors: WebVTTParseError[] };
  }
  const webvtt: { WebVTTParser: typeof WebVTTParser };
  export default webvtt;
}
