-- AlterTable: the high-contrast choice kept with the account, like locale and
-- textSize, so another device starts with it. A plain ADD COLUMN: SQLite
-- fills the default into every existing row without rebuilding the table.
ALTER TABLE "User" ADD COLUMN "contrast" TEXT NOT NULL DEFAULT 'normal';
