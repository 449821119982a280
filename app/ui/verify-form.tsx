import { CodeForm } from './code-form'
import { useT } from './use-t'

// The code form of /verify, also shown under a malformed code.
export function VerifyForm({ typed, error }: { typed: string; error: 'verify.empty' | 'verify.malformed' | null }) {
  const t = useT()
  return (
    <CodeForm
      action="/verify"
      name="code"
      id="verify-code"
      label={t('verify.codeLabel')}
      hint={t('verify.codeHint')}
      submit={t('verify.submit')}
      value={typed}
      error={error ? t(error) : null}
    />
  )
}
