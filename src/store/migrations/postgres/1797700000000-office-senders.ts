import { MigrationInterface, QueryRunner } from "typeorm";

/** The authorised senders of each office (issue 13). */
export class OfficeSenders1797700000000 implements MigrationInterface {
    name = 'OfficeSenders1797700000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "office_senders" ("officeCode" character varying(10) NOT NULL, "address" character varying(254) NOT NULL, "addedAt" character varying(30) NOT NULL, CONSTRAINT "PK_office_senders" PRIMARY KEY ("officeCode", "address"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "office_senders"`);
    }

}
