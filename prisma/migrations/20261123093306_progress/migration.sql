-- CreateTable
CREATE TABLE "LearningEvent" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "id" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "verb" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "result" TEXT,
    "context" TEXT,
    "timestamp" DATETIME NOT NULL,
    "storedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LessonProgress" (
    "userId" TEXT NOT NULL,
    "courseSlug" TEXT NOT NULL,
    "lessonSlug" TEXT NOT NULL,
    "firstOpenedAt" DATETIME,
    "lastOpenedAt" DATETIME,
    "completedAt" DATETIME,
    "timeSpentSec" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("userId", "courseSlug", "lessonSlug"),
    CONSTRAINT "LessonProgress_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CourseProgress" (
    "userId" TEXT NOT NULL,
    "courseSlug" TEXT NOT NULL,
    "lessonsCompleted" INTEGER NOT NULL DEFAULT 0,
    "quizBestPercent" INTEGER,
    "quizPassedAt" DATETIME,
    "completedAt" DATETIME,
    "lastLessonSlug" TEXT,
    "lastActivityAt" DATETIME NOT NULL,
    "timeSpentSec" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("userId", "courseSlug"),
    CONSTRAINT "CourseProgress_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "QuizAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "courseSlug" TEXT NOT NULL,
    "correct" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "percent" INTEGER NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "QuizAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SimulatorAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "scenarioId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "steps" INTEGER NOT NULL,
    "firstTry" INTEGER NOT NULL,
    "mistakes" INTEGER NOT NULL,
    "hintsUsed" INTEGER NOT NULL,
    "percent" INTEGER NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "durationSec" INTEGER NOT NULL,
    "completedAt" DATETIME NOT NULL,
    CONSTRAINT "SimulatorAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "ApiToken_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "LearningEvent_id_key" ON "LearningEvent"("id");

-- CreateIndex
CREATE INDEX "LearningEvent_actorId_seq_idx" ON "LearningEvent"("actorId", "seq");

-- CreateIndex
CREATE INDEX "LearningEvent_storedAt_idx" ON "LearningEvent"("storedAt");

-- CreateIndex
CREATE INDEX "CourseProgress_userId_lastActivityAt_idx" ON "CourseProgress"("userId", "lastActivityAt");

-- CreateIndex
CREATE INDEX "QuizAttempt_userId_courseSlug_idx" ON "QuizAttempt"("userId", "courseSlug");

-- CreateIndex
CREATE INDEX "SimulatorAttempt_userId_scenarioId_idx" ON "SimulatorAttempt"("userId", "scenarioId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");
