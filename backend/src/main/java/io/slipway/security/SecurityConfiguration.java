package io.slipway.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The one place requests are authorized. Browser pages sign in with a form and a session; the
 * API takes HTTP Basic. Static assets and the login page are public so the login page keeps its
 * styles.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
		return http
			.authorizeExchange(exchanges -> exchanges
				.pathMatchers("/login", "/webjars/**", "/css/**", "/js/**", "/favicon.ico").permitAll()
				.pathMatchers("/actuator/health/**", "/actuator/prometheus").permitAll()
				.anyExchange().authenticated())
			.formLogin(form -> form.loginPage("/login"))
			.httpBasic(Customizer.withDefaults())
			.logout(logout -> logout.logoutUrl("/logout"))
			.build();
	}

}
