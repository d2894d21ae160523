// An OpenID Connect provider the app did not write (the certified npm oidc-provider), for the browser
// tests. Its own login and consent pages (devInteractions) are what the browser fills in.
//
// Environment: PORT (required), REDIRECT_URI (the app's callback, required), CLIENT_ID, CLIENT_SECRET,
// ISSUER (defaults to http://127.0.0.1:PORT; set it to something else to serve mismatched metadata),
// SELECT_ACCOUNT=1 (advertise and honour prompt=select_account, which the defaults reject).
// Prints "ready <issuer>" once it listens.
import Provider, { interactionPolicy } from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = process.env.ISSUER || `http://127.0.0.1:${port}`;
const selectAccount = process.env.SELECT_ACCOUNT === '1';

// The login page takes any password; the login names one of these.
const accounts = {
  alice: { email: 'alice@oidc.test', email_verified: true, name: 'Alice Example' },
  bob: { email: 'bob@oidc.test', email_verified: true, name: 'Bob Example' },
  mallory: { email: 'mallory@oidc.test', email_verified: false, name: 'Mallory Example' },
};

const policy = interactionPolicy.base();
if (selectAccount) {
  // Requestable and first: asked for, it opens an interaction before login is even considered.
  policy.add(new interactionPolicy.Prompt({ name: 'select_account', requestable: true }), 0);
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.CLIENT_ID || 'msw-client',
    client_secret: process.env.CLIENT_SECRET || 'msw-secret',
    redirect_uris: [process.env.REDIRECT_URI],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  interactions: { policy },
  // oidc-provider advertises no prompt values of its own; with the picker it says it takes one.
  discovery: selectAccount ? { prompt_values_supported: ['none', 'login', 'consent', 'select_account'] } : {},
  async findAccount(ctx, id) {
    const claims = accounts[id];
    return claims && { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
});

if (selectAccount) {
  // devInteractions renders login and consent only; this is the account picker: the signed-in account
  // or another one, whose login then resolves both prompts.
  provider.use(async (ctx, next) => {
    const match = ctx.path.match(/^\/interaction\/([^/]+)$/);
    if (!match) {
      return next();
    }

    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.prompt.name !== 'select_account') {
      return next();
    }

    if (ctx.method === 'GET') {
      const current = details.session?.accountId;
      ctx.type = 'html';
      ctx.body = `<!DOCTYPE html><html><head><title>Choose an account</title></head><body>
        <h1>Choose an account</h1>
        ${current ? `<form method="post"><input type="hidden" name="login" value="${current}">
          <button type="submit">Continue as ${current}</button></form>` : ''}
        <form method="post"><input name="login" placeholder="Another account" required>
          <button type="submit">Use another account</button></form>
        <a href="/interaction/${match[1]}/abort">[ Cancel ]</a></body></html>`;
      return undefined;
    }

    const body = await new Promise((resolve) => {
      let data = '';
      ctx.req.on('data', (chunk) => { data += chunk; });
      ctx.req.on('end', () => resolve(new URLSearchParams(data)));
    });
    return provider.interactionFinished(ctx.req, ctx.res, {
      select_account: {},
      login: { accountId: body.get('login') },
    }, { mergeWithLastSubmission: false });
  });
}

provider.listen(port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
