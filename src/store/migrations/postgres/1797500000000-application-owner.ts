import { MigrationInterface, QueryRunner } from "typeorm";

/** The reviewer who took an application (`nss review --take`, issue 14). */
export class ApplicationOwner1797500000000 implements MigrationInterface {
    name = 'ApplicationOwner1797500000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "applications" ADD COLUMN "owner" character varying(40)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "owner"`);
    }

}
