package dev.apisec.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.apisec.audit.SecurityEvent;
import dev.apisec.audit.SecurityEventListener;
import dev.apisec.audit.SecurityEventType;

import org.springframework.boot.test.context.TestConfiguration;

/**
 * Every security event of the application under test, as an application's own
 * {@link SecurityEventListener} bean sees them. Import it into a test and autowire it.
 */
@TestConfiguration(proxyBeanMethods = false)
public class CapturedSecurityEvents implements SecurityEventListener {

	private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

	@Override
	public void onSecurityEvent(SecurityEvent event) {
		this.events.add(event);
	}

	/**
	 * Return the events of a type, oldest first.
	 * @param type the type
	 * @return the events
	 */
	public List<SecurityEvent> ofType(SecurityEventType type) {
		return this.events.stream().filter((event) -> event.type() == type).toList();
	}

	/**
	 * Forget the events so far.
	 */
	public void clear() {
		this.events.clear();
	}

}
