// Projects where `gocondad sync` last ran, in the user's state dir (sync-projects.json), so the daemon
// can re-check them when their env changes. One entry per go.mod dir; the env is the prefix sync judged
// (or the active env at the time), null when it judged files only.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from './fsatomic';

export interface Project {
  dir: string;
  prefix: string | null;
  /** the --tags of that run, so the daemon judges with the same build tags */
  tags?: string[];
  lastRun: string;
}

export function projectsFile(stateDir: string): string {
  return path.join(stateDir, 'sync-projects.json');
}

export function readProjects(stateDir: string): Project[] {
  try {
    const raw = JSON.parse(fs.readFileSync(projectsFile(stateDir), 'utf8')) as { projects?: Project[] };
    return Array.isArray(raw.projects) ? raw.projects.filter((p) => typeof p?.dir === 'string') : [];
  } catch {
    return [];
  }
}

/** Pure: the list with `project` added or refreshed. */
export function withProject(list: Project[], project: Project): Project[] {
  return [...list.filter((p) => p.dir !== project.dir), project].sort((a, b) => a.dir.localeCompare(b.dir));
}

/** Adds or refreshes `project`; entries whose go.mod is gone (a CI checkout, a deleted clone) are dropped. */
export function registerProject(stateDir: string, project: Project): void {
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const alive = readProjects(stateDir).filter((p) => fs.existsSync(path.join(p.dir, 'go.mod')));
  writeFileAtomic(projectsFile(stateDir), `${JSON.stringify({ projects: withProject(alive, project) }, null, 2)}\n`);
}

export function projectsOfEnv(projects: Project[], prefix: string): Project[] {
  return projects.filter((p) => p.prefix === prefix);
}

/** Cheap: whether any project is registered with this env (asked before loading the checker). */
export function hasProjects(stateDir: string, prefix: string): boolean {
  return projectsOfEnv(readProjects(stateDir), prefix).length > 0;
}
