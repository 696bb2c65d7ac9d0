package dev.apisec.client;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

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
 * Adds a service token of the client-credentials grant. The token is fetched once and
 * kept by Spring Security's authorized-client service until shortly before it expires
 * (the manager's clock skew, 60 seconds by default); a 401 from the downstream drops it
 * and the call is sent once more with a fresh token. Spring Security's manager does not
 * coordinate concurrent requests, so calls of one client take their token one at a time:
 * a burst of calls before the first token, or after a 401, fetches one token, not one per
 * call.
 */
class ClientCredentialsInterceptor implements ClientHttpRequestInterceptor {

	private final String registrationId;

	private final OAuth2AuthorizedClientManager manager;

	private final OAuth2AuthorizedClientService service;

	private final Authentication principal;

	private final ReentrantLock lock = new ReentrantLock();

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
		String token = token(null);
		request.getHeaders().setBearerAuth(token);
		ClientHttpResponse response = execution.execute(request, body);
		if (response.getStatusCode().value() == 401) {
			response.close();
			request.getHeaders().remove(HttpHeaders.AUTHORIZATION);
			request.getHeaders().setBearerAuth(token(token));
			return execution.execute(request, body);
		}
		return response;
	}

	/**
	 * Return the current token, first dropping it when it is the one the downstream
	 * rejected (another call may already have replaced it).
	 */
	private String token(String rejected) throws IOException {
		this.lock.lock();
		try {
			if (rejected != null) {
				OAuth2AuthorizedClient current = this.service.loadAuthorizedClient(this.registrationId,
						this.principal.getName());
				if (current != null && rejected.equals(current.getAccessToken().getTokenValue())) {
					this.service.removeAuthorizedClient(this.registrationId, this.principal.getName());
				}
			}
			return authorize();
		}
		finally {
			this.lock.unlock();
		}
	}

	private String authorize() throws IOException {
		OAuth2AuthorizedClient client;
		try {
			client = this.manager.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(this.registrationId)
				.principal(this.principal)
				.build());
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
