import { fileURLToPath } from 'node:url';

/** Package-relative folders used by tests and the bench (no dependency on ../shared). */
export const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const SAMPLES_DIR = fileURLToPath(new URL('../../test-data/samples/', import.meta.url));
export const UNIT_TESTS_DIR = fileURLToPath(new URL('../../test-data/unit-tests/', import.meta.url));
export const VENDOR_DIR = fileURLToPath(new URL('../../vendor/', import.meta.url));
export const CACHE_DIR = fileURLToPath(new URL('../../.cache/', import.meta.url));
