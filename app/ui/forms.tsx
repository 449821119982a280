import {
  type FieldMetadata,
  type FormMetadata,
  type SubmissionResult,
  getFormProps,
  getInputProps,
  useForm,
} from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, useActionData } from '@remix-run/react'
import { type InputHTMLAttributes, type MouseEvent, type ReactNode, useEffect, useId, useRef } from 'react'
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

// Required fields say so in words, not colour alone. Conform reads
// "required" from the Zod schema, so the label follows the rules.
function LabelText({ field, label }: { field: AnyField; label: ReactNode }) {
  const t = useT()
  return (
    <>
      {label}
      {field.required ? <span className="field__required"> {t('form.required')}</span> : null}
    </>
  )
}

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
      <label htmlFor={field.id}>
        <LabelText field={field} label={label} />
      </label>
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

// With JavaScript a summary link puts the caret in the field, with its
// label in view; without, the browser follows the #anchor to it.
function focusField(event: MouseEvent<HTMLAnchorElement>) {
  const target = document.getElementById(decodeURIComponent(event.currentTarget.hash.slice(1)))
  if (!target) return
  event.preventDefault()
  ;(target.closest('.field') ?? target).scrollIntoView({ block: 'start' })
  target.focus({ preventScroll: true })
}

export function errorSummaryId(formId: string) {
  return `${formId}-summary`
}

// The GOV.UK error summary, first thing in the form: a titled box listing
// every error, each field's as a link to the field. It takes the focus after
// a failed submit in both modes: without JavaScript the server's answer
// renders it with autofocus (on a tabindex="-1" box), so the browser focuses
// it and scrolls to it on load; with JavaScript React focuses it when it
// appears, and the effects below cover a new server answer or a repeated
// failed submit while it is already shown. A #anchor in the form's action was
// tried and dropped: a successful post's redirect inherits the fragment.
// Labels, when given, name the field before its message ("Họ và tên: Vui
// lòng điền vào ô này.").
export function ErrorSummary({
  form,
  labels = {},
}: {
  form: Pick<FormMetadata<Record<string, unknown>, string[]>, 'id' | 'errorId' | 'errors' | 'allErrors'>
  labels?: Record<string, string>
}) {
  const t = useT()
  const ref = useRef<HTMLDivElement>(null)
  const actionData = useActionData()
  const formId = form.id
  const id = errorSummaryId(formId)
  const all = form.allErrors
  const formErrors = all[''] ?? form.errors ?? []
  const fieldErrors = Object.entries(all).filter(([name, errors]) => name !== '' && errors.length > 0)
  const hasErrors = formErrors.length + fieldErrors.length > 0

  // A server's answer while the summary is already shown.
  useEffect(() => {
    if (actionData) ref.current?.focus()
  }, [actionData])

  // A second failed submit in the browser leaves the summary mounted:
  // focus it once Conform has validated (Conform focuses the field first).
  useEffect(() => {
    const element = document.getElementById(formId)
    if (!element) return
    const onSubmit = () => setTimeout(() => document.getElementById(id)?.focus())
    element.addEventListener('submit', onSubmit)
    return () => element.removeEventListener('submit', onSubmit)
  }, [formId, id])

  if (!hasErrors) return null
  return (
    <div id={id} ref={ref} className="error-summary" tabIndex={-1} autoFocus aria-labelledby={`${id}-title`} role="alert">
      <h2 id={`${id}-title`} className="error-summary__title">
        {t('form.errorSummaryTitle')}
      </h2>
      <ul className="error-summary__list">
        {formErrors.length ? (
          <li id={form.errorId}>{formErrors.map((error) => translateError(t, error)).join(' ')}</li>
        ) : null}
        {fieldErrors.map(([name, errors]) => (
          <li key={name}>
            <a href={`#${formId}-${name}`} onClick={focusField}>
              {labels[name] ? `${labels[name]}: ` : null}
              {errors.map((error) => translateError(t, error)).join(' ')}
            </a>
          </li>
        ))}
      </ul>
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
      <label htmlFor={field.id}>
        <LabelText field={field} label={label} />
      </label>
      {hintNode}
      <select
        id={field.id}
        name={field.name}
        required={field.required}
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
      <legend>
        <LabelText field={field} label={legend} />
      </legend>
      {options.map((option, index) => (
        <label key={option.value} className="choice">
          <input
            type="radio"
            // The error summary links to the group's first choice.
            id={index === 0 ? field.id : undefined}
            name={field.name}
            required={field.required}
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
          required={field.required}
          defaultChecked={field.initialValue === 'on'}
          key={field.key}
          {...controlProps}
        />
        <span>
          <LabelText field={field} label={label} />
        </span>
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
  const [form, fields] = useForm<z.input<Schema> & Record<string, unknown>, z.output<Schema>, string[]>({
    lastResult: options.lastResult,
    defaultValue: options.defaultValue as never,
    constraint: getZodConstraint(schema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  return [form, fields, getFormProps(form)] as const
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
