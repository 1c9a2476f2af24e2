import Database from 'better-sqlite3';
import { Hash } from './merkle';

/**
 * The Merkle tree's file (`log-tree.db` in the data dir): each leaf with the log position of its event, and each
 * perfect subtree above the leaves, written as the leaves come. Derived from the log, like the read models (WAL,
 * synchronous=FULL as every file of the service), rebuilt from the log if lost. What it adds is memory: a leaf is hashed once, when its event is new, so an event changed in
 * the log afterwards no longer matches its leaf.
 */
export class TreeFile {
  private readonly db: Database.Database;
  private readonly s: ReturnType<typeof statements>;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS leaves (idx INTEGER PRIMARY KEY, position INTEGER NOT NULL UNIQUE, hash BLOB NOT NULL);
      CREATE TABLE IF NOT EXISTS nodes (
        level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)
      ) WITHOUT ROWID;
    `);
    this.s = statements(this.db);
  }

  /** The number of leaves, and the position of the last one's event (0 for none). */
  size(): { leaves: number; lastPosition: number } {
    const last = this.s.last.get();
    return last ? { leaves: last.idx + 1, lastPosition: last.position } : { leaves: 0, lastPosition: 0 };
  }

  /** Appends leaves in one transaction, and every perfect subtree they complete. */
  readonly append = (leaves: { position: number; hash: Hash }[], node: (l: Hash, r: Hash) => Hash): void =>
    this.db.transaction(() => {
      let index = this.size().leaves;
      for (const leaf of leaves) {
        this.s.leaf.run(index, leaf.position, leaf.hash);
        // A right child completes its parent, and so on up while it is a right child.
        let [level, j, hash] = [0, index, leaf.hash];
        while (j % 2 === 1) {
          hash = node(this.perfect(level, j - 1), hash);
          [level, j] = [level + 1, (j - 1) / 2];
          this.s.node.run(level, j, hash);
        }
        index++;
      }
    })();

  /** The hash of the perfect subtree at `level` (0: a leaf) and `index`. */
  readonly perfect = (level: number, index: number): Hash => {
    const hash = level === 0 ? this.s.leafHash.get(index) : this.s.nodeHash.get(level, index);
    if (!hash) throw new Error(`the tree has no node at level ${level}, index ${index}`);
    return hash;
  };

  indexOf(position: number): number | undefined {
    return this.s.indexOf.get(position);
  }

  positionOf(index: number): number | undefined {
    return this.s.positionOf.get(index);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function statements(db: Database.Database) {
  return {
    last: db.prepare<[], { idx: number; position: number }>(
      'SELECT idx, position FROM leaves ORDER BY idx DESC LIMIT 1',
    ),
    leaf: db.prepare<[number, number, Buffer]>('INSERT INTO leaves (idx, position, hash) VALUES (?, ?, ?)'),
    node: db.prepare<[number, number, Buffer]>('INSERT INTO nodes (level, idx, hash) VALUES (?, ?, ?)'),
    leafHash: db.prepare<[number], Buffer>('SELECT hash FROM leaves WHERE idx = ?').pluck(),
    nodeHash: db.prepare<[number, number], Buffer>('SELECT hash FROM nodes WHERE level = ? AND idx = ?').pluck(),
    indexOf: db.prepare<[number], number>('SELECT idx FROM leaves WHERE position = ?').pluck(),
    positionOf: db.prepare<[number], number>('SELECT position FROM leaves WHERE idx = ?').pluck(),
  };
}
