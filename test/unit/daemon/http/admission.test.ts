// src/daemon/http/admission.ts: which connection gives way when every slot is taken (the sockets themselves:
// server.test.ts).
import { pickEviction, type Slot } from '../../../../src/daemon/http/admission';

test('the oldest connection without a request in flight gives way; never the newcomer; none idle: refuse', () => {
  const slots = (busy: boolean[]): [string, Slot][] => busy.map((b, i) => [`c${i}`, { busy: b }]);
  expect(pickEviction(slots([false, false, false]), 'c2')).toBe('c0');
  expect(pickEviction(slots([true, false, false]), 'c2')).toBe('c1');
  expect(pickEviction(slots([true, true, false]), 'c2')).toBeNull();
  expect(pickEviction(slots([true, true, true]), 'new')).toBeNull();
});
