import { MigrationInterface, QueryRunner } from "typeorm";

/** The attachments of authenticated replies (issue 14). */
export class Attachments1797900000000 implements MigrationInterface {
    name = 'Attachments1797900000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "attachments" ("id" SERIAL NOT NULL, "receiptNo" character varying(8) NOT NULL, "inboundMessageId" integer NOT NULL, "filename" character varying(255) NOT NULL, "contentType" character varying(100) NOT NULL, "size" integer NOT NULL, "sha256" character varying(64) NOT NULL, "content" text NOT NULL, "createdAt" character varying(30) NOT NULL, CONSTRAINT "PK_attachments_id" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_attachments_receiptNo" ON "attachments" ("receiptNo") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_attachments_receiptNo"`);
        await queryRunner.query(`DROP TABLE "attachments"`);
    }

}
