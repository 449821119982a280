-- DropIndex
DROP INDEX "User_organizationId_idx";

-- CreateIndex
CREATE INDEX "CourseProgress_userId_courseSlug_completedAt_idx" ON "CourseProgress"("userId", "courseSlug", "completedAt");

-- CreateIndex
CREATE INDEX "User_organizationId_role_deletedAt_kind_id_idx" ON "User"("organizationId", "role", "deletedAt", "kind", "id");
