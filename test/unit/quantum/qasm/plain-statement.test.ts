// Plain gate calls, resets and measurements are applied straight from the
// characters when counting (plain-statement.ts); whatever the text, the
// outcome must be the one of the full parser: the same metrics, or the same
// error at the same place.

import { describe, expect, test, vi } from 'vitest';
import { GateCalls } from '../../../../src/quantum/qasm/gate-calls.js';
import { qasmMetrics } from '../../../../src/quantum/qasm/parse-qasm.js';
import { ProgramWalker } from '../../../../src/quantum/qasm/walker.js';
import { QELIB, STDGATES } from './helpers/parse.js';
import { prng } from '../../../helpers/prng.js';

function outcome(text: string, version: 2 | 3, walkEveryStatement: boolean): unknown {
  try {
    return qasmMetrics(text, version, { walkEveryStatement });
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

/** Checks both ways agree; returns how many statements took the plain path. */
function expectSameAsFullParse(text: string, version: 2 | 3): number {
  const walker = ProgramWalker.prototype as unknown as Record<'plainReset' | 'plainMeasure', () => boolean>;
  const spies = [vi.spyOn(GateCalls.prototype, 'plainCall'), vi.spyOn(walker, 'plainReset'), vi.spyOn(walker, 'plainMeasure')];
  const fast = outcome(text, version, false);
  const plain = spies.reduce((n, spy) => n + spy.mock.results.filter((r) => r.value === true).length, 0);
  for (const spy of spies) spy.mockRestore();
  expect(fast, text).toEqual(outcome(text, version, true));
  return plain;
}

const V2 = `${QELIB}qreg q[4];\nqreg r[4];\nqreg s[2];\ncreg c[4];\ngate g(a) x, y { cx x, y; rz(a) y; }\nopaque o x;\n`;
const V3 = `${STDGATES}qubit[4] q;\nqubit[4] r;\nqubit one;\nbit[4] c;\ngate g(a) x, y { cx x, y; rz(a) y; }\n`;

describe('plain gate calls', () => {
  test('resets and measurements take the plain path', () => {
    const body = 'reset q[0];\nreset q;\nmeasure q[1] -> c[1];\nmeasure q->c;\nmeasure r[3] ->  c[0];\n';
    expect(expectSameAsFullParse(`${V2}${body}`, 2)).toBe(5);
    expect(expectSameAsFullParse(`${V3}${body}reset one;\n`, 3)).toBe(6);
  });

  test('the common forms take the plain path', () => {
    const body = 'h q[0];\ncx q[0], q[1];\nrz(-pi/4) q[2];\nu3(0.1, 2.5e-3, -3*pi/4) q[3];\ncx q, r;\nh q;\ng(1.5) q[1],r[2];\nU(0,0,0) q[0];\n';
    expect(expectSameAsFullParse(`${V2}${body}CX q[0],q[1];\no q[2];\n`, 2)).toBe(10);
    expect(expectSameAsFullParse(`${V3}${body}x one;\n`, 3)).toBe(9);
  });

  const v2Cases = [
    'h q[4];', 'h q[0], q[1];', 'cx q[0], q[0];', 'cx q[0];', 'cx q, s;', 'cx q[1], q;', 'rz q[0];', 'rz(1, 2) q[0];',
    'rz(pi/0) q[0];', 'rz(1/0.0) q[0];', 'rz(1/(1-1)) q[0];', 'rz(0x10) q[0];', 'rz(1_0) q[0];', 'rz(1e) q[0];',
    'rz(1.) q[0];', 'rz(.5) q[0];', 'rz(2^3) q[0];', 'rz(-(pi)) q[0];', 'rz(--pi) q[0];', 'rz(theta) q[0];',
    'rz(pi) c[0];', 'nope q[0];', 'h c[0];', 'h q[0] // comment\n;', 'h q[0]\n;', 'h q[0] q[1];', 'h q[0]\nh q[1];',
    'h q[0] /* c */;', 'h q[0x1];', 'h q[01];', 'h q[-1];', 'h q [ 2 ] ;', 'h\tq[1];', 'cx q[0],\nq[1];', 'measure q[0] -> c[0];',
    'o q[1];', 'g q[0], q[1];', 'g(pi) q[0], q[0];', 'rz(pi) q[0]', 'h q[99999999999];', 'h qq[0];', 'rz(pi/2 q[0];',
    'rz(1e400/1e-400) q[0];', 'u2(pi/2,) q[0];', 'rz() q[0];', 'h pi;', 'rz(pi*2) q[0];', 'barrier q;', 'reset q[1];',
    'reset q[4];', 'reset c[0];', 'reset q[0], q[1];', 'reset q[0]', 'reset;', 'measure q[0] -> c[4];', 'measure q -> s;',
    'measure q[0] c[0];', 'measure q[0] - > c[0];', 'measure q[0] -> q[1];', 'measure c[0] -> c[1];', 'measure q[0];',
    'measure q[0] -> c;', 'measure q -> c[0];', 'measure q[0] -> c[0] // x\n;', 'measure q[0] -> c[0], c[1];', 'measure nope -> c;',
  ];
  for (const c of v2Cases) {
    test(`OpenQASM 2: ${JSON.stringify(c)}`, () => {
      expectSameAsFullParse(`${V2}h q[0];\n${c}\ncx q[1], q[2];\n`, 2);
    });
  }

  const v3Cases = [
    'h q[0:1];', 'h q[{0, 2}];', 'h q[-1];', 'h $0;', 'h one[0];', 'x one;', 'h q[1][0];', 'ctrl @ x q[0], q[1];',
    'gphase(pi);', 'h q[i];', 'rz(π) q[0];', 'rz(tau) q[0];', 'rz(2**2) q[0];', 'rz(2^3) q[0];', 'h q[0], one;',
    'let a = q[0:1];\nh a;\ncx a, r[0:1];', 'float pi = 1.0;\nrz(pi) q[0];', 'const int k = 2;\nh q[k];', 'h q[0] q[1];',
    'rz(1/0) q[0];', 'g(1) q[0], r[0];', 'inv @ h q[0];', 'h[100ns] q[0];', 'h q[0];;', 'cx q, r;', 'rz(5ns) q[0];',
    'reset one;', 'reset one[0];', 'measure one -> c[0];', 'measure q[0];', 'c[0] = measure q[0];', 'measure q[0:1] -> c[0:1];',
    'measure $0 -> c[0];', 'measure q[1] -> c[1][0];', 'bit b;\nmeasure q[0] -> b;\nmeasure q[1] -> b[0];',
  ];
  for (const c of v3Cases) {
    test(`OpenQASM 3: ${JSON.stringify(c)}`, () => {
      expectSameAsFullParse(`${V3}h q[0];\n${c}\ncx q[1], q[2];\n`, 3);
    });
  }

  test('positions in errors after plain gate calls stay exact', () => {
    expectSameAsFullParse(`${V2}h q[0];\ncx q[0], q[1];\nh q[1]\n`, 2);
    expectSameAsFullParse(`${V2}h q[0];  rz(pi) q[1];  cx q[0], q[1] h q[2];\n`, 2);
    expectSameAsFullParse(`${V3}rz(pi) q[1];   x one; nope q[0];\n`, 3);
  });

  test('runs of plain gate calls read without tokens end where the full parser takes over', () => {
    const runs = [
      'h q[0]; cx q[0], q[1]; // note\n/* a\nblock */ rz(pi) q[2];\nh q[3];',
      'h q[0];\r\ncx q[0], q[1];\r\n\tx q[2];\r\n',
      'h q[0]; cx q[0], q[0]; h q[1];',
      'h q[0]; measure q[0] -> c[0]; h q[1]; barrier q; x q[2];',
      'h q[0]; h q[1]; /* never closed',
      'h q[0]; h q[1]; nope q[2]; h q[3];',
      'h q[0];;; h q[1];',
      'h q[0]; h q[1]\nh q[2];',
      'h q[0]; h q[1] h q[2];',
      'h q[0]; héllo q[1];',
      'h q[0]; if(c==1) x q[1]; h q[2];',
      'h q[0]; h q[1]; gate k a { h a; } k q[2]; k q[3];',
      'h q[0];\n\n\n   cx q[3], q[2]; 9 q[1];',
    ];
    for (const run of runs) {
      expectSameAsFullParse(`${V2}${run}\n`, 2);
      expectSameAsFullParse(`${V3}${run.replace('if(c==1)', 'if (c[0])')}\n`, 3);
    }
  });

  test('mutated gate lines', () => {
    const rand = prng(3);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const lines = ['h q[1];', 'cx q[0], q[3];', 'rz(-pi/4) r[2];', 'u3(0.5, pi/2, -1e-3) q[0];', 'g(2*pi) q[1], r[1];', 'cx q, r;', 'ccx q[0], q[1], r[3];', 'reset q[2];', 'measure q[3] -> c[2];', 'measure r -> c;'];
    const noise = ['', ' ', '\n', '(', ')', '[', ']', ',', ';', '/', '*', '-', '>', '->', '0', '9', '.', 'e', 'pi', 'q', 'c', '//', '$', 'π', '_', 'x'];
    let plain = 0;
    for (let n = 0; n < 400; n++) {
      const version = rand() < 0.5 ? 2 : 3;
      let line = pick(lines);
      for (let k = Math.floor(rand() * 3); k > 0; k--) {
        const at = Math.floor(rand() * (line.length + 1));
        const cut = rand() < 0.5 ? 1 : 0;
        line = line.slice(0, at) + pick(noise) + line.slice(at + cut);
      }
      plain += expectSameAsFullParse(`${version === 2 ? V2 : V3}h q[1]; ${line}\nh q[2];\n`, version);
    }
    expect(plain).toBeGreaterThan(200);
  });
});
