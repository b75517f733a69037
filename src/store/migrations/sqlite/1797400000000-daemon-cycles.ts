import { MigrationInterface, QueryRunner } from "typeorm";

/** The last cycle of each daemon, for `nss health` (issue 15). */
export class DaemonCycles1797400000000 implements MigrationInterface {
    name = 'DaemonCycles1797400000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "daemon_cycles" ("holder" varchar(120) PRIMARY KEY NOT NULL, "finishedAt" varchar(30) NOT NULL, "failedSteps" varchar(200) NOT NULL)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "daemon_cycles"`);
    }

}
