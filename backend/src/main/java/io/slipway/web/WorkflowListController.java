package io.slipway.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The list pages of the workflows whose modules do not exist yet. Each shows an honest empty
 * state, so navigation works end to end; the owning module replaces its page when it lands.
 */
@Controller
class WorkflowListController {

	static final String VIEW_ROLLBACKS = "web/rollbacks";

	static final String VIEW_MAINTENANCE = "web/maintenance";

	@GetMapping("/rollbacks")
	String showRollbacks() {
		return VIEW_ROLLBACKS;
	}

	@GetMapping("/maintenance")
	String showMaintenance() {
		return VIEW_MAINTENANCE;
	}

}
