import { Link } from '@remix-run/react'
import { ProgressBar } from './progress-bar'
import { useT } from './use-t'

type T = ReturnType<typeof useT>
export type NextKind = 'lesson' | 'quiz' | 'simulator' | 'done'

// The words for a learner's next step, the same on every page.
export function nextStepLabel(t: T, kind: NextKind, title: string): string {
  if (kind === 'lesson') return t('progress.nextLesson', { title })
  if (kind === 'quiz') return t('progress.nextQuiz')
  if (kind === 'simulator') return t('progress.nextSimulator', { title })
  return t('progress.courseDone')
}

// "Học tiếp": where the learner left off, one tap away.
export function ContinueCard({ resume }: { resume: { courseTitle: string; percent: number; href: string; title: string; next: { kind: NextKind } } }) {
  const t = useT()
  return (
    <section className="card continue" aria-labelledby="continue-heading">
      <h2 id="continue-heading">{t('progress.continue')}</h2>
      <p>{t('progress.continueIn', { course: resume.courseTitle })}</p>
      <ProgressBar
        percent={resume.percent}
        label={t('progress.barLabel', { course: resume.courseTitle })}
        text={t('progress.percent', { percent: resume.percent })}
      />
      <p>
        <Link className="button" to={resume.href}>
          {nextStepLabel(t, resume.next.kind, resume.title)}
        </Link>
      </p>
    </section>
  )
}
