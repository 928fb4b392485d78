'use client';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '@/lib/i18n';
import { IconCheck, IconGlobe } from '../ui/icons';
import { MenuButton, MenuItem, Popover } from '../ui/popover';
import { usePreferences } from './providers';

/** English / 简体中文 switch; each language is named in itself. */
export function LanguageSwitch() {
  const { t } = useTranslation('shell');
  const { language, setLanguage } = usePreferences();
  return (
    <Popover
      align="right"
      trigger={({ open, toggle }) => (
        <MenuButton open={open} toggle={toggle} label={t('language.label')} testId="language-switch" className="gap-1.5 px-2 text-slate-200 hover:bg-white/10">
          <IconGlobe />
          <span>{t(`language.${language}`)}</span>
        </MenuButton>
      )}
    >
      {(close) => (
        <div role="menu" aria-label={t('language.label')}>
          {LANGUAGES.map((lang) => (
            <MenuItem
              key={lang}
              role="menuitemradio"
              aria-checked={lang === language}
              selected={lang === language}
              onSelect={() => {
                setLanguage(lang);
                close();
              }}
            >
              <span className="w-4">{lang === language && <IconCheck width={14} height={14} />}</span>
              <span lang={lang === 'zh' ? 'zh-CN' : 'en'}>{t(`language.${lang}`)}</span>
            </MenuItem>
          ))}
        </div>
      )}
    </Popover>
  );
}
