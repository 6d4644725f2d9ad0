// Store: numbered forward-only migrations, each tested on :memory:, WAL and foreign keys on.
import Database from 'better-sqlite3'
import { chmodSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrate, openDatabase, schemaVersion } from '../../src-main/store/db'
import { migrations } from '../../src-main/store/migrations'
import { DeviceSecretsTable } from '../../src-main/store/deviceSecrets'
import { DevicesTable } from '../../src-main/store/devices'
import { JobsTable, type JobDefinition } from '../../src-main/store/jobs'
import { ReviewSignersTable } from '../../src-main/store/reviewSigners'
import { SyncLogTable } from '../../src-main/store/syncLog'
import { SyncRunsTable } from '../../src-main/store/syncRuns'
import type { LogQuery } from '../../src-preload/contract'
import { tempDir } from './helpers/core'

/** A Call Processor, a domain on it and service area 7: what the domain-user migrations' rows point to. */
const DOMAIN_WITH_AREA = `
  INSERT INTO devices (id, name, kind, product, host, port, created_at, updated_at)
    VALUES (1, 'CUCM', 'call-processor', 'cucm', 'h', 8443, 'now', 'now');
  INSERT INTO domains (id, name, rules, created_at, updated_at) VALUES (1, 'D', '{}', 'now', 'now');
  INSERT INTO service_areas (id, domain_id, name, position, call_processor_id, attributes)
    VALUES (7, 1, 'Area', 1, 1, '{}');
`

describe('migrations', () => {
  it('apply one by one on an empty database, each bumping user_version', () => {
    const db = new Database(':memory:')
    expect(schemaVersion(db)).toBe(0)
    for (let version = 1; version <= migrations.length; version++) {
      migrate(db, version)
      expect(schemaVersion(db)).toBe(version)
    }
    db.close()
  })

  it('are idempotent when re-run on an up-to-date store', () => {
    const db = new Database(':memory:')
    migrate(db)
    migrate(db)
    expect(schemaVersion(db)).toBe(migrations.length)
    db.close()
  })

  it('refuse a store written by a newer build', () => {
    const db = new Database(':memory:')
    db.pragma(`user_version = ${migrations.length + 1}`)
    expect(() => migrate(db)).toThrow(/newer Switchboard/)
    db.close()
  })

  it('001 creates the device tables with their constraints', () => {
    const db = new Database(':memory:')
    migrate(db, 1)
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string
      }[]
    ).map((t) => t.name)
    expect(tables).toEqual(['connection_tests', 'device_secrets', 'devices', 'pinned_certificates'])
    const insert = db.prepare(
      "INSERT INTO devices (name, kind, product, host, port, created_at, updated_at) VALUES (?, ?, 'cucm', 'h', ?, 'now', 'now')"
    )
    insert.run('A', 'call-processor', 8443)
    expect(() => insert.run('a', 'call-processor', 8443)).toThrow(/UNIQUE/) // names are case-insensitive
    expect(() => insert.run('B', 'router', 8443)).toThrow(/CHECK/)
    expect(() => insert.run('C', 'call-processor', 70000)).toThrow(/CHECK/)
    db.close()
  })

  it('002 adds runs, logs and the inventory with its staging table, and log filters use their indexes', () => {
    const db = new Database(':memory:')
    migrate(db, 2)
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string
      }[]
    ).map((t) => t.name)
    expect(tables).toEqual(
      expect.arrayContaining(['inventory', 'inventory_staging', 'sync_log', 'sync_runs'])
    )
    const plan = (sql: string): string =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join(' ')
    const logPlan = (query: Partial<LogQuery>): string => {
      const { from, where } = SyncLogTable.plan({ runId: 1, offset: 0, limit: 100, ...query })
      return plan(`SELECT * FROM ${from} WHERE ${where.replace(/@\w+/g, "'x'")} ORDER BY seq LIMIT 100`)
    }
    expect(logPlan({ severity: 'error' })).toMatch(/USING INDEX sync_log_severity/)
    expect(logPlan({ code: 'X' })).toMatch(/USING INDEX sync_log_code/)
    expect(logPlan({ objectType: 'Phone' })).toMatch(/USING INDEX sync_log_type/)
    expect(logPlan({})).toMatch(/USING PRIMARY KEY/)
    expect(logPlan({ severity: 'error' })).not.toMatch(/TEMP B-TREE/)
    expect(
      plan("SELECT * FROM inventory WHERE device_id = 1 AND type = 'Phone' ORDER BY type, name LIMIT 10")
    ).toMatch(/USING (PRIMARY KEY|INDEX inventory_name)/)
    db.close()
  })

  it('005 rebuilds sync_runs for domain runs, keeping every run with its logs and staged rows', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(db, 4)
    db.prepare(
      "INSERT INTO devices (id, name, kind, product, host, port, created_at, updated_at) VALUES (1, 'CUCM', 'call-processor', 'cucm', 'h', 8443, 'now', 'now')"
    ).run()
    db.prepare(
      "INSERT INTO sync_runs (id, device_id, device_name, kind, status, started_at) VALUES (7, 1, 'CUCM', 'user', 'succeeded', 'now')"
    ).run()
    db.prepare(
      "INSERT INTO sync_log (run_id, seq, at, severity, code, message) VALUES (7, 1, 'now', 'info', 'SYNC_STARTED', 'm')"
    ).run()
    migrate(db, 5)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.prepare('SELECT id, device_id, domain_id, kind FROM sync_runs').all()).toEqual([
      { id: 7, device_id: 1, domain_id: null, kind: 'user' }
    ])
    expect((db.prepare('SELECT COUNT(*) AS n FROM sync_log WHERE run_id = 7').get() as { n: number }).n).toBe(
      1
    )
    db.prepare(
      "INSERT INTO domains (id, name, rules, created_at, updated_at) VALUES (1, 'West', '{}', 'now', 'now')"
    ).run()
    db.prepare(
      "INSERT INTO sync_runs (domain_id, device_name, kind, status, started_at) VALUES (1, 'West', 'domain', 'running', 'now')"
    ).run()
    // Logs still cascade from their run; a device in a domain cannot be deleted underneath it.
    db.prepare('DELETE FROM sync_runs WHERE id = 7').run()
    expect((db.prepare('SELECT COUNT(*) AS n FROM sync_log').get() as { n: number }).n).toBe(0)
    db.prepare('INSERT INTO domain_processors (domain_id, device_id, position) VALUES (1, 1, 0)').run()
    expect(() => db.prepare('DELETE FROM devices WHERE id = 1').run()).toThrow(/FOREIGN KEY/)
    expect(() =>
      db
        .prepare("INSERT INTO domains (name, rules, created_at, updated_at) VALUES ('west', '{}', 'n', 'n')")
        .run()
    ).toThrow(/UNIQUE/)
    db.close()
  })

  it('011 drops the shared staging table with what unfinished runs of earlier builds left in it', () => {
    const db = new Database(':memory:')
    migrate(db, 10)
    db.prepare(
      "INSERT INTO sync_runs (id, device_name, kind, status, started_at) VALUES (1, 'D', 'user', 'interrupted', 'now')"
    ).run()
    db.prepare(
      "INSERT INTO inventory_staging (run_id, type, key, name, data) VALUES (1, 'Phone', 'k', 'SEP1', '{}')"
    ).run()
    migrate(db, 11)
    expect(
      db.prepare("SELECT name FROM sqlite_master WHERE name = 'inventory_staging'").get()
    ).toBeUndefined()
    expect(db.prepare('SELECT COUNT(*) AS n FROM sync_runs').get()).toEqual({ n: 1 })
  })

  it('012 moves search keys into user columns and counts services per service area', () => {
    const db = new Database(':memory:')
    migrate(db, 11)
    db.exec(DOMAIN_WITH_AREA)
    db.exec(`
      INSERT INTO domain_users (userid_key, userid, domain_id, role, source, data, services, last_name_key)
        VALUES ('ann', 'Ann', 1, 'Employee', 'CUCM', '{}', '[]', 'a'), ('bob', 'Bob', 1, 'Employee', 'CUCM', '{}', '[]', 'b');
      INSERT INTO domain_user_services (domain_id, userid_key, kind, search_key, service_area_id) VALUES
        (1, 'ann', 'Phone', 'mac:AABBCCDDEEFF', 7), (1, 'ann', 'Line', 'dn:1000', 7),
        (1, 'ann', 'Line', 'dn:1001', NULL), (1, 'ann', 'Voicemail', 'dn:1000', NULL),
        (1, 'bob', 'Enable Mobility Support', NULL, 7);
    `)
    migrate(db, 12)
    expect(
      db.prepare('SELECT userid_key, mac_keys, dn_keys FROM domain_users ORDER BY userid_key').all()
    ).toEqual([
      { userid_key: 'ann', mac_keys: ' AABBCCDDEEFF ', dn_keys: ' 1000 1001 ' },
      { userid_key: 'bob', mac_keys: '', dn_keys: '' }
    ])
    expect(
      db
        .prepare('SELECT domain_id, service_area_id, kind, services FROM service_area_usage ORDER BY kind')
        .all()
    ).toEqual([
      { domain_id: 1, service_area_id: 7, kind: 'Enable Mobility Support', services: 1 },
      { domain_id: 1, service_area_id: 7, kind: 'Line', services: 1 },
      { domain_id: 1, service_area_id: 7, kind: 'Phone', services: 1 }
    ])
    expect(
      db.prepare("SELECT name FROM sqlite_master WHERE name = 'domain_user_services'").get()
    ).toBeUndefined()
    // A deleted service area takes its counts along.
    db.prepare('DELETE FROM service_areas WHERE id = 7').run()
    expect(db.prepare('SELECT COUNT(*) AS n FROM service_area_usage').get()).toEqual({ n: 0 })
    db.close()
  })

  it('013 drops the last-name index no search used, and indexes planned lines only', () => {
    const db = new Database(':memory:')
    migrate(db, 13)
    const indexes = (table: string) =>
      (db.prepare(`SELECT name FROM pragma_index_list('${table}') ORDER BY name`).all() as { name: string }[])
        .map((i) => i.name)
        .filter((name) => !name.startsWith('sqlite_'))
    expect(indexes('domain_users')).toEqual(['domain_users_domain'])
    expect(indexes('ldap_provisioning')).toEqual([
      'ldap_provisioning_block_line',
      'ldap_provisioning_domain',
      'ldap_provisioning_line'
    ])
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join(' ')
    expect(
      plan('SELECT line_dn FROM ldap_provisioning WHERE line_processor_id = 1 AND line_dn IS NOT NULL')
    ).toMatch(/USING INDEX ldap_provisioning_line/)
    db.close()
  })

  it('014 moves LDAP provisioning onto the user rows and keeps block numbers unique', () => {
    const db = new Database(':memory:')
    migrate(db, 13)
    db.exec(DOMAIN_WITH_AREA)
    db.exec(`
      INSERT INTO domain_users (userid_key, userid, domain_id, role, source, data, services, last_name_key, mac_keys, dn_keys)
        VALUES ('ann', 'Ann', 1, 'Sales', 'LDAP', '{}', '[]', 'a', '', ''),
               ('bob', 'Bob', 1, 'Employee', 'LDAP', '{}', '[]', 'b', '', ''),
               ('cy', 'Cy', 1, 'Employee', 'CUCM', '{}', '[]', 'c', '', '');
      INSERT INTO ldap_provisioning (userid_key, domain_id, service_area_id, roles, line_dn, line_source, line_processor_id, run_id)
        VALUES ('ann', 1, 7, '["Sales","Employee"]', '4080001', 'block', 1, 3),
               ('bob', 1, NULL, '["Employee"]', NULL, NULL, NULL, 3);
    `)
    migrate(db, 14)
    expect(
      db
        .prepare(
          'SELECT userid_key, provisioned_roles, provisioned_area_id, planned_line_dn, planned_line_source, planned_line_processor_id FROM domain_users ORDER BY userid_key'
        )
        .all()
    ).toEqual([
      {
        userid_key: 'ann',
        provisioned_roles: '["Sales","Employee"]',
        provisioned_area_id: 7,
        planned_line_dn: '4080001',
        planned_line_source: 'block',
        planned_line_processor_id: 1
      },
      {
        userid_key: 'bob',
        provisioned_roles: '["Employee"]',
        provisioned_area_id: null,
        planned_line_dn: null,
        planned_line_source: null,
        planned_line_processor_id: null
      },
      {
        userid_key: 'cy',
        provisioned_roles: null,
        provisioned_area_id: null,
        planned_line_dn: null,
        planned_line_source: null,
        planned_line_processor_id: null
      }
    ])
    expect(
      db.prepare("SELECT name FROM sqlite_master WHERE name = 'ldap_provisioning'").get()
    ).toBeUndefined()
    const plan = (
      db
        .prepare(
          'EXPLAIN QUERY PLAN SELECT planned_line_dn FROM domain_users WHERE planned_line_processor_id = 1 AND planned_line_dn IS NOT NULL'
        )
        .all() as { detail: string }[]
    )
      .map((p) => p.detail)
      .join(' ')
    expect(plan).toMatch(/USING INDEX domain_users_(block|planned)_line/)
    // One block number per Call Processor; a line source without a number, or an unknown one, is refused.
    const plans = db.prepare(
      "UPDATE domain_users SET planned_line_dn = ?, planned_line_source = ?, planned_line_processor_id = 1 WHERE userid_key = 'bob'"
    )
    expect(() => plans.run('4080001', 'block')).toThrow(/UNIQUE/)
    expect(() => plans.run(null, 'block')).toThrow(/CHECK/)
    expect(() => plans.run('4080002', 'guessed')).toThrow(/CHECK/)
    plans.run('4080001', 'masked')
    // A deleted service area or device leaves the decision without it.
    db.pragma('foreign_keys = ON')
    db.exec(
      'DELETE FROM service_areas WHERE id = 7; UPDATE domain_users SET planned_line_processor_id = NULL WHERE planned_line_processor_id = 1; DELETE FROM devices WHERE id = 1'
    )
    expect(db.prepare("SELECT provisioned_area_id FROM domain_users WHERE userid_key = 'ann'").get()).toEqual(
      {
        provisioned_area_id: null
      }
    )
    db.close()
  })

  it('015 stores the fields domain synchronization reads beside each object, under a covering index', () => {
    const db = new Database(':memory:')
    migrate(db, 14)
    db.exec(`
      INSERT INTO devices (id, name, kind, product, host, port, created_at, updated_at)
        VALUES (1, 'CUCM', 'call-processor', 'cucm', 'h', 8443, 'now', 'now');
      INSERT INTO inventory (device_id, scope, type, key, name, data, run_id)
        VALUES (1, 'user', 'Phone', 'k', 'SEP1', '{"name":"SEP1","model":"8845"}', 1);
    `)
    migrate(db, 15)
    expect(db.prepare('SELECT fields FROM inventory').get()).toEqual({ fields: null })
    const plan = (
      db
        .prepare(
          "EXPLAIN QUERY PLAN SELECT fields FROM inventory INDEXED BY inventory_domain_fields WHERE device_id = 1 AND type = 'Phone'"
        )
        .all() as { detail: string }[]
    )
      .map((p) => p.detail)
      .join(' ')
    expect(plan).toMatch(/USING COVERING INDEX inventory_domain_fields/)
    db.close()
  })

  it('016 rebuilds the log with its severity check spelled out, entries and indexes kept', () => {
    const db = new Database(':memory:')
    migrate(db, 15)
    db.exec(`
      INSERT INTO sync_runs (id, device_name, kind, status, started_at) VALUES (1, 'D', 'user', 'succeeded', 'now');
      INSERT INTO sync_log (run_id, seq, at, severity, code, object_type, object_name, message, hint) VALUES
        (1, 1, 'now', 'info', 'A', 'Phone', 'SEP1', 'first', NULL),
        (1, 2, 'now', 'warning', 'B', NULL, NULL, 'second', 'do this');
    `)
    const entries = () => db.prepare('SELECT * FROM sync_log ORDER BY run_id, seq').all()
    const before = entries()
    migrate(db, 16)
    expect(entries()).toEqual(before)
    expect(
      (db.prepare("SELECT name FROM pragma_index_list('sync_log') ORDER BY name").all() as { name: string }[])
        .map((i) => i.name)
        .filter((name) => !name.startsWith('sqlite_'))
    ).toEqual(['sync_log_code', 'sync_log_severity', 'sync_log_type'])
    const insert = db.prepare(
      "INSERT INTO sync_log (run_id, seq, at, severity, code, message) VALUES (1, ?, 'now', ?, 'C', 'm')"
    )
    expect(() => insert.run(3, 'debug')).toThrow(/CHECK/)
    insert.run(3, 'error')
    // A run deleted takes its log along, as before.
    db.pragma('foreign_keys = ON')
    db.prepare('DELETE FROM sync_runs WHERE id = 1').run()
    expect(entries()).toEqual([])
    db.close()
  })

  it('017 rebuilds sync_runs for needs-approval and held removals, runs, links and indexes kept', () => {
    const db = new Database(':memory:')
    migrate(db, 16)
    db.exec(`
      INSERT INTO sync_runs (id, device_name, kind, status, started_at, counts) VALUES (1, 'Nightly', 'job', 'partial', 'now', '{}');
      INSERT INTO sync_runs (id, parent_run_id, device_name, kind, status, started_at, finished_at, summary, counts, failed_types)
        VALUES (2, 1, 'D', 'user', 'succeeded', 'then', 'later', 'ok', '{"Phone":{"added":1,"changed":0,"removed":0,"unchanged":0}}', '[]');
      INSERT INTO sync_log (run_id, seq, at, severity, code, message) VALUES (2, 1, 'now', 'info', 'A', 'first');
      INSERT INTO run_changes (run_id, type, key, change, name) VALUES (2, 'Phone', 'k', 'filled', '');
    `)
    const runs = () => db.prepare('SELECT * FROM sync_runs ORDER BY id').all()
    const before = runs()
    const indexes = () =>
      (
        db.prepare("SELECT name FROM pragma_index_list('sync_runs') ORDER BY name").all() as {
          name: string
        }[]
      )
        .map((i) => i.name)
        .filter((name) => !name.startsWith('sqlite_'))
    const indexesBefore = indexes()
    migrate(db, 17)
    expect(runs()).toEqual(before.map((r) => ({ ...(r as object), held: null })))
    expect(indexes()).toEqual(indexesBefore)
    expect(() => db.prepare("UPDATE sync_runs SET status = 'waiting' WHERE id = 2").run()).toThrow(/CHECK/)
    db.prepare("UPDATE sync_runs SET status = 'needs-approval', held = '{}' WHERE id = 2").run()
    // The log and changes still belong to their run, and go with it.
    db.pragma('foreign_keys = ON')
    expect(db.pragma('foreign_key_check')).toEqual([])
    db.prepare('DELETE FROM sync_runs WHERE id = 2').run()
    expect(db.prepare('SELECT COUNT(*) AS n FROM sync_log').get()).toEqual({ n: 0 })
    expect(db.prepare('SELECT COUNT(*) AS n FROM run_changes').get()).toEqual({ n: 0 })
    db.close()
  })

  it('019 lets runs outlive their device, drops the kind and status checks, adds analog phones', () => {
    const db = new Database(':memory:')
    migrate(db, 18)
    db.exec(`
      INSERT INTO devices (id, name, kind, product, host, port, created_at, updated_at)
        VALUES (1, 'CUCM', 'call-processor', 'cucm', 'h', 8443, 'now', 'now');
      INSERT INTO sync_runs (id, device_name, kind, status, started_at) VALUES (1, 'Nightly', 'job', 'partial', 'now');
      INSERT INTO sync_runs (id, device_id, parent_run_id, device_name, kind, status, started_at, held)
        VALUES (2, 1, 1, 'CUCM', 'user', 'needs-approval', 'now', '{"percent":20,"types":[]}');
      INSERT INTO sync_log (run_id, seq, at, severity, code, message) VALUES (2, 1, 'now', 'info', 'A', 'first');
      INSERT INTO run_changes (run_id, type, key, change, name) VALUES (2, 'Phone', 'k', 'filled', '');
    `)
    const runs = () => db.prepare('SELECT * FROM sync_runs ORDER BY id').all()
    const before = runs()
    const indexes = () =>
      (
        db.prepare("SELECT name FROM pragma_index_list('sync_runs') ORDER BY name").all() as {
          name: string
        }[]
      )
        .map((i) => i.name)
        .filter((name) => !name.startsWith('sqlite_'))
    const indexesBefore = indexes()
    migrate(db, 19)
    expect(runs()).toEqual(before)
    expect(indexes()).toEqual(indexesBefore)
    expect(db.prepare('SELECT analog_phones FROM devices').get()).toEqual({ analog_phones: 0 })
    // Kinds and statuses are the store's to check now (SyncRunsTable), not the table's.
    db.prepare("UPDATE sync_runs SET status = 'waiting' WHERE id = 1").run()
    db.pragma('foreign_keys = ON')
    expect(db.pragma('foreign_key_check')).toEqual([])
    db.prepare('DELETE FROM devices WHERE id = 1').run()
    expect(
      db.prepare('SELECT device_id, device_name, parent_run_id FROM sync_runs WHERE id = 2').get()
    ).toEqual({
      device_id: null,
      device_name: 'CUCM',
      parent_run_id: 1
    })
    expect(db.prepare('SELECT COUNT(*) AS n FROM sync_log').get()).toEqual({ n: 1 })
    expect(db.prepare('SELECT COUNT(*) AS n FROM run_changes').get()).toEqual({ n: 1 })
    db.close()
  })

  it('020 keeps one signing key and each trusted signer once, by fingerprint', () => {
    const db = new Database(':memory:')
    migrate(db, 20)
    const signers = new ReviewSignersTable(db)
    const key = { publicKey: 'A'.repeat(43) + '=', privateKeyCiphertext: 'k1:x', createdAt: 'now' }
    signers.createSigningKey(key)
    expect(signers.signingKey()).toEqual(key)
    expect(() => signers.createSigningKey(key)).toThrow(/UNIQUE|PRIMARY KEY/)
    const ana = { fingerprint: 'AB:CD', name: 'Ana', trustedAt: 'now', trustedBy: 'admin' }
    signers.trust(ana)
    expect(() => signers.trust({ ...ana, name: 'Ana again' })).toThrow(/UNIQUE/)
    expect(signers.trusted()).toEqual([ana])
    signers.untrust('AB:CD')
    expect(signers.byFingerprint('AB:CD')).toBeUndefined()
    db.close()
  })

  it('023 drops the CHECK lists of device kinds, secret purposes, job states and log severities, keeping every row', () => {
    const db = new Database(':memory:')
    migrate(db, 22)
    db.exec(`
      ${DOMAIN_WITH_AREA}
      INSERT INTO devices (id, name, kind, product, host, port, call_processor_id, start_tls, created_at, updated_at)
        VALUES (2, 'CUC', 'message-processor', 'cuc', 'h2', 443, 1, 1, 'now', 'now');
      INSERT INTO device_secrets (device_id, purpose, ciphertext) VALUES (1, 'password', 'c1'), (1, 'os-password', 'c2');
      INSERT INTO jobs (id, name, frequency, start_at, time_zone, selection, options, state, next_run_at, created_at, updated_at)
        VALUES (1, 'Nightly', '{}', 'now', 'UTC', '{}', '{}', 'scheduled', 'tomorrow', 'now', 'now');
      INSERT INTO sync_runs (id, job_id, device_name, kind, status, started_at) VALUES (1, 1, 'Nightly', 'job', 'succeeded', 'now');
      INSERT INTO sync_runs (id, device_id, parent_run_id, device_name, kind, status, started_at)
        VALUES (2, 1, 1, 'CUCM', 'user', 'succeeded', 'now');
      INSERT INTO sync_log (run_id, seq, at, severity, code, object_type, object_name, message, hint) VALUES
        (2, 1, 'now', 'info', 'A', 'Phone', 'SEP1', 'first', NULL),
        (2, 2, 'now', 'error', 'B', NULL, NULL, 'second', 'do this');
      INSERT INTO connection_tests (device_id, status, started_at) VALUES (1, 'success', 'now');
      INSERT INTO pinned_certificates (device_id, endpoint, fingerprint, anchor_pem, trusted_at) VALUES (1, 'axl', 'F', 'pem', 'now');
      INSERT INTO domain_processors (domain_id, device_id, position) VALUES (1, 1, 1);
    `)
    const tables = () =>
      (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
          name: string
        }[]
      ).map((t) => t.name)
    const everything = () =>
      Object.fromEntries(
        tables().map((name) => [
          name,
          {
            rows: db.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2`).all(),
            columns: db
              .prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info('${name}')`)
              .all(),
            foreignKeys: db.prepare(`SELECT * FROM pragma_foreign_key_list('${name}')`).all()
          }
        ])
      )
    const indexes = () =>
      db.prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all()
    const before = everything()
    const indexesBefore = indexes()
    migrate(db, 23)
    expect(everything()).toEqual(before)
    expect(indexes()).toEqual(indexesBefore)
    const tableSql = (name: string) =>
      (
        db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) as {
          sql: string
        }
      ).sql
    expect(tableSql('devices')).not.toMatch(/CHECK \(kind/)
    expect(tableSql('device_secrets')).not.toMatch(/CHECK/)
    expect(tableSql('jobs')).not.toMatch(/CHECK/)
    expect(tableSql('sync_log')).not.toMatch(/CHECK/)
    // Ranges and booleans are no growing list: they keep their checks.
    expect(tableSql('devices')).toMatch(/CHECK \(port BETWEEN 1 AND 65535\)/)
    expect(tableSql('devices')).toMatch(/CHECK \(start_tls IN \(0, 1\)\)/)
    // What a deletion does is unchanged: a processor in use is kept, secrets and logs go with their owner,
    // a job's runs stay without it.
    db.pragma('foreign_keys = ON')
    expect(db.pragma('foreign_key_check')).toEqual([])
    expect(() => db.prepare('DELETE FROM devices WHERE id = 1').run()).toThrow(/FOREIGN KEY/)
    db.prepare('DELETE FROM jobs WHERE id = 1').run()
    expect(db.prepare('SELECT job_id FROM sync_runs WHERE id = 1').get()).toEqual({ job_id: null })
    db.exec('DELETE FROM devices WHERE id = 2; DELETE FROM domains; DELETE FROM devices WHERE id = 1')
    expect(db.prepare('SELECT COUNT(*) AS n FROM device_secrets').get()).toEqual({ n: 0 })
    expect(db.prepare('SELECT COUNT(*) AS n FROM pinned_certificates').get()).toEqual({ n: 0 })
    db.prepare('DELETE FROM sync_runs WHERE id = 2').run()
    expect(db.prepare('SELECT COUNT(*) AS n FROM sync_log').get()).toEqual({ n: 0 })
    db.close()
  })

  it('refuses a device kind, secret purpose, job state or log severity outside its list when writing', () => {
    const db = new Database(':memory:')
    migrate(db)
    const devices = new DevicesTable(db)
    const device = {
      name: 'CUCM',
      kind: 'call-processor',
      product: 'cucm',
      host: 'h',
      port: 8443,
      use_ssl: 0,
      start_tls: 0,
      username: null,
      os_username: null,
      backup_host: null,
      backup_port: null,
      admin_dn: null,
      search_base: null,
      call_processor_id: null,
      em_service_name: null,
      em_service_url: null,
      analog_phones: 0,
      allow_changes: 0
    } as const
    expect(() => devices.insert({ ...device, kind: 'fax-server' as 'directory' }, 'now')).toThrow(
      'The store refuses a device\'s kind "fax-server": it must be one of call-processor, message-processor, presence-processor, directory.'
    )
    const id = devices.insert(device, 'now')
    expect(() => devices.update(id, { ...device, kind: 'pager' as 'directory' }, 'now')).toThrow(
      /device's kind "pager"/
    )
    expect(devices.byId(id)?.kind).toBe('call-processor')
    const secrets = new DeviceSecretsTable(db)
    expect(() => secrets.put(id, 'pin' as 'password', 'c')).toThrow(
      /secret's purpose "pin": it must be one of password, os-password/
    )
    const jobs = new JobsTable(db)
    const job = {
      name: 'Nightly',
      frequency: { every: 'days', interval: 1 },
      startAt: 'now',
      timeZone: 'UTC',
      selection: { devices: [] },
      options: {},
      state: 'scheduled'
    } as unknown as JobDefinition
    expect(() => jobs.insert({ ...job, state: 'paused' as 'queued' }, 'now')).toThrow(/job's state "paused"/)
    const jobId = jobs.insert(job, 'now')
    expect(() => jobs.setState(jobId, 'paused' as 'queued')).toThrow(/job's state "paused"/)
    expect(jobs.byId(jobId)?.state).toBe('scheduled')
    const runId = new SyncRunsTable(db).startJob(jobId, 'Nightly', 'now')
    const log = new SyncLogTable(db)
    const entry = { at: 'now', code: 'A', message: 'm' }
    expect(() =>
      log.append(runId, 1, [
        { ...entry, severity: 'info' },
        { ...entry, severity: 'debug' as 'info' }
      ])
    ).toThrow(/log entry's severity "debug": it must be one of info, warning, error/)
    // The batch is one transaction: the valid entry before the refused one is not kept either.
    expect(db.prepare('SELECT COUNT(*) AS n FROM sync_log').get()).toEqual({ n: 0 })
    db.close()
  })

  it('refuses a run kind or status outside the contract when writing a run', () => {
    const db = new Database(':memory:')
    migrate(db)
    const runs = new SyncRunsTable(db)
    expect(() => runs.startForDomain(1, 'D', 'nightly' as 'domain', 'now')).toThrow(/nightly/)
    const id = runs.startJob(undefined, 'Job', 'now')
    const finish = (status: string) => () =>
      runs.finish(id, { status: status as 'failed', at: 'now', summary: '', counts: {}, failedTypes: [] })
    expect(finish('waiting')).toThrow(/waiting/)
    expect(finish('running')).toThrow(/running/)
    expect(runs.get(id)?.status).toBe('running')
    db.close()
  })

  it('the device lookup by name uses the case-insensitive index', () => {
    const db = new Database(':memory:')
    migrate(db)
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT * FROM devices WHERE name = ? COLLATE NOCASE')
      .all('x') as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX devices_name/)
    db.close()
  })
})

describe('openDatabase', () => {
  it('turns on WAL and foreign keys', () => {
    const db = openDatabase(join(tempDir(), 'store.sqlite3'))
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(schemaVersion(db)).toBe(migrations.length)
    db.close()
  })

  it.skipIf(process.platform === 'win32')(
    'creates the database and its WAL for their owner only, in a directory others can read',
    () => {
      const dir = tempDir()
      chmodSync(dir, 0o755)
      const previousUmask = process.umask(0o022)
      try {
        const file = join(dir, 'store.sqlite3')
        const db = openDatabase(file)
        db.prepare("INSERT INTO settings (key, value) VALUES ('probe', '1')").run()
        const modes = [file, `${file}-wal`, `${file}-shm`].map((f) => (statSync(f).mode & 0o777).toString(8))
        expect(modes).toEqual(['600', '600', '600'])
        db.close()
        // A copy left readable by others (an older build, a restore) is narrowed on the next open.
        chmodSync(file, 0o644)
        openDatabase(file).close()
        expect((statSync(file).mode & 0o777).toString(8)).toBe('600')
      } finally {
        process.umask(previousUmask)
      }
    }
  )
})
