// Noisy (or ideal) execution on density matrices. Mid-circuit measurements
// split the run into branches keyed by the classical register, each holding
// an unnormalised ρ whose trace is the branch probability; conditions act per
// branch and equal registers merge. This is exact, with no trajectory noise.
// Terminal measurements (nothing touches the qubit or reads the clbit after
// them) are not branched: they are read off the final diagonal.

import type { Circuit } from '../circuit.js';
import { compileCircuit, conditionHolds, type CompiledCircuit, type Instruction } from '../sim/compiled-circuit.js';
import { createRng, type Seed } from '../sim/rng.js';
import { bitstring, drawBasisStates, withImplicitMeasurements, type Counts } from '../sim/sample-counts.js';
import { SimulatorError } from '../sim/simulator-error.js';
import { DensityMatrix } from './density-matrix.js';
import type { NoiseModel } from './noise-model.js';
import { superoperator } from './quantum-channels.js';

export interface Branch {
  clbits: Uint8Array;
  /** Unnormalised: trace = probability of this register value. */
  rho: DensityMatrix;
}

export interface DensityRun {
  branches: Branch[];
  /** Terminal measurements, in order, read from the final state. */
  terminal: { qubit: number; clbit: number }[];
  numClbits: number;
}

const MAX_BRANCHES = 64;
const RESET = superoperator([
  Float64Array.from([1, 0, 0, 0, 0, 0, 0, 0]),
  Float64Array.from([0, 0, 1, 0, 0, 0, 0, 0]),
]);

export function runDensity(circuit: Circuit, noise?: NoiseModel): DensityRun {
  const compiled = compileCircuit(circuit);
  const terminalIdx = terminalMeasurements(compiled);
  let branches: Branch[] = [{ clbits: new Uint8Array(compiled.numClbits), rho: DensityMatrix.zero(compiled.numQubits) }];
  compiled.instructions.forEach((ins, index) => {
    if (terminalIdx.has(index)) return;
    branches = step(branches, ins, noise);
    if (branches.length > MAX_BRANCHES) throw new SimulatorError(`more than ${MAX_BRANCHES} classical branches: too many mid-circuit measurements for a density-matrix run`);
  });
  const terminal = [...terminalIdx].sort((a, b) => a - b).map((i) => {
    const m = compiled.instructions[i] as Extract<Instruction, { kind: 'measure' }>;
    return { qubit: m.qubit, clbit: m.clbit };
  });
  return { branches, terminal, numClbits: compiled.numClbits };
}

/** The final state, averaged over mid-circuit outcomes, with terminal measurements not applied. */
export function finalDensityMatrix(circuit: Circuit, noise?: NoiseModel): DensityMatrix {
  const { branches } = runDensity(circuit, noise);
  const rho = branches[0].rho.clone();
  for (let i = 1; i < branches.length; i++) rho.combine(1, branches[i].rho, 1);
  return rho;
}

/** Shots from an exact noisy run: branch by weight, then terminal outcomes from its diagonal with readout error. */
export function sampleDensity(circuit: Circuit, shots: number, seed: Seed = 0, noise?: NoiseModel): Counts {
  const run = runDensity(withImplicitMeasurements(circuit), noise);
  const rng = createRng(seed);
  const weights = Float64Array.from(run.branches, (b) => Math.max(0, b.rho.trace()));
  const perBranch = drawBasisStates(weights, shots, rng);
  const terminal = run.terminal;
  const counts: Counts = {};
  for (const [bi, n] of perBranch) {
    const branch = run.branches[bi];
    const diag = branch.rho.diagonal();
    for (let i = 0; i < diag.length; i++) diag[i] = Math.max(0, diag[i]);
    for (const [index, k] of drawBasisStates(diag, n, rng)) {
      for (let s = 0; s < k; s++) {
        const bits = Uint8Array.from(branch.clbits);
        for (const t of terminal) {
          let v = (index >>> t.qubit) & 1;
          if (noise) {
            const e = noise.readout(t.qubit);
            if (rng.next() < (v ? e.p0Given1 : e.p1Given0)) v ^= 1;
          }
          bits[t.clbit] = v;
        }
        const key = bitstring(bits);
        counts[key] = (counts[key] ?? 0) + 1;
      }
    }
  }
  return counts;
}

function step(branches: Branch[], ins: Instruction, noise?: NoiseModel): Branch[] {
  const out: Branch[] = [];
  for (const b of branches) {
    if (!conditionHolds(ins.condition, b.clbits)) { out.push(b); continue; }
    switch (ins.kind) {
      case 'gphase':
        out.push(b);
        break;
      case 'unitary':
        b.rho.applyUnitary(ins);
        if (noise) {
          const gn = noise.afterGate(ins.name, ins.qubits, ins.extraControls);
          for (const r of gn.relaxation) b.rho.applySuperoperator(r.qubit, r.superop);
          b.rho.depolarize(ins.qubits, gn.depolarizing);
        }
        out.push(b);
        break;
      case 'reset':
        b.rho.applySuperoperator(ins.qubit, RESET);
        out.push(b);
        break;
      case 'measure': {
        const p0 = b.rho.project(ins.qubit, 0);
        const p1 = b.rho.project(ins.qubit, 1);
        const e = noise ? noise.readout(ins.qubit) : { p1Given0: 0, p0Given1: 0 };
        // Recorded value v mixes both true outcomes through the readout error.
        const read0 = p0.clone();
        read0.combine(1 - e.p1Given0, p1, e.p0Given1);
        const read1 = p1;
        read1.combine(1 - e.p0Given1, p0, e.p1Given0);
        for (const [v, rho] of [[0, read0], [1, read1]] as const) {
          if (rho.trace() <= 1e-15) continue;
          const clbits = Uint8Array.from(b.clbits);
          clbits[ins.clbit] = v;
          out.push({ clbits, rho });
        }
        break;
      }
    }
  }
  return merge(out);
}

function merge(branches: Branch[]): Branch[] {
  const byKey = new Map<string, Branch>();
  for (const b of branches) {
    const key = bitstring(b.clbits);
    const seen = byKey.get(key);
    if (seen) seen.rho.combine(1, b.rho, 1);
    else byKey.set(key, b);
  }
  return [...byKey.values()];
}

/** Indices of measurements after which their qubit is untouched and their clbit unread. */
function terminalMeasurements(c: CompiledCircuit): Set<number> {
  const out = new Set<number>();
  const touchedLater = new Set<number>();
  const readLater = new Set<number>();
  const writtenLater = new Set<number>();
  for (let i = c.instructions.length - 1; i >= 0; i--) {
    const ins = c.instructions[i];
    if (ins.kind === 'measure' && !touchedLater.has(ins.qubit) && !readLater.has(ins.clbit) && !writtenLater.has(ins.clbit) && !ins.condition) {
      out.add(i);
    }
    ins.condition?.clbits.forEach((cb) => readLater.add(cb));
    if (ins.kind === 'measure') { touchedLater.add(ins.qubit); writtenLater.add(ins.clbit); }
    if (ins.kind === 'reset') touchedLater.add(ins.qubit);
    if (ins.kind === 'unitary') ins.qubits.forEach((q) => touchedLater.add(q));
  }
  return out;
}
