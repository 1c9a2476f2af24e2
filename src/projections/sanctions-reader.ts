import type { Database, Statement } from 'better-sqlite3';
import { nextChange, PackageStatus, sanctions, SanctionsPackage } from '../domain/areas/sanctions';
import { Entity, entityKey, entityName, entityTerms } from '../domain/areas/sanctions-details';
import { Pair } from '../domain/pair';
import { RelationReader } from './relation-reader';

/** What a search across pairs asks: packages on `asOf` as known at `knownAt`, narrowed by each filter given. */
export interface PackageFilter {
  asOf: number;
  knownAt: number;
  statuses: readonly PackageStatus[];
  target?: string;
  imposedBy?: string;
  /** A kind of measure the package has in force. */
  kind?: string;
  /** An entity a measure names: its name or one of its ids, whatever the case. */
  entity?: string;
  program?: string;
}

/** A package found, with its place in the answers' order: the position of the action that imposed it. */
export interface Found {
  position: number;
  package: SanctionsPackage;
}

/** A package that changed by time alone at `at` (it lapsed, or its suspension ended), as it stood then. */
export interface TimedChange {
  at: number;
  package: SanctionsPackage;
}

export interface EntityFound {
  key: string;
  name: string;
  ids?: { opensanctions?: string; wikidata?: string };
  packages: { id: string; imposedBy: string; target: string; status: string; program?: string; measureIds: string[] }[];
}

interface Row {
  position: number;
  pair: string;
  form: string;
}

const like = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Answers the searches across pairs from the sanctions periods (`SanctionsProjection`), without folding
 * any pair: one indexed query for the packages in force on a date. As known at an earlier `knownAt`, the
 * pairs whose record changed since are folded instead (`RelationReader`), and the others answered from
 * the periods, which are theirs as then known.
 */
export class SanctionsReader {
  private db!: Database;
  private readonly statements = new Map<string, Statement>();

  constructor(
    db: Database,
    private readonly relations: RelationReader,
  ) {
    this.use(db);
  }

  /** Points the reader at another generation of the read store (after a rebuild). */
  use(db: Database): void {
    this.db = db;
    this.statements.clear();
  }

  private prepare(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  /** The packages matching `f`, in the order they were imposed in the log, after position `after`: a page and the next. */
  packages(f: PackageFilter, after: number, limit: number): { found: Found[]; next: number | null } {
    const changed = this.changedPairs(f);
    const { where, params } = this.conditions(f, changed);
    const sql = `SELECT p.package_pos AS position, p.pair, p.form FROM sanction_periods p
      WHERE ${[...where, 'p.package_pos > ?'].join(' AND ')} ORDER BY p.package_pos LIMIT ?`;
    const rows = this.prepare(sql).all(...params, after, limit + 1) as Row[];
    const found = [
      ...rows.map((r) => ({ position: r.position, package: JSON.parse(r.form) as SanctionsPackage })),
      ...this.folded(f, changed).filter((x) => x.position > after),
    ].sort((a, b) => a.position - b.position);
    const page = found.slice(0, limit);
    return { found: page, next: found.length > limit ? page[page.length - 1].position : null };
  }

  /**
   * The packages that change by time alone after `from` and at or before `to`, in the order they do: a lapse
   * (the expiry passed with no renewal extending it, as the log knows now: a renewal recorded later takes it
   * back) or a suspension's end. One index range of the periods that begin then (`(status, from_at)`), each
   * kept if the package's form before it was due to change at that instant (an amendment while lapsed is no
   * second lapse), whatever the number of packages. What watches ask.
   */
  timedChanges(from: number, to: number): TimedChange[] {
    const sql = `SELECT p.from_at AS at, p.form, q.from_at AS since, q.form AS before FROM sanction_periods p
      JOIN sanction_periods q ON q.package = p.package AND q.to_at = p.from_at
      WHERE p.status IN ('active', 'lapsed') AND p.from_at > ? AND p.from_at <= ?
      ORDER BY p.from_at, p.package_pos`;
    const rows = this.prepare(sql).all(from, to) as { at: number; form: string; since: number; before: string }[];
    return rows
      .filter((r) => nextChange(JSON.parse(r.before) as SanctionsPackage, r.since) === r.at)
      .map((r) => ({ at: r.at, package: JSON.parse(r.form) as SanctionsPackage }));
  }

  /** Entities named by packages matching `f` whose name or id contains `q`, by key after `after`. */
  entities(
    f: PackageFilter,
    q: string,
    after: string,
    limit: number,
  ): { entities: EntityFound[]; next: string | null } {
    const changed = this.changedPairs(f);
    const { where, params } = this.conditions(f, changed);
    const sql = `SELECT e.key, e.entity, p.package_pos AS position, p.form
      FROM sanction_entities e JOIN sanction_periods p ON p.id = e.period
      WHERE ${[...where, "e.term LIKE ? ESCAPE '\\'", 'e.key > ?'].join(' AND ')} ORDER BY e.key, p.package_pos`;
    const groups = new Map<string, EntityFound>();
    const add = (key: string, entity: Entity, p: SanctionsPackage) => {
      let g = groups.get(key);
      if (!g) {
        const ids = typeof entity === 'string' ? undefined : entity.ids;
        groups.set(key, (g = { key, name: entityName(entity), ...(ids && { ids }), packages: [] }));
      }
      if (g.packages.some((x) => x.id === p.id)) return;
      const measureIds = p.measures.filter((m) => m.entities?.some((e) => entityKey(e) === key)).map((m) => m.id);
      const { id, imposedBy, target, status, program } = p;
      g.packages.push({ id, imposedBy, target, status, ...(program !== undefined && { program }), measureIds });
    };
    // The folded pairs' entities first; then the periods', in key order, until the page is full.
    const term = q.toLowerCase();
    for (const { package: p } of this.folded(f, changed)) {
      for (const e of p.measures.flatMap((m) => m.entities ?? [])) {
        const key = entityKey(e);
        if (key > after && entityTerms(e).some((t) => t.includes(term))) add(key, e, p);
      }
    }
    // Past limit + 1 keys of the periods, a later one cannot be on the page.
    const keys = new Set<string>();
    for (const r of this.prepare(sql).iterate(...params, like(q), after) as Iterable<
      Row & { key: string; entity: string }
    >) {
      if (!keys.has(r.key) && keys.size > limit) break;
      keys.add(r.key);
      add(r.key, JSON.parse(r.entity) as Entity, JSON.parse(r.form) as SanctionsPackage);
    }
    const all = [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
    const page = all.slice(0, limit);
    return { entities: page, next: all.length > limit ? page[page.length - 1].key : null };
  }

  /** The SQL conditions of a filter on the periods (`p`), leaving out the pairs to fold. */
  private conditions(f: PackageFilter, changed: Pair[]) {
    const where = ['p.from_at <= ?', 'p.to_at > ?', `p.status IN (${f.statuses.map(() => '?').join(', ')})`];
    const params: unknown[] = [f.asOf, f.asOf, ...f.statuses];
    const add = (condition: string, value: unknown) => (where.push(condition), params.push(value));
    if (f.target) add('p.target = ?', f.target);
    if (f.imposedBy) add('p.imposed_by = ?', f.imposedBy);
    if (f.program) add('p.program = ?', f.program.toLowerCase());
    if (f.kind) add('instr(p.kinds, ?) > 0', ` ${f.kind} `);
    if (f.entity) add('p.id IN (SELECT period FROM sanction_entities WHERE term = ?)', f.entity.toLowerCase());
    if (changed.length)
      add('p.pair NOT IN (SELECT value FROM json_each(?))', JSON.stringify(changed.map((p) => p.join('-'))));
    return { where, params };
  }

  /** The pairs of the filter's parties whose record changed after `knownAt`: none as known now. */
  private changedPairs(f: PackageFilter): Pair[] {
    const party = f.target ?? f.imposedBy;
    const sql = party
      ? 'SELECT a, b FROM pairs WHERE last_recorded_at > ? AND (a = ? OR b = ?)'
      : 'SELECT a, b FROM pairs WHERE last_recorded_at > ?';
    const rows = this.prepare(sql).all(...(party ? [f.knownAt, party, party] : [f.knownAt])) as {
      a: string;
      b: string;
    }[];
    return rows.map((r) => [r.a, r.b] as const);
  }

  /** The matching packages of pairs folded as known at `knownAt`. */
  private folded(f: PackageFilter, pairs: Pair[]): Found[] {
    const position = this.prepare('SELECT position FROM actions WHERE event_id = ?');
    const entity = f.entity?.toLowerCase();
    return pairs.flatMap((pair) => {
      const { state } = this.relations.stateAt(pair, f.asOf, f.knownAt, f.statuses.includes('lifted'));
      return sanctions
        .view(state.sanctions, { include: f.statuses })
        .filter(
          (p) =>
            f.statuses.includes(p.status) &&
            (!f.target || p.target === f.target) &&
            (!f.imposedBy || p.imposedBy === f.imposedBy) &&
            (!f.program || p.program?.toLowerCase() === f.program.toLowerCase()) &&
            (!f.kind || p.measures.some((m) => m.kind === f.kind)) &&
            (!entity || p.measures.some((m) => m.entities?.some((e) => entityTerms(e).includes(entity)))),
        )
        .map((p) => ({ position: (position.get(p.id) as { position: number }).position, package: p }));
    });
  }
}
