import { Form } from '@remix-run/react'
import { useT } from './use-t'

// The code form of /verify, also shown under a malformed code.
export function VerifyForm({ typed, error }: { typed: string; error: 'verify.empty' | 'verify.malformed' | null }) {
  const t = useT()
  return (
    <Form method="get" action="/verify" className="stack narrow">
      <div className="field">
        <label htmlFor="verify-code">{t('verify.codeLabel')}</label>
        <p id="verify-code-hint" className="field__hint">
          {t('verify.codeHint')}
        </p>
        <input
          id="verify-code"
          name="code"
          type="text"
          defaultValue={typed}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'verify-code-hint verify-code-error' : 'verify-code-hint'}
        />
        {error ? (
          <p id="verify-code-error" className="field__error">
            {t(error)}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button">
        {t('verify.submit')}
      </button>
    </Form>
  )
}
