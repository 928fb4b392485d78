import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createI18n,
  htmlLang,
  languageFromAcceptHeader,
  LANGUAGES,
  NAMESPACES,
  normalizeLanguage,
  resources,
} from './index';
import { ageParts, agoParts } from './time';

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Dotted leaf keys; plural variants collapse to their base key (zh has no `_one`). */
function leafKeys(node: unknown, prefix = ''): string[] {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return [prefix.replace(PLURAL, '')];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) =>
    leafKeys(v, prefix ? `${prefix}.${k}` : k),
  );
}

function interpolations(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
}

function lookup(catalog: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalog);
}

/** Source files of the browser and the app (not tests). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\./.test(e.name) ? [p] : [];
  });
}

describe('message catalogs', () => {
  it('translates each English text once per meaning (shared words live in common)', () => {
    const byText = new Map<string, { key: string; zh: unknown }[]>();
    for (const ns of NAMESPACES) {
      for (const key of leafKeys(resources.en[ns]).filter(Boolean)) {
        const en = lookup(resources.en[ns], key);
        if (typeof en !== 'string' || en.startsWith('$t(')) continue;
        byText.set(en, [
          ...(byText.get(en) ?? []),
          { key: `${ns}:${key}`, zh: lookup(resources.zh[ns], key) },
        ]);
      }
    }
    // The same English under two keys is allowed only for homonyms: Chinese tells them apart
    // (the verb "Type" is 输入, the noun 类型).
    const repeated = [...byText].filter(
      ([, uses]) => uses.length > 1 && new Set(uses.map((u) => u.zh)).size < uses.length,
    );
    expect(repeated.map(([text, uses]) => `${text}: ${uses.map((u) => u.key).join(', ')}`)).toEqual([]);
  });

  it('has every key the code names literally', () => {
    const root = join(__dirname, '..', '..');
    const missing: string[] = [];
    for (const file of ['app', 'components', 'lib'].flatMap((d) => sourceFiles(join(root, d)))) {
      for (const m of readFileSync(file, 'utf8').matchAll(
        /\bt(?:c)?\(\s*'([\w.-]+:)?([\w-]+\.[\w.-]+|[a-z]\w+)'/g,
      )) {
        const ns = m[1]?.slice(0, -1);
        const key = m[2] ?? '';
        const spaces = ns ? [ns] : NAMESPACES;
        const found = spaces.some(
          (n) =>
            ((NAMESPACES as readonly string[]).includes(n) &&
              lookup(resources.en[n as (typeof NAMESPACES)[number]], key) !== undefined) ||
            lookup(resources.en[n as (typeof NAMESPACES)[number]], `${key}_one`) !== undefined,
        );
        if (!found) missing.push(`${file.slice(root.length + 1)}: ${ns ? `${ns}:` : ''}${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it.each(NAMESPACES)('namespace %s has the same keys in every language', (ns) => {
    const en = new Set(leafKeys(resources.en[ns]).filter(Boolean));
    for (const lang of LANGUAGES) {
      const other = new Set(leafKeys(resources[lang][ns]).filter(Boolean));
      expect(
        [...en].filter((k) => !other.has(k)),
        `${lang}/${ns}.json is missing keys`,
      ).toEqual([]);
      expect(
        [...other].filter((k) => !en.has(k)),
        `${lang}/${ns}.json has keys English lacks`,
      ).toEqual([]);
    }
  });

  it.each(NAMESPACES)('namespace %s uses the same {{placeholders}} in every language', (ns) => {
    for (const key of leafKeys(resources.en[ns]).filter(Boolean)) {
      const en = lookup(resources.en[ns], key);
      const zh = lookup(resources.zh[ns], key);
      if (typeof en !== 'string' || typeof zh !== 'string') continue;
      expect(interpolations(zh), `${ns}:${key}`).toEqual(interpolations(en));
    }
  });

  it('translates through a fresh instance per language', () => {
    expect(createI18n('en').t('shell:nav.vms')).toBe('Virtual machines');
    expect(createI18n('zh').t('shell:nav.vms')).toBe('虚拟机');
    expect(createI18n('zh').t('common:time.secondsAgo', { count: 5 })).toBe('5 秒前');
  });

  it('normalises language tags', () => {
    expect(normalizeLanguage('zh-CN')).toBe('zh');
    expect(normalizeLanguage('en-US')).toBe('en');
    expect(normalizeLanguage('fr')).toBe('en');
    expect(languageFromAcceptHeader('fr-FR,zh-Hans;q=0.8,en;q=0.5')).toBe('zh');
    expect(htmlLang('zh')).toBe('zh-CN');
  });
});

describe('time wording', () => {
  it('picks the unit for "ago" and kubectl-style ages', () => {
    expect(agoParts(500)).toEqual({ key: 'time.justNow', count: 0 });
    expect(agoParts(45_000)).toEqual({ key: 'time.secondsAgo', count: 45 });
    expect(agoParts(3 * 3600_000)).toEqual({ key: 'time.hoursAgo', count: 3 });
    expect(ageParts('2026-01-01T00:00:00Z', Date.parse('2026-01-03T01:00:00Z'))).toEqual({
      key: 'age.days',
      count: 2,
    });
    expect(ageParts(undefined, 0)).toBeUndefined();
  });
});
