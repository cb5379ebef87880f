/**
 * A word's confidence from the alignment itself: how closely the reference matched the recording
 * along the word's path (mean cosine distance: ~0.3 for a clean match, ~1 for unrelated sound), and
 * how clearly its block stood out when it was located (robust z-score of the cost dip).
 */
export function wordConfidence(pathCost: number, blockDistinctness: number): number {
  const match = 1 / (1 + Math.exp((pathCost - 0.72) / 0.07));
  const located = 1 / (1 + Math.exp(-(blockDistinctness - 5) / 1.5));
  return Math.max(0, Math.min(1, match * (0.4 + 0.6 * located)));
}
