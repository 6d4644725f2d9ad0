import type { Migration } from './migration'

/**
 * Issue 9: a 40,000-user domain synchronization spent 0.8 s writing one domain_user_services row per
 * service (172,000 rows, three indexes, three foreign keys) and 0.5 s writing users into a WITHOUT
 * ROWID table whose rows (services as JSON, ~900 bytes) are too wide for one. What those rows served
 * is kept in cheaper shapes:
 * - global search by MAC address or directory number: the user's keys in two columns, space-separated
 *   with a space at each end (`␠AABBCCDDEEFF␠` / `␠1000␠2000␠`), matched with LIKE '% key %' (the
 *   service rows' index never served LIKE, which is case-insensitive, so search scanned them anyway);
 * - service counts per service area: service_area_usage, rewritten from the domain's users by each
 *   synchronization in the same transaction.
 */
export const m012DomainUsersSearchColumns: Migration = {
  name: 'domain users keep search keys in columns; service usage per service area',
  rebuildsTables: true,
  up(db) {
    const keys = (prefix: string): string =>
      `COALESCE((SELECT ' ' || group_concat(k, ' ') || ' ' FROM (SELECT DISTINCT substr(s.search_key, ${prefix.length + 1}) AS k
         FROM domain_user_services s WHERE s.userid_key = u.userid_key AND s.search_key LIKE '${prefix}%')), '')`
    db.exec(`
      CREATE TABLE domain_users_next (
        userid_key TEXT NOT NULL UNIQUE,
        userid TEXT NOT NULL,
        domain_id INTEGER NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        source TEXT NOT NULL,
        data TEXT NOT NULL,
        services TEXT NOT NULL,
        last_name_key TEXT NOT NULL,
        mac_keys TEXT NOT NULL,
        dn_keys TEXT NOT NULL,
        run_id INTEGER
      );
      INSERT INTO domain_users_next
        (userid_key, userid, domain_id, role, source, data, services, last_name_key, mac_keys, dn_keys, run_id)
        SELECT userid_key, userid, domain_id, role, source, data, services, last_name_key, ${keys('mac:')}, ${keys('dn:')}, run_id
        FROM domain_users u ORDER BY userid_key;

      CREATE TABLE service_area_usage (
        domain_id INTEGER NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
        service_area_id INTEGER NOT NULL REFERENCES service_areas(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        services INTEGER NOT NULL CHECK (services > 0),
        PRIMARY KEY (service_area_id, kind)
      ) WITHOUT ROWID;
      CREATE INDEX service_area_usage_domain ON service_area_usage(domain_id);
      INSERT INTO service_area_usage (domain_id, service_area_id, kind, services)
        SELECT a.domain_id, s.service_area_id, s.kind, COUNT(*) FROM domain_user_services s
        JOIN service_areas a ON a.id = s.service_area_id GROUP BY s.service_area_id, s.kind;

      DROP TABLE domain_user_services;
      DROP TABLE domain_users;
      ALTER TABLE domain_users_next RENAME TO domain_users;
      CREATE INDEX domain_users_domain ON domain_users(domain_id, userid_key);
      CREATE INDEX domain_users_last_name ON domain_users(last_name_key);
    `)
  }
}
