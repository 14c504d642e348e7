package io.slipway.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hash format is stored in every existing chain: if these vectors change, every audit log
 * already written stops verifying.
 */
class ChainHashTests {

	@Test
	void hashOfAKnownEntryNeverChanges() {
		// Computed outside Java: printf '%s\n%s' "$prev" "$content" | sha256sum
		String details = CanonicalJson.write(Map.of("tokenId", 7, "files", List.of("a.yaml")));
		String content = ChainHash.content(1, Instant.parse("2026-11-22T09:00:00.120Z"), "alice", "token.created", "ci",
				details);

		assertThat(content).isEqualTo("{\"action\":\"token.created\",\"actor\":\"alice\",\"details\":"
				+ "{\"files\":[\"a.yaml\"],\"tokenId\":7},\"occurredAt\":\"2026-11-22T09:00:00.120Z\",\"seq\":1,"
				+ "\"subject\":\"ci\"}");
		assertThat(ChainHash.hash(ChainHash.GENESIS, content))
			.isEqualTo("546f96190e84b5817f91784d9531f2a6c364c39ec98b4031a3e3d9cb588c3674");
	}

	@Test
	void detailsHashTheSameWhateverOrderTheirKeysCameIn() {
		Map<String, Object> oneOrder = new LinkedHashMap<>();
		oneOrder.put("b", Map.of("y", 1, "x", 2));
		oneOrder.put("a", "first");
		Map<String, Object> otherOrder = new LinkedHashMap<>();
		otherOrder.put("a", "first");
		otherOrder.put("b", new LinkedHashMap<>(Map.of("x", 2, "y", 1)));

		assertThat(CanonicalJson.write(oneOrder)).isEqualTo(CanonicalJson.write(otherOrder))
			.isEqualTo("{\"a\":\"first\",\"b\":{\"x\":2,\"y\":1}}");
	}

	@Test
	void timestampsAlwaysCarryThreeFractionDigits() {
		assertThat(ChainHash.timestamp(Instant.parse("2026-11-22T09:00:00Z"))).isEqualTo("2026-11-22T09:00:00.000Z");
		assertThat(ChainHash.timestamp(Instant.parse("2026-11-22T09:00:00.5Z"))).isEqualTo("2026-11-22T09:00:00.500Z");
	}

	@Test
	void valuesJsonCannotHoldAreStillRecordedAsText() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("when", Instant.parse("2026-11-22T09:00:00Z"));
		details.put("ratio", Double.NaN);
		details.put("control", "bell\u0007");

		assertThat(CanonicalJson.write(details))
			.isEqualTo("{\"control\":\"bell\\u0007\",\"ratio\":\"NaN\",\"when\":\"2026-11-22T09:00:00Z\"}");
	}

}
