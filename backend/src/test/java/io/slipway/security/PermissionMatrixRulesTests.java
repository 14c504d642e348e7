package io.slipway.security;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of {@link PermissionMatrix} that the document's rows only sample: the page-form
 * mirror, deny by default, HEAD as GET, and the wording of a refusal.
 */
class PermissionMatrixRulesTests {

	private final PermissionMatrix matrix = new PermissionMatrix(List.of("production"));

	@Test
	void pageFormIsWorthWhatTheApiCallItMirrorsIsWorth() {
		assertThat(this.matrix.allows(HttpMethod.POST, "/rollbacks", Set.of(Role.ONCALL))).isTrue();
		assertThat(this.matrix.allows(HttpMethod.POST, "/rollbacks", Set.of(Role.DEVELOPER))).isFalse();
		assertThat(this.matrix.allows(HttpMethod.POST, "/promotions/9/checklist/2", Set.of(Role.APPROVER))).isTrue();
		assertThat(this.matrix.allows(HttpMethod.POST, "/promotions/9/checklist/2", Set.of(Role.VIEWER))).isFalse();
	}

	@Test
	void whatNoRowNamesIsForAdminsOnly() {
		Set<Role> everyRoleButAdmin = Set.of(Role.VIEWER, Role.DEVELOPER, Role.APPROVER, Role.ONCALL);
		assertThat(this.matrix.allows(HttpMethod.PUT, "/api/v1/services/payments", everyRoleButAdmin)).isFalse();
		assertThat(this.matrix.allows(HttpMethod.GET, "/api/v2/services", everyRoleButAdmin)).isFalse();
		assertThat(this.matrix.allows(HttpMethod.POST, "/some/new/form", everyRoleButAdmin)).isFalse();
		assertThat(this.matrix.allows(HttpMethod.PUT, "/api/v1/services/payments", Set.of(Role.ADMIN))).isTrue();
	}

	@Test
	void headIsCheckedAsGet() {
		assertThat(this.matrix.allows(HttpMethod.HEAD, "/services/new", Set.of(Role.VIEWER))).isFalse();
		assertThat(this.matrix.allows(HttpMethod.HEAD, "/services/new", Set.of(Role.DEVELOPER))).isTrue();
	}

	@Test
	void callerWithoutRolesGetsOnlyPublicPaths() {
		assertThat(this.matrix.allows(HttpMethod.GET, "/api/v1/services", Set.of())).isFalse();
		assertThat(this.matrix.allows(HttpMethod.GET, "/", Set.of())).isFalse();
		assertThat(this.matrix.allows(HttpMethod.GET, "/actuator/health", Set.of())).isTrue();
		assertThat(this.matrix.allows(HttpMethod.GET, "/actuator/health/readiness", Set.of())).isTrue();
		assertThat(this.matrix.allows(HttpMethod.GET, "/actuator/info", Set.of())).isFalse();
	}

	@Test
	void refusalNamesEveryAllowedRole() {
		assertThat(this.matrix.refusal(HttpMethod.POST, "/api/v1/change-requests/7/close"))
			.isEqualTo("role developer, approver or admin required for POST /api/v1/change-requests/7/close");
		assertThat(this.matrix.refusal(HttpMethod.POST, "/api/v1/rollbacks"))
			.isEqualTo("role oncall or admin required for POST /api/v1/rollbacks");
		assertThat(this.matrix.refusal(HttpMethod.DELETE, "/api/v1/anything"))
			.isEqualTo("role admin required for DELETE /api/v1/anything");
	}

	@Test
	void rolesAreReadFromConfigurationAndAuthoritiesLeniently() {
		assertThat(Role.fromId(" OnCall ")).contains(Role.ONCALL);
		assertThat(Role.fromId("guest")).isEmpty();
		assertThat(Role.fromAuthorities(List.of(new SimpleGrantedAuthority("ROLE_APPROVER"),
				new SimpleGrantedAuthority("FACTOR_PASSWORD"), new SimpleGrantedAuthority("ROLE_GUEST"))))
			.containsExactly(Role.APPROVER);
	}

	@Test
	void callerPermissionsAnswerForTheCallersRoles() {
		CallerPermissions approver = new CallerPermissions(this.matrix, Set.of(Role.APPROVER));
		assertThat(approver.allows("POST", "/api/v1/promotions/3/approvals")).isTrue();
		assertThat(approver.allows("POST", "/api/v1/rollbacks")).isFalse();
		assertThat(approver.has("approver")).isTrue();
		assertThat(approver.has("admin")).isFalse();
		assertThat(approver.roleIds()).containsExactly("approver");
	}

	@Test
	void argoCdActionsAreOnCallsOnlyInTheProtectedEnvironmentsTheMatrixIsGiven() {
		PermissionMatrix custom = new PermissionMatrix(List.of("prod"));
		Set<Role> developer = Set.of(Role.DEVELOPER);

		assertThat(custom.allows(HttpMethod.POST, "/api/v1/services/payments/environments/dev/sync", developer)).isTrue();
		assertThat(custom.allows(HttpMethod.POST, "/services/payments/environments/staging/refresh", developer)).isTrue();
		assertThat(custom.allows(HttpMethod.POST, "/api/v1/services/payments/environments/prod/sync", developer)).isFalse();
		assertThat(custom.allows(HttpMethod.POST, "/services/payments/environments/prod/refresh", developer)).isFalse();
		assertThat(custom.allows(HttpMethod.POST, "/api/v1/services/payments/environments/prod/sync", Set.of(Role.ONCALL)))
			.isTrue();
		// the name production means nothing by itself
		assertThat(custom.allows(HttpMethod.POST, "/api/v1/services/payments/environments/production/sync", developer))
			.isTrue();
		assertThat(custom.refusal(HttpMethod.POST, "/api/v1/services/payments/environments/prod/sync"))
			.isEqualTo("role oncall or admin required for POST /api/v1/services/payments/environments/prod/sync");
	}

}
