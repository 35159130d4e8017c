import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Campaigns in full: linked levels, phases, the checklist, inspection groups and activities,
 * findings and the problem list, the special inquiry, outcome targets, look-back selections and
 * snapshots of the dynamic list.
 */
export class Campaigns1764500000000 implements MigrationInterface {
  name = 'Campaigns1764500000000';

  async up(q: QueryRunner): Promise<void> {
    // ── campaign: linked levels and phases ───────────────────────────────────────────────
    await q.query(`
      ALTER TABLE campaign
        ADD COLUMN committee_unit_id    text,
        ADD COLUMN jurisdiction_unit_id text,
        ADD COLUMN parent_campaign_id   text REFERENCES campaign (id),
        ADD COLUMN root_campaign_id     text,
        ADD COLUMN depth                integer NOT NULL DEFAULT 0,
        ADD COLUMN phase_due_at         timestamptz,
        ADD COLUMN phase_due_date       date,
        ADD COLUMN phase_light          text NOT NULL DEFAULT 'none',
        ADD COLUMN phases               jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN handed_off           integer NOT NULL DEFAULT 0`);
    await q.query(`UPDATE campaign SET root_campaign_id = id WHERE root_campaign_id IS NULL`);
    await q.query(`ALTER TABLE campaign ALTER COLUMN root_campaign_id SET NOT NULL`);
    await q.query('CREATE INDEX campaign_parent ON campaign (parent_campaign_id)');
    await q.query('CREATE INDEX campaign_root ON campaign (root_campaign_id)');

    // ── the checklist (监督重点内容清单), shared by linked campaigns through their root ─────────
    await q.query(`
      CREATE TABLE checklist_item (
        id                text        PRIMARY KEY,
        campaign_id       text        NOT NULL REFERENCES campaign (id),
        focal_point_no    integer     NOT NULL CHECK (focal_point_no > 0),
        focal_point       text        NOT NULL,
        item_no           integer     NOT NULL CHECK (item_no > 0),
        content           text        NOT NULL,
        group_id          text,
        created_at        timestamptz NOT NULL DEFAULT now(),
        UNIQUE (campaign_id, focal_point_no, item_no)
      )`);

    // ── inspection groups (专题调研组 / 执法检查组) ──────────────────────────────────────────
    await q.query(`
      CREATE TABLE inspection_group (
        id                 text        PRIMARY KEY,
        campaign_id        text        NOT NULL REFERENCES campaign (id),
        name               text        NOT NULL,
        kind               text        NOT NULL CHECK (kind IN ('research', 'law_enforcement')),
        member_ids         text[]      NOT NULL DEFAULT '{}',
        deputy_names       text[]      NOT NULL DEFAULT '{}',
        district_ids       text[]      NOT NULL DEFAULT '{}',
        created_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX inspection_group_campaign ON inspection_group (campaign_id)');
    await q.query(
      'ALTER TABLE checklist_item ADD CONSTRAINT checklist_item_group FOREIGN KEY (group_id) REFERENCES inspection_group (id)',
    );

    // ── inspection activities: 听 (hearings), 查 (site visits, spot checks, unannounced visits), 询 (questionnaires)
    await q.query(`
      CREATE TABLE inspection_activity (
        id              text        PRIMARY KEY,
        campaign_id     text        NOT NULL REFERENCES campaign (id),
        group_id        text        REFERENCES inspection_group (id),
        kind            text        NOT NULL CHECK (kind IN ('written_report', 'onsite_report', 'site_visit',
                                                             'spot_check', 'unannounced_visit', 'questionnaire')),
        title           text        NOT NULL,
        unit_id         text,
        district_id     text,
        location        text,
        occurred_on     date,
        notes           text,
        respondents     integer     NOT NULL DEFAULT 0,
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX inspection_activity_campaign ON inspection_activity (campaign_id, kind)');
    await q.query(`
      CREATE TABLE questionnaire_tally (
        activity_id  text    NOT NULL REFERENCES inspection_activity (id),
        question     text    NOT NULL,
        answer       text    NOT NULL,
        count        integer NOT NULL CHECK (count >= 0),
        PRIMARY KEY (activity_id, question, answer)
      )`);
    await q.query(`
      CREATE TABLE questionnaire_import (
        activity_id  text        NOT NULL REFERENCES inspection_activity (id),
        batch_key    text        NOT NULL,
        answers      integer     NOT NULL,
        imported_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (activity_id, batch_key)
      )`);

    // ── findings (问题) and the problem list (问题清单) ──────────────────────────────────────
    await q.query(`
      CREATE TABLE finding (
        id                  text        PRIMARY KEY,
        campaign_id         text        NOT NULL REFERENCES campaign (id),
        activity_id         text        NOT NULL REFERENCES inspection_activity (id),
        checklist_item_id   text        REFERENCES checklist_item (id),
        district_id         text,
        location            text,
        title               text        NOT NULL,
        description         text        NOT NULL,
        evidence            jsonb       NOT NULL DEFAULT '[]',
        severity            text        NOT NULL CHECK (severity IN ('minor', 'moderate', 'serious')),
        status              text        NOT NULL DEFAULT 'open'
                            CHECK (status IN ('open', 'merged', 'dismissed', 'listed', 'handed_off')),
        merged_into         text        REFERENCES finding (id),
        dismissed_reason    text,
        lead_department_id  text,
        co_department_ids   text[]      NOT NULL DEFAULT '{}',
        policy              jsonb,
        item_id             text,
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX finding_campaign_status ON finding (campaign_id, status, id)');
    await q.query('CREATE INDEX finding_activity ON finding (activity_id)');

    // ── special inquiry (专题询问) ────────────────────────────────────────────────────────
    await q.query(`
      CREATE TABLE inquiry_question (
        id                  text        PRIMARY KEY,
        campaign_id         text        NOT NULL REFERENCES campaign (id),
        finding_ids         text[]      NOT NULL DEFAULT '{}',
        question            text        NOT NULL,
        to_unit_id          text        NOT NULL,
        asked_by            text,
        answer              text,
        answered_by         text,
        answered_at         timestamptz,
        commitment          text,
        commitment_item_id  text,
        created_at          timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX inquiry_question_campaign ON inquiry_question (campaign_id)');

    // ── outcome targets (e.g. meal sites built: 114) and what departments report ──────────
    await q.query(`
      CREATE TABLE campaign_target (
        campaign_id  text    NOT NULL REFERENCES campaign (id),
        key          text    NOT NULL,
        label        text    NOT NULL,
        unit         text    NOT NULL,
        target       numeric NOT NULL CHECK (target >= 0),
        PRIMARY KEY (campaign_id, key)
      )`);
    await q.query(`
      CREATE TABLE target_report (
        campaign_id    text        NOT NULL,
        key            text        NOT NULL,
        department_id  text        NOT NULL,
        value          numeric     NOT NULL CHECK (value >= 0),
        reported_by    text        NOT NULL,
        reported_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, key, department_id),
        FOREIGN KEY (campaign_id, key) REFERENCES campaign_target (campaign_id, key)
      )`);

    // ── look-back (回头看): which closed items a campaign re-inspects, and what it found ─────
    await q.query(`
      CREATE TABLE look_back_selection (
        campaign_id  text        NOT NULL REFERENCES campaign (id),
        item_id      text        NOT NULL,
        selected_at  timestamptz NOT NULL DEFAULT now(),
        outcome      text        CHECK (outcome IN ('confirmed', 'relapsed')),
        findings     text,
        recorded_by  text,
        recorded_at  timestamptz,
        PRIMARY KEY (campaign_id, item_id)
      )`);

    // ── the dynamic list (动态清单): items know their campaign's tree and level ──────────────
    await q.query(`
      ALTER TABLE rectification_item
        ADD COLUMN root_campaign_id text,
        ADD COLUMN campaign_level   text,
        ADD COLUMN urgency          smallint GENERATED ALWAYS AS (
          CASE traffic_light WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 WHEN 'green' THEN 2 ELSE 3 END) STORED`);
    await q.query('DROP INDEX rectification_item_campaign');
    await q.query(
      'CREATE INDEX rectification_item_campaign_list ON rectification_item (campaign_id, urgency, due_at, item_id)',
    );
    await q.query(
      'CREATE INDEX rectification_item_root_list ON rectification_item (root_campaign_id, urgency, due_at, item_id)',
    );
    await q.query(`
      CREATE TABLE list_snapshot (
        id            text        PRIMARY KEY,
        campaign_id   text        NOT NULL REFERENCES campaign (id),
        label         text        NOT NULL,
        filter        jsonb       NOT NULL,
        taken_by      text,
        taken_at      timestamptz NOT NULL DEFAULT now(),
        row_count     integer     NOT NULL
      )`);
    await q.query(`
      CREATE TABLE list_snapshot_row (
        snapshot_id         text        NOT NULL REFERENCES list_snapshot (id),
        position            integer     NOT NULL,
        item_id             text        NOT NULL,
        campaign_id         text,
        title               text        NOT NULL,
        status              text        NOT NULL,
        round               integer     NOT NULL,
        lead_department_id  text        NOT NULL,
        district_id         text,
        due_date            date,
        traffic_light       text        NOT NULL,
        escalation_level    text        NOT NULL,
        extension_count     integer     NOT NULL,
        PRIMARY KEY (snapshot_id, position)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'list_snapshot_row',
      'list_snapshot',
      'look_back_selection',
      'target_report',
      'campaign_target',
      'inquiry_question',
      'finding',
      'questionnaire_import',
      'questionnaire_tally',
      'inspection_activity',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query('ALTER TABLE checklist_item DROP CONSTRAINT checklist_item_group');
    await q.query('DROP TABLE inspection_group');
    await q.query('DROP TABLE checklist_item');
    await q.query('DROP INDEX rectification_item_root_list');
    await q.query('DROP INDEX rectification_item_campaign_list');
    await q.query(
      'ALTER TABLE rectification_item DROP COLUMN urgency, DROP COLUMN campaign_level, DROP COLUMN root_campaign_id',
    );
    await q.query('CREATE INDEX rectification_item_campaign ON rectification_item (campaign_id, status)');
    await q.query(`
      ALTER TABLE campaign DROP COLUMN committee_unit_id, DROP COLUMN jurisdiction_unit_id,
        DROP COLUMN parent_campaign_id, DROP COLUMN root_campaign_id, DROP COLUMN depth, DROP COLUMN phase_due_at,
        DROP COLUMN phase_due_date, DROP COLUMN phase_light, DROP COLUMN phases, DROP COLUMN handed_off`);
  }
}
