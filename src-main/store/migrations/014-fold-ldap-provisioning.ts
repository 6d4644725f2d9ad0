import type { Migration } from './migration'

/**
 * Issue 9: what LDAP synchronization decided for a user it created (roles, service area, planned
 * line) moves from its own table onto the user's row. A second row per created user cost a 50,000-user
 * synchronization 145 ms of its 780, and every write of a domain then deleted the provisioning of
 * users no longer in it; on the user's row it comes and goes with the user. A user without LDAP
 * provisioning has NULL roles. Comparisons are spelled out instead of IN (…): SQLite builds a table
 * for an IN list each time a one-row INSERT runs.
 */
export const m014FoldLdapProvisioning: Migration = {
  name: 'LDAP provisioning on the domain user row',
  up(db) {
    db.exec(`
      ALTER TABLE domain_users ADD COLUMN provisioned_roles TEXT;
      ALTER TABLE domain_users ADD COLUMN provisioned_area_id INTEGER
        REFERENCES service_areas(id) ON DELETE SET NULL;
      ALTER TABLE domain_users ADD COLUMN planned_line_dn TEXT;
      ALTER TABLE domain_users ADD COLUMN planned_line_source TEXT
        CHECK ((planned_line_source IS NULL AND planned_line_dn IS NULL)
          OR ((planned_line_source = 'block' OR planned_line_source = 'directory' OR planned_line_source = 'masked')
            AND planned_line_dn IS NOT NULL));
      ALTER TABLE domain_users ADD COLUMN planned_line_processor_id INTEGER
        REFERENCES devices(id) ON DELETE SET NULL;
      UPDATE domain_users SET
        provisioned_roles = p.roles,
        provisioned_area_id = p.service_area_id,
        planned_line_dn = p.line_dn,
        planned_line_source = p.line_source,
        planned_line_processor_id = p.line_processor_id
      FROM ldap_provisioning p
      WHERE p.userid_key = domain_users.userid_key AND p.domain_id = domain_users.domain_id;
      DROP TABLE ldap_provisioning;
      -- A number handed out from a block goes to one user per Call Processor.
      CREATE UNIQUE INDEX domain_users_block_line ON domain_users(planned_line_processor_id, planned_line_dn)
        WHERE planned_line_source = 'block';
      CREATE INDEX domain_users_planned_line ON domain_users(planned_line_processor_id)
        WHERE planned_line_dn IS NOT NULL;
    `)
  }
}
