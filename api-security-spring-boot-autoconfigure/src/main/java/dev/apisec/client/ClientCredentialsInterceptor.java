package dev.apisec.client;

import java.io.IOException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;

/**
 * Adds a service token of the client-credentials grant. The token is fetched once and kept
 * by Spring Security's authorized-client service until shortly before it expires (the
 * manager's clock skew, 60 seconds by default); a 401 from the downstream drops it and the
 * call is sent once more with a fresh token.
 */
class ClientCredentialsInterceptor implements ClientHttpRequestInterceptor {

	private final String registrationId;

	private final OAuth2AuthorizedClientManager manager;

	private final OAuth2AuthorizedClientService service;

	private final Authentication principal;

	ClientCredentialsInterceptor(String client, String registrationId, OAuth2AuthorizedClientManager manager,
			OAuth2AuthorizedClientService service) {
		this.registrationId = registrationId;
		this.manager = manager;
		this.service = service;
		this.principal = new AnonymousAuthenticationToken("apisec", "apisec-client-" + client,
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		request.getHeaders().setBearerAuth(token());
		ClientHttpResponse response = execution.execute(request, body);
		if (response.getStatusCode().value() == 401) {
			response.close();
			this.service.removeAuthorizedClient(this.registrationId, this.principal.getName());
			request.getHeaders().remove(HttpHeaders.AUTHORIZATION);
			request.getHeaders().setBearerAuth(token());
			return execution.execute(request, body);
		}
		return response;
	}

	private String token() throws IOException {
		OAuth2AuthorizedClient client;
		try {
			client = this.manager.authorize(
					OAuth2AuthorizeRequest.withClientRegistrationId(this.registrationId).principal(this.principal).build());
		}
		catch (RuntimeException ex) {
			throw new TokenUnavailableException(this.registrationId, ex);
		}
		if (client == null || client.getAccessToken() == null) {
			throw new TokenUnavailableException(this.registrationId, null);
		}
		return client.getAccessToken().getTokenValue();
	}

	/**
	 * The service token could not be obtained; an I/O failure of the call.
	 */
	static final class TokenUnavailableException extends IOException {

		TokenUnavailableException(String registrationId, Throwable cause) {
			super("no access token for registration '" + registrationId + "'", cause);
		}

	}

}
