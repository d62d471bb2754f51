import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * An emulator's record in its data directory as a journal of JSON lines: each change appended as
 * one line, all of them read back on start. Appending keeps a write as small as the change (a
 * rewritten snapshot grows with everything kept), and a crash mid-append costs at most the line
 * being written.
 */
export interface Journal<Entry> {
  /** What earlier runs wrote, in order. */
  entries: Entry[];
  /** Appends one line; appends land in the order they were asked for. */
  append(entry: Entry): Promise<void>;
  /** Settles once every append asked for so far has landed (or failed). */
  flushed(): Promise<void>;
}

/**
 * Opens the journal at `file`. `keep`, when given, compacts it on opening: the journal is rewritten
 * (to a temporary file, then renamed over it) with only the entries `keep` returns, for a record
 * whose settled entries need not be replayed again.
 */
export async function openJournal<Entry>(file: string, keep?: (entries: Entry[]) => Entry[]): Promise<Journal<Entry>> {
  await mkdir(dirname(file), { recursive: true });
  let entries = await readJournal<Entry>(file);
  if (keep) {
    entries = keep(entries);
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    await rename(temporary, file);
  }
  let writing = Promise.resolve();
  return {
    entries,
    append: async (entry) => {
      // One failed append must not poison every later one: the next starts from a settled chain.
      writing = writing.catch(() => undefined).then(() => appendFile(file, `${JSON.stringify(entry)}\n`));
      await writing;
    },
    flushed: () => writing.catch(() => undefined),
  };
}

/** The journal's entries; a last line cut short by a crash mid-append is left out. */
async function readJournal<Entry>(file: string): Promise<Entry[]> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`cannot read ${file}`, { cause: error });
  }
  const lines = content.split('\n').filter((line) => line.length > 0);
  const entries: Entry[] = [];
  for (const [index, line] of lines.entries()) {
    try {
      entries.push(JSON.parse(line) as Entry);
    } catch (error) {
      if (index === lines.length - 1 && !content.endsWith('\n')) break;
      throw new Error(`line ${index + 1} of ${file} is not JSON`, { cause: error });
    }
  }
  return entries;
}
