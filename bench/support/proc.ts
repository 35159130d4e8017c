import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

/**
 * Readings of the processes a bench started, from Linux's /proc. Every reader answers
 * `undefined` (or nothing) for a process that is gone or a system without /proc.
 */

let ticksPerSecond: number | undefined;

/** Clock ticks per second of the CPU times in /proc/<pid>/stat (`getconf CLK_TCK`, usually 100). */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

export interface Memory {
  /** Resident set size now, in KiB. */
  rssKb: number;
  /** Peak resident set size of the process's life so far (VmHWM), in KiB. */
  hwmKb: number;
}

export async function memoryOf(pid: number): Promise<Memory | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    const memory = { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
    return Number.isNaN(memory.rssKb) ? undefined : memory;
  } catch {
    return undefined;
  }
}

interface Stat {
  ppid: number;
  /** User plus system CPU time, in ms. */
  cpuMs: number;
}

async function statOf(pid: number): Promise<Stat | undefined> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { ppid: Number(fields[1]), cpuMs: (ticks * 1000) / clockTicks() };
  } catch {
    return undefined;
  }
}

async function allPids(): Promise<number[]> {
  try {
    return (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return [];
  }
}

/** The first process whose command line contains `needle` (e.g. a path unique to this run). */
export async function findProcess(needle: string): Promise<number | undefined> {
  for (const pid of await allPids()) {
    if (pid === process.pid) continue;
    try {
      const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replace(/\0/g, ' ');
      if (cmdline.includes(needle)) return pid;
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/**
 * CPU time (ms) used so far by a process and, with `withChildren`, by each of its live
 * children (e.g. PostgreSQL's backends), keyed by pid.
 */
export async function cpuMsOf(pid: number, withChildren = false): Promise<Map<number, number>> {
  const times = new Map<number, number>();
  const own = await statOf(pid);
  if (!own) return times;
  times.set(pid, own.cpuMs);
  if (!withChildren) return times;
  for (const other of await allPids()) {
    const stat = other === pid ? undefined : await statOf(other);
    if (stat?.ppid === pid) times.set(other, stat.cpuMs);
  }
  return times;
}

/** CPU time (ms) the whole machine has been busy (all cores: everything but idle and I/O wait). */
export async function machineBusyMs(): Promise<number | undefined> {
  try {
    const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const total = ticks.reduce((sum, t) => sum + t, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return ((total - idle) * 1000) / clockTicks();
  } catch {
    return undefined;
  }
}

/** CPU time (ms) of each thread of a process, keyed by thread id, with the thread's name. */
export async function threadCpuOf(pid: number): Promise<Map<number, { name: string; cpuMs: number }>> {
  const threads = new Map<number, { name: string; cpuMs: number }>();
  let tids: string[];
  try {
    tids = await readdir(`/proc/${pid}/task`);
  } catch {
    return threads;
  }
  for (const tid of tids) {
    try {
      const text = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      threads.set(Number(tid), { name, cpuMs: (ticks * 1000) / clockTicks() });
    } catch {
      // gone meanwhile
    }
  }
  return threads;
}
