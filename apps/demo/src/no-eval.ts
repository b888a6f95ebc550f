/**
 * Imported first by both entry points: the page's CSP forbids eval, and zod probes `new Function` when its first
 * object schema is created (a CSP violation report even though zod catches the error). Jitless mode skips it.
 */
import { z } from 'zod';

z.config({ jitless: true });
