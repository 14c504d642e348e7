package io.slipway.onboarding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.slipway.ControlPlaneApplication;
import io.slipway.platform.Environment;
import io.slipway.templates.RenderedFile;
import io.slipway.templates.TemplatePack;
import io.slipway.templates.TemplatePacks;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Onboarding into an infra repository that already holds 1,000 services, against the git CLI
 * doing the same writes. Not a test: run it with {@code bench/onboarding.sh}, which prints the
 * numbers docs/benchmarks.md records.
 * <p>
 * Set-up: a bare repository reached over {@code file://} gets one commit holding the seeded
 * layout and 1,000 services rendered by the {@code goapps} pack (14,000 files), packed. Slipway
 * then starts on it in direct mode, and {@link OnboardingManagement#onboard} runs for
 * {@code N} new services one after another: validation, the name check, rendering, the platform
 * checks, the commit and the push, and the audit entries, as a request would. Then the git CLI,
 * in a clone of the same repository, writes the same number of services' files (rendered
 * beforehand) and runs {@code git add}, {@code git commit} and {@code git push} for each.
 * <p>
 * Arguments: {@code [services] [onboardings] [warm-ups]}, default {@code 1000 50 5}.
 */
public final class OnboardingBenchmark {

	private static final JsonMapper json = JsonMapper.builder().build();

	private OnboardingBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int services = (args.length > 0) ? Integer.parseInt(args[0]) : 1000;
		int runs = (args.length > 1) ? Integer.parseInt(args[1]) : 50;
		int warmUps = (args.length > 2) ? Integer.parseInt(args[2]) : 5;
		Path work = Files.createTempDirectory("slipway-onboarding-bench");
		try {
			String load = loadAverage();
			Path bare = work.resolve("infra.git");
			String url = bare.toUri().toString().replaceAll("/$", "");
			long seeded = System.nanoTime();
			int files = seed(bare, url, services);
			System.out.printf(Locale.ROOT, "seeded %d services (%d files) in one commit in %d ms%n", services, files,
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - seeded));

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

	// --- the repository with 1,000 services

	private static List<Environment> environments() {
		return List.of(new Environment("staging", "goapps-staging", "goapps", 0, Duration.ZERO, List.of(), true),
				new Environment("production", "goapps-production", "goapps", 1, Duration.ofHours(24), List.of(), true));
	}

	private static ServiceSpec spec(String name) throws IOException {
		return new ServiceSpecReader().read(specJson(name));
	}

	private static byte[] specJson(String name) throws IOException {
		try (InputStream in = OnboardingBenchmark.class.getResourceAsStream("/onboarding/api/payments.json")) {
			ObjectNode spec = (ObjectNode) json.readTree(in);
			spec.put("name", name);
			spec.put("image", "ghcr.io/acme/" + name);
			return json.writeValueAsBytes(spec);
		}
	}

	private static List<RenderedFile> render(TemplatePack pack, String name, String url) throws IOException {
		return pack.render(ServiceValues.of(spec(name), environments(), ServiceValues.platform(url)));
	}

	/** One commit with the seeded layout and the services; returns how many files it holds. */
	private static int seed(Path bare, String url, int services) throws Exception {
		Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
		TemplatePack pack = TemplatePacks.builtIn().get("goapps");
		try (Git git = Git.open(bare.toFile()); ObjectInserter inserter = git.getRepository().newObjectInserter()) {
			Repository repository = git.getRepository();
			DirCache index = DirCache.newInCore();
			DirCacheBuilder builder = index.builder();
			List<RenderedFile> all = new ArrayList<>();
			all.add(new RenderedFile("README.md", "# Infra repository\n"));
			all.add(new RenderedFile("argocd/projects/goapps.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\n"
					+ "metadata:\n  name: goapps\n  namespace: argocd\n"));
			all.add(new RenderedFile("argocd/apps/staging/.gitkeep", ""));
			all.add(new RenderedFile("argocd/apps/production/.gitkeep", ""));
			all.add(new RenderedFile("services/.gitkeep", ""));
			for (int i = 0; i < services; i++) {
				all.addAll(render(pack, String.format(Locale.ROOT, "svc-%04d", i), url));
			}
			// DirCache wants its entries in Git's path order
			all.sort(Comparator.comparing(RenderedFile::path));
			for (RenderedFile file : all) {
				DirCacheEntry entry = new DirCacheEntry(file.path());
				entry.setFileMode(FileMode.REGULAR_FILE);
				entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.content().getBytes(StandardCharsets.UTF_8)));
				builder.add(entry);
			}
			builder.finish();
			ObjectId tree = index.writeTree(inserter);
			CommitBuilder commit = new CommitBuilder();
			PersonIdent author = new PersonIdent("Bench", "bench@localhost");
			commit.setAuthor(author);
			commit.setCommitter(author);
			commit.setMessage("chore: " + services + " services\n");
			commit.setTreeId(tree);
			ObjectId id = inserter.insert(commit);
			inserter.flush();
			RefUpdate update = repository.updateRef(Constants.R_HEADS + "main");
			update.setNewObjectId(id);
			update.setExpectedOldObjectId(ObjectId.zeroId());
			RefUpdate.Result result = update.update();
			if (result != RefUpdate.Result.NEW) {
				throw new IllegalStateException("could not create main: " + result);
			}
			// a repository that has lived a while is packed, not 14,000 loose objects
			git.gc().call();
			return all.size();
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
				byte[] body = specJson(String.format(Locale.ROOT, "new-%04d", i));
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
			List<RenderedFile> files = render(pack, name, url);
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
	private static double percentile(List<Long> sorted, int percent) {
		int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
		return millis(sorted.get(Math.max(0, rank - 1)));
	}

	private static double millis(long nanos) {
		return nanos / 1_000_000.0;
	}

	private static String loadAverage() throws IOException {
		Path loadavg = Path.of("/proc/loadavg");
		if (!Files.exists(loadavg)) {
			return "unknown";
		}
		return String.join(" ", Arrays.copyOf(Files.readString(loadavg).split(" "), 3));
	}

	private static String memory() throws IOException {
		Path meminfo = Path.of("/proc/meminfo");
		if (!Files.exists(meminfo)) {
			return "unknown";
		}
		try (Stream<String> lines = Files.lines(meminfo)) {
			return lines.filter((line) -> line.startsWith("MemTotal:"))
				.map((line) -> String.format(Locale.ROOT, "%.1f GiB",
						Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0))
				.findFirst()
				.orElse("unknown");
		}
	}

	private static void delete(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
