import { MigrationInterface, QueryRunner } from "typeorm";

/** The last cycle of each daemon, for `nss health` (issue 15). */
export class DaemonCycles1797400000000 implements MigrationInterface {
    name = 'DaemonCycles1797400000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "daemon_cycles" ("holder" character varying(120) NOT NULL, "finishedAt" character varying(30) NOT NULL, "failedSteps" character varying(200) NOT NULL, CONSTRAINT "PK_daemon_cycles_holder" PRIMARY KEY ("holder"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "daemon_cycles"`);
    }

}
