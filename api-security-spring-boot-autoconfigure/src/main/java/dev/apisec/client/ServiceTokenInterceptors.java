package dev.apisec.client;

import org.springframework.http.client.ClientHttpRequestInterceptor;

/**
 * Creates the interceptor that adds client-credentials service tokens, when Spring
 * Security's OAuth 2.0 client support is available.
 */
@FunctionalInterface
interface ServiceTokenInterceptors {

	/**
	 * Create the interceptor of one client.
	 * @param property the client's property prefix, for error messages
	 * @param client the client's name
	 * @param registrationId the OAuth 2.0 client registration
	 * @return the interceptor
	 */
	ClientHttpRequestInterceptor create(String property, String client, String registrationId);

}
