import { MigrationInterface, QueryRunner } from "typeorm";

/** The API tokens of the desk server (issue 12; src/app/api-token.ts): only their SHA-256 is kept. */
export class ApiTokens1796000200000 implements MigrationInterface {
    name = 'ApiTokens1796000200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "api_tokens" ("id" character varying(24) NOT NULL, "tokenHash" character varying(64) NOT NULL, "officeCode" character varying(20), "reviewerId" character varying(40), "name" character varying(60) NOT NULL, "readOnly" integer NOT NULL, "createdAt" character varying(30) NOT NULL, "expiresAt" character varying(30) NOT NULL, "lastUsedAt" character varying(30), "revokedAt" character varying(30), CONSTRAINT "PK_c587455266b5fa8dace7194caac" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_cdac8e064e6e9c2e0835d1c1b8" ON "api_tokens" ("tokenHash") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_cdac8e064e6e9c2e0835d1c1b8"`);
        await queryRunner.query(`DROP TABLE "api_tokens"`);
    }

}
