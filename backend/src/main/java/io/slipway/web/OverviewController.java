package io.slipway.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The landing page: can Slipway reach Git, Argo CD and the cluster, and what Git declares.
 */
@Controller
class OverviewController {

	static final String VIEW_OVERVIEW = "web/overview";

	private final ConnectionStatuses connections;

	private final ServiceCatalog catalog;

	OverviewController(ConnectionStatuses connections, ServiceCatalog catalog) {
		this.connections = connections;
		this.catalog = catalog;
	}

	@GetMapping("/")
	String showOverview(Model model) {
		// Monos in the model are resolved together before rendering, so the three probes run concurrently.
		model.addAttribute("git", this.connections.git());
		model.addAttribute("argoCd", this.connections.argoCd());
		model.addAttribute("cluster", this.connections.cluster());
		model.addAttribute("listing", this.catalog.services());
		model.addAttribute("environments", this.catalog.environments());
		model.addAttribute("branch", this.catalog.branch());
		return VIEW_OVERVIEW;
	}

}
