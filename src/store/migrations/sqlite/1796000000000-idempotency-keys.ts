import { MigrationInterface, QueryRunner } from "typeorm";

/** The idempotency keys of `nss apply` / `nss amend` (issue 11 point 16; src/app/idempotency.ts). */
export class IdempotencyKeys1796000000000 implements MigrationInterface {
    name = 'IdempotencyKeys1796000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "idempotency_keys" ("officeCode" varchar(20) NOT NULL, "key" varchar(128) NOT NULL, "verb" varchar(10) NOT NULL, "requestHash" varchar(64) NOT NULL, "receiptNo" varchar(8) NOT NULL, "result" text NOT NULL, "createdAt" varchar(30) NOT NULL, PRIMARY KEY ("officeCode", "key"))`);
        await queryRunner.query(`CREATE INDEX "IDX_39829cdd18d40184d32a8a4abe" ON "idempotency_keys" ("createdAt") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_39829cdd18d40184d32a8a4abe"`);
        await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    }

}
