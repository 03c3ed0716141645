// The process boundaries are checked by lint. These tests prove the rules bite: a file in
// shared/ that imports Node, a server library or the UI is an error, and so is a server file
// that imports the UI libraries.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const fatal = result?.messages.find((message) => message.fatal);
  if (fatal) throw new Error(`lint could not parse the sample: ${fatal.message}`);
  return (result?.messages ?? [])
    .filter(
      (message) =>
        message.ruleId === 'no-restricted-imports' || message.ruleId === 'no-restricted-globals',
    )
    .map((message) => message.message);
}

describe('process boundaries', () => {
  it.each([
    ["import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'Node built-in'],
    [
      "import BetterSqlite3 from 'better-sqlite3';\nexport const x = BetterSqlite3;\n",
      'server library',
    ],
    ["import Dexie from 'dexie';\nexport const x = Dexie;\n", 'browser store'],
    ["import { app } from 'electron';\nexport const x = app;\n", 'Electron'],
    [
      "import { Ledger } from '../server/ledger/ledger.ts';\nexport const x = Ledger;\n",
      'server code',
    ],
    ['export const x = process.env;\n', 'the Node process global'],
  ])('refuses in shared/: %s', async (code) => {
    expect(await boundaryErrors('shared/money.ts', code)).not.toHaveLength(0);
  });

  it('accepts a shared/ file that imports only shared/ and pure libraries', async () => {
    const code =
      "import { z } from 'zod';\nimport { money } from './money.ts';\nexport const x = [z, money];\n";
    expect(await boundaryErrors('shared/ids.ts', code)).toEqual([]);
  });

  it('refuses a server file importing the UI libraries', async () => {
    const code = "import React from 'react';\nexport const x = React;\n";
    expect(await boundaryErrors('server/main.ts', code)).not.toHaveLength(0);
  });
});
