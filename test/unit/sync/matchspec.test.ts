// The name / version / build split of conda match specs.
import { parseMatchSpec } from '../../../src/sync/matchspec';

describe('parseMatchSpec', () => {
  test.each([
    ['libgit2', { name: 'libgit2', version: null, build: null, channel: null }],
    ['libgit2 1.5.*', { name: 'libgit2', version: '1.5.*', build: null, channel: null }],
    ['libgit2=1.5', { name: 'libgit2', version: '=1.5', build: null, channel: null }],
    ['libgit2=1.5.2=h123_0', { name: 'libgit2', version: '==1.5.2', build: 'h123_0', channel: null }],
    ['libgit2==1.5.2', { name: 'libgit2', version: '==1.5.2', build: null, channel: null }],
    ['opencv >=4.8,<4.9', { name: 'opencv', version: '>=4.8,<4.9', build: null, channel: null }],
    ['opencv>=4.8, <4.9', { name: 'opencv', version: '>=4.8,<4.9', build: null, channel: null }],
    ['conda-forge::zstd 1.5.6 hc2324a3_0', { name: 'zstd', version: '1.5.6', build: 'hc2324a3_0', channel: 'conda-forge' }],
    ['conda-forge/linux-64::go >=1.22', { name: 'go', version: '>=1.22', build: null, channel: 'conda-forge/linux-64' }],
    ["libvips[version='>8.10']", { name: 'libvips', version: '>8.10', build: null, channel: null }],
    ['LibGit2 *', { name: 'libgit2', version: null, build: null, channel: null }],
  ])('%s', (raw, want) => expect(parseMatchSpec(raw)).toEqual(want));
  test('no name', () => expect(parseMatchSpec('>=1.5')).toBeNull());
});
