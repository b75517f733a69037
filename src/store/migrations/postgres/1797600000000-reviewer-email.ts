import { MigrationInterface, QueryRunner } from "typeorm";

/** A reviewer's mail address, for the staff's notices (issue 14). */
export class ReviewerEmail1797600000000 implements MigrationInterface {
    name = 'ReviewerEmail1797600000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "reviewers" ADD COLUMN "email" character varying(254)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "reviewers" DROP COLUMN "email"`);
    }

}
