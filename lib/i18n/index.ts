/**
 * i18next setup: English and Simplified Chinese, one JSON catalog per namespace. Every helper's
 * namespace is registered here, so a missing key in either language fails the catalog test.
 */
import { createInstance, type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import enCommon from './messages/en/common.json';
import enConsole from './messages/en/console.json';
import enMigrations from './messages/en/migrations.json';
import enCrossSite from './messages/en/cross-site.json';
import enDataVolumes from './messages/en/datavolumes.json';
import enDvCreate from './messages/en/dv-create.json';
import enShell from './messages/en/shell.json';
import enVmCreate from './messages/en/vm-create.json';
import enVmDetails from './messages/en/vm-details.json';
import enVmList from './messages/en/vm-list.json';
import enNodes from './messages/en/nodes.json';
import enNoc from './messages/en/noc.json';
import enNetwork from './messages/en/network.json';
import enOverview from './messages/en/overview.json';
import zhCommon from './messages/zh/common.json';
import zhConsole from './messages/zh/console.json';
import zhMigrations from './messages/zh/migrations.json';
import zhCrossSite from './messages/zh/cross-site.json';
import zhDataVolumes from './messages/zh/datavolumes.json';
import zhDvCreate from './messages/zh/dv-create.json';
import zhShell from './messages/zh/shell.json';
import zhVmCreate from './messages/zh/vm-create.json';
import zhVmDetails from './messages/zh/vm-details.json';
import zhVmList from './messages/zh/vm-list.json';
import zhNodes from './messages/zh/nodes.json';
import zhNoc from './messages/zh/noc.json';
import zhNetwork from './messages/zh/network.json';
import zhOverview from './messages/zh/overview.json';

export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

export const NAMESPACES = [
  'common',
  'shell',
  'vm-list',
  'vm-details',
  'vm-create',
  'console',
  'migrations',
  'cross-site',
  'nodes',
  'datavolumes',
  'noc',
  'network',
  'dv-create',
  'overview',
] as const;
export type Namespace = (typeof NAMESPACES)[number];

type Catalog = Record<string, unknown>;

/** Every catalog, by language then namespace. */
export const resources: Record<Language, Record<Namespace, Catalog>> = {
  en: {
    common: enCommon,
    shell: enShell,
    'vm-list': enVmList,
    'vm-details': enVmDetails,
    'vm-create': enVmCreate,
    console: enConsole,
    migrations: enMigrations,
    'cross-site': enCrossSite,
    nodes: enNodes,
    datavolumes: enDataVolumes,
    noc: enNoc,
    network: enNetwork,
    'dv-create': enDvCreate,
    overview: enOverview,
  },
  zh: {
    common: zhCommon,
    shell: zhShell,
    'vm-list': zhVmList,
    'vm-details': zhVmDetails,
    'vm-create': zhVmCreate,
    console: zhConsole,
    migrations: zhMigrations,
    'cross-site': zhCrossSite,
    nodes: zhNodes,
    datavolumes: zhDataVolumes,
    noc: zhNoc,
    network: zhNetwork,
    'dv-create': zhDvCreate,
    overview: zhOverview,
  },
};

/** Cookie holding the chosen language (read by the server layout for `<html lang>`). */
export const LANGUAGE_COOKIE = 'edgevirt-lang';

/** Maps any tag (`zh-CN`, `zh-Hans`, `en-US`) to a supported language. */
export function normalizeLanguage(tag: string | null | undefined): Language {
  const lower = (tag ?? '').toLowerCase();
  if (lower.startsWith('zh')) return 'zh';
  if (lower.startsWith('en')) return 'en';
  return DEFAULT_LANGUAGE;
}

/** First supported language in an Accept-Language header, else the default. */
export function languageFromAcceptHeader(header: string | null | undefined): Language {
  for (const part of (header ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('zh')) return 'zh';
    if (tag.startsWith('en')) return 'en';
  }
  return DEFAULT_LANGUAGE;
}

/** BCP 47 tag for `<html lang>`. */
export function htmlLang(lang: Language): string {
  return lang === 'zh' ? 'zh-CN' : 'en';
}

/**
 * A fresh, synchronously initialised i18next instance. One per React tree, so concurrent server
 * renders in different languages never share state.
 */
export function createI18n(lang: Language): i18n {
  const instance = createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: lang,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    ns: [...NAMESPACES],
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}
