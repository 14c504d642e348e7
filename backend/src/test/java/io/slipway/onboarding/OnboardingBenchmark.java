package io.slipway.onboarding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.slipway.ControlPlaneApplication;
import io.slipway.templates.RenderedFile;
import io.slipway.templates.TemplatePack;
import io.slipway.templates.TemplatePacks;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static io.slipway.testsupport.Benchmarks.delete;
import static io.slipway.testsupport.Benchmarks.loadAverage;
import static io.slipway.testsupport.Benchmarks.memory;
import static io.slipway.testsupport.Benchmarks.millis;
import static io.slipway.testsupport.Benchmarks.percentile;

/**
 * Onboarding into an infra repository that already holds 1,000 services, against the git CLI
 * doing the same writes. Not a test: run it with {@code bench/onboarding.sh}, which prints the
 * numbers docs/benchmarks.md records.
 * <p>
 * Set-up: a {@link SeededInfraRepository}, a bare repository reached over {@code file://} with one
 * commit holding the seeded layout and 1,000 services rendered by the {@code goapps} pack (14,000
 * files), packed. Slipway
 * then starts on it in direct mode, and {@link OnboardingManagement#onboard} runs for
 * {@code N} new services one after another: validation, the name check, rendering, the platform
 * checks, the commit and the push, and the audit entries, as a request would. Then the git CLI,
 * in a clone of the same repository, writes the same number of services' files (rendered
 * beforehand) and runs {@code git add}, {@code git commit} and {@code git push} for each.
 * <p>
 * Arguments: {@code [services] [onboardings] [warm-ups]}, default {@code 1000 50 5}.
 */
public final class OnboardingBenchmark {

	private OnboardingBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int services = (args.length > 0) ? Integer.parseInt(args[0]) : 1000;
		int runs = (args.length > 1) ? Integer.parseInt(args[1]) : 50;
		int warmUps = (args.length > 2) ? Integer.parseInt(args[2]) : 5;
		Path work = Files.createTempDirectory("slipway-onboarding-bench");
		try {
			String load = loadAverage();
			long seeded = System.nanoTime();
			SeededInfraRepository repository = SeededInfraRepository.create(work.resolve("infra.git"), services);
			String url = repository.url();
			System.out.printf(Locale.ROOT, "seeded %d services (%d files) in one commit in %d ms%n", services,
					repository.files(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - seeded));

			List<Long> slipway = slipway(work, url, runs, warmUps);
			List<Long> git = gitCli(work, url, runs, warmUps);

			double slipwayMedian = percentile(slipway, 50);
			double gitMedian = percentile(git, 50);
			System.out.printf(Locale.ROOT, "slipway onboarding: median %.1f ms, p95 %.1f ms, min %.1f, max %.1f (n=%d)%n",
					slipwayMedian, percentile(slipway, 95), millis(slipway.get(0)),
					millis(slipway.get(slipway.size() - 1)), slipway.size());
			System.out.printf(Locale.ROOT, "git CLI add+commit+push: median %.1f ms, p95 %.1f ms, min %.1f, max %.1f (n=%d)%n",
					gitMedian, percentile(git, 95), millis(git.get(0)), millis(git.get(git.size() - 1)), git.size());
			System.out.printf(Locale.ROOT, "ratio slipway/git (medians): %.2f (targets: median <= 250 ms, ratio <= 1.0)%n",
					slipwayMedian / gitMedian);
			System.out.printf(Locale.ROOT, "machine: %d cores, %s memory, load average %s before / %s after, %s%n",
					Runtime.getRuntime().availableProcessors(), memory(), load, loadAverage(),
					System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
		}
		finally {
			delete(work);
		}
	}

	// --- Slipway

	private static List<Long> slipway(Path work, String url, int runs, int warmUps) throws Exception {
		Path data = work.resolve("data");
		// command-line arguments outrank application.yml (builder properties would not)
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ControlPlaneApplication.class).run(
				"--server.port=0", "--slipway.data-dir=" + data, "--slipway.git.url=" + url, "--slipway.git.mode=direct",
				"--spring.datasource.url=jdbc:h2:mem:onboarding-bench;DB_CLOSE_DELAY=-1", "--logging.level.root=WARN",
				"--slipway.security.users[0].name=bench", "--slipway.security.users[0].password={noop}bench",
				"--slipway.security.users[0].roles=developer")) {
			OnboardingManagement onboarding = context.getBean(OnboardingManagement.class);
			ServiceSpecReader reader = context.getBean(ServiceSpecReader.class);
			List<Long> timings = new ArrayList<>();
			for (int i = 0; i < warmUps + runs; i++) {
				byte[] body = SeededInfraRepository.specJson(String.format(Locale.ROOT, "new-%04d", i));
				long start = System.nanoTime();
				// what the API does with a request body: read, then onboard
				OnboardingResult result = onboarding.onboard(reader.read(body), "bench").block(Duration.ofMinutes(1));
				long elapsed = System.nanoTime() - start;
				if (result == null || result.files().isEmpty()) {
					throw new IllegalStateException("onboarding wrote nothing");
				}
				if (i >= warmUps) {
					timings.add(elapsed);
				}
			}
			timings.sort(null);
			return timings;
		}
	}

	// --- the git CLI

	private static List<Long> gitCli(Path work, String url, int runs, int warmUps) throws Exception {
		Path clone = work.resolve("clone");
		run(work, "git", "clone", "-q", url, clone.toString());
		run(clone, "git", "config", "user.name", "Bench");
		run(clone, "git", "config", "user.email", "bench@localhost");
		TemplatePack pack = TemplatePacks.builtIn().get("goapps");
		List<Long> timings = new ArrayList<>();
		for (int i = 0; i < warmUps + runs; i++) {
			String name = String.format(Locale.ROOT, "cli-%04d", i);
			List<RenderedFile> files = SeededInfraRepository.render(pack, name, url);
			long start = System.nanoTime();
			List<String> add = new ArrayList<>(List.of("git", "add", "--"));
			for (RenderedFile file : files) {
				Path target = clone.resolve(file.path());
				Files.createDirectories(target.getParent());
				Files.writeString(target, file.content(), StandardCharsets.UTF_8);
				add.add(file.path());
			}
			run(clone, add.toArray(String[]::new));
			run(clone, "git", "commit", "-q", "-m", "feat(" + name + "): add deployment configuration");
			run(clone, "git", "push", "-q", "origin", "main");
			long elapsed = System.nanoTime() - start;
			if (i >= warmUps) {
				timings.add(elapsed);
			}
		}
		timings.sort(null);
		return timings;
	}

	private static void run(Path directory, String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		byte[] output = process.getInputStream().readAllBytes();
		if (process.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed: "
					+ new String(output, StandardCharsets.UTF_8));
		}
	}

	// --- numbers

	/** Nearest-rank percentile of sorted nanosecond timings, in milliseconds. */

}
