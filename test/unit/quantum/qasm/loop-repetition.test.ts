// Counting repeated loop iterations instead of walking them must give exactly
// what walking every iteration gives: counts, depth, exactness, errors.

import { describe, expect, test, vi } from 'vitest';
import { MetricsCollector } from '../../../../src/quantum/metrics/circuit-metrics.js';
import { DepthTracker } from '../../../../src/quantum/metrics/depth.js';
import { DepthTransfer, type LevelStep } from '../../../../src/quantum/metrics/depth-transfer.js';
import { qasmMetrics } from '../../../../src/quantum/qasm/parse-qasm.js';
import { STDGATES } from './helpers/parse.js';
import { prng } from '../../../helpers/prng.js';

/** The metrics (or the error message) of a program, one way or the other. */
function outcome(text: string, unrollLoops: boolean): unknown {
  try {
    return qasmMetrics(text, 3, { unrollLoops });
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

/** Checks the two ways agree; returns how many times iterations were counted without a walk. */
function expectSameAsUnrolled(text: string): number {
  const spy = vi.spyOn(MetricsCollector.prototype, 'endRepeat');
  const repeated = outcome(text, false);
  const shortcuts = spy.mock.calls.filter(([times]) => times > 0).length;
  spy.mockRestore();
  expect(repeated).toEqual(outcome(text, true));
  return shortcuts;
}

describe('loop iterations counted, not walked', () => {
  const cases: Record<string, string> = {
    'wires advancing at different rates': `qubit[4] q;
for int i in [1:50] { h q[0]; h q[0]; cx q[0], q[1]; h q[3]; }
h q[2];`,
    'a slow wire that catches up with a fast one': `qubit[3] q;
for int i in [1:40] { h q[1]; h q[1]; h q[1]; }
for int i in [1:90] { h q[0]; cx q[0], q[1]; h q[0]; h q[0]; h q[2]; }`,
    'barriers, measurements and resets': `qubit[3] q; bit[3] c;
for int i in [0:29] { barrier q[0], q[2]; c[1] = measure q[1]; reset q[2]; x q[0]; barrier q; }`,
    'if/else on measured bits inside the body': `qubit[3] q; bit[2] c;
for uint i in [1:25] {
  c[0] = measure q[0];
  if (c[0]) { x q[1]; cx q[1], q[2]; } else { h q[2]; }
  if (c == 2) z q[0];
}`,
    'nested loops, the inner one repeating inside the outer one': `qubit[4] q; bit b;
for int i in [0:6] {
  for int j in [1:20] { cx q[0], q[1]; h q[2]; }
  h q[i % 4];
  for int j in [1:9] { b = measure q[3]; x q[3]; }
}`,
    'a loop inside a branch of an if': `qubit[3] q; bit c;
c = measure q[0];
if (c) { for int i in [1:33] { h q[1]; cx q[1], q[2]; } } else { x q[0]; }
h q[1];`,
    'state that settles after some iterations': `qubit[2] q; int[32] n = 0; bit[2] c = "00";
for int i in [1:40] {
  if (n < 3) { h q[0]; }
  n += 1;
  if (n > 5) { n = 5; }
  cx q[0], q[1];
}`,
    'a counter that changes in every iteration: walked': `qubit[2] q; int k = 0;
for int i in [1:100] { k += 1; h q[0]; if (k == 37) { break; } cx q[0], q[1]; }`,
    'continue in every iteration': `qubit[2] q;
for int i in [1:30] { h q[0]; if (true) { continue; } x q[1]; }`,
    'the loop variable in indices: walked': `qubit[5] q;
for int i in [0:3] { cx q[i], q[i + 1]; }`,
    'the loop variable passed to an extern': `qubit[2] q; extern log(int[32], int[32]);
for int i in [1:60] { h q[0]; log(i, 3); cx q[0], q[1]; }`,
    'the loop variable in an expression passed to an extern: walked': `qubit[2] q; extern log(int[32]);
for int i in [1:20] { h q[0]; log(i + 1); }`,
    'subroutine calls and bit declarations in the body': `qubit[3] q; bit[3] out;
def step(qubit[3] r) -> bit[3] { bit[3] m; for int j in [0:1] { cx r[j], r[j + 1]; } m = measure r; return m; }
for int i in [1:12] { bit[2] scratch; out = step(q); h q[0]; }`,
    'a loop over a set and over an array': `qubit[2] q; array[int[8], 4] a = {1, 1, 1, 1};
for int v in {5, 5, 5, 5, 5} { h q[0]; }
for int v in a { cx q[0], q[1]; }`,
    'a runtime while containing a known loop': `qubit[2] q; bit c;
c = measure q[0];
while (c) { for int i in [1:50] { h q[1]; } c = measure q[0]; }
h q[0];`,
    'a loop whose body fails on a later iteration': `qubit[2] q; int k = 3;
for int i in [1:10] { k -= 1; h q[0]; int x = 6 / k; }`,
    'modifiers and gphase': `qubit[3] q;
for int i in [1:17] { ctrl @ x q[0], q[1]; negctrl(2) @ h q[0], q[1], q[2]; gphase(0.5); inv @ s q[2]; }`,
  };
  for (const [name, body] of Object.entries(cases)) {
    test(name, () => {
      const shortcuts = expectSameAsUnrolled(`${STDGATES}${body}\n`);
      if (name.endsWith('walked')) expect(shortcuts).toBe(0);
      else if (!/fails|runtime/.test(name)) expect(shortcuts).toBeGreaterThan(0);
    });
  }

  test('the expansion budget stops a repeated loop where unrolling stops it', () => {
    const text = `${STDGATES}qubit[7] q;\nfor int i in [1:900000] { h q; }\nx q[0];\n`;
    const m = qasmMetrics(text, 3);
    expect(m.exact).toBe(false);
    expect(m).toEqual(qasmMetrics(text, 3, { unrollLoops: true }));
  }, 60_000);

  test('a million iterations are counted without walking them', () => {
    const t0 = performance.now();
    const m = qasmMetrics(`${STDGATES}qubit[3] q;\nfor int i in [1:1000000] { h q; cx q[0], q[2]; }\n`, 3);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(m).toMatchObject({ gates: 4_000_000, twoQubit: 1_000_000, depth: 2_000_000, exact: true });
  });

  test('random loop bodies', () => {
    const rand = prng(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const q = (): string => `q[${Math.floor(rand() * 6)}]`;
    const statement = (depth: number): string => {
      const r = rand();
      if (r < 0.35) return `${pick(['h', 'x', 's', 'rz(0.3)'])} ${q()};`;
      if (r < 0.55) {
        const a = Math.floor(rand() * 6);
        return `cx q[${a}], q[${(a + 1 + Math.floor(rand() * 5)) % 6}];`;
      }
      if (r < 0.62) return `barrier ${q()}, ${q()};`;
      if (r < 0.7) return `c[${Math.floor(rand() * 3)}] = measure ${q()};`;
      if (r < 0.75) return `reset ${q()};`;
      if (r < 0.85 && depth < 3) return `if (c[${Math.floor(rand() * 3)}]) { ${body(depth + 1)} } else { ${body(depth + 1)} }`;
      if (depth < 3) return `for int j${depth} in [1:${1 + Math.floor(rand() * 12)}] { ${body(depth + 1)} }`;
      return `h ${q()};`;
    };
    const body = (depth: number): string => Array.from({ length: 1 + Math.floor(rand() * 4) }, () => statement(depth)).join(' ');
    let shortcuts = 0;
    for (let n = 0; n < 60; n++) {
      shortcuts += expectSameAsUnrolled(`${STDGATES}qubit[6] q; bit[3] c;\n${body(0)}\nfor int i in [1:${2 + Math.floor(rand() * 30)}] { ${body(1)} }\n${body(0)}\n`);
    }
    expect(shortcuts).toBeGreaterThan(30);
  });
});

describe('DepthTransfer', () => {
  test('a power of a recorded stretch lands where replaying it would', () => {
    const rand = prng(11);
    for (let n = 0; n < 200; n++) {
      const steps: LevelStep[] = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => ({
        wires: Array.from({ length: Math.floor(rand() * 3) + (rand() < 0.9 ? 1 : 0) }, () => Math.floor(rand() * 9)),
        height: Math.floor(rand() * 3),
      }));
      const times = 1 + Math.floor(rand() * 40);
      const start = Array.from({ length: 9 }, () => Math.floor(rand() * 20));
      const replayed = new DepthTracker();
      const powered = new DepthTracker();
      for (const t of [replayed, powered]) start.forEach((level, w) => t.placeBlock([w], level));
      for (let k = 0; k < times; k++) for (const s of steps) replayed.placeBlock(s.wires, s.height);
      powered.beginRecording();
      for (const s of steps) powered.placeBlock(s.wires, s.height);
      powered.endRecording(times - 1);
      expect(powered.depth).toBe(replayed.depth);
      const transfer = DepthTransfer.of(steps).power(times);
      const levels = transfer.apply((w) => start[w]!);
      transfer.wires.forEach((w, i) => expect(levels[i]).toBe(replayedLevel(replayed, w)));
    }
  });
});

/** A wire's level, read through a zero-height operation on it alone. */
function replayedLevel(t: DepthTracker, wire: number): number {
  const before = t.depth;
  t.depth = 0;
  t.placeBlock([wire], 0);
  const level = t.depth;
  t.depth = before;
  return level;
}
