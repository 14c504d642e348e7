package io.slipway.catalog;

import java.util.List;
import java.util.Optional;

import io.slipway.platform.DeclaredService;

/**
 * A service with, per configured environment, what Git declares and what Argo CD reports.
 *
 * @param service the service as Git declares it
 * @param environments one per configured environment, in promotion order
 */
record ServiceView(DeclaredService service, List<EnvironmentView> environments) {

	public String name() {
		return this.service.name();
	}

	/** The id of the service's row in the matrix, which live updates replace. */
	public String rowId() {
		return "service-" + this.service.name();
	}

	public boolean needsAttention() {
		return this.environments.stream().anyMatch(EnvironmentView::needsAttention);
	}

	public Optional<EnvironmentView> environment(String name) {
		return this.environments.stream().filter((view) -> view.name().equals(name)).findFirst();
	}

}
