/**
 * authentik's list paging (authentik/api/pagination.py `Pagination`, a DRF PageNumberPagination): `page` (from 1)
 * and `page_size` (default 100, authentik's REST_FRAMEWORK PAGE_SIZE); the response is
 * `{ pagination: { next, previous, count, current, total_pages, start_index, end_index }, results, autocomplete }`
 * where `next`/`previous` are page NUMBERS, 0 when there is none. Django's Paginator: an empty list is one empty
 * page (start_index 0); a page past the end or not a number is a 404 `{"detail": "Invalid page."}`.
 */
export const DEFAULT_PAGE_SIZE = 100;

export class InvalidPage extends Error {}

export interface Page<T> {
    pagination: {
        next: number;
        previous: number;
        count: number;
        current: number;
        total_pages: number;
        start_index: number;
        end_index: number;
    };
    results: T[];
    /** Present in every 2026.5 list response (the QL search autocomplete schema; empty where QL search is off). */
    autocomplete: Record<string, unknown>;
}

/** DRF's `_positive_int(strict=True)`: a bad page_size falls back to the default, it is not an error. */
function pageSize(raw: string | null): number {
    if (raw === null) return DEFAULT_PAGE_SIZE;
    const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
    return Number.isInteger(n) && n > 0 ? n : DEFAULT_PAGE_SIZE;
}

export function paginate<T>(items: T[], query: URLSearchParams): Page<T> {
    const size = pageSize(query.get("page_size"));
    const rawPage = query.get("page") ?? "1";
    const count = items.length;
    const totalPages = Math.max(1, Math.ceil(count / size));
    const number = rawPage === "last" ? totalPages : /^\d+$/.test(rawPage) ? Number(rawPage) : NaN;
    if (!Number.isInteger(number) || number < 1 || number > totalPages) throw new InvalidPage("Invalid page.");
    const start = (number - 1) * size;
    const results = items.slice(start, start + size);
    return {
        pagination: {
            next: number < totalPages ? number + 1 : 0,
            previous: number > 1 ? number - 1 : 0,
            count,
            current: number,
            total_pages: totalPages,
            start_index: count === 0 ? 0 : start + 1,
            end_index: number === totalPages ? count : start + size,
        },
        results,
        autocomplete: {},
    };
}
