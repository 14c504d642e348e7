package io.slipway.promotion;

/**
 * One automatic check of a promotion, as evaluated just now, with its evidence.
 *
 * @param name the gate's id ({@code source-healthy}, {@code soak}, {@code alerts}, {@code backup},
 * {@code target-healthy})
 * @param status its state
 * @param evidence what was seen, in words ("staging Synced and Healthy at 1.4.0 (3f2a9c1)")
 * @param waivedBy who waived it (only {@code target-healthy} can be), {@code null} if not waived
 */
public record Gate(String name, GateStatus status, String evidence, @org.jspecify.annotations.Nullable String waivedBy) {

	/** Gate ids. */
	public static final String SOURCE_HEALTHY = "source-healthy";

	public static final String SOAK = "soak";

	public static final String ALERTS = "alerts";

	public static final String BACKUP = "backup";

	public static final String TARGET_HEALTHY = "target-healthy";

	/** Whether it lets the promotion merge. */
	public boolean holds() {
		return this.status == GateStatus.PASSED;
	}

}
