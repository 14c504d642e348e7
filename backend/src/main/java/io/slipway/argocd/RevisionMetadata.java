package io.slipway.argocd;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET .../revisions/{revision}/metadata}: the commit an application was synced to, as the
 * repo-server reads it.
 *
 * @param author {@code Name <email>}
 * @param date the author date
 * @param tags tags pointing at the commit
 * @param message the full commit message
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RevisionMetadata(@Nullable String author, @Nullable Instant date, List<String> tags,
		@Nullable String message) {

	public RevisionMetadata {
		tags = (tags != null) ? List.copyOf(tags) : List.of();
	}

}
