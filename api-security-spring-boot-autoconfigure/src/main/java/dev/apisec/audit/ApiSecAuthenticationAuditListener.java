package dev.apisec.audit;

import org.springframework.boot.actuate.security.AbstractAuthenticationAuditListener;
import org.springframework.boot.actuate.security.AuthenticationAuditListener;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.core.Authentication;

/**
 * Keeps Spring Boot's authentication audit for everything that is not the starter's (a
 * form login chain of the application's, say) by delegating to Spring Boot's
 * {@link AuthenticationAuditListener}, and leaves the starter's authentications to the
 * starter's own events ({@link ApiSecAuthentication}s). Spring Security publishes none
 * for them: API keys and client certificates are authenticated by filters, and bearer
 * tokens by an authentication manager without an event publisher; credentials of the
 * starter that do reach here are ignored all the same, so that nothing is audited twice.
 */
class ApiSecAuthenticationAuditListener extends AbstractAuthenticationAuditListener {

	private final AuthenticationAuditListener delegate = new AuthenticationAuditListener();

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
		super.setApplicationEventPublisher(publisher);
		this.delegate.setApplicationEventPublisher(publisher);
	}

	@Override
	public void onApplicationEvent(AbstractAuthenticationEvent event) {
		if (!isStarters(event.getAuthentication())) {
			this.delegate.onApplicationEvent(event);
		}
	}

	private static boolean isStarters(Authentication authentication) {
		return authentication instanceof ApiSecAuthentication;
	}

}
