package dev.apisec.client;

import dev.apisec.support.ApiSecConfigurationException;

import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * The service tokens of Spring Security's OAuth 2.0 client support: one authorized-client
 * service and manager for the client-credentials grant, shared by every client, and a
 * {@link ClientCredentialsInterceptor} per client. A client that names a registration the
 * application does not have fails startup, naming its property.
 */
final class ClientCredentialsInterceptors implements ServiceTokenInterceptors {

	private final ClientRegistrationRepository registrations;

	private final InMemoryOAuth2AuthorizedClientService service;

	private final AuthorizedClientServiceOAuth2AuthorizedClientManager manager;

	ClientCredentialsInterceptors(ClientRegistrationRepository registrations) {
		this.registrations = registrations;
		this.service = new InMemoryOAuth2AuthorizedClientService(registrations);
		this.manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, this.service);
		this.manager
			.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder().clientCredentials().build());
	}

	@Override
	public ClientHttpRequestInterceptor create(String property, String client, String registrationId) {
		if (this.registrations.findByRegistrationId(registrationId) == null) {
			throw new ApiSecConfigurationException(property + ".auth.registration-id",
					"there is no registration '" + registrationId + "'",
					"Configure spring.security.oauth2.client.registration." + registrationId
							+ ".* (client-id, client-secret, authorization-grant-type=client_credentials) and its "
							+ "provider's token-uri.");
		}
		return new ClientCredentialsInterceptor(client, registrationId, this.manager, this.service);
	}

}
