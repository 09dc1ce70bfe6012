// The recording mock engine lives in scripts/offlineEngine.ts because the offline plan (`npm run plan`) uses it too.
export * from "../../scripts/offlineEngine";
