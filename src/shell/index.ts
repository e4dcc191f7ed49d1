// The dialects gocondad writes shims for, each one file (dialect.ts is their interface); adding a shell is adding a file here.
import type { Dialect } from './dialect';
import { csh } from './csh';
import { fish } from './fish';
import { posix } from './posix';

/** Every dialect gocondad installs shims for. */
export const DIALECTS: Dialect[] = [posix, fish, csh];

export function dialectByName(name: string): Dialect | undefined {
  const alias: Record<string, string> = { bash: 'posix', zsh: 'posix', dash: 'posix', sh: 'posix', ksh: 'posix', tcsh: 'csh' };
  const wanted = alias[name] ?? name;
  return DIALECTS.find((d) => d.name === wanted);
}
