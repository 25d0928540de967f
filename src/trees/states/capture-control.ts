// /states/capture: one line in, one snapshot out (see capture-request.ts).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Caller } from '../../vfs/vfs.js';
import { fsError } from '../../vfs/errors.js';
import { isReg } from '../../vfs/attr.js';
import type { ControlFile } from '../control-file.js';
import { CAPTURE_HELP, checkSnapshotName, parseCaptureRequest } from './capture-request.js';
import type { StatesDeps } from './states-tree.js';

export class CaptureControl implements ControlFile {
  readonly name = Buffer.from('capture');
  readonly help = CAPTURE_HELP;

  constructor(readonly ino: number, readonly parent: number, private readonly d: StatesDeps) {}

  async handle(line: string, caller: Caller): Promise<void> {
    const t0 = performance.now();
    const req = parseCaptureRequest(line);
    const { meta, writer, worker, log } = this.d;
    const circuitIno = writer.lookupPath(req.circuit);
    if (circuitIno === undefined) throw fsError('ENOENT', `capture: no such circuit ${req.circuit}`);
    const attr = meta.getInode(circuitIno);
    if (!attr || !isReg(attr.mode)) throw fsError('EINVAL', `capture: ${req.circuit} is not a file`);
    const device = req.device === 'ideal' ? undefined : await this.device(req.device);
    const snapshots = meta.lookup(this.parent, Buffer.from('snapshots'));
    if (snapshots === undefined) throw fsError('ENOENT', 'capture: /states/snapshots is missing');
    const name = req.name ?? defaultName(req.circuit);
    checkSnapshotName(name);
    if (meta.lookup(snapshots, Buffer.from(name)) !== undefined) throw fsError('EEXIST', `capture: snapshot ${name} exists`);
    const text = (await writer.readFile(circuitIno)).toString('utf8');
    const files = await worker.capture({
      circuitPath: req.circuit, circuitText: text, shots: req.shots, method: req.method,
      device, seed: req.seed, keepCounts: req.counts,
    });
    await writer.publishDir(snapshots, Buffer.from(name), files, caller);
    log.info({ snapshot: name, circuit: req.circuit, method: req.method, ms: Math.round(performance.now() - t0) }, 'capture done');
  }

  private async device(name: string): Promise<unknown> {
    if (!/^[a-z0-9_-]+$/i.test(name)) throw fsError('EINVAL', `capture: bad device name '${name}'`);
    try {
      return JSON.parse(await readFile(join(this.d.devicesDir, `${name.toLowerCase()}.json`), 'utf8'));
    } catch {
      throw fsError('EINVAL', `capture: unknown device '${name}' (see ${this.d.devicesDir})`);
    }
  }
}

/** <circuit base name>-<UTC time to the millisecond>. */
function defaultName(circuit: string): string {
  const base = circuit.slice(circuit.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_.+-]/g, '_') || 'snapshot';
  const t = new Date().toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${base.replace(/^[.-]+/, '')}-${t}`.slice(0, 128);
}
