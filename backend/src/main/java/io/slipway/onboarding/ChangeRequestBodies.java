package io.slipway.onboarding;

import java.util.List;

import io.slipway.templates.Check;
import io.slipway.templates.RenderedFile;

/**
 * The description of an onboarding change request: what is proposed, every file and every check,
 * so a reviewer sees the platform rules were verified without opening Slipway. Markdown for a
 * forge's pull request, plain text for Slipway's own change requests.
 */
final class ChangeRequestBodies {

	private ChangeRequestBodies() {
	}

	static String markdown(ServiceSpec spec, String actor, List<RenderedFile> files, List<Check> checks) {
		StringBuilder body = new StringBuilder();
		body.append("Adds the deployment configuration of service `")
			.append(spec.name())
			.append("` (team `")
			.append(spec.team())
			.append("`, template pack `")
			.append(spec.templatePack())
			.append("`), requested by ")
			.append(actor)
			.append(" through Slipway.\n\n");
		body.append("### Files\n\n");
		files.forEach((file) -> body.append("- `").append(file.path()).append("`\n"));
		body.append("\n### Checks\n\n| rule | status | message |\n|---|---|---|\n");
		checks.forEach((check) -> body.append("| ")
			.append(cell(check.rule()))
			.append(" | ")
			.append(check.status())
			.append(" | ")
			.append(cell(check.message()))
			.append(" |\n"));
		return body.toString();
	}

	static String plain(ServiceSpec spec, String actor, List<RenderedFile> files, List<Check> checks) {
		StringBuilder body = new StringBuilder();
		body.append("Adds the deployment configuration of service ")
			.append(spec.name())
			.append(" (team ")
			.append(spec.team())
			.append(", template pack ")
			.append(spec.templatePack())
			.append("), requested by ")
			.append(actor)
			.append(".\n\nFiles:\n");
		files.forEach((file) -> body.append("  ").append(file.path()).append('\n'));
		body.append("\nChecks:\n");
		checks.forEach((check) -> body.append("  ")
			.append(check.status())
			.append("  ")
			.append(check.rule())
			.append(": ")
			.append(check.message().replace('\n', ' '))
			.append('\n'));
		return body.toString();
	}

	// a table cell ends at a pipe or a line break
	private static String cell(String text) {
		return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
	}

}
