package io.slipway.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What every benchmark reports the same way: percentiles of measured durations, and the machine
 * they were measured on, because a number without its machine and load cannot be compared.
 */
public final class Benchmarks {

	private Benchmarks() {
	}

	/**
	 * @param sorted durations in nanoseconds, ascending
	 * @param percent e.g. 95
	 * @return the nearest-rank percentile in milliseconds
	 */
	public static double percentile(List<Long> sorted, int percent) {
		int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
		return millis(sorted.get(Math.max(0, rank - 1)));
	}

	/**
	 * @param nanos a duration in nanoseconds
	 * @return the same in milliseconds
	 */
	public static double millis(long nanos) {
		return nanos / 1_000_000.0;
	}

	/**
	 * @return the 1-, 5- and 15-minute load averages, or {@code unknown}
	 * @throws IOException when {@code /proc/loadavg} cannot be read
	 */
	public static String loadAverage() throws IOException {
		Path loadavg = Path.of("/proc/loadavg");
		if (!Files.exists(loadavg)) {
			return "unknown";
		}
		return String.join(" ", Arrays.copyOf(Files.readString(loadavg).split(" "), 3));
	}

	/**
	 * @return the machine's memory, e.g. {@code 23.5 GiB}, or {@code unknown}
	 * @throws IOException when {@code /proc/meminfo} cannot be read
	 */
	public static String memory() throws IOException {
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

	/**
	 * Deletes a directory tree, if it exists.
	 * @param root the tree
	 * @throws IOException when a file cannot be deleted
	 */
	public static void delete(Path root) throws IOException {
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
