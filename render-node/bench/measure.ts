import { readdirSync, readFileSync } from "node:fs";
import { execa } from "execa";

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU seconds of this process and of every child it has waited for (Chromium with its own children,
 * ffmpeg), from /proc/self/stat: utime + stime + cutime + cstime.
 */
export function cpuSeconds(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields after the command: state(0) … utime(11) stime(12) cutime(13) cstime(14).
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** Child processes of `pid`, from every thread's children list (no scan of all of /proc). */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return found;
  }
  for (const task of tasks) {
    try {
      const list = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
      if (list) found.push(...list.split(" ").map(Number));
    } catch {
      // thread or process gone
    }
  }
  return found;
}

/** Command name and CPU seconds (user + system) a process has used so far. */
function cpuOf(pid: number): { name: string; seconds: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { name, seconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

const PAGE_BYTES = 4096;

function programOf(name: string): string {
  return /chrom/i.test(name) ? "chromium" : name;
}

function rssOf(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * PAGE_BYTES;
  } catch {
    return 0;
  }
}

/**
 * Proportional set size: resident pages, those shared with other processes divided among them.
 * Chromium's processes share its binary and much else, so summing RSS counts those pages many times;
 * summing PSS counts each once. smaps_rollup is one short read per process.
 */
function pssOf(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const kb = /^Pss:\s+(\d+) kB/m.exec(rollup)?.[1];
    return kb === undefined ? rssOf(pid) : Number(kb) * 1024;
  } catch {
    return 0;
  }
}

/**
 * Samples the memory of this process and all its descendants (Chromium, ffmpeg) every `intervalMs`
 * and keeps the peak of the sum: of proportional set sizes (the slot's footprint, shared pages counted
 * once) and of resident set sizes (an upper bound that counts Chromium's shared pages per process).
 * Also notes each child's CPU time as last seen (a child's last interval may be missed), to tell
 * programs apart.
 */
export class TreeMemorySampler {
  private timer: NodeJS.Timeout | undefined;
  peakPss = 0;
  peakRss = 0;
  /** Footprint (PSS) per program in the sample that set the peak: which program to slim down. */
  private peakByProgram: Record<string, number> = {};
  /** Last CPU reading per child process, so CPU can be told apart by program (Chromium, ffmpeg). */
  private readonly cpu = new Map<number, { name: string; seconds: number }>();

  /**
   * Reading PSS makes the kernel walk every page table of the tree: about 30 ms a sample with Chromium
   * up. Once a second costs 3 % of a core; four times a second cost the measured run 2–3 CPU seconds.
   */
  start(intervalMs = 1000): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    return this;
  }

  stop(): {
    peakMb: number;
    peakMbByProgram: Record<string, number>;
    peakRssSumMb: number;
    childCpuSeconds: Record<string, number>;
  } {
    clearInterval(this.timer);
    this.sample();
    const byName: Record<string, number> = {};
    for (const { name, seconds } of this.cpu.values()) {
      const program = programOf(name);
      byName[program] = Math.round(((byName[program] ?? 0) + seconds) * 10) / 10;
    }
    return {
      peakMb: Math.round(this.peakPss / 2 ** 20),
      peakRssSumMb: Math.round(this.peakRss / 2 ** 20),
      peakMbByProgram: Object.fromEntries(
        Object.entries(this.peakByProgram).map(([program, bytes]) => [program, Math.round(bytes / 2 ** 20)]),
      ),
      childCpuSeconds: byName,
    };
  }

  private sample(): void {
    const pids = [process.pid];
    for (let i = 0; i < pids.length; i++) pids.push(...childrenOf(pids[i] as number));
    let pss = 0;
    let rss = 0;
    const byProgram: Record<string, number> = {};
    for (const pid of pids) {
      const cpu = pid === process.pid ? undefined : cpuOf(pid);
      if (cpu) this.cpu.set(pid, cpu);
      const program = cpu ? programOf(cpu.name) : "node";
      const bytes = pssOf(pid);
      byProgram[program] = (byProgram[program] ?? 0) + bytes;
      pss += bytes;
      rss += rssOf(pid);
    }
    this.peakRss = Math.max(this.peakRss, rss);
    if (pss > this.peakPss) {
      this.peakPss = pss;
      this.peakByProgram = byProgram;
    }
  }
}

export interface Strip {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Share of frames inside `ranges` (video frame numbers, [from, to)) whose picture in `strip` differs
 * from the frame before: decoded from the encoded video, so it measures what a viewer gets. A frame
 * differs when some 16×16 block changed by more than 4 gray levels on average; encoder noise on a
 * still page stays far below that.
 */
export async function distinctFrameRatio(
  ffmpeg: string,
  video: string,
  ranges: ReadonlyArray<readonly [number, number]>,
  strip: Strip,
): Promise<{ ratio: number; frames: number; distinct: number }> {
  if (ranges.length === 0) return { ratio: 0, frames: 0, distinct: 0 };
  const wanted = new Set<number>();
  for (const [from, to] of ranges) for (let n = Math.max(0, from - 1); n < to; n++) wanted.add(n);
  const select = ranges.map(([from, to]) => `between(n\\,${Math.max(0, from - 1)}\\,${to - 1})`).join("+");
  const size = strip.width * strip.height;
  const child = execa(
    ffmpeg,
    [
      ...["-v", "error", "-nostdin", "-i", video, "-an"],
      ...["-vf", `select='${select}',crop=${strip.width}:${strip.height}:${strip.x}:${strip.y}`],
      ...["-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1"],
    ],
    { buffer: { stdout: false }, encoding: "buffer" },
  );
  const numbers = [...wanted].sort((a, b) => a - b);
  const inRange = (n: number) => ranges.some(([from, to]) => n >= from && n < to);
  let frame: Buffer = Buffer.alloc(size);
  let filled = 0;
  let index = 0;
  let previous: Buffer | undefined;
  let previousNumber = -2;
  let frames = 0;
  let distinct = 0;
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(size - filled, chunk.length - offset);
      chunk.copy(frame, filled, offset, offset + take);
      filled += take;
      offset += take;
      if (filled < size) break;
      const n = numbers[index++] as number;
      if (inRange(n) && previous && previousNumber === n - 1) {
        frames++;
        if (differs(previous, frame, strip.width, strip.height)) distinct++;
      }
      const spare = previous ?? Buffer.alloc(size);
      previous = frame;
      frame = spare;
      filled = 0;
      previousNumber = n;
    }
  }
  await child;
  return { ratio: frames ? distinct / frames : 0, frames, distinct };
}

function differs(a: Buffer, b: Buffer, width: number, height: number): boolean {
  const block = 16;
  for (let by = 0; by + block <= height; by += block) {
    for (let bx = 0; bx + block <= width; bx += block) {
      let sum = 0;
      for (let y = by; y < by + block; y++) {
        const row = y * width;
        for (let x = bx; x < bx + block; x++)
          sum += Math.abs((a[row + x] as number) - (b[row + x] as number));
      }
      if (sum / (block * block) > 4) return true;
    }
  }
  return false;
}
