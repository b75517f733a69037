import { MigrationInterface, QueryRunner } from "typeorm";

/** The idempotency keys of `nss apply` / `nss amend` (issue 11 point 16; src/app/idempotency.ts). */
export class IdempotencyKeys1796000000000 implements MigrationInterface {
    name = 'IdempotencyKeys1796000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "idempotency_keys" ("officeCode" character varying(20) NOT NULL, "key" character varying(128) NOT NULL, "verb" character varying(10) NOT NULL, "requestHash" character varying(64) NOT NULL, "receiptNo" character varying(8) NOT NULL, "result" text NOT NULL, "createdAt" character varying(30) NOT NULL, CONSTRAINT "PK_c7df218743aed77a20e8d0c7af0" PRIMARY KEY ("officeCode", "key"))`);
        await queryRunner.query(`CREATE INDEX "IDX_39829cdd18d40184d32a8a4abe" ON "idempotency_keys" ("createdAt") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_39829cdd18d40184d32a8a4abe"`);
        await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    }

}
