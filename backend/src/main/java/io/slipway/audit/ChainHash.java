package io.slipway.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * How an entry's hash is computed. This is a stored format: changing any byte of it makes every
 * existing chain fail verification, so it changes only with a migration that re-hashes.
 */
final class ChainHash {

	/** The previous hash of the first entry. */
	static final String GENESIS = "0".repeat(64);

	// Fixed width (always three fraction digits) so the same instant always yields the same text.
	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter
		.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private ChainHash() {
	}

	static String timestamp(Instant instant) {
		return TIMESTAMP.format(instant);
	}

	/**
	 * The canonical content of one entry; {@code detailsJson} is embedded verbatim as stored,
	 * so verification never depends on re-serializing parsed values.
	 */
	static String content(long seq, Instant occurredAt, String actor, String action, String subject,
			String detailsJson) {
		return "{\"action\":" + CanonicalJson.quote(action) + ",\"actor\":" + CanonicalJson.quote(actor)
				+ ",\"details\":" + detailsJson + ",\"occurredAt\":" + CanonicalJson.quote(timestamp(occurredAt))
				+ ",\"seq\":" + seq + ",\"subject\":" + CanonicalJson.quote(subject) + "}";
	}

	/** The export form: the content plus both hashes, still canonical (keys sorted). */
	static String exportLine(long seq, Instant occurredAt, String actor, String action, String subject,
			String detailsJson, String prevHash, String hash) {
		return "{\"action\":" + CanonicalJson.quote(action) + ",\"actor\":" + CanonicalJson.quote(actor)
				+ ",\"details\":" + detailsJson + ",\"hash\":" + CanonicalJson.quote(hash) + ",\"occurredAt\":"
				+ CanonicalJson.quote(timestamp(occurredAt)) + ",\"prevHash\":" + CanonicalJson.quote(prevHash)
				+ ",\"seq\":" + seq + ",\"subject\":" + CanonicalJson.quote(subject) + "}";
	}

	static String hash(String prevHash, String content) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(prevHash.getBytes(StandardCharsets.UTF_8));
			sha256.update((byte) '\n');
			return HexFormat.of().formatHex(sha256.digest(content.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			// Every Java platform is required to provide SHA-256.
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
