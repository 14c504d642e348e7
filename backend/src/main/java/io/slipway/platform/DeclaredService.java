package io.slipway.platform;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A service as the main branch of the infra repository declares it, with the release each
 * environment is set to run. This is what Git says, not what runs: Argo CD reports the latter.
 *
 * @param name the service (its folder's name)
 * @param path the service's folder: {@code services/<name>} (layout of the infra rules) or
 * {@code packages/<name>} (layout of the services guide)
 * @param templatePack the template pack and version that rendered it ({@code goapps@1.0.0}), from
 * its render record; {@code null} for a service written by hand
 * @param environments one entry per configured environment, in promotion order
 */
public record DeclaredService(String name, String path, @Nullable String templatePack,
		List<EnvironmentRelease> environments) {

	public DeclaredService {
		environments = List.copyOf(environments);
	}

	/**
	 * The release of one environment, when it is a configured one.
	 */
	public Optional<EnvironmentRelease> release(String environment) {
		return this.environments.stream().filter((release) -> release.environment().equals(environment)).findFirst();
	}

}
