import { MigrationInterface, QueryRunner } from "typeorm";

export class InboundMail1795666599065 implements MigrationInterface {
    name = 'InboundMail1795666599065'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "inbound_messages" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "dedupeKey" varchar(300) NOT NULL, "messageId" varchar(250), "sha256" varchar(64) NOT NULL, "source" varchar(20) NOT NULL, "sourceRef" varchar(500) NOT NULL, "size" integer NOT NULL, "raw" text, "fromAddress" varchar(254), "subject" text, "receivedAt" varchar(30) NOT NULL, "state" varchar(12) NOT NULL, "kind" varchar(12), "outcome" varchar(40), "receiptNo" varchar(8), "detail" text, "processedAt" varchar(30), "attempts" integer NOT NULL DEFAULT (0), CONSTRAINT "UQ_34e65531cb18d64ce19e7d7544c" UNIQUE ("dedupeKey"))`);
        await queryRunner.query(`CREATE INDEX "IDX_cb9199552f38c6897cd64e46d4" ON "inbound_messages" ("receiptNo") `);
        await queryRunner.query(`CREATE INDEX "IDX_fdcb6957466c099b7dc97458f4" ON "inbound_messages" ("state", "id") `);
        await queryRunner.query(`CREATE TABLE "leases" ("name" varchar(40) PRIMARY KEY NOT NULL, "holder" varchar(120) NOT NULL, "expiresAt" varchar(30) NOT NULL)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "leases"`);
        await queryRunner.query(`DROP INDEX "IDX_fdcb6957466c099b7dc97458f4"`);
        await queryRunner.query(`DROP INDEX "IDX_cb9199552f38c6897cd64e46d4"`);
        await queryRunner.query(`DROP TABLE "inbound_messages"`);
    }

}
