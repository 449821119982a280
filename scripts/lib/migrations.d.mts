// Types for migrations.mjs, which stays plain JavaScript so that node runs it
// without a TypeScript loader.

export interface PathOptions {
  /** Prisma schema file; default prisma/schema.prisma. Relative paths are resolved against the repository root. */
  schemaPath?: string
  /** Migrations folder; default prisma/migrations. Relative paths are resolved against the repository root. */
  migrationsDir?: string
  /** Receives one progress line at a time; silent by default. */
  log?: (line: string) => void
}

export interface DatabaseOptions extends PathOptions {
  /**
   * A SQLite `file:` URL. Relative paths are resolved against the repository
   * root, not the working directory: `file:./data/hoc-so.db`, `file:/abs/path.db`.
   */
  databaseUrl: string
}

export interface MigrationStatus {
  /** Migrations in the folder that the database has applied. */
  applied: string[]
  /** Migrations in the folder not applied yet (failed ones excluded). */
  pending: string[]
  /** Migrations marked as failed in the database; they block deploy (P3009). */
  failed: string[]
  /** Applied migrations whose migration.sql changed afterwards. */
  edited: string[]
  /** Migrations the database has applied that the folder does not contain. */
  missingFromFolder: string[]
}

/** The repository root, against which relative paths and `file:` URLs are resolved. */
export declare const REPO_ROOT: string

/** The SQLite file a `file:` URL points to: an absolute path, or `:memory:`. */
export declare function resolveDatabaseFile(databaseUrl: string): string

/**
 * Like `prisma migrate deploy`: creates the database file (and folder) if
 * missing and applies pending migrations in order. Throws an Error naming the
 * migration when one fails (P3018) or failed earlier (P3009), and when the
 * database has tables Prisma Migrate does not manage (P3005).
 */
export declare function deployMigrations(options: DatabaseOptions): Promise<{ applied: string[] }>

/** Like `prisma migrate status`. Read-only: a missing database file is not created. */
export declare function migrationStatus(options: DatabaseOptions): Promise<MigrationStatus>

/**
 * Like `prisma migrate diff --from-migrations … --to-schema … --script --exit-code`,
 * with an in-memory shadow database. `script` is the SQL the migrations lack, empty when in sync.
 */
export declare function diffSchemaAgainstMigrations(options?: PathOptions): Promise<{ inSync: boolean; script: string }>

/**
 * Like `prisma migrate dev --name <name>`: applies pending migrations, then
 * writes `<UTC yyyyMMddHHmmss>_<snake_name>/migration.sql` when the schema
 * changed and applies it. `directory` is null when there was nothing to write.
 * Throws without writing when the change loses data (unless `acceptDataLoss`),
 * cannot run on the data present, or the database has drifted.
 */
export declare function createMigration(
  options: DatabaseOptions & { name: string; acceptDataLoss?: boolean; now?: Date },
): Promise<{ directory: string | null; applied: string[] }>

/** Like `prisma migrate resolve --rolled-back <name>`: deploy then retries that migration. */
export declare function markMigrationRolledBack(options: DatabaseOptions & { name: string }): Promise<void>

/** The folder-name part Prisma derives from `--name`: `addUserBio` → `add_user_bio`. */
export declare function migrationSlug(name: string): string
