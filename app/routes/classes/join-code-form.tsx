import { CodeForm } from '~/ui/code-form'
import { useT } from '~/ui/use-t'

export function JoinCodeForm({ code = '', error }: { code?: string; error?: string }) {
  const t = useT()
  return (
    <CodeForm
      action="/vao-lop"
      name="ma"
      id="join-code"
      label={t('classes.codeLabel')}
      hint={t('classes.codeHint')}
      submit={t('classes.joinSubmit')}
      value={code}
      error={error}
    />
  )
}
