package io.slipway.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The audit log over HTTP: JSON under {@code /api/v1/audit} and the {@code /audit} page. Every
 * signed-in user may read it; nothing here writes.
 */
@Controller
class AuditController {

	static final String VIEW_LIST = "audit/list";

	static final String VIEW_RESULTS = "audit/fragments :: results";

	static final int PAGE_SIZE = 50;

	private static final int SUMMARY_LENGTH = 120;

	private static final int HASH_PREFIX_LENGTH = 12;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private final AuditLog auditLog;

	AuditController(AuditLog auditLog) {
		this.auditLog = auditLog;
	}

	@GetMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	Mono<List<AuditEntry>> entries(@RequestParam(required = false) @Nullable String actor,
			@RequestParam(required = false) @Nullable String action,
			@RequestParam(required = false) @Nullable Instant since,
			@RequestParam(required = false) @Nullable Instant until,
			@RequestParam(defaultValue = "" + AuditQuery.DEFAULT_LIMIT) int limit,
			@RequestParam(defaultValue = "0") int page) {
		return this.auditLog.find(new AuditQuery(actor, action, since, until, limit, 0).page(page));
	}

	@GetMapping(path = "/api/v1/audit/verify", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	Mono<VerifyResponse> verify() {
		return this.auditLog.verify()
			.map(result -> new VerifyResponse(result.valid(), result.entries(), result.firstBrokenSeq()));
	}

	/**
	 * The whole log as JSON lines, oldest first, bytes exactly as hashed. Written as raw bytes:
	 * a JSON encoder would quote each line as a string.
	 */
	@GetMapping(path = "/api/v1/audit/export", produces = MediaType.APPLICATION_NDJSON_VALUE)
	ResponseEntity<Flux<byte[]>> export() {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_NDJSON)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("slipway-audit.jsonl").build().toString())
			.body(this.auditLog.export().map(line -> (line + "\n").getBytes(StandardCharsets.UTF_8)));
	}

	@GetMapping("/audit")
	Mono<String> showLog(@RequestParam(required = false) @Nullable String actor,
			@RequestParam(required = false) @Nullable String action, @RequestParam(defaultValue = "0") int page,
			Model model) {
		return Mono.zip(results(actor, action, page), this.auditLog.verify()).map(loaded -> {
			model.addAttribute("results", loaded.getT1());
			model.addAttribute("chain", loaded.getT2());
			return VIEW_LIST;
		});
	}

	/**
	 * htmx swaps only the table when the filter or a pager link is used. A history restore asks
	 * for the whole page, so it is left to {@link #showLog}.
	 */
	@GetMapping(path = "/audit", headers = { "HX-Request=true", "!HX-History-Restore-Request" })
	Mono<String> showResults(@RequestParam(required = false) @Nullable String actor,
			@RequestParam(required = false) @Nullable String action, @RequestParam(defaultValue = "0") int page,
			Model model) {
		return results(actor, action, page).map(results -> {
			model.addAttribute("results", results);
			return VIEW_RESULTS;
		});
	}

	private Mono<AuditResults> results(@Nullable String actor, @Nullable String action, int page) {
		int current = Math.max(0, page);
		// One extra entry tells whether an older page exists without counting the whole log.
		AuditQuery filter = new AuditQuery(actor, action, null, null, PAGE_SIZE + 1, (long) current * PAGE_SIZE);
		return this.auditLog.find(filter).map(entries -> {
			List<AuditRow> rows = entries.stream().limit(PAGE_SIZE).map(AuditController::row).toList();
			String newer = (current > 0) ? pageUrl(filter, current - 1) : null;
			String older = (entries.size() > PAGE_SIZE) ? pageUrl(filter, current + 1) : null;
			return new AuditResults(Optional.ofNullable(filter.actor()).orElse(""),
					Optional.ofNullable(filter.action()).orElse(""), rows, newer, older,
					filter.actor() != null || filter.action() != null);
		});
	}

	private static String pageUrl(AuditQuery filter, int page) {
		return UriComponentsBuilder.fromPath("/audit")
			.queryParamIfPresent("actor", Optional.ofNullable(filter.actor()))
			.queryParamIfPresent("action", Optional.ofNullable(filter.action()))
			.queryParamIfPresent("page", Optional.of(page).filter(p -> p > 0))
			.encode()
			.build()
			.toUriString();
	}

	private static AuditRow row(AuditEntry entry) {
		return new AuditRow(entry.seq(), TIME.format(entry.occurredAt()), ChainHash.timestamp(entry.occurredAt()),
				entry.actor(), entry.action(), entry.subject(), summary(entry.details()),
				CanonicalJson.write(entry.details()), entry.hash(), entry.hash().substring(0, HASH_PREFIX_LENGTH));
	}

	/** {@code key=value, key=value}, short enough for one table cell; the full JSON is the title. */
	private static String summary(Map<String, Object> details) {
		String text = details.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map(detail -> detail.getKey() + "="
					+ ((detail.getValue() instanceof String value) ? value : CanonicalJson.write(detail.getValue())))
			.collect(Collectors.joining(", "));
		return (text.length() <= SUMMARY_LENGTH) ? text : text.substring(0, SUMMARY_LENGTH - 1) + "…";
	}

	/** What {@code GET /api/v1/audit/verify} answers; {@code brokenAt} only when invalid. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record VerifyResponse(boolean valid, long entries, @Nullable Long brokenAt) {
	}

	/** One page of the table, with the filter it was read with and links to its neighbours. */
	record AuditResults(String actor, String action, List<AuditRow> rows, @Nullable String newerUrl,
			@Nullable String olderUrl, boolean filtered) {
	}

	record AuditRow(long seq, String time, String isoTime, String actor, String action, String subject, String summary,
			String detailsJson, String hash, String hashPrefix) {
	}

}
