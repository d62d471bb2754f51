import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The endpoint of a DynamoDB Local already serving the database under `dbPath` (a running
 * `npm start`), found from the process table: the platform starts it as
 * `java … DynamoDBLocal.jar -dbPath <path> -port <port>`. Two DynamoDB Local processes must not
 * share one database file, so a seed talks to the running one instead of starting its own.
 */
export async function runningDynamoDbLocal(dbPath: string): Promise<string | undefined> {
  const wanted = resolve(dbPath);
  const table = await new Promise<string>((resolveTable) => {
    execFile('ps', ['-eo', 'args='], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) =>
      resolveTable(error ? '' : stdout),
    );
  });
  for (const line of table.split('\n')) {
    if (!line.includes('DynamoDBLocal.jar')) continue;
    const path = /-dbPath\s+(\S+)/.exec(line)?.[1];
    const port = /-port\s+(\d+)/.exec(line)?.[1];
    if (path && port && resolve(path) === wanted) return `http://127.0.0.1:${port}`;
  }
  return undefined;
}
