// Qubit and bit operands resolved to global qubit numbers / bit references:
// names, physical qubits, indices, slices, index sets and `++` joins.

import { errorAt } from './circuit-parse-error.js';
import type { Expr, Ident, PhysicalQubit } from './ast.js';
import type { Evaluator } from './evaluator.js';
import type { BitRef, Scope } from './scope.js';

export interface Selection<T> {
  /** Selected elements; null when an index is only known at run time. */
  items: T[] | null;
  /** A single element (`q[0]`, `qubit q;`): not broadcast, not indexable. */
  single: boolean;
  name: string;
}

type Leaf<T> = (e: Ident | PhysicalQubit, scope: Scope) => Selection<T>;

function select<T>(e: Expr, scope: Scope, ev: Evaluator, leaf: Leaf<T>, what: string): Selection<T> {
  switch (e.kind) {
    case 'ident':
    case 'physical':
      return leaf(e, scope);
    case 'index': {
      let base = select(e.target, scope, ev, leaf, what);
      if (e.selectors.length !== 1) throw errorAt(e, `'${base.name}' has one dimension; use one index`);
      const sel = e.selectors[0]!;
      if (base.single) throw errorAt(sel, `'${base.name}' is a single ${what} and cannot be indexed`);
      const scalar = sel.kind !== 'range' && sel.kind !== 'set';
      if (base.items === null) return { items: null, single: scalar, name: base.name };
      if (sel.kind === 'number' && sel.isInt && sel.value >= 0 && sel.value < base.items.length) {
        // The common case, `q[3]`, without evaluating anything.
        return { items: [base.items[sel.value]!], single: true, name: base.name };
      }
      const positions = ev.positions(sel, base.items.length, scope, base.name);
      if (positions === undefined) return { items: null, single: scalar, name: base.name };
      const items = base.items;
      base = { items: positions.map((p) => items[p]!), single: scalar, name: base.name };
      return base;
    }
    case 'binary':
      if (e.op === '++') {
        const a = select(e.left, scope, ev, leaf, what);
        const b = select(e.right, scope, ev, leaf, what);
        const items = a.items && b.items ? [...a.items, ...b.items] : null;
        return { items, single: false, name: `${a.name} ++ ${b.name}` };
      }
      break;
    default:
      break;
  }
  throw errorAt(e, `expected a ${what} operand`);
}

function qubitLeaf(leaf: Ident | PhysicalQubit, scope: Scope): Selection<number> {
  if (leaf.kind === 'physical') {
    if (scope.body === 'gate') throw errorAt(leaf, 'physical qubits cannot be used inside a gate definition');
    return { items: [leaf.index], single: true, name: `$${leaf.index}` };
  }
  const sym = scope.lookup(leaf.name);
  if (!sym && scope.body === 'gate') throw errorAt(leaf, `'${leaf.name}' is not a qubit argument of this gate`);
  if (!sym) throw errorAt(leaf, `undefined qubit register '${leaf.name}'`);
  if (sym.kind !== 'qubits') throw errorAt(leaf, `'${leaf.name}' is not a qubit or qubit register`);
  return { items: sym.qubits, single: sym.single, name: leaf.name };
}

function bitLeaf(leaf: Ident | PhysicalQubit, scope: Scope): Selection<BitRef> {
  if (leaf.kind === 'physical') throw errorAt(leaf, `'$${leaf.index}' is a qubit, not a classical bit`);
  const sym = scope.lookup(leaf.name);
  if (!sym) throw errorAt(leaf, `undefined classical register '${leaf.name}'`);
  if (sym.kind !== 'bits') throw errorAt(leaf, `'${leaf.name}' is not a bit or bit register`);
  return { items: sym.refs, single: sym.single, name: leaf.name };
}

export function resolveQubits(e: Expr, scope: Scope, ev: Evaluator): Selection<number> {
  return select(e, scope, ev, qubitLeaf, 'qubit');
}

export function resolveBits(e: Expr, scope: Scope, ev: Evaluator): Selection<BitRef> {
  return select(e, scope, ev, bitLeaf, 'bit');
}

/** Whether `e` names qubits (as opposed to bits or classical values). */
export function isQubitExpr(e: Expr, scope: Scope): boolean {
  if (e.kind === 'physical') return true;
  if (e.kind === 'ident') return scope.lookup(e.name)?.kind === 'qubits';
  if (e.kind === 'index') return isQubitExpr(e.target, scope);
  if (e.kind === 'binary' && e.op === '++') return isQubitExpr(e.left, scope);
  return false;
}
