package io.slipway.testsupport;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Where a benchmark's CPU went between {@link #start()} and {@link #stop()}: per group of Java
 * threads (names with their numbers taken out), and what no Java thread accounts for (the garbage
 * collector and the JIT compilers). Threads are looked at every 50 ms (10 ms when profiling), so one that ends between two
 * looks loses at most its last 50 ms.
 */
public final class CpuAccount {

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final Map<Long, Long> atStart = new ConcurrentHashMap<>();

	private final Map<Long, Long> latest = new ConcurrentHashMap<>();

	private final Map<Long, String> names = new ConcurrentHashMap<>();

	private volatile boolean running;

	private long processStart;

	private long compileStart;

	private long compile;

	private long gcStart;

	private long gc;

	private long classesStart;

	private long classes;

	private long processCpu;

	private long wallStart;

	private long wall;

	private ScheduledExecutorService looker;

	// -Dbench.profile=true: where runnable threads stand, sampled with each look
	private final boolean profile = Boolean.getBoolean("bench.profile");

	private final Map<String, Integer> inclusive = new ConcurrentHashMap<>();

	private int samples;

	/** Starts counting. */
	public void start() {
		this.threads.setThreadCpuTimeEnabled(true);
		for (long id : this.threads.getAllThreadIds()) {
			long cpu = this.threads.getThreadCpuTime(id);
			if (cpu >= 0) {
				this.atStart.put(id, cpu);
			}
		}
		this.processStart = processCpu();
		this.compileStart = compileMillis();
		this.gcStart = gcMillis();
		this.classesStart = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
		this.wallStart = System.nanoTime();
		this.running = true;
		this.looker = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "cpu-account");
			thread.setDaemon(true);
			return thread;
		});
		long every = this.profile ? 10 : 50;
		this.looker.scheduleAtFixedRate(this::look, 0, every, TimeUnit.MILLISECONDS);
	}

	/** Stops counting. */
	public void stop() throws InterruptedException {
		this.running = false;
		this.looker.shutdown();
		this.looker.awaitTermination(10, TimeUnit.SECONDS);
		look();
		this.processCpu = processCpu() - this.processStart;
		this.compile = compileMillis() - this.compileStart;
		this.gc = gcMillis() - this.gcStart;
		this.classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount() - this.classesStart;
		this.wall = System.nanoTime() - this.wallStart;
	}

	private void look() {
		long[] ids = this.threads.getAllThreadIds();
		for (ThreadInfo info : this.threads.getThreadInfo(ids)) {
			if (info == null || info.getThreadName().equals("cpu-account")) {
				continue;
			}
			if (this.profile && this.running) {
				sample(info.getThreadId());
			}
			long cpu = this.threads.getThreadCpuTime(info.getThreadId());
			if (cpu >= 0) {
				this.names.putIfAbsent(info.getThreadId(), info.getThreadName());
				this.latest.put(info.getThreadId(), cpu);
			}
		}
	}

	/**
	 * @return one line per thread group with at least 1 % of the process's CPU, most first, then
	 * the CPU outside Java threads and the total against the wall time
	 */
	public String report() {
		Map<String, Long> byGroup = new HashMap<>();
		this.latest.forEach((id, cpu) -> byGroup.merge(group(this.names.get(id)), cpu - this.atStart.getOrDefault(id, 0L),
				Long::sum));
		long javaThreads = byGroup.values().stream().mapToLong(Long::longValue).sum();
		double total = this.processCpu;
		Map<String, Long> sorted = byGroup.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() >= total / 100)
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
		StringBuilder out = new StringBuilder();
		sorted.forEach((group, cpu) -> out.append(String.format(Locale.ROOT, "  %-28s %7.0f ms %5.1f %%%n", group,
				cpu / 1e6, 100 * cpu / total)));
		out.append(String.format(Locale.ROOT, "  %-28s %7.0f ms %5.1f %%%n", "(GC, JIT, other VM threads)",
				(this.processCpu - javaThreads) / 1e6, 100 * (this.processCpu - javaThreads) / total));
		out.append(String.format(Locale.ROOT,
				"    of which JIT compiling %d ms (wall, all compiler threads), garbage collection %d ms (wall);"
						+ " %d classes loaded%n",
				this.compile, this.gc, this.classes));
		out.append(String.format(Locale.ROOT, "  process CPU %.0f ms in %.0f ms wall = %.2f cores busy", total / 1e6,
				this.wall / 1e6, total / this.wall));
		return out.toString();
	}

	private void sample(long id) {
		ThreadInfo info = this.threads.getThreadInfo(id, 200);
		if (info == null || info.getThreadState() != Thread.State.RUNNABLE || info.getStackTrace().length == 0) {
			return;
		}
		StackTraceElement top = info.getStackTrace()[0];
		if (top.isNativeMethod() || top.getClassName().startsWith("sun.nio.ch")) {
			return;
		}
		this.samples++;
		java.util.Set<String> seen = new java.util.HashSet<>();
		String thread = group(info.getThreadName());
		for (StackTraceElement frame : info.getStackTrace()) {
			String name = frame.getClassName() + "." + frame.getMethodName();
			if (name.contains("$$Lambda") || !seen.add(name)) {
				continue;
			}
			if (name.startsWith("io.slipway") || name.startsWith("org.eclipse.jgit") || name.startsWith("org.h2")
					|| name.startsWith("org.yaml") || name.startsWith("tools.jackson")) {
				this.inclusive.merge(thread + " " + name, 1, Integer::sum);
			}
		}
	}

	/** @return the most sampled methods, inclusive, with -Dbench.profile=true */
	public String profile(int top) {
		StringBuilder out = new StringBuilder();
		this.inclusive.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(top)
			.forEach((entry) -> out.append(String.format(Locale.ROOT, "  %5.1f %% %s%n",
					100.0 * entry.getValue() / Math.max(1, this.samples), entry.getKey())));
		return out.toString();
	}

	private static String group(String name) {
		return (name == null) ? "?" : name.replaceAll("\\d+", "N");
	}

	private static long compileMillis() {
		return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
	}

	private static long gcMillis() {
		return ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.mapToLong((collector) -> Math.max(0, collector.getCollectionTime()))
			.sum();
	}

	private static long processCpu() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

}
