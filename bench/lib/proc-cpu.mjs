// CPU seconds of processes and of the whole machine, from /proc (Linux), for benchmarks that run several
// processes: a figure per process tells whether a run was limited by its cores or waited on something.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticks = null;
/** Clock ticks per second of /proc's counters (`getconf CLK_TCK`, 100 on every common Linux). */
function clkTck() {
  if (ticks === null) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** User + system CPU seconds a process has used so far (null once it is gone or off Linux). */
export function cpuOfPid(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), counted from field 3: utime is 14, stime 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / clkTck();
  } catch {
    return null;
  }
}

/** Busy CPU seconds of the whole machine so far, summed over its cores (everything but idle and iowait). */
export function machineBusy() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + steal) / clkTck();
  } catch {
    return null;
  }
}

/** CPU seconds of this process so far. */
export function cpuOfSelf() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** CPU seconds of a process's main thread and of its other threads (worker threads, GC helpers, libuv pool). */
export function cpuByThread(pid) {
  let main = 0;
  let others = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const s = (Number(f[11]) + Number(f[12])) / clkTck();
      if (Number(tid) === pid) main += s;
      else others += s;
    }
  } catch {
    // gone
  }
  return { main, others };
}
