/**
 * Logistic regression for the confidence fits of the benchmarks (bench/confidence.ts for the DTW
 * engine, bench/acousticTune.ts for the acoustic one): probability that a word is right.
 */

/** A word's features and whether it was placed wrong. */
export interface LogisticRow {
  features: readonly number[];
  wrong: boolean;
}

/** P(right) for one word's features: `weights[0]` is the intercept. */
export function predict(weights: readonly number[], x: readonly number[]): number {
  let logit = weights[0];
  for (let i = 0; i < x.length; i++) logit += weights[i + 1] * x[i];
  return 1 / (1 + Math.exp(-logit));
}

export interface FitOptions {
  /**
   * Weight the wrong and the right rows so that each class carries half the total: the fit then
   * models the evidence with equal priors (see src/align/acoustic/confidence.ts).
   */
  balanced?: boolean;
}

/** Logistic regression by Newton's method with a little L2 (not on the intercept). */
export function fit(rows: readonly LogisticRow[], options: FitOptions = {}): number[] {
  const d = rows[0].features.length + 1;
  const w = new Array<number>(d).fill(0);
  const wrongRows = rows.filter((r) => r.wrong).length;
  const rightRows = rows.length - wrongRows;
  const balanced = options.balanced && wrongRows > 0 && rightRows > 0;
  const weightOf = (row: LogisticRow) => (balanced ? rows.length / 2 / (row.wrong ? wrongRows : rightRows) : 1);
  const lambda = 1e-3 * rows.length;
  for (let iter = 0; iter < 30; iter++) {
    const grad = new Array<number>(d).fill(0);
    const hess = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (const row of rows) {
      const x = [1, ...row.features];
      const p = predict(w, row.features);
      const y = row.wrong ? 0 : 1;
      const c = weightOf(row);
      for (let i = 0; i < d; i++) {
        grad[i] += c * (p - y) * x[i];
        for (let j = 0; j < d; j++) hess[i][j] += c * p * (1 - p) * x[i] * x[j];
      }
    }
    for (let i = 1; i < d; i++) {
      grad[i] += lambda * w[i];
      hess[i][i] += lambda;
    }
    const step = solve(hess, grad);
    for (let i = 0; i < d; i++) w[i] -= step[i];
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return w;
}

function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c || m[c][c] === 0) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}
