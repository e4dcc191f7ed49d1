// The wiring of a generated Dockerfile, checked without a container engine (none runs here): its stages
// are walked in order with what each instruction provides, and every COPY source, every command a RUN
// starts and the ENTRYPOINT must exist where they are used. What the images bring is stated below, from
// their documentation (mambaorg/micromamba: micromamba on PATH, user $MAMBA_USER, root prefix /opt/conda).
import { DockerfileParser, type Copy } from 'dockerfile-ast';

interface Stage {
  name: string | null;
  user: string;
  path: string[];
  /** Files and dirs that exist in the stage's filesystem (that this check knows of). */
  files: Set<string>;
  /** Commands in each env's bin, by env name (micromamba -n NAME lives in /opt/conda/envs/NAME). */
  envs: Map<string, Set<string>>;
}

const IMAGES: Record<string, { user: string; commands: string[] }> = {
  'mambaorg/micromamba': { user: '$MAMBA_USER', commands: ['micromamba', 'sh', 'bash'] },
  debian: { user: 'root', commands: ['sh'] },
  'gcr.io/distroless/static-debian12': { user: 'root', commands: [] },
};
const DEFAULT_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
/** What installing these conda packages puts in an env's bin. */
const PACKAGE_BINS: Record<string, string[]> = { nodejs: ['node', 'npm', 'npx'], patchelf: ['patchelf'] };

export interface WiringInput {
  text: string;
  /** Files in the build context, relative to it ('/'-separated). */
  context: Set<string>;
  /** Commands the project's env file gives env `app` (the generated file's contract: Go, a compiler). */
  appEnv: string[];
}

const has = (files: Set<string>, p: string) => [...files].some((f) => f === p || p.startsWith(`${f}/`));

/** Every broken wire as a sentence; [] when each stage has what it uses. */
export function wiringProblems({ text, context, appEnv }: WiringInput): string[] {
  const problems: string[] = [];
  const stages: Stage[] = [];
  let st: Stage | null = null;
  const onPath = (s: Stage, cmd: string) =>
    s.path.some((dir) => {
      const env = /^\/opt\/conda\/envs\/([^/]+)\/bin$/.exec(dir)?.[1];
      return env ? (s.envs.get(env)?.has(cmd) ?? false) : dir === '/usr/bin' && IMAGES_COMMANDS.has(cmd);
    });
  let IMAGES_COMMANDS = new Set<string>();
  for (const ins of DockerfileParser.parse(text).getInstructions()) {
    const kw = ins.getKeyword();
    const args = ins.getArgumentsContent() ?? '';
    if (kw === 'FROM') {
      const [image, , as] = args.split(/\s+/);
      const parent = stages.find((s) => s.name === image);
      const known = IMAGES[image!.split(':')[0]!];
      if (!parent && !known) problems.push(`FROM ${image}: an image this check does not know`);
      IMAGES_COMMANDS = new Set(known?.commands ?? [...IMAGES_COMMANDS]);
      st = parent
        ? {
            name: as ?? null,
            user: parent.user,
            path: [...parent.path],
            files: new Set(parent.files),
            envs: new Map([...parent.envs].map(([k, v]) => [k, new Set(v)])),
          }
        : { name: as ?? null, user: known?.user ?? 'root', path: [...DEFAULT_PATH], files: new Set(), envs: new Map() };
      stages.push(st);
      continue;
    }
    if (!st) continue;
    if (kw === 'USER') st.user = args;
    else if (kw === 'ENV') {
      const m = /^PATH=(.*)$/.exec(args);
      if (m) st.path = m[1]!.split(':').flatMap((d) => (d === '$PATH' ? st!.path : [d]));
    } else if (kw === 'COPY') {
      const copy = ins as Copy;
      const from = copy.getFromFlag()?.getValue();
      const words = args.trim().startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/);
      const dest = words.pop()!;
      const src = from ? stages.find((s) => s.name === from) : null;
      if (from && !src) problems.push(`COPY --from=${from}: no such stage before it`);
      for (const w of words) {
        if (src && !has(src.files, w)) problems.push(`COPY --from=${from} ${w}: stage ${from} has no ${w}`);
        if (!from && w !== '.' && !context.has(w)) problems.push(`COPY ${w}: not in the build context`);
      }
      if (
        st.user !== 'root' &&
        !from &&
        copy
          .getFlags()
          .find((f) => f.getName() === 'chown')
          ?.getValue() !== `${st.user}:${st.user}`
      )
        problems.push(`COPY ${words.join(' ')}: owned by root in a stage that runs as ${st.user}, who must write it`);
      st.files.add(dest);
    } else if (kw === 'RUN') {
      for (const part of args.replace(/\\\n/g, ' ').split('&&')) {
        const w =
          part
            .trim()
            .match(/'[^']*'|\S+/g)
            ?.map((x) => x.replace(/^'(.*)'$/, '$1')) ?? [];
        if (w.length === 0) continue;
        let env: string | null = null;
        let cmd = w;
        if (w[0] === 'micromamba' && w[1] === 'run') {
          env = w[w.indexOf('-n') + 1]!;
          cmd = w.slice(w.indexOf('-n') + 2);
          if (!st.envs.has(env)) problems.push(`micromamba run -n ${env}: no such env in stage ${st.name}`);
        }
        const inEnv = env ? (st.envs.get(env)?.has(cmd[0]!) ?? false) : false;
        if (!inEnv && !onPath(st, cmd[0]!)) {
          problems.push(`RUN ${cmd.join(' ')}: ${cmd[0]} is not on PATH in stage ${st.name}${env ? ` (nor in env ${env})` : ''}`);
          continue; // a command that is not there provides nothing either
        }
        if (cmd[0] === 'micromamba' && cmd[1] === 'create') {
          const name = cmd[cmd.indexOf('-n') + 1]!;
          const bins = new Set(cmd.includes('-f') ? appEnv : []);
          for (const pkg of cmd.slice(cmd.indexOf('-n') + 2)) for (const b of PACKAGE_BINS[pkg.split(/[<>=]/)[0]!] ?? []) bins.add(b);
          st.envs.set(name, bins);
          if (cmd.includes('-f') && !has(st.files, cmd[cmd.indexOf('-f') + 1]!))
            problems.push(`micromamba create -f ${cmd[cmd.indexOf('-f') + 1]}: no such file in the stage`);
        }
        if (cmd[0] === 'npm' && cmd[1] === 'install' && cmd.includes('-g')) {
          const spec = cmd[cmd.length - 1]!;
          if (spec.startsWith('/') && !has(st.files, spec)) problems.push(`npm install -g ${spec}: no such file in stage ${st.name}`);
          if (env) st.envs.get(env)?.add('gocondad');
        }
        if (cmd[0] === 'gocondad' && cmd[1] === 'bundle') st.files.add(cmd[cmd.indexOf('-o') + 1]!);
      }
    } else if (kw === 'ENTRYPOINT') {
      const [prog] = JSON.parse(args) as string[];
      if (!has(st.files, prog!)) problems.push(`ENTRYPOINT ${prog}: not in the final stage`);
    }
  }
  return problems;
}
