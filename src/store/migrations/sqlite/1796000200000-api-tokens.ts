import { MigrationInterface, QueryRunner } from "typeorm";

/** The API tokens of the desk server (issue 12; src/app/api-token.ts): only their SHA-256 is kept. */
export class ApiTokens1796000200000 implements MigrationInterface {
    name = 'ApiTokens1796000200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "api_tokens" ("id" varchar(24) PRIMARY KEY NOT NULL, "tokenHash" varchar(64) NOT NULL, "officeCode" varchar(20), "reviewerId" varchar(40), "name" varchar(60) NOT NULL, "readOnly" integer NOT NULL, "createdAt" varchar(30) NOT NULL, "expiresAt" varchar(30) NOT NULL, "lastUsedAt" varchar(30), "revokedAt" varchar(30))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_cdac8e064e6e9c2e0835d1c1b8" ON "api_tokens" ("tokenHash") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_cdac8e064e6e9c2e0835d1c1b8"`);
        await queryRunner.query(`DROP TABLE "api_tokens"`);
    }

}
