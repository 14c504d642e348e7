package io.slipway.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.slipway.platform.Environment;
import io.slipway.platform.Environments;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which role may call which endpoint: the one table every request is checked against (the
 * security filter chain consults nothing else), mirrored row by row in {@code docs/permissions.md}
 * and tested against the running application from that file.
 *
 * <p>
 * Rules, first match wins:
 * <ol>
 * <li>public paths (login page, static assets, health, metrics, OpenAPI document) need nobody;
 * <li>explicit rows ({@link #rows()}) grant a method on a path pattern to some roles;
 * <li>any other {@code GET} under {@code /api/v1} is open to every role, anything else under
 * {@code /api} to {@link Role#ADMIN} only (deny by default);
 * <li>any other page {@code GET} is open to every role;
 * <li>a page form ({@code POST}, {@code DELETE}, ...) outside {@code /api} is checked as the API
 * call of the same method on the same path under {@code /api/v1} when an explicit row covers it
 * ({@code POST /rollbacks} needs what {@code POST /api/v1/rollbacks} needs), else admin only.
 * </ol>
 * {@link Role#ADMIN} is allowed everywhere. A user holding no recognised role is allowed nothing
 * but the public paths. Who may act on Argo CD in an environment (Refresh, Sync) follows the
 * environments' configuration: on-call in the protected ones
 * ({@link Environments#protectedEnvironments()}), developers too in the others.
 *
 * <p>
 * Other modules use {@link #allows} to decide which actions a page shows, so the page and the
 * check never disagree.
 */
public final class PermissionMatrix {

	private static final Set<Role> EVERY_ROLE = EnumSet.allOf(Role.class);

	private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;

	private static final PathPattern API = PARSER.parse("/api/**");

	private static final String API_V1_PREFIX = "/api/v1";

	private static final List<PathPattern> PUBLIC_PATHS = List.of("/login", "/webjars/**", "/css/**", "/js/**",
			"/favicon.ico", "/actuator/health/**", "/actuator/prometheus", "/v3/api-docs/**")
		.stream()
		.map(PARSER::parse)
		.toList();

	/**
	 * Argo CD actions on one service in one environment; the rows for protected environments are
	 * put before them (see {@link Environments#protectedEnvironments()}).
	 */
	private static final List<String> ARGO_CD_ACTIONS = List.of(
			"/api/v1/services/{name}/environments/%s/refresh", "/api/v1/services/{name}/environments/%s/sync");

	private static final List<Row> ROWS_BEFORE_ENVIRONMENTS = List.of(
			// Onboarding.
			row(HttpMethod.POST, "/api/v1/services/preview", Role.DEVELOPER),
			row(HttpMethod.POST, "/api/v1/services", Role.DEVELOPER),
			// Re-rendering services with a template pack's current version opens a change request.
			row(HttpMethod.POST, "/api/v1/template-packs/{pack}/upgrade", Role.DEVELOPER),
			// Slipway's own review of change requests.
			row(HttpMethod.POST, "/api/v1/change-requests/{id}/approve", Role.APPROVER),
			row(HttpMethod.POST, "/api/v1/change-requests/{id}/merge", Role.APPROVER),
			row(HttpMethod.POST, "/api/v1/change-requests/{id}/close", Role.DEVELOPER, Role.APPROVER),
			// Promotions.
			row(HttpMethod.POST, "/api/v1/promotions", Role.DEVELOPER),
			row(HttpMethod.POST, "/api/v1/promotions/{id}/checklist/{item}", Role.DEVELOPER, Role.APPROVER),
			row(HttpMethod.POST, "/api/v1/promotions/{id}/approvals", Role.APPROVER),
			row(HttpMethod.POST, "/api/v1/promotions/{id}/abort", Role.DEVELOPER, Role.APPROVER),
			row(HttpMethod.POST, "/api/v1/promotions/{id}/reject", Role.APPROVER),
			row(HttpMethod.POST, "/api/v1/promotions/{id}/merge", Role.DEVELOPER, Role.APPROVER),
			// Incidents and maintenance; backup freshness is for everyone to read.
			row(HttpMethod.GET, "/api/v1/backups", EVERY_ROLE),
			row(HttpMethod.POST, "/api/v1/rollbacks", Role.ONCALL),
			row(HttpMethod.DELETE, "/api/v1/services/{name}/hold", Role.ONCALL));

	private static final List<Row> ROWS_AFTER_ENVIRONMENTS = List.of(
			row(HttpMethod.POST, "/api/v1/maintenance/signoffs", Role.ONCALL),
			row(HttpMethod.POST, "/api/v1/maintenance/restore-tests", Role.ONCALL),
			// Everyone manages their own API tokens.
			row(HttpMethod.POST, "/api/v1/tokens", EVERY_ROLE),
			row(HttpMethod.DELETE, "/api/v1/tokens/{id}", EVERY_ROLE),
			// Reading is open to every role.
			row(HttpMethod.GET, "/api/v1/**", EVERY_ROLE),
			// Pages whose rights differ from the API call they mirror, or that have none.
			row(HttpMethod.GET, "/services/new", Role.DEVELOPER),
			row(HttpMethod.POST, "/services/new", Role.DEVELOPER),
			// The onboarding form's steps: preview, back to the form, inline validation, language
			// detection and one more variable row.
			row(HttpMethod.POST, "/services/new/preview", Role.DEVELOPER),
			row(HttpMethod.POST, "/services/new/edit", Role.DEVELOPER),
			row(HttpMethod.POST, "/services/new/validate", Role.DEVELOPER),
			row(HttpMethod.POST, "/services/new/detect", Role.DEVELOPER),
			row(HttpMethod.GET, "/services/new/rows", Role.DEVELOPER),
			row(HttpMethod.POST, "/account/tokens", EVERY_ROLE),
			row(HttpMethod.POST, "/account/tokens/{id}/revoke", EVERY_ROLE));

	private final List<Row> rows;

	/**
	 * @param environments the configured environments; Refresh and Sync in a protected one are
	 * on-call's, elsewhere every developer's too
	 */
	@Autowired
	public PermissionMatrix(Environments environments) {
		this(environments.protectedEnvironments().stream().map(Environment::name).toList());
	}

	/**
	 * @param protectedEnvironments names of the environments where Refresh and Sync are on-call's
	 */
	PermissionMatrix(Collection<String> protectedEnvironments) {
		List<Row> rows = new ArrayList<>(ROWS_BEFORE_ENVIRONMENTS);
		// Argo CD actions on one service in one environment: a protected environment is on-call's,
		// the others every developer's too. The protected rows come first.
		for (String environment : protectedEnvironments) {
			for (String action : ARGO_CD_ACTIONS) {
				rows.add(row(HttpMethod.POST, action.formatted(environment), Role.ONCALL));
			}
		}
		for (String action : ARGO_CD_ACTIONS) {
			rows.add(row(HttpMethod.POST, action.formatted("{environment}"), Role.DEVELOPER, Role.ONCALL));
		}
		rows.addAll(ROWS_AFTER_ENVIRONMENTS);
		this.rows = List.copyOf(rows);
	}

	/**
	 * Whether a user holding {@code roles} may call {@code method} on {@code path} (a request
	 * path such as {@code /api/v1/promotions/42/approvals}, without query string).
	 */
	public boolean allows(HttpMethod method, String path, Collection<Role> roles) {
		if (isPublic(path) || roles.contains(Role.ADMIN)) {
			return true;
		}
		Set<Role> allowed = rolesAllowed(method, path);
		return roles.stream().anyMatch(allowed::contains);
	}

	/** Whether {@code path} is open to anonymous callers. */
	public boolean isPublic(String path) {
		PathContainer container = PathContainer.parsePath(path);
		return PUBLIC_PATHS.stream().anyMatch(pattern -> pattern.matches(container));
	}

	/**
	 * The roles allowed to call {@code method} on {@code path}, {@link Role#ADMIN} always among
	 * them; every role for a public path.
	 */
	public Set<Role> rolesAllowed(HttpMethod method, String path) {
		if (isPublic(path)) {
			return EVERY_ROLE;
		}
		HttpMethod effective = HttpMethod.HEAD.equals(method) ? HttpMethod.GET : method;
		PathContainer container = PathContainer.parsePath(path);
		Optional<Set<Role>> explicit = explicitRoles(effective, container);
		if (explicit.isPresent()) {
			return explicit.get();
		}
		if (API.matches(container)) {
			return EnumSet.of(Role.ADMIN);
		}
		if (HttpMethod.GET.equals(effective)) {
			return EVERY_ROLE;
		}
		// A page form is worth exactly what the API call it mirrors is worth.
		return explicitRoles(effective, PathContainer.parsePath(API_V1_PREFIX + path))
			.orElseGet(() -> EnumSet.of(Role.ADMIN));
	}

	/**
	 * The explicit rows, in the order they are tried: each grants a method on a path pattern
	 * ({@link PathPattern} syntax) to some roles, admin always included.
	 */
	public List<Row> rows() {
		return this.rows;
	}

	/** Says who may call what, as the reason of a refusal: "role developer or admin required for ...". */
	String refusal(HttpMethod method, String path) {
		List<String> names = rolesAllowed(method, path).stream().sorted().map(Role::id).toList();
		String roles = names.size() == 1 ? names.get(0)
				: String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
		return "role " + roles + " required for " + method.name() + " " + path;
	}

	private Optional<Set<Role>> explicitRoles(HttpMethod method, PathContainer path) {
		return this.rows.stream()
			.filter(row -> row.method().equals(method) && row.pattern().matches(path))
			.findFirst()
			.map(Row::roles);
	}

	private static Row row(HttpMethod method, String pattern, Role... roles) {
		return row(method, pattern, Set.of(roles));
	}

	private static Row row(HttpMethod method, String pattern, Set<Role> roles) {
		Set<Role> withAdmin = EnumSet.of(Role.ADMIN);
		withAdmin.addAll(roles);
		return new Row(method, PARSER.parse(pattern), Set.copyOf(withAdmin));
	}

	/**
	 * One explicit row of the matrix.
	 *
	 * @param method the HTTP method ({@code HEAD} is checked as {@code GET})
	 * @param pattern the request path pattern
	 * @param roles who may call it, admin always included
	 */
	public record Row(HttpMethod method, PathPattern pattern, Set<Role> roles) {

		@Override
		public String toString() {
			return this.method.name() + " " + this.pattern.getPatternString() + " "
					+ this.roles.stream().map(Role::id).sorted().collect(Collectors.joining(","));
		}

	}

}
