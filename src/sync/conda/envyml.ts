// environment.yml (conda env create -f): `dependencies:` match specs, `variables:` env vars.
import YAML, { isMap, isScalar, isSeq, LineCounter } from 'yaml';
import { describeYamlError } from '../../core/yaml-error';
import { SyncInputError } from '../errors';
import { InvalidMatchSpec, parseMatchSpec, type MatchSpec } from '../matchspec';
import type { CondaPkg, CondaSide } from './types';

const HINT = 'see https://docs.conda.io/projects/conda/en/stable/user-guide/tasks/manage-environments.html#create-env-file-manually';

export function parseEnvironmentYml(text: string, file: string): CondaSide {
  const lc = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lc });
  if (doc.errors.length > 0) {
    const e = describeYamlError(doc.errors[0]!, text);
    throw new SyncInputError(file, e.line, e.message, 'fix the YAML syntax');
  }
  const root = doc.contents;
  if (!isMap(root)) throw new SyncInputError(file, 1, 'expected a mapping with `dependencies:`', HINT);
  const packages = new Map<string, CondaPkg>();
  const deps = root.get('dependencies', true);
  // get(…, true) gives the node: an empty or null value is a Scalar node, never null itself
  if (deps !== undefined && !isSeq(deps)) {
    throw new SyncInputError(file, lineOf(lc, deps), '`dependencies` must be a list of package specs', HINT);
  }
  for (const item of isSeq(deps) ? deps.items : []) {
    if (isMap(item)) continue; // `- pip: [...]`: not conda packages
    const line = lineOf(lc, item);
    if (!isScalar(item) || typeof item.value !== 'string') throw new SyncInputError(file, line, 'a dependency must be a package spec string', HINT);
    const spec = specAt(item.value, file, line);
    packages.set(spec.name, { name: spec.name, spec: spec.version === '*' ? null : spec.version, version: null, build: spec.build, file, line: line ?? null });
  }
  const vars = root.get('variables');
  const goflags = isMap(vars) ? vars.get('GOFLAGS') : undefined;
  return { kind: 'environment.yml', file, packages, goflags: typeof goflags === 'string' ? goflags : null, regenerate: null };
}

/** A spec conda would refuse is bad input (exit 2, file:line), not a mismatch: conda env create fails on it too. */
export function specAt(raw: string, file: string, line: number | undefined): MatchSpec {
  try {
    return parseMatchSpec(raw);
  } catch (err) {
    if (!(err instanceof InvalidMatchSpec)) throw err;
    throw new SyncInputError(
      file,
      line,
      `"${raw}" is not a conda match spec: ${err.reason}`,
      'write it as conda reads it: `- name`, `- name 1.5.*`, `- name >=1.5,<2`, `- channel::name=1.5` (conda env create refuses this line too)',
    );
  }
}

function lineOf(lc: LineCounter, node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? lc.linePos(range[0]).line : undefined;
}
