import { type FieldMetadata, getInputProps } from '@conform-to/react'
import { type InputHTMLAttributes, useId } from 'react'
import { type MessageKey, type Translate } from '~/i18n'
import { useT } from './use-t'

// Schemas return message keys; anything else (already a sentence) is shown as is.
export function translateError(t: Translate, message: string): string {
  try {
    return t(message as MessageKey) ?? message
  } catch {
    return message
  }
}

type FieldProps = {
  field: FieldMetadata<string>
  label: string
  hint?: string
  type?: 'text' | 'email' | 'tel' | 'password' | 'number'
  autoComplete?: string
  inputMode?: InputHTMLAttributes<HTMLInputElement>['inputMode']
}

export function Field({ field, label, hint, type = 'text', autoComplete, inputMode }: FieldProps) {
  const t = useT()
  const hintId = useId()
  const errors = field.errors ?? []
  const describedBy = [hint ? hintId : null, errors.length ? field.errorId : null]
    .filter(Boolean)
    .join(' ')
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      <input
        {...getInputProps(field, { type, ariaAttributes: false })}
        key={field.key}
        autoComplete={autoComplete}
        inputMode={inputMode}
        aria-invalid={errors.length ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {errors.length ? (
        <p id={field.errorId} className="field__error">
          {errors.map((error) => translateError(t, error)).join(' ')}
        </p>
      ) : null}
    </div>
  )
}

export function FormErrors({ errors, id }: { errors?: string[]; id?: string }) {
  const t = useT()
  if (!errors?.length) return null
  return (
    <div id={id} className="alert alert--error" role="alert">
      {errors.map((error) => (
        <p key={error}>{translateError(t, error)}</p>
      ))}
    </div>
  )
}
