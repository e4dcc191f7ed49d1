// The generated Dockerfile, read back by real Dockerfile tooling: dockerfile-utils' validator (the VS
// Code Docker extension's) must find nothing, and dockerfile-ast's parse must show the three stages wired.
import { DockerfileParser, type Copy } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import {
  CGO_BASE_IMAGE,
  ENV_FILE_CANDIDATES,
  envFileKind,
  generateDockerfile,
  MICROMAMBA_IMAGE,
  STATIC_BASE_IMAGE,
  type DockerfileInput,
} from '../../../src/bundle/dockerfile';
import { wiringProblems } from '../../helpers/dockerfile-wiring';

const BASE: DockerfileInput = {
  envFile: 'environment.yml',
  envFileKind: 'environment',
  pkg: './cmd/app',
  binName: 'app',
  static: false,
  extraLibs: [],
  gocondadVersion: '0.1.0',
  gocondadFrom: { tarball: 'gocondad-0.1.0.tgz' },
};
const CONTEXT = new Set(['environment.yml', 'gocondad-0.1.0.tgz', 'main.go', 'go.mod']);
const APP_ENV = ['go', 'gcc'];

function parsed(text: string) {
  expect(validate(text)).toEqual([]);
  const df = DockerfileParser.parse(text);
  const stages = df.getFROMs().map((f) => ({ image: f.getImage(), as: f.getBuildStage() }));
  const copies = df.getInstructions().filter((i) => i.getKeyword() === 'COPY') as Copy[];
  const runs = df
    .getInstructions()
    .filter((i) => i.getKeyword() === 'RUN')
    .map((i) => i.getArgumentsContent());
  return { df, stages, copies, runs };
}

test('three stages: micromamba creates the env, gocondad bundles inside it, a slim base gets only the bundle', () => {
  const text = generateDockerfile(BASE);
  const { df, stages, copies, runs } = parsed(text);
  expect(stages).toEqual([
    { image: 'mambaorg/micromamba:1.5.10', as: 'env' },
    { image: 'env', as: 'bundle' },
    { image: 'debian:bookworm-slim', as: null },
  ]);
  expect(runs[0]).toBe('micromamba create -y -n app -f /tmp/environment.yml && micromamba clean -a -y');
  expect(runs[runs.length - 1]).toBe('micromamba run -n app gocondad bundle ./cmd/app -p /opt/conda/envs/app -o /tmp/bundle');
  // The final stage copies from the bundle stage, and only the bundle.
  const last = copies[copies.length - 1]!;
  expect(last.getFromFlag()?.getValue()).toBe('bundle');
  expect(last.getArgumentsContent()).toBe('/tmp/bundle /opt/app');
  const entry = df.getInstructions().find((i) => i.getKeyword() === 'ENTRYPOINT')!;
  expect(JSON.parse(entry.getArgumentsContent()!)).toEqual(['/opt/app/bin/app']);
  // Every --from names an earlier stage.
  for (const c of copies) if (c.getFromFlag()) expect(stages.map((s) => s.as)).toContain(c.getFromFlag()!.getValue());
});

test('a static program gets a libc-free base; --base wins; extra libs ride along as flags', () => {
  expect(parsed(generateDockerfile({ ...BASE, static: true })).stages[2]!.image).toBe('gcr.io/distroless/static-debian12');
  const { stages, runs } = parsed(generateDockerfile({ ...BASE, baseImage: 'ubuntu:24.04', extraLibs: ['libplug.so.1', 'libx.so'] }));
  expect(stages[2]!.image).toBe('ubuntu:24.04');
  expect(runs[runs.length - 1]).toMatch(/ --extra-lib libplug\.so\.1 --extra-lib libx\.so$/);
});

test('hostile names stay one word: spaces and quotes quoted for the shell, JSON for COPY and ENTRYPOINT', () => {
  const text = generateDockerfile({ ...BASE, envFile: "envs/my env's.yml", pkg: "./cmd/it's here", binName: 'a"b' });
  const { df, copies, runs } = parsed(text);
  expect(JSON.parse(copies[0]!.getArgumentsContent()!)).toEqual(["envs/my env's.yml", "/tmp/my env's.yml"]);
  expect(runs[0]).toBe(`micromamba create -y -n app -f '/tmp/my env'\\''s.yml' && micromamba clean -a -y`);
  expect(runs[runs.length - 1]).toContain(`bundle './cmd/it'\\''s here' -p`);
  expect(
    JSON.parse(
      df
        .getInstructions()
        .find((i) => i.getKeyword() === 'ENTRYPOINT')!
        .getArgumentsContent()!,
    ),
  ).toEqual(['/opt/app/bin/a"b']);
  expect(() => generateDockerfile({ ...BASE, pkg: './x\nRUN rm -rf /' })).toThrow(/newline/);
});

test('env file kinds: an explicit lock by its @EXPLICIT line, conda-lock by name, else an environment file', () => {
  expect(envFileKind('conda-linux-64.lock', '# platform: linux-64\n@EXPLICIT\nhttps://conda.anaconda.org/x.conda\n')).toBe('explicit');
  expect(envFileKind('conda-lock.yml', 'version: 1\n')).toBe('conda-lock');
  expect(envFileKind('environment.yml', 'dependencies: [go]\n')).toBe('environment');
});

test('wiring: every COPY source is in the context or an earlier stage, every RUN command on PATH where it runs, the entrypoint copied', () => {
  const text = generateDockerfile(BASE);
  expect(wiringProblems({ text, context: CONTEXT, appEnv: APP_ENV })).toEqual([]);
  const { runs, copies } = parsed(text);
  // gocondad comes from the tarball beside the Dockerfile, never from a registry version (0.1.0 is not published).
  expect(JSON.parse(copies[1]!.getArgumentsContent()!)).toEqual(['gocondad-0.1.0.tgz', '/tmp/gocondad.tgz']);
  expect(runs[1]).toMatch(/&& micromamba run -n gocondad npm install -g \/tmp\/gocondad\.tgz$/);
  expect(text).not.toMatch(/gocondad@/);
  // The check is not blind: each wire it guards, cut once, is reported.
  expect(wiringProblems({ text, context: new Set(['environment.yml']), appEnv: APP_ENV })).toEqual(['COPY gocondad-0.1.0.tgz: not in the build context']);
  const noGocondad = 'RUN gocondad bundle ./cmd/app -p /opt/conda/envs/app -o /tmp/bundle: gocondad is not on PATH in stage bundle (nor in env app)';
  const noBundle = 'COPY --from=bundle /tmp/bundle: stage bundle has no /tmp/bundle';
  expect(wiringProblems({ text: text.replace(/^ENV PATH=.*\n/m, ''), context: CONTEXT, appEnv: APP_ENV })).toEqual([noGocondad, noBundle]);
  expect(wiringProblems({ text: text.replace(" 'nodejs>=20'", ''), context: CONTEXT, appEnv: APP_ENV })).toEqual([
    'RUN npm install -g /tmp/gocondad.tgz: npm is not on PATH in stage bundle (nor in env gocondad)',
    noGocondad,
    noBundle,
  ]);
  expect(wiringProblems({ text: text.replace('--chown=$MAMBA_USER:$MAMBA_USER ["gocondad', '["gocondad'), context: CONTEXT, appEnv: APP_ENV })).toEqual([
    'COPY gocondad-0.1.0.tgz: owned by root in a stage that runs as $MAMBA_USER, who must write it',
  ]);
  expect(wiringProblems({ text: text.replace('-o /tmp/bundle', '-o /tmp/out'), context: CONTEXT, appEnv: APP_ENV })).toEqual([noBundle]);
});

test('--gocondad-from SPEC: the image installs that, and no tarball is copied', () => {
  const text = generateDockerfile({ ...BASE, gocondadFrom: { spec: 'https://example.org/gocondad-0.2.0.tgz' } });
  expect(wiringProblems({ text, context: new Set(['environment.yml']), appEnv: APP_ENV })).toEqual([]);
  expect(parsed(text).runs[1]).toMatch(/npm install -g https:\/\/example\.org\/gocondad-0\.2\.0\.tgz$/);
  expect(text).not.toContain('gocondad.tgz"]');
});

describe('golden text', () => {
  it('a cgo program, gocondad from the tarball beside the Dockerfile', () => {
    expect(generateDockerfile(BASE)).toBe(
      [
        '# syntax=docker/dockerfile:1',
        '# Generated by gocondad 0.1.0 (gocondad bundle --dockerfile). Build from the project dir:',
        '#   docker build -t app .',
        '# The env file must list the Go toolchain (conda-forge `go`) and a C compiler (`c-compiler`, or `go-cgo`).',
        '',
        "# 1: the env, exactly as the project's environment file describes it.",
        'FROM mambaorg/micromamba:1.5.10 AS env',
        'COPY --chown=$MAMBA_USER:$MAMBA_USER ["environment.yml","/tmp/environment.yml"]',
        'RUN micromamba create -y -n app -f /tmp/environment.yml && micromamba clean -a -y',
        '',
        '# 2: gocondad (with Node and patchelf in an env of their own) bundles the program from inside the env.',
        'FROM env AS bundle',
        '# gocondad 0.1.0 from gocondad-0.1.0.tgz, written beside this file by the gocondad that wrote it.',
        'COPY --chown=$MAMBA_USER:$MAMBA_USER ["gocondad-0.1.0.tgz","/tmp/gocondad.tgz"]',
        "RUN micromamba create -y -n gocondad -c conda-forge 'nodejs>=20' patchelf && micromamba clean -a -y \\",
        '    && micromamba run -n gocondad npm install -g /tmp/gocondad.tgz',
        "# node, npm, patchelf and the gocondad that npm installed are in that env's bin: on PATH from here on.",
        'ENV PATH=/opt/conda/envs/gocondad/bin:$PATH',
        'COPY --chown=$MAMBA_USER:$MAMBA_USER . /src',
        'WORKDIR /src',
        'RUN micromamba run -n app gocondad bundle ./cmd/app -p /opt/conda/envs/app -o /tmp/bundle',
        '',
        '# 3: glibc from the base image, every other library from the bundle.',
        'FROM debian:bookworm-slim',
        'COPY --from=bundle /tmp/bundle /opt/app',
        'ENTRYPOINT ["/opt/app/bin/app"]',
        '',
      ].join('\n'),
    );
  });

  it('a static program from an explicit lock in a subdir, gocondad from a spec, extra libs, both images named', () => {
    const text = generateDockerfile({
      ...BASE,
      envFile: 'locks/conda-linux-64.lock',
      envFileKind: 'explicit',
      pkg: './cmd/my tool',
      binName: 'tool',
      static: true,
      extraLibs: ['libplug.so.1', 'libx+y.so'],
      gocondadVersion: '0.2.0',
      gocondadFrom: { spec: 'gocondad@0.2.0' },
      micromambaImage: 'example.org/mm:2',
      baseImage: 'scratch',
    });
    expect(text).toBe(
      [
        '# syntax=docker/dockerfile:1',
        '# Generated by gocondad 0.2.0 (gocondad bundle --dockerfile). Build from the project dir:',
        '#   docker build -t app .',
        '# The env file must list the Go toolchain (conda-forge `go`).',
        '',
        "# 1: the env, exactly as the project's explicit lock (exact builds) describes it.",
        'FROM example.org/mm:2 AS env',
        'COPY --chown=$MAMBA_USER:$MAMBA_USER ["locks/conda-linux-64.lock","/tmp/conda-linux-64.lock"]',
        'RUN micromamba create -y -n app -f /tmp/conda-linux-64.lock && micromamba clean -a -y',
        '',
        '# 2: gocondad (with Node and patchelf in an env of their own) bundles the program from inside the env.',
        'FROM env AS bundle',
        "RUN micromamba create -y -n gocondad -c conda-forge 'nodejs>=20' patchelf && micromamba clean -a -y \\",
        '    && micromamba run -n gocondad npm install -g gocondad@0.2.0',
        "# node, npm, patchelf and the gocondad that npm installed are in that env's bin: on PATH from here on.",
        'ENV PATH=/opt/conda/envs/gocondad/bin:$PATH',
        'COPY --chown=$MAMBA_USER:$MAMBA_USER . /src',
        'WORKDIR /src',
        "RUN micromamba run -n app gocondad bundle './cmd/my tool' -p /opt/conda/envs/app -o /tmp/bundle --extra-lib libplug.so.1 --extra-lib libx+y.so",
        '',
        '# 3: a static program: no libc, nothing else.',
        'FROM scratch',
        'COPY --from=bundle /tmp/bundle /opt/app',
        'ENTRYPOINT ["/opt/app/bin/tool"]',
        '',
      ].join('\n'),
    );
  });

  it('a conda-lock file; a static program without --base gets distroless', () => {
    const text = generateDockerfile({ ...BASE, envFile: 'conda-lock.yml', envFileKind: 'conda-lock', static: true });
    const lines = text.split('\n');
    expect([lines[5], lines[6], lines[lines.length - 5], lines[lines.length - 4]]).toEqual([
      "# 1: the env, exactly as the project's conda-lock file (exact builds) describes it.",
      'FROM mambaorg/micromamba:1.5.10 AS env',
      '# 3: a static program: no libc, nothing else.',
      'FROM gcr.io/distroless/static-debian12',
    ]);
  });

  it.each<[string, string]>([
    ['plain-word_1.2/x:y=z@v+w-q', 'plain-word_1.2/x:y=z@v+w-q'],
    ['a b', "'a b'"],
    ["it's", "'it'\\''s'"],
    ['$HOME', "'$HOME'"],
    ['a;b', "'a;b'"],
    ['*', "'*'"],
    ['', "''"],
  ])('the package %j is the shell word %s', (pkg, word) => {
    const lines = generateDockerfile({ ...BASE, pkg }).split('\n');
    expect(lines[20]).toBe(`RUN micromamba run -n app gocondad bundle ${word} -p /opt/conda/envs/app -o /tmp/bundle`);
  });
});

describe('a newline in any field would end the instruction: refused, naming the field', () => {
  it.each<[string, Partial<DockerfileInput>, string, string]>([
    ['env file', { envFile: 'env\n.yml' }, 'env file', 'env\n.yml'],
    ['package', { pkg: './x\nRUN rm -rf /' }, 'package', './x\nRUN rm -rf /'],
    ['program name', { binName: 'a\rb' }, 'program name', 'a\rb'],
    ['tarball', { gocondadFrom: { tarball: 'g.tgz\n' } }, 'gocondad source', 'g.tgz\n'],
    ['spec', { gocondadFrom: { spec: '\rgocondad' } }, 'gocondad source', '\rgocondad'],
    ['extra lib', { extraLibs: ['libok.so', 'libx.so\nRUN x'] }, 'extra lib', 'libx.so\nRUN x'],
  ])('%s', (_what, change, field, value) => {
    expect(() => generateDockerfile({ ...BASE, ...change })).toThrow(new Error(`${field} must not contain a newline: ${JSON.stringify(value)}`));
  });
});

test.each<[string, string, string]>([
  ['conda-linux-64.lock', '@EXPLICIT\n', 'explicit'],
  ['any.txt', '# platform: linux-64\n  @EXPLICIT  \nhttps://x/y.conda\n', 'explicit'],
  ['environment.yml', 'name: x\n@EXPLICIT\n', 'explicit'],
  ['x.txt', '@EXPLICITLY\n', 'environment'],
  ['x.txt', '# not @EXPLICIT\n', 'environment'],
  ['conda-lock.yml', 'version: 1\n', 'conda-lock'],
  ['my-lock.yaml', 'version: 1\n', 'conda-lock'],
  ['dir/app-lock.yml', '', 'conda-lock'],
  ['conda-lock.yml.bak', '', 'environment'],
  ['conda-lockyml', '', 'environment'],
  ['condalock.yml', '', 'environment'],
  ['environment.yaml', 'dependencies: [go]\n', 'environment'],
])('envFileKind(%j, %j) is %s', (name, text, kind) => expect(envFileKind(name, text)).toBe(kind));

test('where --dockerfile looks for the env file, best first', () => {
  expect(ENV_FILE_CANDIDATES).toEqual(['conda-lock.yml', 'conda-linux-64.lock', 'explicit.txt', 'environment.yml', 'environment.yaml']);
  expect([MICROMAMBA_IMAGE, CGO_BASE_IMAGE, STATIC_BASE_IMAGE]).toEqual([
    'mambaorg/micromamba:1.5.10',
    'debian:bookworm-slim',
    'gcr.io/distroless/static-debian12',
  ]);
});
