package dev.apisec.audit;

import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.actuate.security.AbstractAuthorizationAuditListener;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;
import org.springframework.security.authorization.event.AuthorizationEvent;
import org.springframework.security.core.Authentication;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Turns Spring Security's {@link AuthorizationDeniedEvent} into one
 * {@code AUTHORIZATION_FAILURE} security event with the rule that denied ({@code other}
 * for method security and anything else), the caller, client address, method and path.
 * Being an {@link AbstractAuthorizationAuditListener}, it replaces Spring Boot's
 * {@code AuthorizationAuditListener}, so that each denial is audited once.
 */
class ApiSecAuthorizationAuditListener extends AbstractAuthorizationAuditListener {

	private static final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private final SecurityEvents events;

	ApiSecAuthorizationAuditListener(SecurityEvents events) {
		this.events = events;
	}

	@Override
	public void onApplicationEvent(AuthorizationEvent event) {
		if (event instanceof AuthorizationDeniedEvent<?> denied) {
			String rule = (denied.getAuthorizationResult() instanceof RuleAuthorizationResult result)
					? result.getRuleName() : "other";
			HttpServletRequest request = (denied.getObject() instanceof HttpServletRequest servlet) ? servlet
					: currentRequest();
			this.events.authorizationDenied(request, rule, name(denied.getAuthentication()));
		}
	}

	private static String name(Supplier<Authentication> supplier) {
		Authentication authentication = supplier.get();
		return (authentication != null && trustResolver.isAuthenticated(authentication)) ? authentication.getName()
				: null;
	}

	private static HttpServletRequest currentRequest() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return (attributes instanceof ServletRequestAttributes servlet) ? servlet.getRequest() : null;
	}

}
