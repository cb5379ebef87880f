/** capsync library API: `import { generate } from 'capsync'`. */
export * from './types.js';
export { CapsyncError } from './util/errors.js';
export { decodeAudio, type DecodedAudio } from './media/decode.js';
export * from './text/index.js';
export * from './captions/index.js';
export * from './chapters/index.js';
export * from './metadata/index.js';
export * from './align/track/index.js';
export * from './align/index.js';
export * from './pipeline/index.js';
export * from './pipeline/batch/index.js';
export { detectFileKind, describeFileKind, adviceForFileKind, type FileKind, type JsonShape } from './util/fileKind.js';
export * from './review/index.js';
