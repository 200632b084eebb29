import { beforeAll, describe, expect, it } from 'vitest';
import { satisfiesCaret } from '../../src/kernel/host-range.js';
import { createLogger } from '../../src/kernel/logger.js';
import { findPluginPackages, workspacePluginFolders } from '../../src/kernel/plugin-discovery.js';
import { HOST_VERSION, PluginHost } from '../../src/kernel/plugin-host.js';
import { PLUGIN_FIXTURES } from './plugin-fixtures.js';

const FIXTURES = PLUGIN_FIXTURES;

let host: PluginHost;
beforeAll(async () => {
  host = new PluginHost(createLogger({ logLevel: 'silent' }));
  await host.load([FIXTURES]);
});

describe('host version ranges', () => {
  it('reads ^x.y.z as npm does', () => {
    expect(satisfiesCaret('0.1.0', '^0.1.0')).toBe(true);
    expect(satisfiesCaret('0.1.7', '^0.1.0')).toBe(true);
    expect(satisfiesCaret('0.2.0', '^0.1.0')).toBe(false);
    expect(satisfiesCaret('0.1.0', '^0.1.1')).toBe(false);
    expect(satisfiesCaret('1.4.0', '^1.2.3')).toBe(true);
    expect(satisfiesCaret('2.0.0', '^1.2.3')).toBe(false);
    expect(satisfiesCaret('1.2.2', '^1.2.3')).toBe(false);
    expect(satisfiesCaret('0.0.3', '^0.0.3')).toBe(true);
    expect(satisfiesCaret('0.0.4', '^0.0.3')).toBe(false);
    expect(satisfiesCaret('0.1.0-beta.1', '^0.1.0')).toBe(false);
    expect(satisfiesCaret('0.1.0', '>=0.1.0')).toBe(false);
  });
});

describe('plugin discovery', () => {
  it('finds the workspace plugin folder from the root package.json, and no plugin but the SDK there yet', () => {
    const folders = workspacePluginFolders();
    expect(folders.some((f) => f.endsWith('/plugins'))).toBe(true);
    const names = findPluginPackages(folders).packages.map((p) => p.name);
    expect(names).not.toContain('@kado/plugin-sdk');
  });

  it('finds every @kado/plugin-* package in the given folders, with its declared host range', () => {
    const { packages } = findPluginPackages([FIXTURES]);
    expect(packages.map((p) => [p.name, p.host])).toEqual([
      ['@kado/plugin-bad-id', '^0.1.0'],
      ['@kado/plugin-minimal', '^0.1.0'],
      ['@kado/plugin-no-host', null],
      ['@kado/plugin-throws-on-import', '^0.1.0'],
      ['@kado/plugin-wrong-host', '^9.0.0'],
    ]);
    expect(packages.find((p) => p.name === '@kado/plugin-minimal')?.entry).toMatch(/minimal\/index\.ts$/);
  });

  it('skips a folder that does not exist', () => {
    expect(findPluginPackages(['/nonexistent/kado-plugins']).packages).toEqual([]);
  });
});

describe('the plugin host', () => {
  it('loads the valid plugin and keeps going past the broken ones', () => {
    expect(host.list().map((p) => [p.id, p.version, p.package])).toEqual([
      ['minimal', '1.0.0', '@kado/plugin-minimal'],
    ]);
    expect(host.get('minimal')?.definition.title.ja).toBe('最小プラグイン');
    expect(HOST_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('refuses each broken plugin with a clear reason', () => {
    const reasons = Object.fromEntries(host.refused().map((r) => [r.package, r.reason]));
    expect(Object.keys(reasons).sort()).toEqual([
      '@kado/plugin-bad-id',
      '@kado/plugin-no-host',
      '@kado/plugin-throws-on-import',
      '@kado/plugin-wrong-host',
    ]);
    expect(reasons['@kado/plugin-bad-id']).toBe('invalid definition: id: id must be kebab-case');
    expect(reasons['@kado/plugin-wrong-host']).toBe(
      `needs host ^9.0.0 (package.json kado.host), this host is ${HOST_VERSION}`,
    );
    expect(reasons['@kado/plugin-throws-on-import']).toBe('failed to load: native module kado-ocr not found');
    expect(reasons['@kado/plugin-no-host']).toMatch(/declares no "kado": \{ "host"/);
  });

  it('refuses a plugin the host version does not satisfy, and one whose id is already taken', async () => {
    const old = new PluginHost(createLogger({ logLevel: 'silent' }), '0.2.0');
    await old.load([FIXTURES]);
    expect(old.list()).toEqual([]);
    expect(old.refused().find((r) => r.package === '@kado/plugin-minimal')?.reason).toBe(
      'needs host ^0.1.0 (package.json kado.host), this host is 0.2.0',
    );
    const twice = new PluginHost(createLogger({ logLevel: 'silent' }));
    await twice.load([FIXTURES, FIXTURES]);
    expect(twice.list()).toHaveLength(1);
    expect(twice.refused().map((r) => r.reason)).toContain(
      'plugin id "minimal" is already taken by @kado/plugin-minimal',
    );
  });

  it('keeps the latest load when an earlier one finishes later', async () => {
    const racing = new PluginHost(createLogger({ logLevel: 'silent' }));
    const first = racing.ready(); // the workspace's plugins/*: none yet
    await racing.load([PLUGIN_FIXTURES]);
    await first;
    await racing.ready();
    expect(racing.list().map((p) => p.id)).toEqual(['minimal']);
  });

  it('answers 404 for an unknown or refused plugin', () => {
    expect(() => host.require('nope')).toThrow(/No plugin "nope"/);
    expect(() => host.require('throws-on-import')).toThrow(expect.objectContaining({ status: 404 }));
  });
});

describe('payloads crossing into and out of a plugin', () => {
  it('are checked against the plugin’s task, submission and order-parameter schemas', () => {
    expect(host.validateTask('minimal', { prompt: '氏名', maxLength: 10 })).toEqual({
      ok: true,
      value: { prompt: '氏名', maxLength: 10 },
    });
    expect(host.validateSubmission('minimal', { text: '塩尻 太郎' }).ok).toBe(true);
    expect(host.validateOrderParameters('minimal', {})).toEqual({ ok: true, value: { maxLength: 100 } });
  });

  it('report every bad field with a JSON pointer into the payload', () => {
    const bad = host.validateTask('minimal', { prompt: '', maxLength: -1, extra: true });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.map((e) => [e.pointer, e.code]).sort()).toEqual([
      ['', 'unrecognized_keys'],
      ['/maxLength', 'too_small'],
      ['/prompt', 'too_small'],
    ]);
    const submission = host.validateSubmission('minimal', { text: 42 });
    expect(submission).toMatchObject({ ok: false, errors: [{ pointer: '/text', code: 'invalid_type' }] });
  });

  it('raise a validation problem with pointers under the given prefix', () => {
    expect(() =>
      host.parseOrProblem('minimal', 'orderParameters', { maxLength: 0 }, '/body/parameters'),
    ).toThrow(
      expect.objectContaining({
        status: 400,
        extensions: { errors: [expect.objectContaining({ pointer: '/body/parameters/maxLength' })] },
      }),
    );
  });
});
