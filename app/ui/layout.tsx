import { Form, Link, useLocation } from '@remix-run/react'
import { useCurrentUser, usePreferences, useT } from './use-t'

// One row on a phone: the name and a menu button. The menu is a
// <details>, so it opens without JavaScript; on wide screens CSS shows its
// contents inline and hides the button. Keyed by the path so a client-side
// navigation closes it, as a page load does.
export function SiteHeader() {
  const t = useT()
  const { pathname } = useLocation()
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link to="/" className="brand">
          <span className="brand__mark" aria-hidden="true">
            HS
          </span>
          <span className="brand__name">{t('site.name')}</span>
        </Link>
        <details className="menu" key={pathname}>
          <summary className="menu__button">
            <span className="menu__icon" aria-hidden="true" />
            {t('menu.label')}
          </summary>
          <div className="menu__panel">
            <AccountNav />
            <PreferencesBar />
          </div>
        </details>
      </div>
    </header>
  )
}

function AccountNav() {
  const t = useT()
  const user = useCurrentUser()
  return (
    <nav className="site-nav" aria-label={t('nav.label')}>
      <Link to="/">{t('nav.home')}</Link>
      <Link to="/khoa-hoc">{t('nav.courses')}</Link>
      <Link to="/mo-phong">{t('nav.simulators')}</Link>
      <Link to="/hoc-tap">{t('nav.progress')}</Link>
      <Link to="/tim-kiem">{t('nav.search')}</Link>
      {user ? (
        <>
          <Link to="/lop-hoc">{t('nav.classes')}</Link>
          {user.canManage ? <Link to="/quan-ly/nguoi-dung">{t('nav.manage')}</Link> : null}
          <Link to="/tai-khoan">
            {t('nav.account')}
            <span className="visually-hidden">: {user.name}</span>
          </Link>
          <Form method="post" action="/dang-xuat">
            <button type="submit" className="link-button">
              {t('nav.logout')}
            </button>
          </Form>
        </>
      ) : (
        <>
          <Link to="/dang-nhap">{t('nav.login')}</Link>
          <Link to="/dang-ky">{t('nav.signup')}</Link>
        </>
      )}
    </nav>
  )
}

function PreferencesBar() {
  const t = useT()
  const prefs = usePreferences()
  const location = useLocation()
  const here = `${location.pathname}${location.search}`
  const otherLocale = t('prefs.switchToOtherLang')
  // Plain forms, so the toggles work without JavaScript and survive reloads
  // through the cookie the action sets.
  return (
    <Form method="post" action="/preferences" className="prefs" aria-label={t('prefs.label')}>
      <input type="hidden" name="redirectTo" value={here} />
      <button
        type="submit"
        name="text"
        value={prefs.textSize === 'large' ? 'normal' : 'large'}
        aria-pressed={prefs.textSize === 'large'}
        className="chip"
      >
        <span aria-hidden="true" className="chip__icon">
          A+
        </span>
        {t('prefs.textLarge')}
      </button>
      <button
        type="submit"
        name="contrast"
        value={prefs.contrast === 'high' ? 'normal' : 'high'}
        aria-pressed={prefs.contrast === 'high'}
        className="chip"
      >
        <span aria-hidden="true" className="chip__icon">
          ◐
        </span>
        {t('prefs.contrastHigh')}
      </button>
      <button type="submit" name="lang" value={otherLocale} lang={otherLocale} className="chip">
        {t('prefs.switchToOther')}
      </button>
    </Form>
  )
}

export function SiteFooter() {
  const t = useT()
  return (
    <footer className="site-footer">
      <div className="container">
        <p>{t('footer.about')}</p>
        <p>{t('footer.movement')}</p>
        <p>
          <Link to="/quyen-rieng-tu">{t('nav.privacy')}</Link>
        </p>
      </div>
    </footer>
  )
}
