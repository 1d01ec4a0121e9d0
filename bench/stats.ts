// Summary statistics of a sample of timings. Medians lead because this machine is shared and noisy: one slow run
// moves the mean, not the median.

export interface Summary {
  count: number;
  median: number;
  mean: number;
  /** Sample standard deviation (n - 1); 0 for fewer than two values. */
  stddev: number;
  min: number;
  max: number;
}

export function summarise(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error("summarise: no values");
  const sorted = [...values].sort((a, b) => a - b);
  const count = sorted.length;
  const middle = Math.floor(count / 2);
  const median = count % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / count;
  const variance = count < 2 ? 0 : sorted.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (count - 1);
  return { count, median, mean, stddev: Math.sqrt(variance), min: sorted[0]!, max: sorted[count - 1]! };
}
