package dev.apisec.authorization;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.spel.support.ReflectivePropertyAccessor;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.security.access.expression.ExpressionUtils;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.expression.DefaultHttpSecurityExpressionHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * The {@code expression} of a rule: a Spring Security web expression, parsed once when
 * the chain is built and evaluated with the authentication, the request and the path
 * variables (as {@code #name}), roles through the role hierarchy. An expression that
 * fails to evaluate denies: the failure is logged, the client gets the rule's 403, never
 * a 500.
 */
final class RuleExpression {

	private static final Log logger = LogFactory.getLog(RuleExpression.class);

	private final String ruleName;

	private final Expression expression;

	private final DefaultHttpSecurityExpressionHandler handler;

	private final AtomicBoolean failureLogged = new AtomicBoolean();

	/**
	 * One property accessor for every evaluation: it caches the getters it has found,
	 * while the fresh one of each new evaluation context would look them up by reflection
	 * again.
	 */
	private final List<PropertyAccessor> propertyAccessors = List.of(new ReflectivePropertyAccessor());

	private RuleExpression(String ruleName, Expression expression, DefaultHttpSecurityExpressionHandler handler) {
		this.ruleName = ruleName;
		this.expression = expression;
		this.handler = handler;
	}

	/**
	 * Parse a rule's expression.
	 * @param ruleName the rule's name
	 * @param source the expression
	 * @param roleHierarchy the role hierarchy, or {@code null} for none
	 * @return the parsed expression
	 * @throws ParseException if the expression is not valid SpEL
	 */
	static RuleExpression parse(String ruleName, String source, RoleHierarchy roleHierarchy) {
		DefaultHttpSecurityExpressionHandler handler = new DefaultHttpSecurityExpressionHandler();
		if (roleHierarchy != null) {
			handler.setRoleHierarchy(roleHierarchy);
		}
		return new RuleExpression(ruleName, handler.getExpressionParser().parseExpression(source), handler);
	}

	boolean isSatisfied(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
		try {
			EvaluationContext evaluationContext = this.handler.createEvaluationContext(authentication, context);
			if (evaluationContext instanceof StandardEvaluationContext standard) {
				standard.setPropertyAccessors(this.propertyAccessors);
			}
			return ExpressionUtils.evaluateAsBoolean(this.expression, evaluationContext);
		}
		catch (RuntimeException ex) {
			// Logged in full once; afterwards only at debug, so that callers cannot flood
			// the log.
			if (this.failureLogged.compareAndSet(false, true)) {
				logger.warn("The expression of rule '" + this.ruleName + "' failed to evaluate; the request is denied "
						+ "(further failures are logged at debug level)", ex);
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("The expression of rule '" + this.ruleName + "' failed to evaluate", ex);
			}
			return false;
		}
	}

}
