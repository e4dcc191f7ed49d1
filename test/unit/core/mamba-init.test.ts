// micromamba's root prefix from the block `micromamba shell init` writes (texts as micromamba 2.2.0 wrote them).
import { mambaInitRoots } from '../../../src/core/mamba-init';

const BASH = `alias ll='ls -l'
export MAMBA_ROOT_PREFIX=/not/in/the/block

# >>> mamba initialize >>>
# !! Contents within this block are managed by 'micromamba shell init' !!
export MAMBA_EXE='/opt/mm/bin/micromamba';
export MAMBA_ROOT_PREFIX='/home/u/my root';
__mamba_setup="$("$MAMBA_EXE" shell hook --shell bash --root-prefix "$MAMBA_ROOT_PREFIX" 2> /dev/null)"
if [ $? -eq 0 ]; then
    eval "$__mamba_setup"
else
    alias micromamba="$MAMBA_EXE"  # Fallback on help from micromamba activate
fi
unset __mamba_setup
# <<< mamba initialize <<<
`;
const FISH = `# >>> mamba initialize >>>
# !! Contents within this block are managed by 'micromamba shell init' !!
set -gx MAMBA_EXE "/opt/mm/bin/micromamba"
set -gx MAMBA_ROOT_PREFIX "/home/u/mm"
$MAMBA_EXE shell hook --shell fish --root-prefix $MAMBA_ROOT_PREFIX | source
# <<< mamba initialize <<<
`;
const XONSH = `# >>> mamba initialize >>>
$MAMBA_EXE = "/opt/mm/bin/micromamba"
$MAMBA_ROOT_PREFIX = "/home/u/x"
# <<< mamba initialize <<<
`;

test('the root of each shell init block, and nothing outside the block', () => {
  expect(mambaInitRoots(BASH)).toEqual(['/home/u/my root']);
  expect(mambaInitRoots(FISH)).toEqual(['/home/u/mm']);
  expect(mambaInitRoots(XONSH)).toEqual(['/home/u/x']);
  // micromamba 1.x: double quotes.
  expect(mambaInitRoots('# >>> mamba initialize >>>\nexport MAMBA_ROOT_PREFIX="/home/u/micromamba";\n# <<< mamba initialize <<<\n')).toEqual([
    '/home/u/micromamba',
  ]);
});

test('values a shell would expand, relative paths and unclosed quotes are not taken', () => {
  const block = (line: string) => `# >>> mamba initialize >>>\n${line}\n# <<< mamba initialize <<<\n`;
  expect(mambaInitRoots(block('export MAMBA_ROOT_PREFIX="$HOME/mm";'))).toEqual([]);
  expect(mambaInitRoots(block("export MAMBA_ROOT_PREFIX='relative/mm';"))).toEqual([]);
  expect(mambaInitRoots(block("export MAMBA_ROOT_PREFIX='/open"))).toEqual([]);
  expect(mambaInitRoots('')).toEqual([]);
});

test('each quoting of the value, spaces around it, more than one block, a path normalized', () => {
  const block = (line: string) => `# >>> mamba initialize >>>\n${line}\n# <<< mamba initialize <<<\n`;
  expect(mambaInitRoots(block("  export MAMBA_ROOT_PREFIX='/s q';  "))).toEqual(['/s q']);
  expect(mambaInitRoots(block('export MAMBA_ROOT_PREFIX="/d q"'))).toEqual(['/d q']);
  expect(mambaInitRoots(block('export MAMBA_ROOT_PREFIX=/bare/../root ;'))).toEqual(['/root']);
  expect(mambaInitRoots(block('set  -gx  MAMBA_ROOT_PREFIX  /fish/bare'))).toEqual(['/fish/bare']);
  expect(mambaInitRoots(block('$MAMBA_ROOT_PREFIX="/xonsh"'))).toEqual(['/xonsh']);
  expect(mambaInitRoots(`${block("export MAMBA_ROOT_PREFIX='/one';")}${block("export MAMBA_ROOT_PREFIX='/two';")}`)).toEqual(['/one', '/two']);
  // The markers must be the whole (trimmed) line; another variable is not the root.
  expect(
    mambaInitRoots("  # >>> mamba initialize >>>  \nexport MAMBA_ROOT_PREFIX='/in';\n# <<< mamba initialize <<<\nexport MAMBA_ROOT_PREFIX='/out';\n"),
  ).toEqual(['/in']);
  expect(mambaInitRoots("# >>> mamba initialize >>> x\nexport MAMBA_ROOT_PREFIX='/in';\n")).toEqual([]);
  expect(mambaInitRoots(block("export MAMBA_EXE='/opt/mm/bin/micromamba';"))).toEqual([]);
  expect(mambaInitRoots(block("x export MAMBA_ROOT_PREFIX='/in';"))).toEqual([]);
  expect(mambaInitRoots(block("export MAMBA_ROOT_PREFIX='/in'; echo"))).toEqual([]);
  expect(mambaInitRoots(block('export MAMBA_ROOT_PREFIX=""'))).toEqual([]);
  expect(mambaInitRoots(block('export MAMBA_ROOT_PREFIX="/a\\b"'))).toEqual([]);
  expect(mambaInitRoots(block('export MAMBA_ROOT_PREFIX=/a`b`'))).toEqual([]);
});
