package io.slipway.security;

import java.security.SecureRandom;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes a fresh installation usable without configuration: when no users are configured and the
 * database holds none, creates {@code admin} with a random password and prints that password
 * once. Later starts find the stored user and print nothing.
 */
@Component
class FirstStartAdmin implements ApplicationRunner {

	static final String ADMIN = "admin";

	static final int PASSWORD_LENGTH = 24;

	private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

	private static final Logger log = LoggerFactory.getLogger(FirstStartAdmin.class);

	private final LocalUserDirectory directory;

	private final AppUserRepository users;

	private final PasswordEncoder passwordEncoder;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transaction;

	private final SecureRandom random = new SecureRandom();

	FirstStartAdmin(LocalUserDirectory directory, AppUserRepository users, PasswordEncoder passwordEncoder,
			ApplicationEventPublisher events, PlatformTransactionManager transactionManager) {
		this.directory = directory;
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.events = events;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.directory.hasConfiguredUsers() || this.users.count() > 0) {
			return;
		}
		String password = newPassword();
		try {
			// One transaction with its audit entry: if that cannot be written, no admin exists and
			// the next start tries again.
			this.transaction.executeWithoutResult(status -> {
				this.users.insert(ADMIN, this.passwordEncoder.encode(password), List.of(Role.ADMIN.id()));
				this.events.publishEvent(new UserCreated("system", ADMIN, List.of(Role.ADMIN.id())));
			});
		}
		catch (DuplicateKeyException ex) {
			// Another replica sharing the database created it a moment ago and printed its password.
			return;
		}
		log.warn("No users are configured: created user '{}' with password {} (shown only this once). "
				+ "Sign in with it, then configure users under slipway.security.users; a configured user named "
				+ "'{}' replaces this one.", ADMIN, password, ADMIN);
	}

	private String newPassword() {
		StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
		for (int i = 0; i < PASSWORD_LENGTH; i++) {
			password.append(ALPHABET.charAt(this.random.nextInt(ALPHABET.length())));
		}
		return password.toString();
	}

}
