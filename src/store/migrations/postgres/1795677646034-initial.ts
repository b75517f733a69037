import type { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1795677646034 implements MigrationInterface {
    name = 'Initial1795677646034'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "application_log" ("id" SERIAL NOT NULL, "receiptNo" character varying(8) NOT NULL, "item" character varying(100) NOT NULL, "at" character varying(30) NOT NULL, "notice" text NOT NULL, "actor" character varying(60) NOT NULL, CONSTRAINT "PK_15822e1956d5b5278bb4e2ee4ea" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_351a83f96fbaa661d3c5a377f2" ON "application_log"  ("receiptNo") `);
        await queryRunner.query(`CREATE TABLE "applications" ("receiptNo" character varying(8) NOT NULL, "officeCode" character varying(10) NOT NULL, "status" character varying(12) NOT NULL, "version" integer NOT NULL, "submittedAt" character varying(30) NOT NULL, "timing" character varying(10) NOT NULL, "desiredDate" character varying(10), "registrationDate" character varying(10), "completedAt" character varying(30), "remarks" text NOT NULL, "contact" text NOT NULL, "entries" text NOT NULL, "supersedes" character varying(8), "supersededBy" character varying(8), "updatedAt" character varying(30) NOT NULL, CONSTRAINT "PK_119a836da5d26fe31747ab55da6" PRIMARY KEY ("receiptNo"))`);
        await queryRunner.query(`CREATE INDEX "IDX_736232329d4317a1bb5880bc34" ON "applications"  ("status", "submittedAt", "receiptNo") `);
        await queryRunner.query(`CREATE INDEX "IDX_1d3e40bcf1df46d81a45c9e65c" ON "applications"  ("officeCode", "status", "submittedAt", "receiptNo") `);
        await queryRunner.query(`CREATE INDEX "IDX_a7f06b398d65f5d6132d7516bd" ON "applications"  ("officeCode", "submittedAt", "receiptNo") `);
        await queryRunner.query(`CREATE TABLE "audit_events" ("id" SERIAL NOT NULL, "at" character varying(30) NOT NULL, "actor" character varying(60) NOT NULL, "action" character varying(40) NOT NULL, "receiptNo" character varying(8), "detail" text NOT NULL, CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_68d908019304f757740bc47a0a" ON "audit_events"  ("action") `);
        await queryRunner.query(`CREATE TABLE "inbound_messages" ("id" SERIAL NOT NULL, "dedupeKey" character varying(300) NOT NULL, "messageId" character varying(250), "sha256" character varying(64) NOT NULL, "source" character varying(20) NOT NULL, "sourceRef" character varying(500) NOT NULL, "size" integer NOT NULL, "raw" text, "fromAddress" character varying(254), "subject" text, "receivedAt" character varying(30) NOT NULL, "state" character varying(12) NOT NULL, "kind" character varying(12), "outcome" character varying(40), "receiptNo" character varying(8), "detail" text, "processedAt" character varying(30), "attempts" integer NOT NULL DEFAULT '0', CONSTRAINT "UQ_34e65531cb18d64ce19e7d7544c" UNIQUE ("dedupeKey"), CONSTRAINT "PK_4f21d40ad47ab9702cb1ee64590" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_cb9199552f38c6897cd64e46d4" ON "inbound_messages"  ("receiptNo") `);
        await queryRunner.query(`CREATE INDEX "IDX_fdcb6957466c099b7dc97458f4" ON "inbound_messages"  ("state", "id") `);
        await queryRunner.query(`CREATE TABLE "issued_passwords" ("id" SERIAL NOT NULL, "receiptNo" character varying(8) NOT NULL, "userCode" character varying(5) NOT NULL, "ident" character varying(3) NOT NULL, "sealed" text, "visibleUntil" character varying(10) NOT NULL, "purgedAt" character varying(30), CONSTRAINT "PK_0bd4d6dcf8a0eca44646a8f2621" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_561d5d880fa87afdc1aef4694b" ON "issued_passwords"  ("visibleUntil") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ce8ec7a5496532cc943e0a3dda" ON "issued_passwords"  ("receiptNo", "userCode", "ident") `);
        await queryRunner.query(`CREATE TABLE "leases" ("name" character varying(40) NOT NULL, "holder" character varying(120) NOT NULL, "expiresAt" character varying(30) NOT NULL, CONSTRAINT "PK_8f564523b661f9e2648c3377687" PRIMARY KEY ("name"))`);
        await queryRunner.query(`CREATE TABLE "news" ("id" SERIAL NOT NULL, "officeCode" character varying(10) NOT NULL, "receiptNo" character varying(8) NOT NULL, "at" character varying(30) NOT NULL, "message" character varying(40) NOT NULL, CONSTRAINT "PK_39a43dfcb6007180f04aff2357e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_2e3e18280f71992225e2d27354" ON "news"  ("officeCode", "id") `);
        await queryRunner.query(`CREATE TABLE "offices" ("code" character varying(10) NOT NULL, "name" character varying(100) NOT NULL, "adminName" character varying(60) NOT NULL, "adminEmail" character varying(254) NOT NULL, "locale" character varying(2) NOT NULL DEFAULT 'ja', "passwordHash" character varying(200), "failedLogins" integer NOT NULL DEFAULT '0', "lockedUntil" character varying(30), CONSTRAINT "PK_dd20ab195a9ecf474704c369295" PRIMARY KEY ("code"))`);
        await queryRunner.query(`CREATE TABLE "outbox" ("id" SERIAL NOT NULL, "receiptNo" character varying(8), "kind" character varying(20) NOT NULL, "locale" character varying(2) NOT NULL, "recipients" text NOT NULL, "data" text NOT NULL, "messageId" character varying(250) NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "nextAttemptAt" character varying(30) NOT NULL, "lastError" text, "createdAt" character varying(30) NOT NULL, "sentAt" character varying(30), CONSTRAINT "UQ_faca71da1046be0982a48ca0b41" UNIQUE ("messageId"), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_929a153ae3573a81f1692b9922" ON "outbox"  ("receiptNo") `);
        await queryRunner.query(`CREATE INDEX "IDX_9c73258b2a06124401a84076b2" ON "outbox"  ("status", "nextAttemptAt") `);
        await queryRunner.query(`CREATE TABLE "receipt_counters" ("year" integer NOT NULL, "lastSequence" integer NOT NULL, CONSTRAINT "PK_3d0ee6240d2218cef3243d6884e" PRIMARY KEY ("year"))`);
        await queryRunner.query(`CREATE TABLE "reviewers" ("id" character varying(40) NOT NULL, "name" character varying(60) NOT NULL, "passwordHash" character varying(200), "failedLogins" integer NOT NULL DEFAULT '0', "lockedUntil" character varying(30), CONSTRAINT "PK_79de995aea9d2f606dff4cfefcd" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "scheduled_changes" ("id" SERIAL NOT NULL, "userCode" character varying(5) NOT NULL, "receiptNo" character varying(8) NOT NULL, "effectiveDate" character varying(10) NOT NULL, "changes" text NOT NULL, "appliedAt" character varying(30), CONSTRAINT "PK_9f547c5c1d5a82da3c8608a16d0" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_d10adebd9c734a40ea3108def3" ON "scheduled_changes"  ("userCode") `);
        await queryRunner.query(`CREATE INDEX "IDX_b3a03b123cc5d6517d54b9eee8" ON "scheduled_changes"  ("appliedAt", "effectiveDate") `);
        await queryRunner.query(`CREATE TABLE "user_codes" ("code" character varying(5) NOT NULL, "officeCode" character varying(10) NOT NULL, "companyNameEn" character varying(70) NOT NULL, "officeNameEn" character varying(70) NOT NULL, "addressEn" character varying(105) NOT NULL, "managerNameEn" character varying(35) NOT NULL, "systemClass" character varying(10) NOT NULL, "industry" character varying(40) NOT NULL, CONSTRAINT "PK_a820bae5417123e63cd8b98de67" PRIMARY KEY ("code"))`);
        await queryRunner.query(`CREATE INDEX "IDX_7e426f1be6a241236dd41f72f9" ON "user_codes"  ("officeCode", "code") `);
        await queryRunner.query(`CREATE TABLE "user_ids" ("userId" character varying(8) NOT NULL, "userCode" character varying(5) NOT NULL, "ident" character varying(3) NOT NULL, "method" character varying(20) NOT NULL, CONSTRAINT "PK_22780232b5a633d557ede60e588" PRIMARY KEY ("userId"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_27b1f95a76c83c3b32ed7902a8" ON "user_ids"  ("userCode", "ident") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_27b1f95a76c83c3b32ed7902a8"`);
        await queryRunner.query(`DROP TABLE "user_ids"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_7e426f1be6a241236dd41f72f9"`);
        await queryRunner.query(`DROP TABLE "user_codes"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_b3a03b123cc5d6517d54b9eee8"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_d10adebd9c734a40ea3108def3"`);
        await queryRunner.query(`DROP TABLE "scheduled_changes"`);
        await queryRunner.query(`DROP TABLE "reviewers"`);
        await queryRunner.query(`DROP TABLE "receipt_counters"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_9c73258b2a06124401a84076b2"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_929a153ae3573a81f1692b9922"`);
        await queryRunner.query(`DROP TABLE "outbox"`);
        await queryRunner.query(`DROP TABLE "offices"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_2e3e18280f71992225e2d27354"`);
        await queryRunner.query(`DROP TABLE "news"`);
        await queryRunner.query(`DROP TABLE "leases"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_ce8ec7a5496532cc943e0a3dda"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_561d5d880fa87afdc1aef4694b"`);
        await queryRunner.query(`DROP TABLE "issued_passwords"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_fdcb6957466c099b7dc97458f4"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_cb9199552f38c6897cd64e46d4"`);
        await queryRunner.query(`DROP TABLE "inbound_messages"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_68d908019304f757740bc47a0a"`);
        await queryRunner.query(`DROP TABLE "audit_events"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_a7f06b398d65f5d6132d7516bd"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_1d3e40bcf1df46d81a45c9e65c"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_736232329d4317a1bb5880bc34"`);
        await queryRunner.query(`DROP TABLE "applications"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_351a83f96fbaa661d3c5a377f2"`);
        await queryRunner.query(`DROP TABLE "application_log"`);
    }

}
