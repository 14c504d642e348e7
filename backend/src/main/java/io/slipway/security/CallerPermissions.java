package io.slipway.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.http.HttpMethod;

/**
 * What the signed-in caller may do, for templates deciding which actions to show. Every page's
 * model carries one as {@code permissions}: {@code th:if="${permissions.allows('POST',
 * '/api/v1/rollbacks')}"} shows the rollback button exactly when the request would pass the
 * {@link PermissionMatrix}. (Thymeleaf's {@code sec:authorize="hasRole(..)"} fails on WebFlux.)
 */
public final class CallerPermissions {

	private final PermissionMatrix matrix;

	private final Set<Role> roles;

	CallerPermissions(PermissionMatrix matrix, Collection<Role> roles) {
		this.matrix = matrix;
		this.roles = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
	}

	/** Whether the caller may send {@code method} (e.g. {@code POST}) to {@code path}. */
	public boolean allows(String method, String path) {
		return this.matrix.allows(HttpMethod.valueOf(method), path, this.roles);
	}

	/** Whether the caller holds the role with this id ({@code approver}), admin or not. */
	public boolean has(String role) {
		return Role.fromId(role).map(this.roles::contains).orElse(false);
	}

	/** The caller's recognised roles, in the order {@link Role} declares them. */
	public List<String> roleIds() {
		return this.roles.stream().map(Role::id).toList();
	}

}
