// Where a file sits in /states: the area (first directory below /states)
// decides what happens at commit. snapshots/ and tomography/ hold results,
// checkpoints/<task>/<seq>.npy incremental checkpoints.
import type { MetaStore } from '../../meta/meta-store.js';
import { ROOT_INO } from '../../meta/sqlite-meta.js';

export const AREAS = ['snapshots', 'tomography', 'checkpoints'] as const;
export type Area = (typeof AREAS)[number] | 'other';

/** The path of `ino` below /states as names (outermost first), or undefined when it is elsewhere. */
export function pathBelow(meta: MetaStore, statesIno: number, ino: number): Buffer[] | undefined {
  const names: Buffer[] = [];
  let at: number | undefined = ino;
  for (let hops = 0; at !== undefined && hops < 4096; hops++) {
    if (at === statesIno) return names.reverse();
    if (at === ROOT_INO) return undefined;
    const n = meta.nameOf(at);
    if (!n) return undefined;
    names.push(n.name);
    at = n.parent;
  }
  return undefined;
}

export function areaOf(path: Buffer[]): Area {
  const top = path.length > 1 ? path[0]!.toString('latin1') : '';
  return (AREAS as readonly string[]).includes(top) ? (top as Area) : 'other';
}

export const isNpyName = (name: Buffer): boolean => /\.npy$/i.test(name.toString('latin1'));

/** tomography/<name>/counts.json */
export const isCountsPath = (path: Buffer[]): boolean =>
  path.length === 3 && path[0]!.toString('latin1') === 'tomography' && path[2]!.toString('latin1') === 'counts.json';
