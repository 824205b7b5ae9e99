// Summaries for benchmark rounds on a shared, noisy machine: medians, interquartile ranges and a
// distribution-free confidence interval of the median, so a ratio is reported with its spread
// rather than as one lucky number.

/** The q-quantile (0–1) of samples, linearly interpolated (NaN for none). */
export function quantile(samples: readonly number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] ?? 0) + ((s[hi] ?? 0) - (s[lo] ?? 0)) * (pos - lo);
}

/** The median of samples (NaN for none). */
export const median = (samples: readonly number[]): number => quantile(samples, 0.5);

/**
 * A ≥95 % confidence interval of the median from order statistics (sign test: no assumption
 * about the distribution, which on a shared machine is skewed and heavy-tailed). Needs ≥ 6 samples;
 * [NaN, NaN] below that.
 */
export function medianCI(samples: readonly number[]): [number, number] {
  const s = [...samples].sort((a, b) => a - b);
  const n = s.length;
  // Largest k with P(Binomial(n, ½) < k) ≤ 2.5 %: the interval is [s(k), s(n−k+1)] (1-based).
  let cum = 0;
  let k = 0;
  let p = 0.5 ** n;
  for (let i = 0; i <= n; i++) {
    if (cum + p > 0.025) break;
    cum += p;
    k = i + 1;
    p = (p * (n - i)) / (i + 1);
  }
  if (k < 1) return [Number.NaN, Number.NaN];
  return [s[k - 1] ?? Number.NaN, s[n - k] ?? Number.NaN];
}

/** "0.93 (IQR 0.88–0.97, 95 % CI of the median 0.90–0.95, n = 25)". */
export function describe(samples: readonly number[], digits = 2): string {
  const f = (x: number) => x.toFixed(digits);
  const [lo, hi] = medianCI(samples);
  const ci = Number.isNaN(lo) ? "" : `, 95 % CI of the median ${f(lo)}–${f(hi)}`;
  return `${f(median(samples))} (IQR ${f(quantile(samples, 0.25))}–${f(quantile(samples, 0.75))}${ci}, n = ${samples.length})`;
}
