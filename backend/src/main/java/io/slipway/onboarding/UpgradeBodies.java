package io.slipway.onboarding;

import java.util.List;
import java.util.Map;

import io.slipway.onboarding.UpgradeResult.UpgradedService;
import io.slipway.templates.Check;
import io.slipway.templates.TemplatePack;

/**
 * The description of a template-pack upgrade's change request: every service with the files the
 * re-render added, changed and deleted, the image tags kept, and its checks, so a reviewer can see
 * what to look at without opening Slipway. It says plainly that generated files are overwritten:
 * a hand edit of one shows up in the diff as a change the upgrade undoes. Markdown for a forge's
 * pull request, plain text for Slipway's own change requests.
 */
final class UpgradeBodies {

	private UpgradeBodies() {
	}

	static String markdown(TemplatePack pack, String actor, List<UpgradedService> services) {
		StringBuilder body = new StringBuilder();
		body.append("Re-renders ")
			.append(count(services))
			.append(" with template pack `")
			.append(pack.name())
			.append('@')
			.append(pack.version())
			.append("` from the values stored in each service's render record, requested by ")
			.append(actor)
			.append(" through Slipway.\n\n");
		body.append("> **Review the diff.** The upgrade overwrites every file the pack generates: a hand edit of one"
				+ " of these files is undone by this change. Files the new version no longer generates are deleted.\n");
		for (UpgradedService service : services) {
			body.append("\n### `")
				.append(service.name())
				.append("` (")
				.append(service.fromVersion())
				.append(" → ")
				.append(pack.version())
				.append(")\n\n");
			markdownFiles(body, "Added", service.added());
			markdownFiles(body, "Changed", service.modified());
			markdownFiles(body, "Deleted", service.deleted());
			if (!service.keptImageTags().isEmpty()) {
				body.append("Image tags kept as the overlays declare them: ").append(tags(service.keptImageTags(), "`"))
					.append("\n\n");
			}
			body.append("| rule | status | message |\n|---|---|---|\n");
			service.checks().forEach((check) -> body.append("| ")
				.append(cell(check.rule()))
				.append(" | ")
				.append(check.status())
				.append(" | ")
				.append(cell(check.message()))
				.append(" |\n"));
		}
		return body.toString();
	}

	static String plain(TemplatePack pack, String actor, List<UpgradedService> services) {
		StringBuilder body = new StringBuilder();
		body.append("Re-renders ")
			.append(count(services))
			.append(" with template pack ")
			.append(pack.name())
			.append('@')
			.append(pack.version())
			.append(" from the values stored in each service's render record, requested by ")
			.append(actor)
			.append(".\n\nReview the diff: the upgrade overwrites every file the pack generates, so a hand edit of one"
					+ " of these files is undone by this change. Files the new version no longer generates are"
					+ " deleted.\n");
		for (UpgradedService service : services) {
			body.append('\n')
				.append(service.name())
				.append(" (")
				.append(service.fromVersion())
				.append(" -> ")
				.append(pack.version())
				.append(")\n");
			plainFiles(body, "Added", service.added());
			plainFiles(body, "Changed", service.modified());
			plainFiles(body, "Deleted", service.deleted());
			if (!service.keptImageTags().isEmpty()) {
				body.append("  Image tags kept as the overlays declare them: ")
					.append(tags(service.keptImageTags(), ""))
					.append('\n');
			}
			body.append("  Checks:\n");
			for (Check check : service.checks()) {
				body.append("    ")
					.append(check.status())
					.append("  ")
					.append(check.rule())
					.append(": ")
					.append(check.message().replace('\n', ' '))
					.append('\n');
			}
		}
		return body.toString();
	}

	private static String count(List<UpgradedService> services) {
		return services.size() + ((services.size() == 1) ? " service" : " services");
	}

	private static void markdownFiles(StringBuilder body, String heading, List<String> paths) {
		if (!paths.isEmpty()) {
			body.append(heading).append(":\n\n");
			paths.forEach((path) -> body.append("- `").append(path).append("`\n"));
			body.append('\n');
		}
	}

	private static void plainFiles(StringBuilder body, String heading, List<String> paths) {
		if (!paths.isEmpty()) {
			body.append("  ").append(heading).append(":\n");
			paths.forEach((path) -> body.append("    ").append(path).append('\n'));
		}
	}

	private static String tags(Map<String, String> tags, String quote) {
		return String.join(", ",
				tags.entrySet().stream().map((entry) -> entry.getKey() + " " + quote + entry.getValue() + quote).toList());
	}

	// a table cell ends at a pipe or a line break
	private static String cell(String text) {
		return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
	}

}
