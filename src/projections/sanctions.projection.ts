import type { Database, Statement } from 'better-sqlite3';
import { Sanctions, sanctions, sanctionsAt, SanctionsPackage } from '../domain/areas/sanctions';
import { entityKey, entityTerms } from '../domain/areas/sanctions-details';
import { CATALOGUE } from '../domain/catalogue/catalogue';
import { pairOf } from '../domain/pair';
import { KnownAction } from '../domain/state/knowledge';

/** The open end of a period: still so, as far as the log knows. */
export const OPEN = Number.MAX_SAFE_INTEGER;
const START = Number.MIN_SAFE_INTEGER;

interface OpenRow {
  id: number;
  fromAt: number;
  form: string;
}

/**
 * The package an action of the log is about, and the direction (`actor>target`) it acts in: the action's own
 * id for an imposition, the `sanctionsId` it names, or `kinds:<direction>` for a lift by kinds, which is about
 * every package of its actor on its target. For the actions as now known (`actions`), sanctions types only.
 */
const SANCTIONS_ACTIONS = `
  SELECT package, dir, at, position, current FROM (
    SELECT json_extract(current, '$.actor') || '>' || json_extract(current, '$.target') AS dir,
      CASE WHEN json_extract(current, '$.type') = 'SanctionsImposed' THEN event_id
        WHEN json_extract(current, '$.details.kinds') IS NOT NULL
          THEN 'kinds:' || json_extract(current, '$.actor') || '>' || json_extract(current, '$.target')
        ELSE json_extract(current, '$.details.sanctionsId') END AS package,
      at, position, current
    FROM actions WHERE retracted = 0 AND instr(current, '"type":"Sanctions') > 0 AND %WHERE%)
  WHERE package IS NOT NULL`;

/**
 * Maintains the sanctions read model that `GET /v1/sanctions` and `GET /v1/entities` answer from without
 * folding any pair: every package's periods of valid time, each with the package's form then (its status,
 * measures, expiry…), as the log knows them now, and the entities each period's measures name.
 *
 * A package's story is its own: its imposition, the actions naming it, and the lifts by kinds of its actor on
 * its target (`sanction_actions`, kept beside the actions as now known). A change refolds the packages it is
 * about from the valid time it touched (`changed`, then `flush` once per page), starting from the package as
 * its periods say it stood just before: earlier periods cannot have changed, and no other package's either.
 * The fold steps through each action and each instant the package changes by time alone (a lapse, a
 * suspension's end); a period ends where the package's form does.
 */
export class SanctionsProjection {
  private readonly q: Record<string, Statement>;
  /** Packages to refold, each from the earliest valid time a change touched. */
  private readonly touched = new Map<string, number>();

  constructor(private readonly db: Database) {
    const sql = {
      sanctionsAction: `INSERT INTO sanction_actions ${SANCTIONS_ACTIONS.replace('%WHERE%', 'position = ?')}`,
      allSanctionsActions: `INSERT INTO sanction_actions ${SANCTIONS_ACTIONS.replace('%WHERE%', '1')}`,
      actionAt: 'SELECT package, at FROM sanction_actions WHERE position = ?',
      dropAction: 'DELETE FROM sanction_actions WHERE position = ?',
      packagesOf: `SELECT DISTINCT package FROM sanction_actions WHERE dir = ? AND package NOT LIKE 'kinds:%'`,
      // Each package with the direction of its first action (as dirOf), in order of direction.
      allPackages: `SELECT package, dir FROM (SELECT package, dir,
          row_number() OVER (PARTITION BY package ORDER BY at, position) AS n
        FROM sanction_actions WHERE package NOT LIKE 'kinds:%') WHERE n = 1 ORDER BY dir`,
      dirOf: 'SELECT dir FROM sanction_actions WHERE package = ? LIMIT 1',
      story: `SELECT current FROM sanction_actions WHERE package IN (?, ?) AND at >= ? ORDER BY at, position`,
      storyOf: 'SELECT at, position, current FROM sanction_actions WHERE package = ? ORDER BY at, position',
      openAt: `SELECT id, from_at AS fromAt, form FROM sanction_periods
        WHERE package = ? AND from_at <= ? AND to_at > ? AND status != 'lifted'`,
      dropEntitiesAfter: `DELETE FROM sanction_entities WHERE period IN
        (SELECT id FROM sanction_periods WHERE package = ? AND from_at > ?)`,
      dropAfter: 'DELETE FROM sanction_periods WHERE package = ? AND from_at > ?',
      end: 'UPDATE sanction_periods SET to_at = ? WHERE id = ?',
      dropEntities: 'DELETE FROM sanction_entities WHERE period = ?',
      reform: `UPDATE sanction_periods SET status = ?, program = ?, kinds = ?, form = ? WHERE id = ?`,
      insert: `INSERT INTO sanction_periods (pair, package, package_pos, imposed_by, target, program, status, kinds,
        from_at, to_at, form) VALUES (?, ?, (SELECT position FROM actions WHERE event_id = ?), ?, ?, ?, ?, ?, ?, ?, ?)`,
      entity: 'INSERT OR IGNORE INTO sanction_entities (term, period, key, entity) VALUES (?, ?, ?, ?)',
    };
    this.q = Object.fromEntries(Object.entries(sql).map(([k, v]) => [k, db.prepare(v)]));
  }

  /** The action at this log position was recorded, corrected or retracted: the packages it was and is about. */
  changed(action: KnownAction, position: number): void {
    // Other areas' actions, most of the log, cost nothing here (a correction never changes an action's type).
    if (CATALOGUE[action.type].area !== 'sanctions') return;
    const before = this.q.actionAt.get(position) as { package: string; at: number } | undefined;
    this.q.dropAction.run(position);
    this.q.sanctionsAction.run(position);
    const after = this.q.actionAt.get(position) as { package: string; at: number } | undefined;
    for (const { package: key, at } of [before, after].flatMap((x) => x ?? [])) {
      const [, dir] = /^kinds:(.*)$/.exec(key) ?? [];
      const packages = dir ? (this.q.packagesOf.all(dir) as { package: string }[]).map((r) => r.package) : [key];
      for (const p of packages) this.touched.set(p, Math.min(at, this.touched.get(p) ?? Infinity));
    }
  }

  /** Refolds the packages changes touched since the last call. */
  flush(): void {
    for (const [p, from] of this.touched) this.refresh(p, from);
    this.touched.clear();
  }

  /**
   * Folds every package of a filled generation, once its actions are as now known. A direction's lifts by kinds
   * are in the story of each of its packages: read and parsed once per direction here, not once per package
   * (which made a fill grow with packages × lifts: 47 of the 102 seconds of a 1,000,000-event rebuild), and
   * the packages are taken direction by direction, so only one direction's lifts are held at a time.
   */
  fill(): void {
    this.touched.clear();
    this.q.allSanctionsActions.run();
    let lifts: { dir?: string; told: Told[] } = { told: [] };
    for (const { package: p, dir } of this.q.allPackages.all() as { package: string; dir: string }[]) {
      if (lifts.dir !== dir) lifts = { dir, told: this.told(`kinds:${dir}`) };
      new PeriodWriter(this.q, new Map()).fold(inOrder(this.told(p), lifts.told), sanctionsAt([], START));
    }
  }

  /** A package's (or a direction's lifts by kinds) actions, in valid-time then log order. */
  private told(key: string): Told[] {
    const rows = this.q.storyOf.all(key) as { at: number; position: number; current: string }[];
    return rows.map(({ at, position, current }) => ({ at, position, action: JSON.parse(current) as KnownAction }));
  }

  /** Refolds a package's periods from valid time `from` on (`-Infinity`: all of them). */
  private refresh(pkg: string, from: number): void {
    // What stood just before `from` is in the periods: no change from `from` on can have touched them. Those
    // that begin later are folded again; the one open then (unless lifted: final) is continued or ended.
    const before = Number.isFinite(from) ? from - 1 : START;
    this.q.dropEntitiesAfter.run(pkg, before);
    this.q.dropAfter.run(pkg, before);
    const open = this.q.openAt.get(pkg, before, before) as OpenRow | undefined;
    if (open) this.q.end.run(OPEN, open.id);
    const { dir } = (this.q.dirOf.get(pkg) as { dir: string } | undefined) ?? { dir: '' };
    const rows = this.q.story.all(pkg, `kinds:${dir}`, before + 1) as { current: string }[];
    const actions = rows.map((r) => JSON.parse(r.current) as KnownAction);
    const standing = open ? [JSON.parse(open.form) as SanctionsPackage] : [];
    new PeriodWriter(this.q, new Map(open ? [[pkg, open]] : [])).fold(actions, sanctionsAt(standing, before));
  }
}

interface Told {
  at: number;
  position: number;
  action: KnownAction;
}

/** Two stories merged in the order the story query gives: valid time, then log position. */
function inOrder(a: Told[], b: Told[]): KnownAction[] {
  const merged: KnownAction[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const first = j >= b.length || (i < a.length && (a[i].at - b[j].at || a[i].position - b[j].position) < 0);
    merged.push((first ? a[i++] : b[j++]).action);
  }
  return merged;
}

/** Folds packages from a slice, writing a period wherever a package's form changes. */
class PeriodWriter {
  /** The package objects as last written: the fold replaces a package it changes, so identity tells. */
  private readonly seen = new Map<string, SanctionsPackage>();

  constructor(
    private readonly q: Record<string, Statement>,
    private readonly open: Map<string, OpenRow>,
  ) {}

  /** The area's own fold (advance to each action, apply it) on one copy, with the periods written as it goes. */
  fold(actions: KnownAction[], from: Sanctions) {
    const slice = sanctions.copy(from);
    let liftedSeen = 0;
    const emit = (at: number) => {
      for (const p of Object.values(slice.packages)) this.write(p, at);
      for (; liftedSeen < slice.lifted.length; liftedSeen++) this.write(slice.lifted[liftedSeen], at);
    };
    /** The instants before `until` at which packages change by time alone. */
    const byTime = (until: number) => {
      for (let due = slice.due; due !== null && due < until; due = slice.due) {
        sanctions.advance!(slice, due);
        emit(due);
      }
    };
    for (let i = 0; i < actions.length;) {
      const at = actions[i].at;
      byTime(at);
      for (; i < actions.length && actions[i].at === at; i++) {
        const a = actions[i];
        if (CATALOGUE[a.type].area !== 'sanctions') continue;
        sanctions.advance!(slice, at);
        sanctions.apply(slice, a as Parameters<typeof sanctions.apply>[1]);
      }
      emit(at);
    }
    byTime(Infinity);
  }

  /** The package's form from `at` on: a new period if it differs from the one open. */
  private write(p: SanctionsPackage, at: number) {
    if (this.seen.get(p.id) === p) return;
    this.seen.set(p.id, p);
    const form = JSON.stringify(p);
    const open = this.open.get(p.id);
    if (open?.form === form) return;
    const program = p.program?.toLowerCase() ?? null;
    const kinds = ` ${[...new Set(p.measures.map((m) => m.kind))].join(' ')} `;
    let id: number;
    if (open && open.fromAt === at) {
      id = open.id;
      this.q.reform.run(p.status, program, kinds, form, id);
      this.q.dropEntities.run(id);
    } else {
      if (open) this.q.end.run(at, open.id);
      const pair = pairOf(p.imposedBy, p.target).join('-');
      const row = [pair, p.id, p.id, p.imposedBy, p.target, program, p.status, kinds, at, OPEN, form];
      id = Number(this.q.insert.run(...row).lastInsertRowid);
    }
    this.open.set(p.id, { id, fromAt: at, form });
    for (const m of p.measures) {
      for (const e of m.entities ?? []) {
        const entity = JSON.stringify(e);
        for (const term of entityTerms(e)) this.q.entity.run(term, id, entityKey(e), entity);
      }
    }
  }
}
