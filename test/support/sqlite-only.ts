/**
 * For suites about the embedded store's file (its hash chain, backups, a full disk, kills): the
 * `eventstoredb` jest project runs every end-to-end suite on that adapter, where they do not apply.
 */
export const describeSqlite = process.env.E2E_EVENT_STORE === 'eventstoredb' ? describe.skip : describe;
