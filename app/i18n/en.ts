import { type MessageKey } from './vi'

export const en: Record<MessageKey, string> = {
  'site.name': 'Học Số',
  'site.tagline': 'Use digital public services with confidence — step by step, at your own pace',
  'site.description':
    'Học Số helps residents and civil servants use VNeID, the National Public Service Portal and the 1022 feedback channel through short lessons and safe simulators.',
  'a11y.skipToContent': 'Skip to main content',
  'nav.label': 'Main navigation',
  'nav.home': 'Home',
  'prefs.label': 'Display options',
  'prefs.textSize': 'Text size',
  'prefs.textNormal': 'Normal text',
  'prefs.textLarge': 'Large text',
  'prefs.textLargeOn': 'Large text is on',
  'prefs.contrast': 'Contrast',
  'prefs.contrastNormal': 'Normal colours',
  'prefs.contrastHigh': 'High contrast',
  'prefs.language': 'Language',
  'prefs.switchToOther': 'Tiếng Việt',
  'prefs.switchToOtherLang': 'vi',
  'footer.about':
    'Học Số is a place to practise. The simulated screens are not the real apps and never ask for your real ID number, password or OTP.',
  'footer.movement': 'A contribution to the “Bình dân học vụ số” (digital literacy for all) movement.',
  'home.title': 'Học Số — learn to use online public services',
  'home.heading': 'Do your paperwork on your phone, by yourself',
  'home.lead':
    'Short lessons in plain language, with simulators where you can try every step without fear of mistakes. Nothing to install; works on old phones and slow networks.',
  'home.servicesHeading': 'You will practise with',
  'home.service.vneid.title': 'The VNeID app',
  'home.service.vneid.body':
    'Activate your electronic identity account, use the document wallet, report a stay, register temporary residence.',
  'home.service.portal.title': 'The National Public Service Portal',
  'home.service.portal.body':
    'Log in with VNeID, find a procedure, submit a dossier, pay the fee and follow the result.',
  'home.service.feedback.title': 'Feedback channels',
  'home.service.feedback.body':
    'Send a clear report through 1022 or iHanoi and follow the authorities’ answer.',
  'home.audienceHeading': 'Who is it for?',
  'home.audience.resident.title': 'Residents',
  'home.audience.resident.body':
    'Learn any time, with large text and plain words. A mistake here changes nothing on your real documents.',
  'home.audience.civil.title': 'Civil servants',
  'home.audience.civil.body':
    'Finish mandated training on time and receive a certificate anyone can verify.',
  'home.audience.trainer.title': 'Community digital-technology teams',
  'home.audience.trainer.body':
    'Run classes, assign modules with due dates and see at once who needs a hand.',
  'home.safetyHeading': 'Safe practice',
  'home.safetyBody':
    'Every simulated screen says “MÔ PHỎNG — không phải ứng dụng thật” (simulation — not the real app) and uses fake data only. Never type your real ID number, password or OTP here, or give them to anyone.',
  'notFound.title': 'Page not found',
  'notFound.heading': 'We could not find this page',
  'notFound.body':
    'The address may be mistyped or the page has moved. Go back to the home page to keep learning.',
  'notFound.home': 'Back to the home page',
  'error.title': 'Something went wrong',
  'error.heading': 'Sorry, something went wrong',
  'error.body':
    'The system had a problem opening this page. What you have learned is safe. Please try again in a few minutes.',
  'error.reference': 'Error code to give to support: {id}',
  'error.retry': 'Try again',
  'error.forbidden': 'You do not have permission to see this page.',
  'error.badRequest': 'The request was not valid. Please reload the page and try again.',
  'setup.title': 'Set up the first administrator',
  'setup.heading': 'Create the first administrator account',
  'setup.lead':
    'This page works once, while the system has no administrator. The link is printed on the server console at start-up.',
  'setup.invalid':
    'This setup link is wrong or has been used. If you run the server, restart it to get a new link, or run npm run admin:create.',
  'setup.name': 'Full name',
  'setup.login': 'Phone number or email',
  'setup.loginHint': 'For example: 0912 345 678 or name@agency.gov.vn',
  'setup.password': 'Password',
  'setup.passwordHint': 'At least 12 characters. A long sentence you can remember is best.',
  'setup.submit': 'Create administrator',
  'setup.done': 'The administrator account was created. You can sign in with it.',
  'form.errorSummary': 'Please correct the errors below.',
  'validation.required': 'Please fill in this field.',
  'validation.nameTooLong': 'The name must be at most 100 characters.',
  'validation.loginInvalid': 'Enter a Vietnamese mobile number (for example 0912 345 678) or an email address.',
  'validation.passwordTooShort': 'The password needs at least 8 characters.',
  'validation.passwordTooShortAdmin': 'An administrator password needs at least 12 characters.',
  'validation.passwordTooLong': 'The password must be at most 128 characters.',
  'validation.loginTaken': 'This phone number or email already has an account.',
}
