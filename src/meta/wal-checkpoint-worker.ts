// The WAL checkpoint thread: its own connection to the metadata database,
// copying committed WAL frames into the database file when asked. A PASSIVE
// checkpoint never waits for the writer, so commits on the main thread go on
// while it writes and fsyncs.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

export interface CheckpointReply {
  ok: boolean;
  /** Frames in the WAL and frames now copied into the database. */
  frames?: number;
  copied?: number;
  error?: string;
}

const PASSES = 8;
const db = new Database((workerData as { path: string }).path, { fileMustExist: true });

parentPort!.on('message', (m: 'checkpoint' | 'stop') => {
  if (m === 'stop') {
    db.close();
    parentPort!.close();
    return;
  }
  let reply: CheckpointReply;
  try {
    // Commits landing during a pass leave frames behind, and the WAL only
    // restarts from its beginning once every frame is copied: the later
    // passes copy the few new frames, so one of them soon finds none left.
    let row: { busy: number; log: number; checkpointed: number } | undefined;
    for (let pass = 0; pass < PASSES; pass++) {
      [row] = db.pragma('wal_checkpoint(PASSIVE)') as (typeof row)[];
      if (!row || row.log <= row.checkpointed) break;
    }
    reply = { ok: true, frames: row?.log ?? 0, copied: row?.checkpointed ?? 0 };
  } catch (e) {
    reply = { ok: false, error: (e as Error).message };
  }
  parentPort!.postMessage(reply);
});
