// Talks to a running daemon over its control socket.
import { createConnection } from 'node:net';
import type { ControlRequest } from '../fuse/control-socket.js';

export function askDaemon<T>(socket: string, req: ControlRequest, timeoutMs = 600_000): Promise<{ ok: boolean; error?: string; result?: T }> {
  return new Promise((resolve, reject) => {
    const c = createConnection(socket);
    let buf = '';
    const timer = setTimeout(() => { c.destroy(); reject(new Error('daemon did not answer')); }, timeoutMs);
    c.on('connect', () => c.write(JSON.stringify(req) + '\n'));
    c.on('data', (d) => { buf += d.toString('utf8'); });
    c.on('end', () => {
      clearTimeout(timer);
      try { resolve(JSON.parse(buf)); } catch (e) { reject(e); }
    });
    c.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
}
