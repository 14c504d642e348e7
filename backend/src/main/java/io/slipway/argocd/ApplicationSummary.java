package io.slipway.argocd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code status.summary}: images of the live pods (absent with zero pods) and external URLs.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApplicationSummary(List<String> images, List<String> externalURLs) {

	public ApplicationSummary {
		images = (images != null) ? List.copyOf(images) : List.of();
		externalURLs = (externalURLs != null) ? List.copyOf(externalURLs) : List.of();
	}

}
