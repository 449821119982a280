import { type FieldMetadata, type SubmissionResult, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { type InputHTMLAttributes, type ReactNode, useId } from 'react'
import { type ZodType, type z } from 'zod'
import { type MessageKey, type Translate } from '~/i18n'
import { useT } from './use-t'

// Schemas return message keys. Anything else (a library's English default,
// e.g. for an unexpected extra field) becomes a generic Vietnamese sentence.
// A server may attach values: "login.throttled|minutes=5".
export function translateError(t: Translate, message: string): string {
  const [key = '', ...pairs] = message.split('|')
  const params = Object.fromEntries(pairs.map((pair) => pair.split('=') as [string, string]))
  return t(key as MessageKey, params) ?? t('validation.invalid')
}

type AnyField = FieldMetadata<string> | FieldMetadata<string | undefined>

// The wiring every control shares: hint and error ids, aria-invalid and
// aria-describedby, and the translated error under the control.
function useFieldParts(field: AnyField, hint?: string) {
  const t = useT()
  const hintId = useId()
  const errors = field.errors ?? []
  const describedBy = [hint ? hintId : null, errors.length ? field.errorId : null].filter(Boolean).join(' ')
  const controlProps = {
    'aria-invalid': errors.length ? true : undefined,
    'aria-describedby': describedBy || undefined,
  }
  const hintNode = hint ? (
    <p id={hintId} className="field__hint">
      {hint}
    </p>
  ) : null
  const errorNode = errors.length ? (
    <p id={field.errorId} className="field__error">
      {errors.map((error) => translateError(t, error)).join(' ')}
    </p>
  ) : null
  return { controlProps, hintNode, errorNode }
}

type FieldProps = {
  field: AnyField
  label: string
  hint?: string
  type?: 'text' | 'email' | 'tel' | 'password' | 'number' | 'date'
  autoComplete?: string
  inputMode?: InputHTMLAttributes<HTMLInputElement>['inputMode']
  // For a date: the earliest day offered (YYYY-MM-DD).
  min?: string
}

export function Field({ field, label, hint, type = 'text', autoComplete, inputMode, min }: FieldProps) {
  const { controlProps, hintNode, errorNode } = useFieldParts(field, hint)
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hintNode}
      <input
        {...getInputProps(field as FieldMetadata<string>, { type, ariaAttributes: false })}
        key={field.key}
        autoComplete={autoComplete}
        inputMode={inputMode}
        min={min}
        {...controlProps}
      />
      {errorNode}
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

type Option = { value: string; label: string }
type OptionGroup = { label: string; options: Option[] }

export function SelectField({
  field,
  label,
  hint,
  placeholder,
  groups = [],
  options = [],
}: {
  field: AnyField
  label: string
  hint?: string
  placeholder: string
  groups?: OptionGroup[]
  options?: Option[]
}) {
  const { controlProps, hintNode, errorNode } = useFieldParts(field, hint)
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hintNode}
      <select
        id={field.id}
        name={field.name}
        defaultValue={(field.initialValue as string | undefined) ?? ''}
        key={field.key}
        {...controlProps}
      >
        <option value="">{placeholder}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
        {groups.map((group) => (
          <optgroup key={group.label} label={group.label}>
            {group.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {errorNode}
    </div>
  )
}

export function RadioGroup({ field, legend, options }: { field: AnyField; legend: string; options: Option[] }) {
  const { controlProps, errorNode } = useFieldParts(field)
  return (
    <fieldset className="field choice-group" aria-describedby={controlProps['aria-describedby']}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="choice">
          <input
            type="radio"
            name={field.name}
            value={option.value}
            defaultChecked={field.initialValue === option.value}
            aria-invalid={controlProps['aria-invalid']}
          />
          <span>{option.label}</span>
        </label>
      ))}
      {errorNode}
    </fieldset>
  )
}

export function CheckboxField({ field, label }: { field: AnyField; label: ReactNode }) {
  const { controlProps, errorNode } = useFieldParts(field)
  return (
    <div className="field">
      <label className="choice">
        <input
          type="checkbox"
          id={field.id}
          name={field.name}
          defaultChecked={field.initialValue === 'on'}
          key={field.key}
          {...controlProps}
        />
        <span>{label}</span>
      </label>
      {errorNode}
    </div>
  )
}

// Invisible to people (and to screen readers), tempting to bots.
export function Honeypot() {
  return (
    <div className="visually-hidden" aria-hidden="true">
      <label>
        Website
        <input type="text" name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
      </label>
    </div>
  )
}

// One way to wire Conform to a Zod schema for every form. Errors appear on
// submit and clear while typing: validating on blur moved the submit button
// under a finger mid-tap as messages appeared and disappeared.
export function useZodForm<Schema extends ZodType>(
  schema: Schema,
  options: { lastResult?: SubmissionResult<string[]> | null; defaultValue?: Record<string, unknown> },
) {
  return useForm<z.input<Schema> & Record<string, unknown>, z.output<Schema>, string[]>({
    lastResult: options.lastResult,
    defaultValue: options.defaultValue as never,
    constraint: getZodConstraint(schema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
}

// A one-button post (remove, revoke…): the visible label plus, for screen
// readers, what it acts on, since a list repeats the same label many times.
export function ActionButton({ fields, label, target, className }: { fields: Record<string, string>; label: string; target: string; className?: string }) {
  return (
    <Form method="post" className={className ?? 'inline-form'}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className="link-button">
        {label}
        <span className="visually-hidden">: {target}</span>
      </button>
    </Form>
  )
}
