package io.slipway.promotion;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.slipway.ControlPlaneApplication;
import io.slipway.argocd.ArgoCdApplications;
import io.slipway.argocd.fake.FakeArgoCd;
import io.slipway.cluster.BackupFreshness;
import io.slipway.gitops.YamlKeyPathEditor;
import io.slipway.onboarding.RenderedServices;
import io.slipway.templates.RenderedFile;
import io.slipway.testsupport.CpuAccount;
import org.awaitility.Awaitility;
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
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

import static io.slipway.testsupport.Benchmarks.delete;
import static io.slipway.testsupport.Benchmarks.loadAverage;
import static io.slipway.testsupport.Benchmarks.memory;
import static io.slipway.testsupport.Benchmarks.millis;
import static io.slipway.testsupport.Benchmarks.percentile;

/**
 * Many promotions at once against one infra repository, and how soon a promotion follows Argo CD.
 * Not a test: run it with {@code bench/promotion.sh}, which prints what docs/benchmarks.md records.
 * <p>
 * Set-up: a bare repository reached over {@code file://} holding {@code services} services
 * rendered by the {@code goapps} pack (staging at 2.0.0, production at 1.0.0), packed; the fake
 * Argo CD with both applications of every service Synced and Healthy, staging deployed 30 hours
 * ago (so the 24-hour soak has passed); a stub Alertmanager with nothing firing; fresh backups.
 * Slipway runs in this JVM with production needing no approval and no checklist, and merging by
 * itself (Slipway's own change requests, so the merge is Slipway's JGit merge).
 * <p>
 * Measured: {@code promotions} requests for distinct services are made at once
 * ({@link PromotionManagement#request}, as the API does). The write phase runs from the first
 * request to the last {@link PromotionMerged}; the end-to-end from the first request to the last
 * {@link PromotionSucceeded}. When a promotion merges, the listener tells the fake about the new
 * revision (as Argo CD's repository polling would), whose auto-sync then syncs it; the delay of
 * each promotion runs from the fake publishing its application Synced and Healthy at the merge
 * (its own clock, before any stream carries it) to Slipway publishing {@link PromotionSucceeded}.
 * Afterwards the remote is checked: one {@code Promotion-Id} trailer per promotion on the main
 * branch, every production overlay at the new tag, the main branch's first-parent history one
 * chain through every merge.
 * <p>
 * <p>
 * Slipway runs for weeks, so what counts is a warm JVM: a first round of {@code warmup} promotions
 * of other services (seeded besides the {@code services}) runs to the end before the measured one,
 * so that the JIT compilers have compiled the paths (in a cold JVM they take about a third of the
 * CPU). The warm-up round's numbers are printed too.
 * <p>
 * Arguments: {@code [services] [promotions] [warmup]}, default {@code 100 100 100}.
 */
public final class PromotionBenchmark {

	private static final String CANDIDATE = "2.0.0";

	private static final String RUNNING = "1.0.0";

	private PromotionBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int services = (args.length > 0) ? Integer.parseInt(args[0]) : 100;
		int promotions = (args.length > 1) ? Integer.parseInt(args[1]) : services;
		int warmup = (args.length > 2) ? Integer.parseInt(args[2]) : promotions;
		if (promotions > services) {
			throw new IllegalArgumentException("at most one promotion per service: " + promotions + " > " + services);
		}
		Path work = Files.createTempDirectory("slipway-promotion-bench");
		FakeArgoCd argoCd = FakeArgoCd.start();
		HttpServer alertmanager = alertmanager();
		try {
			String load = loadAverage();
			Path bare = work.resolve("infra.git");
			String url = bare.toUri().toString().replaceAll("/$", "");
			long seeded = System.nanoTime();
			int files = seed(bare, url, services + warmup);
			for (int i = 0; i < services + warmup; i++) {
				applications(argoCd, name(i), url);
			}
			System.out.printf(Locale.ROOT, "seeded %d services (%d files) and %d Argo CD applications in %d ms%n",
					services + warmup, files, 2 * (services + warmup),
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - seeded));
			Run warm = new Run(argoCd, services, warmup);
			Run run = new Run(argoCd, 0, promotions);
			Runs runs = new Runs(warm);
			argoCd.observe((app) -> runs.current.observed(app));
			String before;
			try (ConfigurableApplicationContext context = slipway(work, url, argoCd, alertmanager, runs)) {
				awaitCache(context.getBean(ArgoCdApplications.class), 2 * (services + warmup));
				PromotionManagement management = context.getBean(PromotionManagement.class);
				if (warmup > 0) {
					System.out.printf(Locale.ROOT, "--- warm-up round (cold JVM): %d promotions%n", warmup);
					warm.go(management);
					warm.report();
				}
				before = tip(bare);
				runs.current = run;
				System.out.printf(Locale.ROOT, "--- measured round: %d promotions%n", promotions);
				run.go(management);
			}
			run.report();
			verify(bare, run, before);
			System.out.printf(Locale.ROOT, "machine: %d cores, %s memory, load average %s before / %s after, %s%n",
					Runtime.getRuntime().availableProcessors(), memory(), load, loadAverage(),
					System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
		}
		finally {
			argoCd.close();
			alertmanager.stop(0);
			delete(work);
		}
	}

	private static String name(int i) {
		return String.format(Locale.ROOT, "svc-%04d", i);
	}

	// --- the run

	/** Hands Slipway's events to the round under way. */
	static final class Runs implements ApplicationListener<ApplicationEvent> {

		volatile Run current;

		Runs(Run first) {
			this.current = first;
		}

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			this.current.onApplicationEvent(event);
		}

	}

	private static String tip(Path bare) throws IOException {
		try (Git git = Git.open(bare.toFile())) {
			return git.getRepository().resolve(Constants.R_HEADS + "main").name();
		}
	}

	/** The promotions under way and what the listeners saw, with System.nanoTime() stamps. */
	static final class Run implements ApplicationListener<ApplicationEvent> {

		private final FakeArgoCd argoCd;

		private final int first;

		private final int promotions;

		private final CountDownLatch ended;

		/** Production application name -> the merge it waits for. */
		private final Map<String, String> merges = new ConcurrentHashMap<>();

		private final Map<String, Long> mergedAt = new ConcurrentHashMap<>();

		private final Map<String, Long> healthyAt = new ConcurrentHashMap<>();

		private final Map<String, Long> succeededAt = new ConcurrentHashMap<>();

		private final Map<Long, String> failures = new ConcurrentHashMap<>();

		private volatile long started;

		/** Where the CPU went from the first request to the last Succeeded. */
		private final CpuAccount cpu = new CpuAccount();

		private volatile long requested;

		private volatile double writeSeconds;

		/** Promotes services {@code first} to {@code first + promotions - 1}. */
		Run(FakeArgoCd argoCd, int first, int promotions) {
			this.argoCd = argoCd;
			this.first = first;
			this.promotions = promotions;
			this.ended = new CountDownLatch(promotions);
		}

		/** The fake's own moment: the production app Synced and Healthy at its merge, no operation. */
		void observed(JsonNode app) {
			String name = app.path("metadata").path("name").asString();
			String merge = this.merges.get(name);
			JsonNode status = app.path("status");
			if (merge != null && !app.has("operation") && "Healthy".equals(status.path("health").path("status").asString())
					&& "Synced".equals(status.path("sync").path("status").asString())
					&& merge.equals(status.path("sync").path("revision").asString())) {
				this.healthyAt.putIfAbsent(name, System.nanoTime());
			}
		}

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (!(event instanceof PayloadApplicationEvent<?> payload)) {
				return;
			}
			Object happened = payload.getPayload();
			if (happened instanceof PromotionMerged merged) {
				long now = System.nanoTime();
				String app = merged.service() + "-" + merged.to();
				this.merges.put(app, merged.mergeCommit());
				this.mergedAt.put(app, now);
				// Argo CD's repository polling sees the new revision; auto-sync does the rest
				this.argoCd.commit(app, merged.mergeCommit(), "ghcr.io/acme/" + merged.service() + ":" + merged.imageTag());
			}
			else if (happened instanceof PromotionSucceeded succeeded) {
				if (this.succeededAt.putIfAbsent(succeeded.service() + "-" + succeeded.to(), System.nanoTime()) == null) {
					this.ended.countDown();
				}
			}
			else if (happened instanceof PromotionFailed failed) {
				this.failures.put(failed.promotionId(), "Failed: " + failed.reason());
				this.ended.countDown();
			}
			else if (happened instanceof PromotionErrored errored) {
				this.failures.put(errored.promotionId(), "Errored: " + errored.cause());
				this.ended.countDown();
			}
		}

		void go(PromotionManagement management) throws InterruptedException {
			this.cpu.start();
			this.started = System.nanoTime();
			List<PromotionDetail> made = Flux.range(0, this.promotions)
				.flatMap((i) -> management.request(name(this.first + i), "staging", "production", "bench"),
						this.promotions)
				.collectList()
				.block(Duration.ofMinutes(10));
			this.requested = System.nanoTime();
			if (made == null || made.size() != this.promotions) {
				throw new IllegalStateException("not every request was accepted: " + made);
			}
			if (!this.ended.await(10, TimeUnit.MINUTES)) {
				throw new IllegalStateException("after 10 minutes " + this.ended.getCount() + " promotions are still open; "
						+ this.succeededAt.size() + " succeeded, " + this.mergedAt.size() + " merged");
			}
			this.cpu.stop();
		}

		void report() {
			if (!this.failures.isEmpty()) {
				this.failures.forEach((id, why) -> System.out.printf(Locale.ROOT, "promotion #%d %s%n", id, why));
				throw new IllegalStateException(this.failures.size() + " promotions did not succeed");
			}
			long lastMerge = this.mergedAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
			long lastSuccess = this.succeededAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
			double write = (lastMerge - this.started) / 1e9;
			this.writeSeconds = write;
			double endToEnd = (lastSuccess - this.started) / 1e9;
			System.out.printf(Locale.ROOT, "requests: %d accepted in %.2f s%n", this.promotions,
					(this.requested - this.started) / 1e9);
			System.out.printf(Locale.ROOT,
					"write phase (first request to last merge): %d merged in %.2f s = %.1f promotions landed per second%n",
					this.mergedAt.size(), write, this.mergedAt.size() / write);
			System.out.printf(Locale.ROOT, "end to end (first request to last Succeeded): %.2f s%n", endToEnd);
			System.out.printf(Locale.ROOT, "CPU from the first request to the last Succeeded, by thread:%n%s%n",
					this.cpu.report());
			if (Boolean.getBoolean("bench.profile")) {
				System.out.printf(Locale.ROOT, "sampled runnable threads, inclusive:%n%s", this.cpu.profile(120));
			}
			List<Long> delays = new ArrayList<>();
			this.succeededAt.forEach((app, at) -> {
				Long healthy = this.healthyAt.get(app);
				if (healthy == null) {
					throw new IllegalStateException(app + " succeeded without the fake ever reporting it healthy at "
							+ this.merges.get(app));
				}
				delays.add(at - healthy);
			});
			delays.sort(null);
			// where the slowest stood: merged -> Argo CD healthy -> Succeeded
			this.succeededAt.entrySet()
				.stream()
				.sorted(Comparator.comparingLong((Map.Entry<String, Long> entry) -> this.healthyAt.get(entry.getKey())
						- entry.getValue()))
				.limit(3)
				.forEach((entry) -> System.out.printf(Locale.ROOT,
						"  slowest: %s merged -> healthy %.1f ms, healthy -> Succeeded %.1f ms%n", entry.getKey(),
						millis(this.healthyAt.get(entry.getKey()) - this.mergedAt.get(entry.getKey())),
						millis(entry.getValue() - this.healthyAt.get(entry.getKey()))));
			System.out.printf(Locale.ROOT,
					"Argo CD Healthy -> Succeeded: p50 %.1f ms, p95 %.1f ms, max %.1f ms, min %.1f ms (n=%d, target <= 1 s)%n",
					percentile(delays, 50), percentile(delays, 95), millis(delays.get(delays.size() - 1)),
					millis(delays.get(0)), delays.size());
		}

	}

	// --- Slipway

	private static ConfigurableApplicationContext slipway(Path work, String url, FakeArgoCd argoCd,
			HttpServer alertmanager, Runs run) {
		Path data = work.resolve("data");
		String alerts = "http://127.0.0.1:" + alertmanager.getAddress().getPort() + "/";
		// command-line arguments outrank application.yml (builder properties would not)
		return new SpringApplicationBuilder(ControlPlaneApplication.class).initializers((context) -> {
			GenericApplicationContext generic = (GenericApplicationContext) context;
			// the test tree is on the class path: keep its test configurations out of the scan
			generic.registerBean("benchmarkTypeExcludeFilter", TypeExcludeFilter.class, TestTreeExcludeFilter::new);
			generic.registerBean("benchmarkBackups", BackupFreshness.class,
					PromotionFixtures::freshBackups,
					(definition) -> definition.setPrimary(true));
			context.addApplicationListener(run);
		})
			.run("--server.port=0", "--slipway.data-dir=" + data, "--slipway.git.url=" + url,
					"--spring.datasource.url=jdbc:h2:mem:promotion-bench;DB_CLOSE_DELAY=-1", "--logging.level.root=WARN",
					"--slipway.argocd.url=" + argoCd.url(), "--slipway.argocd.token=" + argoCd.token(),
					"--slipway.alertmanager.url=" + alerts, "--slipway.environment-order=staging,production",
					"--slipway.environments.production.approvals=0", "--slipway.environments.production.checklist=",
					"--slipway.security.users[0].name=bench", "--slipway.security.users[0].password={noop}bench",
					"--slipway.security.users[0].roles=developer");
	}

	/** Requests check the source on the live cache: wait until it holds every application. */
	private static void awaitCache(ArgoCdApplications cache, int applications) {
		Awaitility.await("the Argo CD cache holding all " + applications + " applications")
			.atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> cache.all().size() >= applications);
	}

	/** Leaves out of the component scan every class compiled from the test tree. */
	static final class TestTreeExcludeFilter extends TypeExcludeFilter {

		@Override
		public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
			try {
				return reader.getResource().getURL().toString().contains("/test-classes/");
			}
			catch (IOException ex) {
				return false;
			}
		}

		@Override
		public boolean equals(Object other) {
			return other != null && other.getClass() == getClass();
		}

		@Override
		public int hashCode() {
			return getClass().hashCode();
		}

	}

	// --- Argo CD and Alertmanager

	private static void applications(FakeArgoCd argoCd, String service, String url) {
		String image = "ghcr.io/acme/" + service + ":";
		argoCd.createApplication(service + "-staging", "goapps", url, "services/" + service + "/overlays/staging",
				"goapps-staging", image + CANDIDATE);
		argoCd.createApplication(service + "-production", "goapps", url,
				"services/" + service + "/overlays/production", "goapps-production", image + RUNNING);
		// staging got the candidate 30 hours ago: the 24-hour soak has passed
		ObjectNode staging = argoCd.application(service + "-staging").orElseThrow().json();
		((ObjectNode) staging.get("status").get("history").get(0)).put("deployedAt",
				Instant.now().minus(Duration.ofHours(30)).truncatedTo(ChronoUnit.SECONDS).toString());
		argoCd.loadApplication(staging.toString());
	}

	/** Alertmanager's API v2 with nothing firing. */
	private static HttpServer alertmanager() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", (exchange) -> {
			byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		return server;
	}

	// --- the repository

	/** One commit with the seeded layout and the services; returns how many files it holds. */
	private static int seed(Path bare, String url, int services) throws Exception {
		Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
		try (Git git = Git.open(bare.toFile()); ObjectInserter inserter = git.getRepository().newObjectInserter()) {
			Repository repository = git.getRepository();
			List<RenderedFile> all = new ArrayList<>();
			all.add(new RenderedFile("README.md", "# Infra repository\n"));
			all.add(new RenderedFile("argocd/projects/goapps.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\n"
					+ "metadata:\n  name: goapps\n  namespace: argocd\n"));
			all.add(new RenderedFile("services/.gitkeep", ""));
			for (int i = 0; i < services; i++) {
				all.addAll(RenderedServices.goapps(name(i), url, Map.of("staging", CANDIDATE, "production", RUNNING)));
			}
			all.sort(Comparator.comparing(RenderedFile::path));
			DirCache index = DirCache.newInCore();
			DirCacheBuilder builder = index.builder();
			for (RenderedFile file : all) {
				DirCacheEntry entry = new DirCacheEntry(file.path());
				entry.setFileMode(FileMode.REGULAR_FILE);
				entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.content().getBytes(StandardCharsets.UTF_8)));
				builder.add(entry);
			}
			builder.finish();
			CommitBuilder commit = new CommitBuilder();
			PersonIdent author = new PersonIdent("Bench", "bench@localhost");
			commit.setAuthor(author);
			commit.setCommitter(author);
			commit.setMessage("chore: " + services + " services\n");
			commit.setTreeId(index.writeTree(inserter));
			ObjectId id = inserter.insert(commit);
			inserter.flush();
			RefUpdate update = repository.updateRef(Constants.R_HEADS + "main");
			update.setNewObjectId(id);
			update.setExpectedOldObjectId(ObjectId.zeroId());
			if (update.update() != RefUpdate.Result.NEW) {
				throw new IllegalStateException("could not create main");
			}
			git.gc().call();
			return all.size();
		}
	}

	/** What the remote holds afterwards: nothing lost, every tag moved, a linear first-parent chain. */
	private static void verify(Path bare, Run run, String before) throws IOException {
		try (Git git = Git.open(bare.toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
			Repository repository = git.getRepository();
			RevCommit main = walk.parseCommit(repository.resolve(Constants.R_HEADS + "main"));
			// every commit reachable from main since the measured round began
			walk.markStart(main);
			walk.markUninteresting(walk.parseCommit(repository.resolve(before)));
			Set<String> promotionIds = new HashSet<>();
			int trailers = 0;
			int commits = 0;
			int merges = 0;
			for (RevCommit commit : walk) {
				commits++;
				if (commit.getParentCount() > 1) {
					merges++;
				}
				for (String line : commit.getFullMessage().split("\n")) {
					if (line.startsWith("Promotion-Id: ")) {
						trailers++;
						promotionIds.add(line.substring("Promotion-Id: ".length()).trim());
					}
				}
			}
			walk.reset();
			// the first-parent chain from main back to where the measured round began
			int chain = 0;
			RevCommit at = walk.parseCommit(main);
			while (at.getParentCount() > 0 && !at.name().equals(before)) {
				chain++;
				at = walk.parseCommit(at.getParent(0));
			}
			int moved = 0;
			for (String app : run.merges.keySet()) {
				String service = app.substring(0, app.length() - "-production".length());
				String path = "services/" + service + "/overlays/production/kustomization.yaml";
				try (TreeWalk tree = TreeWalk.forPath(repository, path, main.getTree())) {
					String content = new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
					if (YamlKeyPathEditor.get(content, "images[0].newTag").filter(CANDIDATE::equals).isPresent()) {
						moved++;
					}
				}
			}
			List<String> left = repository.getRefDatabase()
				.getRefsByPrefix(Constants.R_HEADS + "promote/")
				.stream()
				.map((ref) -> ref.getName())
				.toList();
			System.out.printf(Locale.ROOT,
					"remote main: %d Promotion-Id trailers (%d distinct, expected %d), %d of %d production overlays at %s, "
							+ "%d commits in the round of which %d merge commits, first-parent chain of %d, "
							+ "%d promote/ branches left%n",
					trailers, promotionIds.size(), run.promotions, moved, run.promotions, CANDIDATE, commits, merges,
					chain, left.size());
			System.out.printf(Locale.ROOT, "commits on main per second of the write phase: %.1f (%d commits; target >= 20)%n",
					commits / run.writeSeconds, commits);
			if (trailers != run.promotions || promotionIds.size() != run.promotions || moved != run.promotions) {
				throw new IllegalStateException("promotions were lost: see the line above");
			}
		}
	}

	// --- numbers

	/** Nearest-rank percentile of sorted nanosecond durations, in milliseconds. */

}
