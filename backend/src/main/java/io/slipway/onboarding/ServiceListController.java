package io.slipway.onboarding;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.slipway.gitops.CommitSummary;
import io.slipway.gitops.GitOpsRepository;
import io.slipway.platform.DeclaredService;
import io.slipway.platform.EnvironmentRelease;
import io.slipway.platform.ServiceReleases;
import io.slipway.platform.Environment;
import io.slipway.platform.Environments;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code /services}: every service the main branch declares, as a matrix of service ×
 * environment holding the release Git declares there (image tag, the overlay's last commit and
 * when it was made). What runs is Argo CD's to report; this page says what Git asks for.
 */
@Controller
class ServiceListController {

	static final String VIEW_SERVICE_LIST = "onboarding/services";

	private static final Logger logger = LoggerFactory.getLogger(ServiceListController.class);

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final ServiceReleases releases;

	private final Environments environments;

	private final GitOpsRepository gitOps;

	ServiceListController(ServiceReleases releases, Environments environments, GitOpsRepository gitOps) {
		this.releases = releases;
		this.environments = environments;
		this.gitOps = gitOps;
	}

	@GetMapping("/services")
	Mono<String> showServiceList(ServerWebExchange exchange, Model model) {
		String branch = this.gitOps.mainBranch();
		model.addAttribute("branch", branch);
		model.addAttribute("environments", this.environments.all().stream().map(Environment::name).toList());
		Mono<Listing> listing = this.releases.list()
			.map((services) -> new Listing(services.stream().map(ServiceRow::of).toList(), null))
			.onErrorResume((ex) -> {
				logger.warn("Could not list the services on {}: {}", branch, ex.getMessage());
				return Mono.just(new Listing(List.of(), "error listing the services on " + branch + ": " + ex.getMessage()));
			});
		return listing.zipWith(takeFlash(exchange)).map((loaded) -> {
			model.addAttribute("listing", loaded.getT1());
			loaded.getT2().ifPresent((flash) -> model.addAttribute("flash", flash));
			return VIEW_SERVICE_LIST;
		});
	}

	private static Mono<Optional<OnboardingPageController.Flash>> takeFlash(ServerWebExchange exchange) {
		return exchange.getSession().map((session) -> {
			Map<String, Object> attributes = session.getAttributes();
			return Optional.ofNullable((OnboardingPageController.Flash) attributes.remove(OnboardingPageController.FLASH));
		});
	}

	/**
	 * The services found, or why none could be listed.
	 *
	 * @param services in name order
	 * @param error what went wrong, with context; {@code null} when listing worked
	 */
	record Listing(List<ServiceRow> services, @Nullable String error) {
	}

	/**
	 * One row of the matrix.
	 *
	 * @param name the service
	 * @param path its folder in the infra repository
	 * @param templatePack the pack and version that rendered it, {@code null} when written by hand
	 * @param releases one cell per configured environment, in promotion order
	 */
	record ServiceRow(String name, String path, @Nullable String templatePack, List<ReleaseCell> releases) {

		static ServiceRow of(DeclaredService service) {
			return new ServiceRow(service.name(), service.path(), service.templatePack(),
					service.environments().stream().map(ReleaseCell::of).toList());
		}

	}

	/**
	 * What one environment of one service is set to run.
	 *
	 * @param environment the environment
	 * @param declared whether the service has an overlay there
	 * @param imageTag the overlay's image tag, {@code null} when it sets none
	 * @param commit the overlay's last commit, abbreviated
	 * @param message that commit's subject, for its tooltip
	 * @param iso when it was made, for {@code <time datetime>}
	 * @param when when it was made, in UTC as Git and Argo CD show it
	 */
	record ReleaseCell(String environment, boolean declared, @Nullable String imageTag, @Nullable String commit,
			@Nullable String message, @Nullable String iso, @Nullable String when) {

		static ReleaseCell of(EnvironmentRelease release) {
			CommitSummary commit = release.commit();
			Instant time = (commit != null) ? commit.time() : null;
			return new ReleaseCell(release.environment(), release.declared(), release.imageTag(),
					(commit != null) ? commit.abbreviatedId() : null, (commit != null) ? commit.shortMessage() : null,
					(time != null) ? time.toString() : null, (time != null) ? TIME.format(time) : null);
		}

	}

}
