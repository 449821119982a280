import { type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { ClassSchema } from '~/classes/schemas'
import { Field, ErrorSummary, SelectField, useZodForm } from '~/ui/forms'
import { useT } from '~/ui/use-t'

type Props = {
  organizations: { id: string; name: string }[]
  lastResult?: SubmissionResult<string[]>
  defaultValue?: { name: string; organizationId: string; scheduleNotes: string }
  submitLabel: string
}

// Create and edit share one form so their rules and wording never drift.
export function ClassForm({ organizations, lastResult, defaultValue, submitLabel }: Props) {
  const t = useT()
  const [form, fields, formProps] = useZodForm(ClassSchema, { lastResult, defaultValue })
  return (
    <Form method="post" {...formProps} className="stack">
      <ErrorSummary form={form} labels={{ name: t('classes.nameLabel'), organizationId: t('classes.organizationLabel') }} />
      <Field field={fields.name} label={t('classes.nameLabel')} hint={t('classes.nameHint')} autoComplete="off" />
      <SelectField
        field={fields.organizationId}
        label={t('classes.organizationLabel')}
        placeholder={t('classes.organizationPlaceholder')}
        options={organizations.map((org) => ({ value: org.id, label: org.name }))}
      />
      <div className="field">
        <label htmlFor={fields.scheduleNotes.id}>{t('classes.scheduleLabel')}</label>
        <p className="field__hint" id={`${fields.scheduleNotes.id}-hint`}>
          {t('classes.scheduleHint')}
        </p>
        <textarea
          id={fields.scheduleNotes.id}
          name={fields.scheduleNotes.name}
          defaultValue={fields.scheduleNotes.initialValue ?? ''}
          rows={3}
          aria-describedby={`${fields.scheduleNotes.id}-hint`}
        />
      </div>
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </Form>
  )
}
