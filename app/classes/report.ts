import { writeCsv } from '~/lib/csv'
// Pure helpers of the organisation report: weeks as people in Vietnam count
// them, rates as the page prints them, the bar chart's geometry and the CSV
// cells. No I/O, so the browser, the server and the tests share them.

import { type MessageKey } from '~/i18n'
import { formatVietnamDateTime, formatVietnamDay } from '~/lib/dates'
import { type OrganizationReport } from './report.server'

// Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving since 1975), so a
// fixed offset is exact and needs no time-zone database.
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000
const WEEK_MS = 7 * DAY_MS

export type WeekRange = {
  /** ISO 8601 week, e.g. 2026-W01. */
  key: string
  year: number
  week: number
  /** Monday 00:00 in Vietnam, as an instant. */
  start: Date
  /** The next Monday 00:00 in Vietnam (exclusive). */
  end: Date
  /** The Monday as a calendar day in Vietnam (YYYY-MM-DD). */
  monday: string
}

/** The ISO week (Monday to Sunday, in Vietnam) holding this instant. */
export function isoWeekOf(date: Date): WeekRange {
  const local = date.getTime() + VIETNAM_OFFSET_MS
  const dayNumber = Math.floor(local / DAY_MS)
  // 1970-01-01 was a Thursday: (dayNumber + 3) % 7 is 0 on Mondays.
  const weekday = (((dayNumber + 3) % 7) + 7) % 7
  const mondayDay = dayNumber - weekday
  // The ISO year is the year of the week's Thursday.
  const thursday = new Date((mondayDay + 3) * DAY_MS)
  const year = thursday.getUTCFullYear()
  const firstThursdayDay = Math.floor(Date.UTC(year, 0, 1) / DAY_MS)
  const jan1Weekday = (((firstThursdayDay + 3) % 7) + 7) % 7
  const firstThursday = firstThursdayDay + ((3 - jan1Weekday + 7) % 7)
  const week = 1 + Math.round((mondayDay + 3 - firstThursday) / 7)
  const start = new Date(mondayDay * DAY_MS - VIETNAM_OFFSET_MS)
  return {
    key: `${year}-W${String(week).padStart(2, '0')}`,
    year,
    week,
    start,
    end: new Date(start.getTime() + WEEK_MS),
    monday: new Date(mondayDay * DAY_MS).toISOString().slice(0, 10),
  }
}

/** The last `count` weeks, oldest first; the last one holds `now`. */
export function recentWeeks(now: Date, count = 12): WeekRange[] {
  const current = isoWeekOf(now)
  const weeks: WeekRange[] = []
  for (let back = count - 1; back >= 0; back--) {
    // Noon of a day inside the wanted week: far from any boundary.
    weeks.push(isoWeekOf(new Date(current.start.getTime() - back * WEEK_MS + DAY_MS / 2)))
  }
  return weeks
}

/** How many of `dates` fall in each week; dates outside every week are ignored. */
export function bucketByWeek(dates: readonly Date[], weeks: readonly WeekRange[]): number[] {
  const counts = weeks.map(() => 0)
  for (const date of dates) {
    const time = date.getTime()
    const index = weeks.findIndex((week) => time >= week.start.getTime() && time < week.end.getTime())
    if (index >= 0) counts[index]! += 1
  }
  return counts
}

/**
 * A share as a percentage with one decimal, or null when there is nobody to
 * count. Never says 100 % while someone is missing, nor 0 % when someone
 * did it: people read those two figures as "everyone" and "no one".
 */
export function completionPercent(part: number, whole: number): number | null {
  if (whole <= 0) return null
  if (part <= 0) return 0
  if (part >= whole) return 100
  const rounded = Math.round((part / whole) * 1000) / 10
  return Math.min(99.9, Math.max(0.1, rounded))
}

/** 42.5 → "42,5 %" in Vietnamese, "42.5%" in English; null → "—". */
export function formatPercent(value: number | null, locale: 'vi' | 'en'): string {
  if (value === null) return '—'
  const number = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 }).format(value)
  return locale === 'vi' ? `${number} %` : `${number}%`
}

// The chart's geometry lives in lib (ui/ may import only lib); it is part of
// this module's surface for the report's callers and tests.
export { type ChartGeometry, type ChartBar, type ChartTick, niceCeiling, weekChartGeometry } from '~/lib/chart'

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string

/**
 * The report as one CSV file: the organisation's figures, per course, per
 * unit below (totals, then per course), per week and the overdue list, each
 * section under its own title row and header row, so the file opens in a
 * spreadsheet as readable blocks.
 */
export function reportCsv(report: OrganizationReport, t: Translate): string {
  const { organization, figures } = report
  const percent = (value: number | null) => (value === null ? '' : value)
  const rows: (string | number | null)[][] = [
    [t('report.csvSectionUnit')],
    [t('report.csvCode'), t('report.colUnit'), t('report.csvKind'), t('report.csvGenerated'), t('report.colLearners'), t('report.colResidents'), t('report.colCivilServants'), t('report.colCompletions'), t('report.colCertificates'), t('report.colOverdue')],
    [organization.code, organization.name, t(`orgKind.${organization.kind}`), formatVietnamDateTime(report.generatedAt), figures.learners, figures.residents, figures.civilServants, figures.completions, figures.certificates, figures.overduePeople],
    [],
    [t('report.csvSectionCourses')],
    [t('report.colCourse'), t('report.colStarted'), t('report.colCompleted'), `${t('report.colRate')} (%)`, t('report.colCertificates')],
    ...figures.courses.map((course) => [course.title, course.started, course.completed, percent(course.percent), course.certificates]),
    [],
    [t('report.csvSectionChildren')],
    [t('report.csvCode'), t('report.colUnit'), t('report.csvKind'), t('report.colLearners'), t('report.colResidents'), t('report.colCivilServants'), t('report.colCompletions'), t('report.colCertificates'), t('report.colOverdue')],
    ...report.children.map((child) => [
      child.code,
      child.name,
      t(`orgKind.${child.kind}`),
      child.figures.learners,
      child.figures.residents,
      child.figures.civilServants,
      child.figures.completions,
      child.figures.certificates,
      child.figures.overduePeople,
    ]),
    [],
    [t('report.csvSectionChildCourses')],
    [t('report.csvCode'), t('report.colUnit'), t('report.colCourse'), t('report.colStarted'), t('report.colCompleted'), `${t('report.colRate')} (%)`, t('report.colCertificates')],
    ...report.children.flatMap((child) =>
      child.figures.courses.map((course) => [child.code, child.name, course.title, course.started, course.completed, percent(course.percent), course.certificates]),
    ),
    [],
    [t('report.csvSectionWeeks')],
    [t('report.colWeek'), t('report.colCompletions')],
    ...report.weeks.map((week) => [t('report.weekName', { week: week.key, monday: formatVietnamDay(week.monday) }), week.completions]),
    [],
    [t('report.csvSectionOverdue')],
    [t('report.colPerson'), t('report.colAgency'), t('report.colUnit'), t('report.colClass'), t('report.colAssignment'), t('report.colDue')],
    ...report.overdue.rows.map((row) => [
      row.name,
      row.agency,
      row.organizationName,
      row.className,
      `${t(`report.kind.${row.kind}`)}: ${row.targetTitle}`,
      // A due date is a whole day in Vietnam (docs/classes.md), written as
      // people there write it, not the UTC instant it ends at.
      formatVietnamDay(row.dueAt),
    ]),
  ]
  return writeCsv(rows, { bom: true, neutraliseFormulas: true })
}
