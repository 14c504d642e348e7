package io.slipway.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import javax.sql.DataSource;

import io.slipway.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the audit chain must do on every database Slipway supports, run against the real
 * migrations. Subclasses choose the database; the assertions are the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AuditLogPersistenceContract {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final Instant START = Instant.parse("2026-11-22T09:00:00.123456789Z");

	private TestDatabase database;

	private SteppingClock clock;

	private AuditChain chain;

	private AuditLog auditLog;

	abstract TestDatabase openDatabase(Path scratch);

	@BeforeAll
	void openAndMigrateDatabase(@TempDir Path scratch) {
		this.database = openDatabase(scratch);
	}

	@AfterAll
	void closeDatabase() {
		if (this.database != null) {
			this.database.close();
		}
	}

	@BeforeEach
	void startWithAnEmptyLog() {
		jdbc().sql("DELETE FROM audit_entry").update();
		jdbc().sql("UPDATE audit_chain_head SET last_seq = 0, last_hash = ? WHERE id = 1")
			.param(ChainHash.GENESIS)
			.update();
		this.clock = new SteppingClock(START, Duration.ofMillis(1500).plusNanos(250_000));
		this.chain = chainOver(this.database.dataSource());
		this.auditLog = new AuditLog(this.chain);
	}

	@Test
	void appendedEntriesLinkIntoAVerifiedChain() {
		publish(5);

		assertThat(verify()).isEqualTo(new AuditVerification(true, 5, null));
		List<AuditEntry> newestFirst = find(AuditQuery.newest(10));
		assertThat(newestFirst).extracting(AuditEntry::seq).containsExactly(5L, 4L, 3L, 2L, 1L);
		assertThat(newestFirst.get(4).prevHash()).isEqualTo("0".repeat(64));
		for (int i = 0; i < 4; i++) {
			assertThat(newestFirst.get(i).prevHash()).isEqualTo(newestFirst.get(i + 1).hash());
		}
		assertThat(newestFirst).extracting(AuditEntry::hash).doesNotHaveDuplicates().allMatch(h -> h.matches("[0-9a-f]{64}"));
	}

	@Test
	void anEmptyLogVerifies() {
		assertThat(verify()).isEqualTo(new AuditVerification(true, 0, null));
		assertThat(find(AuditQuery.newest(10))).isEmpty();
	}

	@Test
	void occurredAtIsStoredToTheMillisecondAndReadBackUnchanged() {
		AuditEntry appended = this.chain.append(event("alice", "token.created", "ci", Map.of()));

		Instant expected = START.truncatedTo(ChronoUnit.MILLIS);
		assertThat(appended.occurredAt()).isEqualTo(expected);
		assertThat(find(AuditQuery.newest(1))).singleElement().satisfies(entry -> {
			assertThat(entry.occurredAt()).isEqualTo(expected);
			assertThat(entry.hash()).isEqualTo(appended.hash());
		});
		assertThat(verify().valid()).isTrue();
	}

	@Test
	void detailsAreStoredAsCanonicalJsonAndReadBackEqual() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("zeta", List.of("b", "a"));
		details.put("alpha", Map.of("y", 2, "x", true));
		details.put("text", "quote \" backslash \\ newline \n tab \t ünïcødé 🚀");
		details.put("ratio", 1.5);
		details.put("missing", null);

		publish(event("alice", "git.committed", "main", details));

		assertThat(jdbc().sql("SELECT details FROM audit_entry WHERE seq = 1").query(String.class).single())
			.isEqualTo("{\"alpha\":{\"x\":true,\"y\":2},\"missing\":null,\"ratio\":1.5,"
					+ "\"text\":\"quote \\\" backslash \\\\ newline \\n tab \\t ünïcødé 🚀\",\"zeta\":[\"b\",\"a\"]}");
		assertThat(find(AuditQuery.newest(1))).singleElement()
			.extracting(AuditEntry::details)
			.isEqualTo(details);
		assertThat(verify().valid()).isTrue();
	}

	@Test
	void anEditedActorBreaksTheChainAtThatEntry() {
		publish(5);

		jdbc().sql("UPDATE audit_entry SET actor = 'mallory' WHERE seq = 3").update();

		assertThat(verify()).isEqualTo(new AuditVerification(false, 5, 3L));
	}

	@Test
	void editedDetailsBreakTheChainAtThatEntry() {
		publish(5);

		jdbc().sql("UPDATE audit_entry SET details = '{\"n\":999}' WHERE seq = 2").update();

		assertThat(verify()).isEqualTo(new AuditVerification(false, 5, 2L));
	}

	@Test
	void aDeletedEntryBreaksTheChainWhereItWas() {
		publish(5);

		jdbc().sql("DELETE FROM audit_entry WHERE seq = 3").update();

		assertThat(verify()).isEqualTo(new AuditVerification(false, 4, 3L));
	}

	@Test
	void entriesCutFromTheEndBreakTheChain() {
		publish(5);

		jdbc().sql("DELETE FROM audit_entry WHERE seq >= 4").update();

		assertThat(verify()).isEqualTo(new AuditVerification(false, 3, 4L));
	}

	@Test
	void reorderedEntriesBreakTheChain() {
		publish(5);

		jdbc().sql("UPDATE audit_entry SET seq = -1 WHERE seq = 2").update();
		jdbc().sql("UPDATE audit_entry SET seq = 2 WHERE seq = 3").update();
		jdbc().sql("UPDATE audit_entry SET seq = 3 WHERE seq = -1").update();

		assertThat(verify()).isEqualTo(new AuditVerification(false, 5, 2L));
	}

	@Test
	void anEntryRewrittenWithItsHashRecomputedStillBreaksTheNextLink() {
		publish(5);
		AuditEntry third = find(AuditQuery.newest(5).page(0)).get(2);

		// An attacker who knows the hash format rewrites entry 3 consistently with itself.
		String forgedHash = ChainHash.hash(third.prevHash(), ChainHash.content(3, third.occurredAt(), "mallory",
				third.action(), third.subject(), CanonicalJson.write(third.details())));
		jdbc().sql("UPDATE audit_entry SET actor = 'mallory', hash = ? WHERE seq = 3").param(forgedHash).update();

		assertThat(verify()).isEqualTo(new AuditVerification(false, 5, 4L));
	}

	@Test
	void anEntryInsertedPastTheHeadIsNotPartOfTheChain() {
		publish(5);
		AuditEntry last = find(AuditQuery.newest(1)).get(0);

		// A well-formed sixth entry written straight into the table, bypassing the chain head.
		Instant at = last.occurredAt().plusSeconds(1);
		String content = ChainHash.content(6, at, "mallory", "user.created", "mallory", "{}");
		jdbc().sql("INSERT INTO audit_entry (seq, occurred_at, actor, action, subject, details, prev_hash, hash) "
				+ "VALUES (6, ?, 'mallory', 'user.created', 'mallory', '{}', ?, ?)")
			.params(at.atOffset(ZoneOffset.UTC), last.hash(), ChainHash.hash(last.hash(), content))
			.update();

		assertThat(verify()).isEqualTo(new AuditVerification(false, 5, 6L));
	}

	@Test
	void concurrentAppendsFromTwoReplicasFormOneChain() throws Exception {
		// Two logs over two connection pools: two Slipway replicas sharing one database.
		List<AuditLog> replicas = List.of(this.auditLog, new AuditLog(chainOver(this.database.openDataSource())));
		int threads = 8;
		int perThread = 25;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<CompletableFuture<Void>> appends = IntStream.range(0, threads)
				.mapToObj(t -> CompletableFuture.runAsync(() -> {
					for (int i = 0; i < perThread; i++) {
						replicas.get((t + i) % 2).on(event("user" + t, "token.created", "t" + t + "-" + i, Map.of("i", i)));
					}
				}, pool))
				.toList();
			CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
		}
		finally {
			pool.shutdownNow();
		}

		int total = threads * perThread;
		assertThat(verify()).isEqualTo(new AuditVerification(true, total, null));
		List<AuditEntry> all = find(AuditQuery.newest(AuditQuery.MAX_LIMIT));
		assertThat(all).extracting(AuditEntry::seq)
			.containsExactlyElementsOf(LongStream.rangeClosed(1, total).map(seq -> total + 1 - seq).boxed().toList());
		Set<String> expectedSubjects = IntStream.range(0, threads)
			.boxed()
			.flatMap(t -> IntStream.range(0, perThread).mapToObj(i -> "t" + t + "-" + i))
			.collect(Collectors.toSet());
		assertThat(all).extracting(AuditEntry::subject).containsExactlyInAnyOrderElementsOf(expectedSubjects);
	}

	@Test
	void findFiltersByActorActionAndTimeNewestFirst() {
		publish(event("alice", "token.created", "ci", Map.of())); // 1
		publish(event("bob", "token.revoked", "ci", Map.of())); // 2
		publish(event("alice", "git.committed", "main", Map.of())); // 3
		publish(event("bob", "tokens.purged", "all", Map.of())); // 4
		publish(event("carol", "user.created", "dave", Map.of())); // 5

		assertThat(seqs(AuditQuery.newest(50).withActor("alice"))).containsExactly(3L, 1L);
		assertThat(seqs(AuditQuery.newest(50).withAction("token"))).containsExactly(2L, 1L);
		assertThat(seqs(AuditQuery.newest(50).withAction("token.created"))).containsExactly(1L);
		assertThat(seqs(AuditQuery.newest(50).withAction("tok"))).isEmpty();
		assertThat(seqs(AuditQuery.newest(50).withActor("bob").withAction("tokens"))).containsExactly(4L);
		assertThat(seqs(AuditQuery.newest(50).withActor(" ").withAction(""))).containsExactly(5L, 4L, 3L, 2L, 1L);

		List<AuditEntry> all = find(AuditQuery.newest(50));
		Instant second = all.get(3).occurredAt();
		Instant fourth = all.get(1).occurredAt();
		assertThat(seqs(AuditQuery.newest(50).between(second, fourth))).containsExactly(3L, 2L);
		assertThat(seqs(AuditQuery.newest(50).between(fourth, null))).containsExactly(5L, 4L);

		assertThat(seqs(AuditQuery.newest(2))).containsExactly(5L, 4L);
		assertThat(seqs(AuditQuery.newest(2).page(1))).containsExactly(3L, 2L);
		assertThat(seqs(AuditQuery.newest(2).page(2))).containsExactly(1L);
	}

	@Test
	void theExportCanBeVerifiedWithoutSlipway() throws Exception {
		// More than one batch, so paging through the chain is exercised too.
		int total = AuditChain.BATCH_SIZE + 20;
		for (int i = 0; i < total; i++) {
			this.chain.append(event("alice", "git.committed", "main", Map.of("commit", "c" + i, "files", List.of(i))));
		}

		List<String> lines = this.auditLog.export().collectList().block(TIMEOUT);

		assertThat(lines).hasSize(total);
		assertThat(verify()).isEqualTo(new AuditVerification(true, total, null));
		JsonMapper json = JsonMapper.builder().build();
		String previous = "0".repeat(64);
		long seq = 0;
		for (String line : lines) {
			ObjectNode entry = (ObjectNode) json.readTree(line);
			assertThat(entry.get("seq").asLong()).isEqualTo(++seq);
			assertThat(entry.get("prevHash").asString()).isEqualTo(previous);
			String hash = entry.get("hash").asString();
			// The hashed content is the line without its two hash fields, byte for byte.
			String content = line.replace(",\"hash\":\"" + hash + "\"", "")
				.replace(",\"prevHash\":\"" + previous + "\"", "");
			assertThat(sha256(previous + "\n" + content)).isEqualTo(hash);
			JsonNode details = entry.get("details");
			assertThat(details.get("commit").asString()).isEqualTo("c" + (seq - 1));
			previous = hash;
		}
	}

	private AuditChain chainOver(DataSource dataSource) {
		return new AuditChain(dataSource, new DataSourceTransactionManager(dataSource), this.clock);
	}

	private JdbcClient jdbc() {
		return this.database.jdbc();
	}

	private void publish(int count) {
		for (int i = 1; i <= count; i++) {
			publish(event("user" + i, "token.created", "token-" + i, Map.of("n", i)));
		}
	}

	private void publish(AuditableEvent event) {
		this.auditLog.on(event);
	}

	private AuditVerification verify() {
		return this.auditLog.verify().block(TIMEOUT);
	}

	private List<AuditEntry> find(AuditQuery query) {
		return this.auditLog.find(query).block(TIMEOUT);
	}

	private List<Long> seqs(AuditQuery query) {
		return find(query).stream().map(AuditEntry::seq).toList();
	}

	private static AuditableEvent event(String actor, String action, String subject, Map<String, Object> details) {
		return new SomethingHappened(actor, action, subject, details);
	}

	private static String sha256(String text) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
	}

	record SomethingHappened(String actor, String action, String subject,
			Map<String, Object> details) implements AuditableEvent {
	}

	/** Time that moves on by a fixed step at every reading, sub-millisecond part included. */
	static final class SteppingClock extends Clock {

		private final AtomicReference<Instant> now;

		private final Duration step;

		SteppingClock(Instant start, Duration step) {
			this.now = new AtomicReference<>(start);
			this.step = step;
		}

		@Override
		public Instant instant() {
			return this.now.getAndUpdate(instant -> instant.plus(this.step));
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException("the audit chain reads instants only");
		}

	}

}
