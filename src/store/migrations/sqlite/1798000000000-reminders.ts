import { MigrationInterface, QueryRunner } from "typeorm";

/** The reminders and digests sent, one row each (issue 14). */
export class Reminders1798000000000 implements MigrationInterface {
    name = 'Reminders1798000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "reminders" ("kind" varchar(30) NOT NULL, "subject" varchar(80) NOT NULL, "sentAt" varchar(30) NOT NULL, PRIMARY KEY ("kind", "subject"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "reminders"`);
    }

}
