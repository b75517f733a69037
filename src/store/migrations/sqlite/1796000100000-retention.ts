import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Issue 11 point 5: what is left of an inbound message's raw text (`rawKept`) and when an outbox row's
 * template data was purged (`dataPurgedAt`), with the indexes of the daemon's retention sweep
 * (src/app/retention.ts). Written by hand as ADD COLUMN: TypeORM's generated migration rebuilds both
 * tables, which on a store of years (the outbox is two thirds of it) copies gigabytes for two columns.
 */
export class Retention1796000100000 implements MigrationInterface {
    name = 'Retention1796000100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "inbound_messages" ADD COLUMN "rawKept" varchar(10)`);
        await queryRunner.query(`ALTER TABLE "outbox" ADD COLUMN "dataPurgedAt" varchar(30)`);
        await queryRunner.query(`CREATE INDEX "IDX_ceeae78c8985734a6c9b7eee46" ON "inbound_messages" ("rawKept", "receivedAt") `);
        await queryRunner.query(`CREATE INDEX "IDX_6cbdffaf7fff0fcb9e91d5f865" ON "outbox" ("dataPurgedAt", "createdAt") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_6cbdffaf7fff0fcb9e91d5f865"`);
        await queryRunner.query(`DROP INDEX "IDX_ceeae78c8985734a6c9b7eee46"`);
        await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "dataPurgedAt"`);
        await queryRunner.query(`ALTER TABLE "inbound_messages" DROP COLUMN "rawKept"`);
    }

}
