import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type BundleProblem, type ProofBundle, verifyProofBundle } from '../../shared/domain/proof/proof-bundle';
import { parseStrictJson } from '../../shared/domain/strict-json';

/**
 * `npm run verify-proof -- bundle.json --key proof-key.pem`: checks a proof of service offline,
 * with nothing but the bundle and the proof key's public half (GET /proof-key), by the rule in
 * docs/proof-of-service.md. Exit 0: it holds; 1: it does not (the first broken link is named
 * first); 2: the command was used wrongly or a file could not be read.
 */
const usage = 'usage: npm run verify-proof -- <bundle.json> --key <public-key.pem>';

async function main(argv: string[]): Promise<number> {
  let bundlePath: string | undefined;
  let keyPath: string | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { key: { type: 'string' } },
      allowPositionals: true,
    });
    bundlePath = positionals[0];
    keyPath = values.key;
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (!bundlePath || !keyPath) {
    console.error(usage);
    return 2;
  }
  let bundle: ProofBundle;
  let bundleText: string;
  let publicKey: string;
  try {
    [bundleText, publicKey] = await Promise.all([readFile(bundlePath, 'utf8'), readFile(keyPath, 'utf8')]);
  } catch (error) {
    console.error(`cannot read the bundle or the key: ${(error as Error).message}`);
    return 2;
  }
  try {
    // An object that names a member twice means different things to different readers: it does not hold.
    bundle = parseStrictJson(bundleText) as ProofBundle;
  } catch (error) {
    console.log(`DOES NOT HOLD: bundle: not one unambiguous JSON document (${(error as Error).message})`);
    return 1;
  }
  const problems = safely(() => verifyProofBundle(bundle, publicKey));
  if (problems.length === 0) {
    const chains = [bundle.chain, ...bundle.recipients.map((recipient) => recipient.chain)];
    const events = chains.reduce((sum, chain) => sum + chain.events.length, 0);
    console.log(
      `holds: proof of service ${bundle.serviceId}, ${bundle.recipients.length} recipient(s), ` +
        `${chains.length} chain(s), ${events} event(s), signed by ${bundle.signature.keyId}`,
    );
    for (const chain of chains) {
      const through = chain.checkpoints.at(-1)?.statement.seq ?? 0;
      console.log(`  ${chain.chainId}: ${chain.events.length} event(s), signed checkpoints through event ${through}`);
    }
    return 0;
  }
  console.log(`DOES NOT HOLD: ${describe(problems[0] as BundleProblem)}`);
  for (const problem of problems.slice(1)) console.log(`  also: ${describe(problem)}`);
  return 1;
}

/** A bundle too malformed to walk is a bundle that does not hold. */
function safely(verify: () => BundleProblem[]): BundleProblem[] {
  try {
    return verify();
  } catch (error) {
    return [{ where: 'bundle', reason: 'bundle_unreadable', detail: (error as Error).message }];
  }
}

function describe(problem: BundleProblem): string {
  if ('brokenAt' in problem) return `${problem.where}: broken at event ${problem.brokenAt} (${problem.reason})`;
  if ('detail' in problem) return `${problem.where}: ${problem.reason} (${problem.detail})`;
  if ('field' in problem) return `${problem.where}: ${problem.field} is not what the chain says (${problem.reason})`;
  return `${problem.where}: ${problem.reason}`;
}

process.exitCode = await main(process.argv.slice(2));
