// A Unix socket in the data dir through which CLI commands reach a running
// daemon (gc, fsck --repair), so only one process ever changes a mounted
// data dir. One JSON request per line, one JSON answer per line.
import { createServer, type Server } from 'node:net';
import { unlinkSync } from 'node:fs';
import type { Vfs } from '../vfs/vfs.js';
import type { Logger } from '../obs/logger.js';
import type { SqliteMeta } from '../meta/sqlite-meta.js';
import { collectGarbage } from '../vfs/gc.js';
import { checkFilesystem } from '../vfs/fsck.js';

export interface ControlRequest {
  cmd: 'gc' | 'fsck' | 'ping' | 'flush';
  repair?: boolean;
  deep?: boolean;
}

export async function startControlSocket(path: string, vfs: Vfs, meta: SqliteMeta, log: Logger): Promise<Server> {
  try { unlinkSync(path); } catch { /* none left */ }
  const server = createServer((sock) => {
    let buf = '';
    sock.on('data', (d) => {
      buf += d.toString('utf8');
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      const line = buf.slice(0, nl);
      buf = '';
      void handle(line).then((answer) => sock.end(JSON.stringify(answer) + '\n'));
    });
    sock.on('error', () => undefined);
  });
  const handle = async (line: string): Promise<unknown> => {
    try {
      const req = JSON.parse(line) as ControlRequest;
      switch (req.cmd) {
        case 'ping': return { ok: true, pid: process.pid };
        case 'flush': await vfs.flushAll(); return { ok: true };
        case 'gc': await vfs.flushAll(); return { ok: true, result: await collectGarbage(meta, vfs.chunks, vfs.inodes.pinnedHashes()) };
        case 'fsck': await vfs.flushAll(); return { ok: true, result: await checkFilesystem(meta, vfs.chunks, { repair: !!req.repair, deep: !!req.deep, live: true }) };
        default: return { ok: false, error: `unknown command` };
      }
    } catch (e) {
      log.error({ err: e }, 'control request failed');
      return { ok: false, error: (e as Error).message };
    }
  };
  await new Promise<void>((res, rej) => server.listen(path, res).once('error', rej));
  server.unref();
  return server;
}
