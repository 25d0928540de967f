// Wall time per stage of a tomography run: the report's breakdown of where
// the time went (what a benchmark prints; nothing depends on it).

import type { HermitianEigensolver } from '../linalg/hermitian-eigen.js';

export class StageTimer {
  /** Seconds per stage, in the order the stages first ran. */
  readonly stages: Record<string, number> = {};
  private last: number;

  constructor(private readonly clock: () => number) {
    this.last = clock();
  }

  /** Charges the time since the previous lap to `stage`. */
  lap(stage: string): void {
    const now = this.clock();
    this.stages[stage] = (this.stages[stage] ?? 0) + (now - this.last) / 1000;
    this.last = now;
  }

  /** The solver, its decomposition charged to 'eigenvalues' and its vectors to 'eigenvectors'. */
  eigensolver(solver: HermitianEigensolver): HermitianEigensolver {
    return (a, n) => {
      this.lap('projection');
      const eig = solver(a, n);
      this.lap('eigenvalues');
      const outer = eig.weightedOuterSum?.bind(eig);
      return {
        n: eig.n,
        values: eig.values,
        topVectors: (count) => {
          this.lap('projection');
          const v = eig.topVectors(count);
          this.lap('eigenvectors');
          return v;
        },
        weightedOuterSum: outer,
      };
    };
  }
}
