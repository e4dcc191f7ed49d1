import { HttpError } from '../../../../src/daemon/http/server';
import { acceptEvents, envRequest, noBody } from '../../../../src/daemon/http/requests';
import { caught } from '../../../helpers/caught';

const statusOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof HttpError ? err.status : -1;
  }
};

test('events: good records are applied, bad ones named, the rest still applied', () => {
  const applied: string[] = [];
  const apply = (r: Record<string, string>) => (r.ok === '1' ? (applied.push(r.n!), null) : 'rejected');
  expect(acceptEvents({ records: [{ ok: '1', n: 'a' }] }, apply)).toEqual({ accepted: 1 });
  let status: unknown;
  // caught() says the call threw (a try/catch alone passed when nothing did)
  expect(
    caught(() => {
      try {
        acceptEvents({ records: [{ ok: '1', n: 'b' }, { ok: 1 }, { ok: '0' }] }, apply);
      } catch (err) {
        status = (err as HttpError).status;
        throw err;
      }
    }),
  ).toEqual({
    name: 'GocondadError',
    message: 'record 1: not an object of strings; record 2: rejected',
    hint: 'fix the listed records; the others were applied',
  });
  expect(status).toBe(400);
  expect(applied).toEqual(['a', 'b']);
  expect(statusOf(() => acceptEvents([1, 2], apply))).toBe(400);
  expect(statusOf(() => acceptEvents(undefined, apply))).toBe(400);
  expect(statusOf(() => acceptEvents({ records: [['a']] }, apply))).toBe(400);
  expect(statusOf(() => acceptEvents({ records: [] }, apply))).toBeNull();
});

test('env: an absolute prefix, auto a boolean defaulting to false', () => {
  expect(envRequest({ prefix: '/e', auto: true })).toEqual({ prefix: '/e', auto: true });
  expect(envRequest({ prefix: '/e' })).toEqual({ prefix: '/e', auto: false });
  expect(statusOf(() => envRequest({ prefix: '/e', auto: 'yes' }))).toBe(400);
  expect(statusOf(() => envRequest({ prefix: 5 }))).toBe(400);
  expect(statusOf(() => envRequest({ prefix: 'rel' }))).toBe(400);
  expect(statusOf(() => envRequest(null))).toBe(400);
});

test('noBody: nothing or {} runs the route, anything else is a 400 and runs nothing', () => {
  let ran = 0;
  const route = noBody(() => (ran += 1));
  expect(route(undefined)).toBe(1);
  expect(route({})).toBe(2);
  for (const body of [null, [], { a: 1 }, '', 0]) expect(statusOf(() => route(body))).toBe(400);
  expect(ran).toBe(2);
});
