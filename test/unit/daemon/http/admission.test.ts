// src/daemon/http/admission.ts: which connection gives way when every slot is taken (the sockets themselves:
// server.test.ts).
import { EventEmitter } from 'node:events';
import { Admission, pickEviction, type Slot } from '../../../../src/daemon/http/admission';

test('the oldest connection without a request in flight gives way; never the newcomer; none idle: refuse', () => {
  const slots = (busy: boolean[]): [string, Slot][] => busy.map((b, i) => [`c${i}`, { busy: b }]);
  expect(pickEviction(slots([false, false, false]), 'c2')).toBe('c0');
  expect(pickEviction(slots([true, false, false]), 'c2')).toBe('c1');
  expect(pickEviction(slots([true, true, false]), 'c2')).toBeNull();
  expect(pickEviction(slots([true, true, true]), 'new')).toBeNull();
});

test('Admission over max: the oldest idle connection is closed and reported, or the newcomer refused and reported, in words', () => {
  class Sock extends EventEmitter {
    destroyed = false;
    destroy() {
      this.destroyed = true;
      this.emit('close');
    }
  }
  const reports: [string, string][] = [];
  const a = new Admission<Sock>(2, (kind, detail) => reports.push([kind, detail]));
  const [s1, s2, s3, s4] = [new Sock(), new Sock(), new Sock(), new Sock()];
  a.admit(s1);
  a.admit(s2);
  expect(reports).toEqual([]);
  a.busy(s2);
  a.admit(s3);
  expect([s1.destroyed, s2.destroyed, s3.destroyed, a.size]).toEqual([true, false, false, 2]);
  expect(reports).toEqual([['connection_evicted', '2 connections open: closed the oldest one without a request in flight to serve a new one']]);
  const request = new EventEmitter();
  a.busy(s3, request);
  a.admit(s4);
  expect([s2.destroyed, s3.destroyed, s4.destroyed, a.size]).toEqual([false, false, true, 2]);
  expect(reports[1]).toEqual(['connection_dropped', '2 connections open, each with a request in flight or a stream: refused a new one']);
  // The request done, s3 is idle again and gives way to the next newcomer.
  request.emit('close');
  const s5 = new Sock();
  a.admit(s5);
  expect([s3.destroyed, s5.destroyed]).toEqual([true, false]);
});
