// The OpenID Connect provider the tests start (issue 12): node's OpenID-certified oidc-provider, playing both an
// eHerkenning broker (claims in the etoegang names: the KvK-nummer as LegalSubjectID, the employee's pseudonym as
// ActingSubjectID, the vestigingsnummer, the level of assurance) and a zorgkantoor's staff IdP (e-mail, name, amr).
//
// Usage: node idp.mjs <port> <config.json>. The config names the clients (id, secret, redirect_uris) and the
// accounts by login name with their claims. Login uses the library's development interactions: any password, the
// login name is the account. Prints "klaar <issuer>" when it listens.
import fs from 'node:fs';
import Provider from 'oidc-provider';

const [poort, bestand] = process.argv.slice(2);
// Read again on every use: a test may add accounts or change their claims while the provider runs.
const lees = () => JSON.parse(fs.readFileSync(bestand, 'utf8'));
const config = lees();
const issuer = `http://127.0.0.1:${poort}`;

const ETOEGANG = [
  'urn:etoegang:core:LegalSubjectID',
  'urn:etoegang:core:ActingSubjectID',
  'urn:etoegang:1.9:ServiceRestriction:Vestigingsnr',
  'urn:etoegang:core:LevelOfAssurance',
];

const provider = new Provider(issuer, {
  clients: config.clients.map((c) => ({
    client_id: c.client_id,
    client_secret: c.client_secret,
    redirect_uris: c.redirect_uris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
  })),
  scopes: ['openid', 'email', 'profile', 'eherkenning', 'mfa'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
    eherkenning: ETOEGANG,
    mfa: ['amr'],
  },
  cookies: { keys: ['wlz-test-idp-cookie-sleutel'] },
  conformIdTokenClaims: false, // the scopes' claims also in the ID token, as brokers send them
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => false },
  async findAccount(ctx, id) {
    const claims = lees().accounts[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
  async loadExistingGrant(ctx) {
    // Consent is the broker's business, not the test's: every requested scope is granted.
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(ctx.oidc.params.scope);
    await grant.save();
    return grant;
  },
});
provider.proxy = false;

provider.listen(Number(poort), '127.0.0.1', () => {
  console.log(`klaar ${issuer}`);
});
