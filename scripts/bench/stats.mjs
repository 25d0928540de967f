// Percentiles of per-operation latencies, shared by the latency helpers.

/** The q-quantile (0..1) of numbers, nearest rank. */
export function quantile(samples, q) {
  const s = Float64Array.from(samples).sort();
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** "p50 p95 p99 n" in milliseconds (samples in nanoseconds), the line bench.sh reads. */
export function percentileLine(nanos) {
  const ms = (q) => (quantile(nanos, q) / 1e6).toFixed(3);
  return `${ms(0.5)} ${ms(0.95)} ${ms(0.99)} ${nanos.length}\n`;
}

/** Runs `fn` and returns how long it took in nanoseconds. */
export function timed(fn) {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0);
}
