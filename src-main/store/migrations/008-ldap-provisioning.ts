import type { Migration } from './migration'

/**
 * Automatic provisioning of new directory users (seed 000 table 7 and "masks"): LDAP filters on
 * service areas and user roles, a service area's line-number options, and what LDAP synchronization
 * decided for each user it created. That decision has a table of its own because domain
 * synchronization rewrites domain_users wholesale; it is keyed like domain_users and pruned with it.
 */
export const m008LdapProvisioning: Migration = {
  name: 'LDAP provisioning: service-area and role filters, line numbers, planned lines',
  up(db) {
    db.exec(`
      ALTER TABLE service_areas ADD COLUMN ldap_filter TEXT;
      ALTER TABLE service_areas ADD COLUMN assign_line_from_block INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE service_areas ADD COLUMN mask_ldap_numbers INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE service_areas ADD COLUMN ldap_number_mask TEXT;
      ALTER TABLE user_roles ADD COLUMN ldap_filter TEXT;

      CREATE TABLE ldap_provisioning (
        userid_key TEXT PRIMARY KEY,
        domain_id INTEGER NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
        service_area_id INTEGER REFERENCES service_areas(id) ON DELETE SET NULL,
        roles TEXT NOT NULL,
        line_dn TEXT,
        line_source TEXT CHECK (line_source IN ('block','directory','masked')),
        line_processor_id INTEGER REFERENCES devices(id) ON DELETE SET NULL,
        run_id INTEGER NOT NULL,
        CHECK ((line_dn IS NULL) = (line_source IS NULL))
      ) WITHOUT ROWID;
      CREATE INDEX ldap_provisioning_domain ON ldap_provisioning(domain_id);
      -- A number handed out from a block goes to one user per Call Processor.
      CREATE UNIQUE INDEX ldap_provisioning_block_line ON ldap_provisioning(line_processor_id, line_dn)
        WHERE line_source = 'block';
      CREATE INDEX ldap_provisioning_line ON ldap_provisioning(line_processor_id);
    `)
  }
}
