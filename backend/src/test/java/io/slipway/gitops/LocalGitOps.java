package io.slipway.gitops;

import java.nio.file.Path;
import java.time.Clock;

/**
 * A {@link GitOpsRepository} outside Spring for other modules' tests: a copy in {@code dataDir} of
 * the repository at {@code url}, publishing no events.
 */
public final class LocalGitOps {

	private LocalGitOps() {
	}

	/** Closes what {@link #open} opened. */
	public static void close(GitOpsRepository gitOps) {
		gitOps.close();
	}

	public static GitOpsRepository open(String url, Path dataDir) {
		return new GitOpsRepository(GitOpsProperties.forRemote(url), dataDir, (event) -> {
		}, Clock.systemUTC());
	}

}
