/**
 * Lets a benchmark run under plain tsx import server modules that start with
 * `import "server-only"` (that package throws outside Next's react-server
 * bundle condition; vitest aliases it to test/server-only-stub.ts for the same
 * reason). Import this module FIRST: it pre-fills the CommonJS cache with an
 * empty module under the package's resolved path. Benchmarks only.
 */
const resolved = require.resolve("server-only");
require.cache[resolved] = { id: resolved, filename: resolved, loaded: true, exports: {} } as unknown as NodeJS.Module;

export {};
