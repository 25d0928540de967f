// Keeping the daemon awake between requests. Busy polling (opt-in): while
// requests come, one SCHED_IDLE thread per CPU keeps the CPUs from halting;
// once they stop, those threads sleep and cost nothing. Off by default: no
// thread spins. Loop spinning (on by default, 100 us): after a reply the
// event loop polls without blocking for the window, then sleeps.
import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { mountQfs, type Mounted } from '../helpers/mount.js';

const SCHED_IDLE = 5;

interface ThreadStat { tid: string; state: string; policy: number; cpuTicks: number }

/** Each thread of `pid` from /proc: fields 3 (state), 14+15 (utime, stime), 41 (policy). */
function threads(pid: number): ThreadStat[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      return []; // the thread ended meanwhile
    }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[0] is field 3
    return [{ tid, state: f[0]!, policy: Number(f[38]), cpuTicks: Number(f[11]) + Number(f[12]) }];
  });
}

/** Clock ticks all CPUs spent idle so far (/proc/stat: idle and iowait). */
function idleTicks(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  return Number(f[4]) + Number(f[5]);
}

const spinners = (pid: number) => threads(pid).filter((t) => t.policy === SCHED_IDLE);
/** CPU ticks of the main thread of `pid` (its event loop). */
const mainTicks = (pid: number) => threads(pid).find((t) => t.tid === String(pid))!.cpuTicks;
const ticks = (ts: ThreadStat[]) => ts.reduce((n, t) => n + t.cpuTicks, 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const mounts: Mounted[] = [];
afterAll(async () => {
  for (const m of mounts) await m.stop();
});

describe('busy polling', () => {
  it('spins one idle-priority thread per CPU while requests come, and sleeps once they stop', async () => {
    const m = await mountQfs({ env: { QFS_BUSY_POLL_US: '2000' } });
    mounts.push(m);
    const pid = m.proc.pid!;
    const file = join(m.circuits, 'poll.txt');
    writeFileSync(file, 'x');
    expect(spinners(pid)).toHaveLength(Math.min(availableParallelism(), 8));

    // Requests back to back: the spinners run between them. At idle
    // priority they run only where nothing else wants the CPU, so when other
    // work fills both CPUs they may not run at all; then the CPUs had no
    // idle time either (which a spinner would have taken).
    const before = ticks(spinners(pid));
    const idleBefore = idleTicks();
    for (const end = Date.now() + 2_000; Date.now() < end && ticks(spinners(pid)) === before;) {
      for (let i = 0; i < 200; i++) readFileSync(file);
    }
    const spun = ticks(spinners(pid)) > before;
    expect(spun || idleTicks() - idleBefore < 10, 'the CPUs sat idle while no spinner ran').toBe(true);

    // Idle: once the window has passed they sleep on their futex and use no CPU.
    let idle = spinners(pid);
    for (const end = Date.now() + 10_000; Date.now() < end && !idle.every((t) => t.state === 'S');) {
      await sleep(100);
      idle = spinners(pid);
    }
    expect(idle.map((t) => t.state)).toEqual(idle.map(() => 'S'));
    await sleep(500);
    expect(ticks(spinners(pid)) - ticks(idle)).toBeLessThanOrEqual(1);
  });

  it('starts no spinning thread by default, nor with busyPollUs 0', async () => {
    for (const m of [await mountQfs({ env: { QFS_BUSY_POLL_US: undefined } }), await mountQfs({ env: { QFS_BUSY_POLL_US: '0' } })]) {
      mounts.push(m);
      writeFileSync(join(m.circuits, 'poll.txt'), 'x');
      readFileSync(join(m.circuits, 'poll.txt'));
      expect(spinners(m.proc.pid!)).toEqual([]);
    }
  });
});

describe('loop spinning', () => {
  /** CPU ticks of the daemon's event-loop thread (its main thread) while it answers one request and the next `ms` pass. */
  async function ticksAfterRequest(m: Mounted, ms: number): Promise<number> {
    const pid = m.proc.pid!;
    await sleep(300); // whatever mounting started has settled
    const before = mainTicks(pid);
    statSync(join(m.circuits, '.search')); // a stat of .search is a request each time (no attribute caching)
    await sleep(ms);
    return mainTicks(pid) - before;
  }

  it('keeps the event loop polling for the window after a request, then lets it sleep', async () => {
    const m = await mountQfs({ env: { QFS_LOOP_SPIN_US: '600000' } });
    mounts.push(m);
    // A thread at normal priority: even sharing its CPU it gets a fair part of 0.4 s.
    expect(await ticksAfterRequest(m, 400)).toBeGreaterThanOrEqual(8);
    await sleep(400); // the window has passed: asleep in epoll, using no CPU
    const at = mainTicks(m.proc.pid!);
    await sleep(500);
    expect(mainTicks(m.proc.pid!) - at).toBeLessThanOrEqual(1);
  });

  it('lets the event loop sleep at once with loopSpinUs 0', async () => {
    const m = await mountQfs({ env: { QFS_LOOP_SPIN_US: '0' } });
    mounts.push(m);
    expect(await ticksAfterRequest(m, 400)).toBeLessThanOrEqual(2);
  });
});
