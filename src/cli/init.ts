import { Command } from 'commander';
import { initDataDir } from '../vfs/data-dir.js';
import { action, dataDirOf, dataOption } from './common.js';

export const initCommand = () =>
  new Command('init')
    .description('create a new, empty QFS filesystem in the data dir')
    .addOption(dataOption())
    .action(action((opts: { data?: string }) => {
      const dir = dataDirOf(opts);
      initDataDir(dir);
      process.stdout.write(`initialized QFS filesystem in ${dir}\n`);
    }));
