import { Form } from '@remix-run/react'

type Props = {
  action: string
  name: string
  id: string
  label: string
  hint: string
  submit: string
  value?: string
  error?: string | null
}

// A short code typed from paper (a class code, a certificate code): a GET
// form, so it works without JavaScript and the result page can be shared.
export function CodeForm({ action, name, id, label, hint, submit, value = '', error }: Props) {
  return (
    <Form method="get" action={action} className="stack narrow">
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
        <input
          id={id}
          name={name}
          type="text"
          defaultValue={value}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        />
        {error ? (
          <p id={`${id}-error`} className="field__error">
            {error}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button">
        {submit}
      </button>
    </Form>
  )
}
