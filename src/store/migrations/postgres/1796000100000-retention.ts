import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Issue 11 point 5, as in the SQLite set: what is left of an inbound message's raw text (`rawKept`),
 * when an outbox row's template data was purged (`dataPurgedAt`), and the indexes of the daemon's
 * retention sweep (src/app/retention.ts).
 */
export class Retention1796000100000 implements MigrationInterface {
    name = 'Retention1796000100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "inbound_messages" ADD "rawKept" character varying(10)`);
        await queryRunner.query(`ALTER TABLE "outbox" ADD "dataPurgedAt" character varying(30)`);
        await queryRunner.query(`CREATE INDEX "IDX_ceeae78c8985734a6c9b7eee46" ON "inbound_messages"  ("rawKept", "receivedAt") `);
        await queryRunner.query(`CREATE INDEX "IDX_6cbdffaf7fff0fcb9e91d5f865" ON "outbox"  ("dataPurgedAt", "createdAt") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_6cbdffaf7fff0fcb9e91d5f865"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_ceeae78c8985734a6c9b7eee46"`);
        await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "dataPurgedAt"`);
        await queryRunner.query(`ALTER TABLE "inbound_messages" DROP COLUMN "rawKept"`);
    }

}
