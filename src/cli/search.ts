// `qfs search`: find circuits by their metadata and the user's tags.
import { Command } from 'commander';
import { openDataDir } from '../vfs/data-dir.js';
import { applyTerm, parseQuery, type SearchQuery } from '../trees/circuits/search-query.js';
import { searchLines } from '../meta/search-lines.js';
import { action, dataDirOf, dataOption } from './common.js';

interface SearchOpts {
  data?: string; qubits?: string; depth?: string; cx?: string; gates?: string; gate?: string[]; tag?: string[];
  author?: string; text?: string; format?: string; valid?: string; since?: string; json?: boolean;
}

export const searchCommand = () =>
  new Command('search')
    .description('find circuits by metadata, e.g. qfs search --qubits 4..12 --tag vqe')
    .argument('[query]', "the same terms as one string, e.g. 'qubits=4..12,gate=cx'")
    .addOption(dataOption(true))
    .option('--qubits <range>', 'qubit count, n or a..b (either end optional)')
    .option('--depth <range>', 'circuit depth range')
    .option('--cx <range>', 'two-qubit gate count range')
    .option('--gates <range>', 'total gate count range')
    .option('--gate <name>', 'contains this gate (repeatable)', collect, [])
    .option('--tag <tag>', 'has this user.qfs.tags entry (repeatable)', collect, [])
    .option('--author <name>', 'user.qfs.author equals')
    .option('--text <words>', 'in the file name or user.qfs.description')
    .option('--format <fmt>', 'qasm2, qasm3 or braket')
    .option('--valid <0|1>', 'only valid (1) or invalid (0) circuits')
    .option('--since <date>', 'committed at or after (ISO date or unix seconds)')
    .option('--json', 'print JSON records instead of paths')
    .action(action(async (query: string | undefined, opts: SearchOpts) => {
      const q: SearchQuery = query ? parseQuery(query) : {};
      const flags: [string, string | undefined][] = [
        ['qubits', opts.qubits], ['depth', opts.depth], ['cx', opts.cx], ['gates', opts.gates], ['author', opts.author],
        ['text', opts.text], ['format', opts.format], ['valid', opts.valid], ['since', opts.since],
        ...(opts.gate ?? []).map((g): [string, string] => ['gate', g]), ...(opts.tag ?? []).map((t): [string, string] => ['tag', t]),
      ];
      for (const [k, v] of flags) if (v !== undefined) applyTerm(q, k, v);
      const dd = await openDataDir(dataDirOf(opts, process.cwd()), { readonly: true });
      const out = new BlockOutput();
      try {
        for (const block of searchLines(dd.meta, q, opts.json ? 'json' : 'paths')) {
          if (!out.write(block)) break; // reader gone (| head)
        }
        await out.end();
      } finally {
        await dd.close();
      }
    }));

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

/**
 * Blocks of lines to stdout as the search gives them (the first holds the
 * first few lines: a reader sees results while the search goes on). Once the
 * reader has gone (`qfs search | head`), the rest is dropped quietly; any
 * other write error ends the command with its message.
 */
class BlockOutput {
  private failed: NodeJS.ErrnoException | undefined;

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {
    out.on('error', (e: NodeJS.ErrnoException) => { this.failed ??= e; });
  }

  /** Writes a block; false once the reader has gone away. */
  write(block: string): boolean {
    if (!this.failed) this.out.write(block);
    return this.check();
  }

  /** Waits until what was written is written. */
  async end(): Promise<void> {
    if (!this.failed) await new Promise<void>((done) => this.out.write('', () => done()));
    this.check();
  }

  private check(): boolean {
    if (this.failed && this.failed.code !== 'EPIPE') throw this.failed;
    return !this.failed;
  }
}
