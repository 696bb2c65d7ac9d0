package dev.apisec.mtls;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.apisec.support.ApiSecConfigurationException;
import dev.apisec.support.ConfiguredAttributes;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.util.StringUtils;

/**
 * The known clients of {@code apisec.mtls.clients}: principal to authorities and
 * attributes.
 */
public final class MtlsClients {

	private final Map<String, List<GrantedAuthority>> authorities;

	private final Map<String, Map<String, List<String>>> attributes;

	private MtlsClients(Map<String, List<GrantedAuthority>> authorities,
			Map<String, Map<String, List<String>>> attributes) {
		this.authorities = authorities;
		this.attributes = attributes;
	}

	/**
	 * Create the clients from the properties, refusing a client without principal or a
	 * principal listed twice.
	 * @param properties the properties
	 * @return the clients
	 */
	public static MtlsClients from(MtlsProperties properties) {
		Map<String, List<GrantedAuthority>> authorities = new LinkedHashMap<>();
		Map<String, Map<String, List<String>>> attributes = new LinkedHashMap<>();
		List<MtlsProperties.Client> clients = properties.getClients();
		for (int i = 0; i < clients.size(); i++) {
			MtlsProperties.Client client = clients.get(i);
			String property = "apisec.mtls.clients[" + i + "].principal";
			if (!StringUtils.hasText(client.getPrincipal())) {
				throw new ApiSecConfigurationException(property, "a client needs a principal",
						"Set it to the client's "
								+ properties.getPrincipal().name().toLowerCase(Locale.ROOT).replace('_', '-')
								+ " value, or remove the client.");
			}
			List<GrantedAuthority> roles = client.getRoles()
				.stream()
				.map((role) -> (GrantedAuthority) new SimpleGrantedAuthority(
						role.startsWith("ROLE_") ? role : "ROLE_" + role))
				.toList();
			if (authorities.putIfAbsent(client.getPrincipal(), roles) != null) {
				throw new ApiSecConfigurationException(property,
						"the principal '" + client.getPrincipal() + "' is listed more than once",
						"List each client once, with all of its roles.");
			}
			attributes.put(client.getPrincipal(), ConfiguredAttributes.copyOf(client.getAttributes()));
		}
		return new MtlsClients(authorities, attributes);
	}

	/**
	 * Return the authorities of a known client.
	 * @param principal the principal from the certificate
	 * @return the authorities, or empty for an unknown client
	 */
	public Optional<List<GrantedAuthority>> authorities(String principal) {
		return Optional.ofNullable(this.authorities.get(principal));
	}

	/**
	 * Return the attributes of a known client.
	 * @param principal the principal from the certificate
	 * @return the attributes, each with one or more values; empty for an unknown client
	 * or one without attributes
	 */
	public Map<String, List<String>> attributes(String principal) {
		return this.attributes.getOrDefault(principal, Map.of());
	}

}
