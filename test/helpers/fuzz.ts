// How hard the fuzz suites try: CI-sized by default, GOCONDAD_FUZZ_RUNS=<n> multiplies every count
// (e.g. GOCONDAD_FUZZ_RUNS=20 npx jest test/integration/daemon-fuzz.test.ts for a long run).
export function fuzzScale(): number {
  const n = Number(process.env.GOCONDAD_FUZZ_RUNS ?? '1');
  return Number.isFinite(n) && n > 0 ? n : 1;
}

export function fuzzRuns(base: number): number {
  return Math.max(1, Math.round(base * fuzzScale()));
}
