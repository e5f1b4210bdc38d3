// Compiles every contracts/*.sol with solc-js (optimizer on) and writes <Name>.json with
// {abi, bytecode, deployedBytecode} into the output directory given as the only argument.
// deployedBytecode is the runtime code, for installing a contract with anvil_setCode.
// Skips the work when every output is newer than every source and this script.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import solc from 'solc';

const here = path.dirname(fileURLToPath(import.meta.url));
const contractsDir = path.resolve(here, '../../contracts');
const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node compile.mjs <output-dir>');
  process.exit(2);
}

const sources = fs.readdirSync(contractsDir).filter((f) => f.endsWith('.sol')).sort();
const inputs = [fileURLToPath(import.meta.url), ...sources.map((f) => path.join(contractsDir, f))];
const outputs = sources.map((f) => path.join(outDir, f.replace(/\.sol$/, '.json')));
const mtime = (f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : -1);
const newestInput = Math.max(...inputs.map(mtime));
if (outputs.every((f) => mtime(f) > newestInput)) {
  process.exit(0);
}

const input = {
  language: 'Solidity',
  sources: Object.fromEntries(
    sources.map((f) => [f, { content: fs.readFileSync(path.join(contractsDir, f), 'utf8') }])),
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
for (const e of output.errors ?? []) {
  console.error(e.formattedMessage);
}
if (errors.length > 0) {
  process.exit(1);
}

fs.mkdirSync(outDir, { recursive: true });
for (const [file, contracts] of Object.entries(output.contracts)) {
  for (const [name, c] of Object.entries(contracts)) {
    const artifact = {
      contractName: name,
      sourceName: file,
      compiler: solc.version(),
      abi: c.abi,
      bytecode: '0x' + c.evm.bytecode.object,
      deployedBytecode: '0x' + c.evm.deployedBytecode.object,
    };
    fs.writeFileSync(path.join(outDir, name + '.json'), JSON.stringify(artifact, null, 2) + '\n');
  }
}
console.log(`compiled ${sources.length} contract source(s) with solc ${solc.version()} into ${outDir}`);
