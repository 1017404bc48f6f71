import { createRequire } from 'node:module';

// package.json sits one level above both src/ (tests) and dist/ (the built CLI).
const packageJson = createRequire(import.meta.url)('../package.json') as { version: string };

/** The exporter's version, from package.json. */
export const VERSION: string = packageJson.version;
