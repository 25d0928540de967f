// Data dir settings: defaults, then config.yaml, then QFS_* variables.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_TEMPLATE, DEFAULTS, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  const dirs: string[] = [];
  const withConfig = (text?: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'qfs-config-'));
    dirs.push(dir);
    if (text !== undefined) writeFileSync(join(dir, 'config.yaml'), text);
    return dir;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    delete process.env.QFS_KEEP_VERSIONS;
    delete process.env.QFS_BUSY_POLL_US;
  });

  it('gives the defaults without a file and for the template init writes', () => {
    expect(loadConfig(withConfig())).toEqual(DEFAULTS);
    expect(loadConfig(withConfig(CONFIG_TEMPLATE))).toEqual(DEFAULTS);
    expect(loadConfig(withConfig('\n  # indented comment\n\n'))).toEqual(DEFAULTS);
  });

  it('reads the keys a file sets, among comments, and lets the environment override them', () => {
    const dir = withConfig(`${CONFIG_TEMPLATE}keepVersions: 3\n  # note\nbusyPollUs: 0\nverifyReads: false\n`);
    expect(loadConfig(dir)).toEqual({ ...DEFAULTS, keepVersions: 3, busyPollUs: 0, verifyReads: false });
    process.env.QFS_KEEP_VERSIONS = '7';
    expect(loadConfig(dir).keepVersions).toBe(7);
    expect(loadConfig(withConfig('---\nlogLevel: debug\n')).logLevel).toBe('debug');
  });

  it('names the file and the key of a bad value', () => {
    const dir = withConfig('busyPollUs: -5\n');
    expect(() => loadConfig(dir)).toThrow(/config\.yaml: busyPollUs must be a non-negative number, got '-5'/);
    process.env.QFS_BUSY_POLL_US = 'fast';
    expect(() => loadConfig(withConfig())).toThrow(/QFS_BUSY_POLL_US: busyPollUs must be a non-negative number/);
    expect(() => loadConfig(withConfig('keepVersions: [1\n'))).toThrow();
  });
});
