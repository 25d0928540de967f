import { Command } from 'commander';
import { openDataDir, lockHolder } from '../vfs/data-dir.js';
import { readFileSync } from 'node:fs';
import { action, dataDirOf, dataOption, human } from './common.js';
import { StateIndex } from '../meta/state-index.js';

export const statusCommand = () =>
  new Command('status')
    .description('show what the data dir holds: files, logical and stored bytes, dedup ratio')
    .addOption(dataOption(true))
    .option('--json', 'print JSON')
    .action(action(async (opts: { data?: string; json?: boolean }) => {
      const dir = dataDirOf(opts, process.cwd());
      const dd = await openDataDir(dir, { readonly: true });
      try {
        const s = dd.meta.stats();
        const pid = lockHolder(dir);
        let mountpoint: string | undefined;
        try { mountpoint = readFileSync(`${dir}/mountpoint`, 'utf8').trim(); } catch { /* never mounted */ }
        const ratio = s.storedBytes ? s.logicalBytes / s.storedBytes : 1;
        const states = new StateIndex(dd.meta);
        const areas = states.usage();
        const codecs = states.codecs();
        const out = {
          dataDir: dir, mounted: pid !== undefined, daemonPid: pid, mountpoint: pid !== undefined ? mountpoint : undefined,
          schemaVersion: dd.meta.schemaVersion, blockSize: dd.meta.blockSize,
          inodes: s.inodes, chunks: s.chunks, logicalBytes: s.logicalBytes, storedBytes: s.storedBytes,
          dedupRatio: Number(ratio.toFixed(3)),
          states: { areas, codecs },
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
          ...stateLines(areas, codecs),
        ].join('\n') + '\n');
      } finally {
        await dd.close();
      }
    }));

type Usage = { files: number; rawBytes: number; storedBytes: number };

/** /states: per area (checkpoints count only the chunks each added) and per codec. */
function stateLines(areas: (Usage & { area: string })[], codecs: (Usage & { codec: string | null })[]): string[] {
  if (!areas.length) return [];
  const line = (label: string, u: Usage) =>
    `  ${label.padEnd(12)} ${String(u.files).padStart(6)} files  ${human(u.rawBytes).padStart(10)} raw  ${human(u.storedBytes).padStart(10)} stored (${pct(u)})`;
  return [
    'states (.npy files as analysed):',
    ...areas.map((a) => line(a.area, a)),
    'states by codec:',
    ...codecs.map((c) => line(c.codec ?? 'chunks', c)),
  ];
}

const pct = (u: Usage): string => (u.rawBytes ? `${Number(((100 * u.storedBytes) / u.rawBytes).toPrecision(2))}%` : "-");
