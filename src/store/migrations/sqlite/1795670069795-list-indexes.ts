import { MigrationInterface, QueryRunner } from "typeorm";

export class ListIndexes1795670069795 implements MigrationInterface {
    name = 'ListIndexes1795670069795'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_2f65d0caaa5dae816a719ac950"`);
        await queryRunner.query(`DROP INDEX "IDX_9e9dd27d3fc12d03b195124ae5"`);
        await queryRunner.query(`DROP INDEX "IDX_d13d1901132a6806a9061b7d14"`);
        await queryRunner.query(`CREATE INDEX "IDX_736232329d4317a1bb5880bc34" ON "applications" ("status", "submittedAt", "receiptNo") `);
        await queryRunner.query(`CREATE INDEX "IDX_1d3e40bcf1df46d81a45c9e65c" ON "applications" ("officeCode", "status", "submittedAt", "receiptNo") `);
        await queryRunner.query(`CREATE INDEX "IDX_a7f06b398d65f5d6132d7516bd" ON "applications" ("officeCode", "submittedAt", "receiptNo") `);
        await queryRunner.query(`CREATE INDEX "IDX_7e426f1be6a241236dd41f72f9" ON "user_codes" ("officeCode", "code") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_7e426f1be6a241236dd41f72f9"`);
        await queryRunner.query(`DROP INDEX "IDX_a7f06b398d65f5d6132d7516bd"`);
        await queryRunner.query(`DROP INDEX "IDX_1d3e40bcf1df46d81a45c9e65c"`);
        await queryRunner.query(`DROP INDEX "IDX_736232329d4317a1bb5880bc34"`);
        await queryRunner.query(`CREATE INDEX "IDX_d13d1901132a6806a9061b7d14" ON "user_codes" ("officeCode") `);
        await queryRunner.query(`CREATE INDEX "IDX_9e9dd27d3fc12d03b195124ae5" ON "applications" ("status", "submittedAt") `);
        await queryRunner.query(`CREATE INDEX "IDX_2f65d0caaa5dae816a719ac950" ON "applications" ("officeCode", "submittedAt") `);
    }

}
