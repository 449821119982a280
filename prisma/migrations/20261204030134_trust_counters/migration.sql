/*
  Warnings:

  - You are about to drop the `LoginAttempt` table. If the table is not empty, all the data it contains will be lost.

*/
-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "LoginAttempt";
PRAGMA foreign_keys=on;

-- CreateTable
CREATE TABLE "RateCounter" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "count" INTEGER NOT NULL,
    "windowStart" BIGINT NOT NULL,
    "lastAt" BIGINT NOT NULL,
    "prevAt" BIGINT
);

-- CreateTable
CREATE TABLE "GuestMerge" (
    "guestId" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "mergedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "RateCounter_lastAt_idx" ON "RateCounter"("lastAt");
