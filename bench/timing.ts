import { EngineCounts, runUnderMocks, total } from "./engine";

/**
 * Wall-clock comparison of programs under the same mock engine: the sides run alternately in one process (order
 * reversed every repetition, so neither side always runs on a warmer or fuller heap), with a full GC before each
 * run, and the result is the median of the per-repetition ratios.
 */
export interface Side {
    label: string;
    program: () => unknown;
}

export interface Run {
    wallMs: number;
    /** User + system CPU of the process during the run (the mock engine is in-process, so this is all synthesis). */
    cpuMs: number;
    /** Largest `heapUsed` seen (sampled every 10 ms and at the end), in bytes. */
    peakHeapBytes: number;
    /** Registrations (custom + component) and invokes. */
    resources: number;
    invokes: number;
    counts: { resources: { [type: string]: number }; invokes: { [token: string]: number } };
}

function collectGarbage(): void {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) gc();
}

export async function timeOnce(program: () => unknown): Promise<Run> {
    collectGarbage();
    let peak = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 10);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let counts: EngineCounts;
    try {
        counts = await runUnderMocks(program);
    } finally {
        clearInterval(sampler);
    }
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return {
        wallMs,
        cpuMs: (cpu.user + cpu.system) / 1000,
        peakHeapBytes: peak,
        resources: total(counts.resources),
        invokes: total(counts.invokes),
        counts: { resources: Object.fromEntries(counts.resources), invokes: Object.fromEntries(counts.invokes) },
    };
}

/** `reps` rounds over all sides, alternating the order; returns each side's runs in round order. */
export async function alternate(sides: readonly Side[], reps: number): Promise<{ [label: string]: Run[] }> {
    const out: { [label: string]: Run[] } = Object.fromEntries(sides.map((s) => [s.label, []]));
    for (let r = 0; r < reps; r++) {
        const order = r % 2 === 0 ? sides : [...sides].reverse();
        for (const s of order) out[s.label].push(await timeOnce(s.program));
    }
    return out;
}

export function median(xs: readonly number[]): number {
    if (xs.length === 0) return NaN;
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median of the per-round ratios `a[i] / b[i]` (paired, so a slow moment of the machine hits both sides of a round). */
export function medianRatio(a: readonly Run[], b: readonly Run[], metric: (r: Run) => number = (r) => r.wallMs): number {
    const n = Math.min(a.length, b.length);
    return median(Array.from({ length: n }, (_, i) => metric(a[i]) / metric(b[i])));
}
