/** Parsers for flag values (`OptionSpec.parse`); each throws `UsageError` naming the flag. */
import { UsageError } from './command.js';

/** Longest time a flag may set for a timer (setTimeout's limit, 2^31 - 1 ms, in whole seconds). */
export const MAX_TIMER_SECONDS = 2_147_483;

/** A parser for an integer ≥ `min` (and ≤ `max` when given). */
export function intFlag(flag: string, min = 1, max?: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (
      !/^-?\d+$/.test(value.trim()) ||
      !Number.isSafeInteger(n) ||
      n < min ||
      (max !== undefined && n > max)
    ) {
      const range = max === undefined ? `≥ ${min}` : `from ${min} to ${max}`;
      throw new UsageError(`${flag} must be an integer ${range}, got "${value}"`);
    }
    return n;
  };
}

/** A parser for a finite number ≥ `min` (and ≤ `max` when given). */
export function numberFlag(flag: string, min = 0, max?: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || (max !== undefined && n > max)) {
      const range = max === undefined ? `≥ ${min}` : `from ${min} to ${max}`;
      throw new UsageError(`${flag} must be a number ${range}, got "${value}"`);
    }
    return n;
  };
}

/** A parser for a JSON object. */
export function jsonObjectFlag(flag: string): (value: string) => Record<string, unknown> {
  return (value) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (err) {
      throw new UsageError(`${flag} must be a JSON object: ${(err as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new UsageError(`${flag} must be a JSON object, got ${value}`);
    }
    return parsed as Record<string, unknown>;
  };
}

/** Reads an option the table declared, narrowing its type; a missing required one is a usage error. */
export function opt<T>(options: Record<string, unknown>, key: string): T | undefined {
  return options[key] as T | undefined;
}
