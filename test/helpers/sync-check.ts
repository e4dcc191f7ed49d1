// A go.mod with every built-in coupled pair, an installed env that agrees with it, and the checker run
// over them (the checker's and the state file's unit tests); what the readers' tests share.
import { BUILTIN_RULES } from '../../src/sync/builtin';
import { check, type CheckInput } from '../../src/sync/checker';
import type { CondaPkg, CondaSide } from '../../src/sync/conda/types';
import type { CondaVersions } from '../../src/sync/condaver';
import { SyncInputError } from '../../src/sync/errors';
import { parseGoMod } from '../../src/sync/gomod';

export const GOMOD = `module example.com/app

go 1.22

require (
\tgithub.com/libgit2/git2go/v34 v34.0.0
\tgocv.io/x/gocv v0.36.1
\tgithub.com/confluentinc/confluent-kafka-go/v2 v2.4.0
\tgithub.com/tensorflow/tensorflow v2.15.0+incompatible // indirect
)
`;

/** Versions that agree with GOMOD. */
export const GOOD = { go: '1.22.5', libgit2: '1.5.2', opencv: '4.9.0', librdkafka: '2.4.0', libtensorflow: '2.15.0' };

/** An installed env (conda-meta records) with these package versions. */
export function installed(versions: Record<string, string>, file = '/env'): CondaSide {
  const packages = new Map<string, CondaPkg>(
    Object.entries(versions).map(([name, version]) => [name, { name, spec: null, version, build: null, file: `${file}/conda-meta/${name}.json`, line: null }]),
  );
  return { kind: 'prefix', file, packages, goflags: null, regenerate: null };
}

/** The checker with the built-in rules, no tags and no import scan, unless `extra` says otherwise. */
export function runCheck(cv: CondaVersions, mod: string, conda: CondaSide, extra: Partial<CheckInput> = {}) {
  return check({ mod: parseGoMod(mod, '/p/go.mod'), conda, rules: BUILTIN_RULES, tags: new Set(), imports: null, cv, ...extra });
}

/** The SyncInputError `f` throws (anything else is rethrown; nothing thrown fails). */
export function thrown(f: () => unknown): SyncInputError {
  try {
    f();
  } catch (err) {
    if (err instanceof SyncInputError) return err;
    throw err;
  }
  throw new Error('nothing thrown');
}

/** A conda side's packages as name → version. */
export const versions = (side: { packages: Map<string, { version: string | null }> }) => Object.fromEntries([...side.packages].map(([n, p]) => [n, p.version]));
