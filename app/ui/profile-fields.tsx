import { type FieldMetadata } from '@conform-to/react'
import { Field, RadioGroup, SelectField } from './forms'
import { useT } from './use-t'
import { type Translate } from '~/i18n'

export type OrganizationOption = { id: string; name: string; children: { id: string; name: string }[] }

type WorkFieldsProps = {
  fields: {
    kind: FieldMetadata<string>
    agency: FieldMetadata<string | undefined>
    position: FieldMetadata<string | undefined>
    organizationId: FieldMetadata<string | undefined>
  }
  // null with lockedOrganization: the unit is shown, not chosen (staff).
  organizations: OrganizationOption[] | null
  lockedOrganization?: string
  organizationPlaceholder: string
  organizationHint?: string
  // Off when a trainer types someone else's details.
  autoComplete?: boolean
}

// For the error summary: the names of the fields below.
export function workFieldLabels(t: Translate) {
  return {
    kind: t('signup.kind'),
    agency: t('signup.agency'),
    position: t('signup.position'),
    organizationId: t('signup.organization'),
  }
}

// Resident or civil servant, the civil servant's agency and position, and
// the organisation: the same fields at sign-up, on the profile and when a
// trainer creates an account.
export function WorkFields({ fields, organizations, lockedOrganization, organizationPlaceholder, organizationHint, autoComplete = true }: WorkFieldsProps) {
  const t = useT()
  return (
    <>
      <RadioGroup
        field={fields.kind}
        legend={t('signup.kind')}
        options={[
          { value: 'RESIDENT', label: t('signup.kindResident') },
          { value: 'CIVIL_SERVANT', label: t('signup.kindCivilServant') },
        ]}
      />
      <div className="civil-only stack">
        <Field
          field={fields.agency}
          label={t('signup.agency')}
          hint={t('signup.agencyHint')}
          autoComplete={autoComplete ? 'organization' : 'off'}
        />
        <Field
          field={fields.position}
          label={t('signup.position')}
          autoComplete={autoComplete ? 'organization-title' : 'off'}
        />
      </div>
      {/* Grouped by province so it works as a plain <select> without
          JavaScript; the province itself is selectable for people who work
          at that level. */}
      {organizations === null ? (
        <div className="field">
          <p>
            {t('signup.organization')}: <strong>{lockedOrganization}</strong>
          </p>
          <p className="field__hint">{t('account.organizationLockedHint')}</p>
        </div>
      ) : (
      <SelectField
        field={fields.organizationId}
        label={t('signup.organization')}
        hint={organizationHint}
        placeholder={organizationPlaceholder}
        groups={organizations.map((province) => ({
          label: province.name,
          options: [
            { value: province.id, label: province.name },
            ...province.children.map((child) => ({ value: child.id, label: child.name })),
          ],
        }))}
      />
      )}
    </>
  )
}
