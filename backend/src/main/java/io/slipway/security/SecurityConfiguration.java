package io.slipway.security;

import io.slipway.platform.Environments;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;

/**
 * The one place requests are authenticated and authorized. Pages sign in with the login form and
 * keep a session (CSRF-protected); the API takes HTTP Basic or an API token on every call, with no
 * session and no CSRF token. Whether a caller may do something is decided by the
 * {@link PermissionMatrix} alone.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	/**
	 * Scripts and styles only from Slipway itself (htmx, Pico and our own files are served from
	 * here), never framed, forms only posted back to Slipway.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
			+ "form-action 'self'; frame-ancestors 'none'";

	/**
	 * No observation of each security filter, authentication and authorization. With them, every
	 * request went through an observation and a checkpoint per filter of the chain, a measurable
	 * part of a page view's CPU, for timers nobody reads; every request is still timed as a whole
	 * ({@code http.server.requests}).
	 */
	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	PermissionMatrix permissionMatrix(Environments environments) {
		return new PermissionMatrix(environments);
	}

	/**
	 * Understands the {@code {bcrypt}} and {@code {noop}} prefixes of configured passwords. Never
	 * asks to re-encode a password: Spring Security would otherwise bcrypt every {@code {noop}}
	 * (or cheaper bcrypt) password on every Basic call, only to find nowhere to store the result.
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		return new KeptPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
	}

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, PermissionMatrix matrix,
			ApiTokenManagement tokens, LocalUserDirectory users, ApplicationEventPublisher events, JsonMapper json) {
		ProblemResponses problems = new ProblemResponses(json);
		SlipwayAuthenticationEntryPoint entryPoint = new SlipwayAuthenticationEntryPoint(problems);
		SlipwayAccessDeniedHandler accessDenied = new SlipwayAccessDeniedHandler(matrix, problems);
		LoginAudit loginAudit = new LoginAudit(events);

		AuthenticationWebFilter bearer = new AuthenticationWebFilter(new ApiTokenAuthentication.Manager(tokens, users));
		bearer.setServerAuthenticationConverter(new ApiTokenAuthentication.Converter());
		bearer.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(entryPoint));

		return http
			.authorizeExchange(exchanges -> exchanges.anyExchange().access(new PermissionMatrixAuthorization(matrix)))
			.formLogin(form -> form.loginPage("/login")
				.authenticationSuccessHandler(loginAudit.formSuccess())
				.authenticationFailureHandler(loginAudit.formFailure()))
			.httpBasic(basic -> basic.authenticationEntryPoint(entryPoint)
				.authenticationFailureHandler(loginAudit.basicFailure(entryPoint)))
			.addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
			.exceptionHandling(handling -> handling.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied))
			.csrf(csrf -> csrf.requireCsrfProtectionMatcher(new CsrfRequirement()).accessDeniedHandler(accessDenied))
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
			.logout(logout -> logout.logoutUrl("/logout"))
			.build();
	}

	/** Delegates everything but the upgrade decision: stored encodings are kept as they are. */
	static final class KeptPasswordEncoder implements PasswordEncoder {

		private final PasswordEncoder delegate;

		KeptPasswordEncoder(PasswordEncoder delegate) {
			this.delegate = delegate;
		}

		@Override
		public @Nullable String encode(@Nullable CharSequence rawPassword) {
			return this.delegate.encode(rawPassword);
		}

		@Override
		public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
			return this.delegate.matches(rawPassword, encodedPassword);
		}

		@Override
		public boolean upgradeEncoding(@Nullable String encodedPassword) {
			return false;
		}

	}

}
