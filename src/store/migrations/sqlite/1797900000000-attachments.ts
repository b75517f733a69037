import { MigrationInterface, QueryRunner } from "typeorm";

/** The attachments of authenticated replies (issue 14). */
export class Attachments1797900000000 implements MigrationInterface {
    name = 'Attachments1797900000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "attachments" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "receiptNo" varchar(8) NOT NULL, "inboundMessageId" integer NOT NULL, "filename" varchar(255) NOT NULL, "contentType" varchar(100) NOT NULL, "size" integer NOT NULL, "sha256" varchar(64) NOT NULL, "content" text NOT NULL, "createdAt" varchar(30) NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_attachments_receiptNo" ON "attachments" ("receiptNo") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_attachments_receiptNo"`);
        await queryRunner.query(`DROP TABLE "attachments"`);
    }

}
