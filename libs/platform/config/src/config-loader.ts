import { z } from 'zod';

export type EnvironmentSource = Readonly<Record<string, string | undefined>>;

/** Raised at boot when a variable is missing or malformed; the message names every offending variable. */
export class ConfigurationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/**
 * Validates the environment against a schema whose keys are variable names, once, at boot.
 * Only this library reads `process.env`; everything else receives the typed tree it returns.
 */
export function loadEnvironment<Shape extends z.ZodRawShape>(
  shape: Shape,
  source: EnvironmentSource = process.env,
): z.infer<z.ZodObject<Shape>> {
  const present = Object.fromEntries(
    Object.keys(shape).map((name) => [name, source[name] === '' ? undefined : source[name]]),
  );
  const parsed = z.object(shape).safeParse(present);
  if (!parsed.success) {
    throw new ConfigurationError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? '(root)');
        return present[name] === undefined ? `${name} is required` : `${name}: ${issue.message}`;
      }),
    );
  }
  return parsed.data;
}

/** Runs `load` and, on a configuration error, prints it and ends the process with a non-zero code. */
export function loadOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}

export const env = {
  url: () => z.url(),
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  int: (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback),
  boolean: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'])
      .default(fallback ? 'true' : 'false')
      .transform((value) => value === 'true' || value === '1'),
  secret: (minLength = 32) => z.string().min(minLength, `must be at least ${minLength} characters`),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};
