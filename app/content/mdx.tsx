import { getMDXComponent } from 'mdx-bundler/client'
import { type ReactNode, useMemo } from 'react'
import { type MessageKey } from '~/i18n'
import { useT } from '~/ui/use-t'
import { type GlossaryEntry } from './compile.server'

// The components lesson authors may use (content/README.md). Lesson pages
// render on the server only (they do not hydrate), so the bundle is never
// evaluated in the browser and the CSP needs no 'unsafe-eval'.
const CALLOUT_LABEL: Record<string, MessageKey> = {
  tip: 'lesson.calloutTip',
  warning: 'lesson.calloutWarning',
  danger: 'lesson.calloutDanger',
}

function Callout({ type, title, children }: { type: string; title?: string; children: ReactNode }) {
  const t = useT()
  const label = t(CALLOUT_LABEL[type] ?? 'lesson.calloutTip')
  return (
    <aside className={`callout callout--${type}`} aria-label={title ?? label}>
      <p className="callout__title">
        <span aria-hidden="true" className="callout__icon">
          {type === 'danger' ? '⛔' : type === 'warning' ? '⚠️' : '💡'}
        </span>{' '}
        {title ?? label}
      </p>
      {children}
    </aside>
  )
}

function Steps({ children }: { children: ReactNode }) {
  return <ol className="steps">{children}</ol>
}

function Step({ title, children }: { title: string; children: ReactNode }) {
  return (
    <li className="step">
      <p className="step__title">{title}</p>
      {children}
    </li>
  )
}

function Figure({ src, alt, caption }: { src: string; alt: string; caption?: string }) {
  return (
    <figure className="figure">
      <img src={src} alt={alt} loading="lazy" />
      {caption ? <figcaption>{caption}</figcaption> : null}
    </figure>
  )
}

// A disclosure: the word is a button that shows its explanation just below
// it, with a close button; Esc or a tap elsewhere closes it too. It is a
// popover, so it needs no JavaScript (lesson pages have none), and the
// browser tells screen readers whether it is open; the explanation follows
// the word in reading and tab order. It was a tooltip fixed in the middle of
// the screen: it covered the sentence, followed the scroll and had no way to
// close it but tapping somewhere. Placement is CSS (.term__pop). Where
// popovers are unknown the explanation simply shows after the word.
function Term({ id, definition, children }: { id: string; definition: string; children: ReactNode }) {
  const t = useT()
  const pop = `${id}-pop`
  const popover = { popover: 'auto' } as Record<string, string>
  const opens = { popovertarget: pop } as Record<string, string>
  const closes = { popovertarget: pop, popovertargetaction: 'hide' } as Record<string, string>
  return (
    <span className="term">
      <button type="button" className="term__word" {...opens}>
        {children}
      </button>
      <span id={pop} className="term__pop" {...popover}>
        <strong>{children}:</strong> {definition}{' '}
        <button type="button" className="term__close" {...closes}>
          {t('lesson.termClose')}
        </button>
      </span>
    </span>
  )
}

function Quiz({ question, choices, answer, explanation }: { question: string; choices: string[]; answer: number; explanation: string }) {
  const t = useT()
  const letter = (index: number) => String.fromCharCode(65 + index)
  return (
    <section className="check" aria-label={t('lesson.quickCheck')}>
      <p className="check__label">{t('lesson.quickCheck')}</p>
      <p className="check__question">{question}</p>
      <ol className="check__choices" type="A">
        {choices.map((choice) => (
          <li key={choice}>{choice}</li>
        ))}
      </ol>
      <details className="check__answer">
        <summary>{t('lesson.showAnswer')}</summary>
        <p>
          <strong>
            {t('lesson.rightAnswer')} {letter(answer)}. {choices[answer]}
          </strong>
        </p>
        <p>{explanation}</p>
      </details>
    </section>
  )
}

function Simulator({ id }: { id: string }) {
  const t = useT()
  return (
    <p className="simulator-link">
      <a className="button button--secondary" href={`/mo-phong/${id}`}>
        {t('lesson.practise')}
      </a>
    </p>
  )
}

const COMPONENTS = { Callout, Steps, Step, Figure, Term, Quiz, Simulator }

export function LessonBody({ code }: { code: string }) {
  const Component = useMemo(() => getMDXComponent(code), [code])
  return <Component components={COMPONENTS as never} />
}

export function Glossary({ entries }: { entries: GlossaryEntry[] }) {
  const t = useT()
  if (!entries.length) return null
  // The same word may be explained in several places; list it once.
  const unique = entries.filter((entry, index) => entries.findIndex((other) => other.word.toLowerCase() === entry.word.toLowerCase()) === index)
  return (
    <section className="glossary" aria-labelledby="glossary-heading">
      <h2 id="glossary-heading">{t('lesson.glossary')}</h2>
      <dl>
        {unique.map((entry) => (
          <div key={entry.id} id={entry.id}>
            <dt>{entry.word}</dt>
            <dd>{entry.definition}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}
