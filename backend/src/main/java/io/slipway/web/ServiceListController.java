package io.slipway.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The services Git declares. Lives here until the onboarding module owns the service pages; it
 * shows only what Git says, because live status needs the Argo CD connection.
 */
@Controller
class ServiceListController {

	static final String VIEW_SERVICE_LIST = "web/services";

	private final ServiceCatalog catalog;

	ServiceListController(ServiceCatalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/services")
	String showServiceList(Model model) {
		model.addAttribute("listing", this.catalog.services());
		model.addAttribute("branch", this.catalog.branch());
		return VIEW_SERVICE_LIST;
	}

}
