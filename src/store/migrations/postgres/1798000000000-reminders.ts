import { MigrationInterface, QueryRunner } from "typeorm";

/** The reminders and digests sent, one row each (issue 14). */
export class Reminders1798000000000 implements MigrationInterface {
    name = 'Reminders1798000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "reminders" ("kind" character varying(30) NOT NULL, "subject" character varying(80) NOT NULL, "sentAt" character varying(30) NOT NULL, CONSTRAINT "PK_reminders_kind_subject" PRIMARY KEY ("kind", "subject"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "reminders"`);
    }

}
