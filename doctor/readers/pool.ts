/** Bounded concurrency and call counting shared by the readers. */

/** Runs `fn` over `items` with at most `limit` calls in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
    const results = new Array<R>(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i], i);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

/** API calls made, by kind: the benchmark divides them by the pages it had to read. */
export class CallCounter {
    readonly calls = new Map<string, number>();
    add(kind: string, n = 1): void {
        this.calls.set(kind, (this.calls.get(kind) ?? 0) + n);
    }
    get total(): number {
        let n = 0;
        for (const v of this.calls.values()) n += v;
        return n;
    }
    toJSON(): { [kind: string]: number } {
        return Object.fromEntries([...this.calls].sort(([a], [b]) => a.localeCompare(b)));
    }
}

/** Progress on one line of stderr (a person watching a long run), throttled. */
export type Progress = (message: string) => void;
