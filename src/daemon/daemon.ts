// The per-user daemon: lock, private Unix socket (HTTP + WebSocket), journal reader, plan refresher.
// All decisions are made by the pure modules; this file only moves bytes between them and the world.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import pino from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Problem } from '../core/config';
import { discoverEnvs, problemKey, type CondaLayout } from '../core/discovery';
import { isCondaEnv, loadWorld, planForPrefix, syncWorldLaunchers, toolchainWatchInput, type EnvPlan, type World } from '../core/envs';
import { parseJournal } from '../core/journal';
import { acquireLock, pidAlive } from './lock';
import type { Locations } from '../paths';
import { PROTOCOL, VERSION } from '../pkg';
import { LatencyWindow, timed } from './metrics';
import { ensurePrivateDir, writeFileAtomic } from '../fsutil';
import { forgetEnv, hasShims, installShims, readRegistry } from '../shims/install';
import { cachedFacts } from './facts';
import { DaemonState, RecordError } from './state';
import { countInotifyWatches, EnvWatcher, type Change } from './watch';

const MAX_BODY = 64 * 1024;
const ROTATE_AT = 256 * 1024;

export class HttpError extends Error {
  constructor(
    public status: number,
    message: string,
    public hint: string,
  ) {
    super(message);
  }
}

export interface DaemonOptions {
  loc: Locations;
  /** The environment discovery reads (CONDA_EXE, MAMBA_ROOT_PREFIX, CONDARC, ...). */
  env?: Record<string, string | undefined>;
  /** Also log human-readable lines to stderr (foreground mode). */
  pretty: boolean;
  /** Called once the daemon has stopped, whatever stopped it (signal or request). */
  onStopped?: () => void;
}

export class Daemon {
  private state = new DaemonState();
  private plans = new Map<string, EnvPlan>();
  private server: http.Server | null = null;
  private wss: WebSocketServer | null = null;
  private watcher: fs.FSWatcher | null = null;
  private envWatcher: EnvWatcher | null = null;
  private world: World | null = null;
  private layout: CondaLayout | null = null;
  /** Problems already logged: each is reported once, not on every refresh. */
  private reported = new Set<string>();
  /** Envs where auto-install failed (not writable): retried only when that env changes. */
  private installFailed = new Set<string>();
  readonly metrics = { records: new LatencyWindow(), refreshes: new LatencyWindow(1000), routes: new Map<string, LatencyWindow>() };
  private watchFigures: { at: number; value: { roots: number; paths: number; inotifyWatches: number | null } } | null = null;
  /** Disk facts behind conflict detection, cached briefly: 200 shells activating the same envs ask the same. */
  private facts = cachedFacts(2000);
  private releaseLock: (() => void) | null = null;
  private journalOffset = 0;
  private journalIno = 0;
  private rotations = 0;
  private readScheduled = false;
  private saveTimer: NodeJS.Timeout | null = null;
  private stopping: Promise<void> | null = null;
  readonly startedAt = new Date().toISOString();
  readonly log: pino.Logger;

  constructor(private opts: DaemonOptions) {
    const { loc } = opts;
    ensurePrivateDir(loc.stateDir);
    const file = pino.destination({ dest: loc.log, mkdir: true, sync: true });
    fs.chmodSync(loc.log, 0o600);
    const streams: pino.StreamEntry[] = [{ stream: file }];
    if (opts.pretty) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pretty = require('pino-pretty')({ colorize: process.stderr.isTTY, destination: 2, sync: true });
      streams.push({ stream: pretty });
    }
    this.log = pino({ base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, pino.multistream(streams));
  }

  /** Resolves once the socket listens; rejects (without side effects) when another daemon runs. */
  async start(): Promise<void> {
    const { loc } = this.opts;
    ensurePrivateDir(loc.runtimeDir);
    const lock = acquireLock(loc.lock);
    if (!lock.ok) throw new HttpError(409, `another gocondad daemon (pid ${lock.holder}) is already running for this user`, 'use `gocondad status`, or `gocondad stop` first');
    this.releaseLock = lock.release;
    this.loadState();
    this.envWatcher = new EnvWatcher({
      debounceMs: 100,
      maxWaitMs: 500,
      worldFiles: [loc.configFile],
      onChange: (change) => this.onFilesChanged(change),
      onError: (err) => this.log.warn({ event: 'watch_failed', err: err.message }, 'a file watch failed; run `gocondad shims install` by hand until the daemon restarts'),
    });
    this.refresh('start');
    // Watches are in place before the socket answers, so that `gocondad start` returning means watching.
    await this.envWatcher.ready();
    // We hold the lock, so a socket file left here belongs to a daemon that died: remove it.
    fs.rmSync(loc.socket, { force: true });
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      if (req.url !== `/v${PROTOCOL}/stream`) {
        socket.end('HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n{"error":"no stream here","hint":"connect to /v1/stream"}');
        return;
      }
      this.wss?.handleUpgrade(req, socket, head, (ws) => this.onStream(ws));
    });
    this.server.on('clientError', (_err, socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      const old = process.umask(0o177);
      this.server!.listen(loc.socket, () => {
        process.umask(old);
        resolve();
      });
    });
    fs.chmodSync(loc.socket, 0o600);
    this.log.info({ event: 'daemon_started', version: VERSION, protocol: PROTOCOL, socket: loc.socket, envs: this.layout?.envs.length ?? 0, inotifyWatches: countInotifyWatches() }, 'gocondad daemon started');
    this.watchJournal();
    this.readJournal();
  }

  private loadState(): void {
    try {
      const saved = JSON.parse(fs.readFileSync(this.opts.loc.stateFile, 'utf8'));
      this.state = DaemonState.fromJSON(saved);
      // Resume the journal where the last daemon stopped: records before that are in the state already.
      const j = saved?.journal;
      if (typeof j?.ino === 'number' && typeof j?.offset === 'number') {
        this.journalIno = j.ino;
        this.journalOffset = j.offset;
      }
    } catch {
      this.state = new DaemonState();
    }
    this.state.prune(pidAlive);
  }

  private scheduleSave(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.saveState();
    }, 200);
  }

  private saveState(): void {
    try {
      const saved = { ...this.state.toJSON(), journal: { ino: this.journalIno, offset: this.journalOffset } };
      writeFileAtomic(this.opts.loc.stateFile, `${JSON.stringify(saved)}\n`, 0o600);
    } catch (err) {
      this.log.warn({ event: 'state_save_failed', err: (err as Error).message }, 'could not save daemon state');
    }
  }

  private report(event: string, problems: Problem[], extra: Record<string, unknown> = {}): void {
    for (const p of problems) {
      const key = problemKey(p);
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      this.log.warn({ event, ...extra, file: p.file, line: p.line }, p.message);
    }
  }

  /** Re-reads everything: user config, toolchains, conda's files; replans every env with shims. */
  refresh(reason: string): { changed: string[] } {
    return timed(this.metrics.refreshes, () => {
      const { loc } = this.opts;
      this.world = loadWorld(loc);
      this.report('config_problem', this.world.configProblems);
      try {
        const l = syncWorldLaunchers(this.world);
        if (l.written.length + l.removed.length > 0) this.log.info({ event: 'launchers_updated', dir: this.world.launcherDir, written: l.written.length, removed: l.removed, names: l.written.length > 0 ? `${l.written[0]} … ${l.written[l.written.length - 1]}` : null }, 'toolchain launchers updated');
      } catch (err) {
        this.report('launchers_failed', [{ file: this.world.launcherDir ?? '', message: `cannot write launchers: ${(err as Error).message}` }]);
      }
      this.layout = discoverEnvs(this.opts.env ?? process.env, loc.home);
      this.installFailed.clear();
      this.facts.clear();
      return this.sync(reason, null);
    });
  }

  /** What the watcher saw, debounced: the least work that brings shims and watches up to date. */
  private onFilesChanged(change: Change): void {
    try {
      if (change.world) {
        this.refresh('files changed');
        return;
      }
      timed(this.metrics.refreshes, () => {
        for (const p of change.envs) this.installFailed.delete(p);
        if (change.discovery || !this.layout) this.layout = discoverEnvs(this.opts.env ?? process.env, this.opts.loc.home);
        this.sync('files changed', change.envs);
      });
    } catch (err) {
      this.log.error({ event: 'refresh_failed', err: (err as Error).stack }, 'could not handle a file change');
    }
  }

  /**
   * Brings shims in line with the current layout and world: forgets envs that are gone, installs shims
   * into new envs (auto_install), and replans `only` (null: every env with shims).
   */
  private sync(reason: string, only: Set<string> | null): { changed: string[] } {
    const { loc } = this.opts;
    const world = this.world!;
    const layout = this.layout!;
    this.report('discovery_problem', layout.problems);
    const reg = readRegistry(loc);
    const changed: string[] = [];

    for (const prefix of new Set([...reg.installed, ...reg.excluded, ...this.plans.keys()])) {
      if (isCondaEnv(prefix)) continue;
      // Logged before the registry changes, so that whoever sees it forgotten finds the log line too.
      this.log.info({ event: 'env_forgotten', prefix, reason }, 'env removed; forgotten');
      forgetEnv(loc, prefix);
      this.plans.delete(prefix);
      this.installFailed.delete(prefix);
      this.broadcast({ type: 'env_forgotten', prefix, reason });
    }

    const targets = new Map<string, string>();
    for (const prefix of reg.installed) if ((only === null || only.has(prefix)) && isCondaEnv(prefix) && hasShims(prefix)) targets.set(prefix, reason);
    if (world.config.autoInstall) {
      for (const env of layout.envs) {
        if (reg.excluded.includes(env.prefix) || this.installFailed.has(env.prefix) || targets.has(env.prefix) || hasShims(env.prefix)) continue;
        targets.set(env.prefix, reason === 'start' ? 'discovered' : 'env created');
      }
    }

    for (const [prefix, why] of targets) {
      try {
        const envPlan = planForPrefix(prefix, world, layout.roots);
        this.plans.set(prefix, envPlan);
        this.report('pin_problem', envPlan.problems, { prefix });
        if (!envPlan.plan.ok) this.report('no_toolchain', [{ file: prefix, message: envPlan.plan.why }], { prefix });
        const fresh = !hasShims(prefix);
        const result = installShims(envPlan, loc);
        if (result.changed.length > 0) {
          changed.push(prefix);
          const event = fresh ? 'shims_installed' : 'shims_rewritten';
          this.log.info({ event, prefix, envName: envPlan.plan.envName, goroot: envPlan.plan.goroot, source: envPlan.plan.source, why: envPlan.plan.why, reason: why }, fresh ? `shims installed (${why})` : 'shims rewritten');
          this.broadcast({ type: event, prefix, envName: envPlan.plan.envName, goVersion: envPlan.plan.goVersion, reason: why });
        }
      } catch (err) {
        this.installFailed.add(prefix);
        this.report('install_failed', [{ file: prefix, message: `cannot write shims: ${(err as Error).message}` }], { prefix });
      }
    }
    if (changed.length > 0) this.broadcast({ type: 'refresh', reason, changed });
    this.updateWatches();
    return { changed };
  }

  private updateWatches(): void {
    if (!this.envWatcher || !this.world || !this.layout) return;
    const { loc } = this.opts;
    const layout = this.layout;
    const inEnvsDir = (p: string) => layout.envsDirs.includes(path.dirname(p));
    const envs = new Set([...layout.envs.map((e) => e.prefix), ...readRegistry(loc).installed].filter((p) => !inEnvsDir(p)));
    this.envWatcher.update({
      files: [...layout.rcCandidates, ...layout.envLists, loc.configFile],
      envsDirs: layout.envsDirs,
      envs: [...envs],
      histories: layout.envs.map((e) => path.join(e.prefix, 'conda-meta', 'history')),
      ...toolchainWatchInput(this.world, loc.home),
    });
  }

  private watchJournal(): void {
    try {
      this.watcher = fs.watch(this.opts.loc.runtimeDir, (_event, name) => {
        if (name === null || name === 'journal') this.scheduleRead();
      });
      this.watcher.on('error', (err) => this.log.warn({ event: 'watch_failed', err: err.message }, 'journal watch failed'));
    } catch (err) {
      this.log.warn({ event: 'watch_failed', err: (err as Error).message }, 'cannot watch the runtime dir; events are read on each request');
    }
  }

  private scheduleRead(): void {
    if (this.readScheduled) return;
    this.readScheduled = true;
    setImmediate(() => {
      this.readScheduled = false;
      this.readJournal();
    });
  }

  /** Reads what shims appended since the last read. */
  readJournal(): void {
    const file = this.opts.loc.journal;
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return;
    }
    try {
      const st = fs.fstatSync(fd);
      if (st.uid !== process.getuid?.()) {
        this.log.warn({ event: 'journal_refused', file, uid: st.uid }, 'journal not owned by this user; ignored');
        return;
      }
      if (st.ino !== this.journalIno || st.size < this.journalOffset) {
        this.journalIno = st.ino;
        this.journalOffset = 0;
      }
      if (st.size === this.journalOffset) return;
      const buf = Buffer.alloc(st.size - this.journalOffset);
      fs.readSync(fd, buf, 0, buf.length, this.journalOffset);
      const parsed = parseJournal(buf);
      this.journalOffset += parsed.consumed;
      for (const g of parsed.garbage) this.log.warn({ event: 'journal_garbage', sample: g }, 'skipped unreadable bytes in the shim journal');
      for (const rec of parsed.records) this.applyRecord(rec);
      if (this.journalOffset >= ROTATE_AT && this.journalOffset === st.size) this.rotateJournal();
    } finally {
      fs.closeSync(fd);
    }
  }

  private rotateJournal(): void {
    const file = this.opts.loc.journal;
    // A name per rotation: under a fast stream a second rotation can come before the first re-read.
    const aside = `${file}.${process.pid}.${(this.rotations += 1)}.old`;
    try {
      fs.renameSync(file, aside);
    } catch {
      return;
    }
    // Everything before this offset of the old file is applied; the new file starts from zero.
    const asideOffset = this.journalOffset;
    this.journalOffset = 0;
    this.journalIno = 0;
    // A shim that opened the file just before the rename appends to the old inode: read its tail once more.
    setTimeout(() => {
      try {
        const parsed = parseJournal(fs.readFileSync(aside).subarray(asideOffset), true);
        for (const rec of parsed.records) this.applyRecord(rec);
      } catch {
        /* gone */
      }
      fs.rmSync(aside, { force: true });
    }, 100);
  }

  /** Applies one shim record; a bad one is logged and dropped, never fatal. Returns the rejection. */
  applyRecord(rec: Record<string, string>): string | null {
    try {
      const outcome = timed(this.metrics.records, () => this.state.apply(rec, this.facts, new Date()));
      for (const [level, obj] of outcome.logs) this.log[level](obj, String(obj.event));
      for (const ev of outcome.events) this.broadcast(ev);
      this.scheduleSave();
      return null;
    } catch (err) {
      if (!(err instanceof RecordError)) throw err;
      this.log.warn({ event: 'record_rejected', err: err.message }, 'rejected a shim record');
      return err.message;
    }
  }

  private onStream(ws: WebSocket): void {
    ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL, version: VERSION }));
    ws.on('message', () => ws.send(JSON.stringify({ type: 'error', error: 'this stream is one-way', hint: 'send requests over HTTP' })));
  }

  private broadcast(event: Record<string, unknown>): void {
    if (!this.wss || this.wss.clients.size === 0) return;
    const text = JSON.stringify({ at: new Date().toISOString(), ...event });
    for (const client of this.wss.clients) if (client.readyState === client.OPEN) client.send(text);
  }

  status(): Record<string, unknown> {
    this.readJournal();
    if (this.state.prune(pidAlive).length > 0) this.scheduleSave();
    const envs = [...this.plans.values()].map(({ plan, planId }) => ({
      prefix: plan.prefix,
      envName: plan.envName,
      ok: plan.ok,
      goroot: plan.goroot,
      goVersion: plan.goVersion,
      source: plan.source,
      why: plan.why,
      planId,
    }));
    const mem = process.memoryUsage();
    return {
      daemon: { pid: process.pid, version: VERSION, protocol: PROTOCOL, socket: this.opts.loc.socket, startedAt: this.startedAt, log: this.opts.loc.log, rssBytes: mem.rss, heapUsedBytes: mem.heapUsed },
      sessions: this.state.sessionList(),
      conflicts: this.state.conflicts,
      envs,
      discovered: { envs: this.layout?.envs.length ?? 0, roots: this.layout?.roots ?? [], envsDirs: this.layout?.envsDirs ?? [] },
      watch: this.watchStats(),
      metrics: {
        records: this.metrics.records.summary(),
        refreshes: this.metrics.refreshes.summary(),
        requests: Object.fromEntries([...this.metrics.routes].map(([route, w]) => [route, w.summary()])),
      },
    };
  }

  /** Counting 2,000+ watches (in /proc and in chokidar) costs milliseconds: done at most once a second. */
  private watchStats(): { roots: number; paths: number; inotifyWatches: number | null } {
    const now = Date.now();
    if (!this.watchFigures || now - this.watchFigures.at > 1000) {
      this.watchFigures = { at: now, value: { roots: this.envWatcher?.rootCount() ?? 0, paths: this.envWatcher?.watchedPaths() ?? 0, inotifyWatches: countInotifyWatches() } };
    }
    return this.watchFigures.value;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    try {
      const body = await readBody(req);
      const url = (req.url ?? '/').split('?')[0]!;
      // Measured from a complete request to the response handed to the kernel: the daemon's own share.
      const route = `${req.method} ${url}`;
      let window = this.metrics.routes.get(route);
      if (!window && this.metrics.routes.size < 32) this.metrics.routes.set(route, (window = new LatencyWindow(5000)));
      const run = () => send(200, this.route(req.method ?? 'GET', url, body));
      if (window) timed(window, run);
      else run();
    } catch (err) {
      if (err instanceof HttpError) {
        this.log.warn({ event: 'bad_request', method: req.method, url: req.url, status: err.status, err: err.message }, 'bad request');
        send(err.status, { error: err.message, hint: err.hint });
      } else {
        this.log.error({ event: 'request_failed', url: req.url, err: (err as Error).stack }, 'request failed');
        send(500, { error: `internal error: ${(err as Error).message}`, hint: `see the log at ${this.opts.loc.log}` });
      }
    }
  }

  private route(method: string, url: string, body: unknown): unknown {
    const m = /^\/v(\d+)(\/.*)$/.exec(url);
    if (!m) throw new HttpError(404, `unknown path ${url}`, `requests go to /v${PROTOCOL}/...`);
    if (Number(m[1]) !== PROTOCOL) throw new HttpError(400, `protocol v${m[1]} is not spoken here (this daemon, gocondad ${VERSION}, speaks v${PROTOCOL})`, 'use the gocondad CLI of the same version as the daemon, or restart the daemon: gocondad stop && gocondad start');
    const routes: Record<string, Record<string, () => unknown>> = {
      '/hello': { GET: () => ({ protocol: PROTOCOL, version: VERSION, pid: process.pid }) },
      '/status': { GET: () => this.status() },
      '/refresh': { POST: () => this.refresh('request') },
      '/events': { POST: () => this.acceptEvents(body) },
      '/stop': {
        POST: () => {
          setImmediate(() => void this.stop('request'));
          return { stopping: true };
        },
      },
    };
    const route = routes[m[2]!];
    if (!route) throw new HttpError(404, `unknown path ${url}`, `known: ${Object.keys(routes).map((r) => `/v${PROTOCOL}${r}`).join(', ')}, and the WebSocket /v${PROTOCOL}/stream`);
    const handler = route[method];
    if (!handler) throw new HttpError(405, `${method} not allowed on ${url}`, `use ${Object.keys(route).join(' or ')}`);
    return handler();
  }

  /** Same records as the journal, as JSON: {records: [{v, ev, pid, lvl, prefix, ...}]}. */
  private acceptEvents(body: unknown): unknown {
    const records = (body as { records?: unknown })?.records;
    if (!Array.isArray(records)) throw new HttpError(400, 'expected {"records": [...]}', 'each record is an object of string fields, as the shims write them');
    const errors: string[] = [];
    records.forEach((r, i) => {
      if (typeof r !== 'object' || r === null || Object.values(r).some((v) => typeof v !== 'string')) {
        errors.push(`record ${i}: not an object of strings`);
        return;
      }
      const rejected = this.applyRecord(r as Record<string, string>);
      if (rejected !== null) errors.push(`record ${i}: ${rejected}`);
    });
    if (errors.length > 0) throw new HttpError(400, errors.join('; '), 'fix the listed records; the others were applied');
    return { accepted: records.length };
  }

  stop(reason: string): Promise<void> {
    this.stopping ??= (async () => {
      this.log.info({ event: 'daemon_stopping', reason }, 'gocondad daemon stopping');
      this.watcher?.close();
      await this.envWatcher?.close();
      if (this.saveTimer) clearTimeout(this.saveTimer);
      this.readJournal();
      this.saveState();
      // terminate, not close: a close handshake with a gone peer would hold the server open.
      for (const client of this.wss?.clients ?? []) client.terminate();
      this.wss?.close();
      await new Promise<void>((resolve) => {
        if (!this.server) return resolve();
        this.server.close(() => resolve());
        this.server.closeAllConnections();
      });
      fs.rmSync(this.opts.loc.socket, { force: true });
      this.releaseLock?.();
      this.log.info({ event: 'daemon_stopped', reason }, 'gocondad daemon stopped');
      this.opts.onStopped?.();
    })();
    return this.stopping;
  }
}

function readBody(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY && !failed) {
        failed = true;
        reject(new HttpError(413, `request body over ${MAX_BODY} bytes`, 'send smaller requests'));
        req.resume();
        return;
      }
      if (!failed) chunks.push(c);
    });
    req.on('end', () => {
      if (failed) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch (err) {
        reject(new HttpError(400, `request body is not JSON: ${(err as Error).message}`, 'send a JSON body with content-type application/json'));
      }
    });
    req.on('error', reject);
  });
}
