import type { Migration } from './migration'

/**
 * Issue 9: indexes that synchronizations paid for on every row and queries barely or never used.
 * - domain_users_last_name: search matches last names with LIKE, which (case-insensitive, with an
 *   ESCAPE) never used it; each of 50,000 users written still entered it.
 * - ldap_provisioning_line: most users an LDAP synchronization creates get no planned line, yet each
 *   entered this index with a NULL key. Only planned lines enter it now: the one query that uses it
 *   asks for planned lines, and removing a device (which clears its planned lines' processor) is rare
 *   enough to scan for them.
 */
export const m013LighterIndexes: Migration = {
  name: 'drop the unused last-name index; index only planned lines of LDAP provisioning',
  up(db) {
    db.exec(`
      DROP INDEX domain_users_last_name;
      DROP INDEX ldap_provisioning_line;
      CREATE INDEX ldap_provisioning_line ON ldap_provisioning(line_processor_id) WHERE line_dn IS NOT NULL;
    `)
  }
}
