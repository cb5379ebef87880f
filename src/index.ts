/** capsync library API. */
export * from './types.js';
export { CapsyncError } from './util/errors.js';
