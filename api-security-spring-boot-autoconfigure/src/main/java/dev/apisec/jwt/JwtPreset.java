package dev.apisec.jwt;

import java.util.ArrayList;
import java.util.List;

/**
 * Identity providers whose token shapes the starter knows. A preset only supplies
 * defaults for where roles, scopes and audiences are read; explicit properties win.
 */
public enum JwtPreset {

	/**
	 * Keycloak: realm roles in "realm_access.roles", client roles in
	 * "resource_access.AUDIENCE.roles" for each configured audience, scopes in "scope".
	 */
	KEYCLOAK(List.of("realm_access.roles"), List.of("scope"), List.of("aud")) {
		@Override
		List<ClaimPath> roleClaims(List<String> audiences) {
			List<ClaimPath> claims = new ArrayList<>(super.roleClaims(audiences));
			for (String audience : audiences) {
				claims.add(ClaimPath.of("resource_access", audience, "roles"));
			}
			return claims;
		}
	},

	/**
	 * Auth0: RBAC permissions in "permissions", scopes in "scope".
	 */
	AUTH0(List.of("permissions"), List.of("scope"), List.of("aud")),

	/**
	 * Okta: groups in "groups", scopes in "scp".
	 */
	OKTA(List.of("groups"), List.of("scp"), List.of("aud")),

	/**
	 * Microsoft Entra ID: app roles in "roles", groups in "groups", scopes in "scp".
	 */
	ENTRA_ID(List.of("roles", "groups"), List.of("scp"), List.of("aud")),

	/**
	 * Amazon Cognito: groups in "cognito:groups", scopes in "scope"; access tokens carry
	 * the audience in "client_id" rather than "aud".
	 */
	COGNITO(List.of("['cognito:groups']"), List.of("scope"), List.of("aud", "client_id")),

	/**
	 * Spring Authorization Server: roles in "roles" or "authorities", scopes in "scope".
	 */
	SPRING_AUTHORIZATION_SERVER(List.of("roles", "authorities"), List.of("scope"), List.of("aud"));

	static final List<String> DEFAULT_ROLE_CLAIMS = List.of("roles");

	static final List<String> DEFAULT_SCOPE_CLAIMS = List.of("scope", "scp");

	static final List<String> DEFAULT_AUDIENCE_CLAIMS = List.of("aud");

	private final List<String> roleClaims;

	private final List<String> scopeClaims;

	private final List<String> audienceClaims;

	JwtPreset(List<String> roleClaims, List<String> scopeClaims, List<String> audienceClaims) {
		this.roleClaims = roleClaims;
		this.scopeClaims = scopeClaims;
		this.audienceClaims = audienceClaims;
	}

	List<ClaimPath> roleClaims(List<String> audiences) {
		return this.roleClaims.stream().map(ClaimPath::parse).toList();
	}

	List<String> scopeClaims() {
		return this.scopeClaims;
	}

	List<String> audienceClaims() {
		return this.audienceClaims;
	}

}
