// G = M M† for a complex matrix M whose element (a, b) is at index a + rows·b
// (columns contiguous, as a state vector reshaped at a qubit cut). Tiled so a
// 64×64 block of G stays in cache while all columns stream past it; only the
// lower triangle is computed and then mirrored.

const TILE = 64;

export function gramMatrix(m: Float64Array, rows: number, cols: number): Float64Array {
  const g = new Float64Array(2 * rows * rows);
  for (let a0 = 0; a0 < rows; a0 += TILE) {
    const a1 = Math.min(rows, a0 + TILE);
    for (let c0 = 0; c0 <= a0; c0 += TILE) {
      const c1 = Math.min(rows, c0 + TILE);
      for (let b = 0; b < cols; b++) {
        const col = 2 * rows * b;
        for (let a = a0; a < a1; a++) {
          const xr = m[col + 2 * a], xi = m[col + 2 * a + 1];
          if (xr === 0 && xi === 0) continue;
          const row = 2 * rows * a;
          const end = Math.min(c1, a + 1);
          for (let c = c0; c < end; c++) {
            const yr = m[col + 2 * c], yi = m[col + 2 * c + 1];
            g[row + 2 * c] += xr * yr + xi * yi;
            g[row + 2 * c + 1] += xi * yr - xr * yi;
          }
        }
      }
    }
  }
  for (let a = 0; a < rows; a++) for (let c = 0; c < a; c++) {
    g[2 * (c * rows + a)] = g[2 * (a * rows + c)];
    g[2 * (c * rows + a) + 1] = -g[2 * (a * rows + c) + 1];
  }
  return g;
}
