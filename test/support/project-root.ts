import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file so the benchmarks run the same from any directory. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
