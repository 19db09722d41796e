import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Test-only: OpenSSH's own `sftp` client (Debian openssh-client) driven in batch mode against a
 * started Chorale SFTP server, with a key pair made by `ssh-keygen`, the server's host key pinned.
 */
const run = promisify(execFile);

export interface SftpRun {
  code: number;
  stdout: string;
  stderr: string;
}

export class OpenSshClient {
  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly login: string,
  ) {}

  static async create(port: number, hostPublicKey: string, login: string): Promise<OpenSshClient> {
    const dir = await mkdtemp(join(tmpdir(), 'chorale-sftp-client-'));
    await writeFile(join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${hostPublicKey}\n`);
    return new OpenSshClient(dir, port, login);
  }

  /** A new key pair (`ssh-keygen -t ed25519`); returns the public key line. */
  async keygen(name: string): Promise<string> {
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${name}@test`, '-f', join(this.dir, name)]);
    return (await readFile(join(this.dir, `${name}.pub`), 'utf8')).trim();
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  /**
   * Runs `sftp -b` with these commands (a leading `-` lets a command fail without stopping the
   * batch), signing in with the key file `key` or, with `password`, through SSH_ASKPASS.
   */
  async sftp(commands: string[], auth: { key: string } | { password: string }): Promise<SftpRun> {
    await writeFile(join(this.dir, 'batch'), `${commands.join('\n')}\n`);
    const options = [
      `UserKnownHostsFile=${join(this.dir, 'known_hosts')}`,
      'StrictHostKeyChecking=yes',
      'GlobalKnownHostsFile=/dev/null',
      `User=${this.login}`,
      'ConnectTimeout=20',
      'LogLevel=ERROR',
      ...('key' in auth
        ? [`IdentityFile=${join(this.dir, auth.key)}`, 'IdentitiesOnly=yes', 'PreferredAuthentications=publickey']
        : ['PreferredAuthentications=password', 'PubkeyAuthentication=no', 'NumberOfPasswordPrompts=1']),
    ].flatMap((o) => ['-o', o]);
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: this.dir };
    if ('password' in auth) {
      const askpass = join(this.dir, 'askpass.sh');
      await writeFile(join(this.dir, 'password'), auth.password);
      await writeFile(askpass, `#!/bin/sh\ncat '${join(this.dir, 'password')}'\n`);
      await chmod(askpass, 0o700);
      Object.assign(env, { SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' });
    }
    try {
      const r = await run(
        'sftp',
        // -b adds BatchMode=yes (no password prompt) after the options given before it: the first
        // value of an option wins, so BatchMode=no lets the password come from SSH_ASKPASS.
        [
          ...options,
          ...('password' in auth ? ['-o', 'BatchMode=no'] : []),
          '-P',
          String(this.port),
          '-b',
          join(this.dir, 'batch'),
          '127.0.0.1',
        ],
        { cwd: this.dir, env, timeout: 120_000 },
      );
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
    }
  }
}
