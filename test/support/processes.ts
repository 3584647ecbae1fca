import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface Spawned {
  child: ChildProcess;
  output: string[];
  /** Resolves with the first output line matching, rejects if the process exits first or time runs out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

/** Spawns a node script, collecting its output lines for assertions and for failure messages. */
export function spawnNode(script: string, args: string[], options: SpawnOptions = {}): Spawned {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const output: string[] = [];
  const listeners = new Set<(line: string) => void>();
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      output.push(line);
      if (output.length > 2000) output.shift();
      for (const listener of listeners) listener(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const waitFor = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const seen = output.map((line) => line.match(pattern)).find(Boolean);
      if (seen) return resolve(seen);
      const timer = setTimeout(
        () => finish(new Error(`Timed out waiting for ${pattern}. Output:\n${output.slice(-40).join('\n')}`)),
        timeoutMs,
      );
      const listener = (line: string) => {
        const match = line.match(pattern);
        if (match) finish(undefined, match);
      };
      const finish = (error?: Error, match?: RegExpMatchArray) => {
        clearTimeout(timer);
        listeners.delete(listener);
        if (error) reject(error);
        else resolve(match!);
      };
      listeners.add(listener);
      void exited.then((code) =>
        finish(new Error(`${script} exited (${code}) before printing ${pattern}. Output:\n${output.slice(-40).join('\n')}`)),
      );
    });

  return { child, output, waitFor, exited };
}
