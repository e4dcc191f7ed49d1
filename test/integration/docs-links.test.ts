// The README is a landing page (issue 23 §7): short, the two commands first, and every link from it and
// from docs/ reaches a file that exists and, with a #fragment, a heading there (GitHub's anchors).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from '../helpers/world';

const README = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
const PAGES = [
  'README.md',
  ...fs
    .readdirSync(path.join(REPO, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** GitHub's anchor of a heading: lower case, punctuation but `-` and `_` dropped, spaces to `-`. */
function githubAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchors(file: string): Set<string> {
  const text = fs.readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => githubAnchor(m[1]!)));
}

/** Relative links of a page, code blocks and code spans left out. */
function links(page: string): string[] {
  const text = fs
    .readFileSync(path.join(REPO, page), 'utf8')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
}

test('the README is a landing page: at most 250 lines, the two commands first', () => {
  expect(README.split('\n').length).toBeLessThanOrEqual(250);
  const firstBlock = /```sh\n([\s\S]*?)```/.exec(README)![1]!;
  expect(firstBlock.split('\n')[0]).toMatch(/^npm ci && npm start\s+#/);
  expect(firstBlock.split('\n')[1]).toMatch(/^npm ci && npm test\s+#/);
  expect(README.indexOf('```sh')).toBeLessThan(README.indexOf('\n## '));
});

test('the README links every page of docs/', () => {
  for (const page of PAGES.filter((p) => p !== 'README.md')) expect({ page, linked: README.includes(`](${page})`) }).toEqual({ page, linked: true });
});

test.each(PAGES)('every relative link of %s reaches a file, and a heading when it names one', (page) => {
  const broken: string[] = [];
  for (const link of links(page)) {
    const [target, fragment] = link.split('#') as [string, string | undefined];
    const file = target === '' ? path.join(REPO, page) : path.resolve(path.dirname(path.join(REPO, page)), target);
    if (!fs.existsSync(file)) broken.push(`${link}: no such file`);
    else if (fragment !== undefined && file.endsWith('.md') && !anchors(file).has(fragment)) broken.push(`${link}: no such heading`);
  }
  expect(broken).toEqual([]);
});

test('anchors as GitHub makes them', () => {
  expect(githubAnchor('Which side changed, and `--write`')).toBe('which-side-changed-and---write');
  expect(githubAnchor('gocondad sync-env')).toBe('gocondad-sync-env');
  expect(githubAnchor("conda's own quirks")).toBe('condas-own-quirks');
});

test("architecture.md's drawing of the parts is .dependency-cruiser.cjs's ALLOWED, and names every folder of src/ and every top-level leaf", () => {
  const arch = fs.readFileSync(path.join(REPO, 'docs', 'architecture.md'), 'utf8');
  const block = /## Parts \(src\/\) and what they may import\n\n```\n([\s\S]*?)```/.exec(arch)![1]!;
  const drawn: Record<string, string[]> = {};
  for (const m of block.matchAll(/^ (\w+) ─+► (.*)$/gm)) drawn[m[1]!] = m[2] === 'nothing' ? [] : m[2]!.startsWith('every part') ? ['*'] : m[2]!.split(' · ');
  const cruiser = fs.readFileSync(path.join(REPO, '.dependency-cruiser.cjs'), 'utf8');
  const allowed: Record<string, string[]> = {};
  for (const m of /const ALLOWED = \{([\s\S]*?)\n\};/.exec(cruiser)![1]!.matchAll(/^\s+(\w+): \[(.*)\],$/gm))
    allowed[m[1]!] = [...m[2]!.matchAll(/'(\w+)'/g)].map((x) => x[1]!);
  const parts = fs
    .readdirSync(path.join(REPO, 'src'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  expect(Object.keys(drawn).sort()).toEqual(parts.sort());
  for (const part of parts) {
    const want = part === 'cli' ? ['*'] : [...allowed[part]!].sort();
    expect({ part, imports: [...drawn[part]!].sort() }).toEqual({ part, imports: want });
  }
  expect(allowed.cli!.sort()).toEqual(parts.filter((p) => p !== 'cli').sort());
  const leaves = fs.readdirSync(path.join(REPO, 'src')).filter((f) => f.endsWith('.ts') && f !== 'cli.ts');
  const drawnLeaves = /^ leaves: (.*) ──►/m.exec(block)![1]!.split(' · ');
  expect(drawnLeaves.sort()).toEqual(leaves.sort());
});
