/**
 * UTF-16 text saved without a byte-order mark (some Windows tools and exports do this). Text in
 * a Latin script then has a NUL in every other byte, which would otherwise read as "binary".
 */

/** Share of the sampled code units whose high byte is 0 that marks UTF-16 (spaces and newlines alone give ~15% in any script). */
const MIN_ZERO_HIGH_SHARE = 0.1;
/** The other half of each code unit is almost never 0 in text. */
const MAX_ZERO_LOW_SHARE = 0.01;
/** Bytes looked at: enough to judge, cheap on a big file. */
const SAMPLE_BYTES = 8192;

/** `utf-16le` or `utf-16be` when the bytes look like BOM-less UTF-16 text, else null. */
export function detectBomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, SAMPLE_BYTES) & ~1;
  if (n < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const units = n / 2;
  if (zeroOdd / units >= MIN_ZERO_HIGH_SHARE && zeroEven / units <= MAX_ZERO_LOW_SHARE) return 'utf-16le';
  if (zeroEven / units >= MIN_ZERO_HIGH_SHARE && zeroOdd / units <= MAX_ZERO_LOW_SHARE) return 'utf-16be';
  return null;
}

/** Decode BOM-less UTF-16 text, or null when the bytes are not that (or are not valid UTF-16). */
export function decodeBomlessUtf16(bytes: Uint8Array): string | null {
  const encoding = detectBomlessUtf16(bytes);
  if (!encoding || bytes.length % 2 !== 0) return null;
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}
