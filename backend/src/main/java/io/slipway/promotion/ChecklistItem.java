package io.slipway.promotion;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A human attestation a promotion needs (every configured item is required).
 *
 * @param position its number, from 1, as used in {@code /checklist/{item}}
 * @param label what is attested ("Rollback plan documented")
 * @param checked whether it is attested
 * @param checkedBy who recorded it last
 * @param checkedAt when
 * @param note their note (a link to the rollback plan)
 */
public record ChecklistItem(int position, String label, boolean checked, @Nullable String checkedBy,
		@Nullable Instant checkedAt, @Nullable String note) {
}
