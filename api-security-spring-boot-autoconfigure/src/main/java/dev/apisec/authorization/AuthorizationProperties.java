package dev.apisec.authorization;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Path rules deciding who may call what: evaluated in order, first match wins, anything
 * unmatched gets the default access.
 */
@ConfigurationProperties("apisec.authorization")
public class AuthorizationProperties {

	/**
	 * Rules in evaluation order; the first rule whose paths and methods match decides.
	 */
	private List<Rule> rules = new ArrayList<>();

	/**
	 * Access for requests no rule matches: 401 without credentials, 403 with, when
	 * "deny".
	 */
	private Access defaultAccess = Access.DENY;

	/**
	 * Role hierarchy entries such as "ADMIN > USER": a caller with the higher role also
	 * has the lower one.
	 */
	private List<String> roleHierarchy = new ArrayList<>();

	/**
	 * Role required for every actuator endpoint except health.
	 */
	private String actuatorRole = "ADMIN";

	/**
	 * Whether method security (@PreAuthorize and friends) is enabled for object-level
	 * checks.
	 */
	private boolean methodSecurity = true;

	public List<Rule> getRules() {
		return this.rules;
	}

	public void setRules(List<Rule> rules) {
		this.rules = rules;
	}

	public Access getDefaultAccess() {
		return this.defaultAccess;
	}

	public void setDefaultAccess(Access defaultAccess) {
		this.defaultAccess = defaultAccess;
	}

	public List<String> getRoleHierarchy() {
		return this.roleHierarchy;
	}

	public void setRoleHierarchy(List<String> roleHierarchy) {
		this.roleHierarchy = roleHierarchy;
	}

	public String getActuatorRole() {
		return this.actuatorRole;
	}

	public void setActuatorRole(String actuatorRole) {
		this.actuatorRole = actuatorRole;
	}

	public boolean isMethodSecurity() {
		return this.methodSecurity;
	}

	public void setMethodSecurity(boolean methodSecurity) {
		this.methodSecurity = methodSecurity;
	}

	/**
	 * One path rule.
	 */
	public static class Rule {

		/**
		 * Name of the rule, reported when it denies a request; defaults to "rule-N".
		 */
		private String name;

		/**
		 * Spring path patterns the rule applies to, e.g. "/api/orders/**";
		 * case-sensitive.
		 */
		private List<String> paths = new ArrayList<>();

		/**
		 * HTTP methods the rule applies to; all methods when empty.
		 */
		private List<String> methods = new ArrayList<>();

		/**
		 * Access for matching requests; an alternative to roles and scopes;
		 * "authenticated" may be combined with claims and an expression.
		 */
		private Access access;

		/**
		 * Roles of which the caller needs at least one, without the "ROLE_" prefix.
		 */
		private List<String> roles = new ArrayList<>();

		/**
		 * Scopes the caller needs all of, without the "SCOPE_" prefix.
		 */
		private List<String> scopes = new ArrayList<>();

		/**
		 * Conditions on the caller's token claims (or API-key and client-certificate
		 * attributes) that all must hold: claim name to the exact value, or to "{var}"
		 * for the value of a variable of every path pattern of the rule.
		 */
		private Map<String, String> claims = new LinkedHashMap<>();

		/**
		 * Spring Security authorization expression (SpEL) that must hold too, with the
		 * authentication, the request and the path variables as #name.
		 */
		private String expression;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

		public List<String> getMethods() {
			return this.methods;
		}

		public void setMethods(List<String> methods) {
			this.methods = methods;
		}

		public Access getAccess() {
			return this.access;
		}

		public void setAccess(Access access) {
			this.access = access;
		}

		public List<String> getRoles() {
			return this.roles;
		}

		public void setRoles(List<String> roles) {
			this.roles = roles;
		}

		public List<String> getScopes() {
			return this.scopes;
		}

		public void setScopes(List<String> scopes) {
			this.scopes = scopes;
		}

		public Map<String, String> getClaims() {
			return this.claims;
		}

		public void setClaims(Map<String, String> claims) {
			this.claims = claims;
		}

		public String getExpression() {
			return this.expression;
		}

		public void setExpression(String expression) {
			this.expression = expression;
		}

	}

	/**
	 * Access that a rule grants without naming roles or scopes.
	 */
	public enum Access {

		/**
		 * Anyone, with or without credentials.
		 */
		PUBLIC,

		/**
		 * Any authenticated caller.
		 */
		AUTHENTICATED,

		/**
		 * Nobody.
		 */
		DENY

	}

}
