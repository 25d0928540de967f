// The qfs command line: one file per command, listed here.
import { Command } from 'commander';
import { initCommand } from './init.js';
import { mountCommand } from './mount.js';
import { umountCommand } from './umount.js';
import { statusCommand } from './status.js';
import { fsckCommand, gcCommand } from './maintenance.js';
import { searchCommand } from './search.js';
import { versionsCommand } from './versions.js';

const program = new Command('qfs')
  .description('QFS: the Quantum Data Fabric as a mountable filesystem')
  .version('0.1.0');
for (const make of [initCommand, mountCommand, umountCommand, statusCommand, fsckCommand, gcCommand, searchCommand, versionsCommand]) {
  program.addCommand(make());
}
await program.parseAsync(process.argv);
