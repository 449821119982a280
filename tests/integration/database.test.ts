import { expect, test } from 'vitest'
import { prisma } from '~/db.server'

const pragma = async (name: string) => Number(Object.values((await prisma.$queryRawUnsafe<Record<string, bigint | number>[]>(`PRAGMA ${name}`))[0]!)[0])

// The settings app/db.server.ts and ADR 010 describe are the connection's own.
test('the app connection commits with synchronous = NORMAL, a 64 MiB page cache and mmap reads', async () => {
  expect(await pragma('synchronous')).toBe(1)
  expect(await pragma('cache_size')).toBe(-65536)
  expect(await pragma('mmap_size')).toBe(2147418112)
})
