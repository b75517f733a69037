import { MigrationInterface, QueryRunner } from "typeorm";

/** Drafts of applications and amendments (一時保存, issue 13). */
export class Drafts1797800000000 implements MigrationInterface {
    name = 'Drafts1797800000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "drafts" ("id" varchar(20) NOT NULL, "officeCode" varchar(10) NOT NULL, "receiptNo" varchar(8), "content" text NOT NULL, "createdAt" varchar(30) NOT NULL, "updatedAt" varchar(30) NOT NULL, PRIMARY KEY ("id"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "drafts"`);
    }

}
