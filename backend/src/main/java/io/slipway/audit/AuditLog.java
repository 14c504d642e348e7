package io.slipway.audit;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.event.EventListener;

/**
 * Slipway's audit log: an append-only, hash-chained record of every write action.
 *
 * <p>
 * Writing happens only through events: every {@link AuditableEvent} published in the
 * application context is appended synchronously, in the publisher's thread. Each entry's hash
 * covers the previous entry's hash and its own content (see {@link AuditEntry}), so
 * {@link #verify()} detects any entry that was edited, deleted or reordered in the database
 * afterwards. A chain rewritten wholesale from the first altered entry onwards would verify
 * again: keep a copy of the export (or just its last hash) elsewhere to catch that too.
 *
 * <p>
 * Reading is reactive: the database work runs on the bounded elastic scheduler, never on the
 * event loop.
 */
public class AuditLog {

	private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

	private final AuditChain chain;

	AuditLog(AuditChain chain) {
		this.chain = chain;
	}

	/**
	 * Records a write action. Package-private on purpose: modules publish events, they never
	 * call this.
	 */
	@EventListener
	void on(AuditableEvent event) {
		AuditEntry entry = this.chain.append(event);
		log.debug("Audited #{} {} by {} on {}", entry.seq(), entry.action(), entry.actor(), entry.subject());
	}

	/**
	 * Entries matching the query, newest first.
	 * @param query filters and paging
	 * @return the matching entries
	 */
	public Mono<List<AuditEntry>> find(AuditQuery query) {
		return Mono.fromCallable(() -> this.chain.find(query)).subscribeOn(Schedulers.boundedElastic());
	}

	/**
	 * Walks the whole chain, recomputing every hash and checking every link.
	 * @return whether the chain is intact, and if not where it first breaks
	 */
	public Mono<AuditVerification> verify() {
		return Mono.fromCallable(this.chain::verify).subscribeOn(Schedulers.boundedElastic());
	}

	/**
	 * The whole log, oldest first, as JSON lines (one entry per element, no line terminator):
	 * each is the entry's canonical content (the exact text its hash covers) plus
	 * {@code prevHash} and {@code hash}, so a copy can be verified without Slipway. Read in
	 * batches, so the log never has to fit in memory.
	 * @return the lines
	 */
	public Flux<String> export() {
		return fetchExportAfter(0)
			.expand(batch -> (batch.size() < AuditChain.BATCH_SIZE) ? Mono.empty()
					: fetchExportAfter(batch.get(batch.size() - 1).seq()))
			.flatMapIterable(batch -> batch)
			.map(AuditChain.ExportedLine::line);
	}

	private Mono<List<AuditChain.ExportedLine>> fetchExportAfter(long seq) {
		return Mono.fromCallable(() -> this.chain.exportAfter(seq)).subscribeOn(Schedulers.boundedElastic());
	}

}
