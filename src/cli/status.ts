import { Command } from 'commander';
import { openDataDir, lockHolder } from '../vfs/data-dir.js';
import { readFileSync } from 'node:fs';
import { action, dataDirOf, dataOption, human } from './common.js';

export const statusCommand = () =>
  new Command('status')
    .description('show what the data dir holds: files, logical and stored bytes, dedup ratio')
    .addOption(dataOption())
    .option('--json', 'print JSON')
    .action(action(async (opts: { data?: string; json?: boolean }) => {
      const dir = dataDirOf(opts);
      const dd = await openDataDir(dir, { readonly: true });
      try {
        const s = dd.meta.stats();
        const pid = lockHolder(dir);
        let mountpoint: string | undefined;
        try { mountpoint = readFileSync(`${dir}/mountpoint`, 'utf8').trim(); } catch { /* never mounted */ }
        const ratio = s.storedBytes ? s.logicalBytes / s.storedBytes : 1;
        const out = {
          dataDir: dir, mounted: pid !== undefined, daemonPid: pid, mountpoint: pid !== undefined ? mountpoint : undefined,
          schemaVersion: dd.meta.schemaVersion, blockSize: dd.meta.blockSize,
          inodes: s.inodes, chunks: s.chunks, logicalBytes: s.logicalBytes, storedBytes: s.storedBytes,
          dedupRatio: Number(ratio.toFixed(3)),
        };
        if (opts.json) {
          process.stdout.write(JSON.stringify(out, null, 2) + '\n');
          return;
        }
        process.stdout.write([
          `data dir:      ${dir}`,
          `mounted:       ${out.mounted ? `yes, at ${out.mountpoint ?? '?'} (pid ${pid})` : 'no'}`,
          `inodes:        ${s.inodes}`,
          `chunks:        ${s.chunks}`,
          `logical bytes: ${human(s.logicalBytes)} (${s.logicalBytes})`,
          `stored bytes:  ${human(s.storedBytes)} (${s.storedBytes})`,
          `dedup+lz4:     ${ratio.toFixed(2)}x`,
        ].join('\n') + '\n');
      } finally {
        await dd.close();
      }
    }));
