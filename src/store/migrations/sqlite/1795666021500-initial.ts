import { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1795666021500 implements MigrationInterface {
    name = 'Initial1795666021500'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "application_log" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "receiptNo" varchar(8) NOT NULL, "item" varchar(100) NOT NULL, "at" varchar(30) NOT NULL, "notice" text NOT NULL, "actor" varchar(60) NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_351a83f96fbaa661d3c5a377f2" ON "application_log" ("receiptNo") `);
        await queryRunner.query(`CREATE TABLE "applications" ("receiptNo" varchar(8) PRIMARY KEY NOT NULL, "officeCode" varchar(10) NOT NULL, "status" varchar(12) NOT NULL, "version" integer NOT NULL, "submittedAt" varchar(30) NOT NULL, "timing" varchar(10) NOT NULL, "desiredDate" varchar(10), "registrationDate" varchar(10), "completedAt" varchar(30), "remarks" text NOT NULL, "contact" text NOT NULL, "entries" text NOT NULL, "supersedes" varchar(8), "supersededBy" varchar(8), "updatedAt" varchar(30) NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_9e9dd27d3fc12d03b195124ae5" ON "applications" ("status", "submittedAt") `);
        await queryRunner.query(`CREATE INDEX "IDX_2f65d0caaa5dae816a719ac950" ON "applications" ("officeCode", "submittedAt") `);
        await queryRunner.query(`CREATE TABLE "audit_events" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "at" varchar(30) NOT NULL, "actor" varchar(60) NOT NULL, "action" varchar(40) NOT NULL, "receiptNo" varchar(8), "detail" text NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_68d908019304f757740bc47a0a" ON "audit_events" ("action") `);
        await queryRunner.query(`CREATE TABLE "issued_passwords" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "receiptNo" varchar(8) NOT NULL, "userCode" varchar(5) NOT NULL, "ident" varchar(3) NOT NULL, "sealed" text, "visibleUntil" varchar(10) NOT NULL, "purgedAt" varchar(30))`);
        await queryRunner.query(`CREATE INDEX "IDX_561d5d880fa87afdc1aef4694b" ON "issued_passwords" ("visibleUntil") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ce8ec7a5496532cc943e0a3dda" ON "issued_passwords" ("receiptNo", "userCode", "ident") `);
        await queryRunner.query(`CREATE TABLE "news" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "officeCode" varchar(10) NOT NULL, "receiptNo" varchar(8) NOT NULL, "at" varchar(30) NOT NULL, "message" varchar(40) NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_2e3e18280f71992225e2d27354" ON "news" ("officeCode", "id") `);
        await queryRunner.query(`CREATE TABLE "offices" ("code" varchar(10) PRIMARY KEY NOT NULL, "name" varchar(100) NOT NULL, "adminName" varchar(60) NOT NULL, "adminEmail" varchar(254) NOT NULL, "locale" varchar(2) NOT NULL DEFAULT ('ja'), "passwordHash" varchar(200), "failedLogins" integer NOT NULL DEFAULT (0), "lockedUntil" varchar(30))`);
        await queryRunner.query(`CREATE TABLE "outbox" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "receiptNo" varchar(8), "kind" varchar(20) NOT NULL, "locale" varchar(2) NOT NULL, "recipients" text NOT NULL, "data" text NOT NULL, "messageId" varchar(250) NOT NULL, "status" varchar(10) NOT NULL DEFAULT ('pending'), "attempts" integer NOT NULL DEFAULT (0), "nextAttemptAt" varchar(30) NOT NULL, "lastError" text, "createdAt" varchar(30) NOT NULL, "sentAt" varchar(30), CONSTRAINT "UQ_faca71da1046be0982a48ca0b41" UNIQUE ("messageId"))`);
        await queryRunner.query(`CREATE INDEX "IDX_929a153ae3573a81f1692b9922" ON "outbox" ("receiptNo") `);
        await queryRunner.query(`CREATE INDEX "IDX_9c73258b2a06124401a84076b2" ON "outbox" ("status", "nextAttemptAt") `);
        await queryRunner.query(`CREATE TABLE "receipt_counters" ("year" integer PRIMARY KEY NOT NULL, "lastSequence" integer NOT NULL)`);
        await queryRunner.query(`CREATE TABLE "reviewers" ("id" varchar(40) PRIMARY KEY NOT NULL, "name" varchar(60) NOT NULL, "passwordHash" varchar(200), "failedLogins" integer NOT NULL DEFAULT (0), "lockedUntil" varchar(30))`);
        await queryRunner.query(`CREATE TABLE "scheduled_changes" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "userCode" varchar(5) NOT NULL, "receiptNo" varchar(8) NOT NULL, "effectiveDate" varchar(10) NOT NULL, "changes" text NOT NULL, "appliedAt" varchar(30))`);
        await queryRunner.query(`CREATE INDEX "IDX_d10adebd9c734a40ea3108def3" ON "scheduled_changes" ("userCode") `);
        await queryRunner.query(`CREATE INDEX "IDX_b3a03b123cc5d6517d54b9eee8" ON "scheduled_changes" ("appliedAt", "effectiveDate") `);
        await queryRunner.query(`CREATE TABLE "user_codes" ("code" varchar(5) PRIMARY KEY NOT NULL, "officeCode" varchar(10) NOT NULL, "companyNameEn" varchar(70) NOT NULL, "officeNameEn" varchar(70) NOT NULL, "addressEn" varchar(105) NOT NULL, "managerNameEn" varchar(35) NOT NULL, "systemClass" varchar(10) NOT NULL, "industry" varchar(40) NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_d13d1901132a6806a9061b7d14" ON "user_codes" ("officeCode") `);
        await queryRunner.query(`CREATE TABLE "user_ids" ("userId" varchar(8) PRIMARY KEY NOT NULL, "userCode" varchar(5) NOT NULL, "ident" varchar(3) NOT NULL, "method" varchar(20) NOT NULL)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_27b1f95a76c83c3b32ed7902a8" ON "user_ids" ("userCode", "ident") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_27b1f95a76c83c3b32ed7902a8"`);
        await queryRunner.query(`DROP TABLE "user_ids"`);
        await queryRunner.query(`DROP INDEX "IDX_d13d1901132a6806a9061b7d14"`);
        await queryRunner.query(`DROP TABLE "user_codes"`);
        await queryRunner.query(`DROP INDEX "IDX_b3a03b123cc5d6517d54b9eee8"`);
        await queryRunner.query(`DROP INDEX "IDX_d10adebd9c734a40ea3108def3"`);
        await queryRunner.query(`DROP TABLE "scheduled_changes"`);
        await queryRunner.query(`DROP TABLE "reviewers"`);
        await queryRunner.query(`DROP TABLE "receipt_counters"`);
        await queryRunner.query(`DROP INDEX "IDX_9c73258b2a06124401a84076b2"`);
        await queryRunner.query(`DROP INDEX "IDX_929a153ae3573a81f1692b9922"`);
        await queryRunner.query(`DROP TABLE "outbox"`);
        await queryRunner.query(`DROP TABLE "offices"`);
        await queryRunner.query(`DROP INDEX "IDX_2e3e18280f71992225e2d27354"`);
        await queryRunner.query(`DROP TABLE "news"`);
        await queryRunner.query(`DROP INDEX "IDX_ce8ec7a5496532cc943e0a3dda"`);
        await queryRunner.query(`DROP INDEX "IDX_561d5d880fa87afdc1aef4694b"`);
        await queryRunner.query(`DROP TABLE "issued_passwords"`);
        await queryRunner.query(`DROP INDEX "IDX_68d908019304f757740bc47a0a"`);
        await queryRunner.query(`DROP TABLE "audit_events"`);
        await queryRunner.query(`DROP INDEX "IDX_2f65d0caaa5dae816a719ac950"`);
        await queryRunner.query(`DROP INDEX "IDX_9e9dd27d3fc12d03b195124ae5"`);
        await queryRunner.query(`DROP TABLE "applications"`);
        await queryRunner.query(`DROP INDEX "IDX_351a83f96fbaa661d3c5a377f2"`);
        await queryRunner.query(`DROP TABLE "application_log"`);
    }

}
