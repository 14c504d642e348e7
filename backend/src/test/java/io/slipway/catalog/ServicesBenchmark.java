package io.slipway.catalog;

import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.slipway.argocd.fake.FakeArgoCd;
import io.slipway.onboarding.SeededInfraRepository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.slipway.testsupport.Benchmarks.delete;
import static io.slipway.testsupport.Benchmarks.loadAverage;
import static io.slipway.testsupport.Benchmarks.memory;
import static io.slipway.testsupport.Benchmarks.millis;
import static io.slipway.testsupport.Benchmarks.percentile;

/**
 * The service matrix of 1,000 services × 2 environments against a fake Argo CD holding their
 * 2,000 applications. Not a test: run it with {@code bench/services.sh}, which prints the numbers
 * docs/benchmarks.md records.
 * <p>
 * Set-up: a {@link SeededInfraRepository} with {@code N} services, the {@link FakeArgoCd} (in this
 * JVM) with an application {@code <service>-<environment>} for each running the tag Git declares,
 * a few OutOfSync, Degraded or running another tag; and Slipway as its own process
 * ({@code java -jar slipway.jar}) on both, so that its heap is measured alone. Then:
 * <ol>
 * <li>{@code /services} (the first page) and a later page, each requested by {@code C} clients at
 * once, each signed in through the login form with its own session, {@code R} requests each after a
 * warm-up: p50, p95, max;</li>
 * <li>the calls Slipway made to Argo CD meanwhile (target: none — pages render from the cache);</li>
 * <li>Slipway's heap after a full GC ({@code jcmd GC.run}, {@code GC.heap_info}) and its RSS;</li>
 * <li>for randomly chosen applications, the time from the fake turning one Degraded to
 * {@code GET /api/v1/services/{name}} reporting it (polled every 5 ms, so each sample is an upper
 * bound by up to one poll and one request).</li>
 * </ol>
 * Arguments: {@code [services] [requests per client] [clients] [change samples]}, default
 * {@code 1000 200 16 50}. System property {@code slipway.bench.jar} names the jar (default
 * {@code backend/target/slipway.jar}); environment variable {@code SLIPWAY_JAVA_OPTS} adds JVM
 * options to Slipway's process (e.g. a flight recording).
 */
public final class ServicesBenchmark {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String USER = "viewer";

	private static final String PASSWORD = "bench-viewer";

	private static final Duration POLL = Duration.ofMillis(5);

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

	private ServicesBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int services = (args.length > 0) ? Integer.parseInt(args[0]) : 1000;
		int requests = (args.length > 1) ? Integer.parseInt(args[1]) : 200;
		int clients = (args.length > 2) ? Integer.parseInt(args[2]) : 16;
		int samples = (args.length > 3) ? Integer.parseInt(args[3]) : 50;
		Path jar = Path.of(System.getProperty("slipway.bench.jar", "backend/target/slipway.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("no Slipway jar at " + jar + ": build it first (mvn package)");
		}
		Path work = Files.createTempDirectory("slipway-services-bench");
		String loadBefore = loadAverage();
		Process slipway = null;
		try (FakeArgoCd argoCd = FakeArgoCd.start()) {
			long started = System.nanoTime();
			SeededInfraRepository repository = SeededInfraRepository.create(work.resolve("infra.git"), services);
			System.out.printf(Locale.ROOT, "seeded %d services (%d files) in one commit in %d ms%n", services,
					repository.files(), elapsedMillis(started));
			started = System.nanoTime();
			int applications = createApplications(argoCd, repository);
			System.out.printf(Locale.ROOT, "fake Argo CD holds %d applications (%d ms)%n", applications,
					elapsedMillis(started));

			int port = freePort();
			URI base = URI.create("http://127.0.0.1:" + port);
			started = System.nanoTime();
			slipway = startSlipway(jar, work, repository.url(), argoCd, port);
			waitUntilReady(slipway, base, work);
			String last = repository.services().get(repository.services().size() - 1);
			waitUntilCached(slipway, base, last, work);
			System.out.printf(Locale.ROOT, "Slipway (pid %d) ready with every application cached after %d ms%n",
					slipway.pid(), elapsedMillis(started));
			Heap idle = heap(slipway.pid());

			List<HttpClient> sessions = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				sessions.add(signIn(base));
			}
			int pages = (services + ServiceListController.PAGE_SIZE - 1) / ServiceListController.PAGE_SIZE;
			int laterPage = Math.min(pages, pages / 2 + 1);
			String firstRow = "id=\"service-" + repository.services().get(0) + "\"";
			String laterRow = "id=\"service-"
					+ repository.services().get((laterPage - 1) * ServiceListController.PAGE_SIZE) + "\"";

			long coldStart = System.nanoTime();
			String coldBody = page(sessions.get(0), base.resolve("/services"), firstRow);
			long cold = System.nanoTime() - coldStart;

			load(sessions, base.resolve("/services"), Math.max(10, requests / 4), firstRow);
			load(sessions, base.resolve("/services?page=" + laterPage), Math.max(10, requests / 4), laterRow);
			int listsAfterWarmUp = argoCd.requestCount("GET", "/api/v1/applications");
			int callsAfterWarmUp = argoCd.requestCount("GET", "/");
			long cpuBefore = cpuMillis(slipway.pid());
			Cpu threadsBefore = Cpu.of(slipway.pid());
			List<Long> first = load(sessions, base.resolve("/services"), requests, firstRow);
			List<Long> later = load(sessions, base.resolve("/services?page=" + laterPage), requests, laterRow);
			long cpu = cpuMillis(slipway.pid()) - cpuBefore;
			Cpu threads = Cpu.of(slipway.pid()).minus(threadsBefore);
			int lists = argoCd.requestCount("GET", "/api/v1/applications") - listsAfterWarmUp;
			int calls = argoCd.requestCount("GET", "/") - callsAfterWarmUp;

			Heap loaded = heap(slipway.pid());
			List<Long> delays = changeDelays(argoCd, repository, base, samples);
			Heap end = heap(slipway.pid());

			report(new Results(services, applications, clients, requests, laterPage, coldBody.length(), cold, first,
					later, cpu, threads, lists, calls, idle, loaded, end, delays, loadBefore, loadAverage()));
		}
		finally {
			if (slipway != null) {
				slipway.destroy();
				if (!slipway.waitFor(30, TimeUnit.SECONDS)) {
					slipway.destroyForcibly();
				}
			}
			delete(work);
		}
	}

	// --- the fake's applications

	/**
	 * One application per service and environment, running the tag Git declares; every 20th is
	 * OutOfSync, every 25th Degraded and every 50th runs the previous tag, as a real fleet would.
	 */
	private static int createApplications(FakeArgoCd argoCd, SeededInfraRepository repository) {
		int count = 0;
		for (String service : repository.services()) {
			for (String environment : SeededInfraRepository.ENVIRONMENTS) {
				String name = service + "-" + environment;
				String image = SeededInfraRepository.image(service) + ":"
						+ SeededInfraRepository.imageTag(service, environment);
				argoCd.createApplication(name, "goapps", repository.url(), "services/" + service + "/overlays/" + environment,
						"goapps-" + environment, image);
				count++;
				if (count % 20 == 0) {
					argoCd.setSync(name, "OutOfSync", null);
				}
				if (count % 25 == 0) {
					argoCd.setHealth(name, "Degraded", "Back-off pulling image \"" + image + "\"");
				}
				if (count % 50 == 0) {
					argoCd.setImages(name, List.of(SeededInfraRepository.image(service) + ":0.9.0"));
				}
			}
		}
		return count;
	}

	// --- Slipway's process

	private static Process startSlipway(Path jar, Path work, String gitUrl, FakeArgoCd argoCd, int port)
			throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		// the server in this one process (not a launcher and its child), whose CPU time and heap
		// are measured below
		command.add("-Dslipway.launcher=false");
		String options = System.getenv("SLIPWAY_JAVA_OPTS");
		if (options != null && !options.isBlank()) {
			command.addAll(Arrays.asList(options.trim().split("\\s+")));
		}
		command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port,
				"--slipway.data-dir=" + work.resolve("data"), "--slipway.git.url=" + gitUrl,
				"--slipway.argocd.url=" + argoCd.url(), "--slipway.argocd.token=" + argoCd.token(),
				"--slipway.security.users[0].name=" + USER, "--slipway.security.users[0].password={noop}" + PASSWORD,
				"--slipway.security.users[0].roles=viewer", "--logging.level.root=WARN"));
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(work.resolve("slipway.log").toFile())
			.start();
	}

	private static void waitUntilReady(Process slipway, URI base, Path work) throws Exception {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest readiness = HttpRequest.newBuilder(base.resolve("/actuator/health/readiness")).build();
		awaitTrue(slipway, work, Duration.ofMinutes(3), "readiness", () -> {
			try {
				return client.send(readiness, HttpResponse.BodyHandlers.ofString()).body().contains("\"UP\"");
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	/** Until the API shows the last service's applications from a streaming cache. */
	private static void waitUntilCached(Process slipway, URI base, String service, Path work) throws Exception {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		awaitTrue(slipway, work, Duration.ofMinutes(3), "the Argo CD cache", () -> {
			JsonNode found = service(client, base, service);
			for (JsonNode environment : found.path("environments")) {
				if (!environment.path("argocd").path("found").asBoolean(false)
						|| !"STREAMING".equals(environment.path("argocd").path("cache").path("mode").asString(""))) {
					return false;
				}
			}
			return !found.path("environments").isEmpty();
		});
	}

	private static void awaitTrue(Process slipway, Path work, Duration limit, String what, Callable<Boolean> check)
			throws Exception {
		long deadline = System.nanoTime() + limit.toNanos();
		while (!check.call()) {
			if (!slipway.isAlive()) {
				throw new IllegalStateException("Slipway exited while waiting for " + what + "; log:\n" + log(work));
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("no " + what + " after " + limit + "; log:\n" + log(work));
			}
			LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
		}
	}

	private static String log(Path work) throws IOException {
		List<String> lines = Files.readAllLines(work.resolve("slipway.log"));
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
	}

	// --- pages

	/** A client with its own session, signed in through the login form as a browser would. */
	private static HttpClient signIn(URI base) throws Exception {
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.cookieHandler(new CookieManager())
			.build();
		String form = client.send(HttpRequest.newBuilder(base.resolve("/login")).build(),
				HttpResponse.BodyHandlers.ofString()).body();
		Matcher csrf = CSRF.matcher(form);
		if (!csrf.find()) {
			throw new IllegalStateException("no CSRF token in the login form of " + base);
		}
		String body = "username=" + USER + "&password=" + PASSWORD + "&_csrf="
				+ URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
		HttpResponse<String> login = client.send(HttpRequest.newBuilder(base.resolve("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		String location = login.headers().firstValue("Location").orElse("");
		if (login.statusCode() != 302 || location.contains("error")) {
			throw new IllegalStateException("signing in at " + base + " answered " + login.statusCode() + " " + location);
		}
		return client;
	}

	private static String page(HttpClient client, URI uri, String mustContain) throws Exception {
		HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200 || !response.body().contains(mustContain)) {
			throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + " without "
					+ mustContain + ": " + response.body().substring(0, Math.min(500, response.body().length())));
		}
		return response.body();
	}

	/** Every client requests the page {@code requests} times, all at once; sorted timings. */
	private static List<Long> load(List<HttpClient> clients, URI uri, int requests, String mustContain)
			throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(clients.size());
		try {
			List<Future<List<Long>>> running = new ArrayList<>();
			for (HttpClient client : clients) {
				running.add(pool.submit(() -> {
					List<Long> timings = new ArrayList<>(requests);
					for (int i = 0; i < requests; i++) {
						long start = System.nanoTime();
						page(client, uri, mustContain);
						timings.add(System.nanoTime() - start);
					}
					return timings;
				}));
			}
			List<Long> all = new ArrayList<>();
			for (Future<List<Long>> timings : running) {
				all.addAll(timings.get());
			}
			Collections.sort(all);
			return all;
		}
		finally {
			pool.shutdownNow();
		}
	}

	// --- changes

	/**
	 * Turns randomly chosen healthy applications Degraded, one at a time, 100-300 ms apart, and times
	 * each until Slipway's API reports it.
	 */
	private static List<Long> changeDelays(FakeArgoCd argoCd, SeededInfraRepository repository, URI base, int samples)
			throws Exception {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		Random random = new Random(42);
		Set<String> chosen = new HashSet<>();
		List<Long> delays = new ArrayList<>();
		for (int i = 0; i < samples; i++) {
			String service;
			int environment;
			do {
				service = repository.services().get(random.nextInt(repository.services().size()));
				environment = random.nextInt(SeededInfraRepository.ENVIRONMENTS.size());
			}
			while (!chosen.add(service + "/" + environment) || !"Healthy".equals(health(client, base, service, environment)));
			String application = service + "-" + SeededInfraRepository.ENVIRONMENTS.get(environment);
			String message = "bench change " + i;
			long start = System.nanoTime();
			argoCd.setHealth(application, "Degraded", message);
			while (true) {
				JsonNode argo = service(client, base, service).path("environments").path(environment).path("argocd");
				if ("Degraded".equals(argo.path("healthStatus").asString("")) && message.equals(argo.path("healthMessage").asString(""))) {
					break;
				}
				if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(30)) {
					throw new IllegalStateException(application + " not seen Degraded by Slipway after 30 s");
				}
				LockSupport.parkNanos(POLL.toNanos());
			}
			delays.add(System.nanoTime() - start);
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100 + random.nextInt(200)));
		}
		Collections.sort(delays);
		return delays;
	}

	private static String health(HttpClient client, URI base, String service, int environment) throws Exception {
		return service(client, base, service).path("environments")
			.path(environment)
			.path("argocd")
			.path("healthStatus")
			.asString("");
	}

	private static JsonNode service(HttpClient client, URI base, String service) throws Exception {
		String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> response;
		try {
			response = client.send(HttpRequest.newBuilder(base.resolve("/api/v1/services/" + service))
				.header("Authorization", "Basic " + basic)
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			return json.createObjectNode();
		}
		return (response.statusCode() == 200) ? json.readTree(response.body()) : json.createObjectNode();
	}

	// --- memory

	/**
	 * @param used heap in use after a full GC, bytes
	 * @param committed heap the JVM holds, bytes
	 * @param rss the process's resident set, bytes
	 */
	private record Heap(long used, long committed, long rss) {
	}

	private static Heap heap(long pid) throws Exception {
		jcmd(pid, "GC.run");
		String info = jcmd(pid, "GC.heap_info");
		Matcher heap = HEAP_USED.matcher(info);
		if (!heap.find()) {
			throw new IllegalStateException("no heap size in jcmd GC.heap_info: " + info);
		}
		long rss = 0;
		Path status = Path.of("/proc/" + pid + "/status");
		if (Files.exists(status)) {
			try (Stream<String> lines = Files.lines(status)) {
				rss = lines.filter((line) -> line.startsWith("VmRSS:"))
					.mapToLong((line) -> Long.parseLong(line.replaceAll("\\D", "")) * 1024)
					.findFirst()
					.orElse(0);
			}
		}
		return new Heap(Long.parseLong(heap.group(2)) * 1024, Long.parseLong(heap.group(1)) * 1024, rss);
	}

	/**
	 * CPU time the process has used (user + system, every thread), from {@code /proc/<pid>/stat};
	 * unlike latency on a shared machine, this does not depend on what else runs.
	 */
	private static long cpuMillis(long pid) throws IOException {
		Path stat = Path.of("/proc/" + pid + "/stat");
		if (!Files.exists(stat)) {
			return 0;
		}
		String line = Files.readString(stat);
		// fields after the command name, which is in parentheses and may hold spaces: utime and stime
		// are the 12th and 13th, in clock ticks of 10 ms on Linux
		String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
		return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
	}

	/**
	 * CPU time of the process's live threads by kind, from {@code /proc/<pid>/task/*}: the JIT
	 * compiler's and the garbage collector's threads apart from the rest (requests, mostly). On a
	 * busy machine a run's total moves with how much the JIT still compiles; the rest does less.
	 */
	private record Cpu(long jit, long gc, long rest) {

		static Cpu of(long pid) throws IOException {
			long jit = 0;
			long gc = 0;
			long rest = 0;
			Path tasks = Path.of("/proc/" + pid + "/task");
			if (!Files.isDirectory(tasks)) {
				return new Cpu(0, 0, 0);
			}
			try (Stream<Path> threads = Files.list(tasks)) {
				for (Path thread : threads.toList()) {
					String line;
					try {
						line = Files.readString(thread.resolve("stat"));
					}
					catch (IOException ex) {
						continue; // the thread ended meanwhile
					}
					String name = line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
					String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
					long millis = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
					if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
						jit += millis;
					}
					else if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
						gc += millis;
					}
					else {
						rest += millis;
					}
				}
			}
			return new Cpu(jit, gc, rest);
		}

		Cpu minus(Cpu before) {
			return new Cpu(this.jit - before.jit, this.gc - before.gc, this.rest - before.rest);
		}

	}

	private static String jcmd(long pid, String command) throws Exception {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + output);
		}
		return output;
	}

	// --- the report

	private record Results(int services, int applications, int clients, int requests, int laterPage, int pageChars,
			long cold, List<Long> first, List<Long> later, long cpu, Cpu threads, int lists, int calls, Heap idle, Heap loaded,
			Heap end, List<Long> delays, String loadBefore, String loadAfter) {
	}

	private static void report(Results r) throws IOException {
		int views = r.first().size() + r.later().size();
		System.out.println();
		System.out.printf(Locale.ROOT, "%d services × 2 environments, %d applications in the fake Argo CD; "
				+ "%d clients × %d requests per page after a warm-up of %d each%n%n", r.services(), r.applications(),
				r.clients(), r.requests(), Math.max(10, r.requests() / 4) * 2);
		System.out.println("| measure | p50 | p95 | max | target | met |");
		System.out.println("|---|---|---|---|---|---|");
		row("`/services` (page 1, " + r.pageChars() / 1024 + " KB)", r.first(), 100);
		row("`/services?page=" + r.laterPage() + "`", r.later(), 100);
		row("Argo CD change → Slipway's API (n=" + r.delays().size() + ")", r.delays(), 1000);
		System.out.println();
		System.out.printf(Locale.ROOT, "| measure | value | target | met |%n|---|---|---|---|%n");
		System.out.printf(Locale.ROOT, "| first `/services` after start (one request, nothing warm) | %.0f ms | — | — |%n",
				millis(r.cold()));
		System.out.printf(Locale.ROOT, "| Slipway's CPU time per page view (user + system, all threads) | %.1f ms | — | — |%n",
				(double) r.cpu() / views);
		System.out.printf(Locale.ROOT,
				"| of which: JIT compiler threads / GC and VM threads / the rest (requests) | %.1f / %.1f / %.1f ms | — | — |%n",
				(double) r.threads().jit() / views, (double) r.threads().gc() / views,
				(double) r.threads().rest() / views);
		System.out.printf(Locale.ROOT, "| Argo CD list calls during %d page views | %d (%.3f per view) | 0 | %s |%n", views,
				r.lists(), (double) r.lists() / views, (r.lists() == 0) ? "yes" : "**no**");
		System.out.printf(Locale.ROOT, "| any Argo CD GET during the page views | %d | — | — |%n", r.calls());
		System.out.printf(Locale.ROOT, "| heap after GC: started, cache full | %s | ≤ 256 MB | %s |%n", megabytes(r.idle().used()),
				met(r.idle().used() <= 256L << 20));
		System.out.printf(Locale.ROOT, "| heap after GC: after the page load | %s (committed %s) | ≤ 256 MB | %s |%n",
				megabytes(r.loaded().used()), megabytes(r.loaded().committed()), met(r.loaded().used() <= 256L << 20));
		System.out.printf(Locale.ROOT, "| heap after GC: at the end | %s | ≤ 256 MB | %s |%n", megabytes(r.end().used()),
				met(r.end().used() <= 256L << 20));
		System.out.printf(Locale.ROOT, "| Slipway's RSS after the page load / at the end | %s / %s | — | — |%n",
				megabytes(r.loaded().rss()), megabytes(r.end().rss()));
		System.out.println();
		System.out.printf(Locale.ROOT, "machine: %d cores, %s memory, %s %s; load average %s before / %s after%n",
				Runtime.getRuntime().availableProcessors(), memory(), System.getProperty("java.vm.name"),
				System.getProperty("java.version"), r.loadBefore(), r.loadAfter());
	}

	private static void row(String what, List<Long> sorted, int targetMillis) {
		double p95 = percentile(sorted, 95);
		System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1f ms | p95 ≤ %d ms | %s |%n", what,
				percentile(sorted, 50), p95, millis(sorted.get(sorted.size() - 1)), targetMillis,
				met(p95 <= targetMillis));
	}

	private static String met(boolean met) {
		return met ? "yes" : "**no**";
	}

	private static String megabytes(long bytes) {
		return String.format(Locale.ROOT, "%.0f MB", bytes / 1024.0 / 1024.0);
	}

	/** Nearest-rank percentile of sorted nanosecond timings, in milliseconds. */

	private static long elapsedMillis(long since) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
