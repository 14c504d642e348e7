package io.slipway.onboarding;

import java.io.Serializable;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.web.server.WebSession;

/**
 * What a direct-mode onboarding wrote to the main branch, shown once on the service list the
 * onboarding form redirects to. Kept in the session between the redirect and the next page.
 *
 * @param service the service onboarded
 * @param branch the branch written, the main branch in direct mode
 * @param commit the commit, abbreviated
 */
public record OnboardedToMain(String service, String branch, String commit) implements Serializable {

	static final String SESSION_ATTRIBUTE = OnboardedToMain.class.getName();

	/**
	 * Keeps this notice in the session until {@link #take(WebSession)} shows it.
	 * @param session the caller's session
	 */
	void keepIn(WebSession session) {
		session.getAttributes().put(SESSION_ATTRIBUTE, this);
	}

	/**
	 * The notice left in the session, removed from it so it shows once.
	 * @param session the caller's session
	 * @return the notice, empty when there is none
	 */
	public static Mono<Optional<OnboardedToMain>> take(Mono<WebSession> session) {
		return session.map((current) -> Optional
			.ofNullable((OnboardedToMain) current.getAttributes().remove(SESSION_ATTRIBUTE)));
	}

}
