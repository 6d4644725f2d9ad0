import type { Migration } from './migration'

/**
 * Issue 9: the fields of each inventory object that domain synchronization reads (JSON, NULL for
 * types it does not read), indexed after the key so that the index covers its reads and is appended
 * to in key order, as the table is. Reading these for 40,000 users takes a third of reading and
 * parsing the objects whole. Rows of earlier builds get them at their device's next synchronization;
 * until then domain synchronization takes them from the data.
 */
export const m015InventoryDomainFields: Migration = {
  name: 'inventory fields read by domain synchronization, with a covering index',
  up(db) {
    db.exec(`
      ALTER TABLE inventory ADD COLUMN fields TEXT;
      CREATE INDEX inventory_domain_fields ON inventory(device_id, type, key, fields);
    `)
  }
}
