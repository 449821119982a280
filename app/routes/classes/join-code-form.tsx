import { Form } from '@remix-run/react'
import { useT } from '~/ui/use-t'

// A GET form: the code lands in the URL, so it works without JavaScript and
// the join page can be reloaded or shared.
export function JoinCodeForm({ code = '', error }: { code?: string; error?: string }) {
  const t = useT()
  const describedBy = ['join-code-hint', error ? 'join-code-error' : null].filter(Boolean).join(' ')
  return (
    <Form method="get" action="/vao-lop" className="stack narrow">
      <div className="field">
        <label htmlFor="join-code">{t('classes.codeLabel')}</label>
        <p className="field__hint" id="join-code-hint">
          {t('classes.codeHint')}
        </p>
        <input
          id="join-code"
          name="ma"
          defaultValue={code}
          autoComplete="off"
          autoCapitalize="characters"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        {error ? (
          <p id="join-code-error" className="field__error">
            {error}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button">
        {t('classes.joinSubmit')}
      </button>
    </Form>
  )
}
