// Federated tokens as the CI systems and a Kubernetes cluster issue them: short-lived RS256 JWTs (5 minutes by
// default, GitHub's lifetime) with the issuer, subject and audience a federated identity credential names,
// signed with the fake's key and timed by the fake's clock.
import { signJwt } from "./jwt.js";
import type { FakeState } from "./state.js";

export interface FederatedTokenClaims {
  issuer: string;
  subject: string;
  audience: string;
  /** Further claims (GitHub's repository, Azure DevOps' organisation, ...). */
  extra?: Record<string, unknown>;
}

export function mintFederatedToken(state: FakeState, claims: FederatedTokenClaims): string {
  const iat = Math.floor(state.now() / 1000);
  state.federatedTokensIssued += 1;
  return signJwt(
    {
      jti: `fake-federated-${state.federatedTokensIssued}`,
      iss: claims.issuer,
      sub: claims.subject,
      aud: claims.audience,
      iat,
      nbf: iat,
      exp: iat + state.settings.federatedTokenLifetimeSeconds,
      ...claims.extra,
    },
    state.signingKey,
    state.kid,
  );
}
