package dev.apisec.web;

import dev.apisec.support.ApiSecFilterOrder;
import dev.apisec.support.ConditionalOnApiSecEnabled;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Auto-configuration of the transport-level protections. Five are servlet filters ordered
 * before Spring Security's filter chain ({@link ApiSecFilterOrder}), so that they apply
 * to every response, 401 and 403 included:
 * <ul>
 * <li>security headers ({@code apisec.headers.*}, on by default);</li>
 * <li>HTTPS only ({@code apisec.transport.*});</li>
 * <li>IP and country rules ({@code apisec.ip-rules[]}), with a {@link CountryResolver}
 * that reads the country from a trusted proxy's header
 * ({@code apisec.network.country-header});</li>
 * <li>CORS ({@code apisec.cors.mappings[]});</li>
 * <li>API deprecations ({@code apisec.deprecations[]}).</li>
 * </ul>
 * Besides them: Spring Security's {@code StrictHttpFirewall} with a fast path for
 * printable ASCII, whose refusals are 400 problem responses; on Tomcat, encoded slashes
 * passed through to that firewall instead of Tomcat's HTML refusal; and the
 * {@link RequestTransport} the filters share to tell an HTTPS request, also behind a
 * trusted proxy.
 */
@AutoConfiguration(after = NetworkAutoConfiguration.class)
@ConditionalOnApiSecEnabled
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(IpAddressMatcher.class)
@EnableConfigurationProperties({ HeadersProperties.class, TransportProperties.class, DeprecationProperties.class,
		CorsProperties.class, IpRulesProperties.class, NetworkProperties.class })
@Import({ WebHardeningConfigurations.RequestTransportConfiguration.class,
		WebHardeningConfigurations.HeadersConfiguration.class, WebHardeningConfigurations.TransportConfiguration.class,
		WebHardeningConfigurations.IpRulesConfiguration.class, WebHardeningConfigurations.CorsConfiguration.class,
		WebHardeningConfigurations.DeprecationConfiguration.class,
		WebHardeningConfigurations.TomcatEncodedSlashConfiguration.class, HttpFirewallConfiguration.class })
public class WebHardeningAutoConfiguration {

}
