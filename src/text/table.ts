/**
 * A lookup table without a prototype, so a token like "constructor" or "__proto__" finds
 * nothing instead of an Object method.
 */
export function lookupTable<T>(entries: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}
