// Circuits the parser thread measures once at start-up, so the JIT has
// compiled the parser's hot paths before the first real file arrives: a
// fresh mount that is handed a whole corpus (`cp -r`) otherwise parses its
// first few megabytes at a fraction of the warm speed.
import { describeCircuit } from './circuit-index.js';

const QUBITS = 16;

/** OpenQASM 2: gate calls with parameters, broadcasting, conditions, a custom gate. */
function qasm2(lines: number): string {
  const out = ['OPENQASM 2.0;', 'include "qelib1.inc";', `qreg q[${QUBITS}];`, `creg c[${QUBITS}];`,
    'gate zz(t) a,b { cx a,b; rz(t) b; cx a,b; }'];
  for (let i = 0; i < lines; i++) {
    const a = i % QUBITS, b = (i * 7 + 3) % QUBITS === a ? (a + 1) % QUBITS : (i * 7 + 3) % QUBITS;
    switch (i % 8) {
      case 0: out.push(`h q[${a}];`); break;
      case 1: out.push(`cx q[${a}],q[${b}];`); break;
      case 2: out.push(`u3(${(i % 13) / 7},-pi/${1 + (i % 5)},0.25) q[${a}];`); break;
      case 3: out.push(`rz(-${(i % 11) / 3}*pi) q[${b}];`); break;
      case 4: out.push(`zz(pi/${2 + (i % 3)}) q[${a}],q[${b}];`); break;
      case 5: out.push(`barrier q[${a}],q[${b}];`); break;
      case 6: out.push(`measure q[${a}] -> c[${a}];`); break;
      default: out.push(`if(c==${i % 4}) x q[${b}];`);
    }
  }
  out.push('measure q -> c;');
  return out.join('\n');
}

/** OpenQASM 3: declarations, a loop, modifiers, if/else. */
function qasm3(lines: number): string {
  const out = ['OPENQASM 3.0;', 'include "stdgates.inc";', `qubit[${QUBITS}] q;`, `bit[${QUBITS}] c;`,
    'for int i in [0:3] { h q[i]; cx q[i], q[i + 1]; }'];
  for (let i = 0; i < lines; i++) {
    const a = i % QUBITS, b = (a + 5) % QUBITS;
    switch (i % 5) {
      case 0: out.push(`rx(${(i % 9) / 4}) q[${a}];`); break;
      case 1: out.push(`ctrl @ x q[${a}], q[${b}];`); break;
      case 2: out.push(`c[${a}] = measure q[${a}];`); break;
      case 3: out.push(`if (c[${a}]) { x q[${b}]; } else { z q[${b}]; }`); break;
      default: out.push(`inv @ s q[${b}];`);
    }
  }
  return out.join('\n');
}

/** Warm-up circuits: about 200 KB of text in all (0.2 s on this machine). */
export function warmUpCircuits(): { name: string; text: string }[] {
  return [
    { name: 'warm-up.qasm', text: qasm2(6000) },
    { name: 'warm-up-3.qasm', text: qasm3(3000) },
  ];
}

/** Parses the warm-up circuits on the calling thread. */
export function warmUpParser(): void {
  for (const c of warmUpCircuits()) {
    const row = describeCircuit(0, Buffer.from(c.name), Buffer.from(c.text));
    if (!row.valid) throw new Error(`parser warm-up circuit ${c.name} does not parse: ${row.error}`);
  }
}
