import { UsageError } from '@mfc/diagnostics';
import { cliError } from '../error-codes.js';
import {
  RegistryClient,
  parseReference,
  registryHost,
  storeLogin,
  unauthorizedError,
} from '@mfc/registry';
import { defineCommand, flag, printJson, stringOption } from '../command.js';
import { insecureOption } from '../registry-shared.js';
import { readStdin } from '../stdin.js';
import { VERSION } from '../version.js';

export default defineCommand({
  name: 'login',
  summary: 'Store credentials for a registry (in docker’s config.json, like docker login)',
  usage: 'mfc login [options] HOST -u USER --password-stdin',
  description: [
    'Checks the user name and password against the registry, then stores them where',
    '`docker login` does: $DOCKER_CONFIG/config.json (default ~/.docker/config.json, mode',
    '0600), or in the credential helper that file names (credsStore/credHelpers). mfc push',
    'and pull also read podman’s auth.json ($REGISTRY_AUTH_FILE or',
    '$XDG_RUNTIME_DIR/containers/auth.json).',
  ].join('\n'),
  examples: [
    'printf %s "$TOKEN" | mfc login ghcr.io -u me --password-stdin',
    'mfc login localhost:5000 -u alice --password-stdin --insecure < password.txt',
  ],
  options: {
    username: { type: 'string', short: 'u', valueName: 'USER', description: 'User name' },
    'password-stdin': { type: 'boolean', description: 'Read the password from standard input' },
    insecure: insecureOption,
    json: { type: 'boolean', description: 'Print the result as JSON' },
  },
  async run(ctx) {
    const [hostText, ...extra] = ctx.positionals;
    if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
    if (!hostText)
      throw new UsageError(
        'expected a registry host',
        'for example: mfc login ghcr.io -u USER --password-stdin',
      );
    const username = stringOption(ctx, 'username');
    if (!username) throw new UsageError('expected -u USER');
    if (!flag(ctx, 'password-stdin')) {
      throw new UsageError(
        'pass the password on standard input with --password-stdin',
        'passwords on the command line end up in shell history',
      );
    }
    const password = (await readStdin(ctx.terminal.stdin)).toString('utf8').replace(/\r?\n$/, '');
    if (!password) throw new UsageError('the password on standard input is empty');
    const host = registryHost(hostText);
    // Check the credentials the way docker login does: GET /v2/ answering the challenge.
    const ref = parseReference(`${host}/library/x`, { insecure: flag(ctx, 'insecure') });
    const client = new RegistryClient(ref, {
      env: ctx.env,
      credentials: { username, password, source: 'command line' },
      userAgent: `mfc/${VERSION}`,
    });
    const res = await client.request({ method: 'GET', url: '/v2/' }, `logging in to ${host}`);
    res.discard();
    if (res.status === 401 || res.status === 403)
      throw unauthorizedError(`logging in to ${host}`, host, true);
    if (res.status >= 400 && res.status !== 404) {
      throw cliError('REGISTRY_LOGIN_FAILED', `logging in to ${host}: HTTP ${res.status}`);
    }
    const stored = await storeLogin(host, username, password, ctx.env);
    if (flag(ctx, 'json')) printJson(ctx, { host, username, ...stored });
    else
      ctx.terminal.out(
        `Login Succeeded (${stored.helper ? `docker-credential-${stored.helper}` : stored.path})\n`,
      );
    return 0;
  },
});
