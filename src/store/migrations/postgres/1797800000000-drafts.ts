import { MigrationInterface, QueryRunner } from "typeorm";

/** Drafts of applications and amendments (一時保存, issue 13). */
export class Drafts1797800000000 implements MigrationInterface {
    name = 'Drafts1797800000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "drafts" ("id" character varying(20) NOT NULL, "officeCode" character varying(10) NOT NULL, "receiptNo" character varying(8), "content" text NOT NULL, "createdAt" character varying(30) NOT NULL, "updatedAt" character varying(30) NOT NULL, CONSTRAINT "PK_drafts" PRIMARY KEY ("id"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "drafts"`);
    }

}
